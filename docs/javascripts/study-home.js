// Study mode, home page: "Due today: N", a review session (due questions first, then new ones,
// across pages), per section how many questions are new, learning and due (from the sections the
// build writes into the panel, so no other page or file is read), export and import of the progress as a JSON file (merged per
// question: the later review history wins), and "Reset progress" after a confirmation. Drawn into
// the panel the build leaves on the home page, whose height the stylesheet reserves.
// An entry of its own that the site script imports on the home page only; it runs once, and its
// listeners act on whichever page is shown.

import { element, isItem, loadScheduler, onEveryPage, questions, root, session, store } from "./site.js";

const FORMAT = "fastbook-ch13-study-progress";
// An exported file holds a few kB per question, even after years of daily reviews (about 20 bytes
// a review): a larger file is not one of ours, and would not fit in the browser's storage anyway.
const MAX_BYTES = 2 * 1024 * 1024;
const CLOCK_SLACK = 5 * 60 * 1000;  // another device's clock may run a little ahead of this one
let data = null;  // the panel's sections and their question ids

function button(action, text, primary) {
  const node = element("button", `study-button${primary ? " study-button--primary" : ""}`, text);
  node.type = "button";
  node.dataset.studyHome = action;
  return node;
}

function build(panel, manifest) {
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-labelledby", "study-panel-title");
  const title = element("h2", "study-panel__title", "Your progress");
  title.id = "study-panel-title";
  title.tabIndex = -1;
  const total = element("div", "study-panel__total");
  total.append(element("p", "study-panel__due"), button("review", "Start review", true));
  const table = element("table", "study-panel__sections");
  const head = table.createTHead().insertRow();
  for (const name of ["Section", "New", "Learning", "Due"]) {
    const cell = element("th", "", name);
    cell.scope = "col";
    head.append(cell);
  }
  head.append(element("td"));
  const body = table.createTBody();
  for (const section of manifest.sections) {
    const row = body.insertRow();
    row.dataset.studySection = section.url;
    const name = element("th");
    name.scope = "row";
    const link = element("a", "study-panel__name", section.title);
    link.href = new URL(section.url, root).href;
    name.append(link);
    row.append(name);
    for (const count of ["new", "learning", "due"]) row.insertCell().className = `study-panel__count study-panel__count--${count}`;
    const bar = element("div", "study-bar");
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-label", `${section.title}: reviewed`);
    bar.setAttribute("aria-valuemin", "0");
    row.insertCell().append(bar);
  }
  const actions = element("div", "study-panel__actions");
  const file = element("input");
  file.type = "file";
  file.accept = "application/json,.json";
  file.hidden = true;
  file.dataset.studyImport = "";
  actions.append(button("export", "Export progress"), button("import", "Import progress"), file, button("reset", "Reset progress"));
  const status = element("p", "study-panel__status");
  status.setAttribute("role", "status");
  panel.append(title, total, table, actions, status);
}

function endOfToday(now) {
  const end = new Date(now);
  end.setHours(24, 0, 0, 0);
  return end.getTime();
}

/** Where a question is: "new", "learning" (first steps or relearning) or "review". */
function stateOf(progress) {
  if (!progress) return "new";
  return progress.card && progress.card.state === 2 ? "review" : "learning";
}

/** Counts of a list of question ids: new, learning, in review, due (by the end of today). */
function counts(ids, all, now) {
  const end = endOfToday(now);
  const result = { new: 0, learning: 0, due: 0, review: 0 };
  for (const id of ids) {
    result[stateOf(all[id])] += 1;
    if (all[id] && store.dueOf(all[id]) < end) result.due += 1;
  }
  return result;
}

function render() {
  const panel = document.querySelector("[data-study-panel]");
  if (!panel || !data || !panel.childElementCount) return;
  const all = store.all();
  const now = Date.now();
  const overall = counts(data.questions.map((q) => q.id), all, now);
  panel.querySelector(".study-panel__due").textContent = `Due today: ${overall.due}`;
  panel.querySelector(".study-panel__due").title = `${overall.new} new, ${overall.learning} learning, ${overall.review} in review`;
  for (const row of panel.querySelectorAll("[data-study-section]")) {
    const ids = data.sections.find((section) => section.url === row.dataset.studySection)?.questions || [];
    const count = counts(ids, all, now);
    for (const name of ["new", "learning", "due"]) row.querySelector(`.study-panel__count--${name}`).textContent = String(count[name]);
    const bar = row.querySelector(".study-bar");
    const reviewed = ids.length - count.new;
    bar.setAttribute("aria-valuemax", String(ids.length));
    bar.setAttribute("aria-valuenow", String(reviewed));
    bar.setAttribute("aria-valuetext", `${reviewed} of ${ids.length} reviewed: ${count.new} new, ${count.learning} learning, ${count.due} due today`);
    bar.style.setProperty("--known", `${ids.length ? (100 * count.review) / ids.length : 0}%`);
    bar.style.setProperty("--review", `${ids.length ? (100 * count.learning) / ids.length : 0}%`);
  }
}

function say(message) {
  const status = document.querySelector("[data-study-panel] .study-panel__status");
  if (status) status.textContent = message;
}

