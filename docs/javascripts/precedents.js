// "Trace precedents in the browser": the workbook's Book sheet as three grids of numbers (input,
// layer 1, layer 2). Hovering, tapping or focusing a cell of a layer highlights its precedents:
// the block of the layer below that its formula reads, the kernel, and (for layer 2) the whole
// input patch it depends on. Fed by the JSON the build writes from the workbook's own numbers
// (linked on the page as #precedents-data, scripts/pages/workbook.py page_data): every colour, cell
// address and block a cell reads is computed there, in Python, so this script only looks them up
// and draws. Only acts on a page with a .precedents container; subscribed to Material's document$
// so it also runs after instant navigation, and renders a container once (data-state), so a
// repeated emission changes nothing. Without JavaScript, or if the JSON cannot be read, the page
// keeps its static figure.
// Loaded by that page only (a module <script> in its Markdown: Material's instant navigation
// inserts it again on every visit, and a module runs once, so it subscribes once).

import { element, renderOnce } from "./page.js";

const ROOT_SELECTOR = ".precedents";
let redraw = null;  // the shown page's highlight boxes move with the layout: redrawn on resize

const signed = (v) => String(v).replace("-", "−");
const span = ([first, last]) => `${first}–${last}`;

/** A table of numbers in their colours; interactive grids get gridcell roles and a roving tabindex. */
function numberTable(grid, label, interactive) {
  const table = element("table", "pc-grid");
  table.setAttribute(interactive ? "role" : "aria-label", interactive ? "grid" : label);
  if (interactive) table.setAttribute("aria-label", label);
  const body = table.createTBody();
  grid.values.forEach((row, r) => {
    const tr = body.insertRow();
    row.forEach((value, c) => {
      const td = tr.insertCell();
      td.className = "pc-cell";
      td.textContent = signed(value);
      td.style.backgroundColor = grid.colours[r][c];
      td.dataset.r = r;
      td.dataset.c = c;
      if (interactive) {
        td.setAttribute("role", "gridcell");
        td.tabIndex = -1;
        td.setAttribute("aria-label", `row ${r}, column ${c}: ${signed(value)}`);
      }
    });
  });
  return table;
}

/** The colour scale's bar from its first stop to its last, each stop [value, colour]. */
function legend(stops) {
  const bar = element("span", "pc-legend");
  const swatch = element("span", "pc-legend__bar");
  swatch.style.backgroundImage = `linear-gradient(to right, ${stops.map((stop) => stop[1]).join(", ")})`;
  bar.append(element("span", "", signed(stops[0][0])), swatch, element("span", "", signed(stops.at(-1)[0])));
  bar.setAttribute("aria-hidden", "true");
  return bar;
}

