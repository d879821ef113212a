"""Publishing: absolute addresses, link previews, structured data, the feed, the sitemap.

Everything here is computed from the inputs: no clock is read, so two builds of the
same inputs give the same bytes. Dates come from facts (when said, the period
described, the source's date), corrections, assessments, the date an editor last
checked a source and the day git's history added each fact's file (the feed, a fact
page's day published, the sitemap).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from html import escape, unescape
from typing import TYPE_CHECKING, Any, Callable, Iterable
from urllib.parse import urlencode

from markupsafe import Markup

from . import embed, fmt
from .facttext import fact_heading, fact_value, kind_name
from .frame import ClaimCard
from .models import LICENCE, NOT_RATED, RATING_LABELS, SITE_NAME, Claim, Context, Event
from .options import Options
from .validate import FactEntry, PageEntry, Site
from .vlrender import CARD_PNG

if TYPE_CHECKING:
    from .chart import Chart
    from .markup import Markdown

FEED_PATH, SITEMAP_PATH, ROBOTS_PATH = "feed.xml", "sitemap.xml", "robots.txt"
WORDS_PATH = "search/words.json"  # the words the search page may suggest for one that finds nothing
_WORD = re.compile(r"[^\W\d_]{4,}")  # a word of four letters or more: shorter ones have too many neighbours
SHARE_CHART = "headline"  # the chart shown in link previews of pages without their own
NBSP = "\u00a0"  # keeps a claim card's date on one line
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://schema.org/#baku-digital-claims")

# The published rating scale: value (higher is better supported; None for a rating that is not
# on it), label. "Unsupported" says the evidence neither confirms nor contradicts a figure: it is
# not a degree of support, and aggregators reading a number would take it for the worst. The
# methodology page (content/about.md, heading "Ratings") shows the same table; a test keeps the
# two in step.
RATINGS: dict[str, tuple[int | None, str]] = {  # each rating's score in ClaimReview markup, and its label
    rating: (score, RATING_LABELS[rating]) for rating, score in
    (("accurate", 4), ("accurate-but-incomplete", 3), ("exaggerated", 2), ("misleading", 1), ("unsupported", None))
}
BEST_RATING, WORST_RATING = 4, 1
RATINGS_ANCHOR = "about/#ratings"
REPORT_FORM = "correction.yml"  # the issue form in .github/ISSUE_TEMPLATE/ that a report opens
FEED_ENTRIES = 100  # the feed's newest entries; every fact stays on its page and in data/facts.json
X_ALT_MOST = 420  # characters: the most X's cards markup allows in twitter:image:alt


@dataclass(frozen=True)
class ShareImage:
    """A chart PNG used as a page's link-preview image."""

    path: str
    width: int
    height: int
    alt: str

    @property
    def short_alt(self) -> str:
        """The alt text within X_ALT_MOST characters, for twitter:image:alt: whole when it fits, else
        cut after the last whole figure (or sentence, or word) that fits, and an ellipsis."""
        if len(self.alt) <= X_ALT_MOST:
            return self.alt
        kept = self.alt[:X_ALT_MOST - 1]
        for mark in ("; ", ". ", " "):
            end = kept.rfind(mark)
            if end > X_ALT_MOST // 2:
                return kept[:end + len(mark)] + "…"
        return kept + "…"


@dataclass(frozen=True)
class Correction:
    """One correction with the fact it belongs to, for the site-wide log and the feed."""

    entry: FactEntry
    date: dt.date
    text: str
    index: int


@functools.lru_cache(maxsize=4096)
def day(value: str | int | dt.date | None) -> dt.date | None:
    """A full or partial date as its first day: 2024 → 2024-01-01; None stays None (kept for
    the dates met again: facts share their sources' dates)."""
    start = fmt.iso_start(value if not isinstance(value, int) else str(value))
    return dt.date.fromisoformat(start) if start else None


def stable_id(*parts: str) -> str:
    """A permanent id that does not depend on where the site is served: urn:uuid:…"""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(parts))}"


