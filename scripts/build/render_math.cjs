// Render TeX with the pinned npm KaTeX, for the build (scripts/build/math_render.py runs this file once
// per build and keeps it running). One request a line, one answer a line, in order:
// stdin:  [{"tex": "...", "display": true|false}, ...]
// stdout: [{"html": "..."} or {"error": "..."}, ...], one result per input, same order.
"use strict";

const katex = require("katex");
const readline = require("node:readline");

const options = { throwOnError: true, strict: "error", output: "htmlAndMathml" };

function render({ tex, display }) {
  try {
    return { html: katex.renderToString(tex, { ...options, displayMode: display }) };
  } catch (error) {
    return { error: String(error.message || error) };
  }
}

readline.createInterface({ input: process.stdin, terminal: false }).on("line", (line) => {
  if (line.trim()) process.stdout.write(JSON.stringify(JSON.parse(line).map(render)) + "\n");
});
