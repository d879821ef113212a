"""The schema of every data file kind, as pydantic models.

These models are the single source of truth: the build validates with them and
the JSON Schemas editors' tools read are generated from them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, ClassVar, Literal, Union
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict as StrictInput,
                      StringConstraints, ValidationInfo, WithJsonSchema, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from .fmt import MONTHS as MONTH_NAMES

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_ID = 80
PLACEHOLDER = "TODO"  # what `build.py new` writes where an editor must fill something in
FACT_REF = re.compile(r"\[\[([^\[\]\n]*)\]\]")  # [[fact-id]] in text; spaces inside are allowed
SITE_NAME = "Baku Digital Claims"
# The licence of the fact tables and chart data (content/about.md, "Reusing the data")
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
# HTML tags a page's Markdown keeps when it is rendered (markup.py); the check warns of any other it holds.
ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol", "p",
                "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}
# The attributes each of those tags keeps (markup.py); the check warns of any other typed in a page's HTML.
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "class"}, "abbr": {"title"}, "th": {"scope"},
                      "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}


def fact_refs(text: str) -> set[str]:
    """The fact ids a text names with [[fact-id]], as the renderer and the validator read them."""
    return {match.strip() for match in FACT_REF.findall(text)}


# Letters that lose no mark of their own to become a-z, as English writes them in names: Əliyev is
# Aliyev, Məmmədov Mammadov (the speakers' ids write them so), Şəki Shaki.
_PLAIN_LETTERS = str.maketrans({"ə": "a", "ı": "i", "ş": "sh", "ç": "ch", "ğ": "g", "ß": "ss", "ø": "o",
                                "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})


def as_id(text: str) -> str:
    """Text as an id would write it: lowercase, with one hyphen for each run of spaces, dots,
    underscores and hyphens, letters a-z for accented or Azerbaijani ones (Əliyev: aliyev), and
    without characters that do not show (a zero-width space pasted in)."""
    lowered = unicodedata.normalize("NFKD", text.strip().lower().translate(_PLAIN_LETTERS))
    return re.sub(r"[\s._-]+", "-", "".join(c for c in lowered
                                           if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"))


PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _is_http_url(value: str) -> bool:
    """True for an absolute http(s) address with a host and no spaces."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)


# What is left of http:// or https:// typed wrong (https//, https:/, http:\\, htps://, htttp://), and an address
# without its scheme that starts with a host name (www.itu.int/…) or with // (copied from a page's source)
_MISTYPED_SCHEME = re.compile(r"h{0,2}t{1,3}p{1,2}(s?)[:;]?[/\\]{1,3}(?=\w)", re.IGNORECASE)
_HOST_FIRST = re.compile(r"(?://)?((?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#].*)?)$", re.IGNORECASE)
# A file's name (coverage-report.pdf) looks like a host name to _HOST_FIRST, but is not an address to suggest
_FILE_NAME = re.compile(r"[^/?#:]*\.(?:pdf|docx?|xlsx?|pptx?|od[tsp]|csv|txt|rtf|html?|php|aspx?|jpe?g|png|gif|"
                        r"svg|zip|json|xml)$", re.IGNORECASE)


def _address_meant(value: str) -> str | None:
    """The address an editor meant by a url typed without its http(s):// or with it mistyped, or None."""
    inner = value[1:-1] if value[:1] + value[-1:] in ("<>", "()") else value  # <https://…>, as Markdown has it
    if (typo := _MISTYPED_SCHEME.match(inner)) is not None:
        meant = f"http{typo[1].lower()}://{inner[typo.end():].replace(chr(92), '/')}"
    elif (host := _HOST_FIRST.match(inner)) is not None and not _FILE_NAME.fullmatch(host[1]):
        meant = f"https://{host[1]}"
    else:
        meant = inner
    return meant if _is_http_url(meant) else None


