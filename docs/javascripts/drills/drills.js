// Drills, the exercises: the JavaScript twin of scripts/arithmetic/drills.py. The same mulberry32
// generator draws the same numbers in the same order, so a seed gives the same exercise, word for
// word, as the Python (tests/test_drills_page.py compares them in Chromium). No DOM here.

export const MAX_SEED = 999999;

export function rng(seed) {
  let a = seed >>> 0;
  const u32 = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1) >>> 0;
    t = (t ^ ((t + (Math.imul(t ^ (t >>> 7), t | 61) >>> 0)) >>> 0)) >>> 0;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const int = (lo, hi) => lo + (u32() % (hi - lo + 1));
  return { u32, int, pick: (items) => items[int(0, items.length - 1)] };
}

export const num = (v) => (v < 0 ? "−" : "") + String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const factor = (v) => (v < 0 ? `(${num(v)})` : num(v));
const shape = (...s) => s.join("×");
const size = (n, ks, s, p) => Math.floor((n + 2 * p - ks) / s) + 1;
const floorText = (n, ks, s, p) => `⌊(${n} + 2·${p} − ${ks}) / ${s}⌋ + 1 = ${size(n, ks, s, p)}`;
const S = String;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

function keep(answer, mistakes) {
  const kept = [];
  for (const [v, m] of mistakes) if (v !== answer && kept.every(([o]) => o !== v)) kept.push([v, m]);
  return kept;
}

const conv = (i, o, ks, s = 1, p = 0) => `nn.Conv2d(${i}, ${o}, kernel_size=${ks}${s !== 1 ? `, stride=${s}` : ""}${p ? `, padding=${p}` : ""})`;

function channels(r) {
  const i = r.pick([1, 3, 4, 8, 16, 32, 64]);
  let o = r.pick([4, 8, 16, 32, 64, 128]);
  while (o === i) o = r.pick([4, 8, 16, 32, 64, 128]);
  return [i, o];
}

const HINT_SIZE = "n_out = ⌊(n + 2·pad − ks) / stride⌋ + 1";
const HINT_SHAPE = "weight: out_channels × in_channels × kH × kW";
const COLOURS = ["red", "green", "blue"];

