// Study mode, the list of keyboard shortcuts (the keys study-keys.js acts on): drawn by the page
// tools (study-toolbar.js) under their row, shown and hidden by its button or by "?".

export const HELP_ID = "study-help";

const SHORTCUTS = [
  { key: "j", does: "Next question" },
  { key: "k", does: "Previous question" },
  { key: "o", does: "Open or close the answer" },
  { key: "1–4", does: "Grade the open answer: Again, Hard, Good, Easy" },
  { key: "?", does: "Show or hide this list" },
];

/** The list, hidden. */
export function helpPanel() {
  const panel = document.createElement("div");
  panel.id = HELP_ID;
  panel.className = "study-help";
  panel.hidden = true;
  const title = document.createElement("p");
  title.textContent = "Keyboard shortcuts (not while typing in a field or searching):";
  const list = document.createElement("dl");
  for (const { key, does } of SHORTCUTS) {
    const term = document.createElement("dt");
    const kbd = document.createElement("kbd");
    kbd.textContent = key;
    term.append(kbd);
    const description = document.createElement("dd");
    description.textContent = does;
    list.append(term, description);
  }
  panel.append(title, list);
  return panel;
}

/** Show (true), hide (false) or toggle (no argument) the list, and say so on its button. */
export function toggleHelp(show) {
  const help = document.querySelector("[data-study-toolbar] [data-study-action='help']");
  const panel = document.getElementById(HELP_ID);
  if (!help || !panel) return;
  const open = typeof show === "boolean" ? show : panel.hidden;
  panel.hidden = !open;
  help.setAttribute("aria-expanded", String(open));
}
