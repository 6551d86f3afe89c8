// Study mode, which ids the schedule keeps: the one rule for progress kept in storage, carried over
// from version 1 and imported (isItem), and for the question headings of a page (isQuestion).
// KNOWN holds, per kind of item, the largest number the site has (kind: the letter before the
// number in its id): questions q1–q40, further research r1–r3, and the Drills page's drill types
// d1–d9 (scripts/arithmetic/drills.py); a new kind is one line here and its name in NAMES.
// tests/test_hostile_study.py checks it against the built questions.json.

export const KNOWN = { q: 40, r: 3, d: 9 };
const NAMES = { q: "question", r: "further research question", d: "drill" };
const QUESTION_KINDS = new Set(["q", "r"]);  // the kinds that are headings of the section pages

function kindOf(id) {
  const match = typeof id === "string" && /^([a-z])([1-9]\d*)$/.exec(id);
  return match && Object.hasOwn(KNOWN, match[1]) && Number(match[2]) <= KNOWN[match[1]] ? match[1] : null;
}

/** Whether `id` is an item of the schedule: a question (q1–q40, r1–r3) or a drill type (d1–d9). */
export function isItem(id) {
  return kindOf(id) !== null;
}

/** Whether `id` is one of the site's questions (q1–q40, r1–r3): the headings j/k walk. */
export function isQuestion(id) {
  return QUESTION_KINDS.has(kindOf(id));
}

/** "question 17", "further research question 2" or "drill 3". */
export function questionName(id) {
  return `${NAMES[id[0]] || "question"} ${id.slice(1)}`;
}
