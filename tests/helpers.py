"""Small helpers shared by tests: tree hashing, link extraction, a downloaded chart's frame."""

from __future__ import annotations

import functools
import hashlib
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

# An assessment of the mini project's claim (coverage-claim), to append to its file
CLAIM_ASSESSMENT = """assessment:
  rating: accurate-but-incomplete
  summary: The survey found [[coverage-survey]], lower than the claim.
  gets_right: Homes can connect.
  leaves_out: The survey.
  measures: Homes that can connect.
  date: 2030-03-05
"""


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder mapped to the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "data-spec", "data-bundle") and value:
                self.links.append(value)


def links_in(html: str) -> list[str]:
    """Every href, src and data-spec/data-bundle value in a page."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def is_redirect(page: Path) -> bool:
    """True for a page that only sends readers on to another (an entry of data/redirects.yaml)."""
    return '<meta http-equiv="refresh"' in page.read_text(encoding="utf-8")


def is_embed(page: Path) -> bool:
    """True for a chart's embed page (charts/<id>/embed/), which other sites show in a frame: the
    chart alone, without the site's header, footer, link previews or search."""
    return page.parent.name == "embed" and page.parent.parent.parent.name == "charts"


def chart_dirs(site: Path) -> list[Path]:
    """The folder of each chart of a built site, sorted: charts/<id>/, without the folders of old chart
    addresses that hold only a redirect page."""
    return sorted(p for p in (site / "charts").iterdir() if (p / "chart.svg").is_file())


@functools.cache
def real_facts() -> dict[str, dict]:
    """The real site's facts as their YAML files give them, by id (read once; not to be changed):
    what a test of the real site expects is read from here, so that an editor's everyday change
    does not fail it."""
    import yaml
    folder = Path(__file__).resolve().parents[1] / "data" / "facts"
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yaml"))}


def shown(typed: str) -> str:
    """A plain text an editor typed as the site shows it: its straight quotes made typographic
    (tests/test_build.py checks how); for comparing pages with the YAML they are built from."""
    from bakuclaims.typography import Quotes
    return Quotes()(typed)


def text_of(html: str) -> str:
    """A page's visible-ish text: tags removed, whitespace folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


SVG = "{http://www.w3.org/2000/svg}"
LONG_TITLE = ("The minister's claim of fibre coverage beside the household survey of the Statistics Office, "
              "with every WWW-connected home in Əlibəyli and Xırdalan counted once, and "
              "Telecommunicationsinfrastructuredevelopmentprogrammes")  # a chart title; its last word is wider than a line


LONG_TAKEAWAY = ("The minister said the coverage of fibre reached almost every home, which the household survey "
                 "of the Statistics Office does not bear out; its count of homes that could connect was lower, in "
                 "Əlibəyli and Xırdalan as in the capital, and WWW-connected offices were counted apart. "
                 "Seethestatisticsofficesreportoftheyearforthemethod")  # a takeaway; its last word is wider than a line


def framed_download(svg: str) -> tuple[list[str], list[str], tuple[float, float], ET.Element]:
    """A downloaded chart's frame: its title lines (bold), its footer lines (below the chart), the
    image's width and height, and the chart drawn inside it (the nested <svg>)."""
    root = ET.fromstring(svg.split("?>", 1)[-1].strip())
    nested = [e for e in root.iter(f"{SVG}svg") if e is not root]
    assert nested, "the download holds no chart drawn inside a frame"
    texts = _frame_texts(root, nested[0])
    title = ["".join(t.itertext()) for t in texts if t.get("font-weight") == "bold"]
    top = _chart_top(root)
    footer = ["".join(t.itertext()) for t in texts  # a list item's bullet and words
              if t.get("font-weight") != "bold" and float(t.get("y", 0)) > top]
    return title, footer, (float(root.get("width", 0)), float(root.get("height", 0))), nested[0]


def framed_takeaway(svg: str) -> list[str]:
    """A downloaded chart's takeaway: the lines under its title, above the chart."""
    root = ET.fromstring(svg.split("?>", 1)[-1].strip())
    nested = next(e for e in root.iter(f"{SVG}svg") if e is not root)
    top = _chart_top(root)
    return ["".join(t.itertext()) for t in _frame_texts(root, nested)
            if t.get("font-weight") != "bold" and float(t.get("y", 0)) < top]


def _frame_texts(root: ET.Element, nested: ET.Element) -> list[ET.Element]:
    """The frame's lines of text: those outside the chart drawn inside it."""
    inside = {id(t) for t in nested.iter(f"{SVG}text")}
    return [t for t in root.iter(f"{SVG}text") if id(t) not in inside]


def _chart_top(root: ET.Element) -> float:
    """Where the chart drawn inside a frame starts, in pixels from the frame's top."""
    placed = next(g for g in root if g.tag == f"{SVG}g" and g.find(f"{SVG}svg") is not None)
    return float(re.search(r"translate\([-\d.]+,([-\d.]+)\)", placed.get("transform", ""))[1])


def chart_figures(site: Path) -> dict[str, tuple[str, str]]:
    """Each chart's title and source paragraph, as the site's pages show them (text only), its
    own page's among them (a chart may be shown there alone)."""
    found: dict[str, tuple[str, str]] = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<figure class="chart" id="chart-([^"]+)".*?<h[123] class="chart-title"[^>]*>(.*?)</h[123]>'
                                 r'.*?<p class="chart-source">(.*?)</p>', html, re.S):
            found.setdefault(match[1], (plain_text(match[2]), plain_text(match[3])))
    return found


def index_entries(html: str) -> dict[str, tuple[str, list[str]]]:
    """The entries of a list page's <dl class="index-list"> (speakers, charts), in order: the
    address each entry links to → its link's text and the text of each of its <dd>s."""
    found: dict[str, tuple[str, list[str]]] = {}
    for lists in re.findall(r'<dl class="index-list">(.*?)</dl>', html, re.S):
        for term, details in re.findall(r"<dt>(.*?)</dt>((?:\s*<dd[^>]*>.*?</dd>)*)", lists, re.S):
            address = re.search(r'href="([^"]+)"', term)
            assert address, f"an entry without a link: {term}"
            found[address[1]] = (plain_text(term), [plain_text(d) for d in re.findall(r"<dd[^>]*>(.*?)</dd>", details, re.S)])
    return found


def plain_text(fragment: str) -> str:
    """An HTML fragment's text, whitespace folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).strip()
