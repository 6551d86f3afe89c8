// Study mode, questions: the list of questions (questions.json), those of the page shown, going
// to one with its answer closed, the scheduler and the home panel loaded on demand, a status line
// for screen readers, the note shown when progress is not kept. What a page change carries is
// kept in memory and in sessionStorage, so it works where storage is blocked.
"use strict";

(() => {
  const { root } = window.study;
  const CLOSED = `${root.pathname}.study.closed`;  // the question to show with its answer closed
  const SESSION = `${root.pathname}.study.session`;  // the review session: {current: "q17"}
  const QUESTION = /^[qr]\d+$/;
  const carried = {};
  let manifest = null;
  let scheduler = null;

  /** Kept in memory (instant navigation keeps it) and in sessionStorage (for a reload): carry(key) reads, carry(key, value) writes. */
  function carry(key, ...value) {
    try {
      if (value.length) window.sessionStorage.setItem(key, JSON.stringify(value[0]));
      else if (!(key in carried)) carried[key] = JSON.parse(window.sessionStorage.getItem(key));
    } catch { /* memory only */ }
    if (value.length) [carried[key]] = value;
    return carried[key] ?? null;
  }

  /** The scheduler (javascripts/study-scheduler.js, and the FSRS module it imports), loaded when needed. */
  function loadScheduler() {
    scheduler ??= import(new URL("javascripts/study-scheduler.js", root).href).catch((error) => {
      scheduler = null;
      throw error;
    });
    return scheduler;
  }

  /** The manifest, fetched once (relative to the site root, which may be a sub-path). */
  function questions() {
    manifest ??= fetch(new URL("questions.json", root))
      .then((response) => {
        if (!response.ok) throw new Error(`questions.json: HTTP ${response.status}`);
        return response.json();
      })
      .catch((error) => {
        manifest = null;  // try again next time
        throw error;
      });
    return manifest;
  }

  /** "question 17", "further research question 2" or "drill 3". */
  function questionName(id) {
    return `${{ r: "further research question", d: "drill" }[id[0]] || "question"} ${id.slice(1)}`;
  }

  /** The question headings of the page shown, in page order. */
  function pageQuestions() {
    return [...document.querySelectorAll("article h2[id]")].filter((heading) => QUESTION.test(heading.id));
  }

  function answerOf(heading) {
    const next = heading && heading.nextElementSibling;
    return next && next.matches("details.answer") ? next : null;
  }

  /** Make a question the current one: focused (so screen readers read it), scrolled to, marked. */
  function focusQuestion(heading) {
    for (const other of document.querySelectorAll(".study-current")) other.classList.remove("study-current");
    heading.classList.add("study-current");
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }

  /** Show a question with its answer closed: on this page at once, else by Material's instant navigation. */
  function visit(record) {
    const target = new URL(`${record.url}#${record.id}`, root);
    const here = new URL(window.location.href);
    const heading = target.pathname === here.pathname && document.getElementById(record.id);
    if (heading) {
      const answer = answerOf(heading);
      if (answer) answer.open = false;
      focusQuestion(heading);
      return;
    }
    carry(CLOSED, { id: record.id, path: target.pathname });
    const link = document.createElement("a");
    link.href = target.href;
    document.body.append(link);
    link.click();  // as Material itself navigates: an instant page change when it is on
    link.remove();
  }

  /** Arriving from visit(): close the answer the link would open (answers.js ran first) and focus it.
   *  Matched by path, not hash: Material may show the page before the address has its #fragment. */
  function arrive() {
    const pending = carry(CLOSED);
    carry(CLOSED, null);
    const heading = pending && pending.path === window.location.pathname && document.getElementById(pending.id);
    if (!heading) return;
    const answer = answerOf(heading);
    if (answer) answer.open = false;
    focusQuestion(heading);
  }

  /** Say something to screen readers (and show nothing): one polite status region for the site. */
  function announce(message) {
    let region = document.getElementById("study-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "study-status";
      region.className = "md-visually-hidden";
      region.setAttribute("role", "status");
      document.body.append(region);
    }
    region.textContent = "";
    setTimeout(() => { region.textContent = message; }, 50);  // a repeated message is read again
  }

  /** Say, visibly and politely, once per visit, that progress lasts only until the site is left. */
  function storageNote() {
    if (document.getElementById("study-storage-note")) return;
    const note = Object.assign(document.createElement("p"), { id: "study-storage-note", textContent: "Your progress is not kept in this browser (storage full or blocked): it lasts until you leave the site." });
    note.setAttribute("role", "status");
    document.body.append(note);
  }

  /** The review session: {current: id} while it runs, {done: true} once finished; session(null) ends it. */
  const session = (...value) => carry(SESSION, ...value);

  Object.assign(window.study, { questions, questionName, pageQuestions, answerOf, focusQuestion, visit, announce, loadScheduler, session, storageNote });
  document$.subscribe(() => {
    arrive();
    // the home page's panel: its code (javascripts/study-home.js) is loaded there only
    if (document.querySelector("[data-study-panel]")) import(new URL("javascripts/study-home.js", root).href).catch(() => {});
  });
})();
