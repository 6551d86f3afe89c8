// The script every page runs (assets/javascripts/site.js, bundled and minified at build time by
// scripts/build/site_script.py): each module below registers its listeners and subscribes to
// Material's document$ once, in this order (answers.js opens a linked answer before study mode
// closes the one it went to). Its exports are what the entries it loads on demand (study-page.js
// on the pages with questions, study-home.js, study-scheduler.js) import: they import this file,
// so the page keeps one store and one session.

import "./answers.js";
import "./search-query.js";
import "./short-links.js";
import "./accessibility.js";
import "./palette-switch.js";
import "./study-questions.js";
import "./study-cards.js";

export { onEveryPage, element } from "./page.js";
export { announce, scheduleError } from "./study-status.js";
export { GRADES } from "./study-grades.js";
export { root, store } from "./study-store.js";
export { isItem, isQuestion } from "./study-ids.js";
export { answerOf, focusQuestion, loadScheduler, pageQuestions, questionName, questions, session, visit } from "./study-questions.js";
