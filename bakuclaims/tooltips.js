// The charts' tooltips: where each goes and how long it stays (WCAG 1.4.13: hoverable, dismissible,
// persistent). Bundled with vega-embed (vldraw.BUNDLE_CALL), so that none of it loads before a reader
// points at or touches a chart; static/charts.js calls chartTooltips with each chart's view.
//
// vega-tooltip writes a mark's tooltip. It is set beside its mark, not at the pointer, where it covers
// no other mark and lies across no straight way to the three nearest (those a reader points at next),
// within the screen; where no place beside the mark is free (a phone, a narrow window), above or below
// the chart, over the page's text rather than the plot. Following the pointer, it covered the next
// mark's centre in 7 of 52 moves from a mark to one of its two nearest on the site's 8 charts at
// 1,280 px, 6 at 800 and 19 at 360; placed so, in none. It stays while the pointer is in its chart or
// on it (the pointer may take any way round the marks onto it, and rest there to read or select its
// text), goes GRACE ms after the pointer leaves both, and gives way to another mark's. Escape hides it
// until the pointer leaves that mark. A tap shows a mark's (a touch screen has no hover, and Vega shows
// a tooltip on pointer moves alone: no tap showed one), and a tap elsewhere hides it. It sits on the
// page, so that it scrolls with its mark.
const GAP = 8;       // px between a mark and its tooltip
const EDGE = 8;      // px kept between the tooltip and the screen's edges
const GRACE = 300;   // ms it stays once the pointer has left its chart and it: time to cross a gap
const OUTSIDE = 50;  // the cost of a place off the plot: less than a mark covered (see place)
const shown = { item: null, mark: null, dismissed: null, timer: 0 };

function tooltipElement() {
  return document.getElementById("vg-tooltip-element");
}

function visible(tip) {
  return Boolean(tip) && tip.classList.contains("visible");
}

function hide() {
  const tip = tooltipElement();
  if (tip) tip.classList.remove("visible");
  shown.item = shown.mark = null;
}

// Hide the tooltip in a moment, unless the pointer is then on it or in its chart.
function hideSoon() {
  clearTimeout(shown.timer);
  shown.timer = setTimeout(() => {
    const tip = tooltipElement(), chart = shown.mark && shown.mark.closest(".chart-live");
    if (!(tip && tip.matches(":hover")) && !(chart && chart.matches(":hover"))) hide();
  }, GRACE);
}

// A chart's view shows its tooltips through this handler, vega-tooltip's within it; the view is drawn
// again with it (the promise).
function chartTooltips(view, chart) {
  const write = view.tooltip();
  chart.addEventListener("pointerleave", hideSoon);
  view.tooltip((handler, event, item, value) => {
    if (value == null || value === "") {  // the pointer left a mark, or is on none: the tooltip stays
      if (item === shown.dismissed) shown.dismissed = null;
      return;
    }
    clearTimeout(shown.timer);
    if (item === shown.dismissed || (item === shown.item && visible(tooltipElement()))) return;
    write(handler, event, item, value);
    const tip = tooltipElement();
    if (!tip.dataset.watched) {
      tip.dataset.watched = "";
      tip.addEventListener("pointerleave", hideSoon);
    }
    shown.item = item;
    shown.mark = event.target instanceof SVGGraphicsElement ? event.target : null;
    place(tip, shown.mark, event);
  });
  return view.runAsync();
}

function overlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function centre(box) {
  return [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
}

// Does the straight way from one point to another pass over the box?
function across(box, [x1, y1], [x2, y2]) {
  for (let i = 1; i < 24; i++) {
    const x = x1 + ((x2 - x1) * i) / 24, y = y1 + ((y2 - y1) * i) / 24;
    if (x > box.left && x < box.right && y > box.top && y < box.bottom) return true;
  }
  return false;
}

// Each place beside the mark, nearest first: above, below, right or left of it, centred on it or
// aligned with either of its ends.
function places(mark, w, h) {
  const [x, y] = centre(mark);
  const along = (lo, hi, size) => [(lo + hi - size) / 2, lo, hi - size];
  const out = [];
  along(mark.left, mark.right, w).forEach((left) => out.push([left, mark.top - GAP - h], [left, mark.bottom + GAP]));
  along(mark.top, mark.bottom, h).forEach((top) => out.push([mark.right + GAP, top], [mark.left - GAP - w, top]));
  const far = ([left, top]) => Math.hypot(left + w / 2 - x, top + h / 2 - y);
  return out.sort((a, b) => far(a) - far(b));
}

// Put the tooltip, within the screen, where it costs the reader least: never over its own mark; over
// as few other marks as can be (a mark a reader can point at: not a fact's unseen ring); then off the
// plot rather than over one; then across as few ways to the three nearest marks, over as few of the
// chart's labels; else nearest its mark.
function place(tip, element, event) {
  const mark = element ? element.getBoundingClientRect()
    : { left: event.clientX, right: event.clientX, top: event.clientY, bottom: event.clientY };
  const svg = element && element.ownerSVGElement;
  const boxes = (selector) => (svg ? [...svg.querySelectorAll(selector)] : []);
  const others = boxes(".role-mark > path[aria-label]")
    .filter((m) => m !== element && getComputedStyle(m).pointerEvents !== "none").map((m) => m.getBoundingClientRect());
  const labels = boxes(".role-mark > text, .role-axis-label > text").map((t) => t.getBoundingClientRect());
  const from = centre(mark);
  const distance = (box) => Math.hypot(centre(box)[0] - from[0], centre(box)[1] - from[1]);
  const nearest = [...others].sort((a, b) => distance(a) - distance(b)).slice(0, 3);
  const { width: w, height: h } = tip.getBoundingClientRect();
  const screen = document.documentElement;
  const right = screen.clientWidth - w - EDGE, bottom = screen.clientHeight - h - EDGE;
  const spots = places(mark, w, h).map(([x, y]) => [x, y, 0]);
  if (svg) {
    const chart = svg.getBoundingClientRect(), x = from[0] - w / 2;
    spots.push([x, chart.top - GAP - h, OUTSIDE], [x, chart.bottom + GAP, OUTSIDE]);
  }
  let best = null;
  for (const [x, y, base] of spots) {
    const left = Math.max(EDGE, Math.min(x, right)), top = Math.max(EDGE, Math.min(y, bottom));
    const box = { left, top, right: left + w, bottom: top + h };
    const cost = base + 10000 * overlap(box, mark) + 100 * others.filter((o) => overlap(box, o)).length
      + 10 * nearest.filter((o) => across(box, from, centre(o))).length + labels.filter((l) => overlap(box, l)).length;
    if (!best || cost < best.cost) best = { cost, left, top };
  }
  tip.style.left = `${best.left + window.scrollX}px`;
  tip.style.top = `${best.top + window.scrollY}px`;
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || !visible(tooltipElement())) return;
  shown.dismissed = shown.item;
  hide();
});

// A tap on a mark shows its tooltip, as a pointer moved onto it does; a tap anywhere else but on the
// tooltip hides it. (A tap's click comes last, after the mouseout on which Vega hides a tooltip.)
document.addEventListener("click", (event) => {
  if (event.pointerType === "mouse" || !(event.target instanceof Element)) return;
  const tip = tooltipElement();
  if (tip && tip.contains(event.target)) return;
  if (event.target.closest(".chart-live svg")) {
    const { clientX, clientY } = event;
    event.target.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, clientX, clientY }));
  }
  if (shown.mark !== event.target) hide();
});

window.chartTooltips = chartTooltips;
