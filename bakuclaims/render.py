"""Stage 4, render: the validated site and its charts become pages (path → bytes)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import multiprocessing as mp
import os
import posixpath
import re
import tempfile
import time
import traceback
from dataclasses import dataclass, replace
from functools import partial
from html import escape
from html import unescape as html_unescape
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from . import csp, fmt
from .chart import (FACT_CHART_MOST, Chart, Row, drawing_order, inputs_behind, outline_label, sources_behind,
                    still_drawing, svgs_drawn)
from .embed import embed_path
from .facttext import fact_heading, fact_value, kind_name
from .frame import Frame, claim_card
from .icons import ICON_SOURCE, MANIFEST_PATH, MANIFEST_PNGS, SHORT_NAME, TOUCH_ICON, Icons, manifest
from .incremental import Previous, chart_key, library_version, named_facts, record_key, sha
from .markup import Markdown
from .models import LICENCE, NOT_RATED, SITE_NAME, Claim, Context, Event, Person, Source, fact_refs
from .publish import (FEED_PATH, ROBOTS_PATH, SITEMAP_PATH, WORDS_PATH, Publisher, claim_card_path, jsonld,
                      rating_label, said_by)
from .options import Options
from .problems import BuildFailed, Problem
from .schema import schema_files
from .validate import FactEntry, RedirectEntry, Site, derive, group_by
from .vldraw import with_text
from .vlrender import CARD_PNG, Pictures, drawing_code, png_size

log = logging.getLogger(__name__)
FILTERS = fmt.__file__  # the templates' filters: a failure there comes of a value a template gave one

HIGHLIGHT = "stroke:currentColor;stroke-width:3px"  # a bar's outline, in the text's colour: seen on light and dark


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, its bytes, and what produced it (for error messages)."""

    path: str
    body: bytes
    origin: str
    key: str = ""  # hash of the page's inputs, for pages a later build may reuse
    held: str = ""  # "" bytes in body; "staging": already written there; "out": the same as the last build's
    digest: str = ""  # SHA-256 of the bytes, when they are not held in body
    search: bytes | None = None  # an HTML page rendered by this build as the search index reads it

    def sha256(self) -> str:
        """The SHA-256 of the page's bytes."""
        return self.digest or hashlib.sha256(self.body).hexdigest()


def render(site: Site, charts: dict[str, Chart], root: Path, options: Options, bundle: bytes = b"",
           previous: Previous | None = None, site_key: str = "",
           sink: Callable[[str, bytes], str] | None = None, cache_dir: Path | None = None,
           html_done: Callable[[list[Page]], None] | None = None,
           trim: Callable[[str], str] | None = None) -> list[Page]:
    """Every page and file of the site, in a stable order; template mistakes become BuildFailed.

    With previous and site_key, fact pages whose inputs are unchanged since the last build
    are taken from its output instead of rendered again (see incremental.py). With sink
    (Staging.put), fact pages are written as they are rendered and their bytes not kept.
    With cache_dir, templates compiled by one build are kept there for the next. html_done,
    if given, is called with the HTML pages as soon as they are all rendered, before the
    charts' downloads, and before the feed and the site-wide downloads unless a chart was still
    being drawn when they were made (see chartless_files; the search index can start from
    them). With trim, each HTML page rendered keeps what trim makes of it, as its search text
    (by the process that renders it, while its text is at hand).
    """
    renderer = _Renderer(site, charts, root, options, cache_dir)
    renderer.sink, renderer.trim = sink, trim
    if previous is not None and site_key:
        renderer.reuse_from(previous, site_key)
    icons = Icons(root, cache_dir)  # drawn by a child while the pages render, unless the cache holds them
    try:
        renderer.start_claim_cards()  # drawn by a child while the pages render
        html = renderer.html_pages()
        if html_done is not None:
            html_done(html)
        # redirect and embed pages are not given to the search index, nor listed in the sitemap
        pages = (renderer.chartless_files() + html + renderer.redirect_pages(html) + renderer.embed_pages()
                 + renderer.sitemap(html) + renderer.chart_downloads() + renderer.claim_cards()
                 + [Page(path, body, ICON_SOURCE) for path, body in icons.files()])
    except jinja2.TemplateError as exc:
        raise BuildFailed(_and_the_rest(_template_problem(exc, root), root)) from None
    except UnicodeDecodeError:  # a template that is not UTF-8 text: Jinja does not say which
        unreadable = template_problems(root)
        if not unreadable:
            raise
        raise BuildFailed(unreadable) from None
    except Exception as exc:  # raised by a template's own code, like {{ 1 / 0 }}, or a filter it gives a value to
        frames = traceback.extract_tb(exc.__traceback__)
        if not frames or not frames[-1].filename.endswith((".html", FILTERS)):
            raise  # a fault of the builder's, not of a template
        raise BuildFailed(_and_the_rest(_template_problem(exc, root), root)) from None
    finally:
        renderer.stop_claim_cards()  # a child still drawing when something failed
        icons.stop()
    if bundle:
        pages.append(Page("assets/vega-embed.js", bundle, "vl-convert's vega-embed bundle"))
    return sorted(pages, key=lambda p: p.path)


@dataclass(frozen=True)
class Speaker:
    """A person as the list of speakers shows them: their claims, in time order, and the events
    they made them at, as (event id, event)."""

    id: str
    person: Person
    claims: list[FactEntry]
    events: list[tuple[str, Event]]


PARALLEL_MIN = 200  # fewer fact pages than this render faster in one process than in two
CHILD_PATIENCE = 1.0  # seconds the forked copy is waited for beyond twice this process's time for its half
FACTS_PER_PAGE = 250  # rows of the facts index on one page (a 1,000-row page ran to 140,000 px on a phone)
ROW_BREAK = "\n" + " " * 10  # between two data-table rows: a line break and the figure macro's indent
RELATED_NEAR = 8  # a fact page lists this many of its metric's other facts; the metric page lists all
HOME_CLAIMS = 12  # the home page lists this many claims of each conference; its event page lists all
SOURCE_FACTS_SHOWN = 10  # facts the sources index lists after a source; more are listed in a closed <details>
NEIGHBOURS = 3  # figures before and after a fact's own that its page lists from a chart too big to draw there
# Cards from which an event's, speaker's or metric's list is grouped under headings, with a list of
# contents: a card is about 206 px tall on a 360 px phone (measured on the real site's event pages),
# so 12 cards run past three screens of a phone 740 px tall. At 8 (WTDC-25's page) four of five
# groups held one claim each, and the contents list (460 px on a phone) came before the summary:
# headings that repeated the cards' titles, a screen further from what the page is for.
LONG_LIST = 12
NO_FIGURE = "no-figure"  # the id of the group of statements without a figure (every metric group's starts "metric-")
COMPUTED = "figures-computed"  # the id of a metric page's group of the figures the editors computed


@dataclass(frozen=True)
class Group:
    """A run of a long list's facts under one heading: those on one metric (an event's or a
    speaker's page), or those made at one event or by one producer (a metric's page)."""

    id: str  # the heading's id, for links to it: from the metric's or event's id, or the producer's name
    label: str
    entries: tuple[FactEntry, ...]
    link: str = ""  # the page the heading links to (its metric's or event's), if any
    noun: str = "claim"  # what its count counts: claim, or figure for context figures


