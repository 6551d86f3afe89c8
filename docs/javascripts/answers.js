// Open the answer a reader was sent to: a link to #q17 (index, table of contents, forum post)
// opens question 17's answer; a search result (?h=words) opens the answers holding the words,
// so Material can highlight them, and scrolls the first highlight into view.
// Runs on every page Material shows (document$), including after instant navigation.

import { onEveryPage } from "./page.js";

/** The answer block that belongs to an element: the one after a question heading, or around it. */
function answersFor(element) {
  const answers = [];
  const next = element.nextElementSibling;
  if (/^H[1-6]$/.test(element.tagName) && next && next.matches("details.answer")) answers.push(next);
  for (let parent = element.closest("details"); parent; parent = parent.parentElement.closest("details")) {
    answers.push(parent);
  }
  return answers;
}

function openAnswersOf(target) {
  if (target instanceof Element) for (const answer of answersFor(target)) answer.open = true;
}

/** The id a #fragment names, or "" for none or a malformed %-escape (#%, #q17%): ignored quietly. */
function fragmentId(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return "";
  }
}

function openLinkedAnswer() {
  const id = fragmentId(window.location.hash);
  openAnswersOf(id && document.getElementById(id));
}

/** The words of a search (?h=...), as patterns matching where a word starts, like Material's highlight. */
function searchPatterns() {
  const query = new URLSearchParams(window.location.search).get("h");
  if (!query) return [];
  return query.split(/\s+/).filter((word) => word.length > 1).map((word) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "iu"));
}

function revealSearchMatches() {
  const patterns = searchPatterns();
  if (!patterns.length) return;
  for (const answer of document.querySelectorAll("details.answer:not([open])")) {
    if (patterns.some((pattern) => pattern.test(answer.textContent))) answer.open = true;
  }
  scrollToFirstHighlight();
}

/** Material marks matches once its search index has loaded; show the first one in the target answer. */
function scrollToFirstHighlight() {
  const content = document.querySelector(".md-content");
  if (!content) return;
  const show = () => {
    const id = fragmentId(window.location.hash);
    const scope = (id && document.getElementById(id)?.nextElementSibling) || content;
    const mark = scope.querySelector("mark[data-md-highlight]") || content.querySelector("mark[data-md-highlight]");
    if (!mark) return false;
    mark.scrollIntoView({ block: "center" });
    return true;
  };
  if (show()) return;
  const observer = new MutationObserver(() => { if (show()) observer.disconnect(); });
  observer.observe(content, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 10000);
}

// Instant navigation moves the address to the new page as soon as a link is followed (Material's
// click handler calls history.pushState at once), but the old page stays on screen until the new
// one has loaded, and two of Material's timers, started by the old page's last scroll, may still
// fire and write into the (now new) history entry with history.replaceState:
// - the section tracking (feature navigation.tracking), 250 ms after the last scroll, writes the
//   old page's section as the fragment: first-cnn/#the-magic-of-convolutions instead of #q17;
// - instant navigation's scroll-offset saver, 100 ms after the last scroll, writes the old page's
//   offset as the entry's state, which Material restores on the new page: it opens 2,000 px down.
// On a slow device, or when a link is followed right after scrolling, both happen. So from a click
// on a link to another page until that page is shown (document$), and only then, replaceState is
// wrapped: a write while the address is already the new page's is dropped. Writes before the
// address moves (Material saves the old page's offset into the old entry on the click) go through.
const replaceState = History.prototype.replaceState;
let following = null;  // the path of the page a followed link leads to

function guarded(state, unused, url) {
  if (location.pathname === following) return;  // one of the old page's timers
  replaceState.call(this, state, unused, url);
}

function release() {
  following = null;
  if (history.replaceState === guarded) delete history.replaceState;  // History.prototype's again
}

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  const plain = event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
  if (!plain || !link || link.origin !== location.origin || link.pathname === location.pathname) return;
  following = link.pathname;
  history.replaceState = guarded;
}, true);

window.addEventListener("hashchange", openLinkedAnswer);
// Material's target$ emits the element a #fragment points to, also after instant navigation,
// where the address may change after document$ has emitted.
if (typeof target$ !== "undefined") target$.subscribe(openAnswersOf);
onEveryPage(() => {
  release();
  openLinkedAnswer();
  revealSearchMatches();
});