def jsonld(data: dict[str, Any] | None) -> Markup:
    """A JSON-LD script element; '<' is escaped so no text can close the script early."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def said_by(fact: Claim, person: str, event: str) -> str:
    """Who made a claim, and where, in words true of how it was made: 'Said by A at B', or 'In an
    address A sent to B' where the source says so (A may not have been at B)."""
    if fact.medium == "sent-address":
        return f"In an address {person} sent to {event}"
    return f"Said by {person} at {event}"


def claim_card_path(fact_id: str) -> str:
    """Where a claim's link preview is published, beside its page."""
    return f"facts/{fact_id}/card.png"


def rating_label(rating: str) -> str:
    """'accurate-but-incomplete' → 'Accurate but incomplete'."""
    return RATINGS[rating][1]


_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                   **{char: "\\" + char for char in "&%$#_{}"}}


def _bibtex_text(text: str) -> str:
    """Text as BibTeX reads it back: its special characters escaped (74% is '74\\%')."""
    return re.sub(r"[\\~^&%$#_{}]", lambda match: _BIBTEX_ESCAPES[match[0]], text)


def _iso(date: dt.date | None) -> str | None:
    """A date as YYYY-MM-DD; None for none."""
    return date.isoformat() if date else None


def _timestamp(date: dt.date) -> dt.datetime:
    """Midnight UTC of a day, for the feed's times."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _coverage(dates: list[str]) -> str | None:
    """The ISO 8601 interval from the earliest start to the latest end of full or partial dates,
    each as precise as the data gives it: ['2020', '2024-05-15', '2025-12'] → '2020/2025-12'; one
    period alone when it holds every other: ['2030', '2030-03-01'] → '2030'."""
    if not dates:
        return None
    start = min(dates, key=lambda d: (fmt.iso_start(d) or "", d))
    end = max(dates, key=lambda d: (fmt.iso_end(d), d))
    return start if start == end else f"{start}/{end}"


def _place(event: Event) -> dict[str, Any]:
    """Where an event was held, as schema.org's Place: its venue where a source names it, else its
    city, with the city and country as its address."""
    return {"@type": "Place", "name": event.venue or event.city,
            "address": {"@type": "PostalAddress", "addressLocality": event.city, "addressCountry": event.country}}


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON-LD node without keys whose value is None or empty."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


class Publisher:
    """Addresses, previews, JSON-LD and feeds for one build of the site, from its values: url makes a
    site-internal URL, fact_charts gives the charts a fact's page shows."""

    def __init__(self, site: Site, options: Options, charts: dict[str, Chart], url: Callable[[str], str],
                 markdown: Markdown, fact_charts: Callable[[FactEntry], list[Chart]]) -> None:
        self.site, self.options, self.charts = site, options, charts
        self.url, self.markdown, self.fact_charts = url, markdown, fact_charts

    # -- addresses ----------------------------------------------------------------------------

    def address(self, path: str = "") -> str:
        """A page's address: absolute when the site's origin is known, else root-relative."""
        return self.options.site_url + self.url(path)

    @property
    def absolute(self) -> bool:
        """True when addresses are absolute."""
        return bool(self.options.site_url)

    def report_link(self, title: str, path: str) -> str:
        """The address that opens a report of a mistake on the page at path (title: the page's,
        as its <title> shows it), its form filled in with the page, or of a mistake anywhere when
        title is empty; "" when the build was given no report address."""
        if not self.options.report_url:
            return ""
        fields = {"template": REPORT_FORM, "title": "Mistake: "}
        if title:
            fields.update(title=f"Mistake on “{unescape(str(title))}”", page=self.address(path))
        return f"{self.options.report_url}?{urlencode(fields)}"

    # -- dates --------------------------------------------------------------------------------

    def modified(self, entry: FactEntry) -> dt.date | None:
        """When a fact's page last changed in substance: a correction, an assessment, a source check."""
        fact = entry.fact
        return max(fact.changed_on() + ([fact.checked] if fact.checked else []), default=None)

    def published(self, entry: FactEntry) -> dt.date | None:
        """The day a fact's page went up: the day git's history added its file (None without that
        history: a project outside git, a file not yet committed, a shallow clone)."""
        return self.site.added.get(entry.id)

    def last_updated(self, entry: FactEntry) -> dt.date | None:
        """The 'Last updated' a fact's page shows: its last correction, assessment or source check,
        if after the day the page went up (one before it was in the page as first published)."""
        modified, published = self.modified(entry), self.published(entry)
        return modified if modified is not None and (published is None or modified > published) else None

    def page_changed(self, entry: FactEntry) -> dt.date | None:
        """The day a fact's page last changed, as the sitemap dates it: its 'Last updated' day, else
        the day it was published (None in a copy without history, for a fact never updated)."""
        return self.last_updated(entry) or self.published(entry)

    @staticmethod
    def updated_by(entry: FactEntry, updated: dt.date) -> list[tuple[str, str]]:
        """What a fact's 'Last updated' day names, each with the part of its page it links to ("" for
        none): its corrections, if any; its assessment, if dated that day; a check of its source that day."""
        fact, why = entry.fact, []
        if fact.corrections:
            count = len(fact.corrections)
            why.append(("corrections", f"{count} correction{'' if count == 1 else 's'}"))
        assessment = getattr(fact, "assessment", None)
        if assessment is not None and assessment.date == updated:
            why.append(("assessment", "assessment"))
        if fact.checked == updated:
            why.append(("", "source checked"))
        return why

    def dated(self, entry: FactEntry) -> dt.date | None:
        """The latest date the data gives a fact: when said or published, the period (not a target's,
        a date to come), any change."""
        fact = entry.fact
        period = None if self.site.is_target(fact) else day(fact.as_of)
        dates = [day(self.site.sources[fact.source].date), period, self.modified(entry)]
        if isinstance(fact, Claim):
            dates.append(fact.said_on)
        known = [d for d in dates if d is not None]
        return max(known) if known else None

    def feed_date(self, entry: FactEntry) -> dt.date | None:
        """When a fact last changed for the feed's readers: the day its file was added to the site's
        history, or a later correction, assessment or check; without that history (a project outside
        git, a file not yet committed), the latest date its data gives (dated). Dated by its data
        alone, a fact added today about 2020 was listed as of 2020, below a hundred newer ones."""
        added = self.site.added.get(entry.id)
        if added is None:
            return self.dated(entry)
        modified = self.modified(entry)
        return max(added, modified) if modified is not None else added

    def summary_dates(self, page: PageEntry) -> tuple[dt.date | None, dt.date | None]:
        """A summary's published and last-modified dates."""
        published = page.meta.date
        return published, page.meta.updated or published

    def corrections(self) -> list[Correction]:
        """Every correction on the site, newest first."""
        found = [Correction(entry, c.date, c.text, i)
                 for entry in self.site.facts.values() for i, c in enumerate(entry.fact.corrections)]
        return sorted(found, key=lambda c: (c.date, c.entry.id, c.index), reverse=True)

    # -- link previews ------------------------------------------------------------------------

    def share_chart(self, chart_id: str | None = None) -> "Chart | None":
        """The chart whose PNG is a page's og:image: the one asked for, else the headline chart."""
        charts = self.charts
        return charts.get(chart_id or "") or charts.get(SHARE_CHART) or next(iter(charts.values()), None)

    def share_image(self, chart_id: str | None = None) -> ShareImage | None:
        """A chart's link preview (or the headline chart's) for og:image, with its size and alt
        text: its card, made where the build knows the site's address (the only builds whose pages
        name an og:image), else its PNG download."""
        chart = self.share_chart(chart_id)
        if chart is None:
            return None
        if chart.has_card:
            return ShareImage(f"charts/{chart.id}/card.png", *CARD_PNG, chart.alt)
        width, height = chart.png_size  # known before the PNG is made
        return ShareImage(f"charts/{chart.id}/chart.png", width, height, chart.alt)

    def share_chart_for(self, context: dict[str, Any]) -> "Chart | None":
        """A fact's first chart (see fact_charts) or a metric's own, else the headline chart."""
        entry = context.get("entry")
        if isinstance(entry, FactEntry):
            return next(iter(self.fact_charts(entry)), None) or self.share_chart()
        if "metric_id" in context:
            return self.share_chart(f"metric-{context['metric_id']}")
        if "chart" in context:
            return self.share_chart(context["chart"].id)
        return self.share_chart()

    def share_image_for(self, context: dict[str, Any]) -> ShareImage | None:
        """The og:image of a page with this context: a claim's own card, where the build knows the
        site's address (the only builds whose pages name an og:image), else see share_chart_for."""
        entry = context.get("entry")
        if isinstance(entry, FactEntry) and isinstance(entry.fact, Claim) and self.options.absolute:
            return ShareImage(claim_card_path(entry.id), *CARD_PNG, self.claim_card_alt(entry))
        chart = self.share_chart_for(context)
        return self.share_image(chart.id) if chart is not None else None

    def claim_card(self, entry: FactEntry) -> ClaimCard:
        """What a claim's link preview says (frame.claim_card), in the words of its page."""
        fact = entry.fact
        assert isinstance(fact, Claim)
        if fact.assessment is not None:
            rating = f"Rating: {rating_label(fact.assessment.rating)}"
        else:
            rating = f"Rating: {NOT_RATED}" if fact.not_rated else "Not yet assessed by the editors"
        person, event = self.site.people[fact.speaker], self.site.events[fact.event]
        when = fmt.date(fact.said_on).replace(" ", NBSP)
        return ClaimCard(kind="Claim", title=fact.title,
                         figure=fact_value(self.site, entry) if fact.value is not None else "", rating=rating,
                         byline=f"{said_by(fact, person.name, event.short_name)}, {when}",
                         footer=[SITE_NAME, self.address(f"facts/{entry.id}/")])

    def claim_card_alt(self, entry: FactEntry) -> str:
        """A claim's link preview in words, for og:image:alt: what the card says but the credit."""
        card = self.claim_card(entry)
        figure = f", {card['figure']}" if card["figure"] else ""
        return f"{card['kind']}: {card['title']}{figure}. {card['byline'].replace(NBSP, ' ')}. {card['rating']}."

    # -- text as structured data shows it -----------------------------------------------------

    def plain(self, markdown_text: str | None) -> str:
        """Markdown with [[fact-id]] references as the plain text a reader sees on the page."""
        html = str(self.markdown.block(markdown_text))
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()

    def claim_reviewed(self, entry: FactEntry) -> str:
        """The claim in a few words, as the assessment names it: 'Title: 65%'."""
        fact = entry.fact
        return f"{fact.title}: {fact_value(self.site, entry)}" if fact.value is not None else fact.title

    # -- JSON-LD ------------------------------------------------------------------------------

    def organisation(self) -> dict[str, Any]:
        """The site as the author and publisher of its pages."""
        return {"@type": "Organization", "name": SITE_NAME, "url": self.address()}

    def claim(self, entry: FactEntry) -> dict[str, Any]:
        """A schema.org Claim: who said it, when, at which event, and where it appeared."""
        fact = entry.fact
        assert isinstance(fact, Claim)
        person, event = self.site.people[fact.speaker], self.site.events[fact.event]
        source = self.site.sources[fact.source]
        page = self.address(f"facts/{entry.id}/")
        appearance = _drop_empty({
            "@type": "CreativeWork", "headline": source.title, "url": source.url,
            "datePublished": str(source.date) if source.date else None,
            "author": {"@type": "Person", "name": source.author} if source.author else None,
            "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
        })
        return _drop_empty({
            "@type": "Claim", "@id": page + "#claim", "url": page, "name": fact.title,
            "text": fact.quote,
            "author": {"@type": "Person", "name": person.name, "jobTitle": person.role,
                       "url": self.address(f"people/{fact.speaker}/")},
            "datePublished": fact.said_on.isoformat(),
            "recordedAt": _drop_empty({
                "@type": "Event", "name": event.name, "url": self.address(f"events/{fact.event}/"),
                "startDate": event.start.isoformat(), "endDate": event.end.isoformat(),
                "location": _place(event)}),
            "appearance": [appearance],
        })

    def claim_markup(self, entry: FactEntry) -> dict[str, Any] | None:
        """A claim page's JSON-LD: a ClaimReview around the Claim where assessed, else the Claim."""
        fact = entry.fact
        if not isinstance(fact, Claim):
            return None
        claim = self.claim(entry)
        assessment = fact.assessment
        if assessment is None:
            return {"@context": "https://schema.org", **claim}
        value, label = RATINGS[assessment.rating]
        page = self.address(f"facts/{entry.id}/")
        modified = max(fact.changed_on())  # the assessment among them
        return {
            "@context": "https://schema.org", "@type": "ClaimReview", "@id": page + "#assessment",
            "url": page, "claimReviewed": self.claim_reviewed(entry), "itemReviewed": claim,
            "author": self.organisation(), "publisher": self.organisation(),
            "datePublished": assessment.date.isoformat(), "dateModified": modified.isoformat(),
            "reviewRating": {"@type": "Rating", **self.scale(value), "alternateName": label,
                             "ratingExplanation": self.plain(assessment.summary)},
            "reviewBody": self.plain(assessment.summary),
            "publishingPrinciples": self.address(RATINGS_ANCHOR), "inLanguage": "en",
        }

    def breadcrumbs(self, trail: Iterable[tuple[str, str]]) -> dict[str, Any] | None:
        """A page's place in the site as a schema.org BreadcrumbList: the home page, then each
        (name, path) of trail, the page itself last, as the page's breadcrumb shows them; None where
        the site's address is not known, as search engines take a trail of full addresses only."""
        if not self.absolute:
            return None
        steps = [(SITE_NAME, ""), *trail]
        return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": place, "name": name, "item": self.address(path)}
            for place, (name, path) in enumerate(steps, start=1)]}

    @staticmethod
    def scale(value: int | None) -> dict[str, int]:
        """A rating's place on the published scale, for ClaimReview; nothing for one not on it."""
        if value is None:
            return {}
        return {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}

    def facts_dataset(self, description: str) -> dict[str, Any]:
        """The site-wide fact tables as a schema.org Dataset, last modified on the latest day a fact's
        page changed or a fact was deleted or renamed (the sitemap's dates and git's history of the
        fact files: never the clock)."""
        dates = [e.date_key for e in self.site.facts.values() if e.date_key]
        changed = [when for e in self.site.facts.values() if (when := self.page_changed(e))]
        changed += [self.site.removed] if self.site.removed is not None else []
        return _drop_empty({
            "@context": "https://schema.org", "@type": "Dataset", "@id": self.address("facts/") + "#dataset",
            "name": f"{SITE_NAME}: all facts", "description": description, "url": self.address("facts/"),
            "creator": self.organisation(), "isAccessibleForFree": True, "inLanguage": "en",
            "license": LICENCE["path"],
            "temporalCoverage": _coverage(dates),
            "dateModified": max(changed).isoformat() if changed else None,
            "variableMeasured": [m.name for m in self.site.metrics.values()],
            "distribution": [
                {"@type": "DataDownload", "name": "All facts (CSV)", "encodingFormat": "text/csv",
                 "contentUrl": self.address("data/facts.csv")},
                {"@type": "DataDownload", "name": "All facts (JSON)", "encodingFormat": "application/json",
                 "contentUrl": self.address("data/facts.json")},
            ],
        })

    def embed_shown(self, chart: "Chart") -> embed.Shown:
        """What a chart's embed page shows, as plain text, and its drawings' sizes."""
        metrics = [self.site.metrics[i] for i in chart.metric_ids] if len(chart.metric_ids) > 1 else []
        source = chart.source_paragraph(self.plain(chart.notes))
        one = self.site.metrics[chart.metric_ids[0]] if len(chart.metric_ids) == 1 else None
        return embed.Shown(chart.title, self.plain(chart.takeaway),
                           tuple(f"{m.name}: {m.measures}. Of whom: {m.of_whom}." for m in metrics), source,
                           embed.svg_size(chart.svg), embed.svg_size(chart.narrow_svg),
                           one.defined if one else "")

    def bibtex(self, key: str, title: str, path: str, day: dt.date | None, dated: str) -> str:
        """A page's citation as a BibTeX entry: the site as its author, its title and full address,
        and the year and words (dated: 'Last updated') of the day given; "" when the site's address
        is not known, as a citation needs it whole. The address is in url, for biblatex, and in
        howpublished as \\url{...}, which the classic styles (plain.bst, alpha.bst) print where they
        drop url. The entry is an @online, biblatex's type for a web page, whose layout leaves
        howpublished out (its @misc printed the address twice); the classic styles take it as a
        @misc, with a warning that they do not know the type."""
        if not self.absolute:
            return ""
        address = self.address(path)
        fields = [("author", f"{{{SITE_NAME}}}"), ("title", f"{{{_bibtex_text(title)}}}"),
                  ("howpublished", f"\\url{{{address}}}"), ("url", address)]
        if day is not None:
            fields += [("year", str(day.year)), ("note", f"{dated} {fmt.date(day)}")]
        return f"@online{{{key},\n" + ",\n".join(f"  {name} = {{{value}}}" for name, value in fields) + "\n}"

    def embed_code(self, chart: "Chart") -> str:
        """The HTML that shows a chart in another site's page (see embed.py); "" when the site's
        address is not known, as the code needs it whole."""
        if not self.absolute:
            return ""
        return embed.code(self.address(embed.embed_path(chart.id)), chart.title,
                          embed.frame_height(self.embed_shown(chart)), self.options.site_url)

    def chart_dataset(self, chart: "Chart") -> dict[str, Any]:
        """One chart's downloadable data as a schema.org Dataset, named by the chart's own page
        (charts/<id>/) on every page that shows it, so that it is one dataset, not one a page."""
        folder = f"charts/{chart.id}/"
        dataset = {
            "@context": "https://schema.org", "@type": "Dataset",
            "@id": self.address(folder) + f"#chart-{chart.id}", "name": chart.title,
            "description": f"{self.plain(chart.takeaway)} Source: {chart.source_line}.",
            "url": self.address(folder), "creator": self.organisation(), "isAccessibleForFree": True,
            "license": LICENCE["path"],
            "distribution": [
                {"@type": "DataDownload", "name": "CSV", "encodingFormat": "text/csv",
                 "contentUrl": self.address(folder + "data.csv")},
                {"@type": "DataDownload", "name": "JSON", "encodingFormat": "application/json",
                 "contentUrl": self.address(folder + "data.json")},
            ],
        }
        if chart.updated is not None:
            dataset["dateModified"] = chart.updated.isoformat()
        return dataset

    def news_article(self, event_id: str, summary: PageEntry) -> dict[str, Any]:
        """A conference summary as a schema.org NewsArticle."""
        meta, event = summary.meta, self.site.events[event_id]
        published, modified = self.summary_dates(summary)
        page = self.address(f"events/{event_id}/")
        author = (self.organisation() if meta.author == SITE_NAME
                  else {"@type": "Person", "name": meta.author})
        image = self.share_image()
        return _drop_empty({
            "@context": "https://schema.org", "@type": "NewsArticle", "@id": page + "#summary",
            "url": page, "mainEntityOfPage": page, "headline": meta.title, "description": meta.description,
            "datePublished": _iso(published), "dateModified": _iso(modified),
            "author": author, "publisher": self.organisation(), "inLanguage": "en",
            "image": [self.address(image.path)] if image and self.absolute else None,
            "about": {"@type": "Event", "name": event.name, "startDate": event.start.isoformat(),
                      "endDate": event.end.isoformat(),
                      "location": _place(event)},
        })

    # -- feed, sitemap, robots ----------------------------------------------------------------

    def feed(self) -> bytes:
        """An Atom feed of facts, conference summaries and corrections, newest first."""
        from feedgen.feed import FeedGenerator

        items = self._feed_items()
        generator = FeedGenerator()
        generator.id(stable_id("feed"))
        generator.title(SITE_NAME)
        generator.subtitle("Claims about Azerbaijan’s digital development, set beside their sources, "
                           "with corrections.")
        generator.author({"name": SITE_NAME})
        generator.link(href=self.address(), rel="alternate", type="text/html")
        if self.absolute:
            generator.link(href=self.address(FEED_PATH), rel="self", type="application/atom+xml")
        generator.language("en")
        generator.generator(SITE_NAME)
        latest = max((item["updated"] for item in items), default=dt.date(1970, 1, 1))
        generator.updated(_timestamp(latest))
        for item in items:
            entry = generator.add_entry(order="append")
            entry.id(item["id"])
            entry.title(item["title"])
            entry.link(href=item["link"], rel="alternate", type="text/html")
            entry.updated(_timestamp(item["updated"]))
            if item.get("published"):
                entry.published(_timestamp(item["published"]))
            entry.summary(item["summary"])
            entry.category(term=item["category"])
        return generator.atom_str(pretty=True)

    def _feed_items(self) -> list[dict[str, Any]]:
        """The newest FEED_ENTRIES feed entries as plain records, newest first, ties broken by id.
        A fact's title and summary are written only when it is among them."""
        dates = {entry.id: self.feed_date(entry) for entry in self.site.facts.values()}
        fallback = max((d for d in dates.values() if d), default=dt.date(1970, 1, 1))
        facts = [(dates[entry.id] or fallback, entry) for entry in self.site.facts.values()]
        # only facts dated on or after the FEED_ENTRIES-th newest can be in the feed: their ids
        # alone are made (a uuid5 each: 0.05 s for 5,000)
        cutoff = heapq.nlargest(FEED_ENTRIES, (updated for updated, _ in facts))[-1] if facts else fallback
        items: list[tuple[dt.date, str, Callable[[], dict[str, Any]]]] = [
            (updated, stable_id("facts", entry.id), functools.partial(self._fact_item, entry, updated))
            for updated, entry in facts if updated >= cutoff]
        for event_id in self.site.events:
            summary = self.site.summary_of(event_id)
            if summary is None:
                continue
            published, modified = self.summary_dates(summary)
            item = {
                "id": stable_id("summaries", summary.slug), "title": summary.meta.title,
                "link": self.address(f"events/{event_id}/"),
                "updated": modified or self.site.events[event_id].start, "published": published,
                "summary": summary.meta.description, "category": "summary",
            }
            items.append((item["updated"], item["id"], functools.partial(dict, item)))
        corrections = self.corrections()
        same_day = Counter((c.entry.id, c.date) for c in corrections)
        for correction in corrections:
            entry = correction.entry
            # two corrections of one fact on one day were two entries of one title and link: say which is which
            of = same_day[entry.id, correction.date]
            place = sum(c.date == correction.date for c in entry.fact.corrections[:correction.index + 1])
            item = {
                "id": stable_id("facts", entry.id, "corrections", correction.date.isoformat(), str(correction.index)),
                "title": f"Correction{f' {place} of {of} on {fmt.date(correction.date)}' if of > 1 else ''}: "
                         f"{entry.fact.title}",
                "link": self.address(f"facts/{entry.id}/") + "#corrections", "updated": correction.date,
                "published": correction.date, "summary": f"{fmt.date(correction.date)}: {correction.text}",
                "category": "correction",
            }
            items.append((item["updated"], item["id"], functools.partial(dict, item)))
        newest = sorted(items, key=lambda i: (i[0], i[1]), reverse=True)[:FEED_ENTRIES]
        return [make() for _, _, make in newest]

    def _fact_item(self, entry: FactEntry, updated: dt.date) -> dict[str, Any]:
        """A fact's feed entry."""
        return {
            "id": stable_id("facts", entry.id), "title": fact_heading(self.site, entry),
            "link": self.address(f"facts/{entry.id}/"), "updated": updated,
            # published: the day git's history added its file; without it none (the day a claim was said is not
            # when the site put the page up: its summary says that day)
            "published": self.site.added.get(entry.id),
            "summary": self._fact_summary(entry), "category": "claim" if entry.is_claim else "context",
        }

    def _fact_summary(self, entry: FactEntry) -> str:
        """A fact in two or three sentences of plain text."""
        fact, site = entry.fact, self.site
        source = site.sources[fact.source]
        if isinstance(fact, Claim):
            person, event = site.people[fact.speaker], site.events[fact.event]
            how = "in an address sent to" if fact.medium == "sent-address" else "at"
            text = (f"Claim by {person.name}, {person.role}, {how} {event.short_name} on {fmt.date(fact.said_on)}. "
                    f"Source: {source.credit}.")
            if fact.assessment is not None:
                text += (f" Our assessment: {rating_label(fact.assessment.rating)}. "
                         f"{self.plain(fact.assessment.summary)}")
            elif fact.not_rated is not None:
                text += f" {NOT_RATED}: {self.plain(fact.not_rated)}"
            return text
        assert isinstance(fact, Context)
        when = fmt.refers_to(fact, site.is_target(fact))
        return f"{kind_name(entry)}, {when}. Producer: {fact.producer}. Source: {source.credit}."

    def sitemap(self, paths: Iterable[str]) -> bytes | None:
        """sitemap.xml for the given HTML pages; None when the origin is unknown (it needs absolute URLs)."""
        if not self.absolute:
            return None
        lastmod = self._lastmod()
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for path in sorted(paths):
            page = path.removesuffix("index.html")
            lines.append(f"  <url><loc>{escape(self.address(page), quote=False)}</loc>"
                         + (f"<lastmod>{lastmod[page].isoformat()}</lastmod>" if page in lastmod else "")
                         + "</url>")
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode("utf-8")

    def _lastmod(self) -> dict[str, dt.date]:
        """Last-modified dates the inputs give for pages: a fact's 'Last updated' (a correction, an
        assessment, a source check: not when it was said or the period it describes, which can be
        years before the page was written) or else the day it was published, a chart's day last
        updated, a conference summary's and another page's (About)."""
        found = {}
        for entry in self.site.facts.values():
            date = self.page_changed(entry)
            if date:
                found[f"facts/{entry.id}/"] = date
        for chart in self.charts.values():
            if chart.updated is not None:
                found[f"charts/{chart.id}/"] = chart.updated
        for event_id in self.site.events:
            summary = self.site.summary_of(event_id)
            if summary is not None and self.summary_dates(summary)[1]:
                found[f"events/{event_id}/"] = self.summary_dates(summary)[1]
        for slug, page in self.site.pages.items():  # About and other pages of their own, as their bylines date them
            if page.meta.event is None and self.summary_dates(page)[1]:
                found[f"{slug}/"] = self.summary_dates(page)[1]
        return found

    def search_words(self) -> bytes:
        """The words of the titles and names of the site's pages, most used first (then in order), as a
        JSON list: what the search page suggests in place of a misspelt word that finds nothing."""
        site = self.site
        texts = ([entry.fact.title for entry in site.facts.values()] + [m.name for m in site.metrics.values()]
                 + [p.name for p in site.people.values()] + [e.name for e in site.events.values()]
                 + [s.title for s in site.sources.values()] + [c.title for c in site.charts.values()]
                 + [page.meta.title for page in site.pages.values()])
        counts: dict[str, int] = {}
        for text in texts:
            for word in _WORD.findall(unescape(str(text)).casefold()):
                counts[word] = counts.get(word, 0) + 1
        ranked = sorted(counts, key=lambda word: (-counts[word], word))
        return (json.dumps(ranked, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    def robots(self) -> bytes:
        """robots.txt: everything may be crawled; the sitemap's address when it is known."""
        lines = [f"# {SITE_NAME}", "User-agent: *", "Allow: /"]
        if self.absolute:
            lines.append(f"Sitemap: {self.address(SITEMAP_PATH)}")
        else:
            lines.append("# No Sitemap line: build with --site-url (or a full --base-url) to add one.")
        return ("\n".join(lines) + "\n").encode("utf-8")