def _http_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host."""
    if not _is_http_url(value):
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.netloc:
            raise ValueError(f"an address has no spaces: keep only the address here and put any words about "
                             f"it in notes; got '{value}'")
        meant = _address_meant(value.strip())
        raise ValueError(f"must be an http:// or https:// address, got '{value}'; "
                         + (f"write {meant}" if meant else "copy the page's address from the browser's address bar"))
    return value


MONTHS = {name: i for i, names in enumerate([("jan", "january"), ("feb", "february"), ("mar", "march"),
                                            ("apr", "april"), ("may",), ("jun", "june"), ("jul", "july"),
                                            ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
                                            ("nov", "november"), ("dec", "december")], 1) for name in names}


def date_hint(text: str, day_needed: bool = True) -> str:
    """'; write 2030-03-15' for a date written another way that can be read one way only
    (2030/3/15, 15.03.2030, 15 March 2030, March 15, 2030, March 2030), else nothing. A date
    whose day and month could be either way round (05/06/2030) gets both readings, not a guess."""
    words = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text.strip().lower().replace(",", " "))
    span = (re.fullmatch(r"(?P<d>\d{1,2})\s*[-\u2013/]\s*(?P<d2>\d{1,2})\s+(?P<mn>[a-z]+)\.?\s+(?P<y>\d{4})", words)
            or re.fullmatch(r"(?P<mn>[a-z]+)\.?\s+(?P<d>\d{1,2})\s*[-\u2013/]\s*(?P<d2>\d{1,2})\s+(?P<y>\d{4})", words))
    if span and span["mn"] in MONTHS:  # 15-17 May 2024: an event's days
        first, last = (f"{span['y']}-{MONTHS[span['mn']]:02d}-{int(span[d]):02d}" for d in ("d", "d2"))
        try:
            dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        except ValueError:
            return ""
        return (f"; a date is one day, not a range: write {first} for the first day or {last} for the last (an "
                "event's days go in start: and end:)")
    if re.fullmatch(r"\d{2,3}", words):  # 999, 24: a year cut short where a year may stand alone (not 1: true)
        return "" if day_needed else "; a year is written with its four digits, like 2024"
    if re.fullmatch(r"\d{4}", words):  # a year alone: a date for as_of, not where a day is needed
        if _year_problem(int(words)):
            return f" ({_year_problem(int(words))})"
        return f"; write {words}-MM-DD, with the month for MM and the day for DD" if day_needed else ""
    month_first = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", words)  # 05/2024: a month and its year
    if month_first and 1 <= int(month_first[1]) <= 12 and not _year_problem(int(month_first[2])):
        return f"; write {month_first[2]}-{int(month_first[1]):02d}" + ("-DD, with the day for DD" if day_needed else "")
    found = (re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?", words)
             or re.fullmatch(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})", words)
             or re.fullmatch(r"(?:(?P<d>\d{1,2})\s+)?(?P<mn>[a-z]+)\.?\s+(?:(?P<d2>\d{1,2})\s+)?(?P<y>\d{4})", words))
    if found is None:
        return ""
    groups = found.groupdict()
    if not groups:  # year first
        year, month, day = int(found[1]), int(found[2]), int(found[3]) if found[3] else None
    elif "mn" in groups:
        if groups["mn"] not in MONTHS or (groups["d"] and groups["d2"]):
            return ""
        year, month = int(groups["y"]), MONTHS[groups["mn"]]
        day = int(groups["d"] or groups["d2"]) if (groups["d"] or groups["d2"]) else None
    else:
        year, day, month = int(groups["y"]), int(groups["d"]), int(groups["m"])
        if month > 12 >= day:  # 05/15/2030: month first, so one reading
            day, month = month, day
        elif 1 <= day <= 12 and 1 <= month <= 12 and day != month:  # 05/06/2030: 5 June or 6 May, so both
            return (f"; the day and month could be either way round: write {year}-{month:02d}-{day:02d} for {day} "
                    f"{MONTH_NAMES[month - 1]}, or {year}-{day:02d}-{month:02d} for {month} {MONTH_NAMES[day - 1]}")
    try:
        dt.date(year, month, 1 if day is None else day)
    except ValueError:
        return ""
    if _year_problem(year):
        return ""
    if day is None:
        return f"; write {year}-{month:02d}" + ("-DD, with the day for DD" if day_needed else "")
    return f"; write {year}-{month:02d}-{day:02d}"


def period_hint(text: str) -> str:
    """'; for a fact's period in words, write as_of: 2025-12 and as_of_words: end of 2025' for a date typed as
    words around one year ('end of 2025', 'mid-2024'), else nothing: for a context figure's as_of only,
    the one date with as_of_words beside it (validate.py adds it)."""
    years = re.findall(r"(?<!\d)\d{4}(?!\d)", text)
    if len(years) != 1 or not re.search(r"[A-Za-z]{2}", text):
        return ""
    when = f"{years[0]}-12" if re.search(r"\b(end|late)\b", text, re.IGNORECASE) else \
        f"{years[0]}, or the month it falls in, {years[0]}-MM,"
    return f"; for a fact's period in words, write as_of: {when} and as_of_words: {text.strip()}"


def _year_problem(year: int) -> str:
    """Why a year cannot be a figure's or a claim's ('there is no year 0'; 0999, a year typed with a 0
    in front), else nothing."""
    if year == 0:
        return "there is no year 0"
    return "a year is written with four digits, the first not 0" if year < 1000 else ""


def _real_day(value: dt.date) -> dt.date:
    """A day whose year has four digits: 0999-05-15 is a slip, not a day of the year 999."""
    if _year_problem(value.year):
        raise ValueError(f"'{value.isoformat()}' is not a real date ({_year_problem(value.year)}); write one that "
                         "exists, YYYY-MM-DD, like 2024-05-15")
    return value


def _partial_date(value: str | int | dt.date) -> str:
    """Accept 2024, 2024-05 or 2024-05-15 and return it as text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date) and not _year_problem(value.year):
        return value.isoformat()
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    match = PARTIAL_DATE.match(text)
    if not match:
        raise ValueError(f"must be a date written 2024, 2024-05 or 2024-05-15, got '{text}'"
                         f"{date_hint(text, day_needed=False)}")
    year, month, day = (int(g) if g else None for g in match.groups())
    problem = _year_problem(year or 0)
    if not problem and month is not None and not 1 <= month <= 12:  # 2030-00: no month 0
        problem = f"there is no month {month}"
    elif not problem and day is not None:
        try:
            dt.date(year or 0, month or 1, day)
        except ValueError:
            problem = f"that month has no day {day}"
    if problem:
        raise ValueError(f"'{text}' is not a real date ({problem}); write one that exists: 2024, 2024-05 or "
                         "2024-05-15")
    return text


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Url = Annotated[str, AfterValidator(_http_url),
                WithJsonSchema({"type": "string", "pattern": r"^https?://[^\s/?#]+[^\s]*$"})]
