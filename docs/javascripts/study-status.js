// Study mode, what it says: a status line for screen readers, the note shown, once per visit,
// when the browser does not keep the progress, and a question that could not be scheduled.

import { questionName } from "./study-ids.js";

/** Say something to screen readers (and show nothing): one polite status region for the site. */
export function announce(message) {
  let region = document.getElementById("study-status");
  if (!region) {
    region = document.createElement("div");
    region.id = "study-status";
    region.className = "md-visually-hidden";
    region.setAttribute("role", "status");
    document.body.append(region);
  }
  region.textContent = "";
  setTimeout(() => { region.textContent = message; }, 50);  // a repeated message is read again
}

/** Say, visibly and politely, once per visit, that progress lasts only until the site is left. */
export function storageNote() {
  if (document.getElementById("study-storage-note")) return;
  const note = Object.assign(document.createElement("p"), { id: "study-storage-note", textContent: "Your progress is not kept in this browser (storage full or blocked): it lasts until you leave the site." });
  note.setAttribute("role", "status");
  document.body.append(note);
}

/** Show beside a question's grades (and, when a grade was refused, say) that it could not be
 *  scheduled; null removes the message. The other questions are graded as before. */
export function scheduleError(id, error, graded = true) {
  const shown = document.getElementById(`study-error-${id}`);
  if (!error) {
    shown?.remove();
    return;
  }
  console.error(`${id}: could not be scheduled:`, error);
  const name = questionName(id);
  const message = `${name[0].toUpperCase()}${name.slice(1)} could not be scheduled (${error.message || error}): it was not graded; the other questions can be.`;
  const row = document.querySelector(`.study-marks[data-study-question="${id}"]`);
  if (row && !shown) {
    const note = Object.assign(document.createElement("p"), { id: `study-error-${id}`, className: "study-error", textContent: message });
    note.setAttribute("role", "alert");
    row.after(note);
  } else if (shown) shown.textContent = message;
  if (graded) announce(`${name}: not graded, it could not be scheduled.`);
}
