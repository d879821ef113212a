"""Charts: built from facts, static SVG with a text alternative and a table, data downloadable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
import yaml
from frictionless import Package

from bakuclaims import fmt
from bakuclaims.chart import CONTEXT, NARROW_WIDTH, WIDTH, Row, chart
from bakuclaims.load import load
from bakuclaims.validate import validate
from conftest import PREFIX, run_build
from helpers import (CLAIM_ASSESSMENT, LONG_TAKEAWAY, LONG_TITLE, SVG, chart_dirs, chart_figures, framed_download,
                     framed_takeaway, is_embed, is_redirect, plain_text, real_facts, shown, text_of)

REPO = Path(__file__).resolve().parents[1]


def site_of(root: Path):
    """The validated site of a project folder."""
    inputs, problems = load(root)
    site, more = validate(inputs)
    assert not [p for p in problems + more if not p.warning]
    return site


def layer_data(spec: dict) -> list[dict]:
    """The data rows of a layered spec's shared data."""
    return spec["data"]["values"]


def test_comparison_spec_is_built_from_the_facts(project: Path) -> None:
    charts = chart(site_of(project))
    spec = charts["headline"].spec
    rows = {r["id"]: r["value"] for r in layer_data(spec)}
    assert rows == {"coverage-claim": 80.0, "coverage-survey": 61.5}
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks[-2:] == ["bar", "text"], "value labels are drawn over the reference line"
    labels = {r["id"]: r["value_label"] for r in layer_data(spec)}
    assert labels == {"coverage-claim": "80% claimed", "coverage-survey": "61.5%"}, \
        "a claim's label says so: colour is not the only thing telling claims apart"
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rules and all(rule["encoding"]["x"]["datum"] == 100 for rule in rules), "percent charts carry a 100% reference"
    assert spec["config"]["axis"]["labelFontSize"] >= 12


def test_every_metric_with_two_figures_or_more_gets_its_own_chart_and_one_figure_alone_none(project: Path) -> None:
    charts = chart(site_of(project))
    assert {"metric-coverage", "metric-homes"} <= set(charts)
    assert charts["metric-coverage"].fact_ids == ("coverage-survey", "coverage-claim")
    with (project / "data/metrics.yaml").open("a", encoding="utf-8") as metrics:
        metrics.write("speed:\n  name: Speed\n  measures: Median download speed\n  of_whom: all lines\n"
                      "  unit: count\n")
    survey = (project / "data/facts/coverage-survey.yaml").read_text(encoding="utf-8")
    (project / "data/facts/speed-survey.yaml").write_text(
        survey.replace("metric: coverage", "metric: speed").replace("61.5", "40"), encoding="utf-8")
    assert "metric-speed" not in chart(site_of(project)), "one bar is a number, not a chart"


def test_a_long_byline_is_wrapped_whole_and_its_bars_row_grows_to_hold_it() -> None:
    from bakuclaims.chart import AXIS_LINE_HEIGHT, ROW_STEP, Row, _describe, _spec
    who = "Baku Digital Claims, from the president's figure and the State Statistical Committee"
    rows = [Row(id=f"f{i}", label="SIMA users as a share of the population", value=35.1, display="35.1%",
                kind=CONTEXT, who=who, date="2025-11-01", date_label="November 2025", metric="m", measures="x",
                source="s", source_url=None) for i in range(2)]
    values = _describe(rows, "percent")
    lines = values[0]["axis_label"].split("|")
    assert "…" not in values[0]["axis_label"] and lines[-1].endswith("November 2025") and len(lines) == 6
    spec = _spec("comparison", "percent", rows, values, None)
    assert spec["height"]["step"] >= AXIS_LINE_HEIGHT * len(lines) > ROW_STEP


def test_a_new_fact_appears_in_its_charts_without_code_changes(project: Path) -> None:
    (project / "data/facts/coverage-survey-2031.yaml").write_text(
        "kind: context\ntitle: Homes that can connect, second survey\nmetric: coverage\nvalue: 70.25\n"
        "as_of: 2031-01\nproducer: Example Statistics Office\nindependent: true\nconfidence: seen\n"
        "source: example-stats\n", encoding="utf-8")
    (project / "data/charts.yaml").write_text(
        (project / "data/charts.yaml").read_text() + "  metrics: [coverage]\n", encoding="utf-8")
    assert run_build(project).returncode == 0
    for chart_id in ("metric-coverage", "headline"):
        with open(project / f"site/charts/{chart_id}/data.csv", encoding="utf-8") as handle:
            assert "coverage-survey-2031" in [row["id"] for row in csv.DictReader(handle)], chart_id
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "70.25%" in home


def test_each_chart_draws_exactly_the_rows_of_its_data_table(project: Path) -> None:
    """The table under a chart and the chart itself show the same figures: every row's record is
    in the spec's data, in the table's order (page keys rely on it: see incremental.chart_key)."""
    for chart_id, drawn in chart(site_of(project)).items():
        for spec in (drawn.spec, drawn.narrow_spec):
            data = layer_data(spec)
            assert [{k: d[k] for k in row.record()} for row, d in zip(drawn.rows, data)] == \
                [row.record() for row in drawn.rows], chart_id
            assert len(data) == len(drawn.rows), chart_id


def test_the_narrow_layout_puts_each_bars_label_above_it_across_the_chart(project: Path) -> None:
    """On a phone the wide chart would be scaled to two thirds, its text to 8 px: the narrow
    layout has no label column, so its bars and their labels use the chart's whole width."""
    narrow = chart(site_of(project))["headline"].narrow_spec
    assert narrow["width"] <= NARROW_WIDTH - 28, "room for the value labels at the ends of the bars"
    assert narrow["config"]["text"]["fontSize"] >= 13
    placed = [layer["encoding"]["y"] for layer in narrow["layer"] if "field" in layer["encoding"].get("y", {})]
    assert placed and all(y["scale"] is None for y in placed), "rows are placed in pixels, not in a band per row"
    names = next(layer for layer in narrow["layer"] if layer["encoding"].get("text", {}).get("field") == "axis_label")
    assert names["encoding"]["x"] == {"value": 0} and names["mark"]["lineBreak"] == "|"
    rows = layer_data(narrow)
    assert [r["axis_label"] for r in rows] == ["Homes that can connect|Ada Example, 1 March 2030",
                                               "Homes that can connect, survey|Example Statistics Office, January 2030"]
    for row, below in zip(rows, rows[1:]):
        assert row["text_y"] + 2 * 16 <= row["bar_y"] < row["bar_y2"] < below["text_y"], "label, bar, next label"
    assert narrow["height"] >= rows[-1]["bar_y2"]


def test_chart_is_an_inline_svg_figure_with_alternative_and_table(project: Path) -> None:
    assert run_build(project).returncode == 0
    html = (project / "site/index.html").read_text(encoding="utf-8")
    figure = html.split('<figure class="chart" id="chart-headline"', 1)[1].split("</figure>", 1)[0]
    wide, narrow = re.findall(r"<svg [^>]*>", figure)
    assert 'class="chart-wide marks"' in wide and 'class="chart-narrow marks"' in narrow, "style.css shows one"
    for svg_tag in (wide, narrow):
        assert 'role="img"' in svg_tag
        alt = re.search(r'aria-label="([^"]*)"', svg_tag).group(1)
        assert "80%" in alt and "61.5%" in alt and "Ada Example" in alt
    assert "<figcaption>" in figure and "Source: Example News; Example Statistics Office." in figure
    table = text_of(figure.split("<table", 1)[1].split(">", 1)[1])
    assert "Homes that can connect 80% Claim Ada Example 1 March 2030 Example News" in table


