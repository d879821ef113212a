"""Stage 3, chart: Altair specs built from facts, rendered to SVG and PNG.

Charts come from data/charts.yaml (the editors' charts) and one per metric with two or more figures.
Nothing here holds a figure: every value comes from a fact. Each chart is drawn
in two layouts, wide and narrow (for phones). Its downloads (SVG and PNG, the wide
layout) are framed for reuse: its title and takeaway above, its source and the site's credit
below (see frame.py). Renders are cached by a hash of a chart's specs and frame, so an
unchanged chart is not rendered again; the cache holds exactly what a fresh render
gives, so it never changes the output.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import logging
import math
import os
import pickle
import re
import textwrap
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from . import fmt
from .frame import BULLET, Frame, framed
from .incremental import code_digest, library_version
from .models import FACT_REF, LICENCE, NOT_RATED, RATING_LABELS, SITE_NAME, ChartDef, Claim, Context
from .options import Options
from .validate import RANGES, FactEntry, Site
from .vlrender import (BUNDLE_CALL, CARD_PNG, Drawers, Drawn, Render, bundle_elsewhere, drawing_code, png_size,
                       png_size_for)

log = logging.getLogger(__name__)

CLAIM, CONTEXT = "Claim", "Context figure"
COLOURS = {CLAIM: "#c8551f", CONTEXT: "#2f78c4"}  # ≥ 3.9:1 on the light and the dark page
SHAPES = {CLAIM: "diamond", CONTEXT: "circle"}
POINT_SIZE, CLAIM_SIZE = 110, 200  # vega's sizes: a circle 10.5 px across; a diamond 14 px, its corners clear of a circle
CLAIM_DX = 11  # pixels from a claim's diamond (or a ranked point) to its label
TURNED_DX = 2  # pixels from a point's centre to where a context figure's label turned away from a neighbour starts
CENTRE, START, END = "centre", "start", "end"  # where a timeline's label is anchored: see _anchors
AFTER, BEFORE = "after", "before"  # a label at its point's height, just after it or ending just before it: see _placed
DEFAULT_ANCHOR = {CONTEXT: CENTRE, CLAIM: START}
POINT_HALF = 6  # pixels from a point's centre to its edge, about (a claim's diamond is the larger)
BAR_LABEL_DX = 5  # pixels from the end of a bar to its value label
VALUE_LAYER = "bar_values"  # the layer of a comparison's value labels, each just past its own bar's end
HALO = 4  # pixels of stroke round a value label's letters, in the page's colour: no line runs through a figure
RULE_GAP = 4  # pixels a value label keeps clear of a reference line
LABEL_CLEAR = 10  # pixels above and below a value label's middle that a reference line crossing it leaves out
RULE_DASH = (4, 3)  # pixels: a reference line's dash and the gap after it
POINT_LAYERS = {CLAIM: "claim_points", CONTEXT: "context_points"}  # names of the layers, so that _spec finds them
RING_LAYER, OUTLINE_SUFFIX = "point_rings", " (outline)"  # the rings round the points, and their names: see _rings
RING_SIZE, RING_WIDTH = 324, 2  # vega's size: a ring 18 px across, 2.8 px clear of a circle, 0.9 of a diamond's corners
FACT_CHART_MOST = 40  # figures a chart may have to be drawn on a fact's page; past it, the page links to it
# A timeline's line and label layers by name, with the figures each draws (kind, label above,
# anchor: see _anchors): see _unused_layers.
LINE_LAYER = "context_line"
LABEL_LAYERS = {f"{kind_name}_{side}{'' if anchor == DEFAULT_ANCHOR[kind] else '_' + anchor}":
                (kind, side == "above", anchor) for kind_name, kind in (("context", CONTEXT), ("claim", CLAIM))
                for anchor in ((CENTRE, START, END) if kind == CONTEXT else (START, END))
                for side in ("above", "below")} | {
                f"{kind_name}_beside_{anchor}": (kind, True, anchor)
                for kind_name, kind in (("context", CONTEXT), ("claim", CLAIM)) for anchor in (AFTER, BEFORE)}
OUTLINE = "#ffffff"  # a claim's outline: the PNG's background; style.css gives it the page's
FONT_SIZE = 13
WIDTH = 520
NARROW_WIDTH = 328  # a phone's column is 328 px wide on a 360 px screen, 343 px on a 375 px one
NARROW_MIN_PLOT = 120  # pixels a narrow plot keeps however long its labels (the chart is then drawn smaller)
LAYOUTS = ("wide", "narrow")
RENDERER_VERSION = "vl-convert 1 / layout 5 / its own fonts"
CACHE_DAYS = 7  # a cached chart that builds no longer use is removed once it is this many days old
_CACHED = re.compile(r"([0-9a-f]{64})[-.]")  # the start of a cached chart's file name: its key
LABEL_WIDTH = 34  # characters on a line of a bar's axis label
NAME_SIZE, NAME_LIMIT, NAME_PADDING = 12, 250, 6  # a bar's axis label: its font size, most pixels, and gap to the ticks
TICK_SIZE, EDGE = 5, 5  # pixels: an axis's ticks; vega's padding round a chart
WIDE_MIN_PLOT = 200  # pixels a wide bar chart's plot keeps however long its labels (the chart is then drawn wider)
NARROW_LABEL_WIDTH = 46  # characters on a line of a bar's label in the narrow layout, where it spans the chart
AXIS_LINES = 6  # lines of a bar's axis label, at most
AXIS_LINE_HEIGHT, ROW_STEP = 15, 64  # pixels: a line of a bar's axis label; a bar's row, for up to four lines
NEAR_POINT = 0.15  # a neighbouring point this near (a share of a timeline's width and height) is in a label's way
SAME_HEIGHT = 0.02  # points less far apart than this share of a timeline's height are drawn at one height
LOW_POINT = 0.12  # a point drawn lower than this share of a timeline's height is labelled above it
LABELLED_MOST = 12  # figures a timeline labels each of; one with more, the last of each line and the latest claim
ALT_MOST = 12  # figures a chart's text alternative reads out one by one; past it, it sums them up
TIME_PADDING = 36  # pixels between a timeline's first and last points and its ends, so labels clear the axis
LEGEND_OFFSET = 27  # pixels from a timeline's plot up to its legend: a label above a figure at the top clears it
AXIS_ROOM = 36  # pixels a value axis takes beside its labels: its title, ticks and padding
LINE_HEIGHT = 16  # pixels a line of a bar's label takes in the narrow layout
WIDE_TIMELINE = (WIDTH - 120, 260)  # a wide timeline's plot, width (before it is fitted to WIDTH: see _spec) and height
NARROW_TIMELINE_HEIGHT = 250  # a narrow timeline's plot height (its width: see _timeline_plot_width)
# Pixels from a point to its label's middle, above and below. A context figure's label above its point
# has its figures' feet (the baseline, 4 px below the middle) 13 px up, so that their halo (style.css,
# 2 px) clears by 1 px the ring round a fact page's own point (see _rings, 10 px to its outer edge):
# at 14 px, the halo cut a notch 2 px deep out of the top of the ring.
LABEL_DY = {CONTEXT: (-17, 20), CLAIM: (-12, 14)}
HALF_LINE = 4.5  # pixels a label's figures reach above and below its middle, about
PAIRING_MARGIN = 4  # pixels a label's own point must be nearer than any other, for the estimates' errors
# What each kind of trouble with a timeline label's place weighs, when _placed moves a label:
# outside the plot, a label runs over the axes' labels or the legend, or, on a phone, makes the chart
# wider than the screen, so that it is drawn smaller; weighed higher, fewer labels went outside and
# more over other labels and points (in 40 random clusters at five widths, 100 and 150 against 50).
NEARER_ANOTHER, OVER_A_LABEL, OVER_A_POINT, OUTSIDE, ALMOST_NEARER, OVER_A_LINE, MOVED = 100, 100, 100, 50, 20, 5, 1
NEIGHBOURHOOD = 60  # pixels above and below its point past which nothing troubles a label (it goes at most ~25 away)
IN_TROUBLE = 50  # the weight of trouble that has _placed move labels: not a line crossed, nor a near tie
ROOM_SHARE = 0.4  # of the pixels from a timeline's first point to its last, the most given up to room before the first
ROOM_CLEAR = 2  # pixels a label given room before the first point keeps from the plot's left edge (the value axis)
DAY_MS = 86_400_000  # milliseconds in a day, as vega's time scales count
_WRAPPED_SPACE = re.compile(r"[\t\n\x0b\x0c\r]")  # whitespace textwrap replaces or expands


@dataclass(frozen=True)
class Row:
    """One fact as a chart draws it and its data table lists it."""

    id: str
    label: str
    value: float
    display: str
    kind: str
    who: str
    date: str | None
    date_label: str
    metric: str
    measures: str
    source: str
    source_url: str | None
    qualified: bool = False  # the value is given with a qualifier ("nearly 100%"): its point is drawn hollow
    behind: tuple[str, ...] = ()  # for a derived figure, the publishers of the figures it is computed from
    computed: bool = False  # a derived figure: computed from other facts, not read in a source
    year_only: bool = False  # dated by its year alone (as_of: 2024), whatever words date_label gives for it
    source_title: str = ""  # the title of the source its table row links to: names the link apart from another to
    # the same outlet
    ranked_of: tuple[int, str] | None = None  # for a rank: how many were ranked, and when (its metric's ranked_of)
    makers: tuple[tuple[str, str], ...] = ()  # who made the figure, or those a derived one is computed from, as
    # (kind, name): a claim's speaker, or a context figure's producer with "(official)" where it is the government's
    rating: str | None = None  # a claim's rating as the site shows it, or NOT_RATED; None: a context figure, or
    # a claim not yet rated
    of_whom: str = ""  # of whom, or of what, its metric counts (the metric's of_whom)

    @property
    def rated(self) -> str:
        """'rated Unsupported', 'not rated', or '' (a context figure, or a claim not yet assessed)."""
        if self.rating is None:
            return ""
        return "not rated" if self.rating == NOT_RATED else f"rated {self.rating}"

    def record(self) -> dict[str, Any]:
        """The row as plain data, for specs and downloads."""
        return {"id": self.id, "label": self.label, "value": self.value, "display": self.display,
                "kind": self.kind, "who": self.who, "date": self.date, "date_label": self.date_label,
                "metric": self.metric, "measures": self.measures, "of_whom": self.of_whom, "source": self.source,
                "source_url": self.source_url}


class Drawing:
    """The SVGs (one per layout) and PNG of each of a build's charts: those in the cache at
    once, the others as they are drawn in the background, so pages are rendered meanwhile. The
    SVGs are drawn first, one chart after the other in the order of the charts, and each
    chart's are there as soon as they are drawn; the child that drew them then makes the PNGs,
    which are taken when first needed, so a page waits only for what it shows and nothing but
    this process reads the child."""

    def __init__(self, renders: list[Render | None], frames: list[Frame | None] | None = None) -> None:
        self.frames = frames if frames is not None else [None] * len(renders)  # each PNG's frame
        self.svgs: list[tuple[str, ...] | None] = [r[0] if r else None for r in renders]
        self.pngs: list[bytes | None] = [r[1] if r else None for r in renders]
        self.cards: list[bytes | None] = [r[2] if r else None for r in renders]  # link previews, where framed for one
        self.finished: dict[tuple[str, int], str] = {}  # by chart id and layout: the SVG as pages show it
        self.framed_svgs: dict[int, str] = {}  # by chart: the wide SVG in its frame, as the downloads show it
        self.failed: BaseException | None = None
        self.arrived = threading.Condition()  # notified as each SVG comes, and when the drawing ends
        self.drawing = False  # True while SVGs are being drawn
        self.thread: threading.Thread | None = None
        self.owner = os.getpid()  # the process that reads the child's PNGs
        self.pending: tuple[Drawn, list[int], Callable[[int, Render], None]] | None = None

    def draw(self, missing: list[int], specs: list[list[dict[str, Any]]], drawers: Drawers,
             keep: Callable[[int, Render], None]) -> None:
        """Draw the missing SVGs in a thread of their own; the PNGs follow (see take_pngs),
        and keep is given each chart's SVGs and PNG then."""
        def work() -> None:
            try:
                drawn = drawers.draw([specs[i] for i in missing], [self.frames[i] for i in missing])
                self.pending = (drawn, missing, keep)
                for i, svgs in zip(missing, drawn.each_chart()):
                    with self.arrived:
                        self.svgs[i] = svgs
                        self.arrived.notify_all()
                log.debug("%d charts drawn as SVG", len(missing))
            except BaseException as exc:  # raised again where a render is needed
                self.failed = exc
            finally:
                with self.arrived:
                    self.drawing = False
                    self.arrived.notify_all()
        self.drawing = True
        self.thread = threading.Thread(target=work, name="draw charts", daemon=True)
        self.thread.start()

    def wait_svgs(self) -> None:
        """Wait until every SVG is drawn and the drawing thread has ended; raise what stopped
        the drawing, if anything did."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.failed is not None:
            raise self.failed

    def wait(self) -> None:
        """Wait until every chart is drawn, SVG and PNG; raise what stopped the drawing."""
        self.wait_svgs()
        self.take_pngs()

    def take_pngs(self) -> None:
        """Read the PNGs the child made, if not read yet; check their sizes and keep them."""
        if self.pending is None:
            return
        if os.getpid() != self.owner:
            raise RuntimeError("a chart's PNG was asked for in a process that did not draw it")
        (drawn, missing, keep), self.pending = self.pending, None
        try:
            for i, (png, card) in zip(missing, drawn.pngs()):
                svgs = self.svgs[i]
                assert svgs is not None, "the SVGs come first"
                if png_size_for(self.framed(i)) != png_size(png):
                    raise RuntimeError(f"chart {i + 1}: the PNG is not the size its SVG gives")
                if (card is not None) != has_card(self.frames[i]) or (card is not None and png_size(card) != CARD_PNG):
                    raise RuntimeError(f"chart {i + 1}: the link preview is not the size a card is")
                keep(i, (svgs, png, card))
                self.pngs[i], self.cards[i] = png, card
            log.debug("%d charts made as PNG", len(missing))
        except BaseException as exc:
            self.failed = exc
            raise

    def framed(self, index: int) -> str:
        """One chart's wide SVG as its downloads show it: in its frame, if it has one; made once
        per build (every page that previews the chart asks for its size)."""
        if index not in self.framed_svgs:
            svg, frame = self.svgs_of(index)[0], self.frames[index]
            self.framed_svgs[index] = framed(svg, frame) if frame is not None else svg
        return self.framed_svgs[index]

    def svgs_of(self, index: int) -> tuple[str, ...]:
        """One chart's SVGs, one per layout, waited for if still being drawn."""
        if self.svgs[index] is None:
            with self.arrived:
                self.arrived.wait_for(lambda: self.svgs[index] is not None or not self.drawing)
        found = self.svgs[index]
        if found is None:
            self.wait_svgs()
            raise RuntimeError(f"vl-convert did not draw chart {index + 1}")
        return found

    def png(self, index: int) -> bytes:
        """One chart's PNG, waited for if still being made."""
        return self._made(self.pngs, index, "draw chart")

    def card(self, index: int) -> bytes:
        """One chart's link preview as PNG, waited for if still being made."""
        return self._made(self.cards, index, "make the link preview of chart")

    def _made(self, pictures: list[bytes | None], index: int, what: str) -> bytes:
        """One chart's picture of a kind (pictures: the PNGs, or the cards), waited for if still being made."""
        if pictures[index] is None:
            self.wait()
        found = pictures[index]
        if found is None:
            raise RuntimeError(f"vl-convert did not {what} {index + 1}")
        return found


