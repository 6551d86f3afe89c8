// "The book's CNN, live" (cnn-live.md): the book's simple_cnn run in the browser. Reads the
// model's .safetensors file itself (8-byte little-endian header length, JSON header,
// little-endian float32 data) and the page's JSON (layers, receptive fields, digits: written by
// scripts/pages/cnn_live.py at build time), then draws every layer's activations, the prediction, and
// for a selected activation its receptive field in every earlier layer. The input is a chosen
// held-out digit or a drawing. The forward pass is plain loops, like scripts/arithmetic/simple_cnn.py (a
// browser test holds the two to the same numbers). Without JavaScript, or if a file cannot be
// read, the page keeps its static figure. Loaded by that page only; subscribed to Material's
// document$ (instant navigation), and renders a container once (data-state). Its exports
// (forwardPass, state) let the tests run the page's own forward pass on the model it loaded.

import { INK, WHITE } from "./colours.js";
import { element, renderOnce } from "./page.js";

/** The tensors of a .safetensors file: name -> Float32Array (shapes are checked by the caller). */
function readSafetensors(buffer) {
  const view = new DataView(buffer);
  const length = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, length)));
  const tensors = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    if (entry.dtype !== "F32") throw new Error(`${name}: ${entry.dtype}, expected F32`);
    const [start, stop] = entry.data_offsets;
    const values = new Float32Array((stop - start) / 4);
    for (let i = 0; i < values.length; i += 1) values[i] = view.getFloat32(8 + length + start + 4 * i, true);
    tensors[name] = { shape: entry.shape, values };
  }
  return tensors;
}

/** One Conv2d (zero padding, stride) and, if the layer has one, a ReLU. x: c channels of n×n, flat. */
function conv(x, c, n, layer, tensors) {
  const { out, size: m, ks, stride, pad } = layer;
  const w = tensors[layer.weight].values;
  const b = tensors[layer.bias].values;
  const y = new Float64Array(out * m * m);
  for (let o = 0; o < out; o += 1) {
    for (let i = 0; i < m; i += 1) {
      for (let j = 0; j < m; j += 1) {
        let sum = 0;
        for (let k = 0; k < c; k += 1) {
          for (let u = 0; u < ks; u += 1) {
            const r = i * stride - pad + u;
            if (r < 0 || r >= n) continue;
            for (let v = 0; v < ks; v += 1) {
              const q = j * stride - pad + v;
              if (q >= 0 && q < n) sum += w[((o * c + k) * ks + u) * ks + v] * x[(k * n + r) * n + q];
            }
          }
        }
        sum += b[o];
        y[(o * m + i) * m + j] = layer.relu ? Math.max(sum, 0) : sum;
      }
    }
  }
  return y;
}

/** Every layer's output for 784 pixel values 0-255 (the input is pixels / 255, NCHW 1×1×28×28). */
function forward(data, tensors, pixels) {
  let x = Float64Array.from(pixels, (p) => p / 255);
  let [c, n] = [1, data.input.size];
  return data.layers.map((layer) => {
    x = conv(x, c, n, layer, tensors);
    [c, n] = [layer.out, layer.size];
    return x;
  });
}

