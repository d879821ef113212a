"""Typographic quotes and apostrophes in the plain texts editors type, set as Markdown's are.

Texts written in Markdown (notes, takeaways, assessments, page bodies) get curly quotes and
apostrophes from Python-Markdown's smarty extension as they are rendered. The plain texts
(titles, names, roles, definitions, quotes: each model's ``prose``) are set here, by the same
extension's rules, once, after validation (in build_site): pages, charts, the feed and the
downloads all show them so. Only the quote characters change; every other character of a text is kept as typed.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from .validate import Site

log = logging.getLogger(__name__)
Model = TypeVar("Model", bound=BaseModel)

STRAIGHT = "'\""
QUOTES = re.compile("['\"‘’“”]")  # the characters smarty sets, and those it sets them to
BLANK_LINE = re.compile(r"(\n[ \t]*\n)")


class Quotes:
    """Sets the quotes of plain texts, each text once; one per validation, as its Markdown
    instance is not to be shared between threads."""

    def __init__(self) -> None:
        self.md: Any = None  # made at the first quote met: `check` of texts without quotes needs no Markdown
        self.done: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        """text with its straight quotes and apostrophes made typographic, nothing else changed."""
        if not any(c in text for c in STRAIGHT):
            return text
        if text not in self.done:
            self.done[text] = "".join(self._paragraph(part) if i % 2 == 0 else part
                                      for i, part in enumerate(BLANK_LINE.split(text)))
        return self.done[text]

    def _paragraph(self, text: str) -> str:
        """One paragraph's quotes set: smarty's choice for each quote, put back where it stood."""
        if not any(c in text for c in STRAIGHT):
            return text
        if self.md is None:
            self.md = _quotes_only()
        self.md.reset()
        # '&' escaped, so that a typed &quot; stays the six characters it is, not a quote to set
        shapes = QUOTES.findall(html.unescape(self.md.convert(text.replace("&", "&amp;"))))
        if len(shapes) != len(QUOTES.findall(text)):  # not expected: keep the text as typed, not a guess
            log.debug("quotes left straight in %r: smarty read %d quotes in it", text, len(shapes))
            return text
        found = iter(shapes)
        return QUOTES.sub(lambda _: next(found), text)


def _quotes_only() -> Any:
    """Markdown that reads its text as plain words: only paragraphs are made, and smarty alone
    reads inside them (no emphasis, links, code or HTML, whose marks would be taken out of the text
    and change the context a quote is read in); dashes and ellipses are left as typed."""
    import markdown
    from markdown.blockprocessors import ParagraphProcessor
    from markdown.extensions.smarty import SmartyExtension
    from markdown.util import Registry

    md = markdown.Markdown(extensions=[SmartyExtension(smart_dashes=False, smart_ellipses=False)],
                           output_format="html")
    md.preprocessors = Registry()
    md.parser.blockprocessors = Registry()
    md.parser.blockprocessors.register(ParagraphProcessor(md.parser), "paragraph", 10)
    md.treeprocessors.deregister("inline")
    return md


def set_model(model: Model, quotes: Quotes) -> Model:
    """A copy of model (and the models inside it) with the quotes of its prose fields set."""
    changes: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in getattr(model, "prose", ()) and isinstance(value, str):
            new = quotes(value)
        elif isinstance(value, BaseModel):
            new = set_model(value, quotes)
        elif isinstance(value, list) and any(isinstance(item, BaseModel) for item in value):
            new = [set_model(item, quotes) if isinstance(item, BaseModel) else item for item in value]
        else:
            continue
        if new != value:
            changes[name] = new
    return model.model_copy(update=changes) if changes else model


def typeset(site: Site) -> Site:
    """The site with the quotes of every prose field made typographic (ids, addresses, dates and
    Markdown texts unchanged): what every later stage, the downloads among them, shows. A new Site,
    so that no index the checks made holds a fact as typed."""
    quotes = Quotes()

    def each(records: dict[str, Any]) -> dict[str, Any]:
        return {key: set_model(record, quotes) for key, record in records.items()}

    # every other field as it is (the dates from git's history among them); the indexes made anew
    return replace(site, events=each(site.events), people=each(site.people), sources=each(site.sources),
                   metrics=each(site.metrics), charts=each(site.charts),
                   facts={key: replace(e, fact=set_model(e.fact, quotes)) for key, e in site.facts.items()},
                   pages={key: replace(e, meta=set_model(e.meta, quotes)) for key, e in site.pages.items()},
                   _indexes={})
