// Training lab (training-lab.md): the training engine, shared by the page's Web Worker and the
// browser tests. No DOM, no imports: plain loops over typed arrays of doubles (Float64Array), so
// the numbers are PyTorch's in float64 on the same weights and digits, to rounding.
//
// - The book's 10-digit simple_cnn: conv(1,8,ks=5), conv(8,16), conv(16,32), conv(32,64),
//   conv(64,10,act=False), Flatten. conv = Conv2d(stride 2, padding ks//2), then BatchNorm2d when
//   batchnorm is on (also after the last convolution, as in the book's conv), then ReLU unless
//   act=False. Initialised like PyTorch's Conv2d: weights and biases uniform in ±1/√fan_in;
//   BatchNorm weight 1, bias 0, running mean 0, running variance 1 (momentum 0.1, eps 1e-5).
// - Loss: cross-entropy, mean over the batch (F.cross_entropy).
// - fastai's Adam (fastai/optimizer.py): decoupled weight decay p *= 1 - lr·wd, first on conv
//   weights only (Learner's wd_bn_bias=False: no decay on biases and BatchNorm parameters);
//   grad_avg = mom·grad_avg + (1-mom)·grad; sqr_avg = sqr_mom·sqr_avg + (1-sqr_mom)·grad²;
//   p -= lr/debias1 · grad_avg / (√(sqr_avg/debias2) + eps), debias = 1 - beta^step, with the
//   momentum of the current step (1cycle changes it). mom 0.9, sqr_mom 0.99, eps 1e-5, wd 0.01.
// - fastai's schedules (fastai/callback/schedule.py): fit = constant lr and mom 0.9;
//   fit_one_cycle = combined_cos(0.25, lr/25, lr, lr/1e5) and combined_cos(0.25, .95, .85, .95)
//   read at pct_train, which fastai's TrainEvalCallback sets to epoch/n_epoch when an epoch starts
//   and advances by 1/(n_iter·n_epoch) after each batch.
// - ActivationStats (fastai/callback/hook.py): every module with parameters is hooked (each
//   Conv2d and each BatchNorm2d, not the ReLUs); per training batch: mean, std (unbiased), the
//   share of values <= 0.05, and histc(40, 0, 10).
"use strict";

export const LAYERS = [
  { ni: 1, nf: 8, ks: 5, act: true },
  { ni: 8, nf: 16, ks: 3, act: true },
  { ni: 16, nf: 32, ks: 3, act: true },
  { ni: 32, nf: 64, ks: 3, act: true },
  { ni: 64, nf: 10, ks: 3, act: false },
];
export const ADAM = { mom: 0.9, sqrMom: 0.99, eps: 1e-5, wd: 0.01 };
export const ONE_CYCLE = { pctStart: 0.25, div: 25, divFinal: 1e5, moms: [0.95, 0.85, 0.95] };
export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;
export const NEAR_ZERO = 0.05;
export const HIST_BINS = 40;
export const HIST_MAX = 10;
const SIZE = 28;
const CLASSES = 10;

/** A seeded generator of floats in [0, 1) (mulberry32): the same seed, the same run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The model: layers with their geometry, parameters, gradients and buffers; params in PyTorch's order. */
export function createModel({ batchnorm, seed = 0 }) {
  const rand = random(seed);
  let size = SIZE;
  const layers = [];
  const params = [];
  const modules = [];
  LAYERS.forEach((spec, index) => {
    const pad = Math.floor(spec.ks / 2);
    const out = Math.floor((size + 2 * pad - spec.ks) / 2) + 1;
    const K = spec.ni * spec.ks * spec.ks;
    const bound = 1 / Math.sqrt(K);
    const layer = { ...spec, index, pad, hin: size, hout: out, K, P: out * out, batchnorm };
    layer.w = Float64Array.from({ length: spec.nf * K }, () => (rand() * 2 - 1) * bound);
    layer.b = Float64Array.from({ length: spec.nf }, () => (rand() * 2 - 1) * bound);
    layer.gw = new Float64Array(layer.w.length);
    layer.gb = new Float64Array(spec.nf);
    params.push({ name: `${index}.conv.weight`, data: layer.w, grad: layer.gw, decay: true, shape: [spec.nf, spec.ni, spec.ks, spec.ks] });
    params.push({ name: `${index}.conv.bias`, data: layer.b, grad: layer.gb, decay: false, shape: [spec.nf] });
    modules.push({ name: `conv${index + 1}`, layer: index, kind: "conv" });
    if (batchnorm) {
      layer.gamma = new Float64Array(spec.nf).fill(1);
      layer.beta = new Float64Array(spec.nf);
      layer.ggamma = new Float64Array(spec.nf);
      layer.gbeta = new Float64Array(spec.nf);
      layer.runMean = new Float64Array(spec.nf);
      layer.runVar = new Float64Array(spec.nf).fill(1);
      params.push({ name: `${index}.bn.weight`, data: layer.gamma, grad: layer.ggamma, decay: false, shape: [spec.nf] });
      params.push({ name: `${index}.bn.bias`, data: layer.beta, grad: layer.gbeta, decay: false, shape: [spec.nf] });
      modules.push({ name: `bn${index + 1}`, layer: index, kind: "bn" });
    }
    layers.push(layer);
    size = out;
  });
  return { batchnorm, layers, params, modules };
}

