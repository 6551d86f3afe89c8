// Study mode, progress: per question, its reviews [time, grade 1–4] and the FSRS card they lead
// to (study-scheduler.js), in localStorage under the site's root path and the format's version:
// "/fastbook-ch13/.study.v2" = {"version": 2, "questions": {"q17": {"log": […], "card": {…}}}}.
// Version 1's marks become first reviews dated now (knew it: Good, review again: Again). What
// cannot be read counts as nothing, an id that is not a question (study-ids.js) is dropped, and a
// review dated later than now (a clock that was ahead) counts as made now. What the browser does
// not keep lasts the visit, with a note, kept so a full page load finds it (study-visit.js);
// every later change tries localStorage again.

import { isItem } from "./study-ids.js";
import { storageNote } from "./study-status.js";
import { visitGet, visitSet } from "./study-visit.js";

const VERSION = 2;
const V1 = { known: 3, review: 1 };
const DAY = 864e5;

/** The site's root URL: Material's scope, else the base in its configuration. */
function siteRoot() {
  if (typeof __md_scope !== "undefined") return new URL(__md_scope);
  const config = document.getElementById("__config");
  const base = config ? JSON.parse(config.textContent).base : ".";
  return new URL(`${base.replace(/\/$/, "")}/`, window.location.href);
}

export const root = siteRoot();
const KEY = `${root.pathname}.study.v${VERSION}`;
const OLD = `${root.pathname}.study.v1`;
const VISIT = `${root.pathname}.study.visit`;  // the progress of this visit, while localStorage does not keep it
const MAX_INTERVAL = 36500 * DAY;  // FSRS's longest interval: a card due later is not one of its cards
const time = (value) => Number.isFinite(value) && value > 0;
const listeners = new Set();
let memory = visitCopy();  // set while the browser does not keep the changes: the progress of this visit

/** A stored question's progress, cleaned, or null if it is not one. Reviews are kept in time
 *  order; one dated after `now` counts as made now, and then the card is made again from them. */
function entry(value, now = Date.now()) {
  const log = value?.log;
  if (!Array.isArray(log) || !log.length || !log.every((r) => Array.isArray(r) && time(r[0]) && [1, 2, 3, 4].includes(r[1]))) return null;
  const clamped = log.some((r) => r[0] > now);
  const card = value.card;
  // a card FSRS could not go on from (its memory state out of range, due beyond its longest
  // interval, reviewed after now) is made again from the log
  const fine = !clamped && card && time(card.due) && [1, 2, 3].includes(card.state) && Object.values(card).every(Number.isFinite)
    && card.stability > 0 && card.difficulty >= 1 && card.difficulty <= 10
    && card.due <= now + MAX_INTERVAL && !(card.last_review > now);
  return { log: log.map((r) => [Math.min(r[0], now), r[1]]).sort((x, y) => x[0] - y[0]), ...(fine && { card: { ...card } }) };
}

/** The latest review time in a question's progress (its log is in time order). */
function lastReview(progress) {
  return progress.log[progress.log.length - 1][0];
}

/** Every question's progress that can be read in a stored document. */
function clean(data) {
  const questions = {};
  for (const [id, value] of Object.entries(data?.version === VERSION && data.questions || {})) {
    const progress = isItem(id) && entry(value);
    if (progress) questions[id] = progress;
  }
  return questions;
}

function read() {
  if (memory) return structuredClone(memory);
  let text;
  let old;
  try {
    text = window.localStorage.getItem(KEY);
    old = text === null && window.localStorage.getItem(OLD);
  } catch {
    memory = {};  // blocked: nothing to read, nothing will be kept
    return {};
  }
  try {
    if (text !== null) return clean(JSON.parse(text));
    return old ? migrate(JSON.parse(old)) : {};
  } catch {
    return {};
  }
}

/** Version 1's marks as first reviews, dated now; saved at once, and version 1 removed. */
function migrate(data) {
  const questions = {};
  for (const [id, mark] of Object.entries(data?.version === 1 && data.marks || {})) {
    if (isItem(id) && V1[mark]) questions[id] = { log: [[Date.now(), V1[mark]]] };
  }
  if (write(questions)) {
    try { window.localStorage.removeItem(OLD); } catch { /* kept as it was */ }
  }
  return questions;
}

/** Save every question's progress; false if the browser did not keep it (kept for the visit then).
 *  Storage is tried on every change, so a write that failed once (storage full) is retried. */
function write(questions) {
  try {
    if (Object.keys(questions).length) window.localStorage.setItem(KEY, JSON.stringify({ version: VERSION, questions }));
    else window.localStorage.removeItem(KEY);
    if (memory) keepForVisit(null);
    memory = null;
    return true;
  } catch { /* full or blocked */ }
  memory = structuredClone(questions);
  keepForVisit(memory);
  storageNote();
  return false;
}

/** This visit's progress kept where a full page load finds it again (or removed: null). */
function keepForVisit(questions) {
  visitSet(VISIT, questions);
}

/** The progress a page of this visit kept because the browser did not keep it, or null. */
function visitCopy() {
  const questions = visitGet(VISIT);
  return questions && typeof questions === "object" ? clean({ version: VERSION, questions }) : null;
}

function notify() {
  for (const listener of listeners) listener();
}

/** When a question comes back: its card's due time. A log without a card (carried over from
 *  version 1, imported without one) is not due until the scheduler has made its card. */
function dueOf(progress) {
  return progress.card ? progress.card.due : Infinity;
}

/** "now", "in 10 min", "in 5 h", "in 1 day", "in 3 months"… */
function until(due, now) {
  const wait = due - now;
  if (wait < 3e4) return "now";
  const [size, unit] = [[DAY * 365, "year"], [DAY * 30, "month"], [DAY, "day"], [36e5, "h"], [0, "min"]].find(([size]) => wait >= size);
  const n = Math.max(1, Math.round(wait / (size || 6e4)));
  return `in ${n} ${unit}${n > 1 && size >= DAY ? "s" : ""}`;
}

export const store = {
  key: KEY,
  all: read,
  get: (id) => read()[id] || null,
  /** Keep one question's progress (or remove it: null); false if only for this visit. */
  set(id, progress) {
    const questions = read();
    if (progress) questions[id] = progress;
    else delete questions[id];
    const kept = write(questions);
    notify();
    return kept;
  },
  /** Replace every question's progress (import, reset, cards made from logs). */
  replace(questions) {
    const kept = write(questions);
    notify();
    return kept;
  },
  clear() {
    try { window.localStorage.removeItem(OLD); } catch { /* blocked */ }
    return store.replace({});
  },
  /** Call `listener` after every change; register once per script, not per page. */
  subscribe(listener) {
    listeners.add(listener);
  },
  entry, dueOf, until, lastReview,
};

window.addEventListener("storage", (event) => {
  if (!memory && (event.key === KEY || event.key === null)) notify();
});
