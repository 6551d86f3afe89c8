// Training lab (training-lab.md): the page's controls and live plots. Loaded by that page only, as
// a module; the training itself runs in worker.js (a module Web Worker) with engine.js. Nothing is
// fetched before Start: then the worker reads the digits (docs/training-lab/mnist-5k.u8.gz).
// Subscribed to Material's document$ (instant navigation, page.js): it mounts once per page view
// and stops its worker when the reader leaves the page. Bundled by esbuild (scripts/build/site_script.py).
"use strict";

import { onEveryPage } from "../page.js";

const PRESETS = {
  baseline: { label: "The book's baseline", schedule: "fit", lr: 0.06, batchSize: 64, batchnorm: false, epochs: 1 },
  "one-cycle": { label: "1cycle", schedule: "one-cycle", lr: 0.06, batchSize: 128, batchnorm: false, epochs: 4 },
  "one-cycle-bn": { label: "1cycle + batchnorm", schedule: "one-cycle", lr: 0.06, batchSize: 128, batchnorm: true, epochs: 4 },
};
const KEEP = 4; // the current run and the three before it
// What a plot's summary says before a run: in the template (so drawing the empty plots moves nothing) and in draw().
const NO_RUN = "No run yet.";
const NO_RUN_LOSS = "No run yet: press Start.";
const LIMITS = { lr: [0.001, 1], batchSize: [64, 512], epochs: [1, 10] };
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

const percent = (v) => `${(100 * v).toFixed(1)}%`;
const format = (v) => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : Math.abs(v) >= 0.01 ? v.toPrecision(3) : v.toExponential(2));
const describe = (s) => `${s.schedule === "fit" ? "fit" : "fit_one_cycle"}, lr ${s.lr}, batch ${s.batchSize}, batchnorm ${s.batchnorm ? "on" : "off"}, ${s.epochs} epoch${s.epochs === 1 ? "" : "s"}`;

function template() {
  const presetButtons = Object.entries(PRESETS)
    .map(([key, p]) => `<button type="button" class="md-button lab-preset" data-preset="${key}">${p.label}</button>`).join("");
  return `
  <form class="lab-controls" novalidate>
    <fieldset class="lab-presets"><legend>Presets: the book's runs</legend>${presetButtons}</fieldset>
    <div class="lab-fields">
      <label>Schedule <select name="schedule"><option value="fit">constant (fit)</option><option value="one-cycle">1cycle (fit_one_cycle)</option></select></label>
      <label>Learning rate <input name="lr" type="number" min="0.001" max="1" step="any" inputmode="decimal" required></label>
      <span class="lab-lr-presets" role="group" aria-label="Learning rate presets"><button type="button" class="md-button" data-lr="0.06">0.06</button><button type="button" class="md-button" data-lr="0.1">0.1</button></span>
      <label>Batch size <input name="batchSize" type="number" min="64" max="512" step="1" inputmode="numeric" required></label>
      <label>Epochs <input name="epochs" type="number" min="1" max="10" step="1" inputmode="numeric" required></label>
      <label class="lab-check"><input name="batchnorm" type="checkbox"> Batchnorm</label>
    </div>
    <div class="lab-buttons">
      <button type="submit" class="md-button md-button--primary" data-action="start">Start</button>
      <button type="button" class="md-button" data-action="pause" disabled>Pause</button>
      <button type="button" class="md-button" data-action="reset">Reset</button>
    </div>
    <p class="lab-status" role="status"></p>
    <p class="lab-announce lab-visually-hidden" aria-live="polite"></p>
  </form>
  <div class="lab-plots">
    <figure class="lab-plot" data-plot="loss"><figcaption>Training loss per batch</figcaption><canvas aria-hidden="true"></canvas><p class="lab-summary">${NO_RUN_LOSS}</p></figure>
    <figure class="lab-plot" data-plot="accuracy"><figcaption>Validation accuracy after each epoch</figcaption><canvas aria-hidden="true"></canvas><p class="lab-summary">${NO_RUN}</p></figure>
    <figure class="lab-plot" data-plot="schedule"><figcaption>Learning rate and momentum (current batch marked)</figcaption><canvas aria-hidden="true"></canvas><p class="lab-summary">${NO_RUN}</p></figure>
    <div class="lab-layer"><label>Layer for the two plots below <select name="layer" disabled><option value="">the model's layers, once a run starts</option></select></label></div>
    <figure class="lab-plot lab-wide" data-plot="stats"><figcaption>plot_layer_stats: mean, standard deviation, % near zero</figcaption><canvas aria-hidden="true"></canvas><p class="lab-summary">${NO_RUN}</p></figure>
    <figure class="lab-plot lab-wide" data-plot="colordim"><figcaption>color_dim: a column per batch, histogram of activations (bin 0 at the bottom)</figcaption><canvas aria-hidden="true"></canvas><p class="lab-summary">${NO_RUN}</p></figure>
  </div>
  <section class="lab-runs" aria-label="Runs kept for comparison"><table><caption>Runs kept for comparison (the last ${KEEP})</caption>
    <thead><tr><th scope="col">Run</th><th scope="col">Settings</th><th scope="col">Last loss</th><th scope="col">Accuracy</th></tr></thead><tbody></tbody></table></section>`;
}

