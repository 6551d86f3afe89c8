// Kernel playground (kernel-playground.md): its static figure becomes live. Nine weights, presets,
// stride and padding; every change convolves the digit again and redraws the output on the figures'
// diverging scale. An output cell (pointer, tap, arrow keys) outlines its input patch and writes
// its sum out term by term. The state lives in the query string (?kernel=&stride=&padding=&cell=).
// Every number and colour comes from the JSON the build writes (scripts/pages/playground_data.py, linked
// as #kp-data). Loaded by that page only; one subscription to Material's document$, so it also runs
// after instant navigation; a container is rendered once (data-state). Without JavaScript, or if
// the JSON cannot be read, the page keeps its static figure. Its exports (convolve, outSize,
// state) let the tests, or a curious reader's console, run the page's own arithmetic:
// (await import("/javascripts/playground.js")).state().

import { renderOnce } from "./page.js";
import { divergingStep } from "./colours.js";

const num = (v) => {
  const r = Math.round(v * 1000) / 1000;
  return String(r === 0 ? 0 : r).replace("-", "−");
};
const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
export const outSize = (n, s, p) => Math.floor((n + 2 * p - 3) / s) + 1;

/** out[i][j] = Σ k[u][v]·x[i·s+u−p][j·s+v−p] (0 outside the image), added in numpy conv2d's order. */
export function convolve(x, k, s, p) {
  const n = x.length, m = outSize(n, s, p), out = [];
  const at = (r, c) => (r < 0 || c < 0 || r >= n || c >= n ? 0 : x[r][c]);
  for (let i = 0; i < m; i++) {
    out.push([]);
    for (let j = 0; j < m; j++) {
      let a = 0;
      for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) a += k[u][v] * at(i * s + u - p, j * s + v - p);
      out[i].push(a);
    }
  }
  return out;
}

let current = null;  // the state of the page shown, for state()

/** What the playground shows: kernel weights, stride, padding, selected cell and the output. */
export const state = () => current?.();

/** The state a query string asks for, and a note for each value that was clamped or ignored. */
function parse(search, d) {
  const q = new URLSearchParams(search), notes = [], lim = d.weightLimit;
  const preset = (id) => d.presets.find((x) => x.id === id);
  const st = { w: preset(d.default.kernel).weights.flat() };
  const whole = (key, t, lo, hi, fallback) => {
    if (t == null) return fallback;
    const v = Number(t), c = clamp(v, lo, hi);
    if (!t.trim() || !Number.isInteger(v)) return notes.push(`${key} “${t}” is not a whole number: ignored`), fallback;
    if (c !== v) notes.push(`${key} ${t} is out of range: ${c} used`);
    return c;
  };
  const k = q.get("kernel");
  if (k !== null) {
    const w = k.split(",").map((t) => (t.trim() ? Number(t) : NaN));
    if (preset(k)) st.w = preset(k).weights.flat();
    else if (w.length === 9 && w.every(Number.isFinite)) {
      st.w = w.map((v) => clamp(v, -lim, lim));
      if (st.w.some((v, i) => v !== w[i])) notes.push(`weights beyond ±${lim} were clamped`);
    } else notes.push(`kernel “${k}” is neither a preset nor nine numbers: ignored`);
  }
  st.s = whole("stride", q.get("stride"), d.strides[0], d.strides.at(-1), d.default.stride);
  st.p = whole("padding", q.get("padding"), d.paddings[0], d.paddings.at(-1), d.default.padding);
  const m = outSize(d.digit.length, st.s, st.p) - 1, t = q.get("cell"), rc = t === null ? [] : t.split(",");
  if (t !== null && rc.length !== 2) notes.push(`cell “${t}” is not “row,column”: ignored`);
  [st.r, st.c] = [0, 1].map((i) => whole(["cell row", "cell column"][i], rc.length === 2 ? rc[i] : null, 0, m,
    Math.min(d.default.cell[i], m)));
  return { st, notes };
}