/** Patches of a batch, patch-major: cols[(n·P + p)·K + k], zero where the kernel is on the padding. */
function im2col(layer, x, N, cols) {
  const { ni, ks, pad, hin, hout, K, P } = layer;
  const plane = hin * hin;
  for (let n = 0; n < N; n += 1) {
    for (let oy = 0; oy < hout; oy += 1) {
      for (let ox = 0; ox < hout; ox += 1) {
        let c = ((n * P) + oy * hout + ox) * K;
        for (let ic = 0; ic < ni; ic += 1) {
          const base = (n * ni + ic) * plane;
          for (let u = 0; u < ks; u += 1) {
            const r = oy * 2 - pad + u;
            const inside = r >= 0 && r < hin;
            for (let v = 0; v < ks; v += 1) {
              const q = ox * 2 - pad + v;
              cols[c] = inside && q >= 0 && q < hin ? x[base + r * hin + q] : 0;
              c += 1;
            }
          }
        }
      }
    }
  }
}

/** The gradient of the patches back onto the layer's input (the transpose of im2col). */
function col2im(layer, dcols, N, dx) {
  const { ni, ks, pad, hin, hout, K, P } = layer;
  const plane = hin * hin;
  dx.fill(0);
  for (let n = 0; n < N; n += 1) {
    for (let oy = 0; oy < hout; oy += 1) {
      for (let ox = 0; ox < hout; ox += 1) {
        let c = ((n * P) + oy * hout + ox) * K;
        for (let ic = 0; ic < ni; ic += 1) {
          const base = (n * ni + ic) * plane;
          for (let u = 0; u < ks; u += 1) {
            const r = oy * 2 - pad + u;
            const inside = r >= 0 && r < hin;
            for (let v = 0; v < ks; v += 1) {
              const q = ox * 2 - pad + v;
              if (inside && q >= 0 && q < hin) dx[base + r * hin + q] += dcols[c];
              c += 1;
            }
          }
        }
      }
    }
  }
}

/** Scratch buffers for a batch of N, kept on the layer and reused while N stays the same. */
function buffers(layer, N) {
  if (layer.N === N) return layer;
  const out = N * layer.nf * layer.P;
  layer.N = N;
  layer.cols = new Float64Array(N * layer.P * layer.K);
  layer.dcols = new Float64Array(N * layer.P * layer.K);
  layer.z = new Float64Array(out); // the convolution's output (NCHW)
  layer.y = layer.batchnorm ? new Float64Array(out) : layer.z; // the BatchNorm's output
  layer.a = layer.act ? new Float64Array(out) : layer.y; // the ReLU's output: the next layer's input
  // Kept in doubles: a convolution's bias right before a BatchNorm then gets its true gradient, 0.
  layer.xhat = layer.batchnorm ? new Float64Array(out) : null;
  layer.dz = new Float64Array(out);
  layer.dx = new Float64Array(N * layer.ni * layer.hin * layer.hin);
  layer.mean = new Float64Array(layer.nf);
  layer.invstd = new Float64Array(layer.nf);
  return layer;
}

/** Σ a[i + k]·b[j + k] for k < K, with four running sums (independent chains run in parallel). */
function dot(a, i, b, j, K) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < K; k += 4) {
    s0 += a[i + k] * b[j + k];
    s1 += a[i + k + 1] * b[j + k + 1];
    s2 += a[i + k + 2] * b[j + k + 2];
    s3 += a[i + k + 3] * b[j + k + 3];
  }
  for (; k < K; k += 1) s0 += a[i + k] * b[j + k];
  return s0 + s1 + s2 + s3;
}

