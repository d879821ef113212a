"""Markdown to safe HTML, with [[fact-id]] references turned into linked values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup

from .models import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, FACT_REF

_HEADING_TAG = re.compile(r"<(/?)h([2-4])\b")  # in cleaned HTML: the cleaner keeps h2 to h4, and no other '<h'

# The ids a page gives its own parts, which a heading in a text shown inside one of its sections must not
# take: "## Corrections" in a fact's notes took the id of the page's Corrections section, so the page
# had two and its "1 correction" link went to the notes. Those of fact.html, event.html and base.html,
# and the prefixes of the ids of a page's charts (chart-…) and groups of cards (render.py's Group).
PAGE_IDS = frozenset({"main", "assessment", "assessment-heading", "details-heading", "arithmetic-heading",
                      "notes-heading", "corrections", "corrections-heading", "cite-heading", "bibtex",
                      "related-heading", "summary-heading", "facts-heading", "contents-title", "no-figure"})
PAGE_ID_PREFIXES = ("chart-", "metric-", "claims-", "figures-")

Resolver = Callable[[str], tuple[str, str, bool]]  # fact id → (link, text shown, whether a figure)


class _FactRef(InlineProcessor):
    """[[fact-id]] → <a class="fact-ref figure" href="…/facts/fact-id/">value</a> (without "figure"
    where the fact has no value and its title is shown)."""

    def __init__(self, resolve: Resolver) -> None:
        super().__init__(FACT_REF.pattern)
        self.resolve = resolve

    def handleMatch(self, m, data):  # type: ignore[no-untyped-def, override]
        href, text, figure = self.resolve(m.group(1).strip())
        link = etree.Element("a", {"class": "fact-ref figure" if figure else "fact-ref", "href": href})
        # A figure is read whole: "nearly 100%", "25 Mbps" not split over two lines, nor the stop after it
        link.text = text.replace(" ", "\u00a0") if figure else text
        return link, m.start(0), m.end(0)


class _SiteExtension(Extension):
    def __init__(self, resolve: Resolver) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_FactRef(self.resolve), "fact_ref", 175)


def _page_heading_id(text: str, separator: str) -> str:
    """A heading's id in a page's own text: Python-Markdown's, unless it is the skip link's target."""
    made = slugify(text, separator)
    return made + "_1" if made == "main" else made


def _inner_heading_id(text: str, separator: str) -> str:
    """A heading's id in a text shown inside a page's section: Python-Markdown's, numbered as a second
    heading of that name would be where the page gives the id to one of its own parts."""
    made = slugify(text, separator)
    return made + "_1" if made in PAGE_IDS or made.startswith(PAGE_ID_PREFIXES) else made


class Markdown:
    """A Markdown renderer bound to one site's fact resolver and base URL."""

    def __init__(self, resolve: Resolver, base: str) -> None:
        def converter(heading_id: Callable[[str, str], str]) -> markdown.Markdown:
            """Python-Markdown with the site's extensions, its headings' ids made by heading_id."""
            return markdown.Markdown(extensions=["tables", "sane_lists", "smarty", "attr_list",
                                                 TocExtension(slugify=heading_id), _SiteExtension(resolve)],
                                     output_format="html")
        self.md = converter(_page_heading_id)  # a page's own text (About), whose ids other pages link to
        self.inner_md = converter(_inner_heading_id)  # a text inside a page's section
        self.base = base
        self.done: dict[tuple[str, int], Markup] = {}

    def block(self, text: str | None, under: int = 1) -> Markup:
        """Markdown text as sanitised HTML blocks, its '## ' headings a level below the page's heading
        of level `under` that it sits in (h3 in a section headed h2), so a screen reader's outline
        puts them inside it, and its headings' ids none the page gives its own parts. Each text is
        converted once: chart notes repeat on every page."""
        if not text:
            return Markup("")
        if (text, under) not in self.done:
            converter = self.md if under == 1 else self.inner_md
            converter.reset()
            html = nh3.clean(converter.convert(text), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                             url_schemes={"http", "https", "mailto"}, link_rel=None, attribute_filter=self._based)
            self.done[text, under] = Markup(_HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + under - 1}", html))
        return self.done[text, under]

    def _based(self, tag: str, attribute: str, value: str) -> str:
        """A site-absolute link (/about/), whether Markdown's or written as <a href>, under the base URL;
        a space typed in an address (<https://…/a report.pdf>) written as %20, as a valid address has it."""
        if tag == "a" and attribute == "href":
            value = value.replace(" ", "%20")
            if value.startswith("/") and not value.startswith("//") and not value.startswith(self.base):
                return self.base + value.lstrip("/")
        return value

    def inline(self, text: str | None) -> Markup:
        """One paragraph of Markdown as sanitised inline HTML (no <p>)."""
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