PartialDate = Annotated[Union[str, int, dt.date], AfterValidator(_partial_date),
                        WithJsonSchema({"anyOf": [{"type": "string", "pattern": PARTIAL_DATE.pattern},
                                                  {"type": "integer", "minimum": 1000, "maximum": 9999}]})]


def _not_a_number(value: object) -> object:
    """A day given as a number is refused as one with a time would be: the parser reads a number as
    seconds since 1970, so that 'said_on: 0' was 1 January 1970, and so was 'said_on: 0000' or "0"
    (validate.py words the message)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            or isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+(?:\.\d*)?\s*", value):
        raise PydanticCustomError("date_from_datetime_inexact", "a number is not a date")
    return value


# A day, written YYYY-MM-DD (YAML reads it as a date); a number is refused, see _not_a_number.
Day = Annotated[dt.date, BeforeValidator(_not_a_number), AfterValidator(_real_day)]

# Numbers as YAML writes them: true, false or a quoted "65" are refused, not read as 1, 0 or 65.
Number = Annotated[float, StrictInput()]
WholeNumber = Annotated[int, StrictInput()]
# true or false as YAML writes them: 1, "true", y or t are refused, not read as true (validate.py refuses the
# unquoted yes, no, on and off, which the YAML reader itself turns into true and false).
Flag = Annotated[bool, StrictInput()]

Unit = Literal["percent", "count", "rank", "index", "per-100", "mbps"]
Qualifier = Literal["about", "nearly", "close to", "more than", "over", "at least", "up to", "less than", "top"]
Confidence = Literal["seen", "secondary", "derived"]
Operation = Literal["share", "percent-of", "sum", "difference"]
Rating = Literal["accurate", "accurate-but-incomplete", "misleading", "unsupported", "exaggerated"]
RATING_LABELS: dict[str, str] = {"accurate": "Accurate", "accurate-but-incomplete": "Accurate but incomplete",
                                 "exaggerated": "Exaggerated", "misleading": "Misleading", "unsupported": "Unsupported"}
NOT_RATED = "Not rated"  # shown, and downloaded, for a claim whose not_rated: says why the editors give no rating


class Strict(BaseModel):
    """A record whose keys are all known: a typo is an error, not a silent extra."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # The plain texts readers see (titles, names, roles, definitions, quotes), whose straight quotes
    # the build makes typographic (typography.py); ids, addresses, dates, choices and the texts
    # written in Markdown (notes, which smarty sets as they render) are kept as typed.
    prose: ClassVar[tuple[str, ...]] = ()