function softmax(scores) {
  const top = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** As scripts/arithmetic/simple_cnn.py's percent(): one decimal, never a rounded 100.0% or 0.0%. */
const percent = (p) => (p >= 0.9995 ? ">99.9%" : p < 0.0005 ? "<0.1%" : `${(p * 100).toFixed(1)}%`);
const times = (shape) => shape.join("×");
const signed = (v) => v.toFixed(2).replace("-", "−");

function rgb(hex) {
  return [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
}

/** Paint n×n values on a canvas: white at 0, the layer's colour at its largest |value|. */
function paint(canvas, values, offset, n, vmax, colours) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(n, n);
  const [zero, positive, negative] = [colours.zero, colours.positive, colours.negative].map(rgb);
  for (let i = 0; i < n * n; i += 1) {
    const v = values[offset + i];
    const t = vmax > 0 ? Math.min(Math.abs(v) / vmax, 1) : 0;
    const end = v >= 0 ? positive : negative;
    for (let k = 0; k < 3; k += 1) image.data[4 * i + k] = zero[k] + (end[k] - zero[k]) * t;
    image.data[4 * i + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

let shown = null;  // the page's model and state, once rendered

/** Every layer's activations for 784 pixel values 0-255, by the page's own forward pass (as arrays). */
export const forwardPass = (pixels) => shown.forward(pixels);

/** What the page shows: the input's pixels, the selected activation, every layer's activations. */
export const state = () => shown.state;

function render(root, data, tensors) {
  for (const layer of data.layers) {
    const shape = tensors[layer.weight]?.shape.join();
    if (shape !== [layer.out, layer.in, layer.ks, layer.ks].join()) throw new Error(`${layer.weight}: shape ${shape}`);
  }
  const size = data.input.size;
  const drawing = new Array(size * size).fill(0);
  const state = { pixels: data.digits[0].pixels.flat(), selected: null, activations: [] };
  const app = element("div", "cl-app");

  // The input: a drawing surface, the digits to choose from, the prediction.
  const top = element("div", "cl-top");
  const input = element("div", "cl-input");
  const inputMap = element("div", "cl-map");
  const pad = element("canvas", "cl-draw");
  pad.width = pad.height = size;
  pad.setAttribute("role", "img");
  pad.setAttribute("aria-label", `The input digit, ${size}×${size} pixels: draw on it with a mouse or a finger`);
  inputMap.append(pad, element("div", "cl-box"));
  input.append(element("p", "cl-label", `input · ${times(data.input.shape)}`), inputMap);
  const side = element("div", "cl-side");
  const choices = element("fieldset", "cl-digits");
  choices.append(element("legend", "", "Input digit"));
  const options = [...data.digits.map((d) => `${d.title} (row ${d.row})`), "your drawing"].map((text, index) => {
    const label = element("label", "cl-choice");
    const radio = element("input");
    Object.assign(radio, { type: "radio", name: "cl-digit", value: String(index), checked: index === 0 });
    label.append(radio, ` ${text}`);
    choices.append(label);
    return radio;
  });
  const clear = element("button", "cl-clear", "Clear and draw");
  clear.type = "button";
  const prediction = element("p", "cl-prediction");
  prediction.setAttribute("aria-live", "polite");
  side.append(choices, clear, prediction);
  top.append(input, side);

  const readout = element("p", "cl-readout");
  readout.setAttribute("aria-live", "polite");

  // The layers: one canvas per channel, each with a box for a selection or a receptive field.
  const views = [{ maps: [inputMap], n: size }];
  const layers = data.layers.map((layer, index) => {
    const section = element("section", "cl-layer");
    section.dataset.layer = index + 1;
    const label = element("p", "cl-label");
    label.append(element("strong", "", layer.name), ` · ${times(layer.shape)} · ${String(layer.params).replace(/\B(?=(\d{3})+$)/g, ",")} parameters`);
    const grid = element("div", "cl-maps");
    grid.tabIndex = 0;
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", `Layer ${index + 1}, ${layer.out} channels of ${layer.size}×${layer.size}: ` +
      "arrow keys select an activation");
    const maps = [];
    for (let channel = 0; channel < layer.out; channel += 1) {
      const map = element("div", "cl-map");
      const canvas = element("canvas");
      canvas.width = canvas.height = layer.size;
      map.dataset.channel = channel;
      map.append(canvas, element("div", "cl-box"));
      if (index === data.layers.length - 1) map.append(element("span", "cl-score"));
      grid.append(map);
      maps.push(map);
    }
    section.append(label, grid);
    views.push({ maps, n: layer.size, grid });
    return section;
  });
  app.append(top, readout, ...layers);

  function box(map, rows, cols, n, kind) {
    const node = map.querySelector(".cl-box");
    Object.assign(node.style, {
      left: `${(100 * cols[0]) / n}%`, top: `${(100 * rows[0]) / n}%`,
      width: `${(100 * (cols[1] - cols[0])) / n}%`, height: `${(100 * (rows[1] - rows[0])) / n}%`,
    });
    node.dataset.kind = kind;
    node.dataset.span = `${rows[0]}-${rows[1]}:${cols[0]}-${cols[1]}`;
  }

  function where(k) {
    return k === 0 ? "the input" : `layer ${k} (all ${data.layers[k - 1].out} channels)`;
  }

  function showSelection() {
    for (const node of app.querySelectorAll(".cl-box")) delete node.dataset.kind;
    const s = state.selected;
    if (!s || !state.activations.length) return;  // before the first forward pass, update() calls again
    const n = views[s.layer].n;
    box(views[s.layer].maps[s.channel], [s.row, s.row + 1], [s.col, s.col + 1], n, "selected");
    const fields = data.fields[s.layer - 1];
    const parts = [];
    for (let k = s.layer - 1; k >= 0; k -= 1) {
      const rows = fields[k].spans[s.row];
      const cols = fields[k].spans[s.col];
      for (const map of views[k].maps) box(map, rows, cols, views[k].n, "field");
      const full = fields[k].size;
      const [h, w] = [rows[1] - rows[0], cols[1] - cols[0]];
      const span = `rows ${rows[0]}–${rows[1] - 1}, columns ${cols[0]}–${cols[1] - 1}`;
      parts.push(h === full && w === full ? `${full}×${full} in ${where(k)} at ${span}`
        : `${full}×${full} over ${where(k)}, of which ${h}×${w} (${span}) lie on it and the rest on the padding`);
    }
    const value = state.activations[s.layer - 1][(s.channel * n + s.row) * n + s.col];
    readout.replaceChildren(
      element("strong", "", `Layer ${s.layer}, ${data.layers[s.layer - 1].name}, channel ${s.channel}, ` +
        `row ${s.row}, column ${s.col} = ${signed(value)}.`),
      ` Its receptive field: ${parts.join("; ")}.`);
    app.dataset.selected = `${s.layer}:${s.channel}:${s.row}:${s.col}`;
  }

  function update() {
    state.activations = forward(data, tensors, state.pixels);
    paint(pad, state.pixels, 0, size, 255, { zero: WHITE, positive: INK, negative: INK });
    state.activations.forEach((values, index) => {
      const { maps, n } = views[index + 1];
      const vmax = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      maps.forEach((map, channel) => paint(map.firstChild, values, channel * n * n, n, vmax, data.colours));
    });
    const scores = [...state.activations[state.activations.length - 1]];
    views[views.length - 1].maps.forEach((map, k) => {
      map.querySelector(".cl-score").textContent = `${data.classes[k]}: ${signed(scores[k])}`;
    });
    const probs = softmax(scores);
    const best = probs.indexOf(Math.max(...probs));
    prediction.replaceChildren("Prediction: ", element("strong", "", data.classes[best]), element("br"),
      probs.map((p, k) => `${data.classes[k]}: ${percent(p)}`).join(", "));
    showSelection();
  }

  let frame = 0;
  const later = () => { frame = frame || requestAnimationFrame(() => { frame = 0; update(); }); };

  function choose(index) {
    options[index].checked = true;
    state.pixels = index < data.digits.length ? data.digits[index].pixels.flat() : drawing.slice();
    update();
  }
  choices.addEventListener("change", (event) => choose(Number(event.target.value)));
  clear.addEventListener("click", () => {
    drawing.fill(0);
    choose(data.digits.length);
  });

  // Drawing: a soft round brush, full ink within 1 pixel of the stroke, fading out by 2.
  let last = null;
  function stamp(x, y) {
    for (let r = Math.max(0, Math.floor(y - 2)); r < Math.min(size, y + 2); r += 1) {
      for (let c = Math.max(0, Math.floor(x - 2)); c < Math.min(size, x + 2); c += 1) {
        const ink = Math.round(255 * Math.min(Math.max(2 - Math.hypot(c + 0.5 - x, r + 0.5 - y), 0), 1));
        drawing[r * size + c] = Math.max(drawing[r * size + c], ink);
      }
    }
  }
  function stroke(event) {
    const rect = pad.getBoundingClientRect();
    const point = [((event.clientX - rect.left) / rect.width) * size, ((event.clientY - rect.top) / rect.height) * size];
    const from = last || point;
    const steps = Math.max(1, Math.ceil(Math.hypot(point[0] - from[0], point[1] - from[1]) / 0.25));
    for (let i = 1; i <= steps; i += 1) stamp(from[0] + ((point[0] - from[0]) * i) / steps, from[1] + ((point[1] - from[1]) * i) / steps);
    last = point;
    state.pixels = drawing.slice();
    later();
  }
  pad.addEventListener("pointerdown", (event) => {
    if (!options[data.digits.length].checked) {
      drawing.splice(0, drawing.length, ...state.pixels);  // draw over the digit shown
      options[data.digits.length].checked = true;
    }
    pad.setPointerCapture(event.pointerId);
    last = null;
    stroke(event);
  });
  pad.addEventListener("pointermove", (event) => { if (pad.hasPointerCapture(event.pointerId)) stroke(event); });
  pad.addEventListener("pointerup", () => { last = null; });

  // Selecting an activation: click or tap a cell, or arrow keys in a focused layer.
  function select(layer, channel, row, col) {
    state.selected = { layer, channel, row, col };
    showSelection();
  }
  views.slice(1).forEach(({ grid, maps, n }, index) => {
    const layer = index + 1;
    grid.addEventListener("click", (event) => {
      const map = event.target.closest(".cl-map");
      if (!map) return;
      const rect = map.getBoundingClientRect();
      const at = (v, low, span) => Math.min(n - 1, Math.max(0, Math.floor(((v - low) / span) * n)));
      select(layer, Number(map.dataset.channel), at(event.clientY, rect.top, rect.height), at(event.clientX, rect.left, rect.width));
    });
    grid.addEventListener("focus", () => {
      if (state.selected?.layer !== layer) select(layer, 0, 0, 0);
    });
    grid.addEventListener("keydown", (event) => {
      const s = state.selected;
      if (!s || s.layer !== layer) return;
      let { channel, row, col } = s;
      const last = maps.length - 1;
      if (event.key === "ArrowUp") row = Math.max(row - 1, 0);
      else if (event.key === "ArrowDown") row = Math.min(row + 1, n - 1);
      else if (event.key === "ArrowLeft") [channel, col] = col > 0 ? [channel, col - 1] : channel > 0 ? [channel - 1, n - 1] : [0, 0];
      else if (event.key === "ArrowRight") [channel, col] = col < n - 1 ? [channel, col + 1] : channel < last ? [channel + 1, 0] : [last, n - 1];
      else if (event.key === "Home") channel = 0;
      else if (event.key === "End") channel = last;
      else return;
      event.preventDefault();
      select(layer, channel, row, col);
    });
  });

  // Keep the static figure's height while the app takes its place: nothing below it moves.
  app.style.minHeight = `${root.getBoundingClientRect().height}px`;
  root.append(app);
  shown = { forward: (pixels) => forward(data, tensors, pixels).map((a) => [...a]), state };
  const { layer, channel, row, col } = data.example;
  state.selected = { layer, channel, row, col };
  later();  // the first forward pass and painting in the next frame: two short tasks, not one long one
}

renderOnce({
  name: "cnn-live",
  selector: ".cnn-live",
  data: [{ id: "cnn-live-data", as: "json" }, { id: "cnn-live-weights", as: "arrayBuffer" }],
  render: (root, data, buffer) => render(root, data, readSafetensors(buffer)),
});
