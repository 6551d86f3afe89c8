// Study mode, which ids are questions: the one rule for progress kept in storage, carried over
// from version 1, imported, and for the question headings of a page. KNOWN holds, per kind of
// question, the largest number the site has (kind: the letter before the number in its id); a new
// kind is one line here (and its name in questionName). tests/test_hostile_study.py checks it against the built questions.json.

export const KNOWN = { q: 40, r: 3 };

/** Whether `id` is one of the site's questions: q1–q40 and r1–r3. */
export function isQuestion(id) {
  const match = typeof id === "string" && /^([a-z])([1-9]\d*)$/.exec(id);
  return Boolean(match && Object.hasOwn(KNOWN, match[1]) && Number(match[2]) <= KNOWN[match[1]]);
}

/** "question 17" or "further research question 2". */
export function questionName(id) {
  return `${id[0] === "r" ? "further research question" : "question"} ${id.slice(1)}`;
}
