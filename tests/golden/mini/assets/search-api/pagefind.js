// Pagefind's search API as the search page's interface (Pagefind's UI) meets it: Pagefind's own, with
// the filter groups listed in the site's order. The interface draws the groups in the order the API
// lists them, which is by name ("Rating" before "Type"); readers should meet Type first, which every
// page has, then Rating, which only claims have. A search without words (filters without a query:
// search.js has Pagefind search for null) lists its pages in the site's order rather than the index's,
// which means nothing to a reader. A query that is a page's title, as a metric's or a speaker's name,
// lists that page first (see named); a query in a page's title lists the pages before the sources (see
// pagesFirst); a figure lists the facts of that figure first (see figured). The interface loads
// "pagefind.js" from the folder it is given (search.js gives it this one); the index, and the search
// itself, stay Pagefind's.
import * as pagefind from "../../pagefind/pagefind.js";

// The groups in the order the search page names them (its data-filters); any other comes after them.
const holder = document.getElementById("search");
const ORDER = holder && holder.dataset.filters ? holder.dataset.filters.split(",") : [];
const LOOKED_AT = 20; // the results, best first, whose titles are read for a query: two pages of them

function ordered(groups) {
  if (!groups || typeof groups !== "object") return groups;
  const place = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  const names = Object.keys(groups).sort((a, b) => place(a) - place(b)); // stable: the rest keep their order
  return Object.fromEntries(names.map((name) => [name, groups[name]]));
}

// How search.js reads a name (its sameName option, which the interface hands on with Pagefind's own
// options): in the words a query is read in, without case, punctuation or an article at either end.
let sameName = null;

// What the interface calls (options, preload, filters, search), Pagefind's answers reordered.
export function options({ sameName: reading, ...settings } = {}) {
  if (typeof reading === "function") sameName = reading;
  return pagefind.options(settings); // Pagefind is given only its own options
}
export const preload = (term, settings) => pagefind.preload(term, settings);
export const filters = async () => ordered(await everyGroup());
// Pagefind loads a filter group's file when a search or the interface first needs it, and counts a
// group's values over the results only once its file is in: a search made as the page opens (a query
// or a box ticked in the address) could finish first, and the groups it had no file for were left
// out, to be drawn a moment later, pushing the results down (on a slow phone, a second after them).
// Each search waits for every group's file, loaded once for the interface's list and the searches.
let groups = null;
function everyGroup() {
  if (!groups) groups = pagefind.filters();
  return groups;
}
// Filters without a query list dated pages (claims, context figures) newest first, then the others in
// the order of their titles: every indexed page has the sort key "listing" that says so (the build's
// listing_key; Pagefind leaves out of a sorted search any page without the key). A query keeps
// Pagefind's order, by relevance, but for the page it names.
const LISTING = { listing: "asc" };
export async function search(term, settings) {
  try {
    await everyGroup();
  } catch {
    groups = null; // a file that did not load: the search goes on, and the next one tries again
  }
  if (term === null) {
    const found = await pagefind.search(term, { ...settings, sort: LISTING });
    return found && { ...found, filters: ordered(found.filters), totalFilters: ordered(found.totalFilters) };
  }
  const wanted = sameName && typeof term === "string" ? sameName(term) : "";
  let found = await pagefind.search(term, settings);
  let [pages, read] = await named(found, wanted);
  // A name with an article before or after it finds only the pages that have the article too, which
  // a metric's page may not ("the digital ID users, government target" did not find the metric's):
  // when no title is the name, the name's own words are searched, with the reader's filters, and
  // their results are listed if one of their titles is.
  if (!pages.size && words(wanted) < words(term)) {
    const bare = await pagefind.search(wanted, settings);
    const [bareNamed, bareRead] = await named(bare, wanted);
    if (bareNamed.size) [found, pages, read] = [bare, bareNamed, bareRead];
  }
  return found && {
    ...found,
    results: first(pagesFirst(found.results, read, wanted), [pages, ...figured(term, read)]),
    filters: ordered(found.filters),
    totalFilters: ordered(found.totalFilters),
  };
}

