// Study mode, keys: j / k next / previous question (across pages), o open or close its answer,
// 1–4 grade it (Again, Hard, Good, Easy) once its answer is open, ? the list of keys. None of Material's own keys (/ s f search,
// n . p , next / previous page); nothing happens with Ctrl, Alt or Meta held, while typing in a
// field (the search box included) or while the search is open. One listener, registered once.

import { grade as gradeQuestion, loadGrades } from "./study-marks.js";
import { toggleHelp } from "./study-help.js";
import { announce, answerOf, focusQuestion, pageQuestions, questionName, questions, visit } from "./site.js";

function typing(element) {
  return element instanceof Element
    && (element.matches("input, textarea, select, [contenteditable]:not([contenteditable='false'])") || element.isContentEditable);
}

function searchOpen() {
  return Boolean(document.getElementById("__search")?.checked);
}

/** Top of the readable area: below Material's header. */
function top() {
  return document.querySelector(".md-header")?.getBoundingClientRect().bottom ?? 0;
}

/** The question the reader is on: the one holding focus, else the one moved to if still on screen. */
function chosen(headings) {
  const active = document.activeElement;
  const holding = headings.find((heading) => heading === active || answerOf(heading)?.contains(active));
  if (holding) return holding;
  const current = headings.find((heading) => heading.classList.contains("study-current"));
  if (current && onScreen(current)) return current;
  return null;
}

function bottomOf(heading) {
  return (answerOf(heading) || heading).getBoundingClientRect().bottom;
}

function onScreen(heading) {
  return bottomOf(heading) > top() && heading.getBoundingClientRect().top < window.innerHeight;
}

/** For o and 1–4: the chosen question, else the first one not scrolled past. */
function acted(headings) {
  return chosen(headings) || headings.find((heading) => bottomOf(heading) > top() + 1) || null;
}

async function step(direction) {
  const headings = pageQuestions();
  if (!headings.length) return;
  const from = chosen(headings);
  let index;
  if (from) index = headings.indexOf(from) + direction;
  else if (direction > 0) index = headings.findIndex((heading) => heading.getBoundingClientRect().top > top() + 1);
  else index = headings.findLastIndex((heading) => heading.getBoundingClientRect().top < top() - 1);
  if (index >= 0 && index < headings.length) {
    focusQuestion(headings[index]);
    return;
  }
  const edge = from || headings[direction > 0 ? headings.length - 1 : 0];
  let manifest;
  try {
    manifest = await questions();
  } catch {
    return;
  }
  const walked = manifest.questions.filter((record) => record.kind !== "d");  // the drills (drills.md) are not questions
  const position = walked.findIndex((record) => record.id === edge.id);
  const record = position >= 0 ? walked[position + direction] : undefined;
  if (record) visit(record);
  else announce(direction > 0 ? "This is the last question." : "This is the first question.");
}

function toggleAnswer() {
  const heading = acted(pageQuestions());
  const answer = heading && answerOf(heading);
  if (!answer) return;
  answer.open = !answer.open;
  if (answer.open) loadGrades();
  const name = questionName(heading.id);
  announce(`Answer to ${name} ${answer.open ? "shown" : "hidden"}`);
  if (answer.open && answer.getBoundingClientRect().bottom > window.innerHeight) {
    focusQuestion(heading);  // bring the opened answer into view
  }
}

function grade(rating) {
  const heading = acted(pageQuestions());
  if (!heading) return;
  if (answerOf(heading)?.open) gradeQuestion(heading.id, rating);
  else announce(`Open the answer to ${questionName(heading.id)} first (o), then grade it.`);
}

const ACTIONS = {
  j: () => step(1),
  k: () => step(-1),
  o: toggleAnswer,
  1: () => grade(1),
  2: () => grade(2),
  3: () => grade(3),
  4: () => grade(4),
  "?": () => toggleHelp(),
};

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
  if (event.shiftKey && event.key !== "?") return;
  const action = Object.hasOwn(ACTIONS, event.key) && ACTIONS[event.key];
  if (!action || typing(event.target) || typing(document.activeElement) || searchOpen()) return;
  if (event.repeat && !["j", "k"].includes(event.key)) return;
  event.preventDefault();
  action();
});