class Event(Strict):
    """A conference at which claims were made."""

    prose: ClassVar[tuple[str, ...]] = ("name", "short_name", "city", "country", "venue", "organiser")

    name: ShortText = Field(description="Full name, e.g. 'GSMA M360 Eurasia 2024'.")
    short_name: ShortText = Field(description="Name for headings and chart labels, e.g. 'M360 Eurasia'.")
    start: Day = Field(description="First day, written YYYY-MM-DD, e.g. 2024-05-15.")
    end: Day = Field(description="Last day, written YYYY-MM-DD; the same as start or later.")
    city: ShortText = Field(description="City it was held in, e.g. 'Baku'.")
    country: ShortText = Field(description="Country it was held in, e.g. 'Azerbaijan'.")
    venue: ShortText | None = Field(None, description="Building or hall. Leave out when no source names it; "
                                                      "the site then says 'not found'.")
    organiser: ShortText = Field(description="Who organised it, e.g. 'GSMA'.")
    source: Id = Field(description="Id of the source for the dates and venue; must be a key in "
                                   "data/sources.yaml.")
    notes: Text | None = Field(None, description="Anything a reader should know about the event, in your own "
                                                 "words.")

    @model_validator(mode="after")
    def _ordered(self) -> "Event":
        """An event ends on its first day or later."""
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start}); the last day is the same as "
                             "the first or later")
        return self


class Person(Strict):
    """Someone whose claims the site records."""

    prose: ClassVar[tuple[str, ...]] = ("name", "role", "organisation")

    name: ShortText = Field(description="Full name as the site shows it, e.g. 'Samir Mammadov'.")
    role: ShortText = Field(description="Role at the time of the claims, e.g. 'Deputy Minister of Digital "
                                        "Development and Transport'.")
    organisation: ShortText | None = Field(None, description="Organisation the role belongs to, if not "
                                                             "already in the role.")


class Source(Strict):
    """Where a fact was read: an article, a release or a dataset."""

    prose: ClassVar[tuple[str, ...]] = ("publisher", "title", "author")

    publisher: ShortText | None = Field(description="Who published the page the fact was read on, e.g. "
                                                    "'AzerNews'; if the outlet was not recorded, leave it empty "
                                                    "and say so in notes.")
    title: ShortText = Field(description="Title of the article, release or dataset, as published.")
    date: PartialDate | None = Field(None, description="Publication date if known: 2024, 2024-05 or 2024-05-15.")
    author: ShortText | None = Field(None, description="Author's name, if the source gives one.")
    url: Url | None = Field(None, description="Address starting http:// or https://; leave out if none is "
                                              "known (then say why in notes).")
    notes: Text | None = Field(None, description="How the source was read, or why it has no url.")

    @property
    def credit(self) -> str:
        """Who published it, as readers see it: an outlet not recorded says so, naming the author if known."""
        if self.publisher:
            return self.publisher
        return f"{self.author} (outlet not recorded)" if self.author else "Outlet not recorded"

    @property
    def chart_credit(self) -> str:
        """Who published it, in a chart's source line, tooltips and data, where no verb says what an author
        did: 'Source: AzerNews; Khagan Isayev (outlet not recorded)' read as if he were an outlet."""
        return f"article by {self.author} (outlet not recorded)" if self.author and not self.publisher else self.credit


