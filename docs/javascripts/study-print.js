// Study mode, printing: every answer prints open (the stylesheet does it where the browser can
// style a closed <details>; this does it everywhere), and closes again afterwards.
// Registered once; the listeners act on whichever page is shown.

let opened = [];

window.addEventListener("beforeprint", () => {
  opened = [...document.querySelectorAll("details.answer:not([open])")];
  for (const answer of opened) answer.open = true;
});
window.addEventListener("afterprint", () => {
  for (const answer of opened) answer.open = false;
  opened = [];
});
