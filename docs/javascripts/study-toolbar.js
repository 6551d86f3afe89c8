// Study mode, page tools: before a page's first question, "Reveal all" and "Hide all" answers,
// the list of keyboard shortcuts (a toggle), and how many of the page's questions were reviewed and are due.
// Drawn into the empty row the build leaves there; one click listener, registered once.

import { announce, onEveryPage, pageQuestions, store } from "./site.js";
import { HELP_ID, helpPanel, toggleHelp } from "./study-help.js";

function button(action, text, label) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "study-button";
  element.dataset.studyAction = action;
  element.textContent = text;
  if (label) element.setAttribute("aria-label", label);
  return element;
}

function fill(toolbar) {
  if (toolbar.childElementCount) return;  // already drawn
  toolbar.setAttribute("role", "group");
  toolbar.setAttribute("aria-label", "Study tools for this page");
  const help = button("help", "Shortcuts", "Keyboard shortcuts");
  help.setAttribute("aria-expanded", "false");
  help.setAttribute("aria-controls", HELP_ID);
  help.setAttribute("aria-keyshortcuts", "?");
  const count = document.createElement("span");
  count.className = "study-toolbar__count";
  toolbar.append(
    button("reveal", "Reveal all", "Reveal all answers"),
    button("hide", "Hide all", "Hide all answers"),
    help,
    count,
  );
  toolbar.after(helpPanel());
}

function render() {
  const count = document.querySelector("[data-study-toolbar] .study-toolbar__count");
  if (!count) return;
  const ids = pageQuestions().map((heading) => heading.id);
  const all = store.all();
  const reviewed = ids.filter((id) => all[id]);
  const due = reviewed.filter((id) => store.dueOf(all[id]) <= Date.now()).length;
  count.textContent = `${reviewed.length} of ${ids.length} reviewed, ${due} due`;
}

function setAll(open) {
  for (const answer of document.querySelectorAll("article details.answer")) answer.open = open;
  announce(open ? "All answers shown" : "All answers hidden");
}

document.addEventListener("click", (event) => {
  const control = event.target instanceof Element && event.target.closest("[data-study-toolbar] [data-study-action]");
  if (!control) return;
  const action = control.dataset.studyAction;
  if (action === "reveal") setAll(true);
  else if (action === "hide") setAll(false);
  else if (action === "help") toggleHelp();
});
store.subscribe(render);
onEveryPage(() => {
  for (const toolbar of document.querySelectorAll("[data-study-toolbar]")) fill(toolbar);
  render();
});
