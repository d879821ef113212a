"""A chart's downloads framed for reuse: its title and takeaway above it, its source and the site's
credit below, on white, around the SVG vl-convert drew, which is placed inside unchanged. A chart's link
preview (card) frames it likewise on a canvas of a fixed size, the chart scaled to fit; a claim's
(claim_card) is text alone, laid out as the claim's page begins.

A frame is plain data (see Frame), so that the drawing child (vldraw), which makes the PNG,
frames each chart exactly as the build frames the SVG download: both call framed. This module
imports the standard library alone, and nothing of the build's.

Text is wrapped to the chart's width by an estimate of its width that errs on the wide side, so
no line runs past the edge: wide enough for Liberation Sans (vl-convert's own font, see
vl-convert-fonts.conf, which draws the PNG) and for DejaVu Sans, which a browser may draw the SVG
download's sans-serif with. chart.py's own estimate (_text_width) is of Liberation Sans's
regular weight alone, and takes a capital O or D for an A, so it can come out narrow.

The link previews (card, claim_card) are PNG alone, drawn in Liberation Sans: their text is
measured by the font's own advance widths (drawn_width, from liberation-sans-widths.json, which
`python -m bakuclaims.fontwidths` writes), so that a line fills the card's width: by the estimate,
titles wrapped at about 70% of it.
"""

from __future__ import annotations

import functools
import html
import json
import math
from pathlib import Path
from typing import Callable, TypedDict

MARGIN = 16  # pixels of white around the title, the chart and the footer
GAP = 8  # pixels between the title and the chart, and between the chart and the footer
LEADING = 1.4  # a line's height, in font sizes
BULLET = "• "  # begins a footer paragraph that is an item of a list: it follows the one before with no gap
SEPARATOR = " · "  # between the parts of a footer line: the site, its licence, its address
# Widest advance in its class, in ems, regular and bold, of Liberation Sans (vl-convert's font, and
# Arial's metrics) and DejaVu Sans (a browser's sans-serif on many Linux machines), as Chromium measures them.
NARROW = " \u00a0,.:;'!|()[]-/ijlrtf·"  # DejaVu's r: 0.411 regular, 0.493 bold
WIDE = "mwMW%@—…#+<=>^~&"  # Liberation's @ 1.015 regular; DejaVu's bold W 1.103
SMALL = "\"$*?_`{}“”‘’«»–"  # as digits and small letters: DejaVu's digits 0.636, its bold g 0.716
ADVANCE = {"narrow": (0.42, 0.5), "small": (0.64, 0.72), "capital": (0.79, 0.86), "wide": (1.02, 1.11)}  # Ö, Ə
CARD = (600, 315)  # a link preview's canvas: 1,200 x 630 pixels as PNG, the 1.91:1 that Open Graph's previews show
CARD_TITLE = 18  # pixels: a card's title, read at about 40% of its size in a social media feed
CARD_TEXT = 11  # pixels: a card's source and credit
CARD_TITLE_LINES = 2  # a longer title ends in an ellipsis: the page's own title goes with the link
_BREAKS = str.maketrans("\t\n\r", "   ")  # where wrapped may break a line, as at a space
WIDTHS = "liberation-sans-widths.json"  # the PNGs' font's advance widths (see drawn_width)
LATIN = 0x2B0  # characters from here on (other scripts, symbols) are taken as wide; ə (U+0259) is before


Measure = Callable[[str, float, bool], float]  # how wide text is drawn at a size, bold or not (text_width, drawn_width)


class Frame(TypedDict):
    """What a framed download shows around its chart, and in which font, sizes and colours."""

    title: str
    takeaway: str  # under the title, as on the chart's page: what the chart shows, in a sentence or a few ("": none)
    footer: list[list[str]]  # below the chart: the source, then the credit, each as parts joined by " · "
    font: str
    size: int  # pixels
    title_colour: str
    colour: str
    background: str
    card: list[str] | None  # a link preview's footer, as parts joined by " · "; None: no preview is made


