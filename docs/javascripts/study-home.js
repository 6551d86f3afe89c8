// Study mode, home page: progress overall and per section (from questions.json, so no other page
// is read), "Quiz me" (a random question not yet known, its answer closed) and "Reset progress"
// (after a confirmation). Drawn into the panel the build leaves on the home page, whose height
// the stylesheet reserves; one click listener, registered once.
"use strict";

(() => {
  const { store } = window.study;
  let data = null;  // the manifest, once loaded

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function bar(label) {
    const node = element("div", "study-bar");
    node.setAttribute("role", "progressbar");
    node.setAttribute("aria-label", label);
    node.setAttribute("aria-valuemin", "0");
    return node;
  }

  function row(className, label, link) {
    const node = element(link ? "li" : "div", `study-panel__row ${className}`);
    const name = link ? element("a", "study-panel__name", label) : element("span", "study-panel__name", label);
    if (link) name.href = link;
    node.append(name, element("span", "study-panel__count"), bar(label));
    return node;
  }

  function build(panel, manifest) {
    const titleId = "study-panel-title";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-labelledby", titleId);
    const title = element("h2", "study-panel__title", "Your progress");
    title.id = titleId;
    const total = row("study-panel__row--total", "All questions");
    total.dataset.studySection = "";
    const sections = element("ul", "study-panel__sections");
    for (const section of manifest.sections) {
      const item = row("", section.title, new URL(section.url, window.study.root).href);
      item.dataset.studySection = section.url;
      sections.append(item);
    }
    const actions = element("div", "study-panel__actions");
    const quiz = element("button", "study-button study-button--primary", "Quiz me");
    quiz.type = "button";
    quiz.dataset.studyHome = "quiz";
    const reset = element("button", "study-button", "Reset progress");
    reset.type = "button";
    reset.dataset.studyHome = "reset";
    actions.append(quiz, reset);
    const status = element("p", "study-panel__status");
    status.setAttribute("role", "status");
    panel.append(title, total, sections, actions, status);
  }

  function render() {
    const panel = document.querySelector("[data-study-panel]");
    if (!panel || !data || !panel.childElementCount) return;
    const marks = store.marks();
    for (const node of panel.querySelectorAll("[data-study-section]")) {
      const url = node.dataset.studySection;
      const ids = url ? data.sections.find((section) => section.url === url)?.questions || [] : data.questions.map((q) => q.id);
      const known = ids.filter((id) => marks[id] === "known").length;
      const review = ids.filter((id) => marks[id] === "review").length;
      const text = `${known} of ${ids.length} known${review ? `, ${review} to review` : ""}`;
      node.querySelector(".study-panel__count").textContent = `${known}/${ids.length}`;
      node.querySelector(".study-panel__count").title = text;
      const meter = node.querySelector(".study-bar");
      meter.setAttribute("aria-valuemax", String(ids.length));
      meter.setAttribute("aria-valuenow", String(known));
      meter.setAttribute("aria-valuetext", text);
      meter.style.setProperty("--known", `${ids.length ? (100 * known) / ids.length : 0}%`);
      meter.style.setProperty("--review", `${ids.length ? (100 * review) / ids.length : 0}%`);
    }
  }

  function say(message) {
    const status = document.querySelector("[data-study-panel] .study-panel__status");
    if (status) status.textContent = message;
  }

  function quiz() {
    if (!data) return;
    const marks = store.marks();
    const left = data.questions.filter((record) => marks[record.id] !== "known");
    if (!left.length) {
      say("You knew every question. Reset your progress to go round again.");
      return;
    }
    window.study.visit(left[Math.floor(Math.random() * left.length)]);
  }

  function reset() {
    const count = Object.keys(store.marks()).length;
    if (!count) {
      say("There is no progress to reset.");
      return;
    }
    if (!window.confirm(`Reset your progress? This removes your ${count} mark${count === 1 ? "" : "s"} from this browser.`)) return;
    store.clear();
    say("Progress reset.");
  }

  async function show() {
    const panel = document.querySelector("[data-study-panel]");
    if (!panel) return;
    try {
      data = await window.study.questions();
    } catch {
      if (!panel.childElementCount) panel.append(element("p", "study-panel__status", "Progress could not be loaded: the list of questions is missing."));
      return;
    }
    if (panel.isConnected && !panel.childElementCount) build(panel, data);
    render();
  }

  document.addEventListener("click", (event) => {
    const control = event.target instanceof Element && event.target.closest("[data-study-panel] [data-study-home]");
    if (!control) return;
    if (control.dataset.studyHome === "quiz") quiz();
    else reset();
  });
  store.subscribe(render);
  document$.subscribe(show);
})();
