// On a chart embedded in another site's page (charts/<id>/embed/): tells that page how tall the
// chart is, whenever that changes (a narrower frame, the data table opened), so that a frame whose
// code listens for it (the chart page's "Embed this chart") fits the chart exactly. Without this
// script, or without the listener, the frame keeps the height its code gives, which fits the chart.
if (window.parent !== window && "ResizeObserver" in window) {
  const root = document.documentElement;
  let sent = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ "baku-digital-claims": { height } }, "*");  // a height only: any page may see it
  }).observe(root);
}

// A data table's box is a tab stop only while its table is wider than it, as on the site's pages (charts.js).
if ("ResizeObserver" in window) {
  const scrollable = (box) => {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
    else if (box !== document.activeElement) box.removeAttribute("tabindex");
  };
  const tables = new ResizeObserver((entries) => { for (const entry of entries) scrollable(entry.target.closest(".table-wrap")); });
  for (const box of document.querySelectorAll(".table-wrap")) {
    tables.observe(box);
    tables.observe(box.querySelector("table"));
    box.addEventListener("focusout", () => scrollable(box));
  }
}
