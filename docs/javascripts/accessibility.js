// Accessibility fixes checked by axe-core in the tests:
// - each code block's button bar is a <nav>, so a page with several code blocks has several
//   unnamed navigation landmarks: a bar of copy buttons is not navigation, so drop the role;
// - a wide formula or table that scrolls sideways (on a phone) must be reachable by keyboard.
// Runs on every page Material shows, on resize, when an answer opens and when fonts arrive;
// each step is safe to repeat.

import { onEveryPage } from "./page.js";

function makeScrollablesFocusable() {
  for (const region of document.querySelectorAll(".md-typeset div.arithmatex, .md-typeset__scrollwrap")) {
    if (region.closest("details:not([open])")) continue;  // measuring it would lay out (and fetch fonts for) a closed answer
    const scrolls = region.scrollWidth > region.clientWidth;
    if (scrolls && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", region.matches(".arithmatex") ? "Formula, scrolls sideways" : "Table, scrolls sideways");
    } else if (!scrolls && region.getAttribute("tabindex") === "0") {
      for (const name of ["tabindex", "role", "aria-label"]) region.removeAttribute(name);
    }
  }
}

onEveryPage(() => {
  for (const bar of document.querySelectorAll("nav.md-code__nav:not([role])")) bar.setAttribute("role", "none");
  makeScrollablesFocusable();
});

let pending = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(makeScrollablesFocusable);
});
document.addEventListener("toggle", makeScrollablesFocusable, true);  // an answer opened
document.fonts.addEventListener("loadingdone", makeScrollablesFocusable);  // KaTeX fonts widen formulas
