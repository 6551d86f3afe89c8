// Drills, scheduling: a drill type is an item of the study schedule (ids d1…d9, in questions.json
// with kind "d"), graded by the exercise's result. Through the site script's study store
// (javascripts/study-store.js) and the FSRS scheduler it loads (javascripts/study-scheduler.js):
// the grade is kept, not announced, and a review session goes on only when the reader asks.

export const GRADES = ["Again", "Hard", "Good", "Easy"];

/** Keep a grade (1 Again, 2 Hard, 3 Good) for drill `id`: {when, kept, session, next()} or null without study mode. */
export async function record(id, grade) {
  const study = window.study;
  if (!study?.store || !study.loadScheduler) return null;
  const scheduler = await study.loadScheduler();
  const now = Date.now();
  const progress = scheduler.outcomes(study.store.get(id), now)[grade];
  const kept = study.store.set(id, progress);
  return {
    when: study.store.until(progress.card.due, now),
    kept,
    session: study.session?.()?.current === id,
    next: () => scheduler.review(id),
  };
}
