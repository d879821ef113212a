// Search page only: Pagefind's ready-made interface over the index built with the site.
// The index and this interface are served from this site; nothing is sent anywhere.
// A query in the address (search/?q=fibre) is searched straight away.
(function () {
  const holder = document.getElementById("search");
  if (!holder || typeof PagefindUI === "undefined") return;
  const ui = new PagefindUI({
    element: "#search",
    bundlePath: holder.dataset.indexFolder,
    baseUrl: holder.dataset.base, // the index stores paths from the site's root; add the sub-path
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true,
    translations: { placeholder: "Search facts, summaries and metrics" },
  });
  const input = holder.querySelector("input");
  if (input) input.setAttribute("aria-label", "Search facts, summaries and metrics");
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
