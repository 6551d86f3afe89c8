// Study mode, marks: "I knew it" / "Review again" toggle buttons in every answer (drawn into the
// empty row the build leaves after its summary, so nothing moves), and the mark shown beside
// "Answer" while the answer is closed. One click listener for the document, registered once.
"use strict";

(() => {
  const { store } = window.study;
  const BUTTONS = [
    { mark: "known", text: "I knew it", key: "y" },
    { mark: "review", text: "Review again", key: "r" },
  ];
  const BADGES = { known: "Known", review: "To review" };

  function fill(row) {
    if (row.childElementCount) return;  // already drawn: document$ may run again on the same page
    const id = row.dataset.studyQuestion;
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", `Your mark for ${window.study.questionName(id)}`);
    for (const { mark, text, key } of BUTTONS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `study-button study-button--${mark}`;
      button.dataset.studyMark = mark;
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-keyshortcuts", key);
      button.textContent = text;
      const hint = document.createElement("kbd");
      hint.className = "study-key";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = key;
      button.append(hint);
      row.append(button);
    }
    const summary = row.closest("details")?.querySelector(":scope > summary");
    if (summary && !summary.querySelector(".study-badge")) {
      const badge = document.createElement("span");
      badge.className = "study-badge";
      summary.append(badge);
    }
  }

  function render() {
    const marks = store.marks();
    for (const row of document.querySelectorAll(".study-marks[data-study-question]")) {
      const mark = marks[row.dataset.studyQuestion] || null;
      for (const button of row.querySelectorAll("[data-study-mark]")) {
        button.setAttribute("aria-pressed", String(button.dataset.studyMark === mark));
      }
      const details = row.closest("details");
      if (!details) continue;
      if (mark) details.dataset.studyMark = mark;
      else delete details.dataset.studyMark;
      const badge = details.querySelector(":scope > summary > .study-badge");
      if (badge) badge.textContent = mark ? BADGES[mark] : "";
    }
  }

  /** Press a mark: set it, or take it off if the question already has it. */
  function toggleMark(id, mark) {
    const next = store.get(id) === mark ? null : mark;
    store.set(id, next);
    const what = window.study.questionName(id);
    const text = BUTTONS.find((button) => button.mark === mark).text;
    window.study.announce(next ? `${what}: marked “${text}”` : `${what}: mark removed`);
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest(".study-marks [data-study-mark]");
    if (!button) return;
    toggleMark(button.closest("[data-study-question]").dataset.studyQuestion, button.dataset.studyMark);
  });
  store.subscribe(render);
  document$.subscribe(() => {
    for (const row of document.querySelectorAll(".study-marks[data-study-question]")) fill(row);
    render();
  });
  window.study.toggleMark = toggleMark;
})();
