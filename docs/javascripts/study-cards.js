// Study mode, cards: progress kept without an FSRS card (carried over from version 1, imported, or
// written by another tab without one) gets its card from the scheduler, loaded for that only, on
// every page: the change comes back through the store to whatever shows the progress (the badges,
// the home panel), so such a question is due at once, as a new card is.

import { onEveryPage } from "./page.js";
import { loadScheduler } from "./study-questions.js";
import { store } from "./study-store.js";

function fill() {
  if (!Object.values(store.all()).some((progress) => !progress.card)) return;
  loadScheduler().then((scheduler) => {
    try {
      scheduler.fillCards();
    } catch (error) {
      console.error("study mode:", error);  // a question that cannot be scheduled says so itself
    }
  }, () => {});
}

store.subscribe(fill);
onEveryPage(fill);
