// Search page only: Pagefind's ready-made interface over the index built with the site.
// The index and this interface are served from this site; nothing is sent anywhere.
// A query in the address (search/?q=fibre&type=Claim) is searched straight away, with its filters;
// filters without a query (search/?type=Claim) list every page they match.
(function () {
  const SEARCHING = "Searching for", NO_RESULTS = "No results for";
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
    warn("The search could not be loaded. Everything it would find is also linked from the lists above.");
    return;
  }
  // The filters the pages declare (data-pagefind-filter), in the order readers meet them (the page's
  // data-filters; search-api/pagefind.js lists the groups so), each kept in the address under its
  // name in lower case (search/?q=fibre&type=Claim), so that a reload, Back from a result or a shared
  // link narrows the results as the reader did. A group chosen there starts open, showing why the
  // results are fewer; the others start closed (an open one pushes the results down a phone's
  // screen by its height), and a group lists only the values some result has.
  const FILTERS = holder.dataset.filters.split(",");
  const address = new URLSearchParams(window.location.search);
  const chosen = {};
  for (const name of FILTERS) {
    const values = address.getAll(name.toLowerCase()).filter(Boolean);
    if (values.length) chosen[name] = values;
  }
  let standIn = null; // what Pagefind is given in place of a query, filters without one (see browse)
  const ui = new PagefindUI({
    element: "#search",
    bundlePath: holder.dataset.apiFolder, // Pagefind's API, its filter groups in the page's order (see there)
    baseUrl: holder.dataset.base, // the index stores paths from the site's root; add the sub-path
    showImages: false,
    showSubResults: false, // each result is one page; its sections were listed as "Notes" again and again
    resetStyles: false,
    pageSize: 10,
    openFilters: Object.keys(chosen),
    showEmptyFilters: false,
    // Rank by where a word stands (a title counts most), not by how often it comes: with the
    // default, a short context figure that said "fibre" twice outranked the claim it tests.
    ranking: { termFrequency: 0.0 },
    processTerm: (term) => (standIn !== null && term === standIn ? null : normalise(term)),
    // Not Pagefind's: the interface hands it on to search-api/pagefind.js, which lists first the page
    // whose name the query is, read so (a metric's, below the facts that repeat its words).
    sameName,
    translations: {
      placeholder: "", // the box has a label of its own, above it (below); Pagefind's title repeats this
      zero_results: NO_RESULTS + " [SEARCH_TERM]. Try another word, or browse the lists above.",
      searching: SEARCHING + " [SEARCH_TERM]…",
    },
  });
  // The box's name, shown above it, where it stays as the reader types (WCAG 3.3.2): a placeholder, its only
  // visible name before, went with the first letter typed. A screen reader and voice control name the box by
  // the same words (WCAG 2.5.3). Made with the box, so that without scripts no label stands above nothing.
  const input = holder.querySelector(".pagefind-ui__search-input");
  if (input) {
    input.id = "search-words";
    const label = document.createElement("label");
    label.className = "search-label";
    label.htmlFor = input.id;
    label.textContent = "Words or figures to search for";
    holder.prepend(label);
  }
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
    const shown = holder.querySelector(".pagefind-ui__message");
    if (shown && shown.textContent.trim() && !shown.textContent.startsWith(SEARCHING)) delete holder.dataset.opening;
    clearTimeout(settle);
    settle = setTimeout(() => {
      const message = holder.querySelector(".pagefind-ui__message");
      const text = message ? message.textContent.trim() : "";
      // No search came: every box is shown. (Pagefind starts the address's search within its 300 ms
      // wait after a change, less than this one's 400, so this comes after "Searching…" is written.)
      if (!text.startsWith(SEARCHING)) delete holder.dataset.opening;
      say(text);
      watch(text);
      dropUnknown();
      remember(); // the results changed: the clear button and Escape change them without typing
    }, 400);
  }).observe(holder, { childList: true, subtree: true, characterData: true });
  // No results with boxes ticked: Pagefind's message says to try another word, when the word may be
  // on pages the boxes leave out ("fibre" with Type: Speaker ticked: 31 results without it). A note
  // below it gives the count without the filters, and the status region reads it out with the message.
  const leftOut = document.createElement("p");
  leftOut.className = "notice";
  leftOut.hidden = true;
  holder.after(leftOut);
  let saying = 0;
  async function say(text) {
    const asked = ++saying;
    const box = holder.querySelector("input");
    const query = box ? box.value.trim() : "";
    const groups = ticked();
    const named = FILTERS.flatMap((name) => (groups[name] || []).map((value) => `${name}: ${value}`));
    let note = "", meant = null;
    if (text.startsWith(NO_RESULTS) && query && standIn === null) {
      try { // the interface's own search, its options set, without the filters
        const api = await import(holder.dataset.apiFolder + "pagefind.js");
        const count = async (words) => {
          const found = await api.search(normalise(words));
          return found && Array.isArray(found.results) ? found.results.length : 0;
        };
        const results = (n) => (n === 1 ? "is 1 result" : `are ${n} results`);
        const all = named.length ? await count(query) : 0;
        if (all) note = `Without the filters ticked above (${named.join(", ")}), there ${results(all)} for ${query}.`;
        const better = all ? null : await respelt(query);
        const found = better ? await count(better) : 0;
        if (found) {
          meant = better;
          note = `Did you mean ${better}? There ${results(found)} for it` +
            (named.length ? ", without the filters ticked above." : ".");
        }
      } catch {
        // the index did not load: the note of trouble says so (see watch)
      }
    }
    if (asked !== saying) return; // the results changed meanwhile
    leftOut.textContent = note;
    if (meant) { // the word suggested is a link to its search, as the address writes one
      const link = document.createElement("a");
      link.href = "?q=" + encodeURIComponent(meant);
      link.textContent = meant;
      leftOut.replaceChildren("Did you mean ", link, note.slice(`Did you mean ${meant}`.length));
    }
    leftOut.hidden = !note;
    const said = note ? `${text} ${note}` : text;
    if (status.textContent !== said) status.textContent = said;
  }
  // An index that does not load (a file missing, the connection lost) leaves Pagefind saying
  // "Searching for …" for ever, with no error shown: after a while without results, say so.
  let stalled;
  function watch(text) {
    clearTimeout(stalled);
    if (trouble) warn("");
    if (text.startsWith(SEARCHING)) stalled = setTimeout(() => {
      delete holder.dataset.opening; // every box shown: the results that would narrow them are not coming
      warn("The search is taking longer than it should: its index may not have loaded. " +
        "Try again later, or browse the lists above.");
    }, 8000);
  }

  // The address follows the query, so that a reload, Back from a result, or a shared link
  // shows the same search; a query in the address is searched straight away. It is set a moment
  // after typing stops, once the results settle (above), and before the page is left (a result
  // clicked at once).
  if (Object.keys(chosen).length) {
    holder.dataset.opening = ""; // until the results come, a ticked group shows its ticked boxes alone (stylesheet)
    ui.triggerFilters(chosen);
  }
  const query = address.get("q");
  if (query) ui.triggerSearch(query);
  else browse(chosen);
  // A value in the address that no page has (a link from before a type was renamed) would hide
  // every result with no box to untick. Once Pagefind has drawn its boxes, when every filter file is
  // in, such values are dropped and the search is made again without them. (Every search waits for
  // those files, search-api/pagefind.js, so that the first one's boxes and counts are whole.)
  let checked = false, touched = false;
  const notLoaded = new Set(); // the groups of the address whose file did not load
  async function dropUnknown() {
    if (checked || !holder.querySelector(".pagefind-ui__filter-panel")) return;
    checked = true;
    let all;
    try {
      all = await (await import(holder.dataset.indexFolder + "pagefind.js")).filters(); // Pagefind's own instance
    } catch {
      return;
    }
    if (touched) return; // a box ticked meanwhile made a search of its own
    const kept = {};
    for (const [name, values] of Object.entries(chosen)) {
      const known = values.filter((value) => all[name] && value in all[name]);
      if (known.length) kept[name] = known;
    }
    if (JSON.stringify(kept) === JSON.stringify(chosen)) return; // every value known: the search stands
    // A group missing altogether is one whose file did not load (every page has a Type; claims, a
    // Rating): its values cannot be searched (Pagefind finds nothing with them), and are dropped too,
    // which the reader is told, as the results are then not narrowed as the address asked.
    const unloaded = Object.keys(chosen).filter((name) => !all[name]);
    for (const name of unloaded) notLoaded.add(name); // the address keeps them, for a reload to try again
    if (unloaded.length) { // above the box, as it says what the results below are: added with its text, read out
      const asked = unloaded.flatMap((name) => chosen[name].map((value) => `${name}: ${value}`));
      const note = document.createElement("p");
      note.className = "notice";
      note.setAttribute("role", "alert");
      note.textContent = `The ${unloaded.join(" and ")} filter${unloaded.length > 1 ? "s" : ""} could not be ` +
        `loaded, so the results are not narrowed by ${asked.join(", ")}. Reload the page to try again.`;
      holder.before(note);
    }
    ui.triggerFilters(kept);
    browse(kept); // with the box empty, the listing is of the filters kept
    if (unloaded.length) remember(); // the address had lost them as the results settled
  }

  // Filters without a query list every page they match, as other sites' search pages do. Pagefind's
  // interface searches only for words (with the box empty it shows nothing), so it is given, in
  // place of a query, the filters ticked ("Type: Claim"): it names them in its count of results
  // ("13 results for Type: Claim", which the status region reads out), and processTerm turns them
  // into no words at all, for which Pagefind's search lists every page that has the filters. The box
  // is left empty, and its clear button hidden (the stylesheet), with nothing in the box to clear.
  function browse(groups = ticked()) {
    const box = holder.querySelector("input");
    if (!box || box.value !== "") {
      standIn = null;
      delete holder.dataset.byFilters;
      return;
    }
    const named = FILTERS.flatMap((name) => (groups[name] || []).map((value) => `${name}: ${value}`));
    if (!named.length) {
      if (standIn !== null) forget();
      return;
    }
    standIn = named.join(", ");
    holder.dataset.byFilters = "";
    ui.triggerSearch(standIn);
    queueMicrotask(() => { box.value = ""; }); // once Pagefind has written it into the box
  }
  // The last box unticked with the box empty: the page is as it opened, without results or boxes.
  function forget() {
    standIn = null;
    delete holder.dataset.byFilters;
    const box = holder.querySelector("input");
    const inside = holder.contains(document.activeElement) && document.activeElement !== box;
    box.value = "";
    box.dispatchEvent(new Event("input", { bubbles: true })); // Pagefind empties its search so
    if (inside) box.focus(); // focus was on a box now hidden: it goes on from the search box
  }
  // The boxes ticked, once Pagefind has drawn them; before, the address's.
  function ticked() {
    const panel = holder.querySelector(".pagefind-ui__filter-panel");
    if (!panel) return chosen;
    const groups = {};
    for (const tick of panel.querySelectorAll(".pagefind-ui__filter-checkbox:checked")) {
      if (FILTERS.includes(tick.name)) (groups[tick.name] ??= []).push(tick.value);
    }
    return groups;
  }
  let typing;
  function remember() {
    clearTimeout(typing);
    const box = holder.querySelector("input");
    if (!box) return;
    const url = new URL(window.location.href);
    const text = box.value.trim();
    if (text) url.searchParams.set("q", text);
    else url.searchParams.delete("q");
    // The ticked boxes, once Pagefind has drawn them: before, the address's own are kept.
    if (holder.querySelector(".pagefind-ui__filter-panel")) {
      const groups = ticked();
      for (const name of FILTERS) {
        url.searchParams.delete(name.toLowerCase());
        const values = notLoaded.has(name) ? chosen[name] : groups[name]; // a group not loaded has no boxes
        for (const value of values || []) url.searchParams.append(name.toLowerCase(), value);
      }
    }
    if (url.href !== window.location.href) history.replaceState(null, "", url);
  }
  holder.addEventListener("input", (event) => {
    if (event.target.type === "checkbox") return; // a filter: its change event follows
    if (!event.isTrusted) return; // forget's own, made when the last box was unticked
    clearTimeout(typing);
    typing = setTimeout(remember, 300);
    browse(); // the box emptied with boxes ticked lists their pages; typed in, it searches as ever
  });
  holder.addEventListener("change", (event) => {
    if (event.target.type !== "checkbox") return;
    delete holder.dataset.opening; // a box the reader unticks, or ticks, stays in view
    touched = true;
    remember();
    browse();
  });
  // The clear button and Escape empty Pagefind's search once their own handlers have run.
  holder.addEventListener("click", (event) => {
    if (event.target.closest(".pagefind-ui__search-clear")) queueMicrotask(() => browse());
  });
  holder.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && event.target === holder.querySelector("input")) queueMicrotask(() => browse());
  });
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

  // A name as a query is compared with it: in the words the site uses (below), without case or
  // punctuation, nor an article at either end ("the population" is the metric "Population").
  function sameName(text) {
    return normalise(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim().replace(/^(?:the|an?) | (?:the|an?)$/g, "");
  }

  // A word that finds nothing, misspelt ("brodband"), is offered the nearest word of the site's titles
  // and names (search/words.json, most used first, loaded when first needed): one letter away for a
  // word of four or five letters, two for a longer one (a letter added, left out, changed, or two
  // swapped); a word of fewer than four letters, with other than letters inside it (a digit, a hyphen)
  // or known is kept as typed.
  let vocabulary = null;
  async function respelt(query) {
    if (!vocabulary) {
      vocabulary = fetch(holder.dataset.words).then((answer) => (answer.ok ? answer.json() : []))
        .then((words) => (Array.isArray(words) ? words : []), () => []);
    }
    const words = await vocabulary;
    const known = new Set(words);
    let changed = false;
    const terms = query.toLocaleLowerCase("az").split(/\s+/).filter(Boolean).map((term) => {
      const bare = term.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      if (bare.length < 4 || /[^\p{L}]/u.test(bare) || known.has(bare)) return term;
      const most = bare.length < 6 ? 1 : 2;
      let nearest = null, least = most + 1;
      for (const word of words) {
        if (Math.abs(word.length - bare.length) >= least) continue;
        const apart = distance(bare, word, least);
        if (apart < least) [nearest, least] = [word, apart];
        if (least === 1) break; // the most used of the words one letter away
      }
      if (nearest === null) return term;
      changed = true;
      return nearest;
    });
    return changed ? terms.join(" ") : null;
  }

  // How many letters must be added, left out, changed or swapped with the next to make a into b
  // (the optimal string alignment distance), or limit when it is limit or more.
  function distance(a, b, limit) {
    let before = null, row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      let least = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, before[j - 2] + 1); // two letters swapped
        }
        next.push(d);
        least = Math.min(least, d);
      }
      if (least >= limit) return limit;
      [before, row] = [row, next];
    }
    return Math.min(row[b.length], limit);
  }

  // What a reader types, in the words the site uses: Azerbaijani letters as the site writes
  // names in English (Əliyev: Aliyev), other spellings of its words (fiber: fibre), and a share
  // written out ("65 percent", "65 per cent") as the site writes it, "65%", which Pagefind reads as
  // the figure alone: with the words, only the pages that also said "per cent" were found, and the
  // claim of 65% was not among them.
  function normalise(term) {
    const letters = new Map([["ə", "a"], ["ı", "i"], ["i̇", "i"], ["ş", "sh"], ["ç", "ch"], ["ğ", "gh"], ["ö", "o"],
      ["ü", "u"]]);
    const words = new Map([["fiber", "fibre"], ["fibers", "fibre"], ["aliev", "aliyev"], ["mamedov", "mammadov"],
      ["baki", "baku"], ["azarbaycan", "azerbaijan"], ["azerbaycan", "azerbaijan"],
      ["digitalization", "digitalisation"], ["digitization", "digitalisation"],
      ["smes", "small medium-sized businesses"], ["sme", "small medium-sized businesses"], ["e-id", "digital id"],
      ["eid", "digital id"], ["e-signature", "digital signature"], ["percent", "per cent"]]);
    return term.toLocaleLowerCase("az").replace(/i̇|[əışçğöü]/g, (c) => letters.get(c))
      .replace(/(\p{N}) ?(?:per ?cent|pct)(?![\p{L}\p{N}])/gu, "$1%")
      .replace(/[\p{L}\p{N}-]+/gu, (word) => words.get(word) ?? word.replace(/^fibers?(?=-)/, "fibre"));
  }
})();
