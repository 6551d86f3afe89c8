// Drills, scheduling: a drill type is an item of the study schedule (ids d1…d9, in questions.json
// with kind "d"), graded by the exercise's result. Through the every-page bundle's study store and
// the FSRS scheduler it loads (../study-store.js, ../study-scheduler.js, imported from ../site.js so
// the page keeps one store and one session): the grade is kept, not announced, and a review
// session goes on only when the reader asks.

import { GRADES, loadScheduler, session, store } from "../site.js";

export { GRADES };

/** Keep a grade (1 Again, 2 Hard, 3 Good) for drill `id`: {when, kept, session, next()}. */
export async function record(id, grade) {
  const scheduler = await loadScheduler();
  const now = Date.now();
  const progress = scheduler.outcomes(store.get(id), now)[grade];
  const kept = store.set(id, progress);
  return {
    when: store.until(progress.card.due, now),
    kept,
    session: session()?.current === id,
    next: () => scheduler.review(id),
  };
}
