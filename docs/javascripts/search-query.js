// Search, the query as a student types it: lunr, which Material's search runs in a Web Worker,
// reads `word:` as "search the field named word", so `padding:` or `stride: 2` found nothing (no
// such field). Material 9 has no hook to change the query before it is searched, and hands it to
// its worker with postMessage({type: 2, data: query}); that message gets the query with every
// colon that does not follow one of the index's fields (title, text, tags) made a space.
// A query like `title:padding` keeps working as lunr means it.

const QUERY = 2;  // Material's SearchMessageType.QUERY (src/templates/assets/javascripts/integrations/search/worker/message)
const FIELDS = new Set(["title", "text", "tags"]);

/** The query with a colon that names no field of the index read as a space. */
export function searchQuery(query) {
  return query.replace(/([^\s:]*):+/g, (whole, word, offset, text) => {
    const rest = text.slice(offset + whole.length);
    return FIELDS.has(word.replace(/^[+-]/, "").toLowerCase()) && /^[^\s:]/.test(rest) ? whole : `${word} `;
  });
}

const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function postMessage(message, ...rest) {
  if (message && message.type === QUERY && typeof message.data === "string") {
    return post.call(this, { ...message, data: searchQuery(message.data) }, ...rest);
  }
  return post.call(this, message, ...rest);
};