const GENERATORS = {
  d1(r) {
    const ks = r.pick([1, 2, 3, 3, 3, 4, 5, 5, 7]), s = r.pick([1, 2, 2, 3]), p = r.int(0, 3), n = r.int(Math.max(ks, 4), 40);
    const top = n + 2 * p - ks, q = Math.floor(top / s), answer = S(q + 1);
    const steps = [HINT_SIZE, `= ⌊(${n} + 2·${p} − ${ks}) / ${s}⌋ + 1`, `= ⌊${top} / ${s}⌋ + 1 = ${q} + 1 = ${q + 1}`];
    if (top % s) steps.push(`${top} / ${s} is not whole: it is rounded down, as the kernel cannot step past the last padded pixel.`);
    return {
      kind: "number", given: { n, ks, stride: s, pad: p },
      text: `A ${n}×${n} input goes through a convolution with a ${ks}×${ks} kernel, stride ${s} and padding ${p}. What is the height (and width) of the output?`,
      answer,
      mistakes: keep(answer, [
        [S(Math.floor((n + p - ks) / s) + 1), "That counts the padding on one side only: it is added on both sides, 2·pad in all."],
        [S(Math.ceil(top / s) + 1), "That rounds the division up: it is rounded down (the floor, ⌊ ⌋), since the kernel cannot start past the border."],
        [S(q), "That forgets the + 1: the kernel's first position counts too."],
        [S(Math.floor((n - ks) / s) + 1), "That leaves out the padding."],
      ]),
      steps, hint: HINT_SIZE,
    };
  },
  d2(r) {
    const [i, o] = channels(r), ks = r.pick([1, 3, 5, 7]), answer = shape(o, i, ks, ks);
    return {
      kind: "shape", given: { c_in: i, c_out: o, ks },
      text: `What is the shape of the weight of ${conv(i, o, ks)}? Write it like a×b×c×d.`,
      answer,
      mistakes: keep(answer, [
        [shape(i, o, ks, ks), "That puts the input channels first: PyTorch's weight is out_channels × in_channels × kH × kW."],
        [shape(o, ks, ks), "That leaves out the input channels: each filter has one kernel per input channel."],
      ]),
      steps: [HINT_SHAPE, `= ${answer}`, `(and the bias: ${o} values, one per filter)`], hint: HINT_SHAPE,
    };
  },
  d3(r) {
    const b = r.pick([1, 16, 32, 64, 128]), [i, o] = channels(r), n = r.int(5, 64), ks = r.pick([3, 3, 5]), s = r.pick([1, 2]), p = ks >> 1;
    const h = size(n, ks, s, p), h1 = size(n, ks, 1, p), answer = shape(b, o, h, h);
    return {
      kind: "shape", given: { batch: b, c_in: i, c_out: o, n, ks, stride: s, pad: p },
      text: `A batch of shape ${shape(b, i, n, n)} (N×C×H×W) goes through ${conv(i, o, ks, s, p)}. What is the shape of the output?`,
      answer,
      mistakes: keep(answer, [
        [shape(b, h, h, o), "That is N×H×W×C: PyTorch keeps the channels second, N×C×H×W."],
        [shape(b, i, h, h), "That keeps the input's channels: the layer outputs one channel per filter."],
        [shape(b, o, h1, h1), "That leaves out the stride: it divides the height and width."],
      ]),
      steps: [`N stays ${b}; C becomes the number of filters, ${o}`, `H = W = ${floorText(n, ks, s, p)}`, `output: ${answer}`],
      hint: "N×C×H×W: C = out_channels, H = W = ⌊(n + 2·pad − ks) / stride⌋ + 1",
    };
  },
  d4(r) {
    const [i, o] = channels(r), ks = r.pick([1, 3, 5, 7]), bias = r.int(0, 1) === 1;
    const w = o * i * ks * ks, total = w + (bias ? o : 0), answer = S(total);
    let call = conv(i, o, ks);
    if (!bias) call = `${call.slice(0, -1)}, bias=False)`;
    return {
      kind: "number", given: { c_in: i, c_out: o, ks, bias },
      text: `How many parameters does ${call} have?`,
      answer,
      mistakes: keep(answer, [
        [S(w), `That leaves out the biases: one per filter, ${o}.`],
        [S(w + o * i), `That counts a bias per input channel of each filter: there is one bias per filter, ${o} in all.`],
        [S(w + o), "That adds biases, but bias=False: this layer has none."],
        [S(o * ks * ks + (bias ? o : 0)), `That leaves out the input channels: each filter has ${i} kernels of ${ks}×${ks}.`],
        [S(i * ks * ks + (bias ? 1 : 0)), `That is one filter: there are ${o}.`],
      ]),
      steps: [`weights: out × in × ks × ks = ${o}×${i}×${ks}×${ks} = ${num(w)}`, bias ? `biases: one per filter, ${o}` : "biases: none (bias=False)",
        bias ? `total: ${num(w)} + ${o} = ${num(total)}` : `total: ${num(total)}, the weights alone`],
      hint: "out × in × ks × ks weights, plus one bias per filter unless bias=False",
    };
  },
  d5(r) {
    const n = r.int(1, 5), ch = [];
    for (let k = 0; k < n; k++) ch.push(r.pick([4, 8, 10, 16, 32, 64, 128, 256]));
    const t = sum(ch), answer = S(2 * t);
    return {
      kind: "number", given: { channels: ch },
      text: n === 1 ? `How many trainable parameters does nn.BatchNorm2d(${ch[0]}) have?`
        : `A network has a BatchNorm2d after each of its convolutions, whose output channels are ${ch.join(", ")}. How many trainable parameters do its batchnorm layers have in all?`,
      answer,
      mistakes: keep(answer, [
        [S(4 * t), "That counts the running mean and variance: they are buffers, updated but never trained."],
        [S(t), "That counts one vector: each channel has two, γ (weight) and β (bias)."],
      ]),
      steps: ["BatchNorm2d(C) learns γ and β: 2×C", n === 1 ? `2×${ch[0]} = ${num(2 * t)}` : `2×(${ch.join(" + ")}) = 2×${num(t)} = ${num(2 * t)}`],
      hint: "2 × channels: a scale γ and a shift β per channel",
    };
  },
  d6(r) {
    const [i, o] = channels(r), n = r.int(4, 32), ks = r.pick([3, 3, 5]), s = r.pick([1, 2]), p = ks >> 1;
    const h = size(n, ks, s, p), w = o * i * ks * ks, answer = S(h * h * w);
    return {
      kind: "number", given: { c_in: i, c_out: o, n, ks, stride: s, pad: p },
      text: `${conv(i, o, ks, s, p)} gets a ${n}×${n} input. How many multiplications does it do per image (counting those by padding zeros)?`,
      answer,
      mistakes: keep(answer, [
        [S(n * n * w), `That applies the kernels at all ${n}×${n} input positions: the output has ${h}×${h}.`],
        [S(h * h * (w + o)), "That counts the biases: they are added, not multiplied."],
        [S(w), `That is one output position: there are ${h}×${h}.`],
        [S(h * h * o * ks * ks), `That leaves out the input channels: each filter has ${i} kernels.`],
      ]),
      steps: [`output: ${floorText(n, ks, s, p)}, so ${h}×${h} positions`, `per position, one per weight: ${o}×${i}×${ks}×${ks} = ${num(w)}`,
        `${h}×${h}×${num(w)} = ${num(h * h * w)}`],
      hint: "output positions × weights (out × in × ks × ks)",
    };
  },
  d7(r) {
    const n = r.int(2, 4), layers = [];
    for (let k = 0; k < n; k++) layers.push([r.pick([2, 3, 3, 5]), r.pick([1, 2, 2])]);
    const steps = ["start from 1 pixel; each layer adds (ks − 1) × (the product of the strides before it)"];
    let f = 1, jump = 1, own = 1, jumpOwn = 1;
    layers.forEach(([ks, s], k) => {
      steps.push(`layer ${k + 1}: ${f} + (${ks} − 1)×${jump} = ${f + (ks - 1) * jump}`);
      f += (ks - 1) * jump;
      jump *= s;
      jumpOwn *= s;
      own += (ks - 1) * jumpOwn;
    });
    const answer = S(f);
    return {
      kind: "square", given: { layers },
      text: `Convolutions without padding, in this order: ${layers.map(([ks, s]) => `${ks}×${ks} stride ${s}`).join(", then ")}. How many input pixels across is the receptive field of one activation of the last layer?`,
      answer,
      mistakes: keep(answer, [
        [S(1 + sum(layers.map(([ks]) => ks - 1))), "That ignores the strides: after a stride-2 layer, neighbouring activations sit 2 pixels apart, so the next kernel reaches twice as far."],
        [S(own), "That multiplies a layer's kernel by its own stride too: only the strides of the layers before it count."],
        [S(sum(layers.map(([ks]) => ks))), "That adds the kernel sizes: neighbouring windows overlap, so each layer adds ks − 1."],
      ]),
      steps: [...steps, `receptive field: ${f}×${f}`],
      hint: "r = 1 + Σ (ks − 1) × (product of the earlier strides)",
    };
  },
  d8(r) {
    const grid = (lo, hi) => COLOURS.map(() => [0, 1, 2].map(() => [0, 1, 2].map(() => r.int(lo, hi))));
    const pixels = grid(0, 9), kernel = grid(-2, 2), bias = r.int(-5, 5), sums = [], steps = [];
    COLOURS.forEach((name, c) => {
      const terms = kernel[c].flat().map((w, k) => [w, pixels[c].flat()[k]]);
      const t = sum(terms.map(([w, x]) => w * x));
      sums.push(t);
      steps.push(`${name}: ${terms.map(([w, x]) => `${factor(w)}·${x}`).join(" + ")} = ${num(t)}`);
    });
    const all = sum(sums), answer = S(all + bias);
    steps.push(`${sums.map(factor).join(" + ")} + ${factor(bias)} = ${num(all + bias)}`);
    return {
      kind: "number", given: { pixels, kernel, bias },
      text: `One filter of a convolution over a colour image has the 3×3 kernel of each channel below and the bias ${num(bias)}. What does it output at the 3×3 window of red, green and blue pixels shown?`,
      answer,
      mistakes: keep(answer, [
        [S(all), `That leaves out the bias, ${num(bias)}: it is added once, after the three channels.`],
        ...COLOURS.map((name, c) => [S(sums[c] + bias), `That is the ${name} channel alone: the filter sums the products of all three channels.`]),
        [S(all + 3 * bias), "That adds the bias once per channel: it is added once per filter."],
      ]),
      steps, hint: "Σ over the 3 channels of Σ weight·pixel, plus the bias once",
    };
  },
  d9(r) {
    const n = r.int(500, 60000), b = r.pick([16, 32, 50, 64, 100, 128, 256, 512]), drop = r.int(0, 1) === 1;
    const whole = Math.floor(n / b), rest = n % b, answer = S(drop || !rest ? whole : whole + 1);
    return {
      kind: "number", given: { size: n, batch: b, drop_last: drop },
      text: drop
        ? `A training DataLoader with batch_size=${b} drops its last incomplete batch (drop_last=True, as fastai's training loader does). How many batches are in one epoch of ${num(n)} images?`
        : `A validation DataLoader with batch_size=${b} keeps its last incomplete batch (drop_last=False). How many batches does it give for ${num(n)} images?`,
      answer,
      mistakes: keep(answer, rest ? [
        [S(whole + 1), `That rounds up: with drop_last=True the last ${rest} images make no batch.`],
        [S(whole), `That rounds down: the last ${rest} images still make a (smaller) batch.`],
      ] : []),
      steps: [`${num(n)} / ${b} = ${whole} remainder ${rest}`, !rest ? `it divides exactly: ${whole} batches`
        : drop ? `the last ${rest} images are dropped: ${whole} batches` : `the last ${rest} images make one more, smaller batch: ${whole} + 1 = ${whole + 1}`],
      hint: "images / batch size, rounded down if the last incomplete batch is dropped, else up",
    };
  },
};

