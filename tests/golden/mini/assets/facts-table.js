// The facts table, sorted by any column and filtered by typing, where scripts run. Each column's
// header becomes a button (ascending, then descending); the header says which column sorts the
// table (aria-sort, an arrow) and the caption says how, in words. The address keeps the view
// (?sort=value&order=desc&q=sima&type=Claim), replaced rather than added to the history, so that
// it can be linked; a visit restores it. Without scripts the table lists every fact, newest first.
(() => {
  const table = document.querySelector("table.fact-table");
  const form = document.getElementById("table-tools");
  if (!table || !form) return;
  const body = table.tBodies[0];
  const heads = [...table.tHead.rows[0].cells];
  const names = heads.map((th) => th.textContent.trim().toLowerCase());  // fact, value, type, by, date
  const VALUE = names.indexOf("value"), DATE = names.indexOf("date");
  const said = {by: "speaker or producer"};  // a column's name in the caption, where its own would not read
  const ways = (i) => i === VALUE ? ["lowest first", "highest first"] : i === DATE ? ["oldest first", "newest first"]
    : ["A to Z", "Z to A"];
  const text = form.elements.q, type = form.elements.type, status = form.querySelector("[role=status]");
  const empty = document.querySelector(".table-empty");
  const caption = table.caption, plain = caption.textContent.replace(/, latest date first$/, "");
  const paged = document.querySelector(".pager") !== null;
  const collator = new Intl.Collator(document.documentElement.lang || undefined, {numeric: true});
  // Case and accents aside (Ilham finds İlham), the way a reader types a name.
  const fold = (words) => words.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const rows = [...body.rows].map((row, index) => {
    const cells = [...row.cells], time = cells[DATE].querySelector("time"), {value, unit} = cells[VALUE].dataset;
    const keys = cells.map((cell) => cell.textContent.trim());
    keys[VALUE] = value === undefined ? null : Number(value);  // '—', no figure: last either way
    keys[DATE] = time ? time.dateTime : null;  // 2025, 2025-12, 2025-12-15 sort as text
    return {row, index, keys, unit, words: fold(row.textContent), kind: keys[names.indexOf("type")].split(/[ ,(]/)[0]};
  });
  const DEFAULT = {column: DATE, sign: -1};  // the order the page is built in: newest first
  let sort = DEFAULT, timer = 0;

  function compare(a, b) {
    const x = a.keys[sort.column], y = b.keys[sort.column];
    if (x === null || y === null) return (x === null) - (y === null) || a.index - b.index;
    // Values are compared within a unit, the units in one order either way: 74th is not below 74%.
    const units = sort.column === VALUE ? collator.compare(a.unit, b.unit) : 0;
    const order = sort.column === VALUE ? x - y : sort.column === DATE ? (x < y ? -1 : x > y ? 1 : 0)
      : collator.compare(x, y);
    return units || sort.sign * order || a.index - b.index;
  }

  function arrange() {
    body.append(...rows.slice().sort(compare).map((r) => r.row));
    heads.forEach((th, i) => i === sort.column
      ? th.setAttribute("aria-sort", sort.sign > 0 ? "ascending" : "descending") : th.removeAttribute("aria-sort"));
    describe();
  }

  function describe() {  // the caption: which rows, how sorted; with a filter on, the count it leaves
    const all = rows.length, shown = rows.reduce((n, r) => n + !r.row.hidden, 0), filtered = shown < all;
    const which = filtered ? `${shown} of ${all} fact${all === 1 ? "" : "s"}${paged ? " on this page" : ""}` : plain;
    const how = ways(sort.column)[sort.sign > 0 ? 0 : 1];
    caption.textContent = sort === DEFAULT ? which + ", latest date first"
      : `${which}, ${paged && !filtered ? "this page " : ""}sorted by ${said[names[sort.column]] || names[sort.column]}, ${how}`;
  }

  function narrow() {
    const wanted = fold(text.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const r of rows) {
      r.row.hidden = !((!type.value || r.kind === type.value) && wanted.every((w) => r.words.includes(w)));
      shown += !r.row.hidden;
    }
    empty.hidden = shown > 0;
    describe();
    return shown;
  }

  function settle(count = true) {  // the count read out and the address, once typing pauses
    clearTimeout(timer);
    const shown = narrow(), all = rows.length;
    status.textContent = count ? `${shown} of ${all} fact${all === 1 ? "" : "s"}${paged ? " on this page" : ""} shown` : "";
    const query = new URLSearchParams(location.search);
    for (const [key, value] of [["q", text.value.trim()], ["type", type.value],
      ["sort", sort === DEFAULT ? "" : names[sort.column]], ["order", sort === DEFAULT ? "" : sort.sign > 0 ? "asc" : "desc"]]) {
      if (value) query.set(key, value); else query.delete(key);
    }
    const search = query.toString();
    history.replaceState(history.state, "", (search ? "?" + search : location.pathname) + location.hash);
  }

  heads.forEach((th, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const sign = sort.column === i ? -sort.sign : 1;
      sort = i === DEFAULT.column && sign === DEFAULT.sign ? DEFAULT : {column: i, sign};
      arrange();
      settle();
    });
  });
  const asked = new URLSearchParams(location.search), column = names.indexOf(asked.get("sort"));
  if (column >= 0) {
    const sign = asked.get("order") === "desc" ? -1 : 1;
    sort = column === DEFAULT.column && sign === DEFAULT.sign ? DEFAULT : {column, sign};
  }
  text.value = asked.get("q") || "";
  type.value = asked.get("type") || "";
  if (type.selectedIndex < 0) type.value = "";  // a type the list does not have: all
  table.classList.add("sortable");
  form.classList.add("ready");
  arrange();
  settle(Boolean(text.value.trim() || type.value));  // no count read out on arrival, unless the address filters
  text.addEventListener("input", () => { narrow(); clearTimeout(timer); timer = setTimeout(settle, 600); });
  type.addEventListener("change", () => settle());
  form.addEventListener("submit", (event) => { event.preventDefault(); settle(); });

  // The table's box is a tab stop only while the table is wider than it, as a chart's data table's is (charts.js).
  const box = table.closest(".table-wrap");
  const scrollable = () => {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
    else if (box !== document.activeElement) box.removeAttribute("tabindex");
  };
  if (box && "ResizeObserver" in window) {
    const sizes = new ResizeObserver(scrollable);
    sizes.observe(box);
    sizes.observe(table);
    box.addEventListener("focusout", scrollable);
  }
})();
