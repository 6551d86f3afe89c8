// Study mode, progress: which questions the reader marked "I knew it" (known) or "Review again"
// (review). Kept only in this browser's localStorage, never sent anywhere, under a key named by
// the site's root path (sites share an origin on GitHub Pages) and the format's version:
// "/fastbook-ch13/.study.v1" holds {"version": 1, "marks": {"q17": "known", "r2": "review"}}.
// A later format takes a new key (and may read this one to carry progress over); a value this
// code cannot read counts as no progress. Changes made in another tab arrive by the "storage" event.
"use strict";

(() => {
  const VERSION = 1;
  const MARKS = ["known", "review"];
  const ID = /^[qr]\d+$/;

  /** The site's root URL: Material's scope, else the base in its configuration. */
  function siteRoot() {
    if (typeof __md_scope !== "undefined") return new URL(__md_scope);
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(`${base.replace(/\/$/, "")}/`, window.location.href);
  }

  const root = siteRoot();
  const KEY = `${root.pathname}.study.v${VERSION}`;
  const listeners = new Set();
  let memory = {};  // used when localStorage is blocked: progress lasts until the page is closed

  function read() {
    let data;
    try {
      data = JSON.parse(window.localStorage.getItem(KEY));
    } catch {
      return { ...memory };
    }
    const marks = {};
    if (data && data.version === VERSION && data.marks && typeof data.marks === "object") {
      for (const [id, mark] of Object.entries(data.marks)) {
        if (ID.test(id) && MARKS.includes(mark)) marks[id] = mark;
      }
    }
    return marks;
  }

  function write(marks) {
    memory = marks;
    try {
      if (Object.keys(marks).length) window.localStorage.setItem(KEY, JSON.stringify({ version: VERSION, marks }));
      else window.localStorage.removeItem(KEY);
    } catch { /* full or blocked: keep it in memory */ }
  }

  function notify() {
    for (const listener of listeners) listener();
  }

  const store = {
    key: KEY,
    marks: read,
    get: (id) => read()[id] || null,
    /** Set a question's mark ("known", "review"), or remove it (null). */
    set(id, mark) {
      const marks = read();
      if (MARKS.includes(mark)) marks[id] = mark;
      else delete marks[id];
      write(marks);
      notify();
    },
    clear() {
      write({});
      notify();
    },
    /** Call `listener` after every change; register once per script, not per page. */
    subscribe(listener) {
      listeners.add(listener);
    },
  };

  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) notify();
  });
  window.study = Object.assign(window.study || {}, { root, store });
})();