class Metric(Strict):
    """What a number measures, of whom, in which unit."""

    prose: ClassVar[tuple[str, ...]] = ("name", "measures", "of_whom")

    name: ShortText = Field(description="Short name, e.g. 'Fibre broadband coverage, national'.")
    measures: Text = Field(description="What is counted, e.g. 'households and business entities with "
                                       "access to fibre broadband'.")
    of_whom: ShortText = Field(description="The population the share or count is of, e.g. 'all households "
                                           "in Azerbaijan'.")
    unit: Unit = Field(description="percent: a share, 0 to 100; count: a whole number, 0 or more; rank: a "
                                   "place in a league table, 1 or more; index: a score from 0 to 1; per-100: "
                                   "a rate per 100 people, 0 or more; mbps: a speed in megabits per "
                                   "second, 0 or more.")
    notes: Text | None = Field(None, description="Caveats about the measure, in your own words.")
    ranked_of: Id | None = Field(None, description="For a rank: id of the fact that gives how many were "
                                                   "ranked (a count); the rank's chart then runs to it, "
                                                   "as 74th of 193, not to a round number past the lowest.")
    target: Flag = Field(False, description="true for a metric of targets: each figure's as_of is the date "
                                            "the target is for, after its source ('end of 2026'), and its "
                                            "page says 'Target for' where others say 'Refers to'.")

    @property
    def defined(self) -> str:
        """What a chart of this measure alone says under it, and its downloads and embed too."""
        return f"What it measures: {self.measures} ({self.name}). Of whom: {self.of_whom}."


class Correction(Strict):
    """A dated correction to a fact, shown on its page and in the feed."""

    prose: ClassVar[tuple[str, ...]] = ("text",)

    date: Day = Field(description="When the correction was made, YYYY-MM-DD.")
    text: Text = Field(description="What was wrong and what was changed.")


class Derivation(Strict):
    """How a derived figure is computed from other facts."""

    operation: Operation = Field(description="share: a / b × 100; percent-of: a % of b; sum: a + b; "
                                             "difference: a − b.")
    inputs: list[Id] = Field(min_length=2, max_length=2, description="The two fact ids a and b, in order.")
    decimals: WholeNumber = Field(0, ge=-6, le=4, description="Decimals the value is rounded to; below 0, it is "
                                                               "rounded to tens (-1), hundreds (-2), thousands "
                                                               "(-3) and so on.")


class Assessment(Strict):
    """An editor's assessment of a claim, built only on facts the site shows."""

    rating: Rating = Field(description="accurate, accurate-but-incomplete, misleading, unsupported or "
                                       "exaggerated.")
    summary: Text = Field(description="One or two sentences; reference facts as [[fact-id]].")
    gets_right: Text = Field(description="What the claim gets right, with [[fact-id]] references.")
    leaves_out: Text = Field(description="What the claim leaves out, with [[fact-id]] references.")
    measures: Text = Field(description="What the claim's figure measures, and of whom.")
    date: Day = Field(description="When the assessment was written, YYYY-MM-DD.")


class FactBase(Strict):
    """Fields every fact has."""

    prose: ClassVar[tuple[str, ...]] = ("title",)

    title: ShortText = Field(description="Short noun phrase, no figures: the value is shown from 'value'.")
    metric: Id | None = Field(None, description="Id of the metric (a key in data/metrics.yaml): what the "
                                                "number measures, of whom, in which unit. Needed with a value.")
    value: Number | None = Field(None, allow_inf_nan=False,
                                 description="The number alone, in the metric's unit (65, not '65%'). "
                                             "percent 0-100, count, per-100 and mbps 0 or more, rank 1 or more, "
                                             "index 0-1. Needed with a metric; leave both out for statements "
                                             "without a figure.")
    qualifier: Qualifier | None = Field(None, description="Words before the number, as the source has them: "
                                                          "about, nearly, close to, more than, over, at least, "
                                                          "up to, less than, or top for a rank (top 40). Needs a value.")
    as_of: PartialDate | None = Field(None, description="The date or period the figure describes (a target: "
                                                        "the date it is for): 2024, 2024-05 or 2024-05-15.")
    source: Id = Field(description="Id of the source the fact was read in (a key in data/sources.yaml).")
    notes: Text | None = Field(None, description="Context in your own words; may reference facts as "
                                                 "[[fact-id]].")
    related: list[Id] = Field(default_factory=list, description="Ids of other facts (file names in "
                                                                "data/facts/) to show beside this one.")
    checked: Day | None = Field(None, description="When an editor last checked the source, YYYY-MM-DD.")
    corrections: list[Correction] = Field(default_factory=list, description="Dated corrections, oldest "
                                                                            "first; each has date and text.")

    def changed_on(self) -> list[dt.date]:
        """The days its figure or what the site says of it changed: its corrections and assessment."""
        assessment = getattr(self, "assessment", None)
        return [c.date for c in self.corrections] + ([assessment.date] if assessment is not None else [])