def framed(svg: str, frame: Frame) -> str:
    """The chart's SVG inside a larger one, with the frame's title above it (bold, wrapped to
    the chart's width) and its takeaway under the title (half a line below it, wrapped likewise),
    and its footer's paragraphs below the chart (wrapped likewise, half a line apart but for the
    items of a list, whose lines hang under their first word), on the frame's background."""
    start = svg.index("<svg")
    head = svg[start:svg.index(">", start)]
    chart_width, chart_height = (_attribute(head, name) for name in ("width", "height"))
    size = frame["size"]
    line = math.ceil(size * LEADING)
    title = wrapped(frame["title"], chart_width, size, bold=True)
    takeaway = wrapped(frame["takeaway"], chart_width, size)
    takeaway_top = MARGIN + len(title) * line + line // 2  # the top of its first line
    chart_top = (takeaway_top + len(takeaway) * line if takeaway else MARGIN + len(title) * line) + GAP
    footer_top = chart_top + math.ceil(chart_height) + GAP
    bold = f'font-weight="bold" fill="{_escape(frame["title_colour"])}"'
    texts = _column(title, MARGIN + size, line, bold) + _column(
        takeaway, takeaway_top + size, line, f'fill="{_escape(frame["title_colour"])}"')
    baseline = footer_top + size
    style = f'fill="{_escape(frame["colour"])}"'
    for i, parts in enumerate(frame["footer"]):
        if parts and parts[0].startswith(BULLET):  # an item: its lines one em in, its bullet in the margin
            lines = joined([parts[0].removeprefix(BULLET), *parts[1:]], chart_width - size, size)
            texts += [_text(text, baseline + j * line, style, indent=size, bullet=not j)
                      for j, text in enumerate(lines)]
        else:
            baseline += line // 2 if i else 0
            lines = joined(parts, chart_width, size)
            texts += _column(lines, baseline, line, style)
        baseline += len(lines) * line
    width = math.ceil(chart_width) + 2 * MARGIN
    height = baseline - size + MARGIN
    return _canvas(width, height, frame, size, texts, svg[start:], f"translate({MARGIN},{chart_top})")


def card(svg: str, frame: Frame) -> str:
    """The chart as a link preview: on a canvas of CARD's size, its title above (larger, on at most
    CARD_TITLE_LINES lines) and the card's footer below (wrapped), the chart scaled to the room
    between them and centred across it."""
    width, height = CARD
    start = svg.index("<svg")
    head = svg[start:svg.index(">", start)]
    chart_width, chart_height = (_attribute(head, name) for name in ("width", "height"))
    room = width - 2 * MARGIN
    title_line, line = math.ceil(CARD_TITLE * 1.2), math.ceil(CARD_TEXT * LEADING)
    title = _at_most(wrapped(frame["title"], room, CARD_TITLE, bold=True, measure=drawn_width), CARD_TITLE_LINES,
                     room, CARD_TITLE, measure=drawn_width)
    footer = joined(frame["card"] or [], room, CARD_TEXT, measure=drawn_width)
    chart_top = MARGIN + len(title) * title_line + GAP
    footer_top = height - MARGIN - len(footer) * line
    scale = min(room / chart_width, (footer_top - GAP - chart_top) / chart_height)
    left = MARGIN + (room - chart_width * scale) / 2
    bold = f'font-size="{CARD_TITLE}px" font-weight="bold" fill="{_escape(frame["title_colour"])}"'
    texts = _column(title, MARGIN + CARD_TITLE, title_line, bold) + _column(
        footer, footer_top + CARD_TEXT, line, f'fill="{_escape(frame["colour"])}"')
    return _canvas(width, height, frame, CARD_TEXT, texts, svg[start:],
                   f"translate({left:.2f},{chart_top}) scale({scale:.4f})")


def _column(lines: list[str], first: int, step: int, style: str) -> list[str]:
    """Lines of text at the left margin, the first's baseline at first, each step below the last."""
    return [_text(text, first + i * step, style) for i, text in enumerate(lines)]


def _canvas(width: int, height: int, frame: Frame, size: int, texts: list[str], chart: str, place: str) -> str:
    """An SVG of width by height on the frame's background: texts, in its font at size, and the
    chart's SVG, nested, placed by the transform place."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="{_escape(frame["background"])}"/>'
            f'<g font-family="{_escape(frame["font"])}" font-size="{size}px">{"".join(texts)}</g>'
            f'<g transform="{place}">{_unclipped(chart)}</g></svg>')


class ClaimCard(TypedDict):
    """What a claim's link preview says, as its page says it: its kind, title, figure (or ""),
    rating and who said it where and when; and the site's credit below."""

    kind: str
    title: str
    figure: str
    rating: str
    byline: str
    footer: list[str]  # parts joined by " · "