// The results whose title is the query, read as a name (wanted), by their ids: a reader who types a
// metric's name wants its page, which Pagefind can list behind facts whose titles repeat the name's
// words ("Population": seven pages, then the metric's). The titles of the first results are read and
// compared with it; a query of fewer words than a title (one word that many claims share, "fibre")
// matches none, and its results keep Pagefind's order. Reading a title loads its result's fragment,
// which Pagefind keeps for the interface to show the result with; the first ten it shows at once.
// Also the metadata of the results read (title and type), by their ids, for pagesFirst.
async function named(found, wanted) {
  if (!wanted || !found || !Array.isArray(found.results)) return [new Set(), new Map()];
  const top = found.results.slice(0, LOOKED_AT);
  try {
    const metas = await Promise.all(top.map(async (result) => (await result.data()).meta || {}));
    const read = new Map(top.map((result, place) => [result.id, metas[place]]));
    return [new Set(top.filter((_, place) => sameName(metas[place].title || "") === wanted).map((result) => result.id)), read];
  } catch {
    return [new Set(), new Map()]; // a fragment that did not load: the results keep Pagefind's order
  }
}

// The type of the sources' results (templates/sources.html): each is an entry of the sources page, a
// few words long (outlet, title, author, date), and Pagefind, which ranks a word's page higher the
// shorter the page, listed them above the claims for a word of their titles ("fibre": three sources,
// then the claims). When a page's title, among the results read, holds every word of the query, those
// results list the pages before the sources (each part in Pagefind's order); a query of an outlet or an
// author ("Trend", "Nazrin Abdul"), in no page's title, keeps Pagefind's order, the sources first.
const SOURCE = "Source";
function pagesFirst(results, read, wanted) {
  if (!Array.isArray(results) || !read.size || !wanted) return results;
  const asked = wanted.split(" ");
  const titled = [...read.values()].some((meta) => meta.type !== SOURCE
    && asked.every((word) => sameName(meta.title || "").split(" ").includes(word)));
  if (!titled) return results;
  const top = results.slice(0, read.size);
  const isSource = (result) => (read.get(result.id) || {}).type === SOURCE;
  return [...top.filter((result) => !isSource(result)), ...top.filter(isSource), ...results.slice(read.size)];
}

// The results read whose figure a query is, by their ids: those with the figure as written, then those
// with it qualified ("nearly 100%" for "100%"). Pagefind reads "74%" as "74", and listed Azerbaijan's
// 74th place in a ranking above the claim of 74%, and four pages "per 100 people" above the claim of
// 100%. A fact's title, as its search result shows it, begins with its figure and a colon ("74%:
// National fibre broadband coverage, according to …", the build's fact_heading); search.js hands on
// "74 per cent" as "74%". A query with no digit is no figure.
const FACTS = new Set(["Claim", "Context figure"]);
function figured(term, read) {
  const asked = asFigure(term);
  const exact = new Set(), qualified = new Set();
  if (!/\p{N}/u.test(asked)) return [exact, qualified];
  for (const [id, meta] of read) {
    const title = asFigure(meta.title);
    const colon = title.indexOf(": ");
    if (!FACTS.has(meta.type) || colon < 0) continue;
    const figure = title.slice(0, colon);
    if (figure === asked) exact.add(id);
    else if (figure.endsWith(" " + asked)) qualified.add(id);
  }
  return [exact, qualified];
}

// A figure as a query and a title are compared: without case, with one space between words and
// none before a per cent sign.
function asFigure(text) {
  return typeof text === "string" ? text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim().replace(/ %/g, "%") : "";
}

// How many words a text has, its punctuation left out.
function words(text) {
  return typeof text === "string" ? text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length : 0;
}

// The results in the order of the sets of ids given (the named pages, then the facts whose figure the
// query is, …), then the others, each part in Pagefind's order; the count is unchanged.
function first(results, sets) {
  if (sets.every((ids) => !ids.size) || !Array.isArray(results)) return results;
  const part = (result) => {
    const found = sets.findIndex((ids) => ids.has(result.id));
    return found < 0 ? sets.length : found;
  };
  return sets.map((_, place) => place).concat(sets.length)
    .flatMap((place) => results.filter((result) => part(result) === place));
}
