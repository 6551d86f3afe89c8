// Study mode, the grades a reader gives (FSRS ratings 1–4, keys 1–4), in their order: shared by the
// grade buttons (study-marks.js), the scheduler (study-scheduler.js) and the drills.

export const GRADES = ["Again", "Hard", "Good", "Easy"];