def _natural(name: str) -> tuple[tuple[int, int | str], ...]:
    """A name's sort key with its numbers as numbers ('measure 6' before 'measure 16'), case left out."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", name.casefold()) if part)


@dataclass(frozen=True)
class Latest:
    """The figures of one kind (claims or context figures) that share the latest date of a list."""

    kind: str  # "claim" or "context figure"
    date_key: str
    entries: tuple[FactEntry, ...]
    target: bool = False  # targets, dated by the date they are for

    @property
    def when(self) -> str:
        """The latest date as readers are told it: the figures' period in their sources' words when
        they all give the same ('end of 2025'), else the date; for targets, 'target for …'."""
        shown = {fmt.refers_to(e.fact) for e in self.entries}
        words = shown.pop() if len(shown) == 1 else fmt.date(self.date_key)
        return f"target for {words}" if self.target else words


def latest(entries: Iterable[FactEntry], is_target: Callable[[Claim | Context], bool] = lambda fact: False
           ) -> list[Latest]:
    """The latest context figures, then the latest claims, of a list of facts: those with a
    value and a date, all of those that share the latest date (ordered by id)."""
    found = []
    for is_claim, kind in ((False, "context figure"), (True, "claim")):
        dated = [e for e in entries if e.is_claim == is_claim and e.date_key and e.fact.value is not None]
        if dated:
            last = max(e.date_key for e in dated)
            group = tuple(sorted((e for e in dated if e.date_key == last), key=lambda e: e.id))
            found.append(Latest(kind, last, group, all(is_target(e.fact) for e in group)))
    return found


def newest_first(entries: Iterable[FactEntry]) -> list[FactEntry]:
    """Facts by date, newest first (ties by id, so the order is stable)."""
    return sorted(entries, key=lambda e: (e.date_key, e.id), reverse=True)


def _nearest(ids: list[str], own: str, count: int) -> list[str]:
    """Up to count ids around own in a time-ordered list (half before, half after where there
    are enough), in the list's order, own left out."""
    at = ids.index(own) if own in ids else 0
    start = max(0, min(at - count // 2, len(ids) - 1 - count))
    return [i for i in ids[start:start + count + 1] if i != own][:count]


def _chart_of(address: str) -> str | None:
    """The chart id of a chart page's address (charts/<id>/), else None."""
    folder, _, rest = address.partition("/")
    item = rest.removesuffix("/")
    return item if folder == "charts" and item and "/" not in item and rest.endswith("/") else None


def _named_in(chart: Chart) -> set[str]:
    """The fact ids a chart's takeaway and notes name with [[references]]."""
    return fact_refs(f"{chart.takeaway} {chart.notes or ''}")


def _read(path: Path) -> bytes:
    """A file's bytes; none if it is not there."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def _prune(folder: Path, kept: set[str]) -> None:
    """Remove the files of folder not named in kept (a cache's files that no build uses now)."""
    for path in folder.iterdir():
        if path.name not in kept:
            path.unlink(missing_ok=True)


def _whole_png(data: bytes) -> bool:
    """Whether data is a PNG of a claim card's size, whole to its last chunk."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82") and png_size(data) == CARD_PNG


def _compiled_templates(cache_dir: Path | None) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates (about 0.3 s of compiling saved a build), keyed by
    each template's source: an edited template is compiled again."""
    if cache_dir is None:
        return None
    folder = cache_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def _render_in_child(renderer: "_Renderer", todo: list[tuple[FactEntry, str]], conn: Any) -> None:
    """In the forked process: render these fact pages and send them back (None on failure)."""
    try:
        pages: list[Page] | None = [renderer.fact_page(e, k) for e, k in todo]
    except BaseException:  # the parent renders these itself and reports the problem
        pages = None
    try:
        conn.send(pages)
    finally:
        conn.close()


class _Renderer:
    """Holds the Jinja environment and what every template may use."""

    def __init__(self, site: Site, charts: dict[str, Chart], root: Path, options: Options,
                 cache_dir: Path | None = None) -> None:
        self.site, self.charts, self.root, self.options = site, charts, root, options
        self.cache_dir = cache_dir
        # each claim card's path, origin, key, digest in the last build (if the same), PNG file and SVG
        self.card_work: list[tuple[str, str, str, str | None, Path, str]] = []
        self.pictures: Pictures | None = None
        self.card_folder: tempfile.TemporaryDirectory[str] | None = None
        self.base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        self.markdown = Markdown(self.resolve_ref, self.base)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, auto_reload=False,  # one environment per build: no need to stat templates
            bytecode_cache=_compiled_templates(cache_dir))
        self.env.globals.update(site=site, url=self.url, SITE_NAME=SITE_NAME, SHORT_NAME=SHORT_NAME,
                                fact_value=partial(fact_value, site), in_full=self.in_full,
                                fact_heading=partial(fact_heading, site), kind_name=kind_name,
                                derivation=self.derivation, credits=self.credits,
                                charts_for=self.charts_for, fact_charts=self.fact_charts, highlight=self.highlight_css,
                                card=self.card, table_body=self.table_body,
                                by_date=newest_first, HOME_CLAIMS=HOME_CLAIMS, LICENCE=LICENCE,
                                SOURCE_FACTS_SHOWN=SOURCE_FACTS_SHOWN, WORDS_PATH=WORDS_PATH,
                                nearby_rows=self.nearby_rows, latest=lambda entries: latest(entries, site.is_target),
                                by_metric=self.by_metric,
                                by_whom=self.by_whom, listing_key=fmt.listing_key)
        self.env.filters.update(md=self.markdown.block, md_inline=self.markdown.inline, date=fmt.date,
                                date_span=fmt.date_span, refers_to=fmt.refers_to,
                                number=fmt.number, capfirst=fmt.capfirst, words=fmt.words, plain=_plain,
                                hyphened_whole=_hyphened_whole)
        self.env.tests.update(claim=lambda e: isinstance(e, FactEntry) and e.is_claim,
                              target=lambda e: site.is_target(e.fact),
                              drawn_on_fact_pages=lambda chart: len(chart.rows) <= FACT_CHART_MOST)
        self.publisher = Publisher(site, options, charts, self.url, self.markdown, self.fact_charts)
        self.env.globals.update(csp=_csp_content)
        self.env.globals.update(publish=self.publisher, jsonld=jsonld, rating_label=rating_label,
                                NOT_RATED=NOT_RATED, address=self.publisher.address, said_by=said_by)
        self.previous: Previous | None = None
        self.sink: Callable[[str, bytes], str] | None = None
        self.trim: Callable[[str], str] | None = None
        self.site_key = ""
        self.record_keys: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}  # fact id -> the ids its record names
        self.named_by: dict[str, set[str]] = {}
        self.listings = {True: 0, False: 0}  # pages made by listing(): reused or rendered
        self.charts_showing: dict[str, set[str]] = {}  # fact id -> ids of the charts that draw it
        for chart in self.charts.values():
            for fact_id in chart.fact_ids:
                self.charts_showing.setdefault(fact_id, set()).add(chart.id)
        self.chart_keys: dict[str, str] = {}
        self.metric_keys: dict[str, str] = {}
        self.cards: dict[tuple[str, str], Markup] = {}
        self.rows: dict[str, list[Markup]] = {}  # chart id -> its table's rows, none marked
        self.chartless: list[Page] | None = None  # see chartless_files

    def reuse_from(self, previous: Previous, site_key: str) -> None:
        """Take unchanged fact and listing pages from the last build: index every fact's record,
        references and charts."""
        self.previous, self.site_key = previous, site_key
        for fact_id, entry in self.site.facts.items():
            record = entry.fact.model_dump_json()
            self.record_keys[fact_id] = record_key(entry, record)
            self.names[fact_id] = named_facts(entry, record)
            for other in self.names[fact_id]:
                self.named_by.setdefault(other, set()).add(fact_id)

    # -- helpers for templates ------------------------------------------------------------------

    def url(self, path: str = "") -> str:
        """A site-internal URL under the base URL."""
        return self.base + path.lstrip("/")

    def resolve_ref(self, fact_id: str) -> tuple[str, str, bool]:
        """[[fact-id]] → (link, text shown, whether a figure): the value with its unit, or the title."""
        entry = self.site.facts[fact_id]
        if entry.fact.value is None:
            return self.url(f"facts/{fact_id}/"), entry.fact.title, False
        return self.url(f"facts/{fact_id}/"), fact_value(self.site, entry), True

    def in_full(self, entry: FactEntry) -> str:
        """A fact's figure in full ('3,600,000') where the value shown gives it in words ('3.6 million'),
        for the search to find it by its digits; else nothing: a figure shown in full ('65%') is found
        so already, and one indexed twice is written twice in the results' excerpts ('65. 65%')."""
        value = entry.fact.value
        if value is None or fmt.number(value) in fact_value(self.site, entry):
            return ""
        return fmt.number(value)

    def credits(self, entry: FactEntry) -> str:
        """Whom a reuser of a fact credits besides the site, as its page says it ('the source, AzerNews';
        'the producer, X, as reported by Y'; for a figure the site computed, the sources of the figures it
        is computed from); "" when the site's own notes are all there is to credit."""
        fact, site = entry.fact, self.site
        if isinstance(fact, Context) and fact.derived is not None:
            names = [name for name in dict.fromkeys(_outlet(site.sources[e.fact.source])
                                                    for e in inputs_behind(site, fact)) if name]
            plural = "s" if len(names) > 1 else ""
            return f"the source{plural} of the figures it is computed from, {fmt.listed(names)}" if names else ""
        outlet = _outlet(site.sources[fact.source])
        if isinstance(fact, Claim):
            return f"the source, {outlet}" if outlet else ""
        reported = f", as reported by {outlet}" if outlet and outlet not in fact.producer else ""
        return f"the producer, {fact.producer}{reported}"

    def derivation(self, entry: FactEntry) -> dict[str, Any] | None:
        """The arithmetic behind a derived fact, as text with its inputs."""
        fact = entry.fact
        if not isinstance(fact, Context) or fact.derived is None:
            return None
        a, b = (self.site.facts[i] for i in fact.derived.inputs)
        va, vb = fmt.number(a.fact.value or 0), fmt.number(b.fact.value or 0)
        expression = {"share": f"{va} ÷ {vb} × 100", "percent-of": f"{va} × {vb} ÷ 100",
                      "sum": f"{va} + {vb}", "difference": f"{va} − {vb}"}[fact.derived.operation]
        computed = derive(self.site, fact)
        places = fact.derived.decimals
        # the exact result as shown: three decimals more than the figure's, and at least two
        shown = fmt.half_up(computed, max(places + 3, 2)) if computed is not None else None
        exact = fmt.number(float(shown)) if shown is not None else "?"
        # "rounded" only where the result shown differs from the figure, not over a float's last bit
        whole = computed is not None and fmt.half_up(computed, places) == shown
        rounded = fact_value(self.site, entry)
        return {"inputs": [a, b], "expression": expression, "exact": exact,
                "rounded": "" if rounded == exact else rounded,  # '= 0.0107' needs no ': 0.0107' after it
                "rounding": "" if whole else f", rounded to {fmt.places(places)}"}

    def charts_for(self, placement: str, ids: Iterable[str] = ()) -> list[Chart]:
        """Charts placed on a page type, or the charts with these ids, in order."""
        wanted = list(ids)
        if wanted:
            return [self.charts[i] for i in wanted if i in self.charts]
        return [c for c in self.charts.values() if placement in c.placement]

    def fact_charts(self, entry: FactEntry) -> list[Chart]:
        """The charts a fact's page shows: its metric's chart, or, where its metric has no other
        figure (and so no chart), the charts of charts.yaml that draw it beside other figures,
        those of fewest figures first (the closest comparisons), then in charts.yaml's order."""
        own = self.charts.get(f"metric-{entry.fact.metric}")
        if own is not None:
            return [own]
        drawing = self.charts_showing.get(entry.id, set())
        return sorted((chart for chart_id, chart in self.charts.items() if chart_id in drawing),
                      key=lambda chart: len(chart.fact_ids))

    def nearby_rows(self, chart: Chart, fact_id: str) -> Markup:
        """The data-table rows of a fact and of the NEIGHBOURS figures either side of it, in the
        chart's order, the fact's marked: for a fact page whose chart is too big to draw there."""
        at = chart.fact_ids.index(fact_id)
        near = slice(max(0, at - NEIGHBOURS), at + NEIGHBOURS + 1)
        return Markup(ROW_BREAK.join(self.chart_row(row, True) if row.id == fact_id else html
                                     for row, html in zip(chart.rows[near], self.unmarked_rows(chart)[near])))

    def by_metric(self, entries: list[FactEntry]) -> list[Group]:
        """A long list of claims (an event's or a speaker's) by metric, each group in the list's
        order: the metrics by name, as the contents list reads most easily (related measures are
        named alike, 'Fibre broadband coverage, …'), and their order does not shift as claims are
        added; then the statements without a figure. Nothing (a plain list) when the list is short."""
        if len(entries) < LONG_LIST:
            return []
        on: dict[str | None, list[FactEntry]] = {}
        for entry in entries:
            on.setdefault(entry.fact.metric, []).append(entry)
        metrics = self.site.metrics
        named = sorted((m for m in on if m is not None), key=lambda m: (_natural(metrics[m].name), m))
        groups = [Group(f"metric-{m}", metrics[m].name, tuple(on[m]), f"metrics/{m}/") for m in named]
        if None in on:
            groups.append(Group(NO_FIGURE, "Statements without a figure", tuple(on[None])))
        return groups

    def by_whom(self, entries: list[FactEntry]) -> list[Group]:
        """A long list of a metric's facts by who gave the figures: its claims by the event they
        were made at, earliest event first, then its context figures by producer, by name, so that
        each side's figures read together, then the figures the editors computed (whose producer
        names the figures they are computed from: a heading of its own for each would split the
        series); each group in the list's order. Nothing (a plain list) when the list is short."""
        if len(entries) < LONG_LIST:
            return []
        at: dict[str, list[FactEntry]] = {}
        made: dict[str, list[FactEntry]] = {}
        computed: list[FactEntry] = []
        for entry in entries:
            fact = entry.fact
            if isinstance(fact, Claim):
                at.setdefault(fact.event, []).append(entry)
            elif isinstance(fact, Context) and fact.derived is not None:
                computed.append(entry)
            elif isinstance(fact, Context):
                made.setdefault(fact.producer, []).append(entry)
        events = self.site.events
        groups = [Group(f"claims-{i}", f"Claims made at {events[i].short_name}", tuple(at[i]), f"events/{i}/")
                  for i in sorted(at, key=lambda i: (events[i].start, i))]
        taken: set[str] = {COMPUTED}
        for producer in sorted(made, key=lambda p: (_natural(p), p)):
            slug = "figures-" + (re.sub(r"\W+", "-", producer.casefold()).strip("-") or "producer")
            anchor, n = slug, 1
            while anchor in taken:  # two names of one slug ("ITU", "ITU."): the later is numbered
                n += 1
                anchor = f"{slug}-{n}"
            taken.add(anchor)
            groups.append(Group(anchor, f"Context figures from {producer}", tuple(made[producer]), noun="figure"))
        if computed:
            groups.append(Group(COMPUTED, "Figures computed by the editors", tuple(computed), noun="figure"))
        return groups

    def card(self, entry: FactEntry, heading: str = "h3") -> Markup:
        """The fact_card macro's HTML for a fact, made once per build: the same fact appears
        on many pages (on its neighbours' fact pages, its event's, speaker's and metric's)."""
        key = (entry.id, heading)
        if key not in self.cards:
            self.cards[key] = Markup(self.env.get_template("_macros.html").module.fact_card(entry, heading))
        return self.cards[key]

    def chart_row(self, row: Row, current: bool = False) -> Markup:
        """The table_row macro's HTML for a chart's data-table row."""
        return Markup(self.env.get_template("_macros.html").module.table_row(row, current))

    def table_body(self, chart: Chart, current_id: str | None = None) -> Markup:
        """The rows of a chart's data table, the current fact's marked. Each row is made once per
        build and joined here, not in a template loop: a metric's table appears on the page of
        every fact on it, and a loop calling a macro per row was a fifth of a fact page's time."""
        return Markup(ROW_BREAK.join(self.chart_row(row, True) if row.id == current_id else html
                                     for row, html in zip(chart.rows, self.unmarked_rows(chart))))

    def unmarked_rows(self, chart: Chart) -> list[Markup]:
        """The HTML of each row of a chart's data table, none marked, made once per build and
        process (a fact page's nearby rows took a macro call each: 7,000 for 1,000 fact pages)."""
        rows = self.rows.get(chart.id)
        if rows is None:
            rows = self.rows[chart.id] = [self.chart_row(row) for row in chart.rows]
        return rows

    def highlight_css(self, fact_id: str) -> Markup:
        """Style rules that mark one fact's figure in every chart on the page (the text of a <style>
        element, which the page's security policy allows by its hash: see csp.py): its point's ring
        shown (see chart._rings), its bar outlined; the mark itself keeps its colour and shape."""
        ring = f'.chart svg [aria-label="{outline_label(fact_id)}"]'
        bar = f'.chart svg .mark-rect [aria-label^="{fact_id} · "]'
        return Markup(f"{escape(ring, quote=False)}{{opacity:1}}{escape(bar, quote=False)}{{{HIGHLIGHT}}}")

    # -- pages ----------------------------------------------------------------------------------

    def page(self, path: str, template: str, origin: str, canonical: str = "", addressed: bool = True,
             **context: Any) -> Page:
        """Render one template to one page (canonical: the address of the page it duplicates, if any;
        addressed False for a page shown at addresses not its own, the 404 page: no canonical then)."""
        page_path = path.removesuffix("index.html")
        html = self.env.get_template(template).render(
            path=path, page_path=page_path,
            canonical=self.publisher.address(canonical or page_path) if addressed else "",
            share=self.publisher.share_image_for(context), **context)
        if addressed:
            html = _current_links(html, self.url(page_path))
        return Page(path, html.encode("utf-8"), origin,
                    search=self.trim(html).encode("utf-8") if self.trim is not None else None)

    def html_pages(self) -> list[Page]:
        """All HTML pages. Those that usually show no chart come first: charts still being drawn
        are waited for only by the pages that show them (fact, metric and home pages)."""
        site = self.site
        pages = [
            self.page("404.html", "404.html", "404 page", addressed=False),  # the host shows it at any missing address
            *self.facts_index(),
            self.page("sources/index.html", "sources.html", "sources index"),
            self.page("metrics/index.html", "metrics.html", "metrics index"),
            self.page("events/index.html", "events.html", "events index"),
            self.speakers_index(),
            self.charts_index(),
        ]
        by_event = group_by(site.facts.values(), "event")
        for event_id, event in site.events.items():
            summary = site.summary_of(event_id)
            pages.append(self.listing(f"events/{event_id}/index.html", "event.html", f"data/events.yaml: {event_id}",
                                      [event.notes or "", summary.body if summary else ""], [],
                                      event_id=event_id, event=event, facts=by_event.get(event_id, []),
                                      summary=summary))
        by_speaker = group_by(site.facts.values(), "speaker")
        for person_id, person in site.people.items():
            pages.append(self.listing(f"people/{person_id}/index.html", "person.html", f"data/people.yaml: {person_id}",
                                      [], [], person_id=person_id, person=person, facts=by_speaker.get(person_id, [])))
        for slug, entry in site.pages.items():
            if entry.meta.event is None:
                pages.append(self.page(f"{slug}/index.html", "page.html", entry.path, entry=entry))
        pages += [self.page("search/index.html", "search.html", "search page"),
                  self.page("corrections/index.html", "corrections.html", "corrections log")]
        if still_drawing(self.charts):  # the pages below would wait for a chart: make these meanwhile
            self.chartless_files()
        pages.append(self.page("index.html", "home.html", "home page"))
        pages += self.fact_pages()
        by_metric = group_by(site.facts.values(), "metric")
        for metric_id, metric in site.metrics.items():
            pages.append(self.listing(f"metrics/{metric_id}/index.html", "metric.html",
                                      f"data/metrics.yaml: {metric_id}", [metric.notes or ""],
                                      self.charts_for("", [f"metric-{metric_id}"]), metric_id=metric_id,
                                      metric=metric, facts=by_metric.get(metric_id, [])))
        for chart in self.charts.values():
            shown_on = self.pages_showing(chart)
            pages.append(self.listing(f"charts/{chart.id}/index.html", "chart.html", f"chart {chart.id}", [], [chart],
                                      listed=[site.facts[i] for i in chart.fact_ids],
                                      also="|".join(path for path, _ in shown_on), chart=chart, shown_on=shown_on))
        if self.previous is not None:
            log.debug("listing pages: %d reused, %d to render", self.listings[True], self.listings[False])
        return pages

    def speakers_index(self) -> Page:
        """The list of speakers (people/), by name; rendered again when any claim changes, as
        each speaker's count of claims and events comes from the claims."""
        claims = [entry for entry in self.site.facts.values() if entry.is_claim]
        by_speaker = group_by(claims, "speaker")
        speakers = sorted((self.speaker(person_id, by_speaker.get(person_id, [])) for person_id in self.site.people),
                          key=lambda speaker: (speaker.person.name.casefold(), speaker.id))
        return self.listing("people/index.html", "people.html", "people index", [], [], listed=claims,
                            speakers=speakers)

    def speaker(self, person_id: str, claims: list[FactEntry]) -> Speaker:
        """A person with their claims and the events they made them at, earliest event first."""
        site = self.site
        event_ids = {entry.fact.event for entry in claims if isinstance(entry.fact, Claim)}
        events = sorted(((i, site.events[i]) for i in event_ids if i in site.events),
                        key=lambda item: (item[1].start, item[0]))
        return Speaker(person_id, site.people[person_id], claims, events)

    def charts_index(self) -> Page:
        """The list of charts (charts/): those of charts.yaml in its order, then each metric's own
        by title; rendered again when any chart, or a fact its takeaway names, changes."""
        charts = list(self.charts.values())
        per_metric = sorted((c for c in charts if c.id.startswith("metric-")), key=lambda c: (c.title.casefold(), c.id))
        drawn = [c for c in charts if not c.id.startswith("metric-")]
        return self.listing("charts/index.html", "charts.html", "charts index", [], drawn + per_metric, listed=[],
                            drawn=drawn, per_metric=per_metric)

    def redirect_pages(self, html: list[Page]) -> list[Page]:
        """A page at each redirect's old address that sends readers on to its new one; a target no
        page was rendered at (which the check should have refused) stops the build where it is written."""
        built = {page.path.removesuffix("index.html") for page in html}
        missing = [Problem(r.path, r.line, r.col, f"no page was built at '{r.to}', where this redirect sends "
                                                  "readers; write the address of a page the site builds")
                   for r in self.site.redirects if r.to not in built]
        if missing:
            raise BuildFailed(missing)
        return [self.redirect_page(r) for r in self.site.redirects]

    def embed_pages(self) -> list[Page]:
        """Each chart's embed page (charts/<id>/embed/, for other sites to show in a frame), and one at
        the embed address of each chart that data/redirects.yaml sends on (see embed_redirect_page).
        Neither is given to the search index or listed in the sitemap: both duplicate other pages."""
        pages = []
        for chart in self.charts.values():
            folder = f"charts/{chart.id}/"
            pages.append(self.listing(embed_path(chart.id) + "index.html", "embed.html", f"chart {chart.id}", [],
                                      [chart], listed=[self.site.facts[i] for i in chart.fact_ids],
                                      chart=chart, canonical=folder))
        written = {r.source for r in self.site.redirects}
        for redirect in self.site.redirects:
            old = _chart_of(redirect.source)
            if old is not None and embed_path(old) not in written:  # an entry of its own would clash
                pages.append(self.embed_redirect_page(redirect, old))
        return pages

    def embed_redirect_page(self, redirect: RedirectEntry, old: str) -> Page:
        """The page at a removed chart's embed address, which other sites' frames may still show:
        sent on to the new chart's embed page where the chart went to another chart, else a note in
        the frame, linking (in the top window) to the page that holds its content now."""
        path = embed_path(old) + "index.html"
        new = _chart_of(redirect.to)
        to = embed_path(new) if new is not None and new in self.charts else ""
        html = self.env.get_template("embed_moved.html").render(
            path=path, page_path=embed_path(old), canonical=self.publisher.address(redirect.to), share=None,
            to=to, page=redirect.to, title=self.title_of(redirect.to))
        return Page(path, html.encode("utf-8"), redirect.path)

    def redirect_page(self, redirect: RedirectEntry) -> Page:
        """The page at a redirect's old address: a refresh to the new one, its link for readers
        whose browser does not follow it, the new address as canonical, and no indexing."""
        path = f"{redirect.source}index.html"
        html = self.env.get_template("redirect.html").render(
            path=path, page_path=redirect.source, canonical=self.publisher.address(redirect.to), share=None,
            to=redirect.to, title=self.title_of(redirect.to))
        return Page(path, html.encode("utf-8"), redirect.path)

    def title_of(self, path: str) -> str:
        """The name of the page at path as a link to it reads, its address if it has none here."""
        site, (folder, _, rest) = self.site, path.partition("/")
        item = rest.removesuffix("/")
        fixed = {"": "the home page", "facts/": "the list of facts", "sources/": "the list of sources",
                 "metrics/": "the list of metrics", "events/": "the list of events", "search/": "the search page",
                 "corrections/": "the corrections log", "people/": "the list of speakers",
                 "charts/": "the list of charts"}
        if path in fixed:
            return fixed[path]
        if "/" not in item:
            names = {"facts": lambda: fact_heading(site, site.facts[item]), "events": lambda: site.events[item].name,
                     "people": lambda: site.people[item].name, "metrics": lambda: site.metrics[item].name,
                     "charts": lambda: self.charts[item].title}
            try:
                return names[folder]() if item else site.pages[folder].meta.title
            except KeyError:
                pass
        return path

    def pages_showing(self, chart: Chart) -> list[tuple[str, str]]:
        """The pages a chart is shown on, as (path, what the page is): the home page, its
        metric's page, the pages of the facts it draws that show it."""
        shown = [("", "The home page")] if "home" in chart.placement else []
        if chart.id.startswith("metric-") and chart.metric_ids:
            shown.append((f"metrics/{chart.metric_ids[0]}/", f"The metric’s page: {chart.title}"))
        for fact_id in chart.fact_ids:
            entry = self.site.facts[fact_id]
            if chart in self.fact_charts(entry):
                shown.append((f"facts/{fact_id}/", fact_heading(self.site, entry)))
        return shown

    def listing(self, path: str, template: str, origin: str, texts: list[str], charts: list[Chart],
                listed: list[FactEntry] | None = None, also: str = "", **context: Any) -> Page:
        """A page that lists facts (listed, else context["facts"]) or charts: an event's, person's,
        metric's or chart's page, a page of the facts index, the list of speakers or of charts. It
        is taken from the last build when its key is unchanged, else rendered. The key covers the
        site-wide inputs, the listed facts' records, the records of facts that texts (the Markdown
        the page shows) or the charts name with [[references]], the charts it shows or lists, its
        link-preview image, and also (what else it shows of other facts)."""
        if self.previous is None or not self.site_key:
            return self.page(path, template, origin, **context)
        refs = set().union(*map(fact_refs, texts), *map(_named_in, charts))
        key = sha(self.site_key, template, path, self.share_key(context), also,
                  *self.records(e.id for e in (context["facts"] if listed is None else listed)),
                  *self.records(sorted(refs)), *(self.chart_key(c) for c in charts))
        digest = self.previous.unchanged(path, key)
        self.listings[digest is not None] += 1
        if digest is not None:
            return Page(path, b"", origin, key, held="out", digest=digest)
        page = self.page(path, template, origin, **context)
        return replace(page, key=key)

    def facts_index(self) -> list[Page]:
        """The table of all facts, newest first, FACTS_PER_PAGE to a page: facts/, facts/page/2/, …
        A page is taken from the last build when its rows and the structured data describing
        the whole table (the dates it covers) are unchanged."""
        entries = newest_first(self.site.facts.values())
        count = max(1, -(-len(entries) // FACTS_PER_PAGE))
        urls = ["facts/"] + [f"facts/page/{n}/" for n in range(2, count + 1)]
        dataset = json.dumps(self.publisher.facts_dataset(""), sort_keys=True) if self.previous is not None else ""
        spans = [self.date_span(entries[i * FACTS_PER_PAGE:(i + 1) * FACTS_PER_PAGE]) for i in range(count)]
        also = dataset + json.dumps(spans)  # every page's pager names the dates of every page
        pages = []
        for i, url in enumerate(urls):
            first = i * FACTS_PER_PAGE
            rows = entries[first:first + FACTS_PER_PAGE]
            pages.append(self.listing(url + "index.html", "facts.html", "facts index", [], [], listed=rows,
                                      also=also, total=len(entries), entries=rows, first=first + 1,
                                      number=i + 1, pages=urls, spans=spans))
        return pages

    @staticmethod
    def date_span(entries: list[FactEntry]) -> str:
        """The dates of a page of facts, newest first, as its pager names them (as their rows do, a
        period in its source's words): 'May 2024 to 2019'."""
        dates = [fmt.refers_to(e.fact) for e in entries if e.date_key]
        if not dates:
            return "undated"
        return dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"

    def fact_pages(self) -> list[Page]:
        """Every fact's page: from the last build when nothing it shows has changed, else
        rendered, by two processes when there are many (fact pages are most of the work)."""
        pages: dict[str, Page] = {}
        todo: list[tuple[FactEntry, str]] = []
        for entry in self.site.facts.values():
            path = f"facts/{entry.id}/index.html"
            key = self.fact_key(entry) if self.previous is not None else ""
            digest = self.previous.unchanged(path, key) if self.previous is not None else None
            if digest is not None:
                pages[entry.id] = Page(path, b"", entry.path, key, held="out", digest=digest)
            else:
                todo.append((entry, key))
        log.debug("fact pages: %d reused, %d to render", len(pages), len(todo))
        for page in self.in_two_processes(todo):
            pages[page.path.split("/")[1]] = page
        return [pages[fact_id] for fact_id in self.site.facts]

    def fact_page(self, entry: FactEntry, key: str) -> Page:
        """A fact's page, rendered; written out at once when there is a sink."""
        related, more = self.related(entry)
        page = self.page(f"facts/{entry.id}/index.html", "fact.html", entry.path, entry=entry,
                         related=related, more_on_metric=more)
        if self.sink is None:
            return replace(page, key=key)
        return replace(page, body=b"", key=key, held="staging", digest=self.sink(page.path, page.body))

    def in_two_processes(self, todo: list[tuple[FactEntry, str]]) -> list[Page]:
        """Fact pages rendered here and, once every chart is drawn as SVG, half of those left
        in a forked copy of this process.

        While the charts are drawn (a thread reads them from vl-convert, so this process must
        not fork), the pages are rendered here in the order of the charts they show, each as
        soon as its chart is there. Falls back to rendering here alone with few pages, one
        core or no fork, and renders the copy's half here too if the copy fails for any
        reason (a template error then surfaces here, as a located problem) or takes too long
        (see split).
        """
        if len(todo) < PARALLEL_MIN or (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
            return [self.fact_page(e, k) for e, k in todo]
        todo = sorted(todo, key=lambda item: drawing_order(self.publisher.share_chart_for({"entry": item[0]})))
        here = []
        for entry, key in todo:
            if not still_drawing(self.charts):
                break
            here.append(self.fact_page(entry, key))  # its chart is drawn, or is the next to be
        log.debug("%d fact pages rendered as their charts were drawn", len(here))
        return here + self.split(todo[len(here):])

    def split(self, todo: list[tuple[FactEntry, str]]) -> list[Page]:
        """Fact pages rendered half here, half in a forked copy of this process, once no thread
        is drawing; here alone if they are few (see in_two_processes).

        Other threads may run: the preview's server answers requests meanwhile. The copy has
        only this thread, and any lock another held when it was made stays held there; should
        the copy need one, it would wait for ever. So it is waited for at most CHILD_PATIENCE
        seconds beyond twice the time this process took for its own half; then it is stopped
        and its half rendered here."""
        if len(todo) < PARALLEL_MIN:
            return [self.fact_page(e, k) for e, k in todo]
        svgs_drawn(self.charts)  # the drawing thread has ended
        middle = len(todo) // 2
        log.debug("rendering %d fact pages in two processes", len(todo))
        context = mp.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        helper = context.Process(target=_render_in_child, args=(self, todo[middle:], writer), daemon=True)
        helper.start()
        writer.close()
        try:
            started = time.perf_counter()
            first = [self.fact_page(e, k) for e, k in todo[:middle]]
            patience = CHILD_PATIENCE + 2 * (time.perf_counter() - started)
            try:
                second = reader.recv() if reader.poll(patience) else None  # poll: True at the copy's end too
            except (EOFError, OSError):
                second = None
            if second is None:
                log.debug("the forked copy sent no pages; its %d rendered here", len(todo) - middle)
        finally:
            reader.close()
            if helper.is_alive():
                helper.terminate()
            helper.join()
        if not isinstance(second, list) or len(second) != len(todo) - middle:
            second = [self.fact_page(e, k) for e, k in todo[middle:]]
        return first + second

    def fact_key(self, entry: FactEntry) -> str:
        """A hash of all a fact page shows: the site-wide inputs, the records of every fact it
        could name or list (its own, those it names or that name it, all on its metric, those its
        metric's and its source's notes name), its charts, the day it was published."""
        site, fact = self.site, entry.fact
        ids = {entry.id} | self.names[entry.id] | set(site.referring_to(entry.id)) | self.named_by.get(entry.id, set())
        ids |= self.notes_names(fact)
        shown = sorted(self.charts_showing.get(entry.id, set()) | {f"metric-{fact.metric}"})
        charts = [self.charts[c] for c in shown if c in self.charts]
        for chart in charts:
            ids.update(_named_in(chart))
        return sha(self.site_key, "fact.html", *self.records(sorted(ids)),
                   self.metric_key(fact.metric), *(self.chart_key(c) for c in charts),
                   self.share_key({"entry": entry}), str(site.added.get(entry.id)))

    def notes_names(self, fact: Any) -> set[str]:
        """The fact ids named in the notes of a fact's metric and source, which its page shows."""
        shown = (self.site.metrics.get(fact.metric or ""), self.site.sources.get(fact.source))
        return fact_refs(" ".join(record.notes for record in shown if record is not None and record.notes))

    def metric_key(self, metric_id: str | None) -> str:
        """A hash of the records of every fact on a metric, in order, computed once per metric."""
        if metric_id is None:
            return ""
        if metric_id not in self.metric_keys:
            self.metric_keys[metric_id] = sha(*self.records(e.id for e in self.site.facts_where(metric=metric_id)))
        return self.metric_keys[metric_id]

    def records(self, ids: Iterable[str]) -> list[str]:
        """Each id of a fact on the site with its record's key, in the order given, for a page's key."""
        return [f"{i} {self.record_keys[i]}" for i in ids if i in self.record_keys]

    def chart_key(self, chart: Chart) -> str:
        """chart_key, computed once per chart."""
        if chart.id not in self.chart_keys:
            self.chart_keys[chart.id] = chart_key(chart)
        return self.chart_keys[chart.id]

    def share_key(self, context: dict[str, Any]) -> str:
        """What a page's link-preview image is made from (known before its chart is drawn); nothing
        in a build without the site's address, whose pages name no image (base.html), so that a
        changed chart does not render again every page that would have named it."""
        if not self.options.absolute:
            return "no image"
        chart = self.publisher.share_chart_for(context)
        return f"{chart.id} {self.chart_key(chart)}" if chart is not None else "no image"

    def chartless_files(self) -> list[Page]:
        """The files that show no chart: the site-wide downloads, the static files, the feed and
        robots.txt; made once, while the fact pages would wait for a chart to be drawn, else
        after the HTML pages, while the search index is made (they took 0.26 s of CPU before
        the fact pages of a one-edit rebuild at 5,000 facts, whose chart was long drawn)."""
        if self.chartless is None:
            self.chartless = self.fact_tables() + self.assets() + self.feed_and_robots()
        return self.chartless

    def feed_and_robots(self) -> list[Page]:
        """The Atom feed, robots.txt, the web app manifest and the words the search page may suggest."""
        return [Page(FEED_PATH, self.publisher.feed(), "Atom feed"),
                Page(ROBOTS_PATH, self.publisher.robots(), "robots.txt"),
                Page(MANIFEST_PATH, manifest(), "bakuclaims/icons.py"),
                Page(WORDS_PATH, self.publisher.search_words(), "the search page's words")]

    def sitemap(self, html: list[Page]) -> list[Page]:
        """sitemap.xml of the HTML pages, when the site's origin is known."""
        listed = [p.path for p in html if p.path not in ("404.html", "search/index.html")]
        sitemap = self.publisher.sitemap(listed)
        return [Page(SITEMAP_PATH, sitemap, "sitemap")] if sitemap is not None else []

    def related(self, entry: FactEntry) -> tuple[list[FactEntry], bool]:
        """Facts to show beside a fact: those it names, those naming it, and the RELATED_NEAR
        facts on its metric nearest to it in time; and whether its metric has more than shown."""
        site, fact = self.site, entry.fact
        ids = list(fact.related)
        ids += [i for i in site.referring_to(entry.id) if i not in ids]
        more = False
        if fact.metric is not None:
            on_metric = [e.id for e in site.facts_where(metric=fact.metric)]
            near = _nearest(on_metric, entry.id, RELATED_NEAR)
            more = len(on_metric) - 1 > len(near)
            ids += [i for i in near if i not in ids]
        if isinstance(fact, Context) and fact.derived is not None:
            ids = [i for i in ids if i not in fact.derived.inputs]
        return [site.facts[i] for i in ids if i != entry.id and i in site.facts], more

    # -- downloads ------------------------------------------------------------------------------

    def fact_tables(self) -> list[Page]:
        """The site-wide fact tables, their Data Package and the JSON Schemas of the records."""
        records = [self.fact_record(e) for e in self.site.facts.values()]
        chart_fields = {chart_id: list(self.chart_record(chart.rows[0])) if chart.rows else []
                        for chart_id, chart in self.charts.items()}
        files = [Page("data/facts.csv", _csv(records), "all facts"),
                 Page("data/facts.json", _json(records), "all facts"),
                 Page(CORRECTIONS_PATH, _csv(self.correction_records(), list(CORRECTION_NOTES)), "all corrections"),
                 Page("datapackage.json", _json(self.package(records, chart_fields)), "all facts")]
        files += [Page(f"schemas/{name}", body, "bakuclaims/models.py") for name, body in schema_files().items()]
        return files

    def correction_records(self) -> list[dict[str, str]]:
        """Every correction, newest first, as the corrections log lists them: the fact, the date, the text."""
        return [{"fact": c.entry.id, "date": c.date.isoformat(), "text": c.text,
                 "page": self.publisher.address(f"facts/{c.entry.id}/") + "#corrections"}
                for c in self.publisher.corrections()]

    def chart_downloads(self) -> list[Page]:
        """Every chart's data, spec and images."""
        return [page for chart in self.charts.values() for page in self.chart_files(chart)]

    def start_claim_cards(self) -> None:
        """Set each claim's link preview (a PNG beside its page) going, in a build that knows the
        site's address (the only builds whose pages name one): one unchanged since the last build
        or kept in the cache is taken as it is; the others are drawn by a vl-convert child, into
        the cache (or a temporary folder), while the pages render. claim_cards gives them."""
        if not self.options.absolute:
            return
        if self.cache_dir is not None:
            folder = self.cache_dir / "cards"
        else:
            self.card_folder = tempfile.TemporaryDirectory(prefix="bakuclaims-cards-")
            folder = Path(self.card_folder.name)
        folder.mkdir(parents=True, exist_ok=True)
        version = f"{library_version('vl-convert-python')} {drawing_code()}"
        svgs, files = [], []
        for entry in self.site.facts.values():
            if not isinstance(entry.fact, Claim):
                continue
            path, svg = claim_card_path(entry.id), claim_card(self.publisher.claim_card(entry))
            key = sha("claim card", version, svg)
            digest = self.previous.unchanged(path, key) if self.previous is not None else None
            file = folder / f"{key}.png"
            self.card_work.append((path, entry.path, key, digest, file, svg))
            if digest is None and not file.is_file():
                svgs.append(svg)
                files.append(file)
        self.pictures = Pictures(svgs, files)

    def claim_cards(self) -> list[Page]:
        """The claims' link previews set going by start_claim_cards, waited for; each written out at
        once when there is a sink."""
        if self.pictures is None:
            return []
        self.pictures.done()
        damaged = [(svg, file) for _, _, _, digest, file, svg in self.card_work
                   if digest is None and not _whole_png(_read(file))]
        if damaged:  # a cache file cut short, overwritten, or removed by another build: drawn again
            log.debug("%d claim cards in the cache damaged: drawn again", len(damaged))
            Pictures([svg for svg, _ in damaged], [file for _, file in damaged]).done()
        cards = []
        for path, origin, key, digest, file, _ in self.card_work:
            if digest is not None:
                cards.append(Page(path, b"", origin, key, held="out", digest=digest))
                continue
            body = file.read_bytes()
            if self.sink is None:
                cards.append(Page(path, body, origin, key))
            else:
                cards.append(Page(path, b"", origin, key, held="staging", digest=self.sink(path, body)))
        if self.cache_dir is not None:  # the cache keeps the cards of the last build, not of every build
            _prune(self.cache_dir / "cards", {file.name for *_, file, _ in self.card_work})
        self.stop_claim_cards()
        return cards

    def stop_claim_cards(self) -> None:
        """Stop drawing the claims' link previews if a child still is, and remove the temporary
        folder, if any."""
        if self.pictures is not None:
            self.pictures.stop()
        if self.card_folder is not None:
            self.card_folder.cleanup()
            self.card_folder = None

    def chart_files(self, chart: Chart) -> list[Page]:
        """A chart's downloads: from the last build when the chart is unchanged, else made."""
        folder, origin = f"charts/{chart.id}/", f"chart {chart.id}"
        names = ("data.csv", "data.json", "spec.vl.json", "spec-narrow.vl.json", "chart.svg", "chart.png",
                 *(["card.png"] if chart.has_card else []))
        if self.previous is not None:
            key = sha(self.site_key, "chart files", self.chart_key(chart))
            digests = [self.previous.unchanged(folder + name, key) for name in names]
            if all(digests):
                return [Page(folder + name, b"", origin, key, held="out", digest=digest or "")
                        for name, digest in zip(names, digests)]
        else:
            key = ""
        records = [self.chart_record(r) for r in chart.rows]
        specs = [self.spec_file(chart, spec) for spec in (chart.spec, chart.narrow_spec)]
        about = _image_text(chart.frame)
        bodies = (_csv(records), _json(records), *specs,
                  _standalone_svg(chart.download_svg, about).encode("utf-8"), with_text(chart.png, about),
                  *([chart.card] if chart.has_card else []))
        return [Page(folder + name, body, origin, key) for name, body in zip(names, bodies)]

    def spec_file(self, chart: Chart, spec: dict[str, Any]) -> bytes:
        """A chart's Vega-Lite spec as a download: with its title, source and credit in the spec's
        usermeta, which Vega-Lite keeps and never draws (the page draws from this file too, under
        the title it shows itself)."""
        if chart.frame is None:
            return _json(spec)
        *_, source, credit = chart.frame["footer"]  # after what each figure measures, for several measures
        note = {"title": chart.frame["title"], "source": " · ".join(source), "credit": " · ".join(credit),
                "licence": LICENCE["path"]}
        if self.publisher.absolute:
            note["page"] = self.publisher.address(f"charts/{chart.id}/")
        return _json({**spec, "usermeta": note})

    def package(self, records: list[dict[str, Any]], chart_fields: dict[str, list[str]]) -> dict[str, Any]:
        """The Data Package, with what it is, who made it and the sources its figures were read in."""
        package = datapackage(records, self.charts, chart_fields)
        package["description"] = PACKAGE_NOTE
        # roles is Data Package 2.0's (the $schema above); role, 1.0's, for the tools that read only that
        package["contributors"] = [{"title": SITE_NAME, "roles": ["creator"], "role": "author"}]
        newest = max(filter(None, map(self.publisher.dated, self.site.facts.values())), default=None)
        if newest is not None:  # the data's own latest date, so that the same data gives the same package
            package["created"] = f"{newest.isoformat()}T00:00:00Z"
        if self.publisher.absolute:  # a full address, or none
            package["homepage"] = package["contributors"][0]["path"] = self.publisher.address()
        used = dict.fromkeys(e.fact.source for e in self.site.facts.values())
        package["sources"] = [{"title": f"{s.credit}: {s.title}", **({"path": s.url} if s.url else {})}
                              for s in (self.site.sources[i] for i in used)]
        return package

    def chart_record(self, row: Row) -> dict[str, Any]:
        """One row of a chart's downloads: as the chart draws it, with the fact's qualifier and
        unit after its value, as the facts table has them, and a claim's rating last (a column added
        after the others)."""
        fact = self.site.facts[row.id].fact
        items = [(name, _plain(value) if name == "value" else value) for name, value in row.record().items()]
        at = [name for name, _ in items].index("value") + 1
        added = [("qualifier", fact.qualifier), ("unit", self.site.metrics[fact.metric or ""].unit)]
        return {**dict(items[:at] + added + items[at:]), **self.derived_record(fact), "rating": row.rating}

    def derived_record(self, fact: Claim | Context) -> dict[str, str | None]:
        """For a figure the site computed, how, and where the figures it is computed from were read."""
        derived = fact.derived if isinstance(fact, Context) else None
        return {"derivation": f"{derived.operation}: {', '.join(derived.inputs)}" if derived else None,
                "derivation_sources": "; ".join(sources_behind(self.site, fact)) or None if derived else None}

    def fact_record(self, entry: FactEntry) -> dict[str, Any]:
        """One fact as a flat record for the site-wide downloads."""
        fact, site = entry.fact, self.site
        metric = site.metrics.get(fact.metric or "")
        source = site.sources[fact.source]
        claim = fact if isinstance(fact, Claim) else None
        context = fact if isinstance(fact, Context) else None
        return {
            "id": entry.id, "kind": "claim" if claim else "context", "title": fact.title,
            "value": _plain(fact.value), "qualifier": fact.qualifier,
            "display": fact_value(self.site, entry) if fact.value is not None else None,  # no page shows 'no figure'
            "unit": metric.unit if metric else None, "metric": fact.metric,
            "measures": metric.measures if metric else None, "of_whom": metric.of_whom if metric else None,
            "date": entry.date_key or None,
            "date_words": context.as_of_words if context else None,
            "target": site.is_target(context) if context else None,
            "speaker": site.people[claim.speaker].name if claim else None,
            "event": claim.event if claim else None,
            "producer": context.producer if context else None,
            "independent": context.independent if context else None,
            "confidence": context.confidence if context else "claim",
            **self.derived_record(fact),
            "quote": fact.quote, "quote_type": claim.quote_type if claim and claim.quote else None,
            "source_publisher": source.publisher, "source_title": source.title, "source_url": source.url,
            "source_date": str(source.date) if source.date else None, "source_author": source.author,
            "source_notes": self.publisher.plain(source.notes) or None,
            "page": self.publisher.address(f"facts/{entry.id}/"),
            "corrected": str(max(c.date for c in fact.corrections)) if fact.corrections else None,
            "updated": str(self.publisher.modified(entry) or "") or None,
            "rating": (rating_label(claim.assessment.rating) if claim and claim.assessment
                       else NOT_RATED if claim and claim.not_rated else None),
            **self.assessment_record(claim),
            "medium": claim.medium if claim else None,  # columns added after the others come last
            "arithmetic": self.arithmetic(entry),
            "notes": self.publisher.plain(fact.notes) or None if fact.notes else None,
            "published": str(day) if (day := self.publisher.published(entry)) else None,  # as its page dates it
            # what the ids metric and event, and the speaker's name, leave to the site: as the pages give them
            "metric_name": metric.name if metric else None,
            "event_name": site.events[claim.event].name if claim else None,
            "speaker_role": site.people[claim.speaker].role if claim else None,
        }

    def arithmetic(self, entry: FactEntry) -> str | None:
        """A computed figure's arithmetic as its page shows it: '3 ÷ 7 × 100 = 42.857, rounded to
        one decimal place: 42.9%', '74 + 9 = 83: 83rd' where nothing was rounded, or '0.7607 − 0.75 =
        0.0107' where the figure reads as the result; None for a figure read in a source."""
        d = self.derivation(entry)
        if d is None:
            return None
        return f"{d['expression']} = {d['exact']}{d['rounding']}" + (f": {d['rounded']}" if d["rounded"] else "")

    def assessment_record(self, claim: Claim | None) -> dict[str, str | None]:
        """A claim's assessment as its page gives it, in plain text, or why it is not rated."""
        a = claim.assessment if claim else None
        plain = self.publisher.plain
        return {"assessed": str(a.date) if a else None,
                "assessment": plain(a.summary) if a else None,
                "gets_right": plain(a.gets_right) if a else None,
                "leaves_out": plain(a.leaves_out) if a else None,
                "figure_measures": plain(a.measures) if a else None,
                "not_rated_because": plain(claim.not_rated) or None if claim and claim.not_rated else None}

    def assets(self) -> list[Page]:
        """Static files copied from static/."""
        folder = self.root / "static"
        if not folder.is_dir():
            return []
        return [Page("assets/" + p.relative_to(folder).as_posix(), p.read_bytes(), p.relative_to(self.root).as_posix())
                for p in sorted(folder.rglob("*")) if p.is_file()]


def _outlet(source: Source) -> str:
    """Where a fact was read, as its credit names it: the outlet, an article by its author whose outlet
    is not recorded, or "" for the site's own research notes."""
    if source.publisher:
        return "" if source.publisher == SITE_NAME else source.publisher
    return f"an article by {source.credit}" if source.author else "a report whose outlet is not recorded"


def _hyphened_whole(text: str) -> Markup:
    """A heading's text, escaped, each short word with a hyphen in it kept on one line where a line
    holds it (style.css): on a phone 'ITU … (WTDC-25)' broke after the hyphen, '25)' alone on the
    last line. A longer word may still break, as it may be wider than a phone."""
    def whole(match: re.Match[str]) -> str:
        word = match.group(0)
        return f'<span class="whole">{word}</span>' if len(html_unescape(word)) <= 10 else word
    return Markup(re.sub(r"(?<!\S)\S+-\S+(?!\S)", whole, str(escape(text))))


def _plain(value: float | None) -> float | int | None:
    """A value for the downloads and the facts table's sort keys: a whole number without a decimal
    point (70, not 70.0), as a spreadsheet or a reader would write it; other values as they are."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


FIELD_TYPES = {"value": "number", "independent": "boolean", "target": "boolean", "corrected": "date", "updated": "date",
               "assessed": "date", "published": "date"}
FIELD_NOTES = {
    "id": "Fact id; its page is facts/<id>/.",
    "kind": "claim (what a speaker said, as reported) or context (an official or independent figure to read claims "
            "against).",
    "title": "What the figure is.",
    "value": "The number, in the unit: a percentage as 65, not 0.65; empty where the fact has no figure.",
    "qualifier": "Words before the number in the source.",
    "display": "The value as the site shows it; empty where the fact has no figure.",
    "unit": "percent, count, rank, index, per-100 or mbps.",
    "metric": "Metric id; what is measured.", "measures": "What is counted.",
    "of_whom": "Of whom, or of what, the figure is counted: a share's base, or what a count is drawn from.",
    "date": "When said (claims) or the period described (context), as exactly as the source gives it: YYYY, "
            "YYYY-MM or YYYY-MM-DD; empty where the source gives no date.",
    "date_words": "The source's words for the period, where they are less exact than date ('end of 2025').",
    "target": "True for a context figure that is a target: its date is the date the target is for, not the day "
              "it was set (source_date).",
    "speaker": "Who made the claim.",
    "event": "Event id where the claim was made, or to which it was sent.",
    "producer": "Who produced a context figure.",
    "independent": "False when the producer is the government making the claims, or a body under it; for a figure "
                   "this site computed (confidence derived), false when any figure it is computed from is official "
                   "or a claim. Empty for a claim.",
    "confidence": "claim (a claim, as its source reports it); for a context figure, seen (read word for word in the "
                  "source named), secondary (read word for word in a report of the primary source, not in the "
                  "primary source itself) or derived (computed by this site from other facts: see derivation and "
                  "arithmetic). About explains each.",
    "derivation": "For a figure this site computed (confidence derived): the operation, then the ids of its two "
                  "inputs, a and b (share: a ÷ b × 100; percent-of: a × b ÷ 100; sum: a + b; difference: a − b).",
    "source_publisher": "Where the fact was read (empty when the outlet was not recorded).",
    "derivation_sources": "For a figure this site computed: where the figures it is computed from were read, "
                          "and those they are computed from in turn; separated by '; '.",
    "quote": "The words for the figure as the source gives them: a claim’s as the source reports them, a "
             "context figure’s verbatim.",
    "quote_type": "For a claim’s quote: direct (the speaker’s words, as quoted) or reported (the source’s "
                  "account of what was said).",
    "source_title": "Title of the source, as published, or as the editors give it where source_notes say so.",
    "source_url": "Address of the source, if known (source_notes say why where there is none).",
    "source_date": "When the source was published, where known: 2024, 2024-05 or 2024-05-15.",
    "source_author": "The source’s author, where it names one.",
    "source_notes": "How the editors read the source: a title they translated, why there is no address or "
                    "outlet, a source that is the site’s own unpublished notes.",
    "page": "The fact’s page on this site (a full address when the site is built with its address).",
    "corrected": "When the fact was last corrected, YYYY-MM-DD; its page lists every correction.",
    "updated": "When the editors last changed the fact in substance (a correction, an assessment or a check of its "
               "source), YYYY-MM-DD.",
    "rating": "The editors’ rating of a claim, where they assessed it (see the About page’s rating scale); "
              "Not rated where they give it none, saying why on its page; empty where not yet assessed.",
    "assessed": "When the editors wrote the claim’s assessment, YYYY-MM-DD.",
    "assessment": "The editors’ assessment of the claim in a sentence or two, as its page gives it, with each "
                  "fact it cites shown as its figure (the page links each one).",
    "gets_right": "The assessment: what the claim gets right.",
    "leaves_out": "The assessment: what the claim leaves out.",
    "figure_measures": "The assessment: what the claim’s figure measures, and of whom.",
    "not_rated_because": "For a claim rated Not rated: why the editors give it no rating.",
    "arithmetic": "For a figure this site computed: the operation with the values of its inputs, the result (to "
                  "three decimals more than the figure gives, and at least two, where it has them) and the figure "
                  "as rounded, where it reads otherwise than the result, as its page shows them.",
    "notes": "The editors’ notes on the fact, as its page gives them, in plain text.",
    "published": "When the fact’s page went up on this site, YYYY-MM-DD, as the page and its citation give it (the "
                 "day the site’s history added the fact); empty where a build had no such history.",
    "metric_name": "The metric’s name (the metric column gives its id), as the heading of its page gives it; "
                   "empty where the fact has no figure.",
    "event_name": "The name of the event where the claim was made, or to which it was sent (the event column "
                  "gives its id), as the heading of its page gives it. Empty for a context figure.",
    "speaker_role": "The speaker’s role at the time of the claims, as the claim’s page gives it after the name "
                    "(speaker). Empty for a context figure.",
    "medium": "How a claim was made: spoken (said at the event, on its stage or by video) or sent-address (in an "
              "address the source says the speaker sent to the event).",
}
CORRECTIONS_PATH = "data/corrections.csv"
CORRECTION_NOTES = {
    "fact": "Id of the fact corrected (the id column of the facts table).",
    "date": "When the correction was made, YYYY-MM-DD.",
    "text": "What changed, and what the page said before, as the fact’s page and the corrections log give it.",
    "page": "Where the fact’s page lists its corrections.",
}
PACKAGE_NOTE = ("Claims about Azerbaijan’s digital development made at conferences in Baku, and the official "
                "and independent figures set beside them, each with the source it was read in. Credit "
                "Baku Digital Claims and each figure’s source. Its date (created) is the latest the data "
                "gives: a claim made, a figure’s period or source, a correction, an assessment or a check.")
# Data Package 2.0, whose Table Schema has fieldsMatch and whose Data Resource has type (the JSON downloads use both)
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
JSON_NOTE = ("The rows of {table} as a JSON array of objects, one object to a row with a key for every column "
             "(keys in alphabetical order); numbers, true and false are JSON values, and an empty cell is null.")
CHART_FIELDS = {"value": "number", "date": "date"}  # a chart's date is a day: a period's first (CHART_NOTES)
CHART_NOTES = {
    **FIELD_NOTES, "label": "What the figure is.", "value": "The number, in the unit: a percentage as 65, not 0.65.",
    "display": "The value as the chart and its table show it.",
    "kind": "Claim or Context figure.", "who": "Who made the claim, or who produced the context figure.",
    "date": "When said (claims) or the first day of the period described (context): a year is "
            "given as 1 January, a month as its first day; date_label names the period.",
    "date_label": "The date or period as the site shows it.",
    "metric": "What is measured: the metric’s name, as the heading of its page gives it (the facts table’s "
              "metric_name).",
    "source": "Where the fact was read: the outlet, or the author when the outlet was not recorded.",
    # the columns these name, source_notes and confidence, are the facts table's, not a chart's
    "source_url": FIELD_NOTES["source_url"].replace("(source_notes", "(the facts table's source_notes"),
    "derivation": FIELD_NOTES["derivation"].replace("(confidence derived)", "(confidence derived in the facts table)"),
}


def datapackage(records: list[dict[str, Any]], charts: dict[str, Chart],
                chart_fields: dict[str, list[str]]) -> dict[str, Any]:
    """A Frictionless Data Package describing the fact table and every chart's data."""
    fact_fields = [{"name": name, "type": FIELD_TYPES.get(name, "string"), "description": FIELD_NOTES.get(name, "")}
                   for name in (records[0] if records else FIELD_NOTES)]
    resources = [{
        "name": "facts", "path": "data/facts.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "title": "Every claim and context figure", "schema": {"fields": fact_fields, "primaryKey": ["id"]},
    }, {
        "name": "corrections", "path": CORRECTIONS_PATH, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "title": "Every correction, newest first",
        "schema": {"fields": [{"name": name, "type": "date" if name == "date" else "string", "description": note}
                              for name, note in CORRECTION_NOTES.items()],
                   "foreignKeys": [{"fields": "fact", "reference": {"resource": "facts", "fields": "id"}}]},
    }]
    for chart_id, chart in charts.items():
        names = chart_fields[chart_id]
        resources.append({
            "name": f"chart-{chart_id}", "path": f"charts/{chart_id}/data.csv", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": chart.title,
            "schema": {"fields": [{"name": n, "type": CHART_FIELDS.get(n, "string"), "description": CHART_NOTES[n]}
                                  for n in names]},
        })
    resources += [_json_twin(resource) for resource in resources if resource["name"] != "corrections"]
    return {"$schema": PACKAGE_PROFILE, "name": "baku-digital-claims",
            "title": "Baku Digital Claims: facts and chart data", "licenses": [dict(LICENCE)],
            "resources": resources}


def _json_twin(table: dict[str, Any]) -> dict[str, Any]:
    """The resource of a CSV table's JSON download (data.json beside data.csv): the same records,
    named '<its name>.json' (an id has no dot, so no other resource can have the name). Its records'
    keys are sorted, not in the columns' order, so its schema matches fields by name (fieldsMatch
    'equal', Table Schema 2.0); 'type: table' says it is a table, which a JSON file need not be."""
    return {**table, "name": f"{table['name']}.json", "path": table["path"].removesuffix(".csv") + ".json",
            "type": "table", "format": "json", "mediatype": "application/json",
            "title": f"{table['title']} (JSON)", "description": JSON_NOTE.format(table=table["name"]),
            "schema": {**table["schema"], "fieldsMatch": "equal"}}


def _current_links(html: str, own: str) -> str:
    """html with each link to its own page marked aria-current="page", as the header's and the data tables'
    already are: a claim's figure in its assessment, a card's event on the event's page, the citation's
    address. A screen reader then says that the link leads to the page it is on. Found with str methods: a
    regular expression made for each page's address was compiled again for each page (0.15 s against 0.03 s
    for the 1,098 pages of the benchmark's 1,000 facts)."""
    target = f' href="{own}"'
    parts = html.split(target)
    if len(parts) == 1:
        return html
    marked = [parts[0]]
    for before, after in zip(parts, parts[1:]):
        start = before.rfind("<")
        tag = before[start:] if start >= 0 else ""  # the tag the address is in, up to it: '<a class="x"'
        end = after.find(">")
        current = end < 0 or "aria-current=" in after[:end]  # marked already (the header's, the tables')
        link = (tag == "<a" or tag.startswith("<a ")) and ">" not in tag
        marked.append(target + (' aria-current="page"' if link and not current else "") + after)
    return "".join(marked)


def template_problems(root: Path) -> list[Problem]:
    """A syntax error in any template, or a template it includes, extends or imports by a name that no
    file has, at its file and line: what can be found without rendering (for `check`; a build finds
    these and the rest as it renders)."""
    loader = jinja2.FileSystemLoader(str(root / "templates"))
    env = jinja2.Environment(loader=loader)
    problems = []
    names = loader.list_templates()
    for name in names:
        try:
            source, filename, _ = loader.get_source(env, name)
            problems += _missing_templates(name, source, env.parse(source, name, filename), set(names))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_template_problem(exc, root))
        except UnicodeDecodeError as exc:  # the build would stop on it too: say where
            before = exc.object[:exc.start]
            line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
            problems.append(Problem(f"templates/{name}", line, col, f"cannot be read as UTF-8 text (byte "
                                                                    f"0x{exc.object[exc.start]:02x}); save the file "
                                                                    "with UTF-8 encoding"))
        except OSError as exc:
            problems.append(Problem(f"templates/{name}", 1, 1, f"cannot be read: {exc.strerror or exc}"))
    return problems


# Files of assets/ that the build makes rather than copies from static/: the charts' script bundle and the icon's PNGs
MADE_ASSETS = frozenset({"assets/vega-embed.js", TOUCH_ICON[0], *(path for path, _ in MANIFEST_PNGS)})
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")  # url(fonts/a.woff2) in a style sheet
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_ASSET_LINK = re.compile(r"""\burl\(\s*(['"])(assets/[^'"]*)\1""")  # url('assets/style.css') in a template
_NOT_A_FILE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|/|#")  # data:, https:, //host, /root, #fragment


def static_problems(root: Path) -> list[Problem]:
    """Each file of static/ that a template links to (url('assets/…'), in quotes) or a style sheet names
    (url(fonts/…)) and that is not there, at the line that names it: the pages would link to nothing.
    Templates are searched as text, their {# comments #} left out: a few milliseconds, where parsing
    them took a build 60 ms."""
    static = root / "static"
    there = {path.relative_to(static).as_posix() for path in static.rglob("*")} if static.is_dir() else set()
    problems = []
    folder = root / "templates"
    for name in jinja2.FileSystemLoader(str(folder)).list_templates():
        try:
            text = _blanked(_JINJA_COMMENT, (folder / name).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue  # template_problems names it
        for match in _ASSET_LINK.finditer(text):
            wanted = match[2]
            file = re.split(r"[?#]", wanted.removeprefix("assets/"))[0].rstrip("/")
            if wanted not in MADE_ASSETS and file not in there:
                problems.append(Problem(f"templates/{name}", *_line_and_column(text, match.start()),
                                        f"links to {wanted}, the copy of static/{file}, which is not there: "
                                        "restore the file, or correct the name"))
    for sheet in sorted(static.rglob("*.css")) if static.is_dir() else []:
        problems += _sheet_problems(sheet, static, there, root)
    return problems


def _blanked(pattern: re.Pattern[str], text: str) -> str:
    """text with each match of pattern turned to spaces, its line breaks kept (so lines and columns hold)."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def _line_and_column(text: str, at: int) -> tuple[int, int]:
    """The line and column (both from 1) of a position in a text."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _sheet_problems(sheet: Path, static: Path, there: set[str], root: Path) -> list[Problem]:
    """Each url(…) of a style sheet in static/ naming a file of static/ that is not there, at its line."""
    text = _blanked(_CSS_COMMENT, sheet.read_text(encoding="utf-8", errors="replace"))
    folder = sheet.parent.relative_to(static).as_posix()
    problems = []
    for match in _CSS_URL.finditer(text):
        target = match[2]
        if _NOT_A_FILE.match(target):
            continue
        file = posixpath.normpath(posixpath.join(folder, re.split(r"[?#]", target)[0]))
        if file not in there:
            problems.append(Problem(sheet.relative_to(root).as_posix(), *_line_and_column(text, match.start()),
                                    f"url({target}) names "
                                    f"static/{file}, which is not there: restore the file, or correct the name"))
    return problems


_TAKES_IN = r"\{%[-+]?\s*(?:include|extends|import|from)\s+\[?\s*"  # a tag taking in a template, to its name


def _missing_templates(name: str, source: str, tree: jinja2.nodes.Template, names: set[str]) -> list[Problem]:
    """Each {% include %}, {% extends %}, {% import %} and {% from … import %} of a template that names, in
    quotes, a template there is no file for (a name made as the page renders cannot be checked here), at
    the name's column (Jinja gives the line only)."""
    problems = []
    lines = re.split(r"\r\n|\r|\n", source)  # as Jinja counts them: a form feed or U+2028 ends no line
    for node in tree.find_all((jinja2.nodes.Include, jinja2.nodes.Extends, jinja2.nodes.Import,
                               jinja2.nodes.FromImport)):
        wanted = _constant_names(node.template)
        if not wanted or getattr(node, "ignore_missing", False) or any(each in names for each in wanted):
            continue  # a list of names ({% include ['a.html', 'b.html'] %}) takes the first that is there
        shown = " or ".join(f"templates/{each}" for each in wanted)
        line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        tag = re.search(_TAKES_IN + rf"(['\"]){re.escape(wanted[0])}\1", line)
        typed = [at for quote in "'\"" if (at := line.find(f"{quote}{wanted[0]}{quote}")) >= 0]
        # the name's, after its quote, in its tag (not in a comment before it on the line); 1 on a later line
        column = tag.start(1) + 2 if tag else min(typed) + 2 if typed else 1
        problems.append(Problem(f"templates/{name}", node.lineno, column, f"template not found: there is no "
                                                                          f"{shown}; correct the name or add "
                                                                          "the file"))
    return problems


def _constant_names(node: jinja2.nodes.Node) -> list[str]:
    """The template names a node gives in quotes ('x.html', or a list of them), or [] for a name made
    by an expression."""
    if isinstance(node, jinja2.nodes.Const):
        values = node.value if isinstance(node.value, (list, tuple)) else [node.value]
    elif isinstance(node, (jinja2.nodes.List, jinja2.nodes.Tuple)) \
            and all(isinstance(item, jinja2.nodes.Const) for item in node.items):
        values = [item.value for item in node.items]
    else:
        return []
    return [value for value in values if isinstance(value, str)] if all(isinstance(v, str) for v in values) else []


def _template_problem(exc: Exception, root: Path) -> Problem:
    """A template error as a Problem at the template's file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(_template_path(exc.name or exc.filename or "", root), exc.lineno or 1, 1,
                       f"template syntax error: {exc.message}")
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith(".html"):  # the template line that failed: for a missing one, its include
            shown = _template_path(frame.filename, root)
            if isinstance(exc, jinja2.TemplateNotFound):
                return Problem(shown, frame.lineno or 1, 1, f"template not found: there is no templates/{exc.name}; "
                                                            "correct the name or add the file")
            message = f"template error: {getattr(exc, 'message', None) or exc}"
            if frame is not frames[-1]:  # in a filter (FILTERS): a value it cannot take
                message = (f"template error: {type(exc).__name__}: {exc}, raised by a filter this line gives a value "
                           "it cannot take")
            return Problem(shown, frame.lineno or 1, 1, message)
    if isinstance(exc, jinja2.TemplateNotFound):  # a page's own template
        return Problem(f"templates/{exc.name}", 1, 1, f"template not found: {exc.name} (is templates/ complete?)")
    return Problem("templates/", 1, 1, f"template error: {exc}")


def _and_the_rest(problem: Problem, root: Path) -> list[Problem]:
    """A template problem met while rendering, with every one the check finds without rendering
    (missing includes, syntax errors): a build stopped at the first it met, and named the next only
    once the editor had mended it. The check's own problem at the same line replaces it: it names the
    missing name's column."""
    rest = template_problems(root)
    if any((found.path, found.line, found.message) == (problem.path, problem.line, problem.message) for found in rest):
        return rest
    return [problem, *rest]


def _template_path(name: str, root: Path) -> str:
    """A template's path as messages show it, templates/<name>: Jinja names the template by its full path
    in some errors (a comment left open), by its name in the others."""
    path = Path(name)
    if not path.is_absolute():
        return f"templates/{name}"
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else f"templates/{path.name}"


def _csv(records: list[dict[str, Any]], names: list[str] | None = None) -> bytes:
    """Records as CSV with a header row (Unix newlines, UTF-8); with names, the header even when
    there is no record."""
    buffer = io.StringIO()
    if records or names:
        writer = csv.DictWriter(buffer, fieldnames=names or list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    return buffer.getvalue().encode("utf-8")


_SCALARS = (str, int, float, bool, type(None))
# A flat record with its items one to a line, as json.dumps(indent=2) puts it inside a list
_RECORD_LINES = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",\n    ", ": "))


def _json(value: Any) -> bytes:
    """Stable, readable JSON: json.dumps with indent=2 and sorted keys. A list of flat
    records (the fact table, a chart's data) is encoded by json's C encoder, one item to a
    line, and indented after: the same bytes, in a third of the time (0.04 s saved for
    5,000 facts); json.dumps runs in pure Python when given an indent."""
    if isinstance(value, list) and value and all(
            type(r) is dict and r and all(type(v) in _SCALARS for v in r.values()) for r in value):
        # no string holds a raw line break, so "},\n    {" only ever joins two records
        text = "[\n  {\n    " + _RECORD_LINES.encode(value)[2:-2].replace("},\n    {", "\n  },\n  {\n    ") + "\n  }\n]"
    else:
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _csp_content(*styles: str, wasm: bool = False) -> Markup:
    """A page's Content Security Policy, for its <meta> element's content: the site's policy,
    allowing the page's inline <style> elements of the given texts (empty ones left out) and,
    with wasm, WebAssembly (the search page's)."""
    return Markup(escape(csp.policy([str(css) for css in styles if css], wasm=wasm), quote=False))


def _image_text(frame: Frame | None) -> dict[str, str]:
    """What a downloaded chart image says of itself besides what it shows, as its frame gives it: its
    title; its takeaway, what its figures measure, whose they are and their source, with its notes; its
    author; the credit."""
    if frame is None:
        return {}
    *described, credit = frame["footer"]
    return {"Title": frame["title"],
            "Description": " ".join(filter(None, [frame["takeaway"], *(part for line in described for part in line)])),
            "Author": SITE_NAME, "Copyright": " · ".join(credit)}


def _standalone_svg(svg: str, about: dict[str, str] | None = None) -> str:
    """An inline chart as a file that opens on its own: white background, XML declaration, and
    about's title and description as the image's <title> and <desc> (a screen reader's name for it)."""
    start = svg.index("<svg ") + len("<svg ")
    end = svg.index(">", start) + 1
    named = (f"<title>{escape(about['Title'])}</title><desc>{escape(about['Description'])}</desc>"
             if about else "")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg[:start] + 'style="background:#ffffff" '
            + svg[start:end] + named + svg[end:] + "\n")