function render(root, data) {
  const layers = data.layers;
  const app = element("div", "pc-app");
  const readout = element("p", "pc-readout");
  readout.setAttribute("role", "status");
  readout.setAttribute("aria-live", "polite");
  const panels = element("div", "pc-panels");
  const views = layers.map((layer, index) => {
    const interactive = index > 0;
    const panel = element("div", "pc-panel");
    panel.dataset.layer = layer.key;
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", `${layer.title}, ${layer.detail}`);
    const head = element("div", "pc-head");
    head.append(element("span", "pc-title", layer.title), element("span", "pc-detail", layer.detail), legend(layer.legend));
    const scroller = element("div", "pc-scroll");
    if (!interactive) {
      // No focusable cell inside: the box itself takes focus, so a keyboard can scroll a wide grid.
      scroller.tabIndex = 0;
      scroller.setAttribute("role", "region");
      scroller.setAttribute("aria-label", `${layer.title} grid, ${layer.values.length} by ${layer.values.length}`);
    }
    const wrap = element("div", "pc-wrap");
    const size = layer.values.length;
    const table = numberTable(layer, `${layer.title}, ${size} by ${size}`, interactive);
    const box = element("div", "pc-box");
    box.hidden = true;
    wrap.append(table, box);
    scroller.append(wrap);
    panel.append(head);
    let kernel = null;
    if (layer.kernel) {
      kernel = element("figure", "pc-kernel");
      kernel.append(numberTable(layer.kernel, `${layer.title} kernel`, false));
      kernel.append(element("figcaption", "", `kernel: ${layer.kernel.name}`));
      const body = element("div", "pc-body");
      body.append(scroller, kernel);
      panel.append(body);
    } else {
      panel.append(scroller);
    }
    return { layer, index, panel, table, box, scroller, kernel };
  });
  // Layer 2 first, then layer 1, then the input: each layer's precedents sit in the one after it.
  for (const view of [...views].reverse()) panels.append(view.panel);
  app.append(readout, panels);

  const state = { pinned: null, preview: null };

  function cellOf(view, r, c) {
    return view.table.rows[r].cells[c];
  }

  function clear() {
    for (const node of app.querySelectorAll(".is-selected, .is-precedent, .is-field")) {
      node.classList.remove("is-selected", "is-precedent", "is-field");
    }
    for (const view of views) view.box.hidden = true;
  }

  /** The first and last cell of a block {rows: [first, last], cols: [first, last]} of a grid. */
  function corners(view, block) {
    return [cellOf(view, block.rows[0], block.cols[0]), cellOf(view, block.rows[1], block.cols[1])]
      .map((td) => td.getBoundingClientRect());
  }

  /** Outline a block of cells: one box over the grid, placed from the cells' boxes (2px outside them). */
  function placeBox(view, block, kind) {
    const frame = view.box.parentElement.getBoundingClientRect();
    const [first, last] = corners(view, block);
    Object.assign(view.box.style, {
      left: `${first.left - frame.left - 2}px`,
      top: `${first.top - frame.top - 2}px`,
      width: `${last.right - first.left + 4}px`,
      height: `${last.bottom - first.top + 4}px`,
    });
    view.box.dataset.kind = kind;
    view.box.hidden = false;
  }

  /** Scroll a grid that is wider than its box sideways so a marked block is in view (phones). */
  function reveal(view, block) {
    const scroller = view.scroller;
    if (scroller.scrollWidth <= scroller.clientWidth) return;
    const frame = scroller.getBoundingClientRect();
    const [first, last] = corners(view, block);
    const middle = (first.left + last.right) / 2 - frame.left + scroller.scrollLeft;
    scroller.scrollLeft = Math.max(0, middle - scroller.clientWidth / 2);
  }

  function show(target) {
    clear();
    if (!target) return;
    const { view, r, c } = target;
    const layer = view.layer;
    cellOf(view, r, c).classList.add("is-selected");
    placeBox(view, { rows: [r, r], cols: [c, c] }, "selected");
    const reads = layer.reads[r][c];  // the block it reads in each grid below, nearest first
    reads.forEach((block, k) => {
      const below = views[view.index - 1 - k];
      const kind = k === 0 ? "is-precedent" : "is-field";
      for (let i = block.rows[0]; i <= block.rows[1]; i += 1) {
        for (let j = block.cols[0]; j <= block.cols[1]; j += 1) cellOf(below, i, j).classList.add(kind);
      }
      placeBox(below, block, k === 0 ? "precedent" : "field");
      reveal(below, block);
    });
    view.kernel?.classList.add("is-precedent");
    for (const deeper of views.slice(1, view.index)) deeper.kernel?.classList.add("is-field");
    const [block, field] = [reads[0], reads.at(-1)];
    let text = ` It reads the ${block.size} block of ${layers[view.index - 1].title.toLowerCase()} ` +
      `at rows ${span(block.rows)}, columns ${span(block.cols)}, and the ${layer.kernel.name} kernel (${layer.kernel.range}).`;
    if (reads.length > 1) {
      text += ` Those read input rows ${span(field.rows)}, columns ${span(field.cols)}: it depends on a ${field.size} patch of pixels.`;
    }
    const heading = element("strong", "", `${layer.title}, row ${r}, column ${c} = ${signed(layer.values[r][c])}`);
    readout.replaceChildren(heading, ` · cell ${layer.cells[r][c]} `, element("code", "", layer.formulas[r][c]), text);
    app.dataset.selected = `${layer.key}:${r},${c}`;
  }

  function update() {
    show(state.preview || state.pinned);
  }

  function targetOf(node) {
    const td = node instanceof Element ? node.closest("td.pc-cell") : null;
    const view = td && views.find((v) => v.index > 0 && v.table.contains(td));
    return view ? { view, r: Number(td.dataset.r), c: Number(td.dataset.c) } : null;
  }

  function pin(target, focus) {
    state.pinned = target;
    state.preview = null;
    const td = cellOf(target.view, target.r, target.c);
    for (const cell of target.view.table.querySelectorAll('td[tabindex="0"]')) if (cell !== td) cell.tabIndex = -1;
    td.tabIndex = 0;
    if (focus && document.activeElement !== td) td.focus({ preventScroll: false });
    update();
  }

  app.addEventListener("pointerover", (event) => {
    if (event.pointerType !== "mouse") return;
    const target = targetOf(event.target);
    if (!target) return;
    state.preview = target;
    update();
  });
  app.addEventListener("pointerleave", () => {
    state.preview = null;
    update();
  });
  for (const view of views) {
    view.table.addEventListener("pointerleave", (event) => {
      if (event.pointerType !== "mouse" || !state.preview) return;
      state.preview = null;
      update();
    });
  }
  app.addEventListener("click", (event) => {
    const target = targetOf(event.target);
    if (target) pin(target, false);
  });
  app.addEventListener("focusin", (event) => {
    const target = targetOf(event.target);
    if (target) pin(target, false);
  });
  app.addEventListener("keydown", (event) => {
    const target = targetOf(event.target);
    if (!target) return;
    const size = target.view.layer.values.length;
    const moves = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
      Home: [0, -size], End: [0, size],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const r = Math.min(Math.max(target.r + move[0], 0), size - 1);
    const c = Math.min(Math.max(target.c + move[1], 0), size - 1);
    pin({ view: target.view, r, c }, true);
  });
  redraw = update;

  root.append(app);
  for (const view of views.slice(1)) cellOf(view, 0, 0).tabIndex = 0;
  const [r, c] = data.example;
  pin({ view: views[views.length - 1], r, c }, false);
}

window.addEventListener("resize", () => {
  if (redraw && document.querySelector(`${ROOT_SELECTOR}[data-state="ready"]`)) redraw();
});
renderOnce({ name: "precedents", selector: ROOT_SELECTOR, data: [{ id: "precedents-data", as: "json" }], render });
