// Study mode, progress: per question, its reviews [time, grade 1–4] and the FSRS card they lead
// to (study-scheduler.js), in localStorage under the site's root path and the format's version:
// "/fastbook-ch13/.study.v2" = {"version": 2, "questions": {"q17": {"log": […], "card": {…}}}}.
// Version 1's marks become first reviews dated now (knew it: Good, review again: Again). What
// cannot be read counts as nothing; what the browser does not keep lasts the visit, with a note.

import { storageNote } from "./study-status.js";

const VERSION = 2;
export const QUESTION_ID = /^[qr]\d+$/;  // q17, r2: the ids of the questions' headings
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
const listeners = new Set();
let memory = null;  // set once the browser did not keep a change: the progress of this visit

const time = (value) => Number.isFinite(value) && value > 0;

/** A stored question's progress, cleaned, or null if it is not one. */
function entry(value) {
  const log = value?.log;
  if (!Array.isArray(log) || !log.length || !log.every((r) => Array.isArray(r) && time(r[0]) && [1, 2, 3, 4].includes(r[1]))) return null;
  const card = value.card;
  const fine = card && time(card.due) && [1, 2, 3].includes(card.state) && Object.values(card).every(Number.isFinite);
  return { log: log.map((r) => [r[0], r[1]]).sort((x, y) => x[0] - y[0]), ...(fine && { card: { ...card } }) };
}

/** Every question's progress that can be read in a stored document. */
function clean(data) {
  const questions = {};
  for (const [id, value] of Object.entries(data?.version === VERSION && data.questions || {})) {
    if (QUESTION_ID.test(id) && entry(value)) questions[id] = entry(value);
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
    if (QUESTION_ID.test(id) && V1[mark]) questions[id] = { log: [[Date.now(), V1[mark]]] };
  }
  if (write(questions)) {
    try { window.localStorage.removeItem(OLD); } catch { /* kept as it was */ }
  }
  return questions;
}

/** Save every question's progress; false if the browser did not keep it (kept in memory then). */
function write(questions) {
  if (!memory) {
    try {
      if (Object.keys(questions).length) window.localStorage.setItem(KEY, JSON.stringify({ version: VERSION, questions }));
      else window.localStorage.removeItem(KEY);
      return true;
    } catch { /* full or blocked */ }
  }
  memory = structuredClone(questions);
  storageNote();
  return false;
}

function notify() {
  for (const listener of listeners) listener();
}

/** When a question comes back: its card's due time; a log without a card is due now. */
function dueOf(progress) {
  return progress.card ? progress.card.due : progress.log[progress.log.length - 1][0];
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
  entry, dueOf, until,
};

window.addEventListener("storage", (event) => {
  if (!memory && (event.key === KEY || event.key === null)) notify();
});
