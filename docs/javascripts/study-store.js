// Study mode, progress: each question's reviews (time, grade 1 Again … 4 Easy) and the FSRS card
// they lead to (due time and state, written by javascripts/study-scheduler.js). Kept only in this
// browser's localStorage, never sent anywhere, under a key named by the site's root path (sites
// share an origin on GitHub Pages) and the format's version: "/fastbook-ch13/.study.v2" holds
// {"version": 2, "questions": {"q17": {"log": [[1767261600000, 3]], "card": {"due": …, "state": 1, …}}}}.
// Version 1's marks are carried over once as first reviews dated now (knew it: Good, review
// again: Again); a card is made from the log when the scheduler next loads. What this code cannot
// read counts as no progress. When the browser refuses to keep it (storage full or blocked),
// progress lives in memory for the visit and study.storageNote() says so.
"use strict";

(() => {
  const VERSION = 2;
  const ID = /^[qr]\d+$/;
  const V1 = { known: 3, review: 1 };
  const DAY = 864e5;

  /** The site's root URL: Material's scope, else the base in its configuration. */
  function siteRoot() {
    if (typeof __md_scope !== "undefined") return new URL(__md_scope);
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(`${base.replace(/\/$/, "")}/`, window.location.href);
  }

  const root = siteRoot();
  const KEY = `${root.pathname}.study.v${VERSION}`;
  const OLD = `${root.pathname}.study.v1`;
  const listeners = new Set();
  let memory = null;  // set once the browser did not keep a change: the progress of this visit

  const time = (value) => Number.isFinite(value) && value > 0;

  /** A stored question's progress, cleaned, or null if it is not one. */
  function entry(value) {
    if (!value || !Array.isArray(value.log) || !value.log.length) return null;
    const log = [];
    for (const review of value.log) {
      if (!Array.isArray(review) || !time(review[0]) || ![1, 2, 3, 4].includes(review[1])) return null;
      log.push([review[0], review[1]]);
    }
    log.sort((a, b) => a[0] - b[0]);
    const card = value.card;
    const fine = card && typeof card === "object" && time(card.due) && [1, 2, 3].includes(card.state)
      && Object.values(card).every((field) => typeof field === "number" && Number.isFinite(field));
    return fine ? { log, card: { ...card } } : { log };
  }

  /** Every question's progress in a stored document; `strict`: null if any part is wrong. */
  function clean(data, strict) {
    const questions = {};
    if (!data || data.version !== VERSION || !data.questions || typeof data.questions !== "object") return strict ? null : questions;
    for (const [id, value] of Object.entries(data.questions)) {
      const kept = ID.test(id) && entry(value);
      if (kept) questions[id] = kept;
      else if (strict) return null;
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
      if (text !== null) return clean(JSON.parse(text), false);
      return old ? migrate(JSON.parse(old)) : {};
    } catch {
      return {};
    }
  }

  /** Version 1's marks as first reviews, dated now; saved at once, and version 1 removed. */
  function migrate(data) {
    const questions = {};
    const now = Date.now();
    if (data && data.version === 1 && data.marks && typeof data.marks === "object") {
      for (const [id, mark] of Object.entries(data.marks)) {
        if (ID.test(id) && V1[mark]) questions[id] = { log: [[now, V1[mark]]] };
      }
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
    window.study.storageNote?.();
    return false;
  }

  function notify() {
    for (const listener of listeners) listener();
  }

  /** Where a question is: "new", "learning" (in its first steps or relearning) or "review". */
  function stateOf(progress) {
    if (!progress) return "new";
    return progress.card && progress.card.state === 2 ? "review" : "learning";
  }

  /** When a question comes back: its card's due time; a log without a card is due now. */
  function dueOf(progress) {
    return progress.card ? progress.card.due : progress.log[progress.log.length - 1][0];
  }

  function endOfToday(now) {
    const end = new Date(now);
    end.setHours(24, 0, 0, 0);
    return end.getTime();
  }

  /** "now", "in 10 min", "in 5 h", "in 1 day", "in 3 months"… */
  function until(due, now) {
    const wait = due - now;
    if (wait < 6e4) return "now";
    const [count, unit] = wait < 36e5 ? [wait / 6e4, "min"] : wait < DAY ? [wait / 36e5, "h"]
      : wait < 30 * DAY ? [wait / DAY, "day"] : wait < 365 * DAY ? [wait / (30 * DAY), "month"] : [wait / (365 * DAY), "year"];
    const n = Math.round(count);
    return `in ${n} ${unit}${n > 1 && unit.length > 2 ? "s" : ""}`;
  }

  const store = {
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
    clean, stateOf, dueOf, endOfToday, until,
  };

  window.addEventListener("storage", (event) => {
    if (!memory && (event.key === KEY || event.key === null)) notify();
  });
  window.study = Object.assign(window.study || {}, { root, store });
})();
