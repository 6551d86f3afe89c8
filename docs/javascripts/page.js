// What the site's scripts share: running on every page Material shows, making elements, and a
// page script's setup (fetch the page's data, render its container once, keep the static figure
// if that fails). Material's instant navigation swaps the page without reloading, and emits the
// new document on `document$`; a module runs once, so it subscribes once and acts on each emission.

/** Call `callback` for every page Material shows, the first one included. A page-only module
 *  (its <script> is in the article, before Material's bundle) runs before `document$` exists:
 *  it subscribes once every deferred script and module has run. */
export function onEveryPage(callback) {
  const subscribe = () => document$.subscribe(callback);
  if (typeof document$ === "undefined") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
  else subscribe();
}

/** document.createElement with a class and a text, each optional. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A page script's setup: on every page with `selector` and the links to its data (each
 *  {id, as: "json" | "arrayBuffer"}), fetch them and `render(container, ...data)`, once per
 *  container (its data-state: loading, ready, failed). If anything fails, the container keeps its
 *  static figure and the console says why, prefixed by `name`. */
export function renderOnce({ name, selector, data, render }) {
  onEveryPage(() => {
    const root = document.querySelector(selector);
    const links = data.map(({ id }) => document.getElementById(id));
    if (!root || links.includes(null) || root.dataset.state) return;
    root.dataset.state = "loading";
    Promise.all(links.map((link, index) => fetch(link.href).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${link.href}`);
      return response[data[index].as]();
    })))
      .then((values) => {
        render(root, ...values);
        root.dataset.state = "ready";
      })
      .catch((error) => {
        root.dataset.state = "failed";
        console.warn(`${name}: keeping the static figure:`, error);
      });
  });
}