def test_svg_ids_are_unique_on_every_page(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        ids = Counter(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        repeated = [i for i, n in ids.items() if n > 1]
        assert not repeated, f"{page.relative_to(real_site)}: {repeated}"


def test_fact_page_highlights_its_own_mark(real_site: Path) -> None:
    """A fact's page shows the ring round its own point (unseen elsewhere) and outlines its own bar."""
    html = (real_site / "facts/fibre-coverage-national-74-percent/index.html").read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.S)[1]
    assert '[aria-label="fibre-coverage-national-74-percent (outline)"]{opacity:1}' in style
    assert '.mark-rect [aria-label^="fibre-coverage-national-74-percent · "]' in style
    assert 'aria-label="fibre-coverage-national-74-percent · Claim:' in html
    ring = re.search(r'<path aria-label="fibre-coverage-national-74-percent \(outline\)"[^>]*>', html)
    assert ring and 'opacity="0"' in ring[0] and 'stroke="currentColor"' in ring[0], "drawn unseen, in the text's colour"


TRANSLATE = re.compile(r'transform="translate\(([-\d.]+),([-\d.]+)\)"')


def test_the_ring_round_a_pages_own_point_is_whole_under_its_label(real_site: Path) -> None:
    """The label above a timeline's point keeps its halo (style.css: 2 px of the page's colour round
    its figures) clear of the ring a fact's page draws round that point: it cut a notch out of the ring."""
    halo, outer = 2, 9 + 1  # the ring: 18 px across (chart.RING_SIZE), its stroke 2 px wide
    checked = 0
    for page in chart_dirs(real_site):
        for drawing in (page / "index.html").read_text(encoding="utf-8").split("<svg")[1:]:  # wide, narrow
            checked += _rings_clear(page.name, drawing, halo, outer)
    assert checked, "the real site's timelines label points above them"


def _rings_clear(name: str, drawing: str, halo: float, outer: float) -> int:
    """Assert that each label above a ringed point in one drawing stays clear of the ring; count them."""
    checked = 0
    rings = [tuple(map(float, TRANSLATE.search(tag).groups()))
             for tag in re.findall(r'<path aria-label="[^"]+ \(outline\)"[^>]*>', drawing)]
    texts = [(tag, tuple(map(float, TRANSLATE.search(tag).groups())))  # the figures' labels, not the axes'
             for tag in re.findall(r'<text text-anchor="[a-z]+" transform="translate\([^)]*\)"[^>]*fill="#222222"', drawing)]
    for x, y in rings:
        for tag, (tx, baseline) in texts:
            centred = 'text-anchor="middle"' in tag and abs(tx - x) < 0.01
            turned = 'text-anchor="middle"' not in tag and abs(abs(tx - x) - 2) < 0.01  # chart.TURNED_DX
            if (centred or turned) and y - 30 < baseline < y:
                checked += 1
                assert baseline + halo <= y - outer - 1, \
                    f"{name}: a label's halo reaches {baseline + halo - (y - outer):.1f} px into the ring"
    return checked


def test_a_wide_timeline_is_drawn_to_the_width_of_the_wide_layout_whatever_its_labels(real_site: Path) -> None:
    """A page's chart fills its column, so a timeline drawn 457 px wide had its text at 19 px on a desktop,
    beside the page's 17 px and a bar chart's 16 px: each is drawn to the layout's 520 px, its text at 17 px."""
    widths = {}
    for page in chart_dirs(real_site):
        spec = json.loads((page / "spec.vl.json").read_text(encoding="utf-8"))
        if any(c.get("field") == "date" for layer in spec.get("layer", []) for c in layer.get("encoding", {}).values()
               if isinstance(c, dict)):
            wide = re.search(r'<svg[^>]*class="chart-wide[^"]*"[^>]*>', (page / "index.html").read_text(encoding="utf-8"))
            widths[page.name] = float(re.search(r'width="([\d.]+)"', wide[0])[1])
    assert widths, "the real site has timelines"
    assert all(WIDTH - 12 <= width <= WIDTH for width in widths.values()), widths


def test_downloads_match_the_facts(real_site: Path) -> None:
    facts = json.loads((real_site / "data/facts.json").read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in facts}
    assert len(facts) == len(list(Path(__file__).resolve().parents[1].glob("data/facts/*.yaml")))
    for chart_dir in chart_dirs(real_site):
        rows = list(csv.DictReader(io.StringIO((chart_dir / "data.csv").read_text(encoding="utf-8"))))
        assert rows, chart_dir.name
        for row in rows:
            assert float(row["value"]) == by_id[row["id"]]["value"], (chart_dir.name, row["id"])
        spec = json.loads((chart_dir / "spec.vl.json").read_text(encoding="utf-8"))
        assert [r["id"] for r in spec["data"]["values"]] == [r["id"] for r in rows]
        svg = (chart_dir / "chart.svg").read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and 'style="background:#ffffff"' in svg.split(">", 2)[1], \
            "a downloaded chart opens on white, whatever the viewer's background"
        assert (chart_dir / "chart.png").read_bytes().startswith(b"\x89PNG")



def test_the_fact_tables_carry_each_facts_notes_in_plain_text(real_site: Path) -> None:
    """The notes say what a figure's page says of it (where its words come from, what it leaves out);
    the downloads gave none of them. Their text is there, without Markdown or [[references]]."""
    facts = {f["id"]: f for f in json.loads((real_site / "data/facts.json").read_text(encoding="utf-8"))}
    noted = {fact_id: fact["notes"] for fact_id, fact in real_facts().items() if fact.get("notes")}
    assert noted
    for fact_id, notes in noted.items():
        downloaded = facts[fact_id]["notes"]
        assert downloaded and "[[" not in downloaded and "**" not in downloaded, fact_id
        first = re.split(r"\[\[|[*_`\[\]]", " ".join(notes.split()))[0].strip()
        assert downloaded.startswith(shown(first)[:40]), (fact_id, first, downloaded)
    assert all(fact["notes"] is None for fact_id, fact in facts.items() if fact_id not in noted)


CREDIT = "Baku Digital Claims · CC BY 4.0"  # the credit of a build that does not know the site's address


SOURCE_STARTS = ("Claims: ", "Context figures: ", "Source: ")  # the paragraph's first words: whose figures, or source


def from_source(footer: list[str]) -> list[str]:
    """A download's footer from its source paragraph on: what each figure measures comes before it."""
    return footer[next(i for i, line in enumerate(footer) if line.startswith(SOURCE_STARTS)):]


def test_a_downloaded_chart_says_what_its_figures_measure_as_its_page_does(real_site: Path) -> None:
    """The headline chart's image is titled "…, and what each one measures", and said what none
    measured: its page lists each measure under it, its downloads did not. A chart of one measure
    (a metric's own) said it on neither: "Population", "Per cent" of what?"""
    for chart_dir in chart_dirs(real_site):
        html = (chart_dir / "index.html").read_text(encoding="utf-8")
        definitions = re.findall(r'<ul class="definitions">(.*?)</ul>', html, re.S)
        if definitions:
            listed = ["What each figure measures:",  # a list in the image too
                      *("• " + plain_text(item) for item in re.findall(r"<li>(.*?)</li>", definitions[0], re.S))]
        else:
            listed = [plain_text(re.search(r'<p class="definition">(.*?)</p>', html, re.S)[1])]
            assert listed[0].startswith("What it measures: ") and "Of whom: " in listed[0], chart_dir.name
        _, footer, _, _ = framed_download((chart_dir / "chart.svg").read_text(encoding="utf-8"))
        before = " ".join(footer[:footer.index(from_source(footer)[0])])
        assert before == " ".join(listed), chart_dir.name
    assert (real_site / "charts/headline/index.html").read_text(encoding="utf-8").count('<ul class="definitions">') == 1


def test_a_downloaded_charts_text_below_it_is_set_apart_in_paragraphs_and_a_list(real_site: Path) -> None:
    """A reader audit: below the fibre timeline's PNG, what each figure measures, the source paragraph
    and the credit ran as one block of about 30 lines. Half a line parts them now, and each measure is
    an item with a bullet, straight after the line that leads in to them, its lines after the first
    starting where its first word does, not under the bullet."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring((real_site / "charts/digital-id/chart.svg").read_text(encoding="utf-8").split("?>", 1)[-1])
    nested = next(e for e in root.iter(f"{SVG}svg") if e is not root)
    inside = {id(t) for t in nested.iter(f"{SVG}text")}
    takeaway = framed_takeaway((real_site / "charts/digital-id/chart.svg").read_text(encoding="utf-8"))
    footer = [t for t in root.iter(f"{SVG}text") if id(t) not in inside and t.get("font-weight") != "bold"]
    footer = footer[len(takeaway):]  # below the chart: the takeaway's lines are above it
    lines = [(float(t.get("y")), "".join(t.itertext())) for t in footer]
    steps = [after[0] - before[0] for before, after in zip(lines, lines[1:])]
    line = min(steps)
    starts = [text for (_, text), step in zip(lines[1:], steps) if step > line]  # lines after a wider step
    assert lines[0][1] == "What each figure measures:" and lines[1][1].startswith("• "), lines[:2]
    assert len(starts) == 2 and starts[0].startswith(SOURCE_STARTS) and starts[1] == CREDIT, starts
    assert all(line < step <= 1.5 * line for step in steps if step > line), steps
    assert sum(text.startswith("• ") for _, text in lines) == 3, "one item for each of the chart's three measures"
    items = footer[1:next(i for i, (_, text) in enumerate(lines) if text.startswith(SOURCE_STARTS))]
    bullets = [t for t in items if (t.text or "").startswith("•")]
    assert all(t.find(f"{SVG}tspan") is not None for t in bullets), "an item's words are placed apart from its bullet"
    words = {t.find(f"{SVG}tspan").get("x") for t in bullets}
    follow = {t.get("x") for t in items if t not in bullets}
    assert len(items) > len(bullets) and len(words) == 1 and follow == words, \
        "an item's wrapped lines start where its first word does"
    assert float(bullets[0].get("x")) < float(words.pop()), "the bullet stands in the margin"


def test_a_downloaded_chart_says_what_it_shows_where_its_figures_came_from_and_whom_to_credit(real_site: Path) -> None:
    """Pasted into an article or a slide, a chart's SVG or PNG alone names the chart, its source
    and the site, as the page around it does; the PNG is that same framed image."""
    from bakuclaims.vlrender import PNG_SCALE, png_size
    figures = chart_figures(real_site)
    for chart_dir in chart_dirs(real_site):
        title, footer, size, _ = framed_download((chart_dir / "chart.svg").read_text(encoding="utf-8"))
        page_title, page_source = figures[chart_dir.name]
        assert " ".join(title) == page_title, f"{chart_dir.name}: the download's title is the page's"
        below = " ".join(from_source(footer))
        assert below.endswith(f" {CREDIT}"), f"{chart_dir.name}: {below!r} does not end with the credit"
        source = below.removesuffix(f" {CREDIT}")
        assert source.startswith(SOURCE_STARTS) and "Source: " in source and page_source.startswith(source), \
            f"{chart_dir.name}: {source!r} is not the page's source line {page_source!r}"
        png = png_size((chart_dir / "chart.png").read_bytes())
        assert png == tuple(round(side * PNG_SCALE) for side in size), f"{chart_dir.name}: the PNG is the framed image"


def test_a_chart_and_its_download_name_whose_figures_they_are_before_the_outlets_they_were_read_in(
        real_site: Path) -> None:
    """The fibre timeline's image said "Source: AzerNews; MENAFN; Trend" of the ministry's own figures: a
    reuser of the image alone would credit the outlets. Each chart now names its claims' speakers and its
    context figures' producers, "(official)" where the producer is the government making the claims (or a
    body under it). A figure the site computed names those of the figures it is computed from: the digital ID
    chart's share of SIMA users rests on the president's claim and the statistics committee's count, which it
    named nowhere. Read from the facts' files."""
    facts = real_facts()
    people = yaml.safe_load((REPO / "data/people.yaml").read_text(encoding="utf-8"))
    figures = chart_figures(real_site)

    def read(fact_id: str) -> list[str]:  # a figure read in a source, or those a computed one rests on
        fact = facts[fact_id]
        return [i for j in fact["derived"]["inputs"] for i in [j, *read(j)]] if "derived" in fact else [fact_id]

    for chart_dir in chart_dirs(real_site):
        drawn = [row["id"] for row in csv.DictReader(io.StringIO((chart_dir / "data.csv").read_text(encoding="utf-8")))]
        ids = [i for d in drawn for i in read(d) if "derived" not in facts[i]]
        speakers = [people[facts[i]["speaker"]]["name"] for i in ids if facts[i]["kind"] == "claim"]
        producers = [facts[i]["producer"] + ("" if facts[i]["independent"] else " (official)")
                     for i in ids if facts[i]["kind"] == "context" and "derived" not in facts[i]]
        expected = " ".join(f"{label}: {'; '.join(dict.fromkeys(names))}." for label, names in
                            (("Claims", speakers), ("Context figures", producers)) if names)
        page_source = figures[chart_dir.name][1]
        assert page_source.startswith(f"{expected} Source: "), (chart_dir.name, page_source)
        _, footer, _, _ = framed_download((chart_dir / "chart.svg").read_text(encoding="utf-8"))
        assert " ".join(from_source(footer)).startswith(f"{expected} Source: "), chart_dir.name
    fibre = figures["broadband-over-time"][1]
    assert "Ministry of Digital Development and Transport of Azerbaijan (official)" in fibre.split("Source: ")[0]
    assert "Ilham Aliyev" in figures["digital-id"][1].split("Source: ")[0]  # his claim, which a share rests on


def test_a_chart_that_draws_a_claim_gives_its_rating_so_that_the_chart_copied_alone_keeps_it(real_site: Path) -> None:
    """The headline chart's image showed four claims, three rated Unsupported, as four bars "claimed", with no
    rating: its data, its data table and, on a bar chart, the bar's label now give each claim's rating as its
    page does (read from the facts' files)."""
    from bakuclaims.models import NOT_RATED, RATING_LABELS
    facts = real_facts()

    def rating(fact: dict) -> str:
        if fact["kind"] != "claim":
            return ""
        return RATING_LABELS[fact["assessment"]["rating"]] if "assessment" in fact else (
            NOT_RATED if "not_rated" in fact else "")

    for chart_dir in chart_dirs(real_site):
        rows = list(csv.DictReader(io.StringIO((chart_dir / "data.csv").read_text(encoding="utf-8"))))
        assert list(rows[0])[-1] == "rating", "a column added after the others"
        html = (chart_dir / "index.html").read_text(encoding="utf-8")
        for row in rows:
            expected = rating(facts[row["id"]])
            assert row["rating"] == expected, (chart_dir.name, row["id"])
            cell = re.search(rf'href="/facts/{row["id"]}/".*?data-label="Type">([^<]*)<', html).group(1)
            said = "not rated" if expected == NOT_RATED else f"rated {expected}"
            assert cell == (f"{row['kind']}, {said}" if expected else row["kind"]), (chart_dir.name, cell)
    headline = (real_site / "charts/headline/chart.svg").read_text(encoding="utf-8")
    lines = re.findall(r">([^<>]+)</(?:text|tspan)>", unescape(headline))  # each line of a label is an element
    for row in csv.DictReader(io.StringIO((real_site / "charts/headline/data.csv").read_text(encoding="utf-8"))):
        assert ("Not rated" if row["rating"] == NOT_RATED else f"Rated {row['rating']}") in lines, row["id"]
    # a timeline's point label ("74% claimed") has no room for it: the note below the chart gives it
    timeline = real_site / "charts/broadband-over-time"
    rated = [row for row in csv.DictReader(io.StringIO((timeline / "data.csv").read_text(encoding="utf-8")))
             if row["rating"]]
    assert rated, "the fibre timeline draws the 74% claim"
    expected = ("Rating of the claim: " if len(rated) == 1 else "Ratings of the claims: ") + "; ".join(
        f"{row['display']} ({row['date_label']}), {'not rated' if row['rating'] == NOT_RATED else row['rating']}"
        for row in rated) + "."
    _, footer, _, _ = framed_download((timeline / "chart.svg").read_text(encoding="utf-8"))
    assert expected in " ".join(footer), footer
    assert expected in chart_figures(real_site)["broadband-over-time"][1]


def count_axis_ticks(site: Path, chart_id: str) -> list[list[str]]:
    """The numbers a count chart's value axis shows (vega hides some that would overlap), in its download
    and in its page's wide and narrow drawings."""
    html = (site / "charts" / chart_id / "index.html").read_text(encoding="utf-8")
    drawings = [(site / "charts" / chart_id / "chart.svg").read_text(encoding="utf-8").split("?>", 1)[-1],
                *re.findall(r'<svg [^>]*class="chart-(?:wide|narrow) marks".*?</svg>', html, re.S)]
    assert len(drawings) == 3, "the download, and the page's wide and narrow drawings"
    axes = [g for drawing in drawings for g in ET.fromstring(drawing).iter(f"{SVG}g")
            if "linear scale" in (g.get("aria-label") or "")]
    return [[t.text or "" for labels in axis.iter(f"{SVG}g") if "role-axis-label" in (labels.get("class") or "")
             for t in labels.iter(f"{SVG}text") if t.get("opacity") != "0"] for axis in axes]


def test_a_count_axis_writes_its_numbers_in_one_style_as_the_figures_labels_do(project: Path) -> None:
    """A count's axis read "2,000,000" beside a figure labelled "2 million" (the population's "10,000,000",
    its widest text on a phone), then "500,000" beside "1 million" on one axis (the real site's count of
    premises with fibre): an axis drawn to a million or more gives every number but 0 in millions, as
    fmt.count writes the figures ("0.5 million", "1 million"), and one drawn to less gives every one in full."""
    def one_style(ticks: list[str]) -> bool:
        millions = [t for t in ticks if re.fullmatch(r"\d+(\.\d+)? million", t)]
        in_full = [t for t in ticks if re.fullmatch(r"[1-9]\d{0,2}(,\d{3})*", t)]
        return ticks[:1] == ["0"] and not (millions and in_full) and len(millions + in_full) == len(ticks) - 1

    assert run_build(project).returncode == 0  # a bar chart, of 1.23 and 2 million
    for ticks in count_axis_ticks(project / "site", "metric-homes"):
        assert one_style(ticks) and "2 million" in ticks, ticks
    total = project / "data/facts/homes-total.yaml"  # a year earlier: a timeline, as the real site's counts are
    total.write_text(total.read_text(encoding="utf-8").replace("as_of: 2030", "as_of: 2029"), encoding="utf-8")
    for count, step, shown in [(2_000_000, 500_000, {"0.5 million", "1.5 million", "2 million"}),
                               (950_000, 200_000, {"0.2 million", "1 million"}),  # drawn on an axis to 1 million
                               (600_000, 100_000, {"200,000", "600,000"})]:
        set_homes(project, count)
        assert run_build(project).returncode == 0
        for ticks in count_axis_ticks(project / "site", "metric-homes"):
            assert shown <= set(ticks) and one_style(ticks), ticks
            written = fmt.count_axis([step * i for i in range(len(ticks))])  # as the layout measures them
            assert ticks == written, written


def test_a_count_chart_is_drawn_about_one_width_however_vega_rounds_its_axis(project: Path) -> None:
    """The layout estimated a count axis's end as a round number of a fifth of its ticks' step past the
    largest figure, where vega rounds to about a tenth: bars of 1.6 million, drawn on an axis to 1.6 million,
    were laid out for one to 2 million, and the chart came out 573 px wide; a timeline of 850,000 was laid
    out for ticks to "1 million", drawn to "800,000", and came out 502 px wide. Each is now drawn within
    a few pixels of WIDTH, as the other charts are."""
    def drawn_width() -> float:
        html = (project / "site/charts/metric-homes/index.html").read_text(encoding="utf-8")
        (svg,) = re.findall(r'<svg role="img"[^>]*class="chart-wide[^"]*"[^>]*>', html)
        return float(re.search(r' width="([\d.]+)"', svg)[1])

    total = project / "data/facts/homes-total.yaml"
    for count, year in [(1_600_000, 2030), (110_000, 2030), (850_000, 2029)]:  # 2030: bars; 2029: a timeline
        total.write_text(re.sub(r"as_of: \d+", f"as_of: {year}", total.read_text(encoding="utf-8")), encoding="utf-8")
        set_homes(project, count)
        assert run_build(project).returncode == 0
        assert abs(drawn_width() - WIDTH) <= 8, (count, year, drawn_width())


