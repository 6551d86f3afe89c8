// Study mode, grades: Again, Hard, Good, Easy (keys 1–4) in the row the build leaves in every
// answer, each saying when the question comes back; beside "Answer", when it is due. The scheduler
// loads when a reader opens an answer, points at the grades or grades, never on a page's load.

import { GRADES, announce, loadScheduler, onEveryPage, questionName, store } from "./site.js";

function fill(row) {
  if (row.childElementCount) return;  // already drawn: document$ may run again on the same page
  const id = row.dataset.studyQuestion;
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", `Grade your answer to ${questionName(id)}`);
  GRADES.forEach((name, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "study-button study-grade";
    button.dataset.studyGrade = String(index + 1);
    button.setAttribute("aria-keyshortcuts", String(index + 1));
    const when = document.createElement("span");
    when.className = "study-when";
    when.id = `${id}-when-${index + 1}`;
    when.setAttribute("aria-hidden", "true");  // the button's description, not its name
    button.setAttribute("aria-describedby", when.id);
    const hint = document.createElement("kbd");
    hint.className = "study-key";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = String(index + 1);
    button.append(name, hint, when);
    row.append(button);
  });
  const summary = row.closest("details")?.querySelector(":scope > summary");
  if (summary && !summary.querySelector(".study-badge")) {
    const badge = document.createElement("span");
    badge.className = "study-badge";
    summary.append(badge);
  }
}

/** Each question's badge: nothing while new (or while its card is being made), else when it comes back. */
function render() {
  const all = store.all();
  const now = Date.now();
  // progress without a card (carried over from version 1, imported or written by another tab without
  // one): the scheduler makes them, and the change comes back here
  if (Object.values(all).some((progress) => !progress.card)) load().catch(() => {});
  for (const row of document.querySelectorAll(".study-marks[data-study-question]")) {
    const progress = all[row.dataset.studyQuestion];
    const details = row.closest("details");
    const badge = details?.querySelector(":scope > summary > .study-badge");
    if (!badge) continue;
    const known = progress && Number.isFinite(store.dueOf(progress));
    const due = known && store.dueOf(progress) <= now;
    details.dataset.studyMark = known ? (due ? "due" : "later") : "";
    badge.textContent = known ? (due ? "Due" : `Back ${store.until(store.dueOf(progress), now)}`) : "";
  }
  labels();
}

let scheduler = null;  // the module, once loaded
const labels = () => scheduler?.labels();

/** The scheduler, loaded; it rejects only when its file could not be loaded. */
function load() {
  return loadScheduler().then((module) => {
    scheduler = module;
    try {
      module.fillCards();
      labels();
    } catch (error) {
      console.error("study mode:", error);  // a question that cannot be scheduled says so itself
    }
    return module;
  });
}

/** Grade a question (1 Again … 4 Easy), with the scheduler (loaded first if need be). */
export function grade(id, rating) {
  load().then((module) => module.grade(id, rating), () => {
    announce(`${questionName(id)}: not graded, the scheduler could not be loaded.`);
  });
}

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const button = target?.closest(".study-marks [data-study-grade]");
  if (button) grade(button.closest("[data-study-question]").dataset.studyQuestion, Number(button.dataset.studyGrade));
  else if (!scheduler && target?.closest("details.answer > summary")) load().catch(() => {});  // the reader opens an answer
});
document.addEventListener("toggle", (event) => { if (event.target.open) labels(); }, true);
for (const type of ["pointerover", "focusin"]) {
  document.addEventListener(type, (event) => {
    if (!scheduler && event.target instanceof Element && event.target.closest(".study-marks")) load().catch(() => {});
  });
}
store.subscribe(render);
onEveryPage(() => {
  for (const row of document.querySelectorAll(".study-marks[data-study-question]")) fill(row);
  render();
});
/** Load the scheduler for the grades of an answer just opened (its labels say when each brings it back). */
export const loadGrades = () => load().catch(() => {});
