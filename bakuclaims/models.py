"""The schema of every data file kind, as pydantic models.

These models are the single source of truth: the build validates with them and
the JSON Schemas editors' tools read are generated from them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _http_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"must be an http:// or https:// address, got '{value}'")
    return value


def _partial_date(value: str | int | dt.date) -> str:
    """Accept 2024, 2024-05 or 2024-05-15 and return it as text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"must be a date written 2024, 2024-05 or 2024-05-15, got '{text}'")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year or 1, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date ({exc})") from None
    return text


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Url = Annotated[str, AfterValidator(_http_url)]
PartialDate = Annotated[Union[str, int, dt.date], AfterValidator(_partial_date),
                        Field(json_schema_extra={"pattern": PARTIAL_DATE.pattern})]

Unit = Literal["percent", "count", "rank", "index", "per-100"]
Qualifier = Literal["about", "nearly", "close to", "more than", "over", "at least", "up to", "less than"]
Confidence = Literal["seen", "secondary", "derived"]
Operation = Literal["share", "percent-of", "sum", "difference"]
Rating = Literal["accurate", "accurate-but-incomplete", "misleading", "unsupported", "exaggerated"]


class Strict(BaseModel):
    """A record whose keys are all known: a typo is an error, not a silent extra."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Event(Strict):
    """A conference at which claims were made."""

    name: ShortText = Field(description="Full name, e.g. 'GSMA M360 Eurasia 2024'.")
    short_name: ShortText = Field(description="Name for headings and chart labels, e.g. 'M360 Eurasia'.")
    start: dt.date = Field(description="First day, YYYY-MM-DD.")
    end: dt.date = Field(description="Last day, YYYY-MM-DD.")
    city: ShortText
    country: ShortText
    venue: ShortText | None = Field(None, description="Leave out when no source names it; the site says 'not found'.")
    organiser: ShortText
    source: Id = Field(description="Id of the source for the dates and venue (data/sources.yaml).")
    notes: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Event":
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Person(Strict):
    """Someone whose claims the site records."""

    name: ShortText
    role: ShortText = Field(description="Role at the time of the claims.")
    organisation: ShortText | None = None


class Source(Strict):
    """Where a fact was read: an article, a release or a dataset."""

    publisher: ShortText = Field(description="Who published the page the fact was read on.")
    title: ShortText
    date: PartialDate | None = Field(None, description="Publication date, if known.")
    author: ShortText | None = None
    url: Url | None = Field(None, description="http(s) address; leave out if none is known.")
    notes: Text | None = None


class Metric(Strict):
    """What a number measures, of whom, in which unit."""

    name: ShortText = Field(description="Short name, e.g. 'Fibre broadband coverage, national'.")
    measures: Text = Field(description="What is counted, e.g. 'households and business entities with "
                                       "fibre access of 25 Mbps or more'.")
    of_whom: ShortText = Field(description="The population the share or count is of.")
    unit: Unit
    notes: Text | None = None


class Correction(Strict):
    """A dated correction to a fact, shown on its page and in the feed."""

    date: dt.date
    text: Text


class Derivation(Strict):
    """How a derived figure is computed from other facts."""

    operation: Operation = Field(description="share: a / b × 100; percent-of: a % of b; sum: a + b; "
                                             "difference: a − b.")
    inputs: list[Id] = Field(min_length=2, max_length=2, description="The two fact ids a and b, in order.")
    decimals: int = Field(0, ge=0, le=4, description="Decimals the value is rounded to.")


class Assessment(Strict):
    """An editor's assessment of a claim, built only on facts the site shows."""

    rating: Rating
    summary: Text = Field(description="One or two sentences; reference facts as [[fact-id]].")
    gets_right: Text
    leaves_out: Text
    measures: Text = Field(description="What the claim's figure measures, and of whom.")
    date: dt.date


class FactBase(Strict):
    """Fields every fact has."""

    title: ShortText = Field(description="Short noun phrase, no figures: the value is shown from 'value'.")
    metric: Id | None = Field(None, description="Id of the metric (data/metrics.yaml); needed with a value.")
    value: float | None = Field(None, description="The number, in the metric's unit. Leave out for "
                                                  "statements without a figure.")
    qualifier: Qualifier | None = Field(None, description="Words before the number, as the source has them.")
    as_of: PartialDate | None = Field(None, description="The date or period the figure describes.")
    source: Id = Field(description="Id of the source (data/sources.yaml).")
    notes: Text | None = None
    related: list[Id] = Field(default_factory=list, description="Other facts to show beside this one.")
    checked: dt.date | None = Field(None, description="When an editor last checked the source.")
    corrections: list[Correction] = Field(default_factory=list)


class Claim(FactBase):
    """Something a named person said at a named event."""

    kind: Literal["claim"]
    speaker: Id = Field(description="Id of the person (data/people.yaml).")
    event: Id = Field(description="Id of the event (data/events.yaml).")
    said_on: dt.date = Field(description="When the claim was made, YYYY-MM-DD.")
    quote: Text | None = Field(None, description="The words as the source reports them.")
    quote_type: Literal["direct", "reported"] = Field(
        "reported", description="direct: the speaker's own words; reported: the source's paraphrase.")
    assessment: Assessment | None = None


class Context(FactBase):
    """An independent or official statistic to read a claim against."""

    kind: Literal["context"]
    producer: ShortText = Field(description="Who produced the figure (e.g. 'State Statistical Committee').")
    independent: bool = Field(description="false when the producer is the government making the claims.")
    confidence: Confidence = Field(description="seen: read verbatim in the source; secondary: read in a news "
                                               "report of the source; derived: computed from other facts.")
    quote: Text | None = Field(None, description="The source's words for the figure, verbatim.")
    derived: Derivation | None = None

    @model_validator(mode="after")
    def _derivation(self) -> "Context":
        if self.confidence == "derived" and self.derived is None:
            raise ValueError("confidence 'derived' needs a 'derived:' block with operation and inputs")
        if self.derived is not None and self.confidence != "derived":
            raise ValueError("a 'derived:' block needs confidence: derived")
        return self


Fact = Union[Claim, Context]


class Page(Strict):
    """Front matter of a Markdown page in content/."""

    title: ShortText
    description: ShortText = Field(description="One sentence for search results and link previews.")
    event: Id | None = Field(None, description="Makes this page the summary of that event.")
    date: dt.date | None = None
    updated: dt.date | None = None
    author: ShortText = "Baku Digital Claims"
    order: int = 0


class ChartDef(Strict):
    """A chart defined in data/charts.yaml: which facts it shows and how."""

    title: ShortText
    takeaway: Text = Field(description="One sentence saying what the chart shows; reference facts as [[id]].")
    kind: Literal["comparison", "timeline"]
    facts: list[Id] = Field(default_factory=list, description="Facts shown, in order.")
    metrics: list[Id] = Field(default_factory=list, description="Every fact of these metrics is shown too.")
    marked: list[Id] = Field(default_factory=list, description="Facts drawn as highlighted claims.")
    alt: Text | None = Field(None, description="Text alternative; generated from the data when left out.")
    notes: Text | None = None
    placement: list[Literal["home", "metric", "event"]] = Field(default_factory=list)


REGISTRIES: dict[str, type[Strict]] = {
    "events": Event,
    "people": Person,
    "sources": Source,
    "metrics": Metric,
    "charts": ChartDef,
}
FACT_KINDS: dict[str, type[FactBase]] = {"claim": Claim, "context": Context}
