// Study mode, questions: the site's list of questions (questions.json, written at build time),
// the questions on the page shown, going to one with its answer closed, and a status line for
// screen readers. Used by the other study-*.js files through window.study.
"use strict";

(() => {
  const { root } = window.study;
  const CLOSED = `${root.pathname}.study.closed`;  // sessionStorage: the question to show with its answer closed
  const QUESTION = /^[qr]\d+$/;
  let manifest = null;

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

  /** "question 17" or "further research question 2". */
  function questionName(id) {
    return `${id[0] === "r" ? "further research question" : "question"} ${id.slice(1)}`;
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
    try {
      window.sessionStorage.setItem(CLOSED, JSON.stringify({ id: record.id, path: target.pathname }));
    } catch { /* the answer may show open */ }
    const link = document.createElement("a");
    link.href = target.href;
    document.body.append(link);
    link.click();  // as Material itself navigates: an instant page change when it is on
    link.remove();
  }

  /** Arriving from visit(): close the answer the link would open (answers.js ran first) and focus it.
   *  Matched by path, not hash: Material may show the page before the address has its #fragment. */
  function arrive() {
    let pending = null;
    try {
      pending = JSON.parse(window.sessionStorage.getItem(CLOSED));
      window.sessionStorage.removeItem(CLOSED);
    } catch { return; }
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

  Object.assign(window.study, { questions, questionName, pageQuestions, answerOf, focusQuestion, visit, announce });
  document$.subscribe(arrive);
})();