function render(root, d) {
  const n = d.digit.length, lim = d.weightLimit, L = d.levels;
  const app = document.createElement("div");
  const opts = (list) => list.map((v) => `<option>${v}</option>`).join("");
  app.className = "kp-app";
  app.innerHTML = `<div class="kp-controls"><fieldset class="kp-kernel"><legend>Kernel</legend><div class="kp-weights">${
    [...Array(9)].map((_, i) => `<input type="number" step="any" min="-${lim}" max="${lim}" aria-label="Kernel row ${
      (i / 3 | 0) + 1}, column ${i % 3 + 1}">`).join("")}</div></fieldset><div class="kp-geometry"><label for="kp-stride">Stride</label><select id="kp-stride">${
    opts(d.strides)}</select><label for="kp-padding">Padding</label><select id="kp-padding">${opts(d.paddings)}</select></div><div class="kp-presets" role="group" aria-label="Preset kernels">${
    d.presets.map((x) => `<button type="button">${x.name}</button>`).join("")}</div></div><div class="kp-panels"><figure><figcaption class="kp-cap-in"></figcaption><svg class="kp-in" role="img"></svg></figure><figure><figcaption class="kp-cap-out"></figcaption><div class="kp-out" tabindex="0" role="application" aria-label="Output cells: the arrow keys choose one"><svg aria-hidden="true"></svg></div><div class="kp-legend"><span class="kp-bar"></span><span></span><span>0</span><span></span><span class="kp-key">blue < 0 < red</span></div></figure></div><p class="kp-size"><label for="kp-size">Output size</label>: <span class="kp-formula"></span> → <output id="kp-size" aria-live="off"></output></p><p class="kp-where"></p><p class="kp-sum"></p><p class="kp-note" hidden></p><p class="kp-status" role="status"></p>`;
  const $ = (s) => app.querySelector(s);
  const inputs = [...app.querySelectorAll("input")], buttons = [...app.querySelectorAll("button")];
  const [sSel, pSel] = app.querySelectorAll("select"), [inSvg, outSvg] = app.querySelectorAll("svg");
  const box = $(".kp-out"), legend = $(".kp-legend").children, note = $(".kp-note");
  const rect = (x, y, w, cls) => `<rect x="${x}" y="${y}" width="${w}" height="${w}" class="${cls}"/>`;
  /** A grid of colours as one <path> per colour, of its horizontal runs: few elements to build. */
  const paint = (grid) => {
    const runs = {};
    grid.forEach((row, r) => {
      for (let c = 0, e; c < row.length; c = e) {
        for (e = c + 1; row[e] === row[c];) e++;
        (runs[row[c]] ||= []).push(`M${c} ${r}h${e - c}v1H${c}z`);
      }
    });
    return Object.keys(runs).sort().map((f) => `<path fill="${f}" d="${runs[f].join("")}"/>`).join("");
  };
  const colour = (v, vmax) => d.diverging[L + divergingStep(v, vmax)];
  const same = (x) => x.weights.flat().every((v, i) => v === st.w[i]);
  const kernelName = () => (d.presets.find(same) || { name: "Custom" }).name;
  $(".kp-bar").style.backgroundImage = `linear-gradient(to right,${d.diverging.map((c, i) =>
    `${c} ${i * 100 / (2 * L + 1)}% ${(i + 1) * 100 / (2 * L + 1)}%`)})`;
  const { st, notes } = parse(location.search, d);
  let out = [], timer;
  if (notes.length) {
    note.hidden = false;
    note.textContent = `From the link: ${notes.join("; ")}.`;
  }

  function save() {
    const id = (d.presets.find(same) || {}).id;
    const q = `?kernel=${id || st.w.join(",")}&stride=${st.s}&padding=${st.p}&cell=${st.r},${st.c}`;
    if (q !== location.search) history.replaceState(history.state, "", q + location.hash);
  }

  /** The selected cell: its patch and itself outlined, its sum written out; announced, saved. */
  function pick(keep = true) {
    const { r, c, s, p } = st, top = r * s - p, left = c * s - p, terms = [];
    const patch = inSvg.lastChild, mark = outSvg.lastChild;
    patch.setAttribute("x", c * s);
    patch.setAttribute("y", r * s);
    mark.setAttribute("x", c);
    mark.setAttribute("y", r);
    for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) {
      const w = st.w[u * 3 + v], y = top + u, x = left + v;
      terms.push(`${w < 0 ? `(${num(w)})` : num(w)}·${y < 0 || x < 0 || y >= n || x >= n ? 0 : d.digit[y][x]}`);
    }
    const rim = Math.min(top, left) < 0 || Math.max(top, left) + 2 >= n ? "; outside 0 to " + (n - 1) + " is zero padding" : "";
    $(".kp-where").textContent = `Output row ${r}, column ${c} reads input rows ${num(top)} to ${num(top + 2)}, columns ${
      num(left)} to ${num(left + 2)}${rim}. Weight × pixel, row by row:`;
    $(".kp-sum").textContent = `${terms.join(" + ")} = ${num(out[r][c])}`;
    $(".kp-status").textContent = `${kernelName()} kernel, stride ${s}, padding ${p}: output ${out.length}×${
      out.length}. Row ${r}, column ${c}: ${num(out[r][c])}.`;
    if (keep) save();
  }

  function draw(keep = true) {  // keep: write the state into the address (not on arrival)
    const k = [0, 3, 6].map((i) => st.w.slice(i, i + 3)), p = st.p, N = n + 2 * p;
    out = convolve(d.digit, k, st.s, p);
    const m = out.length, vmax = Math.max(...out.flat().map(Math.abs));
    st.r = Math.min(st.r, m - 1);
    st.c = Math.min(st.c, m - 1);
    const padded = [...Array(N)].map((_, r) => [...Array(N)].map((_, c) => {
      const v = (d.digit[r - p] || [])[c - p];
      return v === undefined ? d.paddingColour : d.greys[v];
    }));
    inSvg.setAttribute("viewBox", `0 0 ${N} ${N}`);
    inSvg.innerHTML = paint(padded) + rect(p, p, n, "kp-frame") + rect(0, 0, 3, "kp-patch");
    inSvg.setAttribute("aria-label", `The digit, ${n}×${n}${p ? `, in ${p} ring${p > 1 ? "s" : ""} of zero padding` : ""}, the selected patch outlined`);
    outSvg.setAttribute("viewBox", `0 0 ${m} ${m}`);
    outSvg.innerHTML = paint(out.map((row) => row.map((v) => colour(v, vmax)))) + rect(0, 0, 1, "kp-pick");
    $(".kp-cap-in").textContent = `Input ${n}×${n}${p ? `, padding ${p}` : ""}`;
    $(".kp-cap-out").textContent = `Output ${m}×${m}`;
    legend[1].textContent = `−${num(vmax)}`;
    legend[3].textContent = `+${num(vmax)}`;
    $(".kp-formula").textContent = `⌊(${n} + 2·${p} − 3) / ${st.s}⌋ + 1 = ${m}`;
    $("output").textContent = `${m}×${m}`;
    inputs.forEach((x, i) => { if (x.valueAsNumber !== st.w[i]) x.value = st.w[i]; });
    buttons.forEach((b, i) => b.setAttribute("aria-pressed", same(d.presets[i])));
    sSel.value = st.s;
    pSel.value = p;
    pick(keep);
  }

  app.addEventListener("input", (e) => {
    const i = inputs.indexOf(e.target), v = e.target.valueAsNumber;
    if (i < 0 || !Number.isFinite(v)) return;
    st.w[i] = clamp(v, -lim, lim);
    draw();
  });
  app.addEventListener("change", (e) => {
    const i = inputs.indexOf(e.target);
    if (i >= 0) e.target.value = st.w[i];
    if (e.target === sSel) st.s = +sSel.value;
    if (e.target === pSel) st.p = +pSel.value;
    draw();
  });
  buttons.forEach((b, i) => b.addEventListener("click", () => {
    st.w = d.presets[i].weights.flat();
    draw();
  }));
  const point = (e) => {
    const b = outSvg.getBoundingClientRect(), m = out.length;
    const r = clamp(Math.floor((e.clientY - b.top) / b.height * m), 0, m - 1);
    const c = clamp(Math.floor((e.clientX - b.left) / b.width * m), 0, m - 1);
    const moved = r !== st.r || c !== st.c;
    Object.assign(st, { r, c });
    return moved;
  };
  box.addEventListener("pointermove", (e) => {
    if (e.pointerType !== "mouse" || !point(e)) return;
    pick(false);
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  });
  box.addEventListener("pointerdown", (e) => {
    point(e);
    pick();
  });
  box.addEventListener("keydown", (e) => {
    const m = out.length - 1, mv = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
    if (e.key === "Home" || e.key === "End") st.c = e.key === "Home" ? 0 : m;
    else if (mv) [st.r, st.c] = [clamp(st.r + mv[0], 0, m), clamp(st.c + mv[1], 0, m)];
    else return;
    e.preventDefault();
    pick();
  });
  current = () => ({ ...st, out });
  root.append(app);
  draw(false);
}

renderOnce({ name: "kernel playground", selector: ".kp", data: [{ id: "kp-data", as: "json" }], render });
