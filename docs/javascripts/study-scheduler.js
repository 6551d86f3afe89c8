// Study mode, the scheduler: FSRS (the pinned npm package ts-fsrs, served by the site as
// assets/javascripts/ts-fsrs.mjs) with its default parameters and no fuzz, so an interval is
// the same wherever it is computed. An ES module that no page loads: the site script imports it
// when a reader opens an answer, grades or reviews. Progress as javascripts/study-store.js keeps
// it: {log: [[time, grade], …], card: {due, state, …}} with times in milliseconds.

import { createEmptyCard, fsrs, generatorParameters } from "../assets/javascripts/ts-fsrs.mjs";

const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
const DATES = ["due", "last_review"];

function toCard(stored) {
  const card = { ...stored };
  for (const field of DATES) card[field] = field in stored ? new Date(stored[field]) : undefined;
  return card;
}

function toStored(card) {
  const stored = {};
  for (const [field, value] of Object.entries(card)) {
    if (value instanceof Date) stored[field] = value.getTime();
    else if (typeof value === "number") stored[field] = value;
  }
  return stored;
}

/** The card a question's reviews lead to (for progress carried over or imported without one). */
export function replay(log) {
  let card = createEmptyCard(new Date(log[0][0]));
  for (const [time, grade] of log) card = scheduler.next(card, new Date(time), grade).card;
  return toStored(card);
}

/** For grades 1–4 (Again, Hard, Good, Easy) at `now`: the progress the question would then have. */
export function outcomes(progress, now) {
  const log = progress ? progress.log : [];
  const card = progress ? toCard(progress.card || replay(log)) : createEmptyCard(new Date(now));
  const preview = scheduler.repeat(card, new Date(now));
  const result = {};
  for (const grade of [1, 2, 3, 4]) {
    result[grade] = { log: [...log, [now, grade]], card: toStored(preview[grade].card) };
  }
  return result;
}

/** Every question's progress with a card; null when none was missing one. */
export function withCards(all) {
  const missing = Object.keys(all).filter((id) => !all[id].card);
  if (!missing.length) return null;
  const filled = { ...all };
  for (const id of missing) filled[id] = { log: all[id].log, card: replay(all[id].log) };
  return filled;
}