# a claim card's look: the page's colours for light paper (style.css), vl-convert's font
CLAIM_LOOK = {"font": "Liberation Sans, Arial, sans-serif", "ink": "#1a1a1a", "muted": "#4f4f4f",
              "claim": "#a8421a", "background": "#ffffff"}
CLAIM_SIZES = {"kind": 13, "title": 24, "figure": 56, "rating": 20, "byline": 15, "footer": 11}
CLAIM_MARGIN = 28
CLAIM_GAP = 12  # pixels at least between the last line above the credit and the credit
CLAIM_TITLE_LINES = 3


def claim_card(card: ClaimCard) -> str:
    """A claim's link preview on a canvas of CARD's size, laid out as the top of its page: a
    tag naming its kind, then its title (bold, on at most CLAIM_TITLE_LINES lines, fewer if the
    card would not hold them), its figure (large), its rating and who said it where and when,
    with the site's credit at the foot; a bar down the left edge in the claims' colour, as the
    page's assessment has."""
    width, height = CARD
    sizes, look, left = CLAIM_SIZES, CLAIM_LOOK, CLAIM_MARGIN
    room = width - 2 * left
    footer = joined(card["footer"], room, sizes["footer"], measure=drawn_width)
    line = math.ceil(sizes["footer"] * LEADING)
    footer_top = height - left + 8 - len(footer) * line  # the top of the footer's first line
    tag_width = math.ceil(drawn_width(card["kind"], sizes["kind"]) + 12)
    tag_height = math.ceil(sizes["kind"] * 1.6)
    # the figure as large as fits on one line ("more than 12.5 per 100 people" is long)
    figure_size = min(sizes["figure"], math.floor(room / max(drawn_width(card["figure"], 1, bold=True), 1)))
    byline = wrapped(card["byline"], room, sizes["byline"], measure=drawn_width)
    # the title's size and most lines, and the byline's most lines, tried in turn until the card holds
    # them: a smaller title before a shorter one, the byline cut only when a title of one line is too much
    tries = [(sizes["title"], CLAIM_TITLE_LINES, len(byline)), (sizes["title"] - 3, CLAIM_TITLE_LINES, len(byline)),
             *((sizes["title"], n, len(byline)) for n in range(CLAIM_TITLE_LINES - 1, 0, -1)), (sizes["title"], 1, 1)]
    for title_size, most, byline_most in tries:
        title = _at_most(wrapped(card["title"], room, title_size, bold=True, measure=drawn_width), most, room,
                         title_size, measure=drawn_width)
        lines = [*((text, "title", "ink") for text in title),
                 *([(card["figure"], "figure", "ink")] if card["figure"] else []), (card["rating"], "rating", "ink"),
                 *((text, "byline", "muted") for text in _at_most(byline, byline_most, room, sizes["byline"], False,
                                                                  measure=drawn_width))]
        size_of = {**sizes, "title": title_size, "figure": figure_size}
        steps = [math.ceil(size_of[kind] * {"title": 1.2, "figure": 1.1, "rating": 1.6}.get(kind, LEADING))
                 for _, kind, _ in lines]
        if left + tag_height + 12 + sum(steps) + CLAIM_GAP <= footer_top:
            break
    parts = [f'<rect x="{left}.5" y="{left}.5" width="{tag_width}" height="{tag_height}" rx="3" fill="none" '
             f'stroke="{look["claim"]}"/>',
             _at(left + 6, left + math.ceil(sizes["kind"] * 1.15), card["kind"], sizes["kind"], look["claim"])]
    y = left + tag_height + 12
    for (text, kind, colour), step in zip(lines, steps):
        y += step
        parts.append(_at(left, y, text, size_of[kind], look[colour], bold=kind != "byline"))
    for i, text in enumerate(footer):
        parts.append(_at(left, footer_top + (i + 1) * line - 4, text, sizes["footer"], look["muted"]))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" fill="{look["background"]}"/>'
            f'<rect width="6" height="{height}" fill="{look["claim"]}"/>'
            f'<g font-family="{_escape(look["font"])}">{"".join(parts)}</g></svg>')


def _at(x: int, baseline: int, text: str, size: int, colour: str, bold: bool = False) -> str:
    """One line of text, its left end at x."""
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x}" y="{baseline}" font-size="{size}px"{weight} fill="{colour}">{_escape(text)}</text>'