export const DRILLS = Object.keys(GENERATORS);

/** The exercise of one drill type for one seed (1..MAX_SEED), as scripts/arithmetic/drills.py makes it. */
export function exercise(drill, seed) {
  const salted = (Math.imul(seed, 0x9E3779B1) + DRILLS.indexOf(drill) + 1) >>> 0;  // each type its own numbers for a seed
  return { drill, seed, ...GENERATORS[drill](rng(salted)) };
}

const SEP = /[\s,'’_\u00a0\u202f]/g;

/** A typed answer in canonical form (as the exercise's answer and mistakes are written), or null. */
export function parse(text, kind) {
  let t = text.trim().toLowerCase();
  if (kind === "shape") {
    t = t.replace(/^(torch\.size)?\s*[([]*|[)\]]*$/g, "").trim();
    const sides = t.split(/\s*[x×*,]\s*|\s+/).filter(Boolean);
    return sides.length && sides.every((s) => /^[0-9]{1,15}$/.test(s)) ? sides.join("×") : null;
  }
  if (kind === "square") {
    const sides = t.split(/\s*[x×*]\s*/).filter(Boolean);
    if (sides.length === 2 && sides[0].replace(SEP, "") === sides[1].replace(SEP, "")) [t] = sides;
  }
  t = t.replace(SEP, "");
  return /^[-−]?[0-9]{1,15}$/.test(t) ? S(parseInt(t.replace("−", "-"), 10)) : null;
}
