"""Embedding a chart in another site's page: the frame's height, and the code that makes the frame.

A frame (iframe) is as tall as its code says, whatever it shows: the chart's embed page
(charts/<id>/embed/, templates/embed.html) must fit in it without scrolling, from a phone to a
desktop. Its height is worked out here from what the page shows (title, takeaway, chart,
definitions, source line, the data table's summary, credit) in frames from the narrowest a phone
gives (NARROWEST) to the widest the page's column takes (WIDEST); the tallest is given. The text
wraps to more lines the narrower the frame, so in a wide frame the page ends above the frame's
foot: by some hundreds of pixels for a chart with long notes. Text is measured by the advance
widths of DejaVu Sans, which Debian's browsers give the page's font stack and which is one of the
widest such fonts (Segoe UI, San Francisco and Roboto are narrower), so the estimate errs on the
tall side. The embed page also tells the page around it its exact height (static/embed.js); the
code's script, where that page lets it run, fits the frame to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from .models import SITE_NAME

NARROWEST = 320  # px: a 360 px phone's column, less a margin of 20 px a side
WIDEST = 704  # px: the page's column at most (style.css, --measure: 44rem), whatever the frame's width
NARROW_BELOW = 560  # px: frames narrower than this show the narrow layout (style.css, 35rem)
PADDING = 6  # px: the page's padding each side (style.css, .embed main) and above and below the figure
SLACK = 24  # px: for rounding, and a line more than estimated somewhere
CREDIT = f"Chart: {SITE_NAME} · CC BY 4.0"  # the credit line, as templates/_macros.html writes it
MESSAGE = "baku-digital-claims"  # the key of the message static/embed.js posts, {MESSAGE: {height: …}}

# What each block's lines take, in px at the page's sizes (style.css): font size, line height.
TITLE = (20.0, 24.0)  # .embed .chart-title, an h1: 1.25rem, bold, line-height 1.2
BODY = (17.0, 26.35)  # the takeaway: 1.0625rem, line-height 1.55
CAPTION = (15.0, 23.25)  # the figure's caption: .9375rem, line-height 1.55
# Vertical margins between blocks, as collapsed, in px: below the title, below the takeaway,
# above the caption, round the definitions, the source line, the data table's summary, the credit.
AFTER_TITLE, AFTER_TAKEAWAY, CAPTION_TOP = 4.0, 12.0, 8.0
DEFINITIONS_GAP, PARAGRAPH_GAP, DETAILS_GAP, CREDIT_GAP = 4.0, 15.0, 8.0, 4.0
LIST_INDENT = 20.0  # .definitions: padding-left 1.25rem
BOLD = 1.1  # a bold letter's width, as a share of the regular one's

_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


@dataclass(frozen=True)
class Shown:
    """What a chart's embed page shows, as plain text, and its two drawings' sizes (width, height)."""

    title: str
    takeaway: str
    definitions: tuple[str, ...]
    source: str
    wide: tuple[float, float]
    narrow: tuple[float, float]
    definition: str = ""  # what a chart of one measure measures, a paragraph above the source


def embed_path(chart_id: str) -> str:
    """The address of a chart's embed page, under its own: charts/<id>/embed/."""
    return f"charts/{chart_id}/embed/"


def svg_size(svg: str) -> tuple[float, float]:
    """An inline SVG's width and height in px, from its opening tag."""
    found = _SVG_SIZE.search(svg)
    if found is None:
        raise ValueError("an SVG without a width and height")
    return float(found[1]), float(found[2])


def _advance(char: str) -> float:
    """About how wide a letter is in DejaVu Sans, in ems (by kind of letter; digits are exact)."""
    if char in " .,:;'’|!":
        return 0.32
    if char in "iljI":
        return 0.28
    if char in "ftr()-‘“”\"":
        return 0.41
    if char in "mwMW%":
        return 0.99
    if char.isupper():
        return 0.75
    if char.isdigit():
        return 0.64
    return 0.63


def lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """How many lines text wraps to in a column width px wide at font size px: words are
    broken at spaces only, a word wider than the line on lines of its own."""
    scale = size * (BOLD if bold else 1.0)
    space = _advance(" ") * scale
    count, used = 0, 0.0
    for word in text.split():
        wide = sum(map(_advance, word)) * scale
        if count and used + space + wide <= width:
            used += space + wide
            continue
        count += max(1, math.ceil(wide / width))
        used = wide % width if wide > width else wide
    return max(count, 1) if text.strip() else 0


def page_height(shown: Shown, frame: float) -> float:
    """The embed page's height in px in a frame frame px wide, as estimated."""
    column = min(frame, WIDEST) - 2 * PADDING
    svg_width, svg_height = shown.narrow if frame < NARROW_BELOW else shown.wide
    drawing = svg_height * min(1.0, frame / svg_width)  # the chart spans the frame, and shrinks to fit it
    height = 2 * PADDING + lines(shown.title, column, TITLE[0], bold=True) * TITLE[1] + AFTER_TITLE
    height += lines(shown.takeaway, column, BODY[0]) * BODY[1] + AFTER_TAKEAWAY + drawing + CAPTION_TOP
    if shown.definitions:  # a line of its own above them
        caption_lines = 1 + sum(lines(item, column - LIST_INDENT, CAPTION[0]) for item in shown.definitions)
        height += caption_lines * CAPTION[1] + 3 * DEFINITIONS_GAP
    if shown.definition:
        height += lines(shown.definition, column, CAPTION[0]) * CAPTION[1] + DEFINITIONS_GAP
    caption_lines = lines(shown.source, column, CAPTION[0]) + 1 + lines(CREDIT, column, CAPTION[0])  # 1: the summary
    return height + caption_lines * CAPTION[1] + 2 * PARAGRAPH_GAP + DETAILS_GAP + CREDIT_GAP


def frame_height(shown: Shown) -> int:
    """The height to give the frame, in px: the most the page takes in a frame from NARROWEST px
    wide up, and some to spare. Its text takes fewer lines the wider the frame, and each layout's
    drawing is at its tallest from its own width up, so the most is at one of a few widths: the
    narrowest, each layout's narrowest and the width of each drawing (where it stops shrinking)."""
    widths = {NARROWEST, NARROW_BELOW, WIDEST, shown.narrow[0], shown.wide[0]}
    return math.ceil(max(page_height(shown, w) for w in widths if NARROWEST <= w <= WIDEST) + SLACK)


def code(src: str, title: str, height: int, origin: str) -> str:
    """The HTML that shows a chart's embed page (src, an absolute address) in another site's page:
    a frame of the chart's title and the given height, the width of its column, that sends no
    more than the embedding site's origin as its referrer; then a script that fits the frame to
    the height the embed page tells it, when the message comes from origin (the site's)."""
    frame = (f'<iframe src="{escape(src)}" title="{escape(title)}" height="{height}" style="width:100%;border:0" '
             'loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>')
    listener = ('<script>addEventListener("message",function(e){var d=e.origin===' + _js_string(origin)
                + f'&&e.data&&e.data["{MESSAGE}"];if(d&&d.height>0)for(var f of document.getElementsByTagName("iframe"))'
                'if(f.contentWindow===e.source)f.style.height=d.height+"px"})</script>')
    return frame + "\n" + listener


def _js_string(text: str) -> str:
    """A JavaScript string literal of text that cannot end the script early."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\u003c") + '"'
