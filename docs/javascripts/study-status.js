// Study mode, what it says: a status line for screen readers, and the note shown, once per visit,
// when the browser does not keep the progress.

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
