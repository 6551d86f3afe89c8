// ESLint's configuration (flat config, pinned eslint in package.json), run by tests/test_lint_js.py:
// the site's ES modules (docs/javascripts/) for the browser, the build's Node scripts (scripts/**/*.cjs).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["docs/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: {
        ...globals.browser,
        document$: "readonly",  // Material's observables and storage scope (its bundle and inline script)
        target$: "readonly",
        __md_scope: "readonly",
      },
    },
    rules: {
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-restricted-syntax": ["error", {
        selector: "AssignmentExpression > MemberExpression.left[object.name='window']",
        message: "No shared mutable global: export it from a module and import it where it is used.",
      }],
    },
  },
  {
    files: ["scripts/**/*.cjs"],
    languageOptions: { ecmaVersion: 2024, sourceType: "commonjs", globals: globals.node },
  },
];
