// Bundle and minify the site's ES modules with the pinned npm esbuild, for the build
// (scripts/build/site_script.py runs this file once per build). No network, no file written.
// stdin:  {"entries": [{"source": "/abs/docs/javascripts/site.js", "output": "assets/javascripts/site.js"}, ...],
//          "generated": {"facts:colours": "export const …"}}
// stdout: {"outputs": {"assets/javascripts/site.js": "…", ...}} or {"errors": ["file:line:column: message", ...]}
// An import of another entry's source stays an import (of that entry's output, by a relative URL),
// so a module shared by several entries runs once per page: the lazily loaded entries import the
// every-page bundle, they do not carry a copy of it.
"use strict";

const path = require("node:path");
const esbuild = require("esbuild");

function plugin(entries, current, generated) {
  const outputs = new Map(entries.map((entry) => [path.resolve(entry.source), entry.output]));
  const here = path.posix.dirname(current.output);
  return {
    name: "site-entries",
    setup(build) {
      build.onResolve({ filter: /^facts:/ }, (args) => {
        if (!(args.path in generated)) return { errors: [{ text: `${args.path}: no such generated module` }] };
        return { path: args.path, namespace: "facts" };
      });
      build.onLoad({ filter: /.*/, namespace: "facts" }, (args) => ({ contents: generated[args.path], loader: "js" }));
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        const output = outputs.get(target);
        if (!output || target === path.resolve(current.source)) return undefined;
        const relative = path.posix.relative(here, output);
        return { path: relative.startsWith(".") ? relative : `./${relative}`, external: true };
      });
    },
  };
}

async function bundle(entries, current, generated) {
  const result = await esbuild.build({
    entryPoints: [current.source],
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2022",
    charset: "utf8",
    write: false,
    logLevel: "silent",
    plugins: [plugin(entries, current, generated)],
  });
  return [current.output, result.outputFiles[0].text];
}

function describe(error) {
  const messages = error.errors || [{ text: String(error.message || error) }];
  return messages.map(({ location, text }) => (location ? `${location.file}:${location.line}:${location.column}: ${text}` : text));
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const { entries, generated = {} } = JSON.parse(input);
  const settled = await Promise.allSettled(entries.map((entry) => bundle(entries, entry, generated)));
  const errors = settled.flatMap((outcome) => (outcome.status === "rejected" ? describe(outcome.reason) : []));
  process.stdout.write(JSON.stringify(errors.length ? { errors } : { outputs: Object.fromEntries(settled.map((o) => o.value)) }));
});
