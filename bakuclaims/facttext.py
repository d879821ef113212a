"""A fact in words, as the pages and the published extras (feed, previews, structured data) write it."""

from __future__ import annotations

from . import fmt
from .models import Claim
from .validate import FactEntry, Site


def fact_value(site: Site, entry: FactEntry) -> str:
    """A fact's value as readers see it."""
    unit = site.metrics[entry.fact.metric].unit if entry.fact.metric in site.metrics else None
    return fmt.value(entry.fact.value, unit, entry.fact.qualifier)


def kind_name(entry: FactEntry) -> str:
    """What a fact is, as a label before it: 'Claim', 'Context figure', or 'Context' for a context
    fact without a figure (an opening, a statement of what a text says), which is no figure."""
    if isinstance(entry.fact, Claim):
        return "Claim"
    return "Context figure" if entry.fact.value is not None else "Context"


def fact_heading(site: Site, entry: FactEntry) -> str:
    """A fact in one line, as a title, a search result or a feed entry shows it; a claim's names
    its speaker ('65%: Title, according to …'), so that it never reads as the site's own word."""
    fact = entry.fact
    heading = f"{fact_value(site, entry)}: {fact.title}" if fact.value is not None else fact.title
    if isinstance(fact, Claim):
        heading += f", according to {site.people[fact.speaker].name}"  # a goal is not 'claimed'
    return fmt.capfirst(heading)  # 'Top 40: …', 'Nearly 100%: …'
