// Study mode on the pages with questions (the section pages), loaded by the site script there only
// (study-questions.js): the grades in each answer and the badges beside "Answer" (study-marks.js),
// the keys (study-keys.js), the page tools with the list of shortcuts (study-toolbar.js,
// study-help.js) and printing with every answer open (study-print.js). An entry of its own
// (scripts/build/site_script.py's ENTRIES): what it shares with the site script (the store, the
// questions, the status line) it imports from ./site.js, so the page keeps one of each. It runs
// once; its listeners act on whichever page is shown, and pages without questions never load it.

import "./study-marks.js";
import "./study-keys.js";
import "./study-toolbar.js";
import "./study-print.js";
