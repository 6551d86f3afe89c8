// Study mode, what a visit keeps across full page loads (a reload, or every page change where
// instant navigation is off, as on a local build served at another address): sessionStorage,
// else, when the browser blocks that too, the tab's name (window.name, which outlives a page load
// in the same tab and which the browser clears when the tab goes to another site). Values are
// JSON, under keys that start with the site's root path; a tab name that is not ours is left alone.

const NAMED = "fastbook-study:";

function named() {
  try {
    return window.name.startsWith(NAMED) ? JSON.parse(window.name.slice(NAMED.length)) : {};
  } catch {
    return {};
  }
}

/** The value kept for the visit under `key`, or null. */
export function visitGet(key) {
  try {
    return JSON.parse(window.sessionStorage.getItem(key));
  } catch { /* blocked, or not JSON */ }
  return named()[key] ?? null;
}

/** Keep `value` for the visit under `key` (null removes it). */
export function visitSet(key, value) {
  try {
    if (value === null) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, JSON.stringify(value));
    return;
  } catch { /* blocked: the tab's name */ }
  if (window.name && !window.name.startsWith(NAMED)) return;  // someone else's
  const values = named();
  if (value === null) delete values[key];
  else values[key] = value;
  // eslint-disable-next-line no-restricted-syntax -- the tab's name is the browser's storage here, not a global of ours
  window.name = Object.keys(values).length ? `${NAMED}${JSON.stringify(values)}` : "";
}
