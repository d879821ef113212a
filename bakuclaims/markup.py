"""Markdown to safe HTML, with [[fact-id]] references turned into linked values."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
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
        link.text = text
        return link, m.start(0), m.end(0)


class _SiteLinks(Treeprocessor):
    """Prefix site-absolute links (/about/) with the base URL."""

    def __init__(self, md: markdown.Markdown, base: str) -> None:
        super().__init__(md)
        self.base = base

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("/") and not href.startswith("//") and not href.startswith(self.base):
                link.set("href", self.base + href.lstrip("/"))


class _SiteExtension(Extension):
    def __init__(self, resolve: Resolver, base: str) -> None:
        super().__init__()
        self.resolve, self.base = resolve, base

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_FactRef(self.resolve), "fact_ref", 175)
        md.treeprocessors.register(_SiteLinks(md, self.base), "site_links", 1)


class Markdown:
    """A Markdown renderer bound to one site's fact resolver and base URL."""

    def __init__(self, resolve: Resolver, base: str) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists", "smarty", "attr_list", "toc",
                                                _SiteExtension(resolve, base)],
                                    output_format="html")
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
                                               url_schemes={"http", "https", "mailto"}, link_rel=None))
        return self.done[text]

    def inline(self, text: str | None) -> Markup:
        """One paragraph of Markdown as sanitised inline HTML (no <p>)."""
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