def _at_most(lines: list[str], count: int, width: float, size: int, bold: bool = True,
             measure: Measure | None = None) -> list[str]:
    """The first count lines, the last of them ending in an ellipsis if any were left out."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1]
    while last and (measure or text_width)(f"{last} …", size, bold) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[:count - 1], f"{last} …"]


def _unclipped(svg: str) -> str:
    """The chart's SVG, nested, drawn without a clip to its box: it draws nothing outside it, and
    resvg (vl-convert's PNG maker) took 60 ms more a chart to clip it (three times as long)."""
    return svg.replace("<svg ", '<svg overflow="visible" ', 1)


def joined(parts: list[str], width: float, size: int, measure: Measure | None = None) -> list[str]:
    """Parts joined by " · " on lines no wider than width: a part that does not fit on the line
    starts the next (wrapped itself if it is wider than a line), so no line ends in a dot."""
    lines: list[str] = []
    for part in parts:
        if lines and (measure or text_width)(f"{lines[-1]}{SEPARATOR}{part}", size, False) <= width:
            lines[-1] += SEPARATOR + part
        else:
            lines += wrapped(part, width, size, measure=measure)
    return lines


def wrapped(text: str, width: float, size: int, bold: bool = False, measure: Measure | None = None) -> list[str]:
    """Text in lines no wider than width (by measure; text_width unless given), broken between
    words; a word wider than a whole line is broken inside it (an address after a slash), so
    nothing is cut."""
    width_of = measure or text_width
    lines: list[str] = []
    current = ""
    for word in text.translate(_BREAKS).split(" "):  # not at a non-breaking space ("15 May 2024")
        if not word:
            continue
        longer = f"{current} {word}" if current else word
        if width_of(longer, size, bold) <= width:
            current = longer
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:  # a word alone on its line, broken where it would run past the edge
            if current and width_of(current + char, size, bold) > width:
                cut = current.rfind("/") + 1  # an address breaks after a slash, where there is one
                lines.append(current[:cut] if cut else current)
                current = current[cut:] if cut else ""
            current += char
    return lines + [current] if current else lines


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide text is drawn at most, in pixels: each character as the widest of its class."""
    return size * sum(ADVANCE[_class(char)][bold] for char in text)


def drawn_width(text: str, size: float, bold: bool = False) -> float:
    """How wide text is drawn in Liberation Sans, the PNGs' font, in pixels: each character's
    advance as the font gives it (kerning only narrows a line), one it has no width for as
    text_width takes it; and a pixel more, for rounding."""
    advances = _advances()[bold]
    return 1 + size * sum(advances[char] if char in advances else ADVANCE[_class(char)][bold] for char in text)


@functools.cache
def _advances() -> tuple[dict[str, float], dict[str, float]]:
    """Liberation Sans's advance widths, in ems, regular and bold, by character."""
    table = json.loads(Path(__file__).with_name(WIDTHS).read_text(encoding="utf-8"))
    em = table["units_per_em"]
    return tuple({text[i]: int(text[i + 1:i + 5]) / em for i in range(0, len(text), 5)}  # type: ignore[return-value]
                 for text in (table["regular"], table["bold"]))


def _class(char: str) -> str:
    """A character's class of width (see ADVANCE): anything not known, and any letter of another
    script than the Latin, is taken as wide."""
    if char in NARROW:
        return "narrow"
    if char in WIDE:
        return "wide"
    if char in SMALL or (char.isalnum() and ord(char) < LATIN and not char.isupper()):
        return "small"
    if char.isupper() and ord(char) < LATIN:
        return "capital"
    return "wide"


def _attribute(head: str, name: str) -> float:
    """A number attribute of an element's start tag."""
    marker = f' {name}="'
    at = head.index(marker) + len(marker)
    return float(head[at:head.index('"', at)])


def _text(text: str, baseline: int, style: str, indent: int = 0, bullet: bool = False) -> str:
    """One line of text at the left margin, or indent pixels in from it; with bullet, a list item's
    first line, its bullet at the margin and its words at the indent (a tspan placed there, so
    that they line up with the item's other lines in any font)."""
    if bullet:
        return (f'<text x="{MARGIN}" y="{baseline}" {style}>{_escape(BULLET)}'
                f'<tspan x="{MARGIN + indent}">{_escape(text)}</tspan></text>')
    return f'<text x="{MARGIN + indent}" y="{baseline}" {style}>{_escape(text)}</text>'


def _escape(text: str) -> str:
    """Text or an attribute's value, escaped for XML."""
    return html.escape(text, quote=True)