function convForward(layer, x, N) {
  const { nf, K, P, w, b, cols, z } = layer;
  im2col(layer, x, N, cols);
  for (let n = 0; n < N; n += 1) {
    for (let p = 0; p < P; p += 1) {
      const c = (n * P + p) * K;
      for (let o = 0; o < nf; o += 1) {
        z[(n * nf + o) * P + p] = dot(w, o * K, cols, c, K) + b[o];
      }
    }
  }
}

function batchnormForward(layer, N, training) {
  const { nf, P, z, y, xhat, gamma, beta, runMean, runVar, mean, invstd } = layer;
  const M = N * P;
  for (let o = 0; o < nf; o += 1) {
    let m;
    let v;
    if (training) {
      let sum = 0;
      for (let n = 0; n < N; n += 1) for (let p = 0, i = (n * nf + o) * P; p < P; p += 1, i += 1) sum += z[i];
      m = sum / M;
      let sq = 0;
      for (let n = 0; n < N; n += 1) for (let p = 0, i = (n * nf + o) * P; p < P; p += 1, i += 1) sq += (z[i] - m) ** 2;
      v = sq / M;
      runMean[o] = (1 - BN_MOMENTUM) * runMean[o] + BN_MOMENTUM * m;
      runVar[o] = (1 - BN_MOMENTUM) * runVar[o] + BN_MOMENTUM * (M > 1 ? sq / (M - 1) : v);
    } else {
      m = runMean[o];
      v = runVar[o];
    }
    const s = 1 / Math.sqrt(v + BN_EPS);
    mean[o] = m;
    invstd[o] = s;
    for (let n = 0; n < N; n += 1) {
      for (let p = 0, i = (n * nf + o) * P; p < P; p += 1, i += 1) {
        const h = (z[i] - m) * s;
        xhat[i] = h;
        y[i] = gamma[o] * h + beta[o];
      }
    }
  }
}

/** The forward pass: logits (N×10) and, in each layer, what every hooked module returned. */
export function forward(model, x, N, training = true) {
  let input = x;
  for (const layer of model.layers) {
    buffers(layer, N);
    convForward(layer, input, N);
    if (layer.batchnorm) batchnormForward(layer, N, training);
    if (layer.act) {
      const { y, a } = layer;
      for (let i = 0; i < a.length; i += 1) a[i] = y[i] > 0 ? y[i] : 0;
    }
    input = layer.a;
  }
  return input; // N×10×1×1, flattened: N×10
}

/** The mean cross-entropy of logits (N×10) for labels, and its gradient with respect to the logits. */
export function crossEntropy(logits, labels, N) {
  const grad = new Float64Array(N * CLASSES);
  let total = 0;
  for (let n = 0; n < N; n += 1) {
    let top = -Infinity;
    for (let c = 0; c < CLASSES; c += 1) top = Math.max(top, logits[n * CLASSES + c]);
    let sum = 0;
    for (let c = 0; c < CLASSES; c += 1) sum += Math.exp(logits[n * CLASSES + c] - top);
    const logSum = Math.log(sum) + top;
    total += logSum - logits[n * CLASSES + labels[n]];
    for (let c = 0; c < CLASSES; c += 1) {
      const p = Math.exp(logits[n * CLASSES + c] - logSum);
      grad[n * CLASSES + c] = (p - (c === labels[n] ? 1 : 0)) / N;
    }
  }
  return { loss: total / N, grad };
}

function batchnormBackward(layer, N, dy) {
  const { nf, P, xhat, gamma, ggamma, gbeta, invstd, dz } = layer;
  const M = N * P;
  for (let o = 0; o < nf; o += 1) {
    let sumDy = 0;
    let sumDyX = 0;
    for (let n = 0; n < N; n += 1) {
      for (let p = 0, i = (n * nf + o) * P; p < P; p += 1, i += 1) {
        sumDy += dy[i];
        sumDyX += dy[i] * xhat[i];
      }
    }
    ggamma[o] = sumDyX;
    gbeta[o] = sumDy;
    const scale = (gamma[o] * invstd[o]) / M;
    for (let n = 0; n < N; n += 1) {
      for (let p = 0, i = (n * nf + o) * P; p < P; p += 1, i += 1) dz[i] = scale * (M * dy[i] - sumDy - xhat[i] * sumDyX);
    }
  }
}

