// Search page only: Pagefind's ready-made interface over the index built with the site.
// The index and this interface are served from this site; nothing is sent anywhere.
// A query in the address (search/?q=fibre) is searched straight away.
(function () {
  const SEARCHING = "Searching for";
  const holder = document.getElementById("search");
  if (!holder) return;
  // A note for when the search cannot work: its script or its index did not load. It is added
  // with its text, so that a screen reader reads it out, and taken away when all is well.
  let trouble = null;
  function warn(text) {
    if (trouble) trouble.remove();
    trouble = null;
    if (!text) return;
    trouble = document.createElement("p");
    trouble.className = "notice";
    trouble.setAttribute("role", "alert");
    trouble.textContent = text;
    holder.after(trouble);
  }
  if (typeof PagefindUI === "undefined") {
    holder.hidden = true; // no room kept for a box that will not come
    warn("The search could not be loaded. Everything it would find is also linked from the lists below.");
    return;
  }
  const ui = new PagefindUI({
    element: "#search",
    bundlePath: holder.dataset.indexFolder,
    baseUrl: holder.dataset.base, // the index stores paths from the site's root; add the sub-path
    showImages: false,
    showSubResults: false, // each result is one page; its sections were listed as "Notes" again and again
    resetStyles: false,
    pageSize: 10,
    // Rank by where a word stands (a title counts most), not by how often it comes: with the
    // default, a short context figure that said "fibre" twice outranked the claim it tests.
    ranking: { termFrequency: 0.0 },
    processTerm: normalise,
    translations: {
      placeholder: "Search facts, summaries and metrics",
      zero_results: "No results for [SEARCH_TERM]. Try another word, or browse the lists below.",
      searching: SEARCHING + " [SEARCH_TERM]…",
    },
  });
  const input = holder.querySelector("input");
  if (input) input.setAttribute("aria-label", "Search facts, summaries and metrics");
  // Pagefind writes "21 results for fibre" in a plain paragraph, which a screen reader does not
  // read out as the reader types; a status region repeats it once the results have settled.
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  holder.after(status);
  // Each result's title is a heading under the page's, as on a page of search results, so that a
  // screen reader's list of headings, or its key for the next one, goes from result to result
  // (Pagefind writes titles as plain paragraphs).
  function headings() {
    for (const title of holder.querySelectorAll(".pagefind-ui__result-title:not([role])")) {
      title.setAttribute("role", "heading");
      title.setAttribute("aria-level", "2");
    }
  }
  let settle;
  new MutationObserver(() => {
    headings();
    clearTimeout(settle);
    settle = setTimeout(() => {
      const message = holder.querySelector(".pagefind-ui__message");
      const text = message ? message.textContent.trim() : "";
      if (status.textContent !== text) status.textContent = text;
      watch(text);
      remember(); // the results changed: the clear button and Escape change them without typing
    }, 400);
  }).observe(holder, { childList: true, subtree: true, characterData: true });
  // An index that does not load (a file missing, the connection lost) leaves Pagefind saying
  // "Searching for …" for ever, with no error shown: after a while without results, say so.
  let stalled;
  function watch(text) {
    clearTimeout(stalled);
    if (trouble) warn("");
    if (text.startsWith(SEARCHING)) stalled = setTimeout(() => warn(
      "The search is taking longer than it should: its index may not have loaded. " +
      "Try again later, or browse the lists below."), 8000);
  }

  // The address follows the query, so that a reload, Back from a result, or a shared link
  // shows the same search; a query in the address is searched straight away. It is set a moment
  // after typing stops, once the results settle (above), and before the page is left (a result
  // clicked at once).
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
  let typing;
  function remember() {
    clearTimeout(typing);
    const box = holder.querySelector("input");
    if (!box) return;
    const url = new URL(window.location.href);
    const text = box.value.trim();
    if (text) url.searchParams.set("q", text);
    else url.searchParams.delete("q");
    if (url.href !== window.location.href) history.replaceState(null, "", url);
  }
  holder.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(remember, 300); });
  window.addEventListener("pagehide", remember);
  holder.addEventListener("pointerdown", remember);

  // "Load more results" leaves focus on itself, below the new results and off the screen:
  // once they are drawn, focus moves to the first of them, where a keyboard reader goes on.
  holder.addEventListener("click", (event) => {
    if (!event.target.closest(".pagefind-ui__button")) return;
    const before = holder.querySelectorAll(".pagefind-ui__result").length;
    const drawn = new MutationObserver(() => {
      const result = holder.querySelectorAll(".pagefind-ui__result")[before];
      const link = result && result.querySelector(".pagefind-ui__result-link");
      if (!link || !link.hasAttribute("href")) return; // drawn first as a placeholder, then filled in
      drawn.disconnect();
      link.focus();
    });
    drawn.observe(holder, { childList: true, subtree: true });
  }, true); // before the button's own handler, which adds the new results at once

  // What a reader types, in the words the site uses: Azerbaijani letters as the site writes
  // names in English (Əliyev: Aliyev), and other spellings of its words (fiber: fibre).
  function normalise(term) {
    const letters = new Map([["ə", "a"], ["ı", "i"], ["i̇", "i"], ["ş", "sh"], ["ç", "ch"], ["ğ", "gh"], ["ö", "o"],
      ["ü", "u"]]);
    const words = new Map([["fiber", "fibre"], ["fibers", "fibre"], ["aliev", "aliyev"], ["mamedov", "mammadov"],
      ["baki", "baku"], ["azarbaycan", "azerbaijan"], ["azerbaycan", "azerbaijan"],
      ["digitalization", "digitalisation"], ["digitization", "digitalisation"],
      ["smes", "small medium-sized businesses"], ["sme", "small medium-sized businesses"], ["e-id", "digital id"],
      ["eid", "digital id"], ["e-signature", "digital signature"], ["percent", "per cent"]]);
    return term.toLocaleLowerCase("az").replace(/i̇|[əışçğöü]/g, (c) => letters.get(c))
      .replace(/[\p{L}\p{N}-]+/gu, (word) => words.get(word) ?? word.replace(/^fibers?(?=-)/, "fibre"));
  }
})();