def set_homes(project: Path, total: int) -> None:
    """The fixture's count of homes set to total, and the homes covered (61.5% of them) with it."""
    for name, value in [("homes-total", total), ("homes-covered", total * 615 // 1000)]:
        path = project / "data/facts" / f"{name}.yaml"
        path.write_text(re.sub(r"(?m)^value: .*$", f"value: {value}", path.read_text(encoding="utf-8")),
                        encoding="utf-8")


def test_a_timelines_100_percent_line_is_named_by_its_axis_alone_and_a_bar_charts_by_a_label(real_site: Path) -> None:
    """The fibre timeline labelled its dashed 100% line "100%" beside the y axis's "100": it read "100 100%".
    A bar chart, whose axis runs along the bottom, keeps the label above its line."""
    def texts(chart_id: str) -> list[str]:
        root = ET.parse(real_site / "charts" / chart_id / "chart.svg").getroot()
        return [(t.text or "").strip() for t in root.iter(f"{SVG}text")]
    timeline, bars = texts("broadband-over-time"), texts("headline")
    assert "100%" not in timeline and "100" in timeline and "nearly 100%" in timeline
    assert "100%" in bars


def test_a_timelines_note_gives_each_claims_rating_and_a_bar_charts_none(project: Path) -> None:
    """A timeline's point label ("80% claimed") has no room for a rating: its note gives each claim's, a
    claim not yet assessed among them (a review found one left out in silence); a bar chart, which gives
    each under its bar's label, has no such note, nor has a chart whose claims are none of them rated."""
    claim = project / "data/facts/coverage-claim.yaml"
    assert chart(site_of(project))["metric-coverage"].rating_note == "", "no claim rated yet"
    claim.write_text(claim.read_text(encoding="utf-8") + CLAIM_ASSESSMENT, encoding="utf-8")
    (project / "data/facts/coverage-claim-later.yaml").write_text(claim.read_text(encoding="utf-8").split(
        "assessment:")[0].replace("value: 80", "value: 85").replace("said_on: 2030-03-01", "said_on: 2030-03-02")
        .replace("title: Homes that can connect", "title: Homes that can connect, again"), encoding="utf-8")
    charts = chart(site_of(project))
    assert charts["metric-coverage"].rating_note == ("Ratings of the claims: 80% (1 March 2030), Accurate but "
                                                     "incomplete; 85% (2 March 2030), not yet assessed.")
    assert charts["headline"].rating_note == "", "a bar chart gives each rating under its bar's label"


def test_a_downloaded_image_names_itself_in_its_metadata_as_its_frame_does(real_site_prefixed: Path) -> None:
    """A picture library or an image viewer shows a PNG's title, description, author and copyright, and a
    standalone SVG's <title> and <desc>: they say what the frame around the chart says, which a crop would
    cut (the credit was the image's last line), its takeaway first."""
    import png
    for chart_dir in chart_dirs(real_site_prefixed):
        svg = (chart_dir / "chart.svg").read_text(encoding="utf-8")
        title, footer, _, _ = framed_download(svg)
        chunks = {}
        for kind, body in png.Reader(bytes=(chart_dir / "chart.png").read_bytes()).chunks():  # checks each CRC
            if kind == b"iTXt":
                keyword, _, rest = body.partition(b"\0")
                assert rest[:4] == b"\0\0\0\0", "uncompressed, no language"
                chunks[keyword.decode("latin-1")] = rest[4:].decode("utf-8")
            if kind == b"IEND":
                break
        assert chunks["Title"] == " ".join(title), chart_dir.name
        credit = chunks["Copyright"]
        address = f"https://example.github.io{PREFIX}charts/{chart_dir.name}/"
        assert credit == f"Baku Digital Claims · CC BY 4.0 · {address}"
        assert chunks["Author"] == "Baku Digital Claims"
        # compared without spaces: the image breaks a long address over two lines
        words = [re.sub(r"[\s·]+", "", text) for text in (f"{chunks['Description']} {credit}",
                                                           " ".join(framed_takeaway(svg) + footer))]
        assert words[0] == words[1], chart_dir.name
        root = ET.fromstring(svg.split("?>", 1)[-1].strip())
        assert root[0].tag == f"{SVG}title" and root[0].text == chunks["Title"], chart_dir.name
        assert root[1].tag == f"{SVG}desc" and root[1].text == chunks["Description"], chart_dir.name


def test_a_downloaded_chart_carries_its_notes_as_the_page_shows_them(real_site: Path) -> None:
    """The headline chart's image, reused alone, set four claims that measure different things on
    one axis without the note that says so, which the page gives below it; each chart's notes
    now follow its source line in the image, in the page's words and values."""
    figures = chart_figures(real_site)
    for chart_id in ("headline", "broadband-over-time", "digital-id"):
        _, footer, _, _ = framed_download((real_site / f"charts/{chart_id}/chart.svg").read_text(encoding="utf-8"))
        below = " ".join(from_source(footer)).removesuffix(f" {CREDIT}")
        page_source = figures[chart_id][1]
        assert len(below) > len(page_source.split(". ")[0]) + 40 and page_source.startswith(below), (below, page_source)
    _, footer, _, _ = framed_download((real_site / "charts/headline/chart.svg").read_text(encoding="utf-8"))
    assert "they measure different things" in " ".join(footer)


def test_a_downloaded_chart_carries_its_takeaway_under_its_title_as_the_page_shows_it(real_site: Path) -> None:
    """A chart's page says what the chart shows in a sentence or a few under its title; its PNG and
    SVG, reused alone, had the title and the credit but not that: Our World in Data's and Datawrapper's
    images give it as a subtitle. Each download now has it between the title and the chart, in the
    page's words and values."""
    for chart_dir in chart_dirs(real_site):
        html = (chart_dir / "index.html").read_text(encoding="utf-8")
        takeaway = plain_text(re.search(r'<p class="takeaway">(.*?)</p>', html, re.S)[1])
        svg = (chart_dir / "chart.svg").read_text(encoding="utf-8")
        lines = framed_takeaway(svg)
        assert len(lines) >= 1 and " ".join(lines) == takeaway, (chart_dir.name, lines, takeaway)
    lines = framed_takeaway((real_site / "charts/headline/chart.svg").read_text(encoding="utf-8"))
    assert len(lines) >= 4, "the headline's four sentences, wrapped to the chart's width"


@pytest.mark.parametrize("width", [300, 456])
def test_a_long_takeaway_is_wrapped_whole_within_the_narrowest_downloaded_image(width: int) -> None:
    """The narrowest chart the site draws for download is a timeline 456 px wide (a chart of bars with short
    labels could be narrower: 300 px): a takeaway of four sentences, and one with a word wider than a line,
    is wrapped within it, every word kept, its lines between the title and the chart."""
    from bakuclaims.chart import FONT_SIZE, _config
    from bakuclaims.frame import MARGIN, Frame, framed, text_width
    headline = yaml.safe_load((REPO / "data/charts.yaml").read_text(encoding="utf-8"))["headline"]["takeaway"]
    chart_svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="300" '
                 f'viewBox="0 0 {width} 300"><text x="0" y="12">Per cent</text></svg>')
    for takeaway in (re.sub(r"\[\[[^\]]+\]\]", "100%", " ".join(headline.split())), LONG_TAKEAWAY):
        frame = Frame(title=LONG_TITLE, takeaway=takeaway, footer=[["Source: AzerNews"], ["Baku Digital Claims"]],
                      font=_config()["font"], size=FONT_SIZE, title_colour="#222222", colour="#333333",
                      background="#ffffff", card=None)
        drawn = framed(chart_svg, frame)
        title, footer, (image_width, _), _ = framed_download(drawn)
        lines = framed_takeaway(drawn)
        assert len(lines) >= 4 and "".join(lines).replace(" ", "") == takeaway.replace(" ", ""), lines
        too_wide = [line for line in lines if text_width(line, FONT_SIZE) > image_width - 2 * MARGIN]
        assert not too_wide and image_width == width + 2 * MARGIN, too_wide
        baselines = [float(y) for y in re.findall(r'<text x="16" y="([0-9.]+)"', drawn)]
        top = float(re.search(r'translate\(16,([0-9.]+)\)', drawn)[1])
        assert baselines[len(title) - 1] < baselines[len(title)] - FONT_SIZE, "the takeaway starts below the title"
        assert baselines[len(title) + len(lines) - 1] < top, "and ends above the chart"
        assert footer == ["Source: AzerNews", "Baku Digital Claims"]


def test_a_downloaded_spec_names_its_chart_source_and_credit(real_site: Path, real_site_prefixed: Path) -> None:
    """The Vega-Lite spec, opened in the Vega editor or kept beside a story, named neither its
    chart nor where its figures came from; its usermeta (kept, never drawn) now does, as the
    framed images do, with the chart's own page when the site's address is known."""
    figures = chart_figures(real_site)
    for site, page in ((real_site, None), (real_site_prefixed, "https://example.github.io/baku-digital-claims/charts/")):
        for chart_dir in chart_dirs(site):
            title, source = figures[chart_dir.name]
            for name in ("spec.vl.json", "spec-narrow.vl.json"):
                meta = json.loads((chart_dir / name).read_text(encoding="utf-8"))["usermeta"]
                assert meta["title"] == title and source.startswith(meta["source"]), (chart_dir.name, meta)
                assert meta["credit"].startswith(CREDIT) and meta["licence"].startswith("https://creativecommons.org/")
                assert meta.get("page") == (page and f"{page}{chart_dir.name}/"), (chart_dir.name, meta)


def test_a_downloaded_image_credits_the_charts_own_page_when_the_address_is_known(real_site_prefixed: Path) -> None:
    """The image's credit gave the site's home page; a reader of a reused image now finds the
    chart itself, with its figures' definitions and data, at the address under it."""
    for chart_dir in chart_dirs(real_site_prefixed):
        _, footer, _, _ = framed_download((chart_dir / "chart.svg").read_text(encoding="utf-8"))
        page = f"https://example.github.io/baku-digital-claims/charts/{chart_dir.name}/"
        lines = footer[footer.index(CREDIT) + 1:]
        assert "".join(lines) == page, (chart_dir.name, lines)
        assert all(line.endswith("/") for line in lines), f"{chart_dir.name}: the address breaks after a slash"


def test_a_long_title_is_wrapped_whole_within_the_downloaded_image(project: Path) -> None:
    from bakuclaims.frame import MARGIN, text_width
    from bakuclaims.vlrender import PNG_SCALE, png_size
    charts = project / "data/charts.yaml"
    charts.write_text(charts.read_text(encoding="utf-8").replace("title: The claim beside the survey",
                                                                 f"title: {LONG_TITLE}"), encoding="utf-8")
    assert run_build(project).returncode == 0
    folder = project / "site/charts/headline"
    title, footer, (width, height), chart_drawn = framed_download((folder / "chart.svg").read_text(encoding="utf-8"))
    assert len(title) >= 3, f"a long title is wrapped: {title}"
    assert "".join(title).replace(" ", "") == shown(LONG_TITLE).replace(" ", ""), "no word of the title is cut"
    too_wide = [line for line in title if text_width(line, 13, bold=True) > width - 2 * MARGIN]
    too_wide += [line for line in footer if text_width(line, 13) > width - 2 * MARGIN]
    assert not too_wide, f"lines wider than the image, less its margins: {too_wide}"
    assert float(chart_drawn.get("width", 0)) == width - 2 * MARGIN, "the chart is drawn at its own size inside"
    assert png_size((folder / "chart.png").read_bytes()) == (width * PNG_SCALE, height * PNG_SCALE)


@pytest.mark.parametrize("title", ["Population", LONG_TITLE])
def test_a_link_preview_holds_its_title_source_and_whole_chart_on_1200_by_630_pixels(title: str) -> None:
    """A card is the chart scaled to fit between its title (two lines at most: the page's own title
    goes with a shared link) and a line naming the source and the site, inside the margins."""
    from bakuclaims.frame import CARD_TITLE, MARGIN, Frame, card, drawn_width
    from bakuclaims.vldraw import PNG_SCALE
    frame = Frame(title=title, takeaway="", footer=[], font="Liberation Sans", size=13, title_colour="#000000",
                  colour="#555555", background="#ffffff", card=["Source: AzerNews; Trend", "Baku Digital Claims",
                                                                 "CC BY 4.0"])
    chart_svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="543" height="335" viewBox="0 0 543 335">'
                 '<text x="0" y="12">Per cent</text></svg>')
    drawn = card(chart_svg, frame)
    lines, footer, (width, height), inside = framed_download(drawn)
    assert (width * PNG_SCALE, height * PNG_SCALE) == (1200, 630)
    if title == LONG_TITLE:
        assert len(lines) == 2 and lines[-1].endswith(" …"), lines
        assert LONG_TITLE.replace(" ", "").startswith("".join(lines)[:-1].replace(" ", ""))
    else:
        assert lines == [title]
    assert all(drawn_width(line, CARD_TITLE, bold=True) <= width - 2 * MARGIN for line in lines)
    assert footer == ["Source: AzerNews; Trend · Baku Digital Claims · CC BY 4.0"]
    assert inside.get("width") == "543", "the chart is drawn whole, scaled"
    left, top, scale = map(float, re.search(r'translate\(([0-9.]+),([0-9.]+)\) scale\(([0-9.]+)\)', drawn).groups())
    baselines = [float(y) for y in re.findall(r'<text x="16" y="([0-9.]+)"', drawn)]
    title_bottom, footer_top = baselines[len(lines) - 1], baselines[len(lines)] - 11
    assert title_bottom < top and top + 335 * scale < footer_top, "between the title and the footer"
    assert MARGIN <= left and left + 543 * scale <= width - MARGIN + 0.01, "inside the margins"
    assert abs(left - (width - left - 543 * scale)) < 0.02, "centred across the card"


def test_a_page_shows_its_chart_unframed_as_drawn_inside_the_download(real_site: Path) -> None:
    """The page gives the title and source in its HTML: its inline chart is the bare drawing, the
    very one the download frames."""
    html = (real_site / "index.html").read_text(encoding="utf-8")
    inline = re.search(r'<svg role="img"[^>]*class="chart-wide[^"]*"[^>]*>.*?</svg>', html, re.S)
    assert inline and CREDIT not in inline[0] and "font-weight=\"bold\"" not in inline[0]
    _, _, _, drawn_inside = framed_download((real_site / "charts/headline/chart.svg").read_text(encoding="utf-8"))
    on_page = ET.fromstring(inline[0])
    assert [ET.tostring(t, encoding="unicode") for t in on_page.iter(f"{SVG}text")] == \
        [ET.tostring(t, encoding="unicode") for t in drawn_inside.iter(f"{SVG}text")], \
        "the page's chart draws the very text the one inside the download draws, where it draws it"
    for name in ("width", "height"):
        assert re.search(rf' {name}="([0-9.]+)"', inline[0])[1] == drawn_inside.get(name), name


