"""Markdown to safe HTML, with [[fact-id]] references turned into linked values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markupsafe import Markup

from .models import ALLOWED_TAGS, FACT_REF

ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "abbr": {"title"}, "th": {"scope"},
                      "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}

_HEADING_TAG = re.compile(r"<(/?)h([2-4])\b")  # in cleaned HTML: the cleaner keeps h2 to h4, and no other '<h'

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


class Markdown:
    """A Markdown renderer bound to one site's fact resolver and base URL."""

    def __init__(self, resolve: Resolver, base: str) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists", "smarty", "attr_list", "toc",
                                                _SiteExtension(resolve)],
                                    output_format="html")
        self.base = base
        self.done: dict[tuple[str, int], Markup] = {}

    def block(self, text: str | None, under: int = 1) -> Markup:
        """Markdown text as sanitised HTML blocks, its '## ' headings a level below the page's heading
        of level `under` that it sits in (h3 in a section headed h2), so a screen reader's outline
        puts them inside it. Each text is converted once: chart notes repeat on every page."""
        if not text:
            return Markup("")
        if (text, under) not in self.done:
            if (text, 1) not in self.done:
                self.md.reset()
                html = self.md.convert(text)
                self.done[text, 1] = Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                                                      url_schemes={"http", "https", "mailto"}, link_rel=None,
                                                      attribute_filter=self._based))
            self.done[text, under] = Markup(_HEADING_TAG.sub(
                lambda m: f"<{m[1]}h{int(m[2]) + under - 1}", self.done[text, 1]))
        return self.done[text, under]

    def _based(self, tag: str, attribute: str, value: str) -> str:
        """A site-absolute link (/about/), whether Markdown's or written as <a href>, under the base URL."""
        if tag == "a" and attribute == "href" and value.startswith("/") and not value.startswith("//") \
                and not value.startswith(self.base):
            return self.base + value.lstrip("/")
        return value

    def inline(self, text: str | None) -> Markup:
        """One paragraph of Markdown as sanitised inline HTML (no <p>)."""
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