@dataclass(frozen=True)
class Chart:
    """A chart with everything a page and its downloads need; its SVG and PNG may still be
    being drawn (see Drawing) when the chart stage returns."""

    id: str
    title: str
    takeaway: str
    alt: str
    notes: str | None
    rows: tuple[Row, ...]
    spec: dict[str, Any]
    narrow_spec: dict[str, Any]  # the layout for narrow screens (phones), drawn beside the other
    fact_ids: tuple[str, ...]
    metric_ids: tuple[str, ...]
    placement: tuple[str, ...] = field(default=())
    updated: dt.date | None = None  # the latest day a figure was added, corrected or assessed (None: not known)
    frame: Frame | None = None  # what the downloads show around the chart: title, source, credit
    render_key: str = ""  # hash of the specs, frame and renderer's versions: what the SVGs and PNG are drawn from
    draft_key: str = field(default="", compare=False, repr=False)  # hash of what _build made it from
    drawing: Drawing | None = field(default=None, compare=False, repr=False)
    index: int = field(default=0, compare=False, repr=False)

    @property
    def source_line(self) -> str:
        """'Source: A; B' from the publishers of the charted facts, and of the facts that derived
        ones are computed from."""
        publishers = sorted({name for row in self.rows for name in (row.source, *row.behind)}, key=str.casefold)
        return "; ".join(publishers)

    @property
    def by_line(self) -> str:
        """Whose figures the chart draws: who made its claims and who produced its context figures
        ('(official)': the government's own), those a figure the site computed comes from among them,
        before the source line, which names the outlets they were read in; a downloaded image credited
        the outlets alone. computed_note says which figures the site computed."""
        made = [pair for row in self.rows for pair in row.makers]
        speakers = dict.fromkeys(name for kind, name in made if kind == CLAIM)
        producers = dict.fromkeys(name for kind, name in made if kind == CONTEXT)
        return " ".join(f"{label}: {'; '.join(names)}." for label, names in
                        (("Claims", speakers), ("Context figures", producers)) if names)

    def source_paragraph(self, notes: str) -> str:
        """What the page's caption says below what the figures measure, as plain text (notes: the
        chart's notes so): whose figures, their source, a timeline's ratings, the notes, what was
        computed, what a hollow point means. A downloaded image and the embed page's estimated
        height read it."""
        return " ".join(part for part in (self.by_line, f"Source: {self.source_line}.", self.rating_note, notes,
                                          self.computed_note, self.hollow_note) if part)

    @property
    def computed_note(self) -> str:
        """Which of the figures drawn were computed from other figures (derived facts), and by whom,
        for a chart that draws one: drawn as the others are, they would pass for figures read in a
        source (as the 2022 rank, 74th less the 9 places gained, on the rank chart)."""
        rows = [row for row in self.rows if row.computed]
        if not rows:
            return ""
        by = fmt.listed(list(dict.fromkeys(row.source for row in rows)))
        return f"Computed by {by} from other figures, not read in a source: " \
               f"{fmt.listed([f'{row.display} ({row.date_label})' for row in rows])}."

    @property
    def draws_points(self) -> bool:
        """Whether the chart draws its figures as points (a timeline, a chart of ranks), not as bars."""
        return any(layer.get("name") in POINT_LAYERS.values() for layer in self.spec["layer"])

    @property
    def hollow_note(self) -> str:
        """What a hollow point means, for a chart that draws one: the legend shows the kinds of
        figure, filled, and says nothing of it."""
        qualified = [row for row in self.rows if row.qualified]
        if not qualified or not self.draws_points:
            return ""
        return (f"A hollow point is a figure its source gave with a qualifier ({qualified[0].display}), drawn "
                "at the number given.")

    @property
    def rating_note(self) -> str:
        """A timeline's claims with their ratings: its point labels ("74% claimed") have no room for
        them (a bar chart gives each under its bar's label), and its image, copied alone, showed a
        claim unrated. Past ALT_MOST claims, where the ratings are."""
        claims = [row for row in self.rows if row.kind == CLAIM]
        if not any(row.rated for row in claims) or not self.draws_points:
            return ""
        if len(claims) > ALT_MOST:
            return "Each claim's rating is in the chart's data table and data."
        plural = "s" if len(claims) > 1 else ""
        return f"Rating{plural} of the claim{plural}: " + "; ".join(
            f"{row.display} ({row.date_label}), {_rating_words(row)}" for row in claims) + "."

    @property
    def svg(self) -> str:
        """The inline SVG: one image with a text alternative, its ids prefixed with the chart's."""
        return self._finished(0)

    @property
    def narrow_svg(self) -> str:
        """The inline SVG of the narrow layout, as svg is of the wide one; a page shows one of
        the two, chosen by the width of the screen (style.css)."""
        return self._finished(1)

    def _finished(self, layout: int) -> str:
        """One layout's SVG as pages show it, made once per build."""
        drawing = self.drawing
        if drawing is None:
            raise RuntimeError(f"chart {self.id} has not been drawn")
        key = (self.id, layout)
        if key not in drawing.finished:
            wide = layout == 0  # the narrow layout's ids are prefixed "<id>--narrow": no chart's id has "--"
            prefix, name = (self.id, "chart-wide") if wide else (f"{self.id}--narrow", "chart-narrow")
            drawing.finished[key] = _accessible(_namespace(drawing.svgs_of(self.index)[layout], prefix), self.alt, name)
        return drawing.finished[key]

    @property
    def download_svg(self) -> str:
        """The SVG download: the wide layout in its frame (title and takeaway above, source and credit
        below), with the chart's text alternative."""
        if self.drawing is None:
            raise RuntimeError(f"chart {self.id} has not been drawn")
        return _accessible(self.drawing.framed(self.index), self.alt, "chart-download", inline=False)

    @property
    def png(self) -> bytes:
        """The PNG: the SVG download's image, at twice its size."""
        if self.drawing is None:
            raise RuntimeError(f"chart {self.id} has not been drawn")
        return self.drawing.png(self.index)

    @property
    def has_card(self) -> bool:
        """Whether the chart has a link preview: a build that knows the site's address makes one."""
        return has_card(self.frame)

    @property
    def card(self) -> bytes:
        """The link preview: the chart with its title, source and credit on a card (frame.card)."""
        if self.drawing is None:
            raise RuntimeError(f"chart {self.id} has not been drawn")
        return self.drawing.card(self.index)

    @property
    def png_size(self) -> tuple[int, int]:
        """The PNG's width and height, known from the framed SVG before the PNG is made."""
        if self.drawing is None:
            raise RuntimeError(f"chart {self.id} has not been drawn")
        return png_size_for(self.drawing.framed(self.index))


def chart(site: Site, cache_dir: Path | None = None, drawers: Drawers | None = None,
          options: Options = Options()) -> dict[str, Chart]:
    """Every chart of the site, keyed by id. Renders come from the cache where possible; the
    others are drawn by drawers in the background (see Drawing), or, with no drawers given,
    by vl-convert children started here before this returns. The options give the credit's
    address (see image_credit)."""
    definitions = dict(site.charts)
    for metric_id in site.charted_metrics():
        definitions[f"metric-{metric_id}"] = _metric_chart(site, metric_id)
    drafts = [_build(site, chart_id, definitions[chart_id], cache_dir) for chart_id in definitions]
    drafts = [replace(d, frame=_frame(d, _plain_text(site, d.takeaway), _plain_text(site, d.notes),
                                      image_credit(options, d.id), _definitions(site, d), card_footer(options, d)))
              for d in drafts if d is not None]  # charts.yaml order, then metrics
    specs = [[d.spec, d.narrow_spec] for d in drafts]
    frames = [d.frame for d in drafts]
    keys = [_Renderer.key(spec, frame) for spec, frame in zip(specs, frames)]
    if drawers is None:
        with Drawers(warm=False) as own:
            drawing = _Renderer(cache_dir, own).start(specs, keys, frames)
            drawing.wait()
    else:
        drawing = _Renderer(cache_dir, drawers).start(specs, keys, frames)
    return {d.id: replace(d, render_key=keys[i], drawing=drawing, index=i) for i, d in enumerate(drafts)}


def _plain_text(site: Site, text: str | None) -> str:
    """A chart's Markdown (its takeaway, its notes) as the page shows it, in plain text: each [[fact-id]]
    as its value (or title), the Markdown's marks gone and its quotes and dashes made typographic."""
    if not text:
        return ""
    import markdown  # as the render stage does; loaded once a chart has notes

    def shown(match: re.Match[str]) -> str:
        fact = site.facts[match[1].strip()].fact
        return fact.title if fact.value is None else _display(site, fact)

    converted = markdown.markdown(FACT_REF.sub(shown, text), extensions=["smarty"])
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", converted))).strip()


def image_credit(options: Options, chart_id: str) -> list[str]:
    """The credit a downloaded chart image carries, in parts: the site, its licence and, when the
    build knows the site's address, the chart's own page there, where a reader of the image finds
    its figures, definitions and data; nothing is invented when it does not."""
    parts = [SITE_NAME, LICENCE["name"].replace("-", " ")]  # "CC BY 4.0", as the licence is usually cited
    if options.absolute:
        parts.append(f"{options.site_url}{options.base_url}charts/{chart_id}/")
    return parts


def card_footer(options: Options, draft: Chart) -> list[str] | None:
    """A link preview's footer, in parts: the chart's source and the credit its downloads carry (the
    site, its licence, the chart's address); None for a build that does not know the site's address,
    whose pages have no preview image to point to."""
    if not options.absolute:
        return None
    return [f"Source: {draft.source_line}", *image_credit(options, draft.id)]


def has_card(frame: Frame | None) -> bool:
    """Whether a chart so framed has a link preview (see card_footer)."""
    return frame is not None and frame["card"] is not None


def _definitions(site: Site, draft: Chart) -> list[str]:
    """What the figures of a chart measure, and of whom, as its page says: each measure of a chart
    of several, or the one of a chart of one (its title names it, but "Population" does not say
    of where, nor "Per cent" of what)."""
    metrics = [site.metrics[metric_id] for metric_id in draft.metric_ids]
    if len(metrics) == 1:
        return [metrics[0].defined]
    return ["What each figure measures:", *(f"{BULLET}{m.name}: {m.measures}. Of whom: {m.of_whom}." for m in metrics)]


def _frame(draft: Chart, takeaway: str, notes: str, credit: list[str], definitions: list[str],
           card: list[str] | None) -> Frame:
    """A chart's frame for its downloads: its title and takeaway (what the chart shows: Our World in
    Data's and Datawrapper's images give it as a subtitle); what each figure measures, its source
    line and notes (what the figures are, which a reused image needs as much as the page does), as
    the page gives them, and the credit; in the font, size and colours of the chart's own text (see
    _config)."""
    config = _config()
    below = draft.source_paragraph(notes)
    footer = [*([line] for line in definitions), [below], credit]
    return Frame(title=draft.title, takeaway=takeaway, footer=footer, font=config["font"],
                 size=FONT_SIZE, title_colour=config["text"]["color"], colour=config["axis"]["labelColor"],
                 background=OUTLINE, card=card)


def drawn(charts: dict[str, Chart]) -> None:
    """Wait until every chart is drawn, SVG and PNG; raise what stopped the drawing, if anything did."""
    for drawing in _drawings(charts):
        drawing.wait()


def tidy_cache(cache_dir: Path | None, charts: dict[str, Chart], now: float | None = None) -> int:
    """Remove from the chart cache what this build did not use and no build has used in the last
    CACHE_DAYS days (a build touches what it takes from the cache: see _touch); the number of files
    removed. Without it the cache kept every chart ever drawn (55 MB in this project's after a few
    months); a build with other options (another site address, whose downloads' credit differs)
    finds its renders while it is built every week or so."""
    if cache_dir is None or not cache_dir.is_dir():
        return 0
    used = {key for c in charts.values() for key in (c.render_key, c.draft_key)}
    oldest = (time.time() if now is None else now) - CACHE_DAYS * 86400
    removed = 0
    for entry in os.scandir(cache_dir):
        kept = _CACHED.match(entry.name)  # a render, a draft, or a part of one being written
        try:
            if kept and kept[1] not in used and entry.stat().st_mtime < oldest:
                Path(entry.path).unlink()
                removed += 1
        except OSError:  # renamed or removed by another build meanwhile
            continue
    if removed:
        log.debug("%d files of charts no build uses removed from %s", removed, cache_dir)
    return removed


def svgs_drawn(charts: dict[str, Chart]) -> None:
    """Wait until every chart's SVG is drawn and no thread is left drawing (their PNGs may still
    be being made, in the children); raise what stopped the drawing, if anything did."""
    for drawing in _drawings(charts):
        drawing.wait_svgs()


def still_drawing(charts: dict[str, Chart]) -> bool:
    """True while some chart's SVG is still being drawn."""
    return any(drawing.drawing for drawing in _drawings(charts))