class Claim(FactBase):
    """Something a named person said at a named event, or in an address sent to it."""

    prose: ClassVar[tuple[str, ...]] = FactBase.prose + ("quote",)
    warned_if_missing: ClassVar[tuple[str, ...]] = ("quote",)  # optional, but the check warns without it

    kind: Literal["claim"] = Field(description="claim: something a named person said at a named event, or in "
                                               "an address sent to it.")
    speaker: Id = Field(description="Id of the person who said it (a key in data/people.yaml).")
    event: Id = Field(description="Id of the event it was said at, or sent to (a key in data/events.yaml).")
    said_on: Day = Field(description="When the claim was made, YYYY-MM-DD.")
    medium: Literal["spoken", "sent-address"] = Field(
        "spoken", description="spoken: said at the event, on its stage or by video (the default); "
                              "sent-address: in an address the source says the speaker sent to the event.")
    quote: Text | None = Field(None, description="The words as the source reports them.")
    quote_type: Literal["direct", "reported"] = Field(
        "reported", description="direct: the speaker's own words; reported: the source's paraphrase.")
    assessment: Assessment | None = Field(None, description="The editors' assessment: rating, summary, "
                                                            "gets_right, leaves_out, measures and date.")
    not_rated: Text | None = Field(None, description="Why the editors do not rate this claim (a goal, a plan, a "
                                                     "statement with no figure), in a sentence or two; may "
                                                     "reference facts as [[fact-id]]. In place of assessment, "
                                                     "never beside it.")

    # Editors' tools flag both keys at once too (the build's message is _rated_or_not's)
    model_config = ConfigDict(json_schema_extra={"not": {
        "required": ["assessment", "not_rated"],
        "properties": {"assessment": {"type": "object"}, "not_rated": {"type": "string"}}}})

    @model_validator(mode="after")
    def _rated_or_not(self) -> "Claim":
        """A claim is rated (assessment) or says why it is not (not_rated), never both."""
        if self.assessment is not None and self.not_rated is not None:
            raise ValueError("not_rated cannot stand beside assessment: a claim the editors rate has an "
                             "assessment:, one they do not rate says why in not_rated:; remove one of the two")
        return self


class Context(FactBase):
    """An independent or official statistic to read a claim against."""

    prose: ClassVar[tuple[str, ...]] = FactBase.prose + ("producer", "quote", "as_of_words")

    kind: Literal["context"] = Field(description="context: an official or independent figure to read "
                                                 "claims against.")
    producer: ShortText = Field(description="Who produced the figure (e.g. 'State Statistical Committee').")
    independent: Flag = Field(description="false when the producer is the government making the claims; for a "
                                          "derived fact, false when any input is official or a claim.")
    confidence: Confidence = Field(description="seen: read verbatim in the source; secondary: read in a news "
                                               "report of the source; derived: computed from other facts.")
    quote: Text | None = Field(None, description="The source's words for the figure, verbatim.")
    as_of_words: ShortText | None = Field(None, description="The source's words for the date when as_of would "
                                                            "be more exact than they are: 'end of 2025', with "
                                                            "as_of: 2025-12. Shown in place of the date; as_of "
                                                            "still places the figure in time. Names as_of's year.")
    derived: Derivation | None = Field(None, description="With confidence: derived, how the value is "
                                                         "computed: operation, inputs and decimals.")

    @field_validator("as_of_words")
    @classmethod
    def _words_name_the_year(cls, words: str | None, info: ValidationInfo) -> str | None:
        """as_of_words stands for as_of, so it needs one and names its year."""
        if words is None:
            return words
        if "as_of" not in info.data:
            return words  # as_of was refused: its own message says why
        as_of = info.data["as_of"]
        if as_of is None:
            raise ValueError("it needs as_of, the date that places the figure in time: for 'end of 2025', "
                             "as_of: 2025-12")
        year = str(as_of)[:4]
        if year not in words:
            raise ValueError(f"'{words}' does not name {year}, the year of as_of: {as_of}; correct one of the "
                             "two")
        return words

    @model_validator(mode="after")
    def _derivation(self) -> "Context":
        """A derived figure has its derived: block, and only a derived one has one."""
        if self.confidence == "derived" and self.derived is None:
            raise ValueError("confidence 'derived' needs a 'derived:' block below it, with operation: and "
                             "inputs: [fact-a, fact-b]")
        if self.derived is not None and self.confidence != "derived":
            raise ValueError("derived needs confidence: derived; remove the derived: block if the figure was "
                             "read, not computed")
        return self


