// Training lab (training-lab.md): the Web Worker that trains, so the page stays responsive.
// Started by training-lab.js as a module worker. Messages in: {type: "start", dataUrl, metaUrl,
// settings}, {type: "pause"}, {type: "resume"}, {type: "stop"}. Messages out: "loading", "ready"
// (the run's schedule), "batch" (loss, lr, mom, ActivationStats of every hooked module),
// "epoch" (validation loss and accuracy), "done", "error". The digits are fetched and inflated
// once, on the first Start, never before.
"use strict";

import * as engine from "./engine.js";

const PLANE = 28 * 28;
const COUNT = 5000;
let data = null; // { labels, pixels, mean, std }
let run = null; // the current run: { id, paused, stopped }
let wake = null; // resolves a paused run

async function loadData(dataUrl, metaUrl) {
  if (data) return data;
  postMessage({ type: "loading" });
  const [response, meta] = await Promise.all([fetch(dataUrl), fetch(metaUrl).then((r) => r.json())]);
  if (!response.ok) throw new Error(`${dataUrl}: HTTP ${response.status}`);
  const inflated = await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  const bytes = new Uint8Array(inflated);
  if (bytes.length !== COUNT * (PLANE + 1)) throw new Error(`${dataUrl}: ${bytes.length} bytes, expected ${COUNT * (PLANE + 1)}`);
  data = { labels: bytes.subarray(0, COUNT), pixels: bytes.subarray(COUNT), ...meta.normalisation, bytes: meta.file.bytes };
  return data;
}

/** Rows of the training and validation sets (validation: rows 2 modulo 5), optionally thinned evenly. */
function split(subset) {
  const train = [];
  const valid = [];
  for (let row = 0; row < COUNT; row += 1) (row % 5 === 2 ? valid : train).push(row);
  const thin = (rows, n) => (n && n < rows.length ? rows.filter((_, i) => i % Math.floor(rows.length / n) === 0).slice(0, n) : rows);
  return { train: Int32Array.from(thin(train, subset?.train)), valid: Int32Array.from(thin(valid, subset?.valid)) };
}

const pause = () => new Promise((resolve) => { wake = resolve; });
const tick = () => new Promise((resolve) => { setTimeout(resolve, 0); });

async function train(settings, current) {
  const { labels, pixels, mean, std } = data;
  const { schedule, lr, batchSize, batchnorm, epochs, seed = 42, subset } = settings;
  const sets = split(subset);
  const nIter = Math.floor(sets.train.length / batchSize); // fastai drops the last partial training batch
  const steps = engine.schedule(schedule, lr, epochs, nIter);
  const model = engine.createModel({ batchnorm, seed });
  const optimizer = new engine.Adam(model.params);
  const rand = engine.random(seed + 1);
  const validX = engine.gather(pixels, sets.valid, mean, std, new Float64Array(sets.valid.length * PLANE));
  const validY = Int32Array.from(sets.valid, (row) => labels[row]);
  postMessage({ type: "ready", id: current.id, steps, nIter, epochs, modules: model.modules.map((m) => m.name),
    train: sets.train.length, valid: sets.valid.length });
  const x = new Float64Array(batchSize * PLANE);
  const y = new Int32Array(batchSize);
  let step = 0;
  const started = performance.now();
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const order = engine.shuffled(sets.train.length, rand);
    for (let b = 0; b < nIter; b += 1) {
      if (current.stopped) return;
      if (current.paused) { postMessage({ type: "paused", id: current.id, step }); await pause(); }
      if (current.stopped) return;
      const rows = Int32Array.from({ length: batchSize }, (_, i) => sets.train[order[b * batchSize + i]]);
      engine.gather(pixels, rows, mean, std, x);
      rows.forEach((row, i) => { y[i] = labels[row]; });
      const { lr: rate, mom } = steps[step];
      const { loss, stats } = engine.trainBatch(model, optimizer, x, y, batchSize, rate, mom);
      postMessage({ type: "batch", id: current.id, step, epoch, loss, lr: rate, mom,
        stats: stats.map((s) => ({ mean: s.mean, std: s.std, nearZero: s.nearZero, hist: Float32Array.from(s.hist) })),
        seconds: (performance.now() - started) / 1000 });
      step += 1;
      await tick(); // let "pause" and "stop" in
    }
    const result = engine.evaluate(model, validX, validY, sets.valid.length);
    postMessage({ type: "epoch", id: current.id, epoch, loss: result.loss, accuracy: result.accuracy, correct: result.correct, total: sets.valid.length });
    await tick();
  }
  postMessage({ type: "done", id: current.id, seconds: (performance.now() - started) / 1000 });
}

addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === "start") {
    if (run) run.stopped = true;
    if (wake) { wake(); wake = null; }
    const current = { id: message.id, paused: false, stopped: false };
    run = current;
    try {
      await loadData(message.dataUrl, message.metaUrl);
      if (!current.stopped) await train(message.settings, current);
    } catch (error) {
      postMessage({ type: "error", id: current.id, message: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "pause" && run) {
    run.paused = true;
  } else if (message.type === "resume" && run) {
    run.paused = false;
    if (wake) { wake(); wake = null; }
  } else if (message.type === "stop" && run) {
    run.stopped = true;
    if (wake) { wake(); wake = null; }
  }
});