def drawing_order(chart: Chart | None) -> tuple[int, int]:
    """Where a chart's SVG comes in its drawing: (0, 0) if it is there already (or there is no
    chart), else (1, its place): a page that shows it has to wait for the charts before it."""
    if chart is None or chart.drawing is None or chart.drawing.svgs[chart.index] is not None:
        return (0, 0)
    return (1, chart.index)


def _drawings(charts: dict[str, Chart]) -> list[Drawing]:
    """The drawings the charts come from, each once."""
    return list({id(c.drawing): c.drawing for c in charts.values() if c.drawing is not None}.values())


def _metric_chart(site: Site, metric_id: str) -> ChartDef:
    """The automatic chart of one metric: all its facts over time."""
    metric = site.metrics[metric_id]
    entries = [e for e in site.facts_where(metric=metric_id) if e.fact.value is not None]
    dated = [e for e in entries if e.date_key]
    kind = "timeline" if len(dated) >= 2 and len({e.date_key for e in dated}) >= 2 else "comparison"
    return ChartDef(title=metric.name, takeaway=_metric_takeaway(entries), kind=kind,
                    metrics=[metric_id])


def _metric_takeaway(entries: list[FactEntry]) -> str:
    """A generated one-sentence takeaway for a metric chart, under its title, the metric's name, so
    not repeating it (a metric's page gave the name three times running), with the figures' dates:
    their span, or the one date they share."""
    claims = sum(1 for e in entries if e.is_claim)
    context = len(entries) - claims
    parts = []
    if claims:
        parts.append(f"{fmt.words(claims)} claim{'s' if claims != 1 else ''}")
    if context:
        parts.append(f"{fmt.words(context)} context figure{'s' if context != 1 else ''}")
    dated = sorted((e for e in entries if e.date_key), key=lambda e: e.date_key)
    span = ""
    if len({e.date_key for e in dated}) > 1:
        span = f", {fmt.refers_to(dated[0].fact)} to {fmt.refers_to(dated[-1].fact)}"
    elif dated and len(dated) == len(entries):  # one date for all, as the list of metrics gives it
        span = f", {'all for ' if len(entries) > 1 else ''}{fmt.refers_to(dated[0].fact)}"
    sentence = f"{' and '.join(parts)}{span}."
    return sentence[0].upper() + sentence[1:]


def _rows(site: Site, definition: ChartDef) -> list[Row]:
    """The facts a chart definition selects, as rows, in the order the chart shows them."""
    chosen: list[str] = list(definition.facts)
    for metric_id in definition.metrics:
        chosen += [e.id for e in site.facts_where(metric=metric_id) if e.id not in chosen]
    rows = []
    for fact_id in chosen:
        entry = site.facts.get(fact_id)
        if entry is None or entry.fact.value is None or entry.fact.metric is None:
            continue
        rows.append(_row(site, entry))
    if definition.kind == "timeline":
        rows.sort(key=lambda r: (r.date or "", r.id))
    return rows


def _row(site: Site, entry: FactEntry) -> Row:
    """One fact as a row."""
    fact = entry.fact
    metric = site.metrics[fact.metric or ""]
    source = site.sources[fact.source]
    if isinstance(fact, Claim):
        person = site.people[fact.speaker]
        kind, who, when = CLAIM, person.name, fact.said_on.isoformat()
    else:
        assert isinstance(fact, Context)
        kind, who, when = CONTEXT, fact.producer, str(fact.as_of) if fact.as_of else ""
    return Row(id=entry.id, label=fact.title, value=float(fact.value or 0),
               display=_display(site, fact), kind=kind, who=who,
               date=fmt.iso_start(when), date_label=fmt.refers_to(fact, site.is_target(fact)), metric=metric.name,
               measures=metric.measures, of_whom=metric.of_whom, source=source.chart_credit,
               source_url=source.url, qualified=fact.qualifier is not None, behind=sources_behind(site, fact),
               computed=getattr(fact, "derived", None) is not None, year_only=when.isdigit(), source_title=source.title,
               ranked_of=_ranked_of(site, metric.ranked_of),
               makers=makers_behind(site, fact) if getattr(fact, "derived", None) else (_made_by(site, fact),),
               rating=_rating(fact))


def _rating(fact: Claim | Context) -> str | None:
    """A claim's rating as the site shows it ('Unsupported'), NOT_RATED, or None."""
    if not isinstance(fact, Claim):
        return None
    if fact.assessment is not None:
        return RATING_LABELS[fact.assessment.rating]
    return NOT_RATED if fact.not_rated else None


def _ranked_of(site: Site, fact_id: str | None) -> tuple[int, str] | None:
    """How many a rank is of (a metric's ranked_of, a count) and when they were counted ('2024')."""
    entry = site.facts.get(fact_id or "")
    if entry is None or entry.fact.value is None:
        return None
    return int(entry.fact.value), fmt.refers_to(entry.fact)  # "end of 2025" in its source's words, where given


def _made_by(site: Site, fact: Claim | Context) -> tuple[str, str]:
    """Who made a figure read in a source, as (kind, name): see Row.makers."""
    if isinstance(fact, Claim):
        return CLAIM, site.people[fact.speaker].name
    return CONTEXT, fact.producer + ("" if fact.independent else " (official)")


def inputs_behind(site: Site, fact: Claim | Context, seen: frozenset[str] = frozenset()) -> list[FactEntry]:
    """The facts a derived figure is computed from, each followed by those it is computed from in turn."""
    derived = getattr(fact, "derived", None)
    if derived is None:
        return []
    found: list[FactEntry] = []
    for input_id in derived.inputs:
        entry = site.facts.get(input_id)
        if entry is not None and input_id not in seen:
            found += [entry, *inputs_behind(site, entry.fact, seen | {input_id})]
    return found


def makers_behind(site: Site, fact: Claim | Context) -> tuple[tuple[str, str], ...]:
    """Who made the figures read in a source that a derived figure is computed from (see Row.makers)."""
    return tuple(dict.fromkeys(_made_by(site, e.fact) for e in inputs_behind(site, fact)
                               if getattr(e.fact, "derived", None) is None))


def sources_behind(site: Site, fact: Claim | Context) -> tuple[str, ...]:
    """The publishers of the facts a derived figure is computed from, and of theirs in turn."""
    return tuple(dict.fromkeys(site.sources[e.fact.source].chart_credit for e in inputs_behind(site, fact)))


def _display(site: Site, fact: Claim | Context) -> str:
    """A fact's value as the pages show it: with its qualifier and its metric's unit."""
    return fmt.value(fact.value, site.metrics[fact.metric or ""].unit, fact.qualifier)


def _build(site: Site, chart_id: str, definition: ChartDef, cache_dir: Path | None) -> Chart | None:
    """Spec and text alternative of one chart, not yet drawn; None if it has nothing to draw.
    Taken from cache_dir when a build has made it from the same inputs (see _draft_key)."""
    rows = _rows(site, definition)
    if not rows:
        return None
    units = {site.metrics[site.facts[r.id].fact.metric or ""].unit for r in rows}
    unit = units.pop() if len(units) == 1 else "mixed"
    # in the order the chart draws them, so that the list of what each figure measures runs as its bars
    # or points do (in their ids' order it ran broadband, digital ID, …, under bars of digital ID first)
    metric_ids = tuple(dict.fromkeys(site.facts[r.id].fact.metric or "" for r in rows))
    key = _draft_key(chart_id, definition, rows, unit, metric_ids)
    draft = _kept_draft(cache_dir, key)
    if draft is None:
        values = _describe(rows, unit)
        draft = Chart(id=chart_id, title=definition.title, takeaway=definition.takeaway,
                      alt=definition.alt or _alt(definition, rows), notes=definition.notes, rows=tuple(rows),
                      spec=_spec(definition.kind, unit, rows, values, cache_dir),
                      narrow_spec=_spec(definition.kind, unit, rows, values, cache_dir, narrow=True),
                      fact_ids=tuple(r.id for r in rows), metric_ids=metric_ids,
                      placement=tuple(definition.placement))
        _keep_draft(cache_dir, key, draft)
    return replace(draft, draft_key=key, updated=_updated(site, draft.fact_ids + _axis_facts(site, metric_ids)))


