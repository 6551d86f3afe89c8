// Study mode, questions: the list of questions (questions.json), those of the page shown, going
// to one with its answer closed, the scheduler loaded on demand and the home page's panel loaded
// there only. What a page change carries is kept in memory and for the visit (study-visit.js), so
// it works where storage is blocked, with or without instant navigation.

import { onEveryPage } from "./page.js";
import { isQuestion } from "./study-ids.js";
import { visitGet, visitSet } from "./study-visit.js";

export { questionName } from "./study-ids.js";
import { root } from "./study-store.js";

const CLOSED = `${root.pathname}.study.closed`;  // the question to show with its answer closed
const SESSION = `${root.pathname}.study.session`;  // the review session: {current: "q17"}
const carried = {};
let manifest = null;
let scheduler = null;

/** Kept in memory (instant navigation keeps it) and for the visit (study-visit.js: a reload, or a
 *  page change where instant navigation is off): carry(key) reads, carry(key, value) writes. */
function carry(key, ...value) {
  if (value.length) visitSet(key, value[0]);
  else if (!(key in carried)) carried[key] = visitGet(key);
  if (value.length) [carried[key]] = value;
  return carried[key] ?? null;
}

/** The scheduler (study-scheduler.js, the FSRS module with ts-fsrs in it), loaded when needed. */
export function loadScheduler() {
  scheduler ??= import("./study-scheduler.js").catch((error) => {
    scheduler = null;
    throw error;
  });
  return scheduler;
}

/** The manifest, fetched once (relative to the site root, which may be a sub-path). */
export function questions() {
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


/** The question headings of the page shown, in page order. */
export function pageQuestions() {
  return [...document.querySelectorAll("article h2[id]")].filter((heading) => isQuestion(heading.id));
}

export function answerOf(heading) {
  const next = heading && heading.nextElementSibling;
  return next && next.matches("details.answer") ? next : null;
}

const GAP = 4;  // px between the header and a question scrolled to

/** Make a question the current one: focused (so screen readers read it), scrolled to, marked, and
 *  the address and the table of contents on it. Material's section tracking makes a heading the
 *  current section once it is scrolled past the header less a part of the page's top margin: so
 *  the heading is placed just below the header (GAP), where Material agrees, and the address is
 *  set at once, since Material writes it only after a scroll. */
export function focusQuestion(heading) {
  for (const other of document.querySelectorAll(".study-current")) other.classList.remove("study-current");
  heading.classList.add("study-current");
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  const below = document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
  window.scrollTo({ top: window.scrollY + heading.getBoundingClientRect().top - Math.max(below, 0) - GAP, behavior: "instant" });
  const address = new URL(window.location.href);
  address.hash = heading.id;
  if (address.href !== window.location.href) history.replaceState(history.state, "", address.href);
}

/** Show a question with its answer closed: on this page at once, else by Material's instant navigation. */
export function visit(record) {
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

/** The review session: {current: id} while it runs, {done: true} once finished; session(null) ends it. */
export const session = (...value) => carry(SESSION, ...value);

onEveryPage(() => {
  arrive();
  // the grades, badges, page tools and keys (study-page.js) on the pages with questions only
  if (document.querySelector(".study-marks, [data-study-toolbar]")) import("./study-page.js").catch(() => {});
  // the home page's panel: its code (study-home.js) is loaded there only
  if (document.querySelector("[data-study-panel]")) import("./study-home.js").catch(() => {});
});