Fact = Union[Claim, Context]


class Page(Strict):
    """Front matter of a Markdown page in content/."""

    prose: ClassVar[tuple[str, ...]] = ("title", "description", "author")

    title: ShortText = Field(description="The page's heading.")
    description: ShortText = Field(description="One sentence for search results and link previews.")
    event: Id | None = Field(None, description="Id of an event (a key in data/events.yaml): makes this page "
                                               "that event's summary. An event has at most one summary.")
    date: Day | None = Field(None, description="Publication date, YYYY-MM-DD.")
    updated: Day | None = Field(None, description="Date of the last substantial change, YYYY-MM-DD.")
    author: ShortText = Field("Baku Digital Claims", description="Byline; the site's name when left out.")


class ChartDef(Strict):
    """A chart defined in data/charts.yaml: which facts it shows and how."""

    prose: ClassVar[tuple[str, ...]] = ("title", "alt")

    title: ShortText = Field(description="The chart's heading.")
    takeaway: Text = Field(description="What the chart shows, in a sentence or a few; reference facts as [[id]].")
    kind: Literal["comparison", "timeline"] = Field(description="comparison: one bar per fact; timeline: "
                                                                "values over time.")
    facts: list[Id] = Field(default_factory=list, description="Facts shown, in order.")
    metrics: list[Id] = Field(default_factory=list, description="Every fact of these metrics is shown too.")
    alt: Text | None = Field(None, description="Text alternative; generated from the data when left out.")
    notes: Text | None = Field(None, description="Caveats shown under the chart.")
    placement: list[Literal["home"]] = Field(
        default_factory=list, description="home: the chart also appears on the home page.")

    @model_validator(mode="after")
    def _draws_something(self) -> "ChartDef":
        """A chart lists facts or metrics to draw."""
        if not self.facts and not self.metrics:
            # "facts" first: the message is put at the facts: line where there is one (validate.py)
            raise ValueError("facts and metrics list nothing, so this chart draws nothing: list the fact ids it "
                             "shows under facts:, or metric ids under metrics:, or both")
        return self


SITE_PATH = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)+$"  # a page's address below the site's, as EDITING.md writes them


def _site_path(value: str) -> str:
    """Accept a page's address in the site's form, like charts/some-id/; say how to write any other."""
    if re.fullmatch(SITE_PATH, value):
        return value
    rule = (f"must be a page's address within the site, like charts/some-chart/ (lowercase words and hyphens, "
            f"each part ending in '/'); got '{value}'")
    if re.match(r"^[a-z][a-z0-9+.-]*://", value.strip(), re.I):
        raise ValueError(f"{rule}: leave out the site's own address and keep what follows it")
    fixed = re.sub(r"(?:index\.html?)?(?:[?#].*)?$", "", value.strip().lower()).strip("/")
    if fixed and re.fullmatch(SITE_PATH, fixed + "/"):
        raise ValueError(f"{rule}: write {fixed}/")
    raise ValueError(rule)


SitePath = Annotated[str, StrictInput(), AfterValidator(_site_path),
                     WithJsonSchema({"type": "string", "pattern": SITE_PATH})]


class Redirect(Strict):
    """An address the site once published, sent on to the page that holds its content now."""

    from_: SitePath = Field(alias="from", description="The old address within the site, like facts/old-id/; "
                                                      "no page may be built there any more.")
    to: SitePath = Field(description="The address of the page that holds the content now, like facts/new-id/; "
                                     "a page the site builds.")
    note: Text | None = Field(None, description="Why the address moved (for editors; readers do not see it).")


REGISTRIES: dict[str, type[Strict]] = {
    "events": Event,
    "people": Person,
    "sources": Source,
    "metrics": Metric,
    "charts": ChartDef,
}
FACT_KINDS: dict[str, type[FactBase]] = {"claim": Claim, "context": Context}
