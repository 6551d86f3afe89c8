// The script every page runs (assets/javascripts/site.js, bundled and minified at build time by
// scripts/build/site_script.py): each module below registers its listeners and subscribes to
// Material's document$ once, in this order (answers.js opens a linked answer before study mode
// closes the one it went to). Its exports are what the entries it loads on demand (study-home.js,
// study-scheduler.js) import: they import this file, so the page keeps one store and one session.

import "./answers.js";
import "./short-links.js";
import "./accessibility.js";
import "./study-questions.js";
import "./study-marks.js";
import "./study-keys.js";
import "./study-toolbar.js";
import "./study-print.js";

export { onEveryPage, element } from "./page.js";
export { announce } from "./study-status.js";
export { GRADES } from "./study-marks.js";
export { root, store } from "./study-store.js";
export { loadScheduler, questionName, questions, session, visit } from "./study-questions.js";
