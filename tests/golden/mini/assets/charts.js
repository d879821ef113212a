// Interactive layer for the static charts: tooltips via vega-embed, served from this site.
// Nothing loads until a reader points at or touches a chart; if anything fails, the static
// SVG simply stays. The tooltips add nothing the chart's data table does not give, and the
// table is the way to the figures by keyboard.
const script = document.currentScript || document.querySelector("script[data-bundle]");
const bundleUrl = script && script.dataset.bundle;
let bundle = null;
const narrow = window.matchMedia("screen and (max-width: 34.99rem)");  // as style.css chooses a chart's layout

function loadBundle() {
  if (!bundle) bundle = import(bundleUrl).then(() => window.vegaEmbed);
  return bundle;
}

async function activate(holder) {
  if (holder.dataset.state) return;
  holder.dataset.state = "loading";
  const drawing = {};  // this drawing's token: a change of layout meanwhile (see reset) replaces it
  holder.drawing = drawing;
  try {
    const [embed, spec] = await Promise.all([
      loadBundle(),
      fetch(narrow.matches ? holder.dataset.specNarrow : holder.dataset.spec).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); }),
    ]);
    if (holder.drawing !== drawing) return;
    await inChartFont(spec, holder);
    if (holder.drawing !== drawing) return;
    const target = document.createElement("div");
    target.className = "chart-live";
    target.setAttribute("aria-hidden", "true");
    holder.append(target);
    // Within the pages' security policy (bakuclaims/csp.py): Vega's expressions are read by its
    // interpreter (ast), not compiled with Function(), which the policy refuses as eval; and
    // neither vega-embed nor its tooltip adds a <style> element to the page (style.css has the rules).
    const { view } = await embed(target, spec, { actions: false, renderer: "svg", ast: true, defaultStyle: false,
                                                 tooltip: { theme: "custom", disableDefaultStyle: true } });
    if (window.chartTooltips) await window.chartTooltips(view, target);  // where its tooltips go, how long they stay
    if (holder.drawing !== drawing) { target.remove(); return; }
    holder.classList.add("is-interactive");
    holder.dataset.state = "ready";
    showTapped(holder, target);
  } catch (error) {
    if (holder.drawing !== drawing) return;
    holder.dataset.state = "failed";
    console.warn("Chart stays static:", error && error.message);
  }
}

// The live chart measures (on a canvas) and draws its labels in the static chart's font (style.css), of
// the widths the chart was laid out by, not its spec's, which a reader may lack; its files loaded first.
async function inChartFont(spec, holder) {
  const text = holder.querySelector("svg text");
  if (!text) return;
  const family = getComputedStyle(text).fontFamily;
  try {
    await document.fonts.load(`13px ${family}`, holder.textContent);
  } catch (error) {
    // not loaded: measured in the browser's own font, as the static chart is drawn
  }
  spec.config = { ...spec.config, font: family };
}

// A chart is drawn in the layout the screen had when the reader first pointed at it. When the
// screen crosses from one layout to the other (a phone turned, a window resized, the page zoomed),
// the static chart of the new layout comes back, and the next touch draws that layout.
function reset() {
  for (const holder of document.querySelectorAll(".chart-svg[data-spec]")) {
    if (!holder.dataset.state) continue;
    holder.drawing = null;
    const tip = document.getElementById("vg-tooltip-element");
    if (tip) tip.classList.remove("visible");  // its mark is gone
    for (const live of holder.querySelectorAll(".chart-live")) live.remove();
    holder.classList.remove("is-interactive");
    delete holder.dataset.state;
    listen(holder);
  }
}

function listen(holder) {
  const start = () => activate(holder);
  holder.addEventListener("pointerenter", start, { once: true });
  holder.addEventListener("touchstart", start, { once: true, passive: true });
}

narrow.addEventListener("change", reset);
for (const holder of document.querySelectorAll(".chart-svg[data-spec]")) listen(holder);

// A chart wider than its box scrolls sideways in it (on a phone whose page is zoomed: see
// style.css). The box is then a tab stop named by the chart's title, so that the arrow keys
// scroll it; at any other width it is none.
function sideways(holder) {
  const title = holder.closest("figure") && holder.closest("figure").getAttribute("aria-labelledby");
  if (holder.scrollWidth > holder.clientWidth) {
    holder.tabIndex = 0;
    holder.setAttribute("role", "group");
    if (title) holder.setAttribute("aria-labelledby", title);
  } else {
    for (const name of ["tabindex", "role", "aria-labelledby"]) holder.removeAttribute(name);
  }
}

// The tap that draws a chart shows, once it is drawn, the tooltip of the mark it was on (a touch
// screen has no hover: the bundle's tooltip code, bakuclaims/tooltips.js, shows those of later taps).
document.addEventListener("click", (event) => {
  const holder = event.target instanceof Element && event.target.closest(".chart-svg[data-state='loading']");
  if (holder && event.pointerType !== "mouse") holder.tapped = [event.pageX, event.pageY];
});

function showTapped(holder, live) {
  if (!holder.tapped) return;
  const [x, y] = [holder.tapped[0] - window.scrollX, holder.tapped[1] - window.scrollY];
  holder.tapped = null;
  const at = document.elementFromPoint(x, y);
  if (!at || !live.contains(at)) return;
  at.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX: x, clientY: y }));
}

// A data table's box is a tab stop in the page's HTML, so that the arrow keys scroll a table wider
// than the screen where scripts do not run. Here it is one only while its table is wider than it (a
// phone, a reader's larger text): a stop that scrolled nothing was a key press for nothing. A box
// that stops scrolling while it has focus stays a stop until focus leaves it. (The facts table and
// the embed page do the same: facts-table.js, embed.js.)
function scrollable(box) {
  if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
  else if (box !== document.activeElement) box.removeAttribute("tabindex");
}

if ("ResizeObserver" in window) {
  const sizes = new ResizeObserver((entries) => { for (const entry of entries) sideways(entry.target); });
  for (const holder of document.querySelectorAll(".chart-svg[data-spec]")) sizes.observe(holder);
  // The box and its table: larger text widens the table, a narrower window the box (a closed table has no size,
  // and is measured when opened).
  const tables = new ResizeObserver((entries) => { for (const entry of entries) scrollable(entry.target.closest(".table-wrap")); });
  for (const box of document.querySelectorAll(".table-wrap")) {
    tables.observe(box);
    tables.observe(box.querySelector("table"));
    box.addEventListener("focusout", () => scrollable(box));
  }
}