function convBackward(layer, N, needInput) {
  const { nf, K, P, w, gw, gb, cols, dcols, dz } = layer;
  const dw = new Float64Array(nf * K);
  const db = new Float64Array(nf);
  const wt = new Float64Array(K * nf); // the weights transposed: wt[k·nf + o]
  for (let o = 0; o < nf; o += 1) for (let k = 0; k < K; k += 1) wt[k * nf + o] = w[o * K + k];
  const g = new Float64Array(nf); // dz at one position of one digit, every channel
  for (let n = 0; n < N; n += 1) {
    for (let p = 0; p < P; p += 1) {
      const c = (n * P + p) * K;
      let any = false;
      for (let o = 0; o < nf; o += 1) {
        g[o] = dz[(n * nf + o) * P + p];
        if (g[o] === 0) continue;
        any = true;
        db[o] += g[o];
        const wo = o * K;
        const go = g[o];
        for (let k = 0; k < K; k += 1) dw[wo + k] += go * cols[c + k];
      }
      if (!needInput) continue;
      if (!any) { dcols.fill(0, c, c + K); continue; }
      for (let k = 0; k < K; k += 1) dcols[c + k] = dot(wt, k * nf, g, 0, nf);
    }
  }
  gw.set(dw);
  gb.set(db);
  if (needInput) col2im(layer, dcols, N, layer.dx);
}

/** Gradients of every parameter, from the gradient of the loss with respect to the logits. */
export function backward(model, N, dlogits) {
  let da = dlogits;
  for (let l = model.layers.length - 1; l >= 0; l -= 1) {
    const layer = model.layers[l];
    const dy = layer.act ? new Float64Array(da.length) : da;
    if (layer.act) for (let i = 0; i < da.length; i += 1) dy[i] = layer.a[i] > 0 ? da[i] : 0;
    if (layer.batchnorm) batchnormBackward(layer, N, dy);
    else layer.dz.set(dy);
    convBackward(layer, N, l > 0);
    da = layer.dx;
  }
}

/** What ActivationStats's hook records for one module's output. */
export function activationStats(values, withHist = true) {
  const n = values.length;
  let sum = 0;
  let near = 0;
  for (let i = 0; i < n; i += 1) {
    sum += values[i];
    if (values[i] <= NEAR_ZERO) near += 1;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i += 1) sq += (values[i] - mean) ** 2;
  const stats = { mean, std: Math.sqrt(sq / (n - 1)), nearZero: near / n };
  if (withHist) {
    // torch.histc(40, 0, 10) on float32 values: bin = trunc((v - 0) · 40 / 10) in float32; v = 10
    // goes in the last bin; values below 0 or above 10 are not counted.
    const hist = new Float64Array(HIST_BINS);
    for (let i = 0; i < n; i += 1) {
      const v = Math.fround(values[i]);
      if (v < 0 || v > HIST_MAX) continue;
      let bin = Math.trunc(Math.fround(Math.fround(v * HIST_BINS) / HIST_MAX));
      if (bin === HIST_BINS) bin -= 1;
      hist[bin] += 1;
    }
    stats.hist = hist;
  }
  return stats;
}

/** ActivationStats of every hooked module (each conv, each BatchNorm) after a forward pass. */
export function moduleStats(model, withHist = true) {
  return model.modules.map((module) => {
    const layer = model.layers[module.layer];
    return activationStats(module.kind === "conv" ? layer.z : layer.y, withHist);
  });
}

/** fastai's Adam, with per-parameter state; step(lr, mom) applies one update to every parameter. */
export class Adam {
  constructor(params, { sqrMom = ADAM.sqrMom, eps = ADAM.eps, wd = ADAM.wd } = {}) {
    this.params = params;
    this.sqrMom = sqrMom;
    this.eps = eps;
    this.wd = wd;
    this.state = params.map((p) => ({ gradAvg: new Float64Array(p.data.length), sqrAvg: new Float64Array(p.data.length), step: 0 }));
  }