def _axis_facts(site: Site, metric_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The facts a chart's axis is drawn from beside its figures: how many its ranks are of (a
    metric's ranked_of, named in the axis title and where the axis ends)."""
    return tuple(dict.fromkeys(ranked for m in metric_ids if m and (ranked := site.metrics[m].ranked_of)))


def _rating_words(row: Row) -> str:
    """A claim's rating as a note gives it: 'Unsupported', 'not rated' or 'not yet assessed'."""
    if row.rating is None:
        return "not yet assessed"
    return "not rated" if row.rating == NOT_RATED else row.rating


def _updated(site: Site, fact_ids: tuple[str, ...]) -> dt.date | None:
    """When a chart's figures last changed: the latest day one of them (or of the facts its axis
    is drawn from), or one a computed figure is computed from, was added to the site's history,
    corrected or assessed (a claim's rating is drawn); None when such a figure's file has no history
    (a project outside git, a file not yet committed), as the day is then unknown. A figure taken off
    the chart leaves no day here."""
    days: list[dt.date] = []
    for fact_id in fact_ids:
        entry = site.facts[fact_id]
        for shown in (entry, *inputs_behind(site, entry.fact)):
            if shown.id not in site.added:
                return None
            days += [site.added[shown.id], *shown.fact.changed_on()]
    return max(days, default=None)


def _draft_key(chart_id: str, definition: ChartDef, rows: list[Row], unit: str, metric_ids: tuple[str, ...]) -> str:
    """A hash of all that _build makes a chart from: this package's code and Altair's version (the
    shapes), the chart's id and definition, its rows (each fact as the chart shows it), its unit
    and its metrics' ids."""
    return _digest("\n".join([code_digest(), library_version("altair"), chart_id, definition.model_dump_json(),
                              repr(rows), unit, "|".join(metric_ids)]))


def _kept_draft(cache_dir: Path | None, key: str) -> Chart | None:
    """The chart _build made under key, as a build kept it in cache_dir; None if there is none
    (or it cannot be read). Building the 20 charts of 1,000 facts took 0.07 s of each rebuild."""
    if cache_dir is None:
        return None
    try:
        with (cache_dir / f"{key}.draft.pickle").open("rb") as handle:
            draft = pickle.load(handle)
    except Exception:  # missing, damaged or made by other code: built again
        return None
    _touch([cache_dir / f"{key}.draft.pickle"])
    return draft if isinstance(draft, Chart) else None


def _touch(paths: list[Path]) -> None:
    """Mark cache files as used now, so that tidy_cache keeps them a week more."""
    for path in paths:
        try:
            os.utime(path)
        except OSError:  # removed meanwhile, or a cache that cannot be written: no matter
            pass


def _keep_draft(cache_dir: Path | None, key: str, draft: Chart) -> None:
    """Keep a chart as _build made it, not yet drawn, under key for the next build (if the cache
    can be written: else it is built again)."""
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write(cache_dir / f"{key}.draft.pickle", pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            log.debug("could not keep chart %s in %s: %s", draft.id, cache_dir, exc)


def _alt(definition: ChartDef, rows: list[Row]) -> str:
    """A text alternative that says what the chart shows: figure by figure, or, for a chart of
    more figures than a listener can follow, how many there are, their span and the extremes."""
    shape = "Timeline" if definition.kind == "timeline" else "Bar chart"
    if len(rows) > ALT_MOST:
        return f"{shape}: {definition.title}. {_alt_summary(rows)}"
    items = "; ".join(_alt_item(r) for r in rows)
    count = f"{fmt.capfirst(fmt.words(len(rows)))} figure{'s' if len(rows) != 1 else ''}"
    return f"{shape}: {definition.title}. {count}: {items}."


def _alt_item(row: Row) -> str:
    """One figure as the text alternative reads it."""
    rated = f", {row.rated}" if row.rated else ""
    return f"{row.label} ({row.kind.lower()}, {row.who}, {row.date_label}{rated}): {row.display}"


def _alt_summary(rows: list[Row]) -> str:
    """Many figures in a few sentences: how many of each kind, when, the figures of the least and
    the greatest value, and the latest (or how many share the latest date)."""
    claims = sum(r.kind == CLAIM for r in rows)
    kinds = [f"{fmt.words(n)} {name}{'s' if n != 1 else ''}" for n, name in ((claims, "claim"),
                                                                   (len(rows) - claims, "context figure")) if n]
    dated = sorted((r for r in rows if r.date), key=lambda r: r.date or "")
    span = f", {dated[0].date_label} to {dated[-1].date_label}" if dated and dated[0].date != dated[-1].date else ""
    low, high = min(rows, key=lambda r: r.value), max(rows, key=lambda r: r.value)
    text = f"{len(rows)} figures ({' and '.join(kinds)}){span}. From {_alt_item(low)}, to {_alt_item(high)}."
    if dated:
        latest = [r for r in dated if r.date == dated[-1].date]
        text += (f" Latest: {_alt_item(latest[0])}." if len(latest) == 1
                 else f" {fmt.capfirst(fmt.words(len(latest)))} figures share the latest date, {latest[0].date_label}.")
    return text + " The chart's data table lists every figure."


def script_bundle(cache_dir: Path | None) -> bytes:
    """vega-embed with Vega and Vega-Lite as one self-hosted ES module (cached: it takes ~2 s).

    Bundled by vl-convert in a child process of its own: the JavaScript engine keeps the
    ~90 MB that bundling takes, which the build never needs again. The bundle depends only
    on the installed vl-convert, so it is kept in the machine's cache (see `_kept`).
    """
    name = f"vega-embed-{library_version('vl-convert-python')}-{_digest(BUNDLE_CALL)[:8]}.js"
    code = _kept(cache_dir, name)
    if code is None:
        code = bundle_elsewhere()
        _keep(cache_dir, name, code)
    return code


def _machine_cache(cache_dir: Path | None) -> Path | None:
    """Where files that depend only on this installation (code and library versions) are kept:
    the user's cache folder, shared by every project and clone on the machine; None with no
    cache (--no-cache)."""
    if cache_dir is None:
        return None
    from platformdirs import user_cache_path
    return user_cache_path("bakuclaims", appauthor=False)


def _kept(cache_dir: Path | None, name: str) -> bytes | None:
    """An installation file kept in the machine's cache, or else in the project's; None if in neither."""
    for folder in (_machine_cache(cache_dir), cache_dir):
        if folder is not None and (folder / name).is_file():
            try:
                return (folder / name).read_bytes()
            except OSError:
                continue
    return None


def _keep(cache_dir: Path | None, name: str, data: bytes) -> None:
    """Keep an installation file in the machine's cache, or in the project's when that cannot be written."""
    for folder in (_machine_cache(cache_dir), cache_dir):
        if folder is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _atomic_write(folder / name, data)
            return
        except OSError as exc:
            log.debug("could not keep %s in %s: %s", name, folder, exc)


def _digest(text: str) -> str:
    """SHA-256 of a text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- specs --------------------------------------------------------------------------------------

def _config() -> dict[str, Any]:
    """Shared look: 13 px text, no background (the page's shows through), quiet axes."""
    return {
        "background": "transparent",
        "font": "Liberation Sans, Arial, sans-serif",  # the font labels are placed by (Arial: the same widths)
        "view": {"stroke": None},
        "axis": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "labelColor": "#333333",
                 "titleColor": "#333333", "gridColor": "#d0d0d0", "domainColor": "#777777",
                 "tickColor": "#777777", "titleFontWeight": "normal"},
        "legend": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE, "orient": "top", "symbolStrokeWidth": 0,
                   "labelColor": "#333333", "titleColor": "#333333"},
        "text": {"fontSize": FONT_SIZE, "color": "#222222"},
    }


def _colour() -> Any:
    """The colour encoding: claims and context figures, in the site's two colours, with a key."""
    import altair as alt
    return alt.Color("kind:N", title=None, scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                     legend=alt.Legend(symbolType="square"))


def _tooltip() -> list[Any]:
    """What a mark's tooltip lists: the figure, its value, type (a claim's with its rating, as the
    data table gives it), maker, date and source."""
    import altair as alt
    return [alt.Tooltip("label:N", title="Figure"), alt.Tooltip("display:N", title="Value"),
            alt.Tooltip("type:N", title="Type"), alt.Tooltip("who:N", title="By"),
            alt.Tooltip("date_label:N", title="Date"), alt.Tooltip("source:N", title="Source")]


SPAN = NARROW_WIDTH - 80 - 2 * TIME_PADDING  # pixels from a narrow timeline's first point to its last, before fitting


def _describe(rows: list[Row], unit: str | None = None, span: float = SPAN) -> list[dict[str, Any]]:
    """Rows as spec data, with a description that names the fact (the SVG's aria-label, for CSS).

    Each value's label says "claimed" after a claim's figure, so that colour is not the only thing
    telling claims from context figures, and "computed" after a figure the site computed. A context
    figure's label goes above its point or below it as _sides chooses; a claim's label goes on the
    other side from that of the context figure nearest to it in time. Where two figures are drawn
    close together, their labels are turned away from each other (see _anchors), and a claim's label
    turned back from its diamond goes on the side clear of the line (see _clear_of_the_line). A
    timeline's line joins successive context figures of one metric from one producer (see _series).
    In a timeline of more than LABELLED_MOST figures, labels would be drawn over each other: only
    the last figure of each line and the latest claim are labelled (labelled), and the data table
    gives every value. Labels these rules leave in trouble, in the plot as drawn, are moved by
    _placed (see _spec).
    """
    above = _sides([r for r in rows if r.kind == CONTEXT], unit)
    for row, nearest in _nearest_context(rows).items():
        above[row] = not above[nearest]
    series = _series(rows)
    ends = {name: row_id for row_id, name in series.items()}  # the last figure of each line
    latest_claim = [r.id for r in rows if r.kind == CLAIM][-1:]
    labelled = {*ends.values(), *latest_claim} if len(rows) > LABELLED_MOST else {r.id for r in rows}
    anchors = _anchors(rows, unit, labelled, span)
    above.update(_clear_of_the_line(rows, unit, {i for i, a in anchors.items() if a == END}))
    stacked = _one_above_the_other(rows, unit, labelled, span)
    above.update(stacked)
    for row_id in stacked:  # not turned as well: each keeps its kind's anchor
        anchors.pop(row_id, None)
    return [dict(r.record(), axis_label="|".join(_axis_lines(r)),
                 value_label=_value_label(r),
                 above=above.get(r.id, True), anchor=anchors.get(r.id, DEFAULT_ANCHOR[r.kind]),
                 series=series.get(r.id, ""), labelled=r.id in labelled,
                 qualified=r.qualified, type=", ".join(filter(None, (r.kind, r.rated))),
                 description=f"{r.id} · {r.kind}: {r.label}, {r.display}") for r in rows]


def _value_label(row: Row) -> str:
    """A figure's label on the chart: '65% claimed' for a claim, '35.1% computed' for a figure the site
    computed (drawn as a context figure is, so that the label alone tells it from one read in a
    source), else the figure as shown."""
    if row.kind == CLAIM:
        return f"{row.display} claimed"
    return f"{row.display} computed" if row.computed else row.display


def _sides(context: list[Row], unit: str | None) -> dict[str, bool]:
    """Whether each context figure's label goes above its point (else below), in a timeline
    whose rows are in order of date: above a peak (a point drawn higher than the points
    before and after it) and below a valley, so that it is clear of the lines to its
    neighbours; above a point near the time axis, clear of its labels, unless the point
    before is also low, labelled above and near in time (an eighth of the chart's span),
    when the two labels would collide; elsewhere (a rise, a fall, a flat run) on the other
    side from the label before, so that neighbours in time do not collide, unless a
    neighbouring point sits where the label would go (see _in_the_way)."""
    heights = [_height(context, unit)(r.value) for r in context]
    days = [dt.date.fromisoformat(r.date).toordinal() if r.date else None for r in context]
    known = [d for d in days if d is not None]
    span = max(known) - min(known) if known else 0
    above: dict[str, bool] = {}
    side = False
    for i, row in enumerate(context):
        here, near = heights[i], heights[max(0, i - 1):i] + heights[i + 1:i + 2]
        crowded = i > 0 and side and heights[i - 1] < LOW_POINT and days[i] is not None \
            and days[i - 1] is not None and days[i] - days[i - 1] < span / 8
        if here < LOW_POINT:
            side = not crowded
        elif near and all(here > h for h in near):
            side = True
        elif near and all(here < h for h in near):
            side = False
        else:
            side = not side
            if _in_the_way(i, side, heights, days, span):
                side = not side
        above[row.id] = side
    return above


def _anchors(rows: list[Row], unit: str | None, labelled: set[str], span: float = SPAN) -> dict[str, str]:
    """Where the labels of a timeline's labelled figures (ids in labelled) are anchored, for those
    turned away from a neighbour drawn close by, so that each label is nearer its own point than any
    other: END (the label ends at its point, running back) where its label would reach over the
    point of a figure just after it at about the same height, if there is room before it; START
    (it starts at its point) for a context figure whose centred label would reach back over the
    point of a figure just before it. The others keep their kind's DEFAULT_ANCHOR: a context
    figure's label centred over or under its point, a claim's starting just after its diamond.
    Distances are estimated in the narrow layout, where labels reach furthest, from the first
    point to the last span pixels apart (see _spec, which measures it once the plot is fitted)."""
    dated = [r for r in rows if r.date]
    if not dated:
        return {}
    xs = _time_positions(dated, span)
    height = _height(dated, unit)
    anchors = {}
    for i, row in enumerate(dated):
        if row.id not in labelled:
            continue
        width = _text_width(_value_label(row))
        ahead = width / 2 if row.kind == CONTEXT else CLAIM_DX + width  # how far its label reaches past it
        back = width / 2 if row.kind == CONTEXT else 0.0
        near = [j for j, other in enumerate(dated)
                if j != i and abs(height(other.value) - height(row.value)) < NEAR_POINT]
        after = any(xs[j] - xs[i] < ahead + POINT_HALF for j in near if (xs[j], j) > (xs[i], i))
        before = any(xs[i] - xs[j] < back + POINT_HALF for j in near if (xs[j], j) < (xs[i], i))
        if after and not before and TIME_PADDING + xs[i] >= width + CLAIM_DX:
            anchors[row.id] = END
        elif before and not after and row.kind == CONTEXT:
            anchors[row.id] = START
    return anchors


def _time_positions(dated: list[Row], span: float) -> list[float]:
    """Where each dated row's point is drawn along the time axis, in pixels from the first, the
    first and last span pixels apart."""
    days = [dt.date.fromisoformat(r.date or "").toordinal() for r in dated]
    return [span * (day - min(days)) / max(1, max(days) - min(days)) for day in days]


def _one_above_the_other(rows: list[Row], unit: str | None, labelled: set[str], span: float = SPAN) -> dict[str, bool]:
    """Whether each label of two labelled figures drawn at about one time (their points touching
    across the time axis, as two claims made on one day), one a little higher than the other,
    goes above its point: the higher figure's above, the lower's below. Turned away from each
    other (see _anchors), the lower figure's label sat beside the higher point and the higher's
    beside the lower one, so that each read as the other's. Figures drawn at one height, and two
    with a third figure's point where a label would go, are left to _anchors. Distances as in
    _anchors."""
    dated = [r for r in rows if r.date]
    x = dict(zip((r.id for r in dated), _time_positions(dated, span)))
    height = _height(dated, unit)
    shown = [r for r in dated if r.id in labelled]

    def crowded(row: Row, pair: tuple[Row, Row], up: bool) -> bool:
        """Whether a third figure's point is about where row's label would start, above it (up) or
        below, and so nearer to it than row's own point."""
        for other in dated:
            rise = height(other.value) - height(row.value)
            if other not in pair and abs(x[other.id] - x[row.id]) < CLAIM_DX + 2 * POINT_HALF \
                    and (0 <= rise < NEAR_POINT if up else -NEAR_POINT < rise <= 0):
                return True
        return False

    sides: dict[str, bool] = {}
    for i, one in enumerate(shown):
        for other in shown[i + 1:]:
            if abs(x[one.id] - x[other.id]) < 2 * POINT_HALF \
                    and SAME_HEIGHT <= abs(height(one.value) - height(other.value)) < NEAR_POINT:
                higher, lower = (one, other) if height(one.value) >= height(other.value) else (other, one)
                if not crowded(higher, (one, other), True) and not crowded(lower, (one, other), False):
                    sides[higher.id], sides[lower.id] = True, False
    return sides


def _clear_of_the_line(rows: list[Row], unit: str | None, ending: set[str]) -> dict[str, bool]:
    """Whether each claim whose label ends at its diamond (of the figures ending) has it above
    its diamond: where the line runs to the next context figure from a lower one before the
    claim, above, clear of it; from a higher one, below."""
    height = _height(rows, unit)
    sides, before = {}, None
    for row in rows:  # in order of date
        if row.kind == CONTEXT and row.date:
            before = row
        elif row.kind == CLAIM and row.id in ending and before is not None:
            sides[row.id] = height(before.value) <= height(row.value)
    return sides


@dataclass(frozen=True)
class Plot:
    """A timeline's plot as drawn: its width and height in pixels, the pixels from its ends to its
    first and last points, and the pixels of room made before the first point besides (see _roomy)."""

    width: float
    height: float
    padding: float
    before: float = 0.0

    @property
    def span(self) -> float:
        """Pixels from the first point to the last."""
        return self.width - 2 * self.padding - self.before

    def x(self, share: float) -> float:
        """Where a point drawn that share of the way from the first date to the last is, in pixels."""
        return self.padding + self.before + self.span * share


Box = tuple[float, float, float, float]  # left, top, right and bottom, in pixels from the plot's top left


def _placed(rows: list[Row], unit: str | None, values: list[dict[str, Any]],
            plot: Plot) -> tuple[list[dict[str, Any]], float]:
    """values (rows described, see _describe) with their labels moved where, drawn in plot, the
    rules of _describe leave one in trouble: nearer another figure's point than its own (as a
    reader pairs them), over another label (the reference rule's too) or a point, or outside the
    plot. Each label in trouble is tried above and below its point with each anchor its kind is
    drawn with, and beside it at its height (AFTER, BEFORE); the labels are moved one at a time
    to the least troubled place (see the weights NEARER_ANOTHER to MOVED) until none moves. The
    rules serve pairs of figures near each other; this, clusters of more. Positions are
    estimated as in _timeline_plot_width. Returns the values and the labels' trouble, summed."""
    dated = [i for i, v in enumerate(values) if v["date"]]
    shown = [i for i in dated if values[i]["labelled"]]
    if not shown:
        return values, 0.0
    days = {i: dt.date.fromisoformat(values[i]["date"]).toordinal() for i in dated}
    first, last = min(days.values()), max(days.values())
    height = _drawn_height(rows, unit)
    point = {i: (plot.x((days[i] - first) / (last - first))
                 if last > first else plot.width / 2,  # vega draws a single date in the middle
                 plot.height * (1 - height(values[i]["value"]))) for i in dated}
    lines = [(point[a], point[b]) for a, b in zip(dated, dated[1:])
             if values[a]["series"] and values[a]["series"] == values[b]["series"]]
    high = RANGES.get(unit or "", (0, None))[1]
    if unit == "percent" and high is not None:  # the rule at 100%, drawn as _reference draws it
        rule = plot.height * (1 - height(high))
        lines.append(((0.0, rule), (plot.width, rule)))
    ruled = {i: (values[i]["above"], values[i]["anchor"]) for i in shown}
    bounds = {i: _bounds(_label_box(values[i], point[i], *ruled[i])[0], plot) for i in shown}
    choices = {i: [ruled[i], *((above, anchor) for above in (True, False)
                               for anchor in ((CENTRE, START, END) if values[i]["kind"] == CONTEXT else (START, END))
                               if (above, anchor) != ruled[i]), (True, AFTER), (True, BEFORE)] for i in shown}
    place = dict(ruled)
    # Only the points and lines about a label's point can trouble it, wherever it is placed: within
    # its length and a gap across, and NEIGHBOURHOOD px up and down (a timeline of hundreds of
    # figures labels a few of them; any other label may reach it).
    reach = {i: _text_width(values[i]["value_label"]) + CLAIM_DX + POINT_HALF for i in shown}
    about = {i: (point[i][0] - reach[i], point[i][1] - NEIGHBOURHOOD, point[i][0] + reach[i],
                 point[i][1] + NEIGHBOURHOOD) for i in shown}
    near = {i: [j for j in dated if _overlap(about[i], (*point[j], *point[j]), POINT_HALF)] for i in shown}
    crossing = {i: [(a, b) for a, b in lines if _crosses(about[i], a, b)] for i in shown}

    def trouble(i: int, choice: tuple[bool, str]) -> float:
        """How troubled label i would be in the place chosen, the other labels where they are."""
        box, at = _label_box(values[i], point[i], *choice)
        others = [point[j] for j in near[i] if j != i]
        left, top, right, bottom = bounds[i]
        return (_pairing(box, at, point[i], others)
                + OVER_A_LABEL * sum(_overlap(box, _label_box(values[j], point[j], *place[j])[0], 1)
                                     for j in shown if j != i)
                + OVER_A_POINT * sum(_overlap(box, (x - POINT_HALF, y - POINT_HALF, x + POINT_HALF, y + POINT_HALF), 1)
                                     for x, y in (point[j] for j in near[i]))
                + OUTSIDE * (box[0] < left or box[1] < top or box[2] > right or box[3] > bottom)
                + OVER_A_LINE * sum(_crosses(box, a, b) for a, b in crossing[i])
                + MOVED * (choice != ruled[i]))

    if not any(trouble(i, place[i]) >= IN_TROUBLE for i in shown):
        return values, sum(trouble(i, place[i]) for i in shown)
    for _ in range(4 * len(shown)):  # each move lessens the trouble; a few rounds settle it
        moved = False
        for i in shown:
            best = min(choices[i], key=lambda choice: trouble(i, choice))
            if trouble(i, best) < trouble(i, place[i]):
                place[i], moved = best, True
        if not moved:
            break
    return ([{**v, "above": place[i][0], "anchor": place[i][1]} if i in place else v for i, v in enumerate(values)],
            sum(trouble(i, place[i]) for i in shown))


def _roomy(rows: list[Row], unit: str | None, values: list[dict[str, Any]],
           plot: Plot) -> tuple[list[dict[str, Any]], Plot]:
    """values placed as _placed places them, in plot or in it with room made before its first
    point, whichever leaves the labels less troubled: where a label placed there runs back over the
    value axis (and, on a phone, widens the chart), the labels are placed again with room for it,
    until none needs more or the room reaches ROOM_SHARE of the span; the room moves the points
    closer together, which can trouble other labels more than it helps. Returns the values placed
    and the plot they are placed in."""
    placed, trouble = _placed(rows, unit, values, plot)
    best = (trouble, plot.before, placed, plot)
    for _ in range(3):  # more room moves the points, and the labels with them: a round or two settles it
        before = _room_before(placed, plot)
        if before <= plot.before:
            break
        plot = replace(plot, before=before)
        placed, trouble = _placed(rows, unit, values, plot)
        best = min(best, (trouble, plot.before, placed, plot), key=lambda found: found[:2])
    return best[2], best[3]


def _room_before(values: list[dict[str, Any]], plot: Plot) -> float:
    """The room before a timeline's first point (see Plot) that keeps each label placed (values, as
    _placed gives them) ROOM_CLEAR pixels inside the plot, where in plot one runs back past its left
    edge: the plot's own where none does; at most ROOM_SHARE of the span without it."""
    most = ROOM_SHARE * (plot.width - 2 * plot.padding)
    # A label's left edge moves right by (1 - share) of the room added, as its point does.
    return max([plot.before, *(min(most, plot.before + (ROOM_CLEAR - left) / (1 - share))
                               for left, share in _running_back(values, plot))])


def _running_back(values: list[dict[str, Any]], plot: Plot) -> list[tuple[float, float]]:
    """The timeline labels placed (values, as _placed gives them) that run back past the plot's left
    edge, over the value axis: where each starts (pixels from the edge, less than 0) and how far
    along the time axis its point is (a share of the span, less than 1)."""
    dated = [v for v in values if v["date"]]
    days = [dt.date.fromisoformat(v["date"]).toordinal() for v in dated]
    first, last = min(days, default=0), max(days, default=0)
    if last == first:
        return []  # a single date is drawn in the middle
    found = []
    for v, day in zip(dated, days):
        if not v["labelled"]:
            continue
        share = (day - first) / (last - first)
        left = _label_box(v, (plot.x(share), 0.0), v["above"], v["anchor"])[0][0]
        if left < 0 and share < 1:
            found.append((left, share))
    return found


def _drawn_height(rows: list[Row], unit: str | None) -> Callable[[float], float]:
    """How high a value is drawn, as _height, with the top of an axis without a fixed one (counts,
    rates) rounded up as vega rounds it: 3.5 million is drawn on an axis to 4 million."""
    if unit == "rank" or RANGES.get(unit or "", (0, None))[1] is not None:
        return _height(rows, unit)
    top = _nice_top(max([0.0, *(r.value for r in rows)])) or 1.0
    return lambda value: value / top


def _count_ticks(top: float) -> list[float]:
    """The numbers on a count axis whose largest figure is top, as vega gives them (tickCount 5): from 0
    to the top of the scale's domain as vega's "nice" rounds it (see _nice_top), never past it. Rounded
    up to a fifth of a tick step instead, 850,000 was estimated on an axis to "1 million", drawn to 900,000."""
    high = _nice_top(top)
    if high <= 0:
        return [0.0]
    step = _tick_step(high, 5)
    return [step * i for i in range(math.floor(high / step + 1e-9) + 1)]


def _nice_top(top: float, count: int = 10) -> float:
    """The top of a value axis from 0 as vega's "nice" rounds it up (as d3's scale.nice does): to a
    multiple of a step of 1, 2 or 5 times a power of ten that gives about count ticks."""
    for _ in range(10):  # rounding can change the step; d3 repeats until it does not
        if top <= 0:
            break
        step = _tick_step(top, count)
        rounded = math.ceil(top / step) * step
        if rounded == top:
            break
        top = rounded
    return top


def _tick_step(top: float, count: int) -> float:
    """The step between the ticks of a value axis from 0 to top (above 0), as d3 picks it: 1, 2 or 5
    times a power of ten, giving about count ticks."""
    power = math.floor(math.log10(top / count))
    error = top / count / 10 ** power
    return (10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1) \
        * 10.0 ** power


def _label_box(value: dict[str, Any], point: tuple[float, float], above: bool, anchor: str) -> tuple[Box, float]:
    """Where a timeline's label is drawn for its point, on that side and so anchored (see
    _label_layer): the box its figures fill, and where along the time axis its anchor is."""
    x, y = point
    width = _text_width(value["value_label"])
    gap = _label_gap(value["kind"], anchor)
    at = {CENTRE: x, START: x + gap, END: x - gap, AFTER: x + gap, BEFORE: x - gap}[anchor]
    left = at - {CENTRE: width / 2, START: 0, END: width, AFTER: 0, BEFORE: width}[anchor]
    middle = y if anchor in (AFTER, BEFORE) else y + LABEL_DY[value["kind"]][0 if above else 1]  # vega sets text on it
    return (left, middle - HALF_LINE, left + width, middle + HALF_LINE), at


def _bounds(ruled: Box, plot: Plot) -> Box:
    """Where a timeline's label may go: within the plot (above it as far as the legend's
    offset), or as far past it as the rules placed it (see _timeline_plot_width)."""
    left, top, right, bottom = ruled
    return min(0.0, left), min(2.0 - LEGEND_OFFSET, top), max(plot.width, right), max(plot.height, bottom)


def _pairing(box: Box, at: float, own: tuple[float, float], others: list[tuple[float, float]]) -> float:
    """The trouble with how a reader would pair a label with a point, measured from the label's
    anchor on its edge facing each point: NEARER_ANOTHER if another point is as near as its own or
    nearer; ALMOST_NEARER if one is within PAIRING_MARGIN of as near (the estimates may be out by
    that); else none."""
    left, top, right, bottom = box

    def far(point: tuple[float, float]) -> float:
        x, y = point
        return math.hypot(x - at, y - (bottom if y > (top + bottom) / 2 else top))
    nearest = min((far(other) for other in others), default=math.inf)
    return NEARER_ANOTHER if nearest <= far(own) else ALMOST_NEARER if nearest < far(own) + PAIRING_MARGIN else 0


def _overlap(one: Box, other: Box, margin: float = 0.0) -> bool:
    """Whether two boxes overlap, or come within margin pixels of each other."""
    return one[0] < other[2] + margin and other[0] < one[2] + margin \
        and one[1] < other[3] + margin and other[1] < one[3] + margin


def _crosses(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the line from a to b passes through the box (clipped to it, as Liang and Barsky)."""
    (x0, y0), (x1, y1) = a, b
    low, high = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - box[0]), (x1 - x0, box[2] - x0), (y0 - y1, y0 - box[1]), (y1 - y0, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
    return low < high


def _in_the_way(i: int, above: bool, heights: list[float], days: list[int | None], span: int) -> bool:
    """Whether the point before or after point i sits where its label would go: within
    NEAR_POINT of the chart's width and height of it, above it or below it as the label."""
    for j in (i - 1, i + 1):
        when, then = days[i], days[j] if 0 <= j < len(days) else None
        if when is None or then is None or not span:
            continue
        rise = heights[j] - heights[i]
        if abs(then - when) / span < NEAR_POINT and (0 < rise < NEAR_POINT if above else -NEAR_POINT < rise < 0):
            return True
    return False


def _top(unit: str | None, values: list[float]) -> float:
    """The top of a value axis, near enough: the unit's maximum where it has one (100 for
    percentages), else the largest value (a scale's nice rounding left out), 0 for none."""
    high = RANGES.get(unit or "", (0, None))[1]
    return float(high) if high is not None else max([0.0, *values])


def _height(rows: list[Row], unit: str | None) -> Callable[[float], float]:
    """How high a value is drawn on the value axis, from 0 at the time axis to 1 at the top
    (near enough: a scale's nice rounding is left out)."""
    top = _top(unit, [r.value for r in rows]) or 1.0
    if unit == "rank":  # 1st at the top
        low = _rank_axis([r.value for r in rows], _rank_end(rows))[0][1]
        return lambda value: (low - value) / max(1.0, low - 1)
    return lambda value: value / top


def _axis_lines(row: Row, width: int = LABEL_WIDTH) -> list[str]:
    """A bar's axis label: the figure's title, then who gave it and when, then a claim's rating ('Rated
    Unsupported': the chart copied alone keeps it), in at most AXIS_LINES lines of width characters (what a
    bar's row has room for); a line cut short ends in an ellipsis. A title that ends in the date the
    line below gives ('…, CIA World Factbook, 2023' over 'Central Intelligence Agency, 2023') leaves it
    to that line."""
    label, dated = row.label, f", {row.date_label}"
    if row.date_label and label.endswith(dated) and len(label) > len(dated):
        label = label.removesuffix(dated)
    title = _lines(label, width)[:3]
    rated = [_cut(fmt.capfirst(row.rated), width)] if row.rated else []
    return [*title, *_byline(row.who, row.date_label, max(1, AXIS_LINES - len(title) - len(rated)), width), *rated]


@functools.lru_cache(maxsize=1024)  # one producer's figures share it, and wrapping each took 10 ms at 5,000 facts
def _byline(who: str, date_label: str, room: int, width: int) -> tuple[str, ...]:
    """Who gave a figure and when, wrapped into at most room lines of width characters."""
    byline = _lines(f"{who}, {date_label}", width)
    if len(byline) > room:
        byline = byline[:room - 1] + [_cut(" ".join(byline[room - 1:]), width)]
    return tuple(byline)


def _cut(text: str, width: int = LABEL_WIDTH) -> str:
    """Text cut to width characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _series(rows: list[Row]) -> dict[str, str]:
    """A name for each run of context figures of one metric, in the rows' order, that have the
    same producer: a figure from another producer between two ends the run, so no line passes
    over it, and none joins two producers' figures."""
    runs: dict[str, tuple[str, int]] = {}  # metric -> the producer of its current run, and the run's number
    named: dict[str, str] = {}
    for row in rows:
        if row.kind != CONTEXT:
            continue
        producer, number = runs.get(row.metric, (row.who, 0))
        if producer != row.who:
            number += 1
        runs[row.metric] = (row.who, number)
        named[row.id] = f"{row.metric} · {number}"
    return named


def _nearest_context(rows: list[Row]) -> dict[str, str]:
    """For each claim with a date, the id of the dated context figure nearest to it in time (the
    earlier on a tie), looked for among the context figures just before and after it in the
    rows' order (a timeline's rows are in order of date)."""
    def day(index: int) -> int:
        return dt.date.fromisoformat(rows[index].date or "").toordinal()

    dated = [i for i, r in enumerate(rows) if r.kind == CONTEXT and r.date]
    nearest: dict[str, str] = {}
    before, at = None, 0
    for i, row in enumerate(rows):
        while at < len(dated) and dated[at] < i:
            before, at = dated[at], at + 1
        if row.kind == CONTEXT or not row.date:
            continue
        when = day(i)
        candidates = [c for c in (before, dated[at] if at < len(dated) else None) if c is not None]
        if candidates:  # the earlier of two as near: it comes first
            nearest[row.id] = rows[min(candidates, key=lambda c: abs(day(c) - when))].id
    return nearest


def _lines(label: str, width: int = LABEL_WIDTH) -> list[str]:
    """A label wrapped as textwrap.wrap wraps it, except that a last line of less than a
    third of the width ("digital / ID") is avoided by wrapping narrower, into as many lines;
    one that fits is taken as it is (most do, and wrapping each row's label was half the time
    of building a chart's spec)."""
    if label and len(label) <= width and not label[-1].isspace() and not _WRAPPED_SPACE.search(label):
        return [label]
    lines = textwrap.wrap(label, width)
    if len(lines) > 1 and len(lines[-1]) < width // 3:
        for narrower in range(-(-len(label) // len(lines)), width):  # from the lines' mean length up
            balanced = textwrap.wrap(label, narrower, break_long_words=False)  # no word cut to balance
            if len(balanced) == len(lines) and all(len(line) <= width for line in balanced):
                return balanced
    return lines


def _scale(unit: str, reverse: bool = False) -> Any:
    """The value scale: 0 to the unit's maximum where it has one, else from 0 to a round number;
    ranks from 1st (first on the axis, or last with reverse) to a round number (see _rank_axis)."""
    import altair as alt
    if unit == "rank":
        return alt.Scale(nice=False, zero=False, reverse=reverse)  # its domain: see _fit_axes
    high = RANGES.get(unit, (0, None))[1]
    return alt.Scale(domain=[0, high]) if high is not None else alt.Scale(zero=True, nice=True)


def _spec(kind: str, unit: str, rows: list[Row], values: list[dict[str, Any]], cache_dir: Path | None,
          narrow: bool = False) -> dict[str, Any]:
    """The chart's Vega-Lite spec: the shape for its kind, unit and layout, with its rows as data
    (values: the rows described, see _describe)."""
    spec = json.loads(_shape(kind, unit, cache_dir, narrow))
    names = {row.metric for row in rows}
    if unit == "count" and len(names) == 1:  # "Number" says of what only with the metric's name
        _name_value_axis(spec, names.pop())
    ranked = {row.ranked_of for row in rows}
    if unit == "rank" and len(ranked) == 1 and None not in ranked:  # how many, and when: the axis runs to it
        count, when = ranked.pop() or (0, "")
        dated = f", {when}" if when != fmt.date(None) else ""  # "2024", "end of 2025", "15 May 2024"
        _name_value_axis(spec, f"Rank (1st is the highest; {count:,} ranked{dated})")
    plot = None  # a timeline's plot as its labels are placed in it
    if kind == "timeline":  # drawn to its layout's width, whatever its labels: see _timeline_plot_width
        total, height = (NARROW_WIDTH, NARROW_TIMELINE_HEIGHT) if narrow else (WIDTH, WIDE_TIMELINE[1])
        padding = _time_padding(values)
        plot = Plot(_timeline_plot_width(unit, rows, values, padding, total=total), height, padding)
        for _ in range(3):  # labels turned for the plot as fitted, which their turning may widen again
            turned, roomy = _roomy(rows, unit, _describe(rows, unit, plot.span), plot)
            width = _timeline_plot_width(unit, rows, turned, padding, roomy.before, total)
            if width == plot.width:
                values, plot = turned, roomy
                break
            plot = Plot(width, height, padding)
        else:  # not settled (the widths swing between two): the labels placed for the plot as it is drawn
            values, plot = _roomy(rows, unit, _describe(rows, unit, plot.span), plot)
        spec["width"] = plot.width
    elif narrow:
        values, spec["height"] = _stacked(values, rows)
        spec["width"] = _narrow_bar_width(unit, values)
        if unit == "percent":  # the unit with a reference rule: see _reference
            values = _rule_spans(values, spec["width"], spec["height"])
    elif kind == "comparison":  # each bar's row as tall as its longest axis label needs
        most = max((len(v["axis_label"].split("|")) for v in values), default=1)
        spec["height"] = {"step": max(ROW_STEP, AXIS_LINE_HEIGHT * (most + 1))}  # a blank line between labels
        spec["width"] = _bar_plot_width(unit, rows, values)
        if unit == "percent":  # the unit with a reference rule: see _reference
            values = [{**v, "crosses_rule": _crosses_rule(v, spec["width"])} for v in values]
    spec["data"] = {"values": values}
    _fit_axes(spec, unit, rows, plot.before if plot else 0.0)
    shown = [k for k in (CLAIM, CONTEXT) if any(r.kind == k for r in rows)]
    unused = _unused_layers(shown, values)
    spec["layer"] = [layer for layer in spec["layer"] if layer.get("name") not in unused]
    for layer in spec["layer"]:  # the legend names only the kinds of figure the chart shows
        for channel in ("color", "shape"):
            if channel in layer.get("encoding", {}):
                layer["encoding"][channel]["legend"] = {**(layer["encoding"][channel].get("legend") or {}),
                                                        "values": shown}
    return spec


def _name_value_axis(spec: dict[str, Any], title: str) -> None:
    """The value axis titled with the name of what it counts, in every layer that gives it a title."""
    for layer in spec["layer"]:
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and channel.get("field") == "value" and "title" in channel:
                channel["title"] = title


def _unused_layers(shown: list[str], values: list[dict[str, Any]]) -> set[str]:
    """The names of the layers that would draw nothing: vega gives an empty point layer an unnamed
    role in the SVG, and warns of an "infinite extent" for an empty line or label layer once a
    chart is drawn in the page; and of the rings no page shows."""
    unused = {POINT_LAYERS[k] for k in (CLAIM, CONTEXT) if k not in shown}
    unused |= {LINE_LAYER} if CONTEXT not in shown else set()
    # a fact's page rings its own point (see _rings) in a chart it draws, of FACT_CHART_MOST figures at most:
    # in a longer one the rings are bytes no page shows (2.0 KB gzip on a metric page of 50 figures)
    unused |= {RING_LAYER} if len(values) > FACT_CHART_MOST else set()
    unused |= {name for name, (kind, above, anchor) in LABEL_LAYERS.items()
               if not any(v["kind"] == kind and v.get("above") == above and v.get("anchor") == anchor
                          and v.get("labelled") for v in values)}
    return unused


def _shape(kind: str, unit: str, cache_dir: Path | None, narrow: bool = False) -> str:
    """A chart shape built (and validated) once with Altair, then kept as JSON in the machine's
    cache, keyed by Altair's version (read without importing Altair) and this package's code."""
    layout = LAYOUTS[narrow]
    name = f"shape-{kind}-{unit}-{layout}-{library_version('altair')}-{code_digest()[:16]}.json"
    if name in _SHAPES:
        return _SHAPES[name]
    kept = _kept(cache_dir, name)
    if kept is not None:
        text = kept.decode("utf-8")
    else:
        build = _timeline if kind == "timeline" else _comparison
        text = json.dumps(build(unit, narrow), sort_keys=True)
        _keep(cache_dir, name, text.encode("utf-8"))
    _SHAPES[name] = text
    return text


_SHAPES: dict[str, str] = {}


def _reference(unit: str, x: bool, beside_bars: bool = False, rows: Any = None) -> list[Any]:
    """A rule at the unit's maximum (100% for percentages), where the unit has one, labelled above
    a chart of bars (a timeline's y axis labels it).
    beside_bars (a narrow comparison, whose bars' labels span the chart above them): the rule
    is drawn in pieces that leave out each label that reaches it (_rule_spans).
    rows (a wide comparison's band of rows): the rule is drawn down each row's band in two halves,
    which stop short of a value label that crosses it (crosses_rule: see _spec)."""
    import altair as alt
    high = RANGES.get(unit, (0, None))[1]
    if unit != "percent" or high is None:
        return []
    data = alt.Data(values=[{"ref": high, "ref_label": fmt.value(high, unit)}])
    channel = {"x": alt.X("ref:Q")} if x else {"y": alt.Y("ref:Q")}
    dashed = {"strokeDash": list(RULE_DASH), "color": "#777777", "aria": False}
    period = sum(dashed["strokeDash"])  # each span's dashes start where one line's would be at its top, so that
    # the spans read as one line: each begun afresh, they met in a dash twice as long, or with no gap
    if beside_bars:  # each row's pieces, one a datum once flattened: see _rule_spans
        rule = alt.Chart().transform_flatten(["rule_y", "rule_y2"]).mark_rule(
            **dashed, strokeDashOffset=alt.ExprRef(f"datum.rule_y % {period}")).encode(
            x=alt.datum(high), y=alt.Y("rule_y:Q", scale=None), y2="rule_y2:Q")
    elif rows is not None:  # the upper half of each row's band, then the lower, clear of its label
        top = f"scale('y', datum.{rows['field']})"
        middle = f"{top} + bandwidth('y') / 2 + (datum.crosses_rule ? {LABEL_CLEAR} : 0)"
        upper = alt.Chart().mark_rule(**dashed, y2Offset=alt.ExprRef(f"datum.crosses_rule ? {-LABEL_CLEAR} : 0"),
                                      strokeDashOffset=alt.ExprRef(f"({top}) % {period}")).encode(
            x=alt.datum(high), y=alt.Y(**rows, bandPosition=0), y2=alt.Y2(rows["field"], bandPosition=0.5))
        lower = alt.Chart().mark_rule(**dashed, yOffset=alt.ExprRef(f"datum.crosses_rule ? {LABEL_CLEAR} : 0"),
                                      strokeDashOffset=alt.ExprRef(f"({middle}) % {period}")).encode(
            x=alt.datum(high), y=alt.Y(**rows, bandPosition=0.5), y2=alt.Y2(rows["field"], bandPosition=1))
        return [upper, lower, alt.Chart(data).mark_text(fontSize=FONT_SIZE - 1, aria=False, align="center").encode(
            text="ref_label:N", **channel, y=alt.value(-8))]
    else:
        rule = alt.Chart(data).mark_rule(**dashed).encode(**channel)
    if not x:  # a timeline's rule: the y axis's "100" beside it names it (a label there read "100 100%")
        return [rule]
    label = alt.Chart(data).mark_text(fontSize=FONT_SIZE - 1, aria=False, align="center").encode(
        text="ref_label:N", **channel, y=alt.value(-8))
    return [rule, label]


def _comparison(unit: str, narrow: bool = False, validate: bool = False) -> dict[str, Any]:
    """Horizontal bars, one per fact, each labelled with its value; for ranks, where a longer bar
    would read as more, a point per fact instead, marked as in a timeline. Narrow: see
    _narrow_comparison."""
    import altair as alt
    if narrow:
        return _narrow_comparison(unit, validate)
    data = alt.Data(values=[])
    base = alt.Chart()
    # A label of several lines is centred on its bar (vega hangs the lines below the first, so that
    # a six-line label ran past the next bar and down beside the axis's numbers).
    centred = alt.ExprRef(f"-(length(split(datum.label, '|')) - 1) * {AXIS_LINE_HEIGHT / 2}")
    y = alt.Y("axis_label:N", sort=None, title=None,
              axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=NAME_LIMIT, labelPadding=NAME_PADDING,
                            labelFontSize=NAME_SIZE, labelLineHeight=AXIS_LINE_HEIGHT, labelOffset=centred,
                            tickSize=TICK_SIZE))
    x = alt.X("value:Q", title=_axis_title(unit), scale=_scale(unit),
              axis=_value_axis(unit, "x", tickCount=5, grid=True))
    if unit == "rank":
        marks = _points(base, y=y, x=x)
    else:
        marks = [base.mark_bar(height=24).encode(y=y, x=x, color=_colour(), tooltip=_tooltip(),
                                                description="description:N")]
    labels = _value_labels(base, unit, y=y, fontSize=FONT_SIZE)
    rows = {"field": "axis_label", "type": "nominal", "sort": None}
    layers = _reference(unit, x=True, rows=rows) + [*marks, labels]  # the labels over the reference line
    chart = alt.layer(*layers, data=data).properties(width=WIDTH - 270, height=alt.Step(ROW_STEP))  # see _spec
    return chart.configure(**_config()).to_dict(validate=validate)


def _narrow_comparison(unit: str, validate: bool = False) -> dict[str, Any]:
    """The comparison for a phone's width: each bar's label (title, who and when) on the lines
    above it, across the chart, instead of beside it; rows placed by _stacked, in pixels."""
    import altair as alt
    data = alt.Data(values=[])
    base = alt.Chart()
    x = alt.X("value:Q", title=_axis_title(unit), scale=_scale(unit),
              axis=_value_axis(unit, "x", tickCount=4, grid=True))
    middle = alt.Y("mid_y:Q", scale=None)
    if unit == "rank":
        marks = _points(base, y=middle, x=x)
    else:
        marks = [base.mark_bar().encode(y=alt.Y("bar_y:Q", scale=None), y2="bar_y2:Q", x=x, x2=alt.datum(0),
                                        color=_colour(), tooltip=_tooltip(), description="description:N")]
    values = _value_labels(base, unit, y=middle)
    names = base.mark_text(align="left", baseline="top", lineBreak="|", lineHeight=LINE_HEIGHT, aria=False).encode(
        y=alt.Y("text_y:Q", scale=None), x=alt.value(0), text="axis_label:N")
    layers = _reference(unit, x=True, beside_bars=True) + [*marks, values, names]
    chart = alt.layer(*layers, data=data).properties(width=NARROW_WIDTH - 100, height=100)  # see _spec
    return chart.configure(**_config()).to_dict(validate=validate)


def _stacked(values: list[dict[str, Any]], rows: list[Row]) -> tuple[list[dict[str, Any]], int]:
    """A narrow comparison's rows, each with its label's lines and where they and its bar go
    (pixels from the top), and the height they take."""
    bar_height, label_gap, row_gap = 20, 3, 18  # pixels: a bar; between its label and it; between rows
    placed, top = [], 4
    for value, row in zip(values, rows):
        lines = _axis_lines(row, NARROW_LABEL_WIDTH)
        bar = top + LINE_HEIGHT * len(lines) + label_gap
        placed.append({**value, "axis_label": "|".join(lines), "text_y": top, "bar_y": bar,
                       "bar_y2": bar + bar_height, "mid_y": bar + bar_height // 2})
        top = bar + bar_height + row_gap
    return placed, top - row_gap + 4


def _rule_spans(values: list[dict[str, Any]], width: float, height: float) -> list[dict[str, Any]]:
    """Where a narrow comparison's reference rule (at 100%, the plot's right edge) is drawn, as the
    wide layout's is: from the plot's top to its foot, leaving out LABEL_CLEAR pixels above and below
    the middle of each line of a bar's label that reaches it and of each value label that crosses it.
    Each piece (rule_y to rule_y2, pixels from the top) goes with the row it starts beside, in lists
    (a row may have none, or several: see _reference). A piece shorter than one dash and gap is left
    out: alone between two labels, it read as debris. The rule stopped for good above the first label
    that reached it, so that on the home page's chart it ran past the first two bars only."""
    middles = []
    for v in values:
        middles += [v["text_y"] + LINE_HEIGHT * k + FONT_SIZE / 2 for k, line in enumerate(v["axis_label"].split("|"))
                    if _text_width(line) >= width - RULE_GAP]
        middles += [v["mid_y"]] if _crosses_rule(v, width) else []
    pieces, top = [], 0.0
    for middle in sorted(middles):
        pieces.append((top, middle - LABEL_CLEAR))
        top = max(top, middle + LABEL_CLEAR)
    pieces.append((top, height))
    kept = [(start, end) for start, end in pieces if end - start >= sum(RULE_DASH)]
    spans, above = [], 0.0
    for i, v in enumerate(values):  # a row's place: from the bar above's foot to its own bar's
        below = math.inf if i == len(values) - 1 else v["bar_y2"]
        own = [(start, end) for start, end in kept if above <= start < below]
        spans.append({**v, "rule_y": [start for start, _ in own], "rule_y2": [end for _, end in own]})
        above = below
    return spans


def _crosses_rule(value: dict[str, Any], width: float) -> bool:
    """Does a bar's value label, just past its end, reach within RULE_GAP of the reference rule at
    100%, the right edge of a plot width pixels wide?"""
    start = width * value["value"] / RANGES["percent"][1] + BAR_LABEL_DX
    return start <= width + RULE_GAP and start + _text_width(value["value_label"]) >= width - RULE_GAP


def _narrow_bar_width(unit: str, values: list[dict[str, Any]]) -> int:
    """A narrow comparison's plot width: as wide as leaves room, within NARROW_WIDTH, for the
    value label just past the end of each bar (estimated, as in _timeline_plot_width) and for the
    reference line's label."""
    top = _top(unit, [v["value"] for v in values])
    room = [(NARROW_WIDTH - 10 - _text_width(v["value_label"])) * top / v["value"] for v in values if v["value"] > 0]
    return int(max(NARROW_MIN_PLOT, min([NARROW_WIDTH - 28.0, *room])))  # down: a label never reaches past


def _bar_plot_width(unit: str, rows: list[Row], values: list[dict[str, Any]], total: int = WIDTH) -> int:
    """A wide comparison's plot width: total less its bars' names (the axis labels' column) and what
    reaches past the plot's right edge (each value label, just past its bar's end, and the 100% line's
    label), estimated as in _timeline_plot_width, so that every bar chart is drawn about total pixels
    wide, as a timeline is. A page stretches each chart to its column: drawn with a plot of 250 px
    whatever their labels, bar charts were 468 to 543 px wide, and their text 16 to 18.7 px on a
    desktop, beside the timelines' 16.8. No narrower than WIDE_MIN_PLOT (the chart is then drawn wider)."""
    names = max((_text_width(line) for v in values for line in v["axis_label"].split("|")), default=0.0)
    room = total - 2 * EDGE - TICK_SIZE - NAME_PADDING - min(NAME_LIMIT, names * NAME_SIZE / FONT_SIZE)
    reach = _text_width(fmt.value(100, unit)) * (FONT_SIZE - 1) / FONT_SIZE / 2 if unit == "percent" else 0.0
    share = _bar_share(unit, rows)
    dx = CLAIM_DX if unit == "rank" else BAR_LABEL_DX
    fits = [(room - dx - _text_width(v["value_label"])) / share(v["value"]) for v in values if share(v["value"]) > 0]
    return int(max(WIDE_MIN_PLOT, min([room - reach, *fits])))  # down: a label never reaches past


def _bar_share(unit: str, rows: list[Row]) -> Callable[[float], float]:
    """Where a value is drawn along a comparison's value axis, from 0 at its start to 1 at its end
    (a count's axis ends where vega's "nice" rounds the largest up to: see _nice_top)."""
    if unit == "rank":
        low, high = _rank_axis([r.value for r in rows], _rank_end(rows))[0]
        return lambda value: (value - low) / max(1, high - low)
    top = _top(unit, [r.value for r in rows])
    if unit == "count":
        top = _nice_top(top)
    return lambda value: value / top if top > 0 else 0.0


def _value_labels(base: Any, unit: str, y: Any, **text: Any) -> Any:
    """Each bar's value label, just past its own bar's end (a rank's, past its point), so that the eye
    pairs them: in one column past the 100% line, a short bar's label stood 80 px from its bar on a
    phone. A label that reaches across the dashed 100% line (see _reference) keeps a margin of the
    page's colour round its letters (the SVG's white; style.css gives the page's), drawn beneath them
    (vldraw.haloed), so that the line stops short of the figure rather than running through it."""
    return base.mark_text(align="left", dx=CLAIM_DX if unit == "rank" else BAR_LABEL_DX, aria=False,
                          stroke=OUTLINE, strokeWidth=HALO, strokeJoin="round", **text).encode(
        y=y, x="value:Q", text="value_label:N").properties(name=VALUE_LAYER)


def _timeline(unit: str, narrow: bool = False, validate: bool = False) -> dict[str, Any]:
    """Points in time, context figures joined by a line per metric, claims as diamonds; narrow,
    the same in less width and height."""
    import altair as alt
    data = alt.Data(values=[])
    base = alt.Chart()
    # UTC, as the dates are parsed and as vl-convert draws: on a local time scale, a browser west
    # of UTC drew a figure of April (1 April, 00:00 UTC) hours before April's tick. Ticks: see _fit_axes.
    x = alt.X("date:T", title=None, scale=alt.Scale(type="utc", padding=TIME_PADDING),
              axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4, grid=False))
    y = alt.Y("value:Q", title=_axis_title(unit), scale=_scale(unit, reverse=True),
              axis=_value_axis(unit, "y", tickCount=5))
    line = base.transform_filter(alt.datum.kind == CONTEXT).mark_line(color=COLOURS[CONTEXT], strokeWidth=2,
                                                                     aria=False).encode(
        x=x, y=y, detail="series:N").properties(name=LINE_LAYER)
    labels = [_label_layer(base, name, kind, above, anchor, x=x, y=y)
              for name, (kind, above, anchor) in LABEL_LAYERS.items()]
    # the 100% rule first, under the points: drawn over a point at 100%, it took the pointer's hover
    # from it, and the point showed no tooltip
    layers = [*_reference(unit, x=False), line, *_points(base, x=x, y=y), *labels]
    # its width is fitted to its layout and labels in _spec: see _timeline_plot_width
    width, height = (NARROW_WIDTH - 80, NARROW_TIMELINE_HEIGHT) if narrow else WIDE_TIMELINE
    chart = alt.layer(*layers, data=data).properties(width=width, height=height)
    config = _config()
    config["legend"]["offset"] = LEGEND_OFFSET  # vega's 18 left "nearly 100%" under the legend on a phone
    return chart.configure(**config).to_dict(validate=validate)


def _label_layer(base: Any, name: str, kind: str, above: bool, anchor: str, **position: Any) -> Any:
    """A timeline's labels of one kind of figure, on one side of their points, anchored alike (see
    _anchors): a context figure's centred on its point, or starting or ending TURNED_DX from its
    centre, away from the neighbour; a claim's starting or ending CLAIM_DX from its diamond's centre;
    either's beside its point, at its height, CLAIM_DX from its centre (AFTER or BEFORE, see _placed)."""
    import altair as alt
    chosen = (alt.datum.kind == kind) & (alt.datum.above if above else ~alt.datum.above) & alt.datum.labelled \
        & (alt.datum.anchor == anchor)
    gap = _label_gap(kind, anchor)
    place = {CENTRE: {"align": "center"}, START: {"align": "left", "dx": gap}, END: {"align": "right", "dx": -gap},
             AFTER: {"align": "left", "dx": gap}, BEFORE: {"align": "right", "dx": -gap}}[anchor]
    text = "value_label:N"
    dy = 0 if anchor in (AFTER, BEFORE) else LABEL_DY[kind][0 if above else 1]
    return base.transform_filter(chosen).mark_text(dy=dy, fontSize=FONT_SIZE, aria=False, **place).encode(
        text=text, **position).properties(name=name)


def _time_padding(values: list[dict[str, Any]]) -> int:
    """Pixels from a timeline's ends to its first and last points: more than TIME_PADDING where a
    context label centred on the first date is too wide to clear the value axis ("1.916 million")."""
    dated = [v for v in values if v["date"]]
    first = min((v["date"] for v in dated), default=None)
    widths = [_text_width(v["value_label"]) for v in dated
              if v["date"] == first and v["kind"] == CONTEXT and v["labelled"]]  # a claim's label goes right
    return max([TIME_PADDING, *(math.ceil(width / 2) + 6 for width in widths)])


def _timeline_plot_width(unit: str, rows: list[Row], values: list[dict[str, Any]], padding: int,
                         before: float = 0.0, total: int = NARROW_WIDTH) -> int:
    """A timeline's plot width: total (NARROW_WIDTH, or WIDTH for the wide layout) less its value
    axis and what the labels of its last points reach past the plot, both estimated (vega-lite's
    fit-x, which measures them, took 60% longer to draw a timeline), with padding and the room
    before its first point (see Plot); a chart a few pixels wider is drawn a little smaller."""
    figures = [r.value for r in rows]
    top = _rank_axis(figures, _rank_end(rows))[0][1] if unit == "rank" else _top(unit, figures)
    numbers = fmt.count_axis(_count_ticks(top)) if unit == "count" and top > 0 else [f"{top:,.0f}"]
    width = total - max(_text_width("0.0" if unit == "index" else n) for n in numbers) - AXIS_ROOM
    days = [dt.date.fromisoformat(v["date"]).toordinal() if v["date"] else None for v in values]
    first, last = min(filter(None, days), default=0), max(filter(None, days), default=0)
    plot = Plot(width, NARROW_TIMELINE_HEIGHT, padding, before)
    ends = [plot.x((day - first) / max(1, last - first)) + _label_reach(v)
            for v, day in zip(values, days) if day is not None and v["labelled"]]
    return round(max(NARROW_MIN_PLOT, width - max([0.0, *(end - width for end in ends)])))


def _label_reach(value: dict[str, Any]) -> float:
    """About how far a timeline's label reaches past its point to the right, in pixels (see _label_layer)."""
    width = _text_width(value["value_label"])
    gap = _label_gap(value["kind"], value["anchor"])
    return {CENTRE: width / 2, START: width + gap, END: POINT_HALF,
            AFTER: width + gap, BEFORE: POINT_HALF}[value["anchor"]]


def _label_gap(kind: str, anchor: str) -> int:
    """Pixels from a point's centre to where its label starts or ends (see _label_layer): a context
    figure's turned label starts or ends TURNED_DX from it; a claim's, and one beside a point, CLAIM_DX."""
    return TURNED_DX if kind == CONTEXT and anchor in (START, END) else CLAIM_DX


def _text_width(text: str) -> float:
    """About how wide text is drawn, in pixels: Liberation Sans's advance widths, in ems, by
    kind of character (digits are exact)."""
    return FONT_SIZE * sum(0.278 if c in " ,.:;'!|()ijlrtf" else 0.889 if c in "%mwMW" else
                           0.667 if c.isupper() else 0.556 for c in text)


RANK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def _rank_end(rows: list[Row]) -> int | None:
    """The last place a chart of ranks runs to: the most ranked among its rows' metrics, where
    every row's metric says how many it ranked; else None (a round number past the lowest)."""
    counts = [row.ranked_of for row in rows]
    if not counts or any(count is None for count in counts):
        return None
    return max(count[0] for count in counts if count is not None)


def _rank_axis(values: list[float], of: int | None = None) -> tuple[tuple[int, int], list[int]]:
    """A rank axis: its domain, from 1st to a round rank past the lowest drawn (so that no point
    sits on the axis at the far end), and its ticks, 1st and round ranks, at most six; no 0th.
    Given how many were ranked (of, no fewer than the lowest rank drawn), it runs to that last
    place instead, which is a tick: 74th is drawn past a third of the way down, not near the foot."""
    lowest = max([1, *(int(v) for v in values)])
    if of is not None and of >= max(lowest, 2):
        step = next((s for s in RANK_STEPS if -(-of // s) <= 5), 10 ** len(str(of)))
        return (1, of), [1, *(k * step for k in range(1, of // step + 1)
                              if k * step >= 1 + step / 2 and of - k * step >= step / 4), of]
    step = next((s for s in RANK_STEPS if -(-lowest // s) <= 5), 10 ** len(str(lowest)))
    end = -(-lowest // step) * step
    if end - lowest < step / 4:
        end += step
    return (1, end), [1, *(k * step for k in range(1, end // step + 1) if k * step >= 1 + step / 2)]


def _year_ticks(years: list[int], most: int = 4) -> list[int]:
    """Years to label on a time axis whose figures are all of a year: every year, or every
    second, fifth, tenth... year, whichever gives at most `most` labels."""
    first, last = min(years), max(years)
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100) if len(range(-(-first // s), last // s + 1)) <= most), 1000)
    return [y for y in range(first, last + 1) if y % step == 0] or [first]


TICK_STEPS = {"day": (1, 2, 3, 5, 7, 14), "month": (1, 2, 3, 6), "year": (1, 2, 5, 10, 20, 50, 100)}
TICK_PAST = 16  # pixels a time axis's tick may stand before its first figure or after its last: about half its label
TICK_GAP = 8  # pixels at least between two of a time axis's labels


def _early_start(first: float, last: float, width: float, padding: int, before: float) -> float:
    """The day (an ordinal, in part) a time axis's scale starts from, for figures from day first to
    day last, so that, in a plot width pixels wide with padding at both ends, the first is drawn
    before pixels further in than the padding (the room made before it, see Plot)."""
    return first - before * (last - first) / max(1.0, width - 2 * padding - before)


def _time_ticks(dates: list[str], width: float, padding: int = TIME_PADDING, most: int = 4,
                before: float = 0.0) -> tuple[list[dict[str, Any]], str] | None:
    """A time axis's ticks (as vega-lite's dates, in UTC) and label format, for figures on dates (ISO)
    drawn in a plot width pixels wide: those of the finest interval of a month or more that gives
    from two to `most` ticks whose labels fit between them (else that vega thins), so that each
    month is labelled once and a figure of a month sits on its tick (over six weeks, vega chose
    weekly ticks, labelled "Apr 2024" twice and "Mar 2024" under 1 April); in a span too short for
    two months' ticks, days, labelled as days. Only ticks within TICK_PAST pixels of the figures
    are given: vega's ticks ran on into the padding, so that a narrow chart of January and April
    2024 ended in a tick of May 2024, a third of its span past its last figure. The room before
    the first figure (see Plot) is left out of the span. None when every figure has the same date."""
    days = [dt.date.fromisoformat(d).toordinal() for d in dates]
    first, last = min(days), max(days)
    if first == last:
        return None
    per_day = max(1.0, width - 2 * padding - before) / (last - first)  # pixels a day takes
    reach = TICK_PAST / per_day  # in days
    low = dt.date.fromordinal(max(1, math.ceil(first - reach)))  # within the years a date can have, 1 to 9999
    high = dt.date.fromordinal(min(dt.date.max.toordinal(), math.floor(last + reach)))
    months = [dt.date(low.year + m // 12, m % 12 + 1, 1)  # the first of each month from low to high
              for m in range(low.month - (low.day == 1), 12 * (high.year - low.year) + high.month)]
    formats = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}

    def ticks(interval: str, step: int) -> list[dt.date]:  # as vega's every(step) takes them: days of a month, ...
        if interval == "day":
            return [day for day in map(dt.date.fromordinal, range(low.toordinal(), high.toordinal() + 1))
                    if (day.day - 1) % step == 0]
        return [d for d in months if ((d.month - 1) % step == 0 if interval == "month" else
                                      d.month == 1 and d.year % step == 0)]

    def fits(interval: str, dates: list[dt.date]) -> bool:  # each label clear of the next by TICK_GAP pixels
        widths = [_text_width(f"{d.day} {d:%b %Y}" if interval == "day" else d.strftime(formats[interval]))
                  for d in dates]
        return all((b.toordinal() - a.toordinal()) * per_day >= (wa + wb) / 2 + TICK_GAP
                   for a, b, wa, wb in zip(dates, dates[1:], widths, widths[1:]))

    # Day ticks only where no month starts in the span, so every figure is of a day: elsewhere one
    # month's tick is better than ticks on the 1st, 15th and 29th, whose labels vega thins at random.
    kinds = ("month", "year") if months else ("day",)
    candidates = [(kind, found, fits(kind, found)) for kind in kinds for step in TICK_STEPS[kind]
                  if 1 <= len(found := ticks(kind, step)) <= most]
    # Two labels or more that fit, those that fall in the most figures' months first (then the finest:
    # on a phone, January and April 2024 were labelled "Jan 2024" and "Mar 2024", which left April's
    # figure without a label of its month); else two or more that vega thins (it hides every other
    # label till none overlap: days' long labels in a narrow plot); else one
    figured = set(map(dt.date.fromordinal, days)) | {dt.date.fromordinal(d).replace(day=1) for d in days}
    fitting = [c for c in candidates if len(c[1]) >= 2 and c[2]]  # a month's tick is its 1st, a day's that day
    chosen = max(fitting, default=None, key=lambda c: (len(figured.intersection(c[1])), -fitting.index(c))) \
        or next((c for c in candidates if len(c[1]) >= 2), None) or next((c for c in candidates if c[2]), None)
    if chosen is None:
        return None  # over centuries: vega's own choice
    kind, found, _ = chosen
    keys = {"day": ("year", "month", "date"), "month": ("year", "month"), "year": ("year",)}[kind]
    return ([{**{key: getattr(d, "day" if key == "date" else key) for key in keys}, "utc": True} for d in found],
            formats[kind])


def _fit_axes(spec: dict[str, Any], unit: str, rows: list[Row], before: float = 0.0) -> None:
    """Axis settings that depend on the figures drawn, set in a shape's spec: a rank axis from
    1st (see _rank_axis); a time axis labelled with years only ("2020", not "Jan 2020") when
    every figure's date is of a year, as labels are never more precise than the dates drawn,
    else with ticks that label each month once (see _time_ticks); with room before its first
    figure (pixels before, see Plot), a time axis that starts earlier than the figures' dates."""
    ranks = _rank_axis([r.value for r in rows], _rank_end(rows)) if unit == "rank" else None
    dated = [r for r in rows if r.date]
    years = _year_ticks([int((r.date or "")[:4]) for r in dated]) \
        if dated and all(r.year_only for r in dated) else None  # not by date_label: it may be words ('2029/30')
    time_axis = any(isinstance(c, dict) and c.get("field") == "date" for layer in spec["layer"]
                    for c in layer.get("encoding", {}).values())  # a timeline's: a comparison has none
    padding = _time_padding(spec["data"]["values"]) if time_axis else TIME_PADDING
    times = _time_ticks([r.date or "" for r in dated], spec["width"], padding, before=before) \
        if time_axis and dated and years is None else None
    domain = _time_domain([r.date or "" for r in dated], spec["width"], padding, before) \
        if time_axis and dated and before > 0 else None
    for layer in spec["layer"]:
        for channel in layer.get("encoding", {}).values():
            if not isinstance(channel, dict):
                continue
            if ranks is not None and channel.get("field") == "value" and "scale" in channel:
                channel["scale"]["domain"] = list(ranks[0])
                channel["axis"] = {**channel.get("axis", {}), "values": ranks[1]}
                channel["axis"].pop("tickCount", None)  # vega thins given values to a tick count
            if years is not None and channel.get("field") == "date" and "axis" in channel:
                channel["axis"].update(format="%Y", values=[{"year": y, "utc": True} for y in years])
                channel["axis"].pop("tickCount", None)
            if times is not None and channel.get("field") == "date" and "axis" in channel:
                channel["axis"].update(values=times[0], format=times[1])
                channel["axis"].pop("tickCount", None)
            if channel.get("field") == "date" and "scale" in channel:
                channel["scale"]["padding"] = padding
                if domain is not None:
                    channel["scale"]["domain"] = domain


def _time_domain(dates: list[str], width: float, padding: int, before: float) -> list[int] | None:
    """A time scale's domain, in milliseconds from 1970 (UTC), for figures on dates (ISO) drawn with
    room before the first (see Plot): from earlier than the first date, to the last; None when
    every figure has the same date (vega draws it in the middle)."""
    days = [dt.date.fromisoformat(d).toordinal() for d in dates]
    first, last = min(days), max(days)
    if first == last:
        return None
    epoch = dt.date(1970, 1, 1).toordinal()
    start = _early_start(first, last, width, padding, before)
    return [round((start - epoch) * DAY_MS), (last - epoch) * DAY_MS]


def _points(base: Any, **position: Any) -> list[Any]:
    """A point per figure, as two layers: context figures (circles), then claims (diamonds) over
    them, so that a claim at the same place as a context figure is never hidden under it. A
    claim's diamond is drawn larger than a circle and outlined in the page's colour (white here,
    the page's background on the site: see style.css), so its shape stands out from a circle
    beneath; a figure given with a qualifier ("nearly 100%") is drawn hollow, an outline in its
    colour, as its number is not an exact value."""
    import altair as alt
    qualified = alt.datum.qualified
    common = dict(color=_colour(), shape=_shape_channel(), tooltip=_tooltip(), description="description:N",
                  fillOpacity=alt.condition(qualified, alt.value(0), alt.value(1)), **position)
    context = base.transform_filter(alt.datum.kind == CONTEXT).mark_point(
        filled=True, size=POINT_SIZE, opacity=1, stroke=COLOURS[CONTEXT]).encode(
        strokeWidth=alt.condition(qualified, alt.value(2), alt.value(0)), **common).properties(name=POINT_LAYERS[CONTEXT])
    claims = base.transform_filter(alt.datum.kind == CLAIM).mark_point(
        filled=True, size=CLAIM_SIZE, opacity=1).encode(
        stroke=alt.condition(qualified, alt.value(COLOURS[CLAIM]), alt.value(OUTLINE)),
        strokeWidth=alt.condition(qualified, alt.value(2), alt.value(1.5)), **common).properties(name=POINT_LAYERS[CLAIM])
    return [_rings(base, **position), context, claims]


def _rings(base: Any, **position: Any) -> Any:
    """A ring round each point, in the text's colour and unseen (opacity 0), under the points: a fact's
    page shows its own figure's ring (render.highlight_css), which marks the point without taking its
    colour, its shape or its hollow away, as an outline drawn on the mark itself did (a hollow point's
    ring turned the text's colour). Named by outline_label, which no other mark's name begins like."""
    import altair as alt
    return base.transform_calculate(outline=f"datum.id + '{OUTLINE_SUFFIX}'").mark_point(
        shape="circle", filled=False, size=RING_SIZE, strokeWidth=RING_WIDTH, color="currentColor", opacity=0,
        ariaRoleDescription="outline").encode(description="outline:N", **position).properties(name=RING_LAYER)


def outline_label(fact_id: str) -> str:
    """The name (aria-label) of the ring round a fact's point: see _rings."""
    return f"{fact_id}{OUTLINE_SUFFIX}"


def _shape_channel() -> Any:
    """Claims as diamonds, context figures as circles."""
    import altair as alt
    return alt.Shape("kind:N", title=None, scale=alt.Scale(domain=list(SHAPES), range=list(SHAPES.values())))


def _value_axis(unit: str, scale: str, **settings: Any) -> Any:
    """The value axis (on the scale named scale, "x" or "y"), a count's numbers written as its figures'
    labels write them: '2 million', not '2,000,000' beside a point labelled 'about 2.16 million'."""
    import altair as alt
    return alt.Axis(**settings, **({"labelExpr": _count_labels(scale)} if unit == "count" else {}))


def _count_labels(scale: str) -> str:
    """A count axis's numbers as fmt.count_axis writes them, all in one style: in millions ('0.5 million')
    where the top of the scale's domain, as vega draws it, is a million or more, else in full ('500,000').
    Both the static drawing and the page's live chart take it from the spec."""
    return (f"extent(domain('{scale}'))[1] >= 1000000"
            " ? (datum.value == 0 ? '0' : format(datum.value / 1000000, '.3~f') + ' million')"
            " : format(datum.value, ',')")


def _axis_title(unit: str) -> str:
    """The value axis title: the unit in words."""
    return {"percent": "Per cent", "count": "Number", "rank": "Rank (1st is the highest)",
            "index": "Index value (0 to 1)", "per-100": "Per 100 people",
            "mbps": "Megabits per second"}.get(unit, "Value")


# -- rendering ----------------------------------------------------------------------------------

class _Renderer:
    """vl-convert (in child processes), behind a cache keyed by a hash of each chart's specs."""

    def __init__(self, cache_dir: Path | None, drawers: Drawers) -> None:
        self.cache_dir, self.drawers = cache_dir, drawers

    def start(self, specs: list[list[dict[str, Any]]], keys: list[str], frames: list[Frame | None]) -> Drawing:
        """SVGs (transparent, one per layout) and PNG (of the first, in its frame) for each
        chart's specs (keys: their keys, see key): cached, or being drawn afresh."""
        drawing = Drawing([self.cached(key, has_card(frame)) for key, frame in zip(keys, frames)], frames)
        missing = [i for i, found in enumerate(drawing.svgs) if found is None]
        if missing:
            drawing.draw(missing, specs, self.drawers, lambda i, drawn: self.keep(keys[i], drawn))
        return drawing

    @staticmethod
    def key(specs: list[dict[str, Any]], frame: Frame | None = None) -> str:
        """The cache key: a hash of the renderer's versions, a chart's specs and its PNG's frame
        with the code that frames it (a new title or credit makes a new PNG, as a new spec does)."""
        text = json.dumps([specs, frame], sort_keys=True, separators=(",", ":"))
        versions = f"{RENDERER_VERSION} {library_version('vl-convert-python')} drawing {drawing_code()}"
        return hashlib.sha256(f"{versions}\n{text}".encode()).hexdigest()

    def cached(self, key: str, card: bool) -> Render | None:
        """The renders kept under key, if any (with the link preview, when the chart has one)."""
        if self.cache_dir is None:
            return None
        paths = [self.cache_dir / f"{key}-{layout}.svg" for layout in LAYOUTS]
        png_path, card_path = self.cache_dir / f"{key}.png", self.cache_dir / f"{key}-card.png"
        if all(path.exists() for path in paths) and png_path.exists() and (not card or card_path.exists()):
            try:
                found = (tuple(path.read_text(encoding="utf-8") for path in paths), png_path.read_bytes(),
                         card_path.read_bytes() if card else None)
            except OSError:  # removed by another build's tidy_cache meanwhile: drawn again
                return None
            _touch([*paths, png_path, *([card_path] if card else [])])
            return found
        return None

    def keep(self, key: str, drawn: Render) -> None:
        """Keep renders under key for the next build (if the cache can be written: else they are
        drawn again)."""
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            for layout, svg in zip(LAYOUTS, drawn[0]):
                _atomic_write(self.cache_dir / f"{key}-{layout}.svg", svg.encode("utf-8"))
            _atomic_write(self.cache_dir / f"{key}.png", drawn[1])
            if drawn[2] is not None:
                _atomic_write(self.cache_dir / f"{key}-card.png", drawn[2])
        except OSError as exc:
            log.debug("could not keep drawings in %s: %s", self.cache_dir, exc)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a cache file so a crash, or another build writing it at once, never leaves half of one."""
    temp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    temp.write_bytes(data)
    temp.replace(path)


def _accessible(svg: str, alt: str, name: str, inline: bool = True) -> str:
    """The SVG as one image with a text alternative and a class naming its layout; its marks
    stay for CSS, hidden from readers. Chromium does not take role="img" to hide what is inside:
    its accessibility tree held each axis's labels and each mark's aria-label ("digital-id-65-percent
    · Claim: …") after the image's own, so everything inside an inline chart's root is in a group
    aria-hidden. A download keeps its structure: shown in an <img>, nothing inside it is read."""
    label = html.escape(alt, quote=True)
    start = svg.index("<svg ")
    end = svg.index(">", start)
    close = svg.rindex("</svg>")
    head = svg[start:end]
    head = head.replace(' class="', f' class="{name} ', 1) if ' class="' in head else f'{head} class="{name}"'
    head = head.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)
    if not inline:
        return svg[:start] + head + svg[end:]
    return svg[:start] + head + '><g aria-hidden="true">' + svg[end + 1:close] + "</g>" + svg[close:]


_ID_ATTR = re.compile(r'\bid="([^"]+)"')


def _namespace(svg: str, prefix: str) -> str:
    """Prefix every id (and every reference to it) so charts on one page never clash."""
    for old in sorted(set(_ID_ATTR.findall(svg)), key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg
