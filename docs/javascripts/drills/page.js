// Drills page (drills.md): after each drill type's worked example, a live exercise of that type
// (./drills.js): a field, Check, a hint, one more try after a wrong answer, then the worked
// solution with a link to its question, and the grade kept in the study schedule (./schedule.js).
// The address carries the drill and seed (?drill=d7&seed=4821#d7) of the exercise last drawn, so
// a link opens the same numbers. A page-only entry (javascripts/drills.js, bundled at build time),
// loaded by that page only; it runs on every page Material shows (instant navigation) and sets a
// container up once (data-state). Its exports let the tests, or a curious reader's console, run
// the page's own generators: (await import("/javascripts/drills.js")).exercise("d7", 4821).

import { element as el, onEveryPage } from "../site.js";
import { DRILLS, MAX_SEED, exercise, num, parse } from "./drills.js";
import { GRADES, record } from "./schedule.js";

export { exercise, parse };

const COLOURS = ["red", "green", "blue"];
const FORMAT = { number: "a whole number, like 1,152", shape: "a shape, like 64×8×7×7", square: "a number of pixels, like 7 or 7×7" };

function button(text, action, type = "button") {
  const node = el("button", "drill-button", text);
  node.type = type;
  if (action) node.dataset.act = action;
  return node;
}

const randomSeed = () => 1 + (crypto.getRandomValues(new Uint32Array(1))[0] % MAX_SEED);
const shown = (answer, kind) => (kind === "shape" ? answer : kind === "square" ? `${num(+answer)}×${num(+answer)}` : num(+answer));
const address = (id, seed) => `?drill=${id}&seed=${seed}#${id}`;

/** The colour convolution's window and kernel, as scripts/pages/drills_page.py draws them. */
function grids(given) {
  const box = el("div", "drill-grids");
  const table = (rows, caption) => {
    const t = el("table", "drill-grid");
    t.append(el("caption", "", caption));
    const body = t.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of row) tr.insertCell().textContent = num(v);
    }
    return t;
  };
  COLOURS.forEach((name, c) => {
    const channel = el("div", "drill-channel");
    channel.append(table(given.pixels[c], `${name} pixels`), table(given.kernel[c], `${name} kernel`));
    box.append(channel);
  });
  return box;
}

