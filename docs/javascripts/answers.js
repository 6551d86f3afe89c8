// Open the answer a reader was sent to: a link to #q17 (index, table of contents, forum post)
// opens question 17's answer; a search result (?h=words) opens the answers holding the words,
// so Material can highlight them, and scrolls the first highlight into view.
// Runs on every page Material shows (document$), including after instant navigation.
"use strict";

(() => {
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

  // Material's navigation.tracking writes the section in view into the address 250 ms after a
  // scroll. A link followed within that time (on a slow device, or right after scrolling) has
  // already moved the address to the new page, which then gets the old page's section:
  // first-cnn/#the-magic-of-convolutions instead of first-cnn/#q17, the answer closed, the page at
  // its top. So remember where a followed link points, and put that back once its page is shown.
  let followed = null;
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    followed = link && link.origin === location.origin && link.hash ? { path: link.pathname, hash: link.hash } : null;
  }, true);

  function restoreFollowedFragment() {
    const intended = followed;
    followed = null;
    if (!intended || location.pathname !== intended.path || location.hash === intended.hash) return;
    let target = null;
    try {
      target = document.getElementById(decodeURIComponent(intended.hash.slice(1)));
    } catch {
      return;  // a malformed %-escape: nothing to restore
    }
    if (!target) return;
    history.replaceState(history.state, "", intended.hash);
    openAnswersOf(target);
    target.scrollIntoView();
  }

  window.addEventListener("hashchange", openLinkedAnswer);
  // Material's target$ emits the element a #fragment points to, also after instant navigation,
  // where the address may change after document$ has emitted.
  if (typeof target$ !== "undefined") target$.subscribe(openAnswersOf);
  document$.subscribe(() => {
    restoreFollowedFragment();
    openLinkedAnswer();
    revealSearchMatches();
  });
})();
