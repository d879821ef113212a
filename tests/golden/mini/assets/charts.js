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
  try {
    const [embed, spec] = await Promise.all([
      loadBundle(),
      fetch(narrow.matches ? holder.dataset.specNarrow : holder.dataset.spec).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); }),
    ]);
    const target = document.createElement("div");
    target.className = "chart-live";
    target.setAttribute("aria-hidden", "true");
    holder.append(target);
    await embed(target, spec, { actions: false, renderer: "svg", tooltip: { theme: "custom" } });
    holder.classList.add("is-interactive");
    holder.dataset.state = "ready";
  } catch (error) {
    holder.dataset.state = "failed";
    console.warn("Chart stays static:", error && error.message);
  }
}

for (const holder of document.querySelectorAll(".chart-svg[data-spec]")) {
  const start = () => activate(holder);
  holder.addEventListener("pointerenter", start, { once: true });
  holder.addEventListener("touchstart", start, { once: true, passive: true });
}