/** Draw one exercise into a drill's container (replacing the one before), and run it. */
export function show(box, seed) {
  const id = box.dataset.drill;
  const ex = exercise(id, seed);
  const title = document.getElementById(id)?.textContent.trim() || id;
  let tries = 0, hinted = false, done = false;
  box.querySelector(".drill-live")?.remove();
  const live = el("div", "drill-live");
  live.setAttribute("role", "group");
  live.setAttribute("aria-label", `${title}: your exercise`);
  const head = el("p", "drill-live__title");
  head.append(el("strong", "", "Your exercise"), ` (seed ${seed})`);
  live.append(head, el("p", "drill-text", ex.text));
  if (ex.given.pixels) live.append(grids(ex.given));
  const form = el("form", "drill-form");
  const label = el("label", "", "Your answer");
  const input = el("input", "drill-input");
  Object.assign(input, { id: `${id}-answer`, type: "text", autocomplete: "off", spellcheck: false, enterKeyHint: "done" });
  input.setAttribute("autocapitalize", "off");
  label.htmlFor = input.id;
  form.append(label, input, button("Check", "", "submit"), button("Hint", "hint"), button("Show the solution", "show"));
  const hint = el("p", "drill-hint");
  hint.hidden = true;
  const feedback = el("div", "drill-feedback");
  feedback.setAttribute("role", "status");
  const solution = el("div", "drill-solution");
  solution.hidden = true;
  const foot = el("p", "drill-foot");
  const link = el("a", "drill-link", "Link to this exercise");
  link.href = address(id, seed);
  foot.append(button("New exercise", "new"), " ", link);
  live.append(form, hint, feedback, solution, foot);
  box.append(live);
  box.dataset.state = "ready";
  box.dataset.seed = String(seed);

  const say = (...parts) => {
    feedback.replaceChildren();
    for (const part of parts.filter(Boolean)) feedback.append(el("p", "", part));
  };

  function finish(grade, verdict, mistake) {
    done = true;
    live.dataset.grade = String(grade);
    input.readOnly = true;
    say(verdict, mistake);
    const steps = el("ol", "drill-steps");
    for (const step of ex.steps) steps.append(el("li", "", step));
    const why = el("p", "drill-why", "Explained in ");
    let intro = box.previousElementSibling;
    while (intro && !intro.matches(".drill-for, h2")) intro = intro.previousElementSibling;
    const links = intro?.matches(".drill-for") ? [...intro.querySelectorAll("a")] : [];
    links.forEach((a, k) => why.append(k ? (k === links.length - 1 ? " and " : ", ") : "", a.cloneNode(true)));
    why.append(".");
    const heading = el("p", "drill-solution__title");
    heading.append(el("strong", "", "Worked solution"));
    solution.replaceChildren(heading, steps, why);
    solution.hidden = false;
    for (const b of form.querySelectorAll("button")) b.disabled = true;
    foot.querySelector("[data-act=new]").focus();
    const status = el("p", "drill-grade");
    feedback.append(status);
    record(id, grade).then((kept) => {
      if (!kept) return;
      status.textContent = `Kept in your schedule: ${GRADES[grade - 1]}, back ${kept.when}${kept.kept ? "" : " (for this visit only)"}.`;
      if (kept.session) {
        const next = button("Next in the review", "");
        next.addEventListener("click", kept.next);
        status.append(" ", next);
      }
    }, () => { status.textContent = "The grade could not be kept: the scheduler did not load."; });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (done) return;
    const answer = parse(input.value, ex.kind);
    if (answer === null) {
      say(`Write ${FORMAT[ex.kind]}.`);
      return;
    }
    const mistake = ex.mistakes.find(([value]) => value === answer)?.[1];
    if (answer === ex.answer) finish(tries || hinted ? 2 : 3, `Right: ${shown(ex.answer, ex.kind)}.${tries || hinted ? "" : " First time, without the hint."}`);
    else if (++tries === 1) say(`Not right: ${shown(answer, ex.kind)} is not the answer.`, mistake, "Try once more, or show the solution.");
    else finish(1, `Not right: the answer is ${shown(ex.answer, ex.kind)}.`, mistake);
  });
  form.addEventListener("click", (event) => {
    const action = event.target.closest("[data-act]")?.dataset.act;
    if (action === "hint") {
      hinted = true;
      hint.textContent = `Hint: ${ex.hint}`;
      hint.hidden = false;
      input.focus();
    } else if (action === "show" && !done) finish(1, `The answer is ${shown(ex.answer, ex.kind)}.`);
  });
  foot.querySelector("[data-act=new]").addEventListener("click", () => {
    const next = randomSeed();
    window.history.replaceState(window.history.state, "", address(id, next));
    show(box, next);
    box.querySelector(".drill-input").focus();
  });
}

function setup() {
  const boxes = [...document.querySelectorAll(".drill[data-drill]:not([data-state])")].filter((box) => DRILLS.includes(box.dataset.drill));
  if (!boxes.length) return;
  const query = new URLSearchParams(window.location.search);
  const asked = query.get("drill"), seed = Number(query.get("seed"));
  const valid = DRILLS.includes(asked) && Number.isInteger(seed) && seed >= 1 && seed <= MAX_SEED;
  // One exercise per task, so that drawing the nine never holds the page up (its place is kept:
  // nothing moves); one the reader went to (#d7) first.
  boxes.sort((a, b) => (b.dataset.drill === asked) - (a.dataset.drill === asked));
  const next = () => {
    const box = boxes.shift();
    if (box.isConnected && !box.dataset.state) show(box, valid && box.dataset.drill === asked ? seed : randomSeed());
    if (boxes.length) setTimeout(next);
  };
  next();
  if (query.has("drill") && !valid) {
    const note = el("p", "drill-note", "The exercise in the address could not be read (a drill d1 to d9 and a seed from 1 to 999,999): new exercises were drawn.");
    note.setAttribute("role", "status");
    document.querySelector(".drills-nojs")?.after(note);
  }
}

onEveryPage(setup);