def test_the_facts_table_names_the_inputs_of_each_figure_the_site_computed(real_site: Path) -> None:
    """A reuser can redo the site's arithmetic from the table alone: share: a, b is a ÷ b × 100."""
    with (real_site / "data/facts.csv").open(encoding="utf-8") as handle:
        facts = {row["id"]: row for row in csv.DictReader(handle)}
    derived = {i: row for i, row in facts.items() if row["confidence"] == "derived"}
    assert derived and all(not row["derivation"] for i, row in facts.items() if i not in derived)
    for fact_id, row in derived.items():
        operation, inputs = row["derivation"].split(": ")
        a, b = (facts[i] for i in inputs.split(", "))
        if operation == "share":
            assert abs(float(a["value"]) / float(b["value"]) * 100 - float(row["value"])) < 0.5, fact_id


def test_downloads_write_a_whole_number_as_a_reader_would(real_site: Path) -> None:
    """A rank of 70 reads 70, not 70.0, and a population 10180770, not 10180770.0; 61.5 stays 61.5."""
    files = [real_site / "data/facts.csv", *sorted((real_site / "charts").glob("*/data.csv"))]
    values = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            values += [row["value"] for row in csv.DictReader(handle) if row["value"]]
    for path in [real_site / "data/facts.json", *sorted((real_site / "charts").glob("*/data.json"))]:
        values += [str(r["value"]) for r in json.loads(path.read_text(encoding="utf-8")) if r["value"] is not None]
    assert values and not [v for v in values if v.endswith(".0")]
    assert any("." in v for v in values), "fractions keep their decimals"


