// Study mode, the scheduler: FSRS (the pinned npm package ts-fsrs, bundled into this entry) with
// its default parameters and no fuzz, so an interval is the same wherever it is computed. An
// entry that no page loads: the site script imports it when a reader opens an answer, grades or
// reviews. Progress as study-store.js keeps it:
// {log: [[time, grade], …], card: {due, state, …}} with times in milliseconds.

import { createEmptyCard, fsrs, generatorParameters } from "ts-fsrs";
import { GRADES, announce, questionName, questions, session, store, visit } from "./site.js";

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

// ---- what the site script asks of it

/** Progress carried over from version 1 or imported without a card gets its card. */
export function fillCards() {
  const filled = withCards(store.all());
  if (filled) store.replace(filled);
}

/** Under each grade of every open answer: when it would bring the question back. */
export function labels() {
  const now = Date.now();
  for (const row of document.querySelectorAll("details[open] > .study-marks[data-study-question]")) {
    const next = outcomes(store.get(row.dataset.studyQuestion), now);
    for (const button of row.querySelectorAll("[data-study-grade]")) {
      button.querySelector(".study-when").textContent = store.until(next[button.dataset.studyGrade].card.due, now);
    }
  }
}

/** Grade a question (1 Again … 4 Easy): scheduled, kept, said; a review session goes on. */
export function grade(id, rating) {
  const now = Date.now();
  const progress = outcomes(store.get(id), now)[rating];
  const kept = store.set(id, progress);
  const when = store.until(progress.card.due, now);
  announce(`${questionName(id)}: ${GRADES[rating - 1]}, back ${when}${kept ? "" : " (kept for this visit only)"}`);
  return review(id);
}

/** The session's next question: the longest overdue, else the first new one, else null. */
function nextInSession(data, now) {
  const all = store.all();
  const due = data.questions.filter((q) => all[q.id] && store.dueOf(all[q.id]) <= now)
    .sort((a, b) => store.dueOf(all[a.id]) - store.dueOf(all[b.id]));
  return due[0] || data.questions.find((q) => !all[q.id]) || null;
}

/** Start a review session (no argument), or go on after grading its question; at its end, home says so. */
export async function review(graded) {
  const running = session();
  if (graded && (!running || running.current !== graded)) return;
  let data;
  try {
    data = await questions();
  } catch {
    announce("The list of questions could not be loaded.");
    return;
  }
  const next = nextInSession(data, Date.now());
  session(next ? { current: next.id } : { done: true });
  visit(next || { url: "", id: "study-panel-title" });
}