function palette(root) {
  const style = getComputedStyle(root);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    ink: get("--lab-ink", "#1f2328"), muted: get("--lab-muted", "#57606a"), grid: get("--lab-grid", "#d8dee4"),
    runs: [1, 2, 3, 4].map((i) => get(`--lab-run-${i}`, "#3f51b5")), mark: get("--lab-mark", "#e8590c"),
  };
}

const drawnOn = new WeakSet(); // the canvases that have a 2-D context: making one costs time

/** A canvas sized to its box (device pixels) with a 2-D context in CSS pixels. */
function surface(canvas) {
  drawnOn.add(canvas);
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 300;
  const height = canvas.clientHeight || 160;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

/** Empty a canvas drawn on before; one never drawn on is empty already, and is left without a context
 *  (a plot that shows nothing before a run costs the page's first load nothing). */
function blank(canvas) {
  if (!drawnOn.has(canvas)) return;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(1, 0, 0, 1, 0, 0); // device pixels: the whole canvas, whatever the pixel ratio
  ctx.clearRect(0, 0, canvas.width, canvas.height);
}

/** Line chart in a box: series [{values, color, dash, points}], x from 0 to xMax, y range, optional marker. */
function chart(ctx, box, { series, xMax, yMin, yMax, title, marker, colours, xLabel, firstX = 0 }) {
  const { x: left, y: top, w, h } = box;
  const pad = { l: 38, r: 6, t: title ? 16 : 4, b: 18 };
  const pw = Math.max(10, w - pad.l - pad.r);
  const ph = Math.max(10, h - pad.t - pad.b);
  const sx = (i) => left + pad.l + (xMax > firstX ? ((i - firstX) / (xMax - firstX)) * pw : pw / 2);
  const sy = (v) => top + pad.t + ph - ((Math.min(Math.max(v, yMin), yMax) - yMin) / (yMax - yMin || 1)) * ph;
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = colours.ink;
  if (title) ctx.fillText(title, left + pad.l, top + 11);
  ctx.strokeStyle = colours.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = colours.muted;
  for (const v of [yMin, (yMin + yMax) / 2, yMax]) {
    ctx.beginPath();
    ctx.moveTo(left + pad.l, sy(v));
    ctx.lineTo(left + pad.l + pw, sy(v));
    ctx.stroke();
    ctx.fillText(format(v), left + 2, sy(v) + 4);
  }
  ctx.fillText(`${firstX}`, left + pad.l, top + pad.t + ph + 13);
  const end = `${xMax}${xLabel ? ` ${xLabel}` : ""}`;
  ctx.fillText(end, left + pad.l + pw - ctx.measureText(end).width, top + pad.t + ph + 13);
  if (marker !== undefined && marker !== null) {
    ctx.strokeStyle = colours.mark;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(sx(marker), top + pad.t);
    ctx.lineTo(sx(marker), top + pad.t + ph);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  for (const s of series) {
    if (!s.values.length) continue;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.width || 1.5;
    ctx.setLineDash(s.dash || []);
    ctx.beginPath();
    s.values.forEach((v, i) => { const X = sx(i + (s.offset || 0)); const Y = sy(v); if (i) ctx.lineTo(X, Y); else ctx.moveTo(X, Y); });
    ctx.stroke();
    ctx.setLineDash([]);
    if (s.points) s.values.forEach((v, i) => { ctx.beginPath(); ctx.arc(sx(i + (s.offset || 0)), sy(v), 3, 0, 2 * Math.PI); ctx.fill(); });
  }
}

// matplotlib's viridis at 9 stops, interpolated: imshow's default colour map, as in the book's color_dim.
const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]
  .map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
function viridis(t) {
  const x = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - i;
  return VIRIDIS[i].map((c, k) => Math.round(c + f * (VIRIDIS[i + 1][k] - c)));
}

function mount(root) {
  if (root.dataset.state === "ready") return null;
  const dataLink = document.getElementById("lab-digits");
  const metaLink = document.getElementById("lab-provenance");
  if (!dataLink || !metaLink) return null;
  const app = root.querySelector(".lab-app");
  app.innerHTML = template();
  root.dataset.state = "ready";
  const form = app.querySelector("form");
  const field = (name) => form.elements.namedItem(name);
  const status = app.querySelector(".lab-status");
  const announce = app.querySelector(".lab-announce");
  const layerSelect = app.querySelector("select[name=layer]");
  const plots = Object.fromEntries([...app.querySelectorAll("[data-plot]")].map((f) => [f.dataset.plot, { canvas: f.querySelector("canvas"), summary: f.querySelector(".lab-summary") }]));
  const tbody = app.querySelector(".lab-runs tbody");
  const buttons = { start: app.querySelector("[data-action=start]"), pause: app.querySelector("[data-action=pause]"), reset: app.querySelector("[data-action=reset]") };

  let worker = null;
  let runs = [];
  let counter = 0;
  let current = null;
  let frame = 0;

  function apply(settings) {
    field("schedule").value = settings.schedule;
    field("lr").value = String(settings.lr);
    field("batchSize").value = String(settings.batchSize);
    field("epochs").value = String(settings.epochs);
    field("batchnorm").checked = settings.batchnorm;
  }

  /** The settings in the form, or a message naming the first value out of range. */
  function read() {
    const lr = Number(field("lr").value);
    const batchSize = Number(field("batchSize").value);
    const epochs = Number(field("epochs").value);
    if (!(lr >= LIMITS.lr[0] && lr <= LIMITS.lr[1])) return { problem: "The learning rate must be a number from 0.001 to 1.", focus: "lr" };
    if (!(Number.isInteger(batchSize) && batchSize >= 64 && batchSize <= 512)) return { problem: "The batch size must be a whole number from 64 to 512.", focus: "batchSize" };
    if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 10)) return { problem: "Epochs must be a whole number from 1 to 10.", focus: "epochs" };
    return { settings: { schedule: field("schedule").value, lr, batchSize, batchnorm: field("batchnorm").checked, epochs } };
  }

  function colours() { return palette(root); }

  function draw() {
    frame = 0;
    root.dataset.frames = String(Number(root.dataset.frames || 0) + 1); // how often the plots were drawn
    const c = colours();
    const shown = runs.slice(-KEEP);
    const run = current;
    // Loss per batch: every kept run, the current one on top.
    {
      const { ctx, width, height } = surface(plots.loss.canvas);
      const xMax = Math.max(1, ...shown.map((r) => r.steps.length - 1));
      const top = Math.min(Math.max(2.5, ...shown.flatMap((r) => r.losses.slice(0, 3))), 10);
      chart(ctx, { x: 0, y: 0, w: width, h: height }, { series: shown.map((r) => ({ values: r.losses, color: c.runs[(r.number - 1) % 4], width: r === run ? 2 : 1.2, dash: r === run ? [] : [4, 2] })),
        xMax, yMin: 0, yMax: top, colours: c, xLabel: "batches" });
      plots.loss.summary.textContent = run && run.losses.length
        ? `Run ${run.number}: batch ${run.losses.length} of ${run.steps.length}, last loss ${run.losses.at(-1).toFixed(3)}, lowest ${Math.min(...run.losses).toFixed(3)} (chance: ${Math.log(10).toFixed(3)}).`
          + (shown.length > 1 ? ` Dashed: earlier runs ${shown.filter((r) => r !== run).map((r) => `${r.number} (last ${r.losses.length ? r.losses.at(-1).toFixed(3) : "–"})`).join(", ")}.` : "")
        : NO_RUN_LOSS;
    }
    // Validation accuracy per epoch.
    {
      const { ctx, width, height } = surface(plots.accuracy.canvas);
      const xMax = Math.max(1, ...shown.map((r) => r.settings.epochs));
      chart(ctx, { x: 0, y: 0, w: width, h: height }, { series: shown.map((r) => ({ values: r.accuracy, offset: 1, points: true, color: c.runs[(r.number - 1) % 4], width: r === run ? 2 : 1.2, dash: r === run ? [] : [4, 2] })),
        xMax, firstX: 1, yMin: 0, yMax: 1, colours: c, xLabel: "epochs" });
      plots.accuracy.summary.textContent = shown.length
        ? shown.map((r) => `Run ${r.number}: ${r.accuracy.length ? r.accuracy.map(percent).join(", ") : "no epoch finished yet"}`).join(". ") + "."
        : NO_RUN;
    }
    // The schedule, with the current batch marked.
    {
      if (run && run.steps.length) {
        const { ctx, width, height } = surface(plots.schedule.canvas);
        const lrs = run.steps.map((s) => s.lr);
        const moms = run.steps.map((s) => s.mom);
        const at = Math.max(0, run.losses.length - 1);
        const half = width >= 520 ? width / 2 : width;
        const boxes = width >= 520 ? [{ x: 0, y: 0, w: half, h: height }, { x: half, y: 0, w: half, h: height }] : [{ x: 0, y: 0, w: width, h: height / 2 }, { x: 0, y: height / 2, w: width, h: height / 2 }];
        chart(ctx, boxes[0], { series: [{ values: lrs, color: c.runs[(run.number - 1) % 4] }], xMax: lrs.length - 1, yMin: 0, yMax: Math.max(...lrs), marker: run.losses.length ? at : null, title: "learning rate", colours: c });
        chart(ctx, boxes[1], { series: [{ values: moms, color: c.runs[(run.number - 1) % 4] }], xMax: moms.length - 1, yMin: 0.8, yMax: 1, marker: run.losses.length ? at : null, title: "momentum", colours: c });
        const s = run.steps[at];
        plots.schedule.summary.textContent = `Batch ${run.losses.length} of ${run.steps.length}: learning rate ${format(s.lr)}, momentum ${s.mom.toFixed(3)}. `
          + (run.settings.schedule === "fit" ? `Constant: fit keeps the learning rate at ${run.settings.lr} and Adam's momentum at 0.9.`
            : `1cycle: from ${format(lrs[0])} up to ${format(Math.max(...lrs))} in the first quarter, then down to ${format(lrs.at(-1))}; momentum 0.95 → 0.85 → 0.95.`);
      } else {
        blank(plots.schedule.canvas);
        plots.schedule.summary.textContent = NO_RUN;
      }
    }
    // plot_layer_stats and color_dim for the chosen module.
    const module = Number(layerSelect.value || 0);
    const name = run && run.modules[module];
    {
      if (run && run.stats.length) {
        const { ctx, width, height } = surface(plots.stats.canvas);
        const pick = (k) => run.stats.map((s) => s[module][k]);
        const wide = width >= 520;
        const parts = [["mean", pick("mean")], ["std", pick("std")], ["% near zero", pick("nearZero").map((v) => 100 * v)]];
        parts.forEach(([title, values], i) => {
          const box = wide ? { x: (i * width) / 3, y: 0, w: width / 3, h: height } : { x: 0, y: (i * height) / 3, w: width, h: height / 3 };
          const lo = title.startsWith("%") ? 0 : Math.min(0, ...values);
          const hi = title.startsWith("%") ? 100 : Math.max(...values, lo + 1e-6);
          chart(ctx, box, { series: [{ values, color: c.runs[(run.number - 1) % 4] }], xMax: Math.max(1, run.steps.length - 1), yMin: lo, yMax: hi, title, colours: c });
        });
        const last = run.stats.at(-1)[module];
        plots.stats.summary.textContent = `${name}, batch ${run.stats.length}: mean ${format(last.mean)}, standard deviation ${format(last.std)}, ${percent(last.nearZero)} of activations near zero (at most 0.05); at the first batch ${format(run.stats[0][module].mean)}, ${format(run.stats[0][module].std)} and ${percent(run.stats[0][module].nearZero)}.`;
      } else {
        blank(plots.stats.canvas);
        plots.stats.summary.textContent = NO_RUN;
      }
    }
    {
      if (run && run.stats.length) {
        const { ctx, width, height } = surface(plots.colordim.canvas);
        const columns = run.steps.length;
        const image = new ImageData(columns, 40);
        let top = 0;
        const logs = run.stats.map((s) => Array.from(s[module].hist, (v) => Math.log1p(v)));
        for (const col of logs) for (const v of col) top = Math.max(top, v);
        logs.forEach((col, x) => col.forEach((v, bin) => {
          const [r, g, b] = viridis(top ? v / top : 0);
          const i = ((39 - bin) * columns + x) * 4;
          image.data.set([r, g, b, 255], i);
        }));
        const off = new OffscreenCanvas(columns, 40);
        off.getContext("2d").putImageData(image, 0, 0);
        ctx.imageSmoothingEnabled = false;
        ctx.fillStyle = c.grid;
        ctx.fillRect(0, 0, width, height);
        ctx.drawImage(off, 0, 0, width, height);
        const lastHist = run.stats.at(-1)[module].hist;
        const counted = lastHist.reduce((a, b) => a + b, 0);
        const low = lastHist[0] / (counted || 1);
        plots.colordim.summary.textContent = `${name}: ${run.stats.length} of ${columns} columns. In the last batch ${percent(low)} of the values counted (0 to 10) are in the lowest bin (0 to 0.25); brighter means more activations in that bin (log scale).`;
      } else {
        blank(plots.colordim.canvas);
        plots.colordim.summary.textContent = NO_RUN;
      }
    }
    tbody.replaceChildren(...shown.slice().reverse().map((r) => {
      const row = document.createElement("tr");
      const cells = [`${r.number}${r === run && r.status === "running" ? " (running)" : r.status === "paused" ? " (paused)" : r.status === "stopped" ? " (reset)" : ""}`, describe(r.settings),
        r.losses.length ? r.losses.at(-1).toFixed(3) : "–", r.accuracy.length ? r.accuracy.map(percent).join(" → ") : "–"];
      cells.forEach((text, i) => { const cell = document.createElement(i ? "td" : "th"); if (!i) cell.scope = "row"; cell.textContent = text; row.append(cell); });
      const swatch = document.createElement("span");
      swatch.className = "lab-swatch";
      swatch.style.background = c.runs[(r.number - 1) % 4];
      row.firstChild.prepend(swatch);
      return row;
    }));
  }

  function schedule(force = false) {
    if (!force && reducedMotion.matches) return; // redrawn at each epoch's end instead
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function setRunning(running, paused = false) {
    buttons.pause.disabled = !running;
    buttons.pause.textContent = paused ? "Resume" : "Pause";
    buttons.start.textContent = running ? "Restart" : "Start";
    root.dataset.running = running ? (paused ? "paused" : "yes") : "no";
  }

  function ensureWorker() {
    if (worker) return worker;
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker.onmessage = (event) => {
      const m = event.data;
      const run = current;
      if (!run || m.id !== run.id) return;
      if (m.type === "loading") status.textContent = "Loading the 5,000 digits…";
      else if (m.type === "ready") {
        Object.assign(run, { steps: m.steps, modules: m.modules });
        const keep = layerSelect.value;
        layerSelect.replaceChildren(...m.modules.map((name, i) => new Option(name, String(i))));
        layerSelect.value = keep && Number(keep) < m.modules.length ? keep : String(m.modules.length - 2);
        layerSelect.disabled = false;
        status.textContent = `Run ${run.number}: training on ${m.train.toLocaleString("en")} digits, ${m.nIter} batches per epoch; validating on ${m.valid.toLocaleString("en")}.`;
        schedule(true);
      } else if (m.type === "batch") {
        run.losses.push(m.loss);
        run.stats.push(m.stats);
        run.seconds = m.seconds;
        schedule();
      } else if (m.type === "epoch") {
        run.accuracy.push(m.accuracy);
        const text = `Run ${run.number}, epoch ${m.epoch + 1} of ${run.settings.epochs}: validation accuracy ${percent(m.accuracy)} (${m.correct} of ${m.total}).`;
        announce.textContent = text;
        status.textContent = text;
        schedule(true);
      } else if (m.type === "paused") {
        status.textContent = `Run ${run.number} paused after batch ${m.step} of ${run.steps.length}.`;
        schedule(true);
      } else if (m.type === "done") {
        run.status = "done";
        status.textContent = `Run ${run.number} finished in ${m.seconds.toFixed(1)} s: validation accuracy ${percent(run.accuracy.at(-1))}.`;
        root.dataset.done = String(run.number);
        setRunning(false);
        schedule(true);
      } else if (m.type === "error") {
        run.status = "error";
        status.textContent = `The run stopped: ${m.message}`;
        setRunning(false);
      }
    };
    return worker;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { settings, problem, focus } = read();
    if (problem) {
      status.textContent = problem;
      field(focus).focus();
      return;
    }
    if (current && current.status === "running") current.status = "stopped";
    counter += 1;
    current = { id: `${Date.now()}-${counter}`, number: counter, settings, steps: [], modules: [], losses: [], stats: [], accuracy: [], status: "running" };
    runs = [...runs, current].slice(-KEEP);
    ensureWorker().postMessage({ type: "start", id: current.id, dataUrl: dataLink.href, metaUrl: metaLink.href, settings: { ...settings, subset: root.__labSubset } });
    status.textContent = `Run ${current.number} starting: ${describe(settings)}.`;
    setRunning(true);
    schedule(true);
  });
  buttons.pause.addEventListener("click", () => {
    if (!current || !worker) return;
    const pausing = current.status === "running";
    current.status = pausing ? "paused" : "running";
    worker.postMessage({ type: pausing ? "pause" : "resume" });
    if (!pausing) status.textContent = `Run ${current.number} resumed.`;
    setRunning(true, pausing);
  });
  buttons.reset.addEventListener("click", () => {
    if (worker) worker.postMessage({ type: "stop" });
    if (current && current.status !== "done") current.status = "stopped";
    apply(PRESETS.baseline);
    setRunning(false);
    status.textContent = "Reset: the settings are the book's baseline again; earlier runs stay below for comparison.";
    schedule(true);
  });
  app.querySelectorAll("[data-preset]").forEach((button) => button.addEventListener("click", () => {
    apply(PRESETS[button.dataset.preset]);
    status.textContent = `Preset "${PRESETS[button.dataset.preset].label}": ${describe(PRESETS[button.dataset.preset])}. Press Start.`;
  }));
  app.querySelectorAll("[data-lr]").forEach((button) => button.addEventListener("click", () => { field("lr").value = button.dataset.lr; }));
  layerSelect.addEventListener("change", () => schedule(true));
  window.addEventListener("resize", () => schedule(true));
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => schedule(true));
  new MutationObserver(() => schedule(true)).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  apply(PRESETS.baseline);
  // The empty plots are drawn in the next frame, not here: this runs inside Material's page-load task,
  // and drawing reads the palette and each canvas's size, forcing a style and layout pass in it. The
  // summaries' first text is in the template, so nothing moves when the first frame draws; the plots
  // that show nothing before a run are not given a surface (blank()), which keeps that frame short.
  schedule(true);
  return { stop() { if (worker) worker.terminate(); worker = null; } };
}

let mounted = null;
function onPage() {
  const root = document.querySelector(".lab");
  if (mounted && (!root || !mounted.root.isConnected)) { mounted.view.stop(); mounted = null; }
  if (root && !mounted) {
    const view = mount(root);
    if (view) mounted = { root, view };
  }
}

onEveryPage(onPage);