function exportProgress() {
  const questions = store.all();
  const count = Object.keys(questions).length;
  if (!count) {
    say("There is no progress to export yet.");
    return;
  }
  const exported = new Date();
  const blob = new Blob([JSON.stringify({ format: FORMAT, version: 2, exported: exported.toISOString(), questions }, null, 1)], { type: "application/json" });
  const link = element("a");
  link.href = URL.createObjectURL(blob);
  link.download = `study-progress-${exported.toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  say(`Exported the progress of ${count} question${count === 1 ? "" : "s"} to ${link.download}.`);
}

/** Per question, the progress whose last review is later wins. */
function merge(mine, theirs) {
  const merged = { ...mine };
  let changed = 0;
  const last = store.lastReview;
  for (const [id, progress] of Object.entries(theirs)) {
    if (mine[id] && last(mine[id]) >= last(progress)) continue;
    merged[id] = progress;
    changed += 1;
  }
  return [merged, changed];
}

const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** Read an exported file: {questions, unknown, future}, or null if it is not one. Ids that are
 *  not questions of this site are left out and counted, and so are questions with a review dated
 *  in the future (a clock set ahead): a wrong part never costs the rest. */
function readExport(text, now) {
  const parsed = JSON.parse(text);
  if (!parsed || parsed.format !== FORMAT || parsed.version !== 2 || !parsed.questions || typeof parsed.questions !== "object") return null;
  const result = { questions: {}, unknown: 0, future: 0 };
  for (const [id, value] of Object.entries(parsed.questions)) {
    if (!isItem(id)) {
      result.unknown += 1;
      continue;
    }
    if (!store.entry(value, Infinity)) return null;  // damaged: the whole file is suspect
    if (value.log.some((review) => review[0] > now + CLOCK_SLACK)) {
      result.future += 1;
      continue;
    }
    result.questions[id] = store.entry(value, now);
  }
  return result;
}

async function importProgress(file) {
  const wrong = `${file.name} is not a progress file exported from this site, or it is damaged: nothing was changed.`;
  if (file.size > MAX_BYTES) {
    say(`${file.name} is too large (${(file.size / 1048576).toFixed(1)} MB) to be a progress file exported from this site, which stays under ${MAX_BYTES / 1048576} MB: nothing was changed.`);
    return;
  }
  let read;
  try {
    read = readExport(await file.text(), Date.now());
  } catch {
    read = null;  // not JSON
  }
  if (!read) {
    say(wrong);
    return;
  }
  const { questions, unknown, future } = read;
  const total = Object.keys(questions).length;
  const [merged, changed] = merge(store.all(), questions);
  const kept = changed ? store.replace(merged) : true;
  const left = [
    unknown && `${plural(unknown, "entry", "entries")} for no question of this site`,
    future && `${plural(future, "question")} with a review dated in the future (is a clock wrong?)`,
  ].filter(Boolean);
  say(`Imported ${file.name}: ${changed} of ${plural(total, "question")} updated, the others were as recent here.`
    + `${left.length ? ` Left out: ${left.join(", and ")}.` : ""}${kept ? "" : " This browser keeps them for this visit only."}`);
}

function reset() {
  const count = Object.keys(store.all()).length;
  if (!count) {
    say("There is no progress to reset.");
    return;
  }
  if (!window.confirm(`Reset your progress? This removes the reviews of ${count} question${count === 1 ? "" : "s"} from this browser.`)) return;
  store.clear();
  say("Progress reset.");
}

/** The panel's sections (title, url, question ids): written into the panel at build time, so the
 *  home page does not fetch the manifest (questions.json) to draw it; the manifest if they are not. */
async function sectionsOf(panel) {
  if (!panel.dataset.studySections) return questions();
  const sections = JSON.parse(panel.dataset.studySections);
  return { sections, questions: sections.flatMap((section) => section.questions.map((id) => ({ id }))) };
}

async function show() {
  const panel = document.querySelector("[data-study-panel]");
  if (!panel) return;
  try {
    data = await sectionsOf(panel);
  } catch {
    if (!panel.childElementCount) panel.append(element("p", "study-panel__status", "Progress could not be loaded: the list of questions is missing."));
    return;
  }
  if (panel.isConnected && !panel.childElementCount) build(panel, data);
  render();
  finish();
}

/** Back from a review session that ran out of questions (or found none): say so. */
function finish() {
  if (!session()?.done) return;
  session(null);
  const left = Object.values(store.all()).filter((progress) => store.dueOf(progress) < endOfToday(Date.now())).length;
  say(left ? `Review done for now: ${left} question${left === 1 ? " comes" : "s come"} back later today.` : "Review done: nothing is due, and every question has been seen.");
  document.getElementById("study-panel-title")?.focus();
}

document.addEventListener("click", (event) => {
  const control = event.target instanceof Element && event.target.closest("[data-study-panel] [data-study-home]");
  if (!control) return;
  const action = control.dataset.studyHome;
  if (action === "review") {
    loadScheduler().then((scheduler) => scheduler.review(), () => say("The review could not start: the scheduler did not load.")).then(finish);
  } else if (action === "export") exportProgress();
  else if (action === "import") document.querySelector("[data-study-panel] [data-study-import]").click();
  else if (action === "reset") reset();
});
document.addEventListener("change", (event) => {
  const input = event.target instanceof Element && event.target.closest("[data-study-panel] [data-study-import]");
  if (input && input.files.length) importProgress(input.files[0]).finally(() => { input.value = ""; });
});
store.subscribe(render);
onEveryPage(show);
