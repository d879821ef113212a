"""The real site as a screen reader reads it (from its HTML, and for the charts from Chromium's
accessibility tree too): what it announces for each chart; links and disclosure buttons that can
be told apart by their names alone, as in a screen reader's lists of a page's links and buttons;
a title of each page's own; breadcrumbs without their drawn separators."""

from __future__ import annotations

import re
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser_support import launch, serve
from helpers import is_embed, is_redirect


def pages(site: Path) -> list[Path]:
    """Every page a reader reaches by the site's own links: not a redirect, not an embed page (shown
    in another site's frame, which names it)."""
    return [p for p in sorted(site.rglob("*.html"))
            if "pagefind" not in p.parts and not is_redirect(p) and not is_embed(p)]


class _ChartInsides(HTMLParser):
    """What a page's chart images (svg role="img") hold outside an aria-hidden part: text, and
    elements with a role or an aria-label, each of which Chromium puts in its accessibility tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside a chart image, hidden)
        self.exposed: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        inside, hidden = self.stack[-1][1:] if self.stack else (False, False)
        hidden = hidden or values.get("aria-hidden") == "true"
        if inside and not hidden and ("role" in values or "aria-label" in values):
            self.exposed.append(f"<{tag}> {values.get('aria-label') or values.get('role')}"[:80])
        if tag == "svg" and values.get("role") == "img":
            self.images += 1
            inside = True
        self.stack.append((tag, inside, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.stack[-1][2] and data.strip():
            self.exposed.append(f"text {data.strip()}"[:80])


def test_a_chart_is_read_as_its_text_alternative_alone(real_site: Path) -> None:
    """A chart is one image whose name gives every figure. Inside it, its axes' numbers and each mark's
    label ("digital-id-65-percent · Claim: …", for the page's CSS) were in Chromium's accessibility
    tree too, read after the image's name, with the fact ids spelt out."""
    images, exposed = 0, {}
    for page in [*pages(real_site), *sorted(real_site.glob("charts/*/embed/index.html"))]:
        parser = _ChartInsides()
        parser.feed(page.read_text(encoding="utf-8"))
        images += parser.images
        if parser.exposed:
            exposed[page.relative_to(real_site).as_posix()] = parser.exposed[:3]
    assert images > 20, "the test found too few charts to read"
    assert not exposed, exposed


@pytest.mark.browser
def test_chromium_reads_each_chart_as_one_image(real_site: Path) -> None:
    """As the test above, in the accessibility tree Chromium gives a screen reader: a chart image's
    descendants are all ignored, on a page with several charts, a chart's page and its embed page."""
    with serve(real_site) as base, launch() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        cdp = page.context.new_cdp_session(page)
        for path in ("", "charts/broadband-over-time/", "charts/headline/embed/"):
            page.goto(base + path)
            nodes = {node["nodeId"]: node for node in cdp.send("Accessibility.getFullAXTree")["nodes"]}
            images = [n for n in nodes.values() if n.get("role", {}).get("value") == "image" and not n.get("ignored")]
            assert images, path
            for image in images:
                below, read = list(image.get("childIds", [])), []
                while below:
                    node = nodes.get(below.pop())
                    if node:
                        below += node.get("childIds", [])
                        if not node.get("ignored"):
                            read.append(f"{node['role']['value']} {(node.get('name') or {}).get('value', '')}"[:60])
                assert not read, (path, image["name"]["value"][:60], read[:5])


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Names(HTMLParser):
    """The accessible names of a page's links and disclosure summaries, its title, and what its
    breadcrumb reads: an element's text without what is aria-hidden, or its aria-label."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, hidden from a screen reader)
        self.open: list[dict] = []  # the named elements being read: tag, href, label, class, text
        self.links: list[dict] = []
        self.summaries: list[str] = []
        self.title = ""
        self.breadcrumbs: list[str] = []
        self.crumb: list[str] | None = None
        self.crumb_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = (bool(self.stack) and self.stack[-1][1]) or values.get("aria-hidden") == "true"
        if tag in ("a", "summary", "title"):
            self.open.append({"tag": tag, "href": values.get("href"), "label": values.get("aria-label"),
                              "class": values.get("class") or "", "text": [], "depth": len(self.stack)})
        if tag == "nav" and values.get("aria-label") == "Breadcrumb":
            self.crumb, self.crumb_depth = [], len(self.stack)
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if self.open and self.open[-1]["tag"] == tag and self.open[-1]["depth"] == len(self.stack):
            element = self.open.pop()
            name = element["label"] if element["label"] is not None else " ".join("".join(element["text"]).split())
            if tag == "a" and element["href"]:
                self.links.append({"name": name, "href": element["href"], "class": element["class"]})
            elif tag == "summary":
                self.summaries.append(name)
            elif tag == "title":
                self.title = name
        if tag == "nav" and self.crumb is not None and len(self.stack) == self.crumb_depth:
            self.breadcrumbs.append(" ".join("".join(self.crumb).split()))
            self.crumb = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1]:
            return
        for element in self.open:
            element["text"].append(data)
        if self.crumb is not None:
            self.crumb.append(data)


def read(page: Path) -> _Names:
    """The names a screen reader gives a page's links, summaries, title and breadcrumb."""
    names = _Names()
    names.feed(page.read_text(encoding="utf-8"))
    names.close()
    return names


def test_links_with_the_same_name_on_a_page_lead_to_the_same_place(real_site: Path) -> None:
    """A screen reader's list of links shows names only: on a claim's page, two links called
    "Unsupported", one to the assessment below and one to the rating scale, and in a chart's data
    table two called "Trend", to two articles, could not be told apart there. A figure linked in
    a sentence ("the national fibre figure of 74%") is left out: its sentence says what it is."""
    clashes = {}
    for page in pages(real_site):
        targets: dict[str, set[str]] = defaultdict(set)
        for link in read(page).links:
            if "fact-ref" not in link["class"].split():
                targets[link["name"].casefold()].add(link["href"])
        clash = {name: sorted(hrefs) for name, hrefs in targets.items() if len(hrefs) > 1}
        if clash:
            clashes[page.relative_to(real_site).as_posix()] = clash
    assert not clashes, clashes


def test_the_downloads_of_all_facts_are_named_for_what_they_hold(real_site: Path) -> None:
    """ "JSON" in a list of links does not say what it downloads: the footer of every page linked to
    "All facts (CSV)", then to "JSON"; the facts table's page, to "CSV" and "JSON". (The about page's
    prose, "The fact tables (CSV, JSON)", is the editors' Markdown, and left to them.)"""
    formats = {"csv", "json", "svg", "png", "atom", "xml"}
    bare = {page.relative_to(real_site).as_posix(): [link["name"] for link in read(page).links
                                                     if link["name"].casefold() in formats]
            for page in pages(real_site) if page.parent.name != "about"}
    assert not {page: names for page, names in bare.items() if names}
    downloads = {link["name"] for link in read(real_site / "facts/index.html").links
                 if link["href"].endswith(("facts.csv", "facts.json"))}
    assert downloads == {"All facts (CSV)", "All facts as CSV", "All facts as JSON"}


def test_disclosures_on_a_page_have_names_of_their_own(real_site: Path) -> None:
    """The home page's three charts each had a button called "Data table": in a list of a page's
    buttons, or tabbing from one to the next, the name alone did not say which chart's it opens."""
    repeated = {}
    for page in pages(real_site):
        summaries = read(page).summaries
        twice = sorted({name for name in summaries if summaries.count(name) > 1})
        if twice:
            repeated[page.relative_to(real_site).as_posix()] = twice
    assert not repeated, repeated


def test_each_pages_title_is_its_own(real_site: Path) -> None:
    """The title is what a screen reader says first on a page, and what its tab and the history list
    show: a metric's page and the page of its chart were both called "Population"."""
    titles: dict[str, list[str]] = defaultdict(list)
    for page in pages(real_site):
        titles[read(page).title].append(page.relative_to(real_site).as_posix())
    assert {title: found for title, found in titles.items() if len(found) > 1} == {}


def test_breadcrumbs_read_their_links_without_the_separator(real_site: Path) -> None:
    """The '›' between a breadcrumb's links is drawn for the eye; read aloud it is "right-pointing angle
    quotation mark" between each link, and the list of landmarks already says it is a breadcrumb."""
    read_aloud = {page.relative_to(real_site).as_posix(): crumb for page in pages(real_site)
                  for crumb in read(page).breadcrumbs if re.search(r"[›»>]", unescape(crumb))}
    assert not read_aloud, read_aloud
    assert any(read(page).breadcrumbs for page in pages(real_site)), "no breadcrumb found: the test reads nothing"


def test_a_claims_rating_links_to_what_the_ratings_mean(real_site: Path) -> None:
    """The rating in a claim's assessment ("Unsupported") linked to About's rating scale, the numbers
    that search engines are given, which comes after the ratings' definitions: a reader asking what
    the rating means landed past the answer. It now leads to the definitions, each rating named there."""
    about = (real_site / "about/index.html").read_text(encoding="utf-8")
    meanings = about[about.index('id="rating-meanings"'):]
    meanings = meanings[:meanings.index("<h", 1)]  # up to the next heading
    claim = (real_site / "facts/sima-3-6-million-users/index.html").read_text(encoding="utf-8")
    rating = re.search(r'<p class="rating">Rating: <a href="([^"]+)"[^>]*>([^<]+)</a>', claim)
    assert rating and rating[1] == "/about/#rating-meanings"
    assert f"<strong>{rating[2]}</strong>:" in meanings
