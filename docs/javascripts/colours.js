// The colour facts of the site's scripts, in one place. The values come from Python
// (scripts/drawing/colour_scale.py, served by the build as the generated module facts:colours,
// scripts/pages/script_facts.py); the rule that picks a step of the diverging scale is Python's
// (colour_scale.diverging), restated here and held to it by tests/test_js_colours.py.

export { INK, LEVELS, MARK, WHITE } from "facts:colours";
import { LEVELS } from "facts:colours";

/** The step (-LEVELS..LEVELS) of the diverging scale a value is drawn in, for values whose largest
 *  magnitude is vmax: sign(t)·floor(|t|·LEVELS + 0.5) with t = clamp(value / vmax, -1, 1). */
export function divergingStep(value, vmax) {
  const t = vmax ? Math.min(Math.max(value / vmax, -1), 1) : 0;
  return Math.sign(t) * Math.floor(Math.abs(t) * LEVELS + 0.5);
}