  step(lr, mom) {
    const { sqrMom, eps, wd } = this;
    this.params.forEach((param, index) => {
      const state = this.state[index];
      const { data, grad } = param;
      const { gradAvg, sqrAvg } = state;
      if (param.decay && wd !== 0) {
        const keep = 1 - lr * wd;
        for (let i = 0; i < data.length; i += 1) data[i] *= keep;
      }
      state.step += 1;
      const debias1 = ((1 - mom) * (1 - mom ** state.step)) / (1 - mom);
      const debias2 = ((1 - sqrMom) * (1 - sqrMom ** state.step)) / (1 - sqrMom);
      const size = -lr / debias1;
      for (let i = 0; i < data.length; i += 1) {
        const g = grad[i];
        gradAvg[i] = gradAvg[i] * mom + g * (1 - mom);
        sqrAvg[i] = sqrAvg[i] * sqrMom + g * g * (1 - sqrMom);
        data[i] += (size * gradAvg[i]) / (Math.sqrt(sqrAvg[i] / debias2) + eps);
      }
    });
  }
}

function schedCos(start, end, pos) {
  return start + ((1 + Math.cos(Math.PI * (1 - pos))) * (end - start)) / 2;
}

/** fastai's combined_cos(pct, start, middle, end) at pos (its phase boundaries are float32, as in torch). */
export function combinedCos(pct, start, middle, end, pos) {
  const edges = [0, Math.fround(pct), Math.fround(Math.fround(pct) + Math.fround(1 - pct))];
  const p = Math.fround(pos);
  const idx = p >= edges[1] ? 1 : 0;
  const actual = Math.fround(Math.fround(p - edges[idx]) / Math.fround(edges[idx + 1] - edges[idx]));
  return idx === 0 ? schedCos(start, middle, actual) : schedCos(middle, end, actual);
}

/** The learning rate and momentum of every training batch of a run: fit (constant) or fit_one_cycle. */
export function schedule(kind, lr, nEpoch, nIter) {
  const steps = [];
  let pct = 0;
  for (let i = 0; i < nEpoch * nIter; i += 1) {
    if (i % nIter === 0) pct = i / nIter / nEpoch; // TrainEvalCallback.before_train: epoch / n_epoch
    if (kind === "one-cycle") {
      const { pctStart, div, divFinal, moms } = ONE_CYCLE;
      steps.push({ lr: combinedCos(pctStart, lr / div, lr, lr / divFinal, pct), mom: combinedCos(pctStart, ...moms, pct) });
    } else {
      steps.push({ lr, mom: ADAM.mom });
    }
    pct += 1 / (nIter * nEpoch);
  }
  return steps;
}

/** One training batch: forward, loss, statistics, backward, optimiser step. */
export function trainBatch(model, optimizer, x, labels, N, lr, mom, withStats = true) {
  const logits = forward(model, x, N, true);
  const stats = withStats ? moduleStats(model) : null;
  const { loss, grad } = crossEntropy(logits, labels, N);
  backward(model, N, grad);
  optimizer.step(lr, mom);
  return { loss, stats };
}

/** Loss and accuracy on a set, in evaluation mode (BatchNorm's running statistics), in chunks. */
export function evaluate(model, x, labels, count, chunk = 250) {
  let correct = 0;
  let total = 0;
  for (let start = 0; start < count; start += chunk) {
    const N = Math.min(chunk, count - start);
    const logits = forward(model, x.subarray(start * SIZE * SIZE, (start + N) * SIZE * SIZE), N, false);
    const batchLabels = labels.subarray(start, start + N);
    total += crossEntropy(logits, batchLabels, N).loss * N;
    for (let n = 0; n < N; n += 1) {
      let best = 0;
      for (let c = 1; c < CLASSES; c += 1) if (logits[n * CLASSES + c] > logits[n * CLASSES + best]) best = c;
      if (best === batchLabels[n]) correct += 1;
    }
  }
  return { loss: total / count, accuracy: correct / count, correct };
}

/** A shuffled order of 0..n-1 (Fisher-Yates) from a generator. */
export function shuffled(n, rand) {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** The normalised pixels of some digits, NCHW: (pixel/255 - mean) / std. */
export function gather(pixels, indices, mean, std, out) {
  const plane = SIZE * SIZE;
  for (let n = 0; n < indices.length; n += 1) {
    const from = indices[n] * plane;
    for (let i = 0; i < plane; i += 1) out[n * plane + i] = (pixels[from + i] / 255 - mean) / std;
  }
  return out;
}
