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
  // Pagefind writes "21 results for fibre" in a plain paragraph, which a screen reader does not
  // read out as the reader types; a status region repeats it once the results have settled.
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  holder.after(status);
  let settle;
  new MutationObserver(() => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      const message = holder.querySelector(".pagefind-ui__message");
      const text = message ? message.textContent.trim() : "";
      if (status.textContent !== text) status.textContent = text;
    }, 400);
  }).observe(holder, { childList: true, subtree: true, characterData: true });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
