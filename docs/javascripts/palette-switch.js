// Light / dark: while a reader switches the palette, no transition runs, so every colour changes at
// once. Material does it with an attribute on <body> and a rule of its palette stylesheet, but it
// sets and removes that attribute on every page load as well, and each time the browser computes
// the style of the whole page again while the page loads; the build leaves that rule out
// (scripts/build/material_palette.py), and this does the same on a switch only: a class on <body>
// from the reader's change until two frames later (Material removes its attribute after one).
// One listener, registered once, in the capture phase: before Material's own.

document.addEventListener("change", (event) => {
  if (!(event.target instanceof Element) || !event.target.closest("[data-md-component=palette]")) return;
  document.body.classList.add("palette-switching");
  requestAnimationFrame(() => requestAnimationFrame(() => document.body.classList.remove("palette-switching")));
}, true);
