"""Markdown to safe HTML, with [[fact-id]] references turned into linked values."""

from __future__ import annotations

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
        self.done: dict[str, Markup] = {}

    def block(self, text: str | None) -> Markup:
        """Markdown text as sanitised HTML blocks (each text converted once: chart notes and
        takeaways repeat on every page their chart is on)."""
        if not text:
            return Markup("")
        if text not in self.done:
            self.md.reset()
            html = self.md.convert(text)
            self.done[text] = Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                                               url_schemes={"http", "https", "mailto"}, link_rel=None,
                                               attribute_filter=self._based))
        return self.done[text]

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
