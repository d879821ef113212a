// Pagefind's search API as the search page's interface (Pagefind's UI) meets it: Pagefind's own, with
// the filter groups listed in the site's order. The interface draws the groups in the order the API
// lists them, which is by name ("Rating" before "Type"); readers should meet Type first, which every
// page has, then Rating, which only claims have. A search without words (filters without a query:
// search.js has Pagefind search for null) lists its pages in the site's order rather than the index's,
// which means nothing to a reader. The interface loads "pagefind.js" from the folder it is given
// (search.js gives it this one); the index, and the search itself, stay Pagefind's.
import * as pagefind from "../../pagefind/pagefind.js";

// The groups in the order the search page names them (its data-filters); any other comes after them.
const holder = document.getElementById("search");
const ORDER = holder && holder.dataset.filters ? holder.dataset.filters.split(",") : [];

function ordered(groups) {
  if (!groups || typeof groups !== "object") return groups;
  const place = (name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  const names = Object.keys(groups).sort((a, b) => place(a) - place(b)); // stable: the rest keep their order
  return Object.fromEntries(names.map((name) => [name, groups[name]]));
}

// What the interface calls (options, preload, filters, search), Pagefind's answers reordered.
export const options = (settings) => pagefind.options(settings);
export const preload = (term, settings) => pagefind.preload(term, settings);
export const filters = async () => ordered(await pagefind.filters());
// Filters without a query list dated pages (claims, context figures) newest first, then the others in
// the order of their titles: every indexed page has the sort key "listing" that says so (the build's
// listing_key; Pagefind leaves out of a sorted search any page without the key). A query keeps
// Pagefind's order, by relevance.
const LISTING = { listing: "asc" };
export async function search(term, settings) {
  const found = await pagefind.search(term, term === null ? { ...settings, sort: LISTING } : settings);
  return found && { ...found, filters: ordered(found.filters), totalFilters: ordered(found.totalFilters) };
}