def test_a_charts_data_states_each_values_unit_and_qualifier(real_site: Path) -> None:
    """A reuser who keeps only the value column still knows 100 is 'nearly 100' per cent."""
    with (real_site / "data/facts.csv").open(encoding="utf-8") as handle:
        facts = {row["id"]: row for row in csv.DictReader(handle)}
    qualified = 0
    for chart_dir in chart_dirs(real_site):
        with (chart_dir / "data.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        records = json.loads((chart_dir / "data.json").read_text(encoding="utf-8"))
        for row, record in zip(rows, records, strict=True):
            fact = facts[row["id"]]
            assert (row["unit"], row["qualifier"]) == (fact["unit"], fact["qualifier"]), (chart_dir.name, row["id"])
            assert (record["unit"], record["qualifier"] or "") == (row["unit"], row["qualifier"])
            qualified += bool(row["qualifier"])
    assert qualified, "the real charts draw figures the source gave with a qualifier"


def test_the_data_package_describes_every_column_it_lists(real_site: Path) -> None:
    package = json.loads((real_site / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        if resource["format"] == "json":  # keys sorted, so the schema matches them by name, not by place
            assert resource["schema"]["fieldsMatch"] == "equal", resource["name"]
            records = json.loads((real_site / resource["path"]).read_text(encoding="utf-8"))
            assert records and all(sorted(record) == sorted(names) for record in records), resource["name"]
        else:
            with (real_site / resource["path"]).open(encoding="utf-8") as handle:
                assert names == next(csv.reader(handle)), resource["name"]
        assert all(f.get("description") for f in fields), resource["name"]


def test_the_data_package_lists_every_json_download_beside_its_csv(real_site: Path) -> None:
    """It listed the CSV files only: a reuser of facts.json or a chart's data.json had no description of
    its columns, and a program reading the package never found them. Each is now a resource of its own
    (a resource's several paths must share one format), read as the same rows as its CSV."""
    package = Package(str(real_site / "datapackage.json"))
    downloads = {"data/facts.json", *(f"charts/{d.name}/data.json" for d in chart_dirs(real_site))}
    tables = {resource.path: resource for resource in package.resources}
    assert downloads <= set(tables)
    for path in sorted(downloads):
        resource = tables[path]
        twin = package.get_resource(resource.name.removesuffix(".json"))
        assert twin.path == path.removesuffix(".json") + ".csv"
        assert [f.name for f in resource.schema.fields] == [f.name for f in twin.schema.fields]
        assert [row.to_dict() for row in resource.read_rows()] == [row.to_dict() for row in twin.read_rows()], path


def test_a_columns_description_sends_a_reuser_only_to_columns_its_table_has(real_site: Path) -> None:
    """A chart's source_url said 'source_notes say why where there is none' and its derivation
    '(confidence derived)', columns a chart's table does not have: a reuser of the chart's CSV looked
    for them in vain. A column of the facts table alone is named as the facts table's."""
    package = json.loads((real_site / "datapackage.json").read_text(encoding="utf-8"))
    facts, *others = package["resources"]
    fact_columns = {f["name"] for f in facts["schema"]["fields"]}
    for resource in others:
        names = {f["name"] for f in resource["schema"]["fields"]}
        # the facts table's columns named in words: those with an underscore, and confidence
        named = {n for n in fact_columns - names if "_" in n or n == "confidence"}
        for field in resource["schema"]["fields"]:
            for name in named:
                if re.search(rf"(?<![\w']){name}\b", field["description"]):
                    assert "the facts table" in field["description"], (resource["name"], field["name"], name)


def test_a_fact_without_a_figure_has_no_display_value_in_the_downloads(real_site: Path) -> None:
    """Its display was 'no figure', words no page shows (the facts table shows a dash), in the column
    of values as the site shows them, where a program reads it as one, like 'nearly 100%'."""
    with (real_site / "data/facts.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    records = {r["id"]: r for r in json.loads((real_site / "data/facts.json").read_text(encoding="utf-8"))}
    without = [i for i, record in records.items() if record["value"] is None]
    assert without, "the real site has statements without a figure"
    for fact_id in without:
        assert (rows[fact_id]["display"], records[fact_id]["display"]) == ("", None), fact_id
    assert all(records[i]["display"] for i in records if i not in without)


def test_every_chart_has_a_page_to_cite_that_links_to_where_it_appears(real_site: Path) -> None:
    """A reuser citing the headline chart had only the home page to link to; each chart now has a
    page of its own, with the citation, and every page that shows it links to it."""
    shown_elsewhere: dict[str, set[str]] = {}
    for page in sorted(real_site.rglob("index.html")):
        if page.parent.parent.name != "charts" and not is_redirect(page) and not is_embed(page):  # its own two
            html = page.read_text(encoding="utf-8")
            for chart_id in re.findall(r'<figure class="chart" id="chart-([^"]+)"', html):
                assert f'<a href="/charts/{chart_id}/"' in html, (page, chart_id)
                folder = page.parent.relative_to(real_site).as_posix()
                shown_elsewhere.setdefault(chart_id, set()).add("/" if folder == "." else f"/{folder}/")
    charts = [p.name for p in chart_dirs(real_site)]
    assert charts and set(shown_elsewhere) <= set(charts)
    for chart_id in charts:
        html = (real_site / "charts" / chart_id / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<h1 class="chart-title" id="chart-{chart_id}-title">', html)
        assert re.search(rf'<p class="citation">Baku Digital Claims, “[^<]+”, <a [^>]+>[^<]*/charts/{chart_id}/</a>'
                         r'(, last updated <time datetime="\d{4}-\d\d-\d\d">[^<]+</time>)?\.</p>', html), chart_id
        where = html[html.index("<h2>Where it appears</h2>"):]
        listed = set(re.findall(r'<li><a href="([^"]+)"', where))
        assert listed == shown_elsewhere.get(chart_id, set()), chart_id
        if chart_id not in shown_elsewhere:  # an editor's chart of facts whose metrics have charts of their own
            assert "Only here: no other page of the site shows it." in text_of(where), chart_id


def test_a_downloaded_file_is_saved_under_a_name_that_says_which_chart_it_is(real_site: Path) -> None:
    """Not ten files called data.csv and chart.png in a reuser's downloads folder."""
    saved: dict[str, str] = {}
    for page in sorted(real_site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        for offer in re.findall(r'<p class="downloads">(.*?)</p>', html, re.S):
            for href, name in re.findall(r'<a href="(/charts/[^"]+\.[a-z]+)"(?: download="([^"]*)")?[^>]*>', offer):
                chart_id = href.split("/")[2]
                assert name and name.startswith(f"baku-digital-claims-{chart_id}"), (page, href, name)
                assert saved.setdefault(name, href) == href, f"{name} names two files"
                assert Path(name).suffix == Path(href).suffix
    assert len(saved) == 5 * len(chart_dirs(real_site))


def test_downloads_say_under_which_licence_and_how_to_credit(real_site: Path) -> None:
    """A reuser learns the terms where they download, not only on the About page."""
    licence = json.loads((real_site / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]
    pages = [real_site / "index.html", real_site / "metrics/fibre-coverage-national/index.html",
             real_site / "facts/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        paragraphs = re.findall(r'<p class="(?:downloads|lede)">(.*?)</p>', html, re.S)
        offers = [p for p in paragraphs if ".csv" in p]
        assert offers, page
        for offer in offers:
            assert f'href="{licence["path"]}"' in offer, (page, offer)
            assert 'href="/about/#reuse"' in offer, (page, offer)


def test_json_downloads_are_indented_with_sorted_keys(real_site: Path) -> None:
    """One item to a line, keys sorted: readable, and a change shows as a small diff."""
    files = [real_site / "data/facts.json", real_site / "datapackage.json", *sorted(real_site.glob("charts/*/*.json"))]
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n", file.name


def test_datapackage_validates(real_site: Path) -> None:
    report = Package(str(real_site / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_the_data_package_reads_the_downloads_full_dates_as_dates(real_site: Path) -> None:
    """A reuser loading the package gets the dates the notes call YYYY-MM-DD as dates, not text; the
    facts' own date, a year or month where the data gives one, stays text."""
    package = Package(str(real_site / "datapackage.json"))
    facts = package.get_resource("facts").read_rows()
    assert all(isinstance(row["date"], str) for row in facts if row["date"])
    for name in ("corrected", "updated", "assessed"):
        given = [row[name] for row in facts if row[name] is not None]
        assert given and all(isinstance(value, dt.date) for value in given), name
    chart = package.get_resource("chart-broadband-over-time").read_rows()
    assert chart and all(isinstance(row["date"], dt.date) for row in chart)


def test_no_script_or_style_comes_from_outside_the_site(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page.name}: {tag}"
        assert "@import" not in html


def test_a_data_table_tells_a_screen_reader_which_row_is_the_pages_own_figure(real_site: Path) -> None:
    """The page's own row is in bold for sighted readers; its link says it is the current page."""
    checked = 0
    for page in sorted(real_site.glob("facts/*/index.html")):
        html = page.read_text(encoding="utf-8")
        current = re.findall(r'<th scope="row"><a href="([^"]+)" aria-current="page">', html)
        if '<tr class="current">' not in html:
            assert not current, page
            continue
        assert current and set(current) == {f"/facts/{page.parent.name}/"}, page
        assert html.count('<tr class="current">') == len(current), page
        checked += 1
    assert checked > 20


def test_interactive_layer_loads_only_on_pages_with_charts(real_site: Path) -> None:
    assert "assets/charts.js" in (real_site / "index.html").read_text(encoding="utf-8")
    assert "<script" not in (real_site / "sources/index.html").read_text(encoding="utf-8")
    assert (real_site / "assets/vega-embed.js").is_file()  # from the site itself, not a CDN


@pytest.mark.parametrize("unit_fact", ["homes-total"])
def test_a_chart_mixing_units_is_refused(project: Path, unit_fact: str) -> None:
    charts = project / "data/charts.yaml"
    charts.write_text(charts.read_text().replace("[coverage-claim, coverage-survey]",
                                                 f"[coverage-claim, coverage-survey, {unit_fact}]"), encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert "data/charts.yaml:1:1: chart 'headline' mixes units: count (homes-total), percent (coverage-claim)" \
        in result.stderr


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
@pytest.mark.parametrize("unit", ["percent", "count", "rank", "index", "per-100", "mbps"])
@pytest.mark.parametrize("kind", ["comparison", "timeline"])
def test_every_chart_shape_is_a_valid_vega_lite_spec(kind: str, unit: str, narrow: bool) -> None:
    from bakuclaims import chart as charts
    build = charts._timeline if kind == "timeline" else charts._comparison
    spec = build(unit, narrow, validate=True)  # Altair checks it against the Vega-Lite schema
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


LABELS = ["Short", "Exactly thirty-four characters long", "A label of more than thirty-four characters, "
          "wrapped onto a second and third line and cut after the third", "Ends in a wide space \u2003",
          "Tab\tinside", "  Leading spaces", "Double  space inside", "non-breaking\u00a0space"]


def test_axis_labels_wrap_at_34_characters_and_context_labels_alternate() -> None:
    import textwrap
    from bakuclaims.chart import CONTEXT, Row, _describe
    rows = [Row(id=f"f{i}", label=label, value=1.0, display="1", kind=CONTEXT if i % 3 else "Claim", who="Office",
                date=None, date_label="2024", metric="m", measures="x", source="s", source_url=None)
            for i, label in enumerate(LABELS)]
    described = _describe(rows)
    for label, d in zip(LABELS, described):
        lines, wrapped = d["axis_label"].split("|")[:-1], textwrap.wrap(label, 34)[:3]
        assert d["axis_label"].endswith("|Office, 2024")
        assert len(lines) == len(wrapped) and all(len(line) <= 34 for line in lines), label
        assert re.sub(r"\s", "", label).startswith(re.sub(r"\s", "", "".join(lines))), "its words, in order"
    assert described[1]["axis_label"] == "Exactly thirty-four|characters long|Office, 2024", \
        "no word left alone on a last line (textwrap: 'Exactly thirty-four characters|long')"
    context = [d["above"] for d in described if d["kind"] == CONTEXT]
    assert context == [i % 2 == 0 for i in range(len(context))], "neighbouring context labels take turns"
    assert all(d["above"] for d in described if d["kind"] != CONTEXT), "undated claims: above"


def row(fact_id: str, kind: str, who: str, date: str | None, metric: str = "m") -> "Row":
    """A chart row with what label placement and series read."""
    from bakuclaims.chart import Row
    return Row(id=fact_id, label=fact_id, value=1.0, display="1%", kind=kind, who=who, date=date,
               date_label=date or "", metric=metric, measures="x", source="s", source_url=None)


@pytest.mark.parametrize("title, shown", [
    ("Internet users as a share of the population, CIA World Factbook, 2023",
     "Internet users as a share of the population, CIA World Factbook"),
    ("Fibre coverage, March 2024", "Fibre coverage"),
    ("Fibre coverage in 2023", "Fibre coverage in 2023"),  # not a date the line below gives after a comma
    (", 2023", ", 2023"),  # a title that is the date alone keeps it
])
def test_a_bars_label_gives_its_date_once(title: str, shown: str) -> None:
    """The bars of internet users were labelled "…, CIA World Factbook, 2023" over "Central
    Intelligence Agency, 2023": a title ending in the date the line below gives leaves it to that line."""
    from bakuclaims.chart import CONTEXT, _axis_lines
    date_label = "March 2024" if "March" in title else "2023"
    figure = replace(row("f", CONTEXT, "Central Intelligence Agency", "2023-01-01"), label=title, date_label=date_label)
    lines = _axis_lines(figure, 200)
    assert lines == [shown, f"Central Intelligence Agency, {date_label}"], lines


def test_a_claims_label_goes_opposite_the_label_of_the_context_figure_nearest_in_time() -> None:
    from bakuclaims.chart import CLAIM, CONTEXT, _describe
    rows = [row("a", CONTEXT, "Office", "2024-01-01"), row("d", CLAIM, "Speaker", "2024-01-15"),
            row("b", CONTEXT, "Office", "2024-04-01"), row("c", CLAIM, "Speaker", "2024-05-01")]  # by date
    above = {d["id"]: d["above"] for d in _describe(rows)}
    assert above == {"a": True, "b": False, "c": True, "d": False}


def test_a_context_label_goes_above_a_peak_below_a_valley_and_above_a_point_near_the_time_axis() -> None:
    from dataclasses import replace
    from bakuclaims.chart import CONTEXT, _describe
    rows = [replace(row(f"p{i}", CONTEXT, "Office", f"{2020 + i}-01-01"), value=value)
            for i, value in enumerate([52, 66, 74, 60, 100, 5])]
    above = [d["above"] for d in _describe(rows, "percent")]
    assert above == [False, True, True, False, True, True], "valley, rise (the other side), peak, valley, peak, low"
    ranks = [replace(row(f"r{i}", CONTEXT, "UN", f"{2020 + 2 * i}-01-01"), value=value)
             for i, value in enumerate([70, 75, 74])]
    assert all(d["above"] for d in _describe(ranks, "rank")), "75th is drawn lowest, by the time axis (80th): above"
    ranks[1] = replace(ranks[1], value=83)
    assert [d["above"] for d in _describe(ranks, "rank")] == [True, False, True], \
        "83rd is a valley, well clear of the axis's end at 100th: below"
    fibre = [replace(row(f"f{value}", CONTEXT, "Ministry", day), value=value) for day, value in
             [("2023-11-01", 52), ("2024-01-01", 66), ("2024-04-01", 74), ("2025-12-01", 100)]]
    assert [d["above"] for d in _describe(fibre, "percent")] == [False, False, True, True], \
        "66% goes below: the 74% point, three months on, sits where its label would go above"
    lows = [replace(row(f"l{i}", CONTEXT, "Office", day), value=value)
            for i, (day, value) in enumerate([("2015-01-01", 3), ("2015-02-01", 4), ("2024-01-01", 5)])]
    assert [d["above"] for d in _describe(lows, "percent")] == [True, False, True], \
        "two low points near in time take turns: above both, their labels would collide"


def test_labels_of_figures_drawn_close_together_turn_away_from_each_other() -> None:
    """The 100% claim (17 November 2025) and the ministry's "nearly 100%" (December 2025) are drawn
    a few pixels apart: the claim's label ends before its diamond, above it, clear of the line rising
    to it, and the context figure's starts at its circle; two population figures two months apart
    likewise. Figures far apart keep a claim's label after its diamond and a context label centred."""
    from dataclasses import replace
    from bakuclaims.chart import CLAIM, CONTEXT, _describe
    fibre = [replace(row(fact_id, kind, "Ministry", day), value=value) for fact_id, kind, day, value in [
        ("c52", CONTEXT, "2023-11-01", 52), ("c74", CONTEXT, "2024-04-01", 74), ("claim74", CLAIM, "2024-05-15", 74),
        ("claim100", CLAIM, "2025-11-17", 100), ("c100", CONTEXT, "2025-12-01", 100)]]
    described = {d["id"]: (d["anchor"], d["above"]) for d in _describe(fibre, "percent")}
    assert described["claim100"] == ("end", True) and described["c100"][0] == "start"
    assert described["c52"][0] == "centre" and described["claim74"][0] == "start", "no neighbour in their labels' way"
    assert described["c74"][0] == "end", "the 74% claim's diamond, six weeks on, sits under a centred '74%'"
    people = [replace(row(f"p{i}", CONTEXT, "Office", day), value=value, display=f"{value:,}")
              for i, (day, value) in enumerate([("2024-01-01", 10_180_770), ("2025-09-01", 10_249_500),
                                                ("2025-11-01", 10_256_998)])]
    assert [d["anchor"] for d in _describe(people, "count")] == ["centre", "end", "start"]


def test_a_timeline_line_joins_only_successive_figures_of_one_producer() -> None:
    from bakuclaims.chart import CLAIM, CONTEXT, _describe
    rows = [row("a", CONTEXT, "UN", "2020-01-01"), row("b", CONTEXT, "UN", "2021-01-01"),
            row("c", CLAIM, "Speaker", "2021-06-01"), row("d", CONTEXT, "Editors", "2022-01-01"),
            row("e", CONTEXT, "UN", "2024-01-01"), row("f", CONTEXT, "UN", "2024-01-01", metric="other")]
    series = {d["id"]: d["series"] for d in _describe(rows)}
    assert series["a"] == series["b"], "a claim between two figures of one producer does not break the line"
    assert len({series["b"], series["d"], series["e"], series["f"]}) == 4, \
        "no line joins two producers, passes over another producer's figure, or joins two metrics"


def test_a_narrow_chart_keeps_room_to_draw_however_long_its_labels() -> None:
    from bakuclaims.chart import NARROW_MIN_PLOT, _narrow_bar_width
    long = [{"value": 1.0, "value_label": "9" * 80 + " claimed"}]  # wider than the whole layout
    assert _narrow_bar_width("count", long) == NARROW_MIN_PLOT, "not a negative width vega cannot draw"


def test_a_timeline_of_many_figures_labels_only_the_last_figure_of_each_line() -> None:
    """Fifty labels in 400 px cover one another (and laying them out was half of a chart's
    drawing time); the data table under the chart gives every value."""
    from bakuclaims import chart as charts
    from bakuclaims.chart import CLAIM, CONTEXT, LABELLED_MOST, _describe
    rows = [row(f"u{i}", CONTEXT, "UN", f"{2000 + i}-01-01") for i in range(LABELLED_MOST)]
    rows += [row("c", CLAIM, "Speaker", "2020-06-01"), row("w", CONTEXT, "World Bank", "2021-01-01")]
    assert [d["id"] for d in _describe(rows) if d["labelled"]] == [f"u{LABELLED_MOST - 1}", "c", "w"], \
        "the last of each line, and the latest claim"
    assert all(d["labelled"] for d in _describe(rows[:LABELLED_MOST])), "a timeline of a dozen labels them all"
    for narrow in (False, True):
        texts = [layer for layer in charts._timeline("percent", narrow)["layer"]
                 if layer["mark"]["type"] == "text" and "transform" in layer]  # not the reference line's label
        assert len(texts) == len(charts.LABEL_LAYERS) and all("datum.labelled" in json.dumps(t["transform"])
                                                              for t in texts)


def test_a_rank_axis_puts_1st_at_the_top_and_a_rank_is_not_drawn_as_a_bar() -> None:
    from bakuclaims import chart as charts
    timeline, comparison = charts._timeline("rank"), charts._comparison("rank")
    y = next(layer["encoding"]["y"] for layer in timeline["layer"] if layer["mark"]["type"] == "point")
    assert y["scale"]["reverse"] is True and "padding" not in y["scale"], "no room past 1st: no 0th on the axis"
    assert "bar" not in [layer["mark"]["type"] for layer in comparison["layer"]]


def test_the_legend_names_only_the_kinds_of_figure_a_chart_shows(project: Path) -> None:
    charts = chart(site_of(project))
    only_context = next(c for c in charts.values() if {r.kind for r in c.rows} == {CONTEXT})
    legends = [layer["encoding"][channel]["legend"]["values"] for layer in only_context.spec["layer"]
               for channel in ("color", "shape") if channel in layer.get("encoding", {})]
    assert legends and all(values == [CONTEXT] for values in legends)


def test_charts_drawn_together_come_back_in_order_and_as_drawn_alone(project: Path) -> None:
    from bakuclaims.vlrender import PNG_SCALE, Drawers, png_size, png_size_for
    specs = [[c.spec, c.narrow_spec] for c in chart(site_of(project)).values()]
    assert len(specs) >= 2
    with Drawers(warm=False) as drawers:
        together, last = drawers.draw(specs[::-1]), drawers.draw(specs[:1])
        svgs, svg_alone = list(together.each_chart()), list(last.each_chart())
        pngs, png_alone = together.pngs(), last.pngs()
    assert (svgs[-1], pngs[-1]) == (svg_alone[0], png_alone[0])
    assert len({svg for layouts in svgs for svg in layouts}) == 2 * len(specs)
    assert [png_size(png) for png, _ in pngs] == [png_size_for(layouts[0]) for layouts in svgs], "a PNG of the wide layout"
    assert all(card is None for _, card in pngs), "no link preview without a frame asking for one"
    narrow_widths = [png_size_for(layouts[1])[0] / PNG_SCALE for layouts in svgs]
    assert all(NARROW_WIDTH - 40 <= width <= NARROW_WIDTH + 12 for width in narrow_widths), \
        f"narrow layouts, labels and all, about {NARROW_WIDTH} px wide: {narrow_widths}"


def test_a_drawing_process_whose_pngs_nobody_takes_is_stopped_with_the_drawers(project: Path) -> None:
    from bakuclaims.vlrender import Drawers
    specs = [[c.spec, c.narrow_spec] for c in chart(site_of(project)).values()]
    with Drawers(warm=False) as drawers:
        drawn = drawers.draw(specs)
        assert len(list(drawn.each_chart())) == len(specs)  # as a build that fails while its pages render
    assert drawn.child.process.returncode is not None, "no vl-convert process is left waiting"


def test_a_page_waits_for_its_own_chart_not_for_the_charts_drawn_after_it() -> None:
    import subprocess
    import sys
    import tempfile
    from bakuclaims.chart import Drawing
    from bakuclaims.vlrender import Drawn, _Child
    first_only = ("import sys; sys.stdin.read(); print('[\"<svg>first</svg>\"]', flush=True); "
                  "import time; time.sleep(30)")  # a child that draws one chart, then hangs on the next
    stderr = tempfile.TemporaryFile()
    child = _Child(subprocess.Popen([sys.executable, "-c", first_only], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=stderr), stderr)
    drawn = Drawn(child, [[{}], [{}]])

    class OneChild:
        def draw(self, specs: list[list[dict[str, object]]], frames: object = None) -> Drawn:
            return drawn

    drawing = Drawing([None, None])
    drawing.draw([0, 1], [[{}], [{}]], OneChild(), lambda i, render: None)  # type: ignore[arg-type]
    try:
        assert drawing.svgs_of(0) == ("<svg>first</svg>",)
        assert drawing.drawing, "the second chart is still being drawn"
    finally:
        child.process.kill()  # the drawing thread then meets its end, and stops it
    with pytest.raises(RuntimeError, match="vl-convert could not draw the charts"):
        drawing.svgs_of(1)
    drawn.stop()


def test_a_failing_chart_process_is_reported_in_one_line_without_its_traceback() -> None:
    import subprocess
    import sys
    import tempfile
    from bakuclaims.vlrender import Drawn, _Child
    stderr = tempfile.TemporaryFile()
    child = _Child(subprocess.Popen([sys.executable, "-c", "raise ValueError('the engine broke')"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr), stderr)
    with pytest.raises(RuntimeError) as failed:
        list(Drawn(child, [[{}]]).each_chart())
    assert str(failed.value) == "vl-convert could not draw the charts: ValueError: the engine broke"


def test_a_drawing_child_ended_by_two_threads_at_once_ends_without_an_error() -> None:
    """A build that fails (a template error, say) stops the drawing child while the drawing
    thread, seeing its output end, stops it too: the build's own problem must be what the
    editor reads, not an error from closing the child's files twice at once."""
    import subprocess
    import sys
    import tempfile
    import threading
    from bakuclaims.vlrender import Drawn, _Child
    errors: list[BaseException] = []
    for _ in range(40):  # the two closes overlapped in about one try in five before they took turns
        stderr = tempfile.TemporaryFile()
        child = _Child(subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr), stderr)
        drawn = Drawn(child, [])
        both = threading.Barrier(2)

        def stop() -> None:
            both.wait()
            try:
                drawn.stop()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=stop) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert child.process.returncode is not None and child.stderr.closed
    assert errors == []


def test_a_failed_build_reports_its_own_problem_even_if_stopping_vl_convert_fails(project: Path) -> None:
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    from bakuclaims.problems import BuildFailed
    from bakuclaims.vlrender import Drawers

    class Unstoppable(Drawers):
        def stop(self) -> None:
            super().stop()
            raise ValueError("I/O operation on closed file")

    (project / "templates/404.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n",
                                                encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(project, project / "site", Options.parse(), drawers=Unstoppable())
    [problem] = failed.value.problems
    assert (problem.path, problem.line) == ("templates/404.html", 3)


def test_a_second_project_takes_the_chart_library_from_the_machine_cache(tmp_path: Path) -> None:
    from conftest import make_project
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    first, second = make_project(tmp_path / "first"), make_project(tmp_path / "second")
    assert run_build(first, env=env).returncode == 0
    [kept] = (tmp_path / "user-cache" / "bakuclaims").glob("vega-embed-*.js")
    assert kept.read_bytes() == (first / "site" / "assets" / "vega-embed.js").read_bytes()
    kept.write_bytes(kept.read_bytes() + b"/* kept for this machine */\n")
    assert run_build(second, env=env).returncode == 0
    assert (second / "site" / "assets" / "vega-embed.js").read_bytes().endswith(b"/* kept for this machine */\n")


def test_a_machine_cache_that_cannot_be_written_falls_back_to_the_project_cache(tmp_path: Path) -> None:
    from conftest import make_project
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go\n", encoding="utf-8")
    project = make_project(tmp_path / "project")
    result = run_build(project, env={"XDG_CACHE_HOME": str(blocked)})
    assert result.returncode == 0, result.stderr
    assert list((project / ".cache").rglob("vega-embed-*.js")), "the bundle is kept with the project instead"
    assert run_build(project, env={"XDG_CACHE_HOME": str(blocked)}).returncode == 0


def test_a_chart_that_cannot_be_drawn_fails_the_build_and_leaves_the_site_untouched(project: Path) -> None:
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    from bakuclaims.vlrender import Drawers

    class Broken(Drawers):
        def draw(self, specs: list[dict], frames: object = None) -> list[str]:
            raise RuntimeError("vl-convert could not draw the charts: the engine broke")

    assert run_build(project).returncode == 0
    site = project / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("value: 80", "value: 81"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="the engine broke"):
        build_site(project, site, Options.parse(), drawers=Broken(warm=False))
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_claim_is_drawn_over_a_context_figure_at_the_same_place_and_larger_than_it() -> None:
    """The home page's 100% claim sat under the "nearly 100%" circle beside it: a diamond of the
    same size fits inside a circle, so drawn first it vanished, and with it the shape that tells
    a claim from a context figure."""
    from bakuclaims import chart as charts
    for build, unit, narrow in ((charts._timeline, "percent", False), (charts._timeline, "percent", True),
                                (charts._comparison, "rank", False), (charts._comparison, "rank", True)):
        points = [layer for layer in build(unit, narrow)["layer"] if layer["mark"]["type"] == "point"
                  and layer.get("name") != charts.RING_LAYER]  # the rings, unseen, are drawn under both
        kinds = [json.dumps(layer["transform"]) for layer in points]
        assert len(points) == 2 and CONTEXT in kinds[0] and "Claim" in kinds[1], "claims are the later layer"
        context, claim = (layer["mark"]["size"] for layer in points)
        assert claim >= 1.5 * context, "a diamond's corners reach past a circle beneath it"
        assert points[1]["encoding"]["stroke"]["value"] == charts.OUTLINE, "outlined, clear of what is beneath"


def test_a_qualified_figure_is_drawn_hollow_and_its_label_keeps_the_qualifier(project: Path) -> None:
    fact = project / "data/facts/coverage-survey.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("value:", "qualifier: nearly\nvalue:"), encoding="utf-8")
    drawn = chart(site_of(project))["metric-coverage"]
    for spec in (drawn.spec, drawn.narrow_spec):
        data = {d["id"]: d for d in layer_data(spec)}
        assert data["coverage-survey"]["qualified"] and not data["coverage-claim"]["qualified"]
        assert data["coverage-survey"]["display"].startswith("nearly ")
        for layer in spec["layer"]:
            if layer["mark"]["type"] == "point" and layer.get("name") != "point_rings":  # the rings: see _rings
                hollow = layer["encoding"]["fillOpacity"]
                assert hollow["condition"] == {"test": "datum.qualified", "value": 0} and hollow["value"] == 1


@pytest.mark.parametrize("value", ["89", "88.1", "74", "97", "100"])
def test_each_value_label_sits_just_past_its_own_bar_and_no_line_runs_through_it(project: Path, value: str) -> None:
    """A reader audit at 320 px: the labels stood in one column past the 100% line, "65% claimed" 80 px
    from its bar, so the eye could not pair them. Each now starts just past its own bar's end, in both
    layouts, within the phone's column. The dashed 100% line ran through "88.1%" on
    /metrics/internet-users/: on a phone it now stops beside a bar whose label reaches it, and every
    value label keeps a margin of the page's colour round its letters, over the line where it crosses."""
    from bakuclaims.chart import BAR_LABEL_DX, HALO, OUTLINE, _text_width
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("value: 80", f"value: {value}"), encoding="utf-8")
    drawn = chart(site_of(project))["headline"]
    assert drawn.spec["layer"][0]["mark"]["type"] == "rule"
    for spec in (drawn.spec, drawn.narrow_spec):
        text = next(layer for layer in spec["layer"] if layer["encoding"].get("text", {}).get("field") == "value_label")
        assert text["encoding"]["x"]["field"] == "value" and text["mark"]["dx"] == BAR_LABEL_DX, \
            "each label at its own bar's end"
        assert text["mark"]["stroke"] == OUTLINE and text["mark"]["strokeWidth"] == HALO
        if spec is drawn.narrow_spec:
            for d in layer_data(spec):
                assert spec["width"] * d["value"] / 100 + BAR_LABEL_DX + _text_width(d["value_label"]) <= NARROW_WIDTH - 5, \
                    "the label fits the phone's column"
    rule = drawn.narrow_spec["layer"][0]
    assert rule["encoding"]["y"]["field"] == "rule_y" and rule["encoding"]["y2"]["field"] == "rule_y2"
    rows, width = layer_data(drawn.narrow_spec), drawn.narrow_spec["width"]
    pieces = [piece for row in rows for piece in zip(row["rule_y"], row["rule_y2"])]
    for row in rows:  # on a phone the bars' labels span the chart above them
        start = width * row["value"] / 100 + BAR_LABEL_DX
        crossed = start <= width + 4 and start + _text_width(row["value_label"]) >= width - 4
        assert not crossed or all(end <= row["mid_y"] - 10 or top >= row["mid_y"] + 10 for top, end in pieces), \
            (row["value_label"], "the line leaves out the label's middle")
    wide = drawn.spec["width"]
    for row in layer_data(drawn.spec):  # wide, the line leaves out the middle of the row of a label that crosses it
        start = wide * row["value"] / 100 + BAR_LABEL_DX
        assert row["crosses_rule"] == (start <= wide + 4 and start + _text_width(row["value_label"]) >= wide - 4)
    halves = [layer for layer in drawn.spec["layer"] if layer["mark"]["type"] == "rule"]
    assert len(halves) == 2 and all("crosses_rule" in str(layer["mark"]) for layer in halves)
    counts = chart(site_of(project))["metric-homes"]  # no 100% line: its pieces' places are no part of the data
    assert not any("rule_y" in row for row in layer_data(counts.narrow_spec))


def test_on_a_phone_the_100_per_cent_line_runs_down_the_chart_and_breaks_only_round_a_label() -> None:
    """A reader audit: drawn beside each bar only, the dashed 100% line was a dash by each bar, which
    read as debris beside the solid grid line at 100. Then it stopped for good above the first bar whose
    name or value reached it: on the home page's chart it ran past the first two bars only, and a chart
    of one bar at 96% with a long name had none. It now runs the chart's height, as the wide layout's
    does, leaving out only a strip round each line of a name, or a value, that reaches it."""
    from bakuclaims.chart import _rule_spans
    rows = [{"axis_label": "Short", "text_y": 4, "bar_y": 23, "bar_y2": 43, "mid_y": 33, "value": 50, "value_label": "50%"},
            {"axis_label": "Short|" + "W" * 40, "text_y": 61, "bar_y": 96, "bar_y2": 116, "mid_y": 106, "value": 50,
             "value_label": "50%"},
            {"axis_label": "Short", "text_y": 134, "bar_y": 153, "bar_y2": 173, "mid_y": 163, "value": 50,
             "value_label": "50%"}]

    def pieces(rows: list[dict]) -> list[tuple[float, float]]:
        return [piece for r in _rule_spans(rows, 300, 177) for piece in zip(r["rule_y"], r["rule_y2"])]

    assert pieces(rows) == [(0, 73.5), (93.5, 177)], "unbroken but round the second name's long line"
    rows[0]["value"] = 90  # "90%" from 275 px to about 300: across the line
    rows[2]["value"] = 100  # its label starts past the line
    assert pieces(rows) == [(0, 23), (43, 73.5), (93.5, 177)], "past every bar, round the label that crosses it"
    alone = [{"axis_label": "W" * 40 + "|Ministry, May 2024", "text_y": 4, "bar_y": 39, "bar_y2": 59, "mid_y": 49,
              "value": 96, "value_label": "96%"}]
    assert [piece for r in _rule_spans(alone, 300, 63) for piece in zip(r["rule_y"], r["rule_y2"])] == [(20.5, 39)], \
        "beside the byline, clear of the long name and of the value"


def test_the_100_per_cent_line_drawn_in_pieces_keeps_one_even_dash(project: Path) -> None:
    """Drawn in pieces (by row on a phone, by half row wide, to stop short of a label), each piece of the
    dashed 100% line began its dashes afresh, so that where two met a dash was twice as long, or two ran
    together, at every row of the home page's chart. Each piece now takes up the dashes where one line
    from the chart's top would have them. On a phone the line stopped for good above the first bar whose
    name reached it; there is now a piece of it beside every bar's row."""
    claim = project / "data/facts/coverage-claim.yaml"  # "93% claimed" crosses the line, and on a phone
    claim.write_text(claim.read_text(encoding="utf-8").replace("value: 80", "value: 93").replace(  # so does its name
        "title: Homes that can connect", "title: Homes in towns and villages that can connect to the fixed broadband network"),
        encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/charts/headline/index.html").read_text(encoding="utf-8")
    for layout in ("wide", "narrow"):
        (svg,) = re.findall(rf'<svg role="img"[^>]*class="chart-{layout}[^"]*".*?</svg>', html, re.S)
        pieces = [(float(y), float(length), float(offset or 0)) for y, length, offset in re.findall(
            r'<line transform="translate\([\d.]+,([\d.]+)\)" x2="0" y2="([\d.]+)"[^>]*stroke-dasharray="4,3"'
            r'(?: stroke-dashoffset="([\d.]+)")?', svg)]
        assert len([p for p in pieces if p[1] > 0]) >= 2, (layout, pieces)
        for y, length, offset in pieces:
            assert (y - offset) % 7 < 0.01 or (y - offset) % 7 > 6.99, (layout, y, offset, "a dash out of step")
        bars = [(float(top), float(top) + float(tall)) for g in ET.fromstring(svg).iter(f"{SVG}g")
                if "mark-rect" in (g.get("class") or "") for path in g.iter(f"{SVG}path")
                for top, tall in [re.match(r"M[-\d.]+,([-\d.]+)h[-\d.]+v([-\d.]+)", path.get("d")).groups()]]
        assert len(bars) == 2, bars
        above = 0.0
        for top, foot in bars:  # a bar's row: from the bar above's foot to its own
            assert any(y < foot and y + length > above for y, length, _ in pieces if length >= 7), \
                (layout, "no line beside the bar at", top, pieces)
            above = foot


def _bar_and_label_ends(svg: str) -> list[tuple[str, float, float]]:
    """Each bar's value label in a drawn bar chart, the x its bar ends at and the x its label starts at."""
    root = ET.fromstring(svg)
    bars = [path for g in root.iter(f"{SVG}g") if "mark-rect" in (g.get("class") or "") for path in g.iter(f"{SVG}path")]
    labels = [t for g in root.iter(f"{SVG}g") if "bar_values_marks" in (g.get("class") or "") for t in g.iter(f"{SVG}text")]
    assert bars and len(bars) == len(labels), "one value label per bar"
    ends = []
    for bar, label in zip(bars, labels):
        x0, width = map(float, re.match(r"M([-\d.]+),[-\d.]+h([-\d.]+)", bar.get("d")).groups())
        at = float(re.match(r"translate\(([-\d.]+),", label.get("transform")).group(1))
        ends.append((label.text, x0 + width, at))
    return ends


def test_in_the_drawn_charts_each_value_label_starts_just_past_its_bars_end(real_site: Path) -> None:
    """What a reader on a phone saw on the home page: "65% claimed" 80 px right of its bar's end, in a
    column with the three others past the 100% line. In every bar chart, wide and narrow, each label now
    starts a few pixels past its own bar, and the PNG and SVG download draw its margin under its letters."""
    from bakuclaims.chart import BAR_LABEL_DX
    checked = 0
    for folder in chart_dirs(real_site):
        html = (folder / "index.html").read_text(encoding="utf-8")
        for svg in re.findall(r'<svg role="img"[^>]*class="chart-(?:wide|narrow)[^"]*".*?</svg>', html, re.S):
            for label, end, at in _bar_and_label_ends(svg) if "mark-rect" in svg else []:
                assert abs(at - (end + BAR_LABEL_DX)) <= 1, (folder.name, label, end, at)
                checked += 1
        if "bar_values_marks" in html:
            assert 'paint-order="stroke"' in (folder / "chart.svg").read_text(encoding="utf-8"), folder.name
    assert checked >= 20, checked


def test_on_a_desktop_every_chart_is_drawn_about_one_width_so_its_text_comes_out_at_one_size(real_site: Path) -> None:
    """A page stretches each chart to its 672 px column. Drawn with a plot of 250 px whatever their names,
    the bar charts were 468 to 543 px wide, so that their 13 px text came out at 16 to 18.7 px, beside
    the timelines' 16.8: the home page's first chart smaller than the next. Each wide chart, bars and
    timelines, is now drawn within a few pixels of WIDTH."""
    widths = {}
    for folder in chart_dirs(real_site):
        html = (folder / "index.html").read_text(encoding="utf-8")
        (svg,) = re.findall(r'<svg role="img"[^>]*class="chart-wide[^"]*"[^>]*>', html)
        widths[folder.name] = (float(re.search(r' width="([\d.]+)"', svg)[1]), "mark-rect" in html)
    assert sum(bars for _, bars in widths.values()) >= 3, widths
    assert all(abs(width - WIDTH) <= 8 for width, _ in widths.values()), widths


@pytest.mark.parametrize("unit", ["percent", "count", "rank"])
def test_a_wide_bar_charts_plot_fits_its_names_and_values_in_the_charts_width(unit: str) -> None:
    """Short names give the bars the room; long ones keep them WIDE_MIN_PLOT at least; each value label
    ends within the chart's width, estimated as the drawing's is."""
    from bakuclaims.chart import (BAR_LABEL_DX, CLAIM_DX, EDGE, WIDE_MIN_PLOT, _bar_plot_width, _bar_share, _describe,
                                  _text_width)
    rows = [rank_row(f"r{i}", value, "2024-01-01", "2024") for i, value in enumerate((100, 35, 9))]
    rows = [replace(r, label=name, display=f"{r.value:g}") for r, name in zip(rows, ("Alpha", "Beta", "Gamma"))]
    short = _bar_plot_width(unit, rows, _describe(rows, unit))
    long_rows = [replace(r, label="Households with a fixed broadband line, in towns", who="W" * 60) for r in rows]
    long = _bar_plot_width(unit, long_rows, _describe(long_rows, unit))
    assert short > 300 and WIDE_MIN_PLOT <= long < short, (short, long)
    share, dx = _bar_share(unit, rows), CLAIM_DX if unit == "rank" else BAR_LABEL_DX
    names = max(_text_width(line) * 12 / 13 for v in _describe(rows, unit) for line in v["axis_label"].split("|"))
    for v in _describe(rows, unit):
        assert names + 11 + short * share(v["value"]) + dx + _text_width(v["value_label"]) <= WIDTH - 2 * EDGE + 0.5


def rank_row(fact_id: str, value: float, date: str, date_label: str) -> "Row":
    from bakuclaims.chart import Row
    return Row(id=fact_id, label=fact_id, value=value, display=str(value), kind=CONTEXT, who="UN", date=date,
               date_label=date_label, metric="m", measures="x", source="s", source_url=None,
               year_only=date_label.isdigit())


@pytest.mark.parametrize("narrow", [False, True])
def test_a_rank_axis_runs_from_1st_and_survey_years_are_labelled_as_years(narrow: bool) -> None:
    """The EGDI rank chart labelled its surveys "Jan 2020", though they are dated by year only,
    and its rank axis ran on past 1st to a meaningless 0."""
    from bakuclaims import chart as charts
    rows = [rank_row("r2020", 70, "2020-01-01", "2020"), rank_row("r2022", 83, "2022-01-01", "2022"),
            rank_row("r2024", 74, "2024-01-01", "2024")]
    spec = charts._spec("timeline", "rank", rows, charts._describe(rows, "rank"), None, narrow)
    ys = [layer["encoding"]["y"] for layer in spec["layer"] if "scale" in layer["encoding"].get("y", {})]
    xs = [layer["encoding"]["x"] for layer in spec["layer"] if "axis" in layer["encoding"].get("x", {})]
    assert ys and all(y["scale"]["domain"] == [1, 100] and y["scale"]["reverse"] for y in ys)
    assert all(y["axis"]["values"] == [1, 20, 40, 60, 80, 100] and "tickCount" not in y["axis"] for y in ys), \
        "1st is a tick, 0th is not (vega thins given values to a tickCount)"
    names = [layer.get("name") for layer in spec["layer"]]
    assert "context_points" in names and not {"claim_points", "claim_above", "claim_below"} & set(names), \
        "no empty claims' layers: vega draws an empty point layer as an unnamed graphic, which axe reports"
    assert xs and all(x["axis"]["format"] == "%Y" and x["axis"]["values"] == [
        {"year": y, "utc": True} for y in (2020, 2022, 2024)] for x in xs), "in UTC, as the scale and the dates"
    rows[1] = rank_row("r2022", 83, "2022-07-01", "July 2022")  # one figure of a month: ticks every year or two,
    spec = charts._spec("timeline", "rank", rows, charts._describe(rows, "rank"), None, narrow)  # not at figures
    axes = [layer["encoding"]["x"]["axis"] for layer in spec["layer"] if "axis" in layer["encoding"].get("x", {})]
    assert axes and all(a["format"] == "%Y" and a["values"] == [{"year": y, "utc": True} for y in (2020, 2022, 2024)]
                        and "tickCount" not in a for a in axes), \
        "a tick of 1 January is labelled '2022', not 'Jan 2022', which reads as a month"


def test_a_time_axis_over_a_few_weeks_labels_each_month_once_at_its_start() -> None:
    """The Baku fibre chart (April 2024, then 15 May 2024) was given weekly ticks in its wide
    layout, labelled "Mar 2024 · Apr 2024 · Apr 2024 · May 2024", with April's figure over
    "Mar 2024" (the tick of Sunday 31 March). Its axis is UTC, as its dates are, so that a
    browser west of UTC does not draw 1 April hours before April's tick."""
    from bakuclaims import chart as charts
    from bakuclaims.chart import CLAIM
    from bakuclaims.vlrender import Drawers
    rows = [replace(row("april", CONTEXT, "Ministry", "2024-04-01"), date_label="April 2024"),
            row("may", CLAIM, "Speaker", "2024-05-15")]
    specs = [charts._spec("timeline", "percent", rows, charts._describe(rows, "percent"), None, narrow)
             for narrow in (False, True)]
    for spec in specs:
        xs = [layer["encoding"]["x"] for layer in spec["layer"] if "axis" in layer["encoding"].get("x", {})]
        assert xs and all(x["scale"]["type"] == "utc" and x["axis"]["format"] == "%b %Y" and x["axis"]["values"] == [
            {"year": 2024, "month": month, "utc": True} for month in (4, 5)] for x in xs)
    with Drawers(warm=False) as drawers:
        svgs = next(drawers.draw([specs]).each_chart())
    for layout, svg in zip(("wide", "narrow"), svgs):
        ticks = [(text, float(x)) for x, text in re.findall(
            r'<text [^>]*translate\(([-\d.]+),[-\d.]+\)[^>]*opacity="1">(\w{3} \d{4})</text>', svg)]
        assert [text for text, _ in ticks] == ["Apr 2024", "May 2024"], f"{layout}: each month once: {ticks}"
        april = float(re.search(r'aria-label="april · [^"]*"[^>]*translate\(([-\d.]+),', svg).group(1))
        assert abs(april - ticks[0][1]) < 1, f"{layout}: April's figure on April's tick"


TIMELINE_DATES = {
    "the fibre premises, January and April 2024 (narrow: a tick of May 2024, 33 px past April)": [
        ("2024-01-01", 1916000, None), ("2024-04-01", 2160000, "about")],
    "the population, January 2024 to November 2025 (wide: a tick of 2026, 29 px past November)": [
        ("2024-01-01", 10180770, None), ("2024-07-01", 10200013, None), ("2025-09-01", 10249500, None),
        ("2025-11-01", 10256998, None)],
    "fibre coverage, November 2023 to December 2025": [
        ("2023-11-01", 52, None), ("2024-01-01", 66, None), ("2024-04-01", 74, None), ("2025-12-01", 100, "nearly")],
    "three weeks of March 2024": [("2024-03-05", 40, None), ("2024-03-12", 45, None), ("2024-03-26", 50, None)],
}


@pytest.mark.parametrize("figures", list(TIMELINE_DATES.values()), ids=list(TIMELINE_DATES))
def test_a_time_axis_ends_near_its_figures_with_two_or_more_labels_clear_of_each_other(
        figures: list[tuple[str, float, str | None]]) -> None:
    """A time axis's ticks ran on into the padding at its ends: on a phone the chart of the premises with
    access to fibre, of January and April 2024, ended in a tick labelled "May 2024", a third of its span
    past its last figure. In both layouts each tick is within TICK_PAST pixels of the figures, and there
    are two or more, their labels clear of each other."""
    from bakuclaims import chart as charts
    from bakuclaims.vlrender import Drawers
    unit = "count" if figures[0][1] > 100 else "percent"
    rows = [replace(row(f"f{i}", CONTEXT, "Ministry", date), value=value, qualified=qualifier is not None,
                    display=charts.fmt.value(value, unit, qualifier))
            for i, (date, value, qualifier) in enumerate(figures)]
    specs = [charts._spec("timeline", unit, rows, charts._describe(rows, unit), None, narrow)
             for narrow in (False, True)]
    with Drawers(warm=False) as drawers:
        svgs = next(drawers.draw([specs]).each_chart())
    for layout, svg in zip(("wide", "narrow"), svgs):
        ticks = [(text, float(x)) for x, text in re.findall(
            r'<text [^>]*translate\(([-\d.]+),[-\d.]+\)[^>]*opacity="1">((?:\d+ )?(?:\w{3} )?\d{4})</text>', svg)]
        points = [float(x) for x in re.findall(r'aria-label="f\d+ · [^"]*"[^>]*translate\(([-\d.]+),', svg)]
        assert len(points) == len(figures) and len(ticks) >= 2, (layout, ticks)
        past = [(text, x) for text, x in ticks
                if not min(points) - charts.TICK_PAST <= x <= max(points) + charts.TICK_PAST]
        assert not past, f"{layout}: ticks past the figures {min(points):.0f} to {max(points):.0f} px: {past}"
        for (a, x), (b, y) in zip(ticks, ticks[1:]):
            assert y - x >= (charts._text_width(a) + charts._text_width(b)) / 2, f"{layout}: {a!r} and {b!r} overlap"


def test_a_time_axis_labels_its_figures_months_where_its_labels_fit() -> None:
    """On a phone the chart of premises with access to fibre, of January and April 2024, was labelled
    "Jan 2024" and "Mar 2024" (a tick every two months, the finest that fit), so April's figure stood
    past the last label with no label of its month. Ticks every three months fit too, and fall on both."""
    from bakuclaims import chart as charts
    from bakuclaims.vlrender import Drawers
    figures = TIMELINE_DATES["the fibre premises, January and April 2024 (narrow: a tick of May 2024, 33 px past April)"]
    rows = [replace(row(f"f{i}", CONTEXT, "Ministry", date), value=value, qualified=qualifier is not None,
                    display=charts.fmt.value(value, "count", qualifier))
            for i, (date, value, qualifier) in enumerate(figures)]
    specs = [charts._spec("timeline", "count", rows, charts._describe(rows, "count"), None, narrow)
             for narrow in (False, True)]
    with Drawers(warm=False) as drawers:
        svgs = next(drawers.draw([specs]).each_chart())
    shown = [re.findall(r'<text [^>]*opacity="1">(\w{3} \d{4})</text>', svg) for svg in svgs]
    assert shown == [["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"], ["Jan 2024", "Apr 2024"]], shown


@pytest.mark.parametrize("first, second, labels", [
    (("2024-03-01", "March 2024"), "2024-03-20", ["Mar 2024"]),
    (("2024-03-30", "30 March 2024"), "2024-04-20", ["Apr 2024"]),
    (("2024-03-05", "5 March 2024"), "2024-03-20", None),  # within March, of days: days of March
])
def test_a_time_axis_over_less_than_two_months_is_not_labelled_by_days_across_a_month(
        first: tuple[str, str], second: str, labels: list[str] | None) -> None:
    """Ticks every 14 days start again on each month's 1st: a March figure beside a claim of 20 March
    was labelled "29 Feb 2024", and "1 Mar 2024" hidden as overlapping it. A month's tick is used
    where a month starts in the span; days only within one month."""
    from bakuclaims import chart as charts
    from bakuclaims.chart import CLAIM
    from bakuclaims.vlrender import Drawers
    rows = [replace(row("a", CONTEXT, "Ministry", first[0]), date_label=first[1]), row("b", CLAIM, "Speaker", second)]
    specs = [charts._spec("timeline", "percent", rows, charts._describe(rows, "percent"), None, narrow)
             for narrow in (False, True)]
    with Drawers(warm=False) as drawers:
        svgs = next(drawers.draw([specs]).each_chart())
    for layout, svg in zip(("wide", "narrow"), svgs):
        shown = re.findall(r'<text [^>]*opacity="1">((?:\d+ )?\w{3} \d{4})</text>', svg)
        if labels is None:
            assert shown and all(re.fullmatch(r"\d+ Mar 2024", text) for text in shown), f"{layout}: {shown}"
        else:
            assert shown == labels, f"{layout}: {shown}"


@pytest.mark.parametrize("as_of", ["1000-01-01", "9999-12-31"])
def test_a_figure_dated_at_either_end_of_the_calendar_is_drawn(project: Path, as_of: str) -> None:
    """A timeline pads its time axis a little before its first date and after its last: a figure
    dated in the year 1 or 9999 (a typo the check let through) stopped the build with 'Internal
    error: ValueError: ordinal must be >= 1' (or 'year 10874 is out of range'). The check now refuses
    a year before 1000 (a year typed with a 0 in front); the earliest it lets through is drawn."""
    path = project / "data/facts/coverage-survey.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("as_of: 2030-01", f"as_of: {as_of}"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr


def test_no_chart_has_a_layer_that_draws_nothing(real_site: Path) -> None:
    """An empty line or label layer made vega warn of an 'infinite extent' in the reader's console
    once a chart was drawn in the page; each named layer must have a figure to draw."""
    from bakuclaims.chart import CLAIM, CONTEXT, LABEL_LAYERS, LINE_LAYER, POINT_LAYERS
    draws = {LINE_LAYER: lambda v: v["kind"] == CONTEXT, POINT_LAYERS[CONTEXT]: lambda v: v["kind"] == CONTEXT,
             POINT_LAYERS[CLAIM]: lambda v: v["kind"] == CLAIM,
             **{name: (lambda v, kind=kind, above=above, anchor=anchor: v["kind"] == kind and v["above"] == above
                       and v["anchor"] == anchor and v["labelled"])
                for name, (kind, above, anchor) in LABEL_LAYERS.items()}}
    specs = sorted(real_site.glob("charts/*/spec*.vl.json"))
    assert len(specs) >= 10
    for path in specs:
        spec = json.loads(path.read_text(encoding="utf-8"))
        values = spec["data"]["values"]
        for layer in spec["layer"]:
            if layer.get("name") in draws:
                assert any(draws[layer["name"]](v) for v in values), f"{path}: {layer['name']} draws nothing"


def test_rank_axis_ticks_are_round_and_start_at_1st() -> None:
    from bakuclaims.chart import _rank_axis
    assert _rank_axis([40]) == ((1, 50), [1, 10, 20, 30, 40, 50]), "the lowest rank is not on the axis's end"
    assert _rank_axis([3]) == ((1, 4), [1, 2, 3, 4])
    assert _rank_axis([193]) == ((1, 250), [1, 50, 100, 150, 200, 250])


@pytest.mark.parametrize("narrow", [False, True])
def test_a_rank_of_a_known_number_ranked_runs_to_the_last_place(narrow: bool) -> None:
    """The EGDI rank axis ran from 1st to 100th, so 74th of 193 was drawn near its foot, as if near
    the last place. A metric that names how many it ranks (ranked_of) has its axis run to that
    number, a tick, and says so in the axis's title."""
    from bakuclaims import chart as charts
    rows = [replace(rank_row(f"r{year}", rank, f"{year}-01-01", str(year)), ranked_of=(193, "2024"))
            for year, rank in ((2020, 70), (2022, 83), (2024, 74))]
    spec = charts._spec("timeline", "rank", rows, charts._describe(rows, "rank"), None, narrow)
    ys = [layer["encoding"]["y"] for layer in spec["layer"] if "scale" in layer["encoding"].get("y", {})]
    assert ys and all(y["scale"]["domain"] == [1, 193] and y["axis"]["values"] == [1, 50, 100, 150, 193] for y in ys)
    assert {y["title"] for y in ys if "title" in y} == {"Rank (1st is the highest; 193 ranked, 2024)"}
    assert 0.3 < charts._height(rows, "rank")(74) < 0.7, "74th of 193 is drawn about the middle"
    rows[0] = replace(rows[0], ranked_of=None)  # a rank whose metric does not say: a round number past the lowest
    spec = charts._spec("timeline", "rank", rows, charts._describe(rows, "rank"), None, narrow)
    assert {tuple(layer["encoding"]["y"]["scale"]["domain"]) for layer in spec["layer"]
            if "scale" in layer["encoding"].get("y", {})} == {(1, 100)}


@pytest.mark.parametrize("narrow", [False, True])
def test_a_wide_first_label_moves_the_first_point_clear_of_the_value_axis(narrow: bool) -> None:
    """A context figure's label is centred under or over its point: "1.916 million" at the first
    point, 36 px from the axis, reached over the axis line."""
    from bakuclaims import chart as charts
    from bakuclaims.chart import Row
    rows = [Row(id=f"c{i}", label="Count", value=value, display=display, kind=CONTEXT, who="Ministry", date=date,
                date_label=date[:7], metric="m", measures="x", source="s", source_url=None)
            for i, (value, display, date) in enumerate([(1916000, "1.916 million", "2024-01-01"),
                                                        (2160000, "about 2.16 million", "2024-04-01")])]
    spec = charts._spec("timeline", "count", rows, charts._describe(rows, "count"), None, narrow)
    paddings = {layer["encoding"]["x"]["scale"]["padding"] for layer in spec["layer"]
                if "scale" in layer["encoding"].get("x", {})}
    assert len(paddings) == 1 and paddings.pop() >= charts._text_width("1.916 million") / 2 + 4
    for first in (replace(rows[0], display="66%"),  # a narrow label, or a claim first (its label goes right)
                  replace(rows[0], display="1.916 million", kind=charts.CLAIM, date="2023-01-01")):
        spec = charts._spec("timeline", "count", [first, rows[1]], charts._describe([first, rows[1]], "count"), None,
                            narrow)
        assert {layer["encoding"]["x"]["scale"]["padding"] for layer in spec["layer"]
                if "scale" in layer["encoding"].get("x", {})} == {charts.TIME_PADDING}


def test_a_chart_that_draws_a_hollow_point_says_what_it_means(real_site: Path) -> None:
    """The legend shows a filled circle for a context figure; a hollow one (a figure its source
    qualified, "nearly 100%") was explained only on the About page, not on the chart or its downloads."""
    says = "A hollow point is a figure its source gave with a qualifier"
    charts = sorted(p.parent.name for p in (real_site / "charts").glob("*/chart.svg"))
    for chart_id in charts:
        folder = real_site / "charts" / chart_id
        hollow = 'fill-opacity="0"' in (folder / "chart.svg").read_text(encoding="utf-8")
        assert (says in (folder / "index.html").read_text(encoding="utf-8")) == hollow, chart_id
        download = text_of((folder / "chart.svg").read_text(encoding="utf-8"))  # its lines joined
        assert (says in download) == hollow, f"{chart_id}'s download"
    assert sum(says in (real_site / "charts" / c / "index.html").read_text(encoding="utf-8") for c in charts) >= 2


def test_a_chart_of_counts_of_one_measure_names_it_on_its_value_axis(real_site: Path) -> None:
    """The population chart's axis said "Number", and so did the fibre premises chart's: a number
    of what, the axis did not say."""
    def axis_titles(chart_id: str) -> list[str]:
        svg = (real_site / "charts" / chart_id / "chart.svg").read_text(encoding="utf-8")
        return re.findall(r'class="mark-text role-axis-title"[^>]*><text[^>]*>([^<]*)</text>', svg)
    assert "Population" in axis_titles("metric-population")
    assert "Number of premises with access to fibre, national" in axis_titles("metric-fibre-covered-national")
    assert "Per cent" in axis_titles("headline"), "a share's axis is titled by its unit, as before"


def test_a_charts_source_names_the_publishers_behind_its_derived_figures(real_site: Path) -> None:
    """The digital ID chart's bars of shares the site computed (a count over the population) gave
    only "Baku Digital Claims" for them, and none of the reports the counts and the population
    come from; its source line, on the page and on the downloads, names those reports' publishers."""
    _, source = chart_figures(real_site)["digital-id"]
    for publisher in ("news.az", "haqqin.az", "MENAFN (AzerNews)", "Baku Digital Claims"):
        assert publisher in source, source
    _, footer, _, _ = framed_download((real_site / "charts/digital-id/chart.svg").read_text(encoding="utf-8"))
    assert "news.az" in " ".join(footer), footer


def test_a_downloaded_row_the_site_computed_says_how_and_from_whose_figures(real_site: Path) -> None:
    """A chart's data.csv credited a share the site computed to "Baku Digital Claims" alone; its row
    now gives the arithmetic and the publishers of the figures it is computed from, as the facts
    table does, and that table gives each source's date, author and the editors' notes on it."""
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        (real_site / "charts/digital-id/data.csv").read_text(encoding="utf-8")))}
    share = rows["digital-id-target-share-2024"]
    assert share["source"] == "Baku Digital Claims"
    assert share["derivation"] == "share: digital-id-target-1-million, population-2024-07"
    assert share["derivation_sources"] == "news.az; MENAFN (AzerNews)"
    assert rows["digital-id-65-percent"]["derivation"] == rows["digital-id-65-percent"]["derivation_sources"] == ""
    facts = {f["id"]: f for f in json.loads((real_site / "data/facts.json").read_text(encoding="utf-8"))}
    assert facts["digital-id-target-share-2024"]["derivation_sources"] == "news.az; MENAFN (AzerNews)"
    claim = facts["broadband-coverage-100-percent"]
    assert claim["quote"] == "Azerbaijan has achieved 100% broadband internet coverage"
    assert claim["quote_type"] == "reported"
    assert (claim["source_date"], claim["source_author"]) == ("2025-11-17", "Khagan Isayev")
    assert claim["source_url"] is None and "names neither its outlet nor its web address" in claim["source_notes"]


def test_the_downloads_say_when_each_fact_was_last_corrected_and_the_package_how_recent_it_is(
        real_site: Path) -> None:
    """A reuser could not tell from the downloads that a figure had been corrected since they took it."""
    facts = {f["id"]: f for f in json.loads((real_site / "data/facts.json").read_text(encoding="utf-8"))}
    for fact_id, fact in real_facts().items():  # the date of its latest correction, in its file
        dates = [str(correction["date"]) for correction in fact.get("corrections") or []]
        assert facts[fact_id]["corrected"] == (max(dates) if dates else None), fact_id
    latest = max(f["updated"] or "" for f in facts.values())
    package = json.loads((real_site / "datapackage.json").read_text(encoding="utf-8"))
    assert package["created"] >= f"{latest}T00:00:00Z"


def test_a_chart_of_many_figures_is_summed_up_for_a_screen_reader_not_read_out_figure_by_figure(
        project: Path) -> None:
    """A metric of 250 figures gave its chart a text alternative of 25,000 characters, read twice."""
    survey = (project / "data/facts/coverage-survey.yaml").read_text(encoding="utf-8")
    for month in range(1, 13):
        text = survey.replace("value: 61.5", f"value: {40 + month}").replace("as_of: 2030-01", f"as_of: 2028-{month:02}")
        (project / f"data/facts/coverage-2028-{month:02}.yaml").write_text(
            text.replace("quote: 61.5% of homes\n", ""), encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/charts/metric-coverage/index.html").read_text(encoding="utf-8")
    labels = set(re.findall(r'<svg role="img" aria-label="([^"]*)"', html))
    assert len(labels) == 1, labels
    label = labels.pop()
    assert label.startswith("Timeline: Coverage, share of homes. 14 figures (one claim and 13 context figures), "
                            "January 2028 to 1 March 2030. From Homes that can connect, survey (context figure, "
                            "Example Statistics Office, January 2028): 41%, to Homes that can connect (claim, Ada "
                            "Example, 1 March 2030): 80%. Latest: Homes that can connect (claim"), label
    assert label.endswith("The chart&#x27;s data table lists every figure.") and len(label) < 600, label


def test_a_fact_page_links_to_a_chart_too_big_to_draw_there_and_lists_the_figures_beside_its_own(
        project: Path) -> None:
    """Each fact page drew its metric's whole chart, twice, with its whole data table: with 250
    figures to a metric that made each fact page 300 KB and a site of 5,000 facts 1.5 GB. Past 40
    figures, a fact page gives the chart's title and takeaway, a link to it and the figures beside its own;
    the chart carries none of the rings a fact page shows round its own point."""
    survey = (project / "data/facts/coverage-survey.yaml").read_text(encoding="utf-8")
    for i in range(40):
        text = survey.replace("value: 61.5", f"value: {20 + i}").replace("as_of: 2030-01", f"as_of: {1990 + i}")
        (project / f"data/facts/coverage-{1990 + i}.yaml").write_text(text.replace("quote: 61.5% of homes\n", ""),
                                                                      encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/facts/coverage-2010/index.html").read_text(encoding="utf-8")
    assert "<svg" not in html, "the chart is not drawn on the fact's page"
    brief = html.split('<section class="chart-brief"', 1)[1].split("</section>", 1)[0]
    assert 'href="/charts/metric-coverage/"' in brief and "one of 42 on" in brief
    rows = re.findall(r'<tr( class="current")?><th scope="row"><a href="/facts/([^/]+)/"', brief)
    assert [fact_id for _, fact_id in rows] == [f"coverage-{year}" for year in range(2007, 2014)]
    assert [current for current, _ in rows].count(' class="current"') == 1 and rows[3][0]
    chart_page = (project / "site/charts/metric-coverage/index.html").read_text(encoding="utf-8")
    assert chart_page.count("<svg") >= 2, "the chart's own page draws it"
    assert "(outline)" not in chart_page, "no ring round each point (see _rings): no fact page would show one"
    small = (project / "site/facts/homes-covered/index.html").read_text(encoding="utf-8")
    assert "<svg" in small and "chart-brief" not in small, "a chart of few figures is drawn on the page"


def test_a_png_deflated_again_keeps_every_pixel_in_fewer_bytes() -> None:
    """vl-convert compresses its PNGs for speed (a chart's download was 800 KB): deflated again, a
    picture holds the same pixels, in valid chunks, in fewer bytes."""
    import struct
    import zlib

    import vl_convert as vlc

    from bakuclaims.vldraw import smaller
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="160"><rect width="300" height="160" '
           'fill="#ffffff"/><text x="10" y="80" font-size="40" fill="#a8421a">65% claimed</text></svg>')
    before = bytes(vlc.svg_to_png(svg, scale=2))
    after = smaller(before)

    def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
        found, at = [], 8
        while at < len(png):
            length, kind = struct.unpack(">I4s", png[at:at + 8])
            body = png[at + 8:at + 8 + length]
            assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body), kind
            found.append((kind, body))
            at += 12 + length
        return found

    def pixels(png: bytes) -> bytes:
        return zlib.decompress(b"".join(body for kind, body in chunks(png) if kind == b"IDAT"))

    assert after[:8] == before[:8] and pixels(after) == pixels(before)
    assert [kind for kind, _ in chunks(after)] == list(dict.fromkeys(kind for kind, _ in chunks(before)))
    assert len(after) < len(before)


def test_a_figure_the_site_computed_is_labelled_computed_on_every_chart_that_draws_it(real_site: Path) -> None:
    """A figure the site computed is drawn in a context figure's colour and shape; its label said only its
    value, so the digital ID chart's share of SIMA users, computed from the president's unsupported 3.6
    million, read like a statistic read in a source. Its label now says "computed", as a claim's says
    "claimed", on bar charts and timelines, in the page's drawing and the downloaded image."""
    derived = {i for i, f in real_facts().items() if f.get("confidence") == "derived"}
    drawn = set()
    for folder in chart_dirs(real_site):
        rows = json.loads((folder / "spec.vl.json").read_text(encoding="utf-8"))["data"]["values"]
        texts = {unescape(t) for svg in (folder / "index.html", folder / "chart.svg")
                 for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))}
        for row in rows:
            assert row["value_label"].endswith(" computed") == (row["id"] in derived), (folder.name, row)
            if row["id"] in derived and row.get("labelled", True):
                assert row["value_label"] in texts, (folder.name, row["value_label"])
                drawn.add(row["id"])
    assert len(drawn) >= 3, drawn  # the two shares of the population and the 2022 rank
