"""Stage 2, validate: check every document against the schema and each other.

Returns a Site (typed, cross-referenced, indexed) and every problem found; the
caller decides whether warnings count as errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import typing
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

from pydantic import BaseModel, ValidationError

from .embed import embed_path
from .fmt import half_up, iso_end, iso_start, plain
from .fmt import value as shown_value
from .history import GoneId, page_address
from .load import Inputs, MarkdownDoc
from .models import (ALLOWED_ATTRIBUTES, ALLOWED_TAGS, FACT_KINDS, FACT_REF, ID_PATTERN, MAX_ID, PLACEHOLDER,
                     REGISTRIES, ChartDef, Claim, Context, Event, Metric, Page, Person, Qualifier, Redirect,
                     Source, as_id, date_hint, period_hint)
from .problems import Problem
from .yamlsafe import Doc, Loc

_ID = re.compile(ID_PATTERN)
_NOT_AN_ID = "must be an id of lowercase letters, digits and single hyphens"  # and _name_for_id finds it by them
# An id of the kind each key takes, to show the form by (a fact's related: was shown an event's id)
_ID_EXAMPLES = {"event": "gsma-m360-eurasia-2024", "speaker": "ilham-aliyev",
                "source": "azernews-2024-05-15-digital-id", "metric": "digital-id-use", "metrics": "digital-id-use",
                "related": "digital-id-65-percent", "inputs": "digital-id-65-percent",
                "facts": "digital-id-65-percent", "chart": "broadband-over-time"}
_REGISTRY_KEYS = {"data/events.yaml": "event", "data/people.yaml": "speaker", "data/sources.yaml": "source",
                  "data/metrics.yaml": "metric", "data/charts.yaml": "chart"}  # a registry's ids
NEEDS_METRIC = "a value needs a metric: add 'metric:' naming what it measures (see data/metrics.yaml)"
NEEDS_VALUE = ("a fact with a metric needs its value: write the number after 'value:', like value: 65, or "
               "remove both metric: and value: if the fact states no figure")
ASSESSMENT_TEXTS = ("summary", "gets_right", "leaves_out", "measures")  # an assessment's texts, in page order
RANGES = {"percent": (0, 100), "index": (0, 1), "count": (0, None), "per-100": (0, None), "mbps": (0, None),
          "rank": (1, None)}
# Addresses the site's own pages take (render.py), which a page in content/ (at <name>/) would collide with
SITE_PAGES = {"assets": "folder of scripts and styles", "charts": "list of charts", "corrections": "corrections log",
              "data": "folder of data downloads", "events": "list of events", "facts": "list of facts",
              "metrics": "list of metrics", "pagefind": "search index", "people": "list of speakers",
              "schemas": "folder of data schemas", "search": "search page", "sources": "list of sources"}


@dataclass(frozen=True)
class FactEntry:
    """A validated fact with its id and the file it came from."""

    id: str
    path: str
    fact: Claim | Context

    @property
    def is_claim(self) -> bool:
        """True for claims, false for context figures."""
        return isinstance(self.fact, Claim)

    @functools.cached_property
    def date_key(self) -> str:
        """The date used to order facts in time: when said, else the period described (worked out
        once: sorting and listing ask it about 20 times per fact in a build)."""
        if isinstance(self.fact, Claim):
            return self.fact.said_on.isoformat()
        return str(self.fact.as_of or "")


@dataclass(frozen=True)
class PageEntry:
    """A validated Markdown page."""

    slug: str
    path: str
    meta: Page
    body: str
    body_line: int


@dataclass(frozen=True)
class RedirectEntry:
    """A validated redirect: an old address, the page it sends readers to, and where it is written."""

    source: str  # the old address, like charts/old-id/
    to: str
    path: str
    line: int
    col: int


@dataclass
class Site:
    """All validated inputs, with the indexes pages need."""

    events: dict[str, Event] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    charts: dict[str, ChartDef] = field(default_factory=dict)
    facts: dict[str, FactEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    redirects: list[RedirectEntry] = field(default_factory=list)
    added: dict[str, dt.date] = field(default_factory=dict)  # the day git's history added each fact's file, by id
    removed: dt.date | None = None  # the last day git's history deleted a published fact's file (or gave it another id)
    _indexes: dict[str, dict[str, list[FactEntry]]] = field(default_factory=dict, repr=False)

    def facts_where(self, **match: str) -> list[FactEntry]:
        """Facts whose field equals the given value (one field), in time order; indexed."""
        ((name, wanted),) = match.items()
        return self._index(name).get(wanted, [])

    def _index(self, name: str) -> dict[str, list[FactEntry]]:
        """Facts grouped by one field, built once per field."""
        if name not in self._indexes:
            self._indexes[name] = group_by(self.facts.values(), name)
        return self._indexes[name]

    def charted_metrics(self) -> list[str]:
        """The metrics that get a chart of their own (charts/metric-<id>/): those with two figures
        or more; one figure alone is a number, not a chart, and its fact page says it."""
        return [m for m in self.metrics if sum(e.fact.value is not None for e in self.facts_where(metric=m)) >= 2]

    def referring_to(self, fact_id: str) -> list[str]:
        """Ids of facts that list fact_id in their related facts."""
        if "__related__" not in self._indexes:
            back: dict[str, list[FactEntry]] = defaultdict(list)
            for entry in sorted(self.facts.values(), key=lambda e: e.id):
                for other in entry.fact.related:
                    back[other].append(entry)
            self._indexes["__related__"] = dict(back)
        return [e.id for e in self._indexes["__related__"].get(fact_id, [])]

    def is_target(self, fact: Claim | Context) -> bool:
        """True for a context figure of a metric of targets (dated by the date it is for)."""
        metric = self.metrics.get(fact.metric or "") if isinstance(fact, Context) else None
        return metric is not None and metric.target

    def summary_of(self, event_id: str) -> PageEntry | None:
        """The Markdown summary page of an event, if one exists."""
        return next((p for p in self.pages.values() if p.meta.event == event_id), None)


def validate(inputs: Inputs) -> tuple[Site, list[Problem]]:
    """Check inputs; return the site built from what is valid and every problem found."""
    site = Site()
    problems: list[Problem] = []
    docs: dict[str, Doc] = {}
    for name, model in REGISTRIES.items():
        doc = inputs.registries.get(name)
        if doc is not None:
            setattr(site, name, _registry(doc, model, problems))
            docs[name] = doc
    fact_docs = _facts(inputs.facts, site, problems, _moved_facts(inputs))
    site.added = {fact_id: dt.date.fromisoformat(day) for path, day in inputs.added.items()
                  if (fact_id := _fact_id_of(path)) in site.facts}
    site.removed = _last_removed(inputs)
    _pages(inputs.pages, site, problems)
    known = _known_ids(inputs)
    leads = Leads(_unread_facts(inputs), _renamed_facts(inputs, known["facts"]), _ids_by_kind(known),
                  _metric_of(fact_docs), _moved_fact_files(inputs, known["facts"]),
                  frozenset(known.get("charts") or ()), _deleted_facts(inputs, known["facts"]))
    _check_references(site, docs, fact_docs, known, problems, leads)
    _check_refused_facts(site, fact_docs, known, problems, leads)
    _check_values(site, fact_docs, problems)
    _check_page_events(site, inputs, problems)
    _check_chart_units(site, docs, problems)
    _check_ranked_of(site, docs, problems)
    _check_chart_ids(docs, problems)
    _check_quoted_titles(site, docs, problems)
    _check_quoted_quotes(site, fact_docs, problems)
    addresses = functools.cache(lambda: _addresses_known(inputs, site, known))  # made once, when first needed
    pending = functools.cache(lambda: _pending_addresses(inputs))
    _check_redirects(inputs, site, known, problems)
    links = _site_links(site, addresses, pending)  # after the redirects: a link may name an old address
    _check_fact_refs(site, inputs, docs, fact_docs, known["facts"], problems, leads, links)
    _check_gone_pages(inputs, site, problems, pending)
    _warnings(site, docs, fact_docs, problems)
    _check_typed_figures(site, inputs, docs, fact_docs, problems)
    _check_dropped_markup(site, inputs, docs, fact_docs, problems)
    _check_fact_headings(site, fact_docs, problems)
    return site, problems


# -- records ------------------------------------------------------------------------------------

def _registry(doc: Doc, model: type[BaseModel], problems: list[Problem]) -> dict[str, Any]:
    """Validate each id: record pair of a registry file."""
    records: dict[str, Any] = {}
    unindented = _unindented_fields(doc, model)
    for key in doc.data:  # file order: editors order charts and lists this way
        if key in unindented:
            owner = unindented[key]
            if owner is not None:
                below = "below" if doc.data[owner] is None else "as the keys above it are, below"
                problems.append(doc.problem((key,), f"'{key}:' starts in the first column, so it is read as a "
                                                    f"new id rather than a key of '{owner}': indent it by two "
                                                    f"spaces, {below} '{owner}:'",
                                            key=True))
            if owner is not None or doc.data[key] is None:
                continue
        if not _ID.match(key):
            problems.append(doc.problem((key,), f"id '{key}' must be lowercase letters, digits and single "
                                                f"hyphens, like '{_id_example(doc.path)}'", key=True))
            continue
        if len(key) > MAX_ID:
            problems.append(doc.problem((key,), f"id '{key}' is {len(key)} characters; an id may be at most "
                                                f"{MAX_ID}: shorten it", key=True))
            continue
        strays = {field: doc.data[field] for field, owner in unindented.items() if owner == key}
        value = {**doc.data[key], **strays} if strays and isinstance(doc.data[key], dict) else doc.data[key]
        for table in (doc.positions, doc.key_positions) if strays else ():  # a stray's problem is named where it is
            table.update({(key, *loc): at for loc, at in list(table.items()) if loc and loc[0] in strays})
        record = _model(doc, (key,), model, value, problems)  # a key left unindented is named once, above
        if record is not None:
            records[key] = record
    return records


def _unindented_fields(doc: Doc, model: type[BaseModel]) -> dict[str, str | None]:
    """Top-level keys of a registry that are its records' own keys (name:, role:) and hold one
    value, following an id: a record's keys left unindented, all of them (the id has nothing under
    it) or the last ones (the id's record holds the keys above them). Each maps to the id above
    them; an id with nothing under it maps to None (it is not reported apart)."""
    fields = set(_keys(model))
    found: dict[str, str | None] = {}
    owner: str | None = None
    for key, value in doc.data.items():
        if owner is not None and key in fields and not isinstance(value, dict):
            found[key] = owner
            if doc.data[owner] is None:
                found.setdefault(owner, None)
            continue
        owner = key if value is None or isinstance(value, dict) else None
    return found


def _moved_facts(inputs: Inputs) -> frozenset[str]:
    """The ids of facts whose old address data/redirects.yaml sends on: a new fact may not take one."""
    return frozenset(_fact_redirects(inputs))


def _fact_redirects(inputs: Inputs) -> dict[str, str]:
    """Each entry of data/redirects.yaml from a fact's page: the old fact id, and where it sends
    the page ('to', as written)."""
    entries = inputs.redirects.data if inputs.redirects is not None else None
    found: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else ():
        old = re.fullmatch(r"/?facts/([^/]+)/?", str(entry.get("from", ""))) if isinstance(entry, dict) else None
        if old:
            found[old[1]] = str(entry.get("to", ""))
    return found


def _facts(fact_docs: list[Doc], site: Site, problems: list[Problem],
           moved: frozenset[str] = frozenset()) -> dict[str, Doc]:
    """Validate each fact file; its id is its file name without the extension (moved: ids that
    data/redirects.yaml sends on, never suggested for a misnamed file)."""
    by_id: dict[str, Doc] = {}
    suggested: dict[str, str] = {}  # a name suggested for a misnamed file -> that file: never suggested twice
    for doc in fact_docs:
        fact_id = doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if not _ID.match(fact_id):
            fixed = as_id(fact_id).strip("-")
            holder = suggested.get(fixed) or next((other.path for other in fact_docs
                                                   if other.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] == fixed), None)
            rename = ""
            if _ID.fullmatch(fixed) and len(fixed) <= MAX_ID:
                if fixed in moved:
                    rename = (f": {fixed}.yaml would do, but data/redirects.yaml sends the address of a fact of "
                              "that name on, so choose another")
                elif holder is None:
                    suggested[fixed] = doc.path
                    rename = f": rename it to {fixed}.yaml"
                else:
                    verb = "is to take" if fixed in suggested else "has"
                    rename = f": {fixed}.yaml would do, but {holder} {verb} that name, so choose another"
            problems.append(Problem(doc.path, 1, 1, f"file name '{fact_id}' must be lowercase letters, digits "
                                                    f"and single hyphens (it is the fact's id){rename}"))
            continue
        if len(fact_id) > MAX_ID:
            problems.append(Problem(doc.path, 1, 1, f"file name '{fact_id}' is {len(fact_id)} characters; a "
                                                    f"fact's id (its file name) may be at most {MAX_ID}: shorten it"))
            continue
        if fact_id in by_id:
            problems.append(Problem(doc.path, 1, 1, f"duplicate fact id '{fact_id}': {by_id[fact_id].path} "
                                                    "has the same name; rename one"))
            continue
        kind = doc.data.get("kind")
        if not isinstance(kind, str) or kind not in FACT_KINDS:  # a list or key: value lines cannot be looked up
            if ("kind",) in doc.unreadable:  # reported already, where it could not be read
                continue
            where = ("kind",) if "kind" in doc.data else ()
            got = f"got {_typed_or_shown(doc, ('kind',), kind)}{_suggest(str(kind), FACT_KINDS)}" \
                if "kind" in doc.data else "it is missing"
            problems.append(doc.problem(where, f"kind must be 'claim' (something a person said) or 'context' "
                                               f"(a figure to read claims against); {got}"))
            continue
        fact = _model(doc, (), FACT_KINDS[kind], doc.data, problems)
        by_id[fact_id] = doc
        if fact is not None:
            site.facts[fact_id] = FactEntry(fact_id, doc.path, fact)  # type: ignore[arg-type]
    return by_id


def _pages(pages: list[MarkdownDoc], site: Site, problems: list[Problem]) -> None:
    """Validate the front matter of each Markdown page."""
    for page in pages:
        if not _ID.match(page.slug):
            problems.append(Problem(page.path, 1, 1, f"file name '{page.slug}' must be lowercase letters, "
                                                     "digits and single hyphens (it is the page's address)"
                                                     + _page_rename(page.slug, pages)))
            continue
        if page.slug in SITE_PAGES and not page.front.data.get("event"):  # an event's summary is shown on its page
            problems.append(Problem(page.path, 1, 1, f"file name '{page.slug}' is taken: the site's own "
                                                     f"{SITE_PAGES[page.slug]} is at {page.slug}/, the address this "
                                                     "page would have; rename the file"))
            continue
        meta = _model(page.front, (), Page, page.front.data, problems)
        if meta is not None:
            site.pages[page.slug] = PageEntry(page.slug, page.path, meta, page.body, page.body_line)


def _page_rename(slug: str, pages: list[MarkdownDoc]) -> str:
    """': rename it to about-us.md' for a page named About_Us.md, or why that name will not do; else nothing."""
    fixed = as_id(slug).strip("-")
    if not _ID.fullmatch(fixed) or len(fixed) > MAX_ID or fixed in SITE_PAGES:
        return ""
    holder = next((page.path for page in pages if page.slug == fixed), None)
    return f": rename it to {fixed}.md" if holder is None else \
        f": {fixed}.md would do, but {holder} has that name, so choose another"


def _model(doc: Doc, loc: Loc, model: type[BaseModel], data: Any, problems: list[Problem]) -> Any:
    """Validate data with model; on failure add one located problem per error."""
    _placeholders(doc, loc, model, data, problems)
    _cut_texts(doc, loc, model, problems)
    _curly_texts(doc, loc, model, data, problems)
    try:
        return model.model_validate(_word_flags(doc, loc, model, data))
    except ValidationError as exc:
        errors = _one_per_date(model, exc.errors(include_url=False))
        misspelt = {_misspelling(model, e) for e in errors if e["type"] == "extra_forbidden"}
        for error in errors:
            if loc + tuple(error["loc"]) in doc.unreadable:  # already reported by the reader
                continue
            if error["type"] == "missing" and tuple(error["loc"]) in misspelt:
                continue  # 'unknown key descripton; did you mean description?' says it all
            problems.append(_curly_hint(_explain(doc, loc, model, error), error))
        return None


def _one_per_date(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """The errors with one for each date that may be written 2024, 2024-05 or 2024-05-15, where pydantic
    gives one for each way it tried to read it, named after its type (as_of.str, as_of.int, as_of.date)."""
    merged, seen = [], set()
    for error in errors:
        loc = tuple(error["loc"])
        if len(loc) >= 2 and loc[-1] in ("str", "int", "date") and _field(model, loc) is None \
                and _field(model, loc[:-1]) is not None:
            if loc[:-1] in seen:
                continue
            seen.add(loc[:-1])
            error = {**error, "type": "date_partial", "loc": loc[:-1]}
        merged.append(error)
    return merged


def _placeholders(doc: Doc, loc: Loc, model: type[BaseModel], data: Any, problems: list[Problem]) -> None:
    """Report each value still reading TODO (as `build.py new` writes them), saying what belongs there.

    Each place is reported once: the schema check then skips it, as it does unreadable values.
    """
    if PLACEHOLDER not in repr(data):  # nowhere in the document: no need to visit every value
        return
    for where, value in _leaves(data, ()):
        if isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
            field_info = _field(model, where)
            hint = f". {field_info.description.rstrip('.')}." if field_info and field_info.description else ""
            name = next((str(part) for part in reversed(where) if isinstance(part, str)), "value")
            doc.unreadable.add(loc + where)
            problems.append(doc.problem(loc + where, f"{name} is still {PLACEHOLDER}: replace it with the "
                                                     f"real value{hint}"))


def _cut_texts(doc: Doc, loc: Loc, model: type[BaseModel], problems: list[Problem]) -> None:
    """Report each unquoted text that a ' #' comment ends early: YAML drops the rest of the line.
    Ids, numbers and dates may carry a comment; an empty value may too (publisher:  # not recorded)."""
    for where, (line, col) in sorted(doc.cut.items(), key=lambda item: item[1]):
        if where[:len(loc)] != loc or not _is_text(_field(model, where[len(loc):])):
            continue
        name = next((str(part) for part in reversed(where) if isinstance(part, str)), "text")
        value = _value_at(doc.data, where)
        problems.append(Problem(doc.path, line, col, f"{name} is cut at ' #': YAML reads the rest of the line as a "
                                                     f"comment, so {name} would be '{value}'; put the whole text "
                                                     f"in quotes, like {name}: \"…\""))


def _word_flags(doc: Doc, loc: Loc, model: type[BaseModel], data: Any) -> Any:
    """data with each true-or-false field written yes, no, on or off (in any case) given back as that word,
    for the model to refuse: YAML 1.1, which the reader follows, takes those words as true and false, but
    FIELDS.md, the schema and YAML 1.2 take only true and false."""
    for where, word in doc.typed.items():
        if where[:len(loc)] != loc or not isinstance(_value_at(doc.data, where), bool):
            continue
        field_info = _field(model, where[len(loc):])
        if field_info is not None and field_info.annotation is bool:  # elsewhere the field's own message says
            data = _replaced(data, where[len(loc):], word)
    return data


def _replaced(data: Any, where: Loc, value: Any) -> Any:
    """A copy of data with the value at where replaced (each dict and list on the way copied, the rest shared)."""
    if not where:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[where[0]] = _replaced(data[where[0]], where[1:], value)
    return copy


# A text wholly inside typographic double quotation marks, as a word processor types them: “…”, „…“, «…»; and
# a value inside those or single ones, ‘…’ (a text in single marks may be a quote, as a headline may be)
_CURLY_MARKED = re.compile(r"[“„«][^“”„«»\"]*[”“»]", re.DOTALL)
_CURLY_MARKED_VALUE = re.compile(r"[“„«][^“”„«»\"]*[”“»]|‘[^‘’]*’")


def _curly_hint(problem: Problem, error: Mapping[str, Any]) -> Problem:
    """The problem of a number, date, choice or address typed in curly quotation marks ('value: “61.5”'),
    with why it is refused: the marks were meant as YAML's quotes, which are straight."""
    given = error.get("input")
    if error["type"] in ("extra_forbidden", "missing", "string_pattern_mismatch") or not isinstance(given, str) \
            or not _CURLY_MARKED_VALUE.fullmatch(given.strip()):
        return problem  # an id's message already offers it without the marks
    return replace(problem, message=f"{problem.message}; remove the curly quotation marks around it, which YAML "
                                    "reads as part of it (its own quotes are straight, \")")


def _curly_texts(doc: Doc, loc: Loc, model: type[BaseModel], data: Any, problems: list[Problem]) -> None:
    """Report each short text (a title, a name, a producer) wholly inside curly quotation marks: YAML keeps
    them, and the page would show them. A quote, and a source's or chart's title, are checked on their own."""
    for where, value in _leaves(data, ()):
        name = _field_name(where)
        if not isinstance(value, str) or not _CURLY_MARKED.fullmatch(value.strip()) or name == "quote" \
                or (name == "title" and model in (Source, ChartDef)) or not _is_short_text(_field(model, where)):
            continue
        problems.append(doc.problem(loc + where, f"{name} is in curly quotation marks, which YAML reads as part of "
                                                 "the text, so the page would show them: remove them (a text with "
                                                 "': ' in it goes in straight quotes, \"…\")"))


def _is_short_text(info: Any) -> bool:
    """True for a field of a short text (a title, a name, a producer: at most 300 characters)."""
    return _is_text(info) and any(getattr(item, "max_length", None) == 300 for item in _constraints(info))


def _is_text(info: Any) -> bool:
    """True for a field of free text (a title, a quote, notes), not an id, number or date."""
    return any(getattr(item, "strip_whitespace", None) for item in _constraints(info))


def _constraints(info: Any) -> list[Any]:
    """The constraints of a field, its type's (through Optional and Annotated) among them."""
    found = list(getattr(info, "metadata", []))
    todo = [getattr(info, "annotation", None)]
    while todo:
        current = todo.pop()
        found += getattr(current, "__metadata__", ())
        todo += typing.get_args(current)
    return found


def _value_at(data: Any, loc: Loc) -> Any:
    """The value at loc in parsed data."""
    for part in loc:
        data = data[part]
    return data


def _leaves(data: Any, loc: Loc) -> Iterable[tuple[Loc, Any]]:
    """Every plain value inside data, with where it is."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, loc + (i,))
    else:
        yield loc, data


def _field(model: type[BaseModel], loc: Loc) -> Any:
    """The pydantic field reached by loc (through nested models and lists), or None."""
    names = [part for part in loc if not isinstance(part, int)]
    parent = _model_at(model, tuple(names[:-1])) if names else None
    return _keys(parent).get(str(names[-1])) if parent is not None else None


def _misspelling(model: type[BaseModel], error: Mapping[str, Any]) -> Loc:
    """Where the key an unknown key most likely meant would stand, or () if none is close."""
    parent, word = tuple(error["loc"])[:-1], str(error["loc"][-1])
    close = difflib.get_close_matches(word, sorted(_fields_at(model, parent)), n=1, cutoff=0.6)
    return parent + (close[0],) if close else ()


def _explain(doc: Doc, base: Loc, model: type[BaseModel], error: Mapping[str, Any]) -> Problem:
    """Turn one pydantic error into a message that says what would be right."""
    loc = base + tuple(error["loc"])
    kind, given = error["type"], error.get("input")
    name = str(loc[-1]) if loc else "record"
    if len(loc) >= 2 and isinstance(loc[-1], int):
        name = f"item {loc[-1] + 1} of {loc[-2]}"
    shown = _typed_or_shown(doc, loc, given)
    if kind == "extra_forbidden" and name == "id" and len(error["loc"]) == 1:
        where = "the file's name" if not base else f"the name it is listed under ('{base[-1]}')"
        return doc.problem(loc, f"unknown key 'id': the id is {where}, so remove this line", key=True)
    if kind == "extra_forbidden" and model in REGISTRIES.values() and isinstance(given, dict) and len(loc) == 2 \
            and set(given) & set(_keys(model)):
        return doc.problem(loc, f"unknown key '{name}' in '{loc[0]}'; if '{name}' is a new record's id, start it in "
                                f"the first column, as '{loc[0]}:' starts", key=True)
    if kind == "extra_forbidden":
        parent = tuple(error["loc"])[:-1]
        fields = _fields_at(model, parent)
        try:
            record = _value_at(doc.data, base + parent)
        except (KeyError, IndexError, TypeError):
            record = None
        hint = (_belongs_elsewhere(model, parent, name, record) or _date_key(model, parent, name, record)
                or _did_you_mean(name, fields))
        return doc.problem(loc, f"unknown key '{name}'{hint}", key=True)
    if kind == "missing":
        about = _description(model, tuple(error["loc"]))
        return doc.problem(loc[:-1], f"missing required key '{name}'" + (f": {about}" if about else ""))
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        if isinstance(given, bool):  # 'yes', read by YAML as true, reached a check that takes numbers as 1
            word = doc.typed.get(loc) or str(given).lower()
            message = re.sub(r"got '[^']*'", lambda _: f"got '{word}'", message, count=1)
        if model is Context and tuple(error["loc"]) == ("as_of",) and isinstance(given, str) \
                and not date_hint(given, day_needed=False):
            message += period_hint(given)  # only a context figure has as_of_words to put the words in
        fields = _fields_at(model, tuple(error["loc"]))
        first = message.split(" ", 1)[0]
        if fields and first in fields and loc + (first,) in doc.positions:
            return doc.problem(loc + (first,), message)  # a check across fields: point at the one it names
        return doc.problem(loc, (f"{name}: " if loc[len(base):] else "") + message)
    if (kind == "string_type" and given is None) or kind == "string_too_short":  # title: or title: ""
        field = _field(model, tuple(error["loc"]))
        if kind == "string_too_short" and field is not None and field.is_required() \
                and type(None) in typing.get_args(field.annotation):  # publisher: "" where publisher: is "not known"
            return doc.problem(loc, f"{name} must not be empty quotes: write the text after '{name}:', or leave "
                                    "nothing after the colon (no quotes) if it is not known")
        return doc.problem(loc, f"{name} must not be empty: write the text after '{name}:', or remove the line "
                                "if the key is optional")
    if kind == "string_type" and isinstance(given, list) and _takes_ids(_field(model, tuple(error["loc"]))):
        if isinstance(loc[-1], int):  # related: [[coverage-survey]]: a Markdown reference in a list of ids
            return doc.problem(loc, f"{name} is a list in brackets: in {loc[-2]}, write each id without "
                                    f"[[ ]], like {loc[-2]}: [{_first_text(given) or 'fact-id'}]")
        return doc.problem(loc, f"{name} takes one id, not a list: write one, without brackets"
                                + (" (a fact has one source; name any other in its notes)"
                                   if name == "source" and model in (Claim, Context) else ""))
    if kind == "string_type" and isinstance(given, (dict, list)) and loc in doc.key_positions \
            and doc.where(loc)[0] == doc.where(loc, key=True)[0]:  # [ … ] or { … } on the key's own line
        bracket = "{" if isinstance(given, dict) else "["
        words = ", ".join(str(item) for item in given) if isinstance(given, list) \
            and all(isinstance(item, (str, int, float)) for item in given) else ""
        example = f"[{words}]" if words and len(words) <= 60 else f"{bracket}…{'}' if bracket == '{' else ']'}"
        # text with double quotes in it goes in single ones, each single one in it doubled, as YAML has it
        quoted = "'" + example.replace("'", "''") + "'" if '"' in example else f'"{example}"'
        return doc.problem(loc, f"{name} must be text: text that starts with {bracket} is read as "
                                f"{'key: value pairs' if bracket == '{' else 'a list'}; put the whole text in "
                                f"quotes, like {name}: {quoted}")
    if kind == "string_type" and isinstance(given, (dict, list)):
        what = "key: value lines" if isinstance(given, dict) else "a list"
        return doc.problem(loc, f"{name} must be text, not {what}: write the text on the same line as "
                                f"'{name}:' (in quotes if it contains ': '), or indent continued lines without "
                                "a ':'")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        needed = _required_at(model, tuple(error["loc"]))
        keys = f" ({', '.join(needed)}…)" if needed else ""
        return doc.problem(loc, f"{name} must be key: value lines{keys}, indented below '{name}:'; got {shown}")
    if isinstance(given, list) and kind in _ONE_VALUE:  # value: [61.5, 62], as_of: [2024, 2025]
        what = f"one of {error['ctx']['expected']}" if kind == "literal_error" and error.get("ctx") \
            else _ONE_VALUE[kind]
        return doc.problem(loc, _one_not_a_list(doc, loc, model, name, what))
    not_a_number = f"{name} must be a plain number (no % sign, spaces or commas); got {shown}{_plain_number(given)}"
    not_a_date = f"{name} must be a date written YYYY-MM-DD; got {shown}{date_hint(doc.typed.get(loc) or str(given))}"
    key = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")  # related, of item 2 of related
    # related: [2024]: a number where an id belongs (it was told to quote it, then that no fact is '2024')
    if kind == "string_type" and isinstance(given, (int, float)) and not isinstance(given, bool) \
            and _takes_ids(_field(model, tuple(error["loc"]))):
        return doc.problem(loc, f"{name} must be an id, like '{_id_example(key)}'; got the number {shown}"
                                + (f" (an id of digits alone is written in quotes: '{shown}')" if _ID.fullmatch(shown)
                                   else ""))
    messages = {
        "literal_error": lambda: f"{name} must be one of {error.get('ctx', {}).get('expected')}; got {shown}"
                                 + _suggest(doc.typed.get(loc) or str(given), _literal_choices(error)),
        "float_parsing": lambda: not_a_number,
        "float_type": lambda: (not_a_number if isinstance(given, str) and not _unquoted(given)
                               else f"{name} must be a plain number; got {shown}{_unquoted(given)}"),
        "finite_number": lambda: f"{name} must be an ordinary number, not infinity or 'not a number'; got {shown}",
        "int_parsing": lambda: f"{name} must be a whole number; got {shown}",
        "int_type": lambda: f"{name} must be a whole number; got {shown}" + _unquoted(given),
        "int_from_float": lambda: f"{name} must be a whole number; got {shown}",
        "bool_parsing": lambda: f"{name} must be true or false; got {shown}",
        "bool_type": lambda: f"{name} must be true or false; got {shown}" + _flag_hint(given),
        "string_type": lambda: f"{name} must be text; got {shown} (put it in quotes)",
        "string_too_long": lambda: f"{name} is too long: {len(str(given).strip())} characters, at most "
                                   f"{error.get('ctx', {}).get('max_length')}; shorten it",
        "string_pattern_mismatch": lambda: f"{name} {_NOT_AN_ID}, like '{_id_example(key)}'; got '{given}'"
                                           + _lookalikes(given) + _hyphenated(given),
        "date_partial": lambda: f"{name} must be a date written 2024, 2024-05 or 2024-05-15; got {shown}"
                                # 10.2030 is read as 10.203: the month and year are in the text as typed
                                + date_hint(doc.typed.get(loc) or str(given), day_needed=False),
        "date_type": lambda: not_a_date,
        "date_parsing": lambda: not_a_date,
        "date_from_datetime_parsing": lambda: not_a_date,
        # 2024, '2024' or 20240515 (digits, read as seconds since 1970): no dashes
        "date_from_datetime_inexact": lambda: (not_a_date
                                               if isinstance(given, (int, float)) or str(given).isdigit() else
                                               f"{name} must be a date without a time, YYYY-MM-DD; got {shown}"),
        "list_type": lambda: f"{name} must be a list (one '- item' per line, or [a, b]); got {shown}"
                             + _dash_without_space(given),
        "too_short": lambda: f"{name} needs at least {_items(error.get('ctx', {}).get('min_length'))}; "
                             f"got {_items(len(given) if isinstance(given, list) else 0)}",
        "too_long": lambda: f"{name} takes at most {_items(error.get('ctx', {}).get('max_length'))}; "
                            f"got {_items(len(given) if isinstance(given, list) else 0)}",
        "greater_than_equal": lambda: f"{name} must be at least {error.get('ctx', {}).get('ge')}; got {shown}",
        "less_than_equal": lambda: f"{name} must be at most {error.get('ctx', {}).get('le')}; got {shown}",
    }
    if kind in ("union_tag_invalid",) or kind.endswith("_type") and kind not in messages:
        message = f"{name}: {error['msg']}"
    else:
        message = messages.get(kind, lambda: f"{name}: {error['msg']}")()
    if isinstance(given, dict) and kind.startswith(("date", "float", "int", "bool", "literal")):
        # one value was wanted, and key: value lines came: likely keys left indented (a '# ' half removed)
        message += (f"; these lines are indented further than '{name}:', so they are read as its value: "
                    f"start each key in the same column as '{name}:'")
    return doc.problem(loc, message)


# What a field that was given a list takes one of, by the error its type gives
_ONE_VALUE = {"float_type": "one number", "int_type": "one number", "date_partial": "one date",
              "date_type": "one date", "bool_type": "true or false", "literal_error": "one value"}


def _one_not_a_list(doc: Doc, loc: Loc, model: type[BaseModel], name: str, what: str) -> str:
    """'value takes one number, not a list: write one, …' for a list where a field takes one value."""
    on_its_line = loc in doc.key_positions and doc.where(loc)[0] == doc.where(loc, key=True)[0]
    how = "without brackets" if on_its_line else f"after '{name}:' on its line, without the '- '"
    why = (" (a fact has one figure: give each other figure a fact of its own)"
           if name == "value" and model in (Claim, Context) else "")
    return f"{name} takes {what}, not a list: write one, {how}{why}"


def _plain_number(given: Any) -> str:
    """'; write 34.1' for a number typed with a decimal comma, digit groups, spaces or a % sign."""
    if not isinstance(given, str):
        return ""
    text = re.sub(r"\s|%$", "", re.sub(r"\s*(?:per\s*cent|pct)\.?$", "", given.strip(), flags=re.IGNORECASE))
    if re.fullmatch(r"-?\d+(\.\d+)?", text):  # \s above holds the no-break space too
        return f"; write {text}"
    if re.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}", text):  # 1.430.000: points between the digit groups
        return f"; write {text.replace('.', '')}"
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        whole = text.replace(",", "")
        return f"; write {whole}" + (f" (or {text.replace(',', '.')}, if the comma marks the decimals)"
                                     if text.count(",") == 1 and "." not in text else "")
    if re.fullmatch(r"-?\d+,\d+", text):
        return f"; write the decimals after a point: {text.replace(',', '.')}"
    words = re.fullmatch(r"(\d{1,15}(?:[.,]\d{1,9})?)\s*(thousand|million|mln|m|billion|bn)\.?", given.strip().lower())
    if words:
        scale = {"thousand": 1_000, "billion": 1_000_000_000, "bn": 1_000_000_000}.get(words[2], 1_000_000)
        digits = words[1].replace(",", "") if re.fullmatch(r"\d+,\d{3}", words[1]) else words[1].replace(",", ".")
        whole = Decimal(digits) * scale  # 1,500 million: digit groups; 1,5 million: a decimal comma
        if whole == whole.to_integral_value():
            return f"; write {int(whole)} (a count is written in full)"
    qualified = re.fullmatch(r"(about|nearly|close to|more than|over|at least|up to|less than|~|>|<)\s*(\d+(?:\.\d+)?)%?",
                             given.strip().lower())
    if qualified:
        word = {"~": "about", ">": "more than", "<": "less than"}.get(qualified[1], qualified[1])
        return f"; write value: {qualified[2]} and, on a line of its own, qualifier: {word}"
    return ""


def _unquoted(given: Any) -> str:
    """For a number written in quotes, or in a form YAML reads as text (088, full-width digits):
    how to write it instead."""
    if isinstance(given, str):
        try:
            number = float(given)
        except ValueError:
            return ""
        if not math.isfinite(number):  # nan, inf: YAML reads them as text, and no number can be written
            return ""
        typed = plain(number) if abs(number) < 1e15 else given.strip()
        return f" (write it without quotes: {typed})" if typed == given.strip() else f" (write {typed})"
    return ""


# Words and numbers that some readers take as true or false (pydantic, YAML 1.1), and the check does not
_FLAG_LIKE = {"yes", "no", "on", "off", "y", "n", "t", "f", "1", "0"}


def _flag_hint(given: Any) -> str:
    """How to write true or false given in quotes, or as a word or number read so elsewhere (yes, off, 1)."""
    word = str(given).strip().lower() if isinstance(given, (str, int)) and not isinstance(given, bool) else ""
    if word in ("true", "false") and isinstance(given, str):
        return f" (write it without quotes: {word})"
    return ": write true or false" if word in _FLAG_LIKE else ""


def _dash_without_space(given: Any) -> str:
    """'; each '-' needs a space after it …' for list items typed '-id' (read as one text), else nothing."""
    if not isinstance(given, str) or not re.match(r"-[^\s-]", given):
        return ""
    return f": each '-' that starts an item needs a space after it, like '- {given[1:].split(' ')[0]}'"


def _typed_or_shown(doc: Doc, loc: Loc, value: Any) -> str:
    """A value as the editor typed it where YAML read a word as true or false ('off') or a number as
    another (10.2030 as 10.203), else _shown."""
    typed = doc.typed.get(loc)
    if typed is None:
        return _shown(value)
    return typed if isinstance(value, (int, float)) and not isinstance(value, bool) else f"'{typed}'"


def _shown(value: Any) -> str:
    """A value as the editor wrote it in YAML, for 'got …' in messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "key: value lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, (int, dt.date)):
        return str(value)
    return f"'{value}'"


def _items(count: Any) -> str:
    """'1 item', '2 items'."""
    return f"{count} item" + ("" if count == 1 else "s")


def _literal_choices(error: Mapping[str, Any]) -> list[str]:
    """The allowed words of a literal_error, for spelling suggestions."""
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _model_at(model: type[BaseModel], loc: Loc) -> Any:
    """The (nested) model class reached by loc, or None."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = _keys(current).get(str(part))
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _description(model: type[BaseModel], loc: Loc) -> str:
    """The description of the field at loc (its last part), lower-cased to follow a colon."""
    info = _field(model, loc)
    text = (info.description or "") if info is not None else ""
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _required_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Required field names of the model expected at loc, for 'must be key: value lines'."""
    inner = _model_at(model, loc)
    if inner is None and loc:
        inner = model  # a registry record: the model itself
    return [n for n, f in _keys(inner).items() if f.is_required()][:3] if inner is not None else []


def _takes_ids(info: Any) -> bool:
    """Whether a field (of a record, or of a list's items) holds ids."""
    if info is None:
        return False
    return ID_PATTERN in repr(info.annotation) or any(getattr(m, "pattern", None) == ID_PATTERN
                                                        for m in info.metadata)


def _first_text(value: Any) -> str:
    """The first text inside nested lists, or ''."""
    while isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, str) else ""


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the (nested) model reached by loc, for spelling suggestions."""
    inner = _model_at(model, loc)
    return list(_keys(inner)) if inner is not None else []


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key a file writes them with: its alias where it has one ('from')."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


def _inner_model(annotation: Any) -> Any:
    """The model class inside Optional[...] or list[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _belongs_elsewhere(model: type[BaseModel], parent: Loc, name: str, record: Any) -> str:
    """Where an unknown key would be right, when that is plain: inside a block the record has
    (its lines not indented under it), or in the other kind of fact; else nothing."""
    inner = _model_at(model, parent) if parent else model
    if inner is None:
        return ""
    for block, info in inner.model_fields.items():
        nested = _inner_model(info.annotation)
        if nested is not None and name in nested.model_fields and isinstance(record, dict) and block in record \
                and not (isinstance(record[block], dict) and name in record[block]):  # not where it is already
            return (f": {name} belongs inside the {block}: block; indent its line (and the block's other "
                    f"lines) two spaces further than '{block}:'")
    kinds = {model_kind: name_of for name_of, model_kind in FACT_KINDS.items()}
    if parent or model not in kinds:
        return ""
    if name in ("target", "unit", "measures", "of_whom", "ranked_of"):  # a metric's, not a fact's ('name' may be title)
        metric = record.get("metric") if isinstance(record, dict) else None
        under = f"under '{metric}:'" if isinstance(metric, str) and metric else "under the fact's metric"
        return f": {name} belongs to the metric, not the fact; move this line to data/metrics.yaml, {under}"
    other = "context" if kinds[model] == "claim" else "claim"
    if name not in FACT_KINDS[other].model_fields:
        return ""
    fix = ("if someone said this figure at a conference, write kind: claim" if other == "claim" else
           "if this is a published statistic to read claims against, write kind: context")
    other_name = "claim" if other == "claim" else "context figure"
    return f": only a {other_name} has {name}, and this fact is kind: {kinds[model]}; {fix}, else remove the line"


_DATE_WORDS = {"date", "day", "when", "said", "said_at", "date_said", "period", "year", "as_at", "asof", "as-of"}


def _date_key(model: type[BaseModel], parent: Loc, name: str, record: Any) -> str:
    """'; did you mean said_on?' (a claim) or 'as_of' (a context figure) for a date under another
    key, like date:, when the fact lacks its own; else nothing."""
    key = {Claim: "said_on", Context: "as_of"}.get(model) if not parent else None
    if key is None or name.lower() not in _DATE_WORDS or not isinstance(record, dict) or key in record:
        return ""
    what = ("the day the claim was made is written said_on: YYYY-MM-DD" if key == "said_on" else
            "the date or period the figure describes is written as_of: 2024, 2024-05 or 2024-05-15")
    return f"; did you mean '{key}'? ({what})"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean X?' when a close match exists, else a list of what is allowed."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; allowed keys: {', '.join(choices)}" if choices else ""


def _id_example(key: str) -> str:
    """An id of the kind the key (or a registry file's path) takes, else an event's."""
    return _ID_EXAMPLES.get(_REGISTRY_KEYS.get(key, key), _ID_EXAMPLES["event"])


def _hyphenated(given: Any) -> str:
    """'; written as an id it is X' for text that is an id but for its case, dots, spaces or
    underscores (sima-3.6-million-users), else nothing."""
    if not isinstance(given, str):
        return ""
    fixed = _written_as_id(given)
    return f"; written as an id it is '{fixed}'" if fixed != given and _ID.fullmatch(fixed) else ""


def _written_as_id(given: str) -> str:
    """The text as an id, a file's name (coverage-survey.yaml) as the id it is named by."""
    return as_id(re.sub(r"\.(?:ya?ml|md)$", "", given.strip(), flags=re.IGNORECASE))


def _lookalikes(given: Any) -> str:
    """' (with a non-breaking space, U+00A0, where a space shows)' for each kind of space in the
    text other than the plain one: messages show them as spaces; and for each character that does
    not show at all (a zero-width space), which messages show escaped (\\u200b)."""
    if not isinstance(given, str):
        return ""
    names = {"\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space"}  # as the other messages say
    found = sorted({c for c in given if c != " " and unicodedata.category(c) == "Zs"})
    unseen = sorted({c for c in given if unicodedata.category(c) == "Cf"})
    return "".join(f" (with a {names.get(c) or unicodedata.name(c).lower()}, U+{ord(c):04X}, where a space shows)"
                   for c in found) + "".join(f" (with a {unicodedata.name(c, 'format character').lower()}, "
                                             f"U+{ord(c):04X}, which does not show: delete it)" for c in unseen)


def _suggest(word: str, choices: Iterable[str]) -> str:
    """'; did you mean X?' when a close match exists that does not say the opposite, else nothing."""
    close = [c for c in difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6) if not _opposite(word, c)]
    return f"; did you mean '{close[0]}'?" if close else ""


NEGATING = ("in", "un", "non", "dis", "im", "ir", "il", "not")  # inaccurate, unseen, not more than
OPPOSITES = {frozenset(pair) for pair in [("most", "least"), ("more", "less"), ("over", "under"), ("above", "below"),
                                          ("maximum", "minimum"), ("max", "min"), ("high", "low")]}


def _opposite(word: str, match: str) -> bool:
    """Whether word says the opposite of match rather than misspelling it: match with a negating
    prefix (inaccurate, indirect, unseen, not more than) or without one (supported for
    unsupported), or with one word swapped for its
    opposite (at most for at least). An editor who took the suggestion would write the opposite."""
    typed, meant = word.strip().lower(), match.lower()
    for longer, shorter in ((typed, meant), (meant, typed)):  # inaccurate for accurate; supported for unsupported
        if shorter and longer.endswith(shorter) and longer[:-len(shorter)].strip(" -") in NEGATING:
            return True
    words, others = typed.split(), meant.split()
    swapped = [frozenset((a, b)) for a, b in zip(words, others) if a != b]
    return len(words) == len(others) and len(swapped) == 1 and swapped[0] in OPPOSITES


# -- cross-references ---------------------------------------------------------------------------

def _known_ids(inputs: Inputs) -> dict[str, set[str] | None]:
    """Ids that exist, valid or not; None for a registry that could not be read at all.

    A broken file is reported once, where it is broken, not again at every reference to it.
    """
    known: dict[str, set[str] | None] = {
        name: (None if name in inputs.broken_registries else set(inputs.registries[name].data))
        for name in REGISTRIES if name in inputs.registries or name in inputs.broken_registries}
    misnamed = {re.sub(r"[^a-z0-9]+", "-", i.lower()).strip("-") for i in inputs.fact_ids if not _ID.match(i)}
    known["facts"] = set(inputs.fact_ids) | misnamed  # 'EGDI_rank_2024.yaml' is reported once, by its name
    return known


def _check_references(site: Site, docs: dict[str, Doc], fact_docs: dict[str, Doc],
                      known: dict[str, set[str] | None], problems: list[Problem],
                      leads: Leads | None = None) -> None:
    """Every id a record names must exist in the registry it points to (leads: where an unknown
    fact id may have gone)."""
    def need(doc: Doc, loc: Loc, kind: str, wanted: str, pool: set[str] | None) -> None:
        _need(doc, loc, kind, wanted, pool, problems, leads)

    facts_known = known["facts"]
    sources, metrics = known.get("sources", set()), known.get("metrics", set())
    for event_id, event in site.events.items():
        need(docs["events"], (event_id, "source"), "source", event.source, sources)
    for metric_id, metric in site.metrics.items():
        if metric.ranked_of is not None:
            need(docs["metrics"], (metric_id, "ranked_of"), "fact", metric.ranked_of, facts_known)
    for fact_id, entry in site.facts.items():
        doc, fact = fact_docs[fact_id], entry.fact
        need(doc, ("source",), "source", fact.source, sources)
        if fact.metric is not None:
            need(doc, ("metric",), "metric", fact.metric, metrics)
        for i, other in enumerate(fact.related):
            if other == fact_id:
                problems.append(doc.problem(("related", i), f"related lists this fact itself ('{other}'): "
                                                            "name other facts only"))
            elif other in fact.related[:i]:
                problems.append(doc.problem(("related", i), f"related lists '{other}' twice: keep one"))
            else:
                need(doc, ("related", i), "fact", other, facts_known)
        if isinstance(fact, Claim):
            need(doc, ("speaker",), "person", fact.speaker, known.get("people", set()))
            need(doc, ("event",), "event", fact.event, known.get("events", set()))
        if isinstance(fact, Context) and fact.derived is not None:
            for i, other in enumerate(fact.derived.inputs):
                if other in fact.derived.inputs[:i]:
                    problems.append(doc.problem(("derived", "inputs", i), f"inputs lists '{other}' twice: a "
                                                                          "derived figure is computed from two "
                                                                          "different facts; name the other one"))
                else:
                    need(doc, ("derived", "inputs", i), "fact", other, facts_known)
    charts = docs.get("charts")
    for chart_id, chart in site.charts.items():
        assert charts is not None
        for i, other in enumerate(chart.facts):
            if other in chart.facts[:i]:
                problems.append(charts.problem((chart_id, "facts", i), f"facts lists '{other}' twice, which would "
                                                                       "draw it twice: keep one"))
            else:
                need(charts, (chart_id, "facts", i), "fact", other, facts_known)
        for i, metric in enumerate(chart.metrics):
            need(charts, (chart_id, "metrics", i), "metric", metric, metrics)


def _check_ranked_of(site: Site, docs: dict[str, Doc], problems: list[Problem]) -> None:
    """A metric's ranked_of is of a rank, and names a count no smaller than any of its ranks."""
    metrics = docs.get("metrics")
    for metric_id, metric in site.metrics.items():
        entry = site.facts.get(metric.ranked_of or "")
        if metrics is None or entry is None:
            continue  # none given, or an unknown fact: _check_references says so
        if metric.unit != "rank":
            problems.append(metrics.problem((metric_id, "ranked_of"), f"ranked_of is for a metric of ranks; "
                                                                      f"'{metric_id}' is in {metric.unit}: remove it"))
            continue
        count = site.metrics.get(entry.fact.metric or "")
        fault = ("is not a count: name the fact that says how many were ranked (a figure of a count metric)"
                 if count is None or count.unit != "count" else
                 "has no figure: give it the number ranked in value:" if entry.fact.value is None else
                 f"is given as '{entry.fact.qualifier} {entry.fact.value:.15g}': the chart needs the exact number "
                 "ranked, its last place" if entry.fact.qualifier else
                 "counts fewer than 2: a rank of one place needs no axis; remove ranked_of"
                 if entry.fact.value < 2 else "")
        if fault:
            problems.append(metrics.problem((metric_id, "ranked_of"), f"ranked_of '{metric.ranked_of}' {fault}"))
            continue
        assert entry.fact.value is not None
        below = max(((e.fact.value, fact_id) for fact_id, e in site.facts.items()
                     if e.fact.metric == metric_id and e.fact.value is not None), default=(0.0, ""))
        if below[0] > entry.fact.value:
            problems.append(metrics.problem((metric_id, "ranked_of"), f"ranked_of '{metric.ranked_of}' counts "
                                                                      f"{entry.fact.value:.15g} ranked, and "
                                                                      f"'{below[1]}' is ranked {below[0]:.15g}: "
                                                                      "correct the one that is wrong"))


def _check_chart_units(site: Site, docs: dict[str, Doc], problems: list[Problem]) -> None:
    """A chart compares like with like: all its figures share one unit."""
    charts = docs.get("charts")
    for chart_id, chart in site.charts.items():
        units: dict[str, str] = {}
        for fact_id in chart.facts:
            entry = site.facts.get(fact_id)
            metric = site.metrics.get(entry.fact.metric or "") if entry else None
            if metric is not None and entry is not None and entry.fact.value is not None:
                units.setdefault(metric.unit, fact_id)
        for metric_id in chart.metrics:
            if metric_id in site.metrics:
                units.setdefault(site.metrics[metric_id].unit, f"metric {metric_id}")
        if len(units) > 1 and charts is not None:
            listed = ", ".join(f"{unit} ({where})" for unit, where in sorted(units.items()))
            problems.append(charts.problem((chart_id,), f"chart '{chart_id}' mixes units: {listed}; a chart "
                                                        "shows figures of one unit: move the others to a chart "
                                                        "of their own", key=True))


def _check_chart_ids(docs: dict[str, Doc], problems: list[Problem]) -> None:
    """An editor's chart id does not start with 'metric-': each metric's own chart is called
    metric-<metric id>, and would take the place of an editor's chart of that id."""
    charts = docs.get("charts")
    for chart_id in charts.data if charts is not None else ():
        if _ID.match(chart_id) and chart_id.startswith("metric-"):
            other = chart_id.removeprefix("metric-")
            like = f", like '{other}'" if other not in charts.data else ""
            problems.append(charts.problem((chart_id,), f"chart id '{chart_id}' starts with 'metric-', which is "
                                                        "kept for the chart each metric gets by itself "
                                                        "(metric-<metric id>): that chart would be shown in "
                                                        f"place of this one; give this chart another id{like}",
                                            key=True))


# Double quotation marks, straight and curly, either way round. Single marks are left: a headline that is
# itself a quote (‘We will connect every home’) is rightly shown inside the site's double marks.
_QUOTE_MARKS = '"“”„«»'


_NESTING = {"“": "”", "«": "»"}  # marks that say which way they face, so that a pair inside a pair is told apart


def _in_quotation_marks(text: str) -> bool:
    """True for a text wholly inside one pair of double quotation marks ("…", “…”): none inside it, or,
    with marks that face each other, pairs inside it (“He said “eighty” per cent”), not “a” and “b”."""
    if len(text) <= 2 or text[0] not in _QUOTE_MARKS or text[-1] not in _QUOTE_MARKS:
        return False
    if not set(text[1:-1]) & set(_QUOTE_MARKS):
        return True
    opening, closing = text[0], _NESTING.get(text[0])
    if closing != text[-1]:
        return False
    depth = 0
    for place, mark in enumerate(text):
        depth += (mark == opening) - (mark == closing)
        if depth == 0:
            return place == len(text) - 1  # the first mark's pair is the last
    return False


def _unclosed_mark(text: str) -> str:
    """'starts'/'ends' for a text with a double quotation mark at its start or end and no other, else ''."""
    marks = [mark for mark in text if mark in _QUOTE_MARKS]
    if len(marks) != 1 or len(text) < 2:
        return ""
    return "starts" if text[0] in _QUOTE_MARKS else "ends" if text[-1] in _QUOTE_MARKS else ""


def _check_quoted_titles(site: Site, docs: dict[str, Doc], problems: list[Problem]) -> None:
    """An error for a source's or a chart's title typed in quotation marks: the pages quote it themselves."""
    for name, records, what in (("sources", site.sources, "source"), ("charts", site.charts, "chart")):
        doc = docs.get(name)
        for record_id, record in records.items():
            if doc is not None and _in_quotation_marks(record.title.strip()):
                problems.append(doc.problem((record_id, "title"), f"title is in quotation marks, and the site puts "
                                                                  f"a {what}'s title in quotation marks itself, so "
                                                                  "readers would see two pairs: remove the marks at "
                                                                  "its start and end (a headline that is itself a "
                                                                  "quote keeps them as single marks, ‘…’)"))


def _check_quoted_quotes(site: Site, fact_docs: dict[str, Doc], problems: list[Problem]) -> None:
    """An error for a fact's quote typed in quotation marks: the page sets a quote apart as a block,
    without marks, as every other quote is shown."""
    for fact_id, entry in site.facts.items():
        quote, doc = entry.fact.quote, fact_docs.get(fact_id)
        if quote and doc is not None and _in_quotation_marks(quote.strip()):
            problems.append(doc.problem(("quote",), "quote is in quotation marks, and the page shows a quote as a "
                                                    "block set apart, without them, as it shows every other: "
                                                    "remove the marks at its start and end"))
        elif quote and doc is not None and (side := _unclosed_mark(quote.strip())):
            problems.append(doc.problem(("quote",), f"quote {side} with a quotation mark and has no other (one of a "
                                                    "pair pasted with it?), and the page shows a quote as a block "
                                                    "set apart, without marks: remove it"))


def page_addresses(site: Site) -> set[str]:
    """The address of every HTML page a build of site writes, like facts/<id>/ (render.py's html_pages;
    the charts of charts.yaml and of Site.charted_metrics, as in chart.py), but the 404 page and the facts
    table's later pages (facts/page/2/…), whose rows move as facts are added: no redirect's target."""
    found = {"", "facts/", "sources/", "metrics/", "events/", "people/", "charts/", "search/", "corrections/"}
    found |= {f"facts/{i}/" for i in site.facts} | {f"events/{i}/" for i in site.events}
    found |= {f"people/{i}/" for i in site.people} | {f"metrics/{i}/" for i in site.metrics}
    found |= {f"charts/{i}/" for i in site.charts} | {f"{slug}/" for slug, p in site.pages.items() if p.meta.event is None}
    found |= {f"charts/metric-{m}/" for m in site.charted_metrics()}
    return found


def _embedded_chart(address: str) -> str | None:
    """The chart id of a chart's embed address (charts/<id>/embed/), else None."""
    parts = address.split("/")
    return parts[1] if len(parts) == 4 and parts[0] == "charts" and parts[2] == "embed" and not parts[3] else None


def _addresses_known(inputs: Inputs, site: Site, known: dict[str, set[str] | None]) -> tuple[set[str], set[str]]:
    """The addresses a build of site writes, with those of records that exist but are invalid (their
    file is reported already), and the folders whose registry cannot be read, so not known."""
    built = page_addresses(site)
    unknown = {name for name in ("events", "people", "metrics", "charts") if known.get(name, set()) is None}
    for name in ("facts", "events", "people", "metrics", "charts"):
        built |= {f"{name}/{i}/" for i in known.get(name) or ()}
    built |= {f"{page.slug}/" for page in inputs.pages if not page.front.data.get("event")}
    return built, unknown


def _check_redirects(inputs: Inputs, site: Site, known: dict[str, set[str] | None], problems: list[Problem]) -> None:
    """Each redirect sends an address no page is built at to one a page is built at, directly: no
    address twice, no chain, no loop. Ids that exist but are invalid count as built (their file is
    reported already), and a registry that cannot be read makes its folder's addresses unknown."""
    doc = inputs.redirects
    if doc is None:
        return
    built, unknown = _addresses_known(inputs, site, known)
    records: list[tuple[int, Redirect]] = []
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            problems.append(doc.problem((i,), f"redirect {i + 1} must be from: and to: lines, like '- from: "
                                              "charts/old-id/' with '  to: charts/new-id/' below it; got "
                                              f"{_shown(item)}"))
            continue
        record = _model(doc, (i,), Redirect, item, problems)
        if record is not None:
            records.append((i, record))
    first: dict[str, int] = {}
    for i, record in records:
        if record.from_ in first:
            line = doc.where((first[record.from_], "from"))[0]
            problems.append(doc.problem((i, "from"), f"'{record.from_}' is redirected already, at line {line}: "
                                                     "keep one of the two entries"))
        else:
            first[record.from_] = i
    sends = {record.from_: record.to for _, record in records}
    embeds = {embed_path(address.split("/")[1]) for address in built  # each chart's embed page too
              if address.startswith("charts/") and address != "charts/"}
    for i, record in records:
        old, new = record.from_, record.to
        chart = _embedded_chart(old)
        if old in built or old in embeds:
            problems.append(doc.problem((i, "from"), f"the site builds a page at '{old}', so it cannot send "
                                                     "readers on from there: remove this entry, or correct the "
                                                     "address if you meant another"))
        elif chart is not None:  # a removed chart's embed page is written from its chart's entry
            own = f"charts/{chart}/"
            problems.append(doc.problem((i, "from"), f"'{old}' is the embed page of the chart at '{own}'" + (
                f", whose entry at line {doc.where((first[own], 'from'))[0]} covers it already: remove this entry"
                if own in sends else f": write from: {own} instead; a chart's entry covers its embed page too")))
        elif old.split("/", 1)[0] == "pagefind":
            problems.append(doc.problem((i, "from"), f"'{old}' is inside pagefind/, where the site search is "
                                                     "written; no page was published there: remove this entry"))
        if new == old:
            problems.append(doc.problem((i, "to"), f"to is the same address as from ('{old}'): a page would "
                                                   "send readers to itself; write the address of the page that "
                                                   "holds the content now"))
        elif new in sends:
            trail = [old, new]
            while trail[-1] in sends and trail[-1] not in trail[:-1]:
                trail.append(sends[trail[-1]])
            circle = trail[trail.index(trail[-1]):]
            if trail[-1] == old:  # told once, at the circle's first entry in the file
                if min(first[address] for address in circle[:-1]) == i:
                    problems.append(doc.problem((i, "to"), f"these redirects go round in a circle: "
                                                           f"{' → '.join(circle)}; point each at the page that "
                                                           "holds the content now"))
            elif trail[-1] in trail[:-1]:
                problems.append(doc.problem((i, "to"), f"'{new}' is itself redirected, into redirects that go round in a circle: "
                                                       f"{' → '.join(circle)}; point this entry and those at the "
                                                       "page that holds the content now"))
            else:
                line = doc.where((first[new], "from"))[0]
                problems.append(doc.problem((i, "to"), f"'{new}' is itself redirected, at line {line}, to "
                                                       f"'{trail[-1]}'; write to: {trail[-1]}, so readers are "
                                                       "sent on once"))
        elif new in embeds:
            own = f"charts/{_embedded_chart(new)}/"
            problems.append(doc.problem((i, "to"), f"'{new}' is the embed page of a chart, shown in other sites' "
                                                   f"frames, not a page to send readers to; write to: {own}"))
        elif new not in built and new.split("/", 1)[0] not in unknown:
            unread = _unread_facts(inputs)
            fact_id = new.removeprefix("facts/").rstrip("/") if re.fullmatch(r"facts/[^/]+/", new) else ""
            if fact_id in unread:  # the fact's file is where it is not read: say where it goes, not a near id
                message = _unknown_fact(fact_id, (), leads=Leads(unread)).replace(
                    f"no fact '{fact_id}'", f"no page is built at '{new}'", 1)
            else:
                close = _address_meant(new, built)  # of the folder typed: people/coverage/ was offered a metric's
                message = f"no page is built at '{new}'; " + (
                    f"did you mean '{close}'?" if close else "write the address of a page the site builds, "
                    "like facts/<fact-id>/ or charts/<chart-id>/")
            problems.append(doc.problem((i, "to"), message))
    for i, record in records:
        line, col = doc.where((i, "from"))
        site.redirects.append(RedirectEntry(record.from_, record.to, doc.path, line, col))


# A link's address: [text](address), [label]: address, <a href="address">. A definition is a line
# of its label, its address and perhaps a title, as Python-Markdown reads one: "[Update]: the office
# revised this figure." is a sentence, shown as written, and its line may end in \r\n, as Markdown reads it
# too. _link_targets finds them as the one regex
# \]\(\s*<?([^\s()<>]*)|^ {0,3}\[[^\[\]\n]+\]:[ \t]*<?([^\s<>]+?)>?[ \t]*(?:(["'])[^\n]*\3[ \t]*|\([^\n]*\)[ \t]*)?\r?$
# |<a\s[^>]*?\bhref\s*=\s*["']([^"']*) (multiline, any case) did, in time that grows with the text's length, not
# its square: 20,000 characters of '<a ' took the regex 1.8 seconds, a line of '[label]: ' and 20,000 '"' 6.
_INLINE_LINK = re.compile(r"\]\(\s*<?(?P<address>[^\s()<>]*)", re.IGNORECASE)
# A definition's title, in quotation marks or in ( ), ends with the line's last character but spaces and tabs.
# The lookahead reads that character once (closing_quote, closing_bracket); the address then ends at the first
# mark that opens such a title, where the regex read on to the line's end from each mark it tried.
_LINK_DEFINITION = re.compile(
    r"^ {0,3}\[[^\[\]\n]+\]:(?:(?=[^\n]*?(?:(?P<closing_quote>[\"'])|(?P<closing_bracket>\)))[ \t]*\r?$)|)[ \t]*<?"
    r"(?P<address>[^\s<>]+?)>?[ \t]*"
    r"(?:(?=(?P=closing_quote))(?P<quote>[\"'])[^\n]*(?P=quote)[ \t]*"
    r"|(?(closing_bracket)\([^\n]*\)[ \t]*|(?!)))?\r?$", re.MULTILINE | re.IGNORECASE)
_HREF = re.compile(r"<a\s[^>]*?\bhref\s*=\s*[\"'](?P<address>[^\"']*)", re.IGNORECASE)
_LINK_START = re.compile(r"\](?=\()|^(?= {0,3}\[)|<(?=a\s)", re.MULTILINE | re.IGNORECASE)  # where one may start
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:, javascript: (each checked elsewhere)
# An address of the preview `build.py serve` runs on the editor's own computer, copied from the browser
_PREVIEW = re.compile(r"https?://(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\])(?::\d+)?(?P<path>[/?#].*)?$",
                      re.IGNORECASE)
_NOT_PAGES = ("assets/", "pagefind/", "schemas/")  # folders of files the build copies, not pages
_OTHER_PAGES = re.compile(r"(?:facts/page/\d+|(charts/[a-z0-9-]+/)embed)/?")  # the facts table's later pages; embeds


def _site_links(site: Site, addresses: Callable[[], tuple[set[str], set[str]]],
                pending: Callable[[], set[str]]) -> Callable[[str], list[tuple[int, str]]]:
    """Where a text's links within the site go wrong, and how: every link in a page or a text shown as
    Markdown leads to a page the site builds (or one data/redirects.yaml sends on), and is written
    from the site's root, /facts/<id>/: a relative address is read from the page showing it, and a
    text is shown on several. addresses and pending: _addresses_known's and _pending_addresses' answers,
    asked for at the first link."""
    @functools.cache
    def reach() -> tuple[set[str], set[str], set[str]]:
        built, unknown = addresses()
        return built | {entry.source for entry in site.redirects} | pending(), built, unknown

    def problems_in(text: str) -> list[tuple[int, str]]:
        if "](" not in text and "]:" not in text and "href" not in text:
            return []  # no link: most texts
        found = []
        text = _without_code(text)
        text = _blank_spans(text, (image.span() for image in _images(text)))  # an image: a warning of its own
        for match in _link_targets(text):
            message = _site_link_problem(match["address"], *reach())
            if message:
                found.append((match.start("address"), message))
        return found
    return problems_in


def _link_targets(text: str) -> Iterable[re.Match[str]]:
    """Each link in a Markdown text, from left to right, its address in the group 'address' (see _INLINE_LINK)."""
    pos, no_href_before = 0, 0
    while (start := _LINK_START.search(text, pos)) is not None:
        at = start.start()
        if text.startswith("]", at):
            match = _INLINE_LINK.match(text, at)
        elif not text.startswith("<", at):
            match = _LINK_DEFINITION.match(text, at)
        elif at < no_href_before:  # an <a inside the tag of one with no href: it has none either
            match = None
        elif (match := _HREF.match(text, at)) is None:  # none up to the tag's '>', read once
            end = text.find(">", at + 3)
            no_href_before = len(text) if end < 0 else end
        if match is None:
            pos = at + 1
            continue
        yield match
        pos = match.end()


def _pending_addresses(inputs: Inputs) -> set[str]:
    """The address of the page each fact or page file would give once the problem reported with it is
    fixed: a file that cannot be read, or is refused or not read for its name or place."""
    loaded = {page.slug for page in inputs.pages}
    found = {f"facts/{stem if _ID.fullmatch(stem) else as_id(stem)}/" for stem in inputs.fact_ids}
    found |= {f"{as_id(name)}/" for name in inputs.page_names if name not in loaded or as_id(name) != name}
    for path in inputs.unread:  # as the warning says: named .md or .yaml, in content/ or data/facts/ itself
        found.add(f"{_unread_id(path)}/" if path.startswith("content/") else f"facts/{_unread_id(path)}/")
    return found


def _other_page(rooted: str, built: set[str]) -> bool:
    """True for a later page of the facts table, or the embed page of a chart the site draws."""
    other = _OTHER_PAGES.fullmatch(rooted)
    return other is not None and (other[1] is None or other[1] in built)


def _address_meant(rooted: str, built: set[str]) -> str | None:
    """The built address that rooted (facts/<id>/, about/) is a slip for: its last part an id of
    the same folder, as _typo_of reads a slip (never merely a similar id: another year's figure)."""
    parts = rooted.strip("/").split("/")
    folder = "/".join(parts[:-1])
    ids = {address.rstrip("/").rsplit("/", 1)[-1]: address for address in built
           if address.rstrip("/").rpartition("/")[0] == folder}
    meant = _typo_of(parts[-1], ids)
    return ids[meant] if meant else None


def _site_link_problem(target: str, reachable: set[str], built: set[str], unknown: set[str]) -> str | None:
    """Why a link's address leads to no page of the site, or to the editor's own preview, or None if it
    does neither or is not the site's; reachable: the addresses a link may name, built: those to
    suggest (not a redirect's old one)."""
    if (preview := _PREVIEW.match(target)) is not None:
        own = "/" + (preview["path"] or "/").lstrip("/")
        further = _site_link_problem(own, reachable, built, unknown)
        return (f"the link to '{target}' is to the preview on your own computer, which readers cannot open: "
                + (f"write the address from the site's root, ({own}); but {further}" if further
                   else f"write the address from the site's root: ({own})"))
    if not target or target.startswith(("#", "?", "//")) or _SCHEME.match(target) \
            or re.match(_DOMAIN, target, re.IGNORECASE):
        return None  # an anchor on the page, another site's address, or one without https:// (a warning)
    path, rest = re.match(r"([^#?]*)(.*)", target).groups()  # type: ignore[union-attr]
    rooted = re.sub(r"^(?:\.{1,2}/|/)+", "", path)
    last = rooted.rstrip("/").rsplit("/", 1)[-1]
    found = (rooted == "" or rooted in reachable or f"{rooted}/" in reachable or rooted.startswith(_NOT_PAGES)
             or "." in last or _other_page(rooted, built) or rooted.split("/", 1)[0] in unknown)
    if found and target.startswith("/"):
        return None
    if found:
        return (f"the link to '{target}' does not start with '/', so it is read from the address of the page "
                "showing it, and from most pages it leads nowhere: write it from the site's root, starting "
                f"with '/': ({'/' + rooted + rest})")
    close = _address_meant(rooted, built)
    fix = (f"did you mean '/{close}'?" if close else "link to a page the site builds, like /facts/<fact-id>/, "
           "or to another site's page with its https:// address")
    return f"the link to '{target}' leads nowhere: the site builds no page at that address; {fix}"


def _check_gone_pages(inputs: Inputs, site: Site, problems: list[Problem],
                      pending: Callable[[], set[str]] = set) -> None:
    """A warning for each fact or page file git's history holds and the working tree does not,
    whose page is built no more and not sent on by data/redirects.yaml: links to it lead nowhere.
    Not checked while data/redirects.yaml cannot be read (that is reported already), nor for an
    address in pending, whose file is there under a name or in a place not read (_pending_addresses)."""
    if inputs.redirects is None and (inputs.root / "data" / "redirects.yaml").exists():
        return
    built, sent_on = page_addresses(site), {entry.source for entry in site.redirects}
    for gone in inputs.gone:
        address = gone.address
        if (address is None or not gone.published or address in built or address in sent_on
                or address in pending()):
            continue
        new = page_address(gone.renamed_to) if gone.renamed_to else None
        to = f"'to: {new}'" if new in built else "'to:' the page that holds its content now"
        entry = f"'- from: {address}' with {to} below it (see EDITING.md, \"When a page moves\")"
        if gone.renamed_to:
            when = f"until commit {gone.commit} ({gone.date})" if gone.commit else "(renamed, not yet committed)"
            problems.append(Problem(gone.renamed_to, 1, 1, f"this file was {gone.path} {when}, so its old page, "
                                                           f"{address}, is built no more and links to it lead "
                                                           f"nowhere: add to {_redirects_file(inputs)} {entry}",
                                    warning=True))
        else:  # named where the entry goes: the deleted file can be neither opened nor shown beside a line
            when = f"in commit {gone.commit} ({gone.date})" if gone.commit else "(not yet committed)"
            # without the file (a new project), there is no end to add at: it is to be made
            where = (f"at the end of {_REDIRECTS_FILE}" if inputs.redirects is not None
                     else f"to {_redirects_file(inputs)}")
            problems.append(Problem(_REDIRECTS_FILE, _last_line(inputs.redirects), 1,
                                    f"{gone.path} was deleted {when}, so its page, {address}, is built no more "
                                    f"and links to it lead nowhere: add {where} {entry}", warning=True))
    for record in inputs.gone_ids:
        _check_gone_record(inputs, record, built, sent_on, problems)


_REDIRECTS_FILE = "data/redirects.yaml"


def _redirects_file(inputs: Inputs) -> str:
    """data/redirects.yaml as a message tells an editor to add to it: '(a new file)' in a project
    without one yet, so that the editor makes it rather than looks for it."""
    return _REDIRECTS_FILE if (inputs.root / _REDIRECTS_FILE).exists() else f"{_REDIRECTS_FILE} (a new file)"


def _last_line(doc: Doc | None) -> int:
    """The last line a document's values reach (a text over lines to its end), below which an entry
    is added; 1 for a document with none, or none at all."""
    ends = [line for line, _ in doc.positions.values()] if doc is not None else []
    ends += [line + source.count("\n") for line, _, source in doc.spans.values()] if doc is not None else []
    return max(ends, default=1)


_RECORD_KINDS = {"data/metrics.yaml": "metric", "data/events.yaml": "event", "data/people.yaml": "speaker",
                 "data/charts.yaml": "chart"}


def _check_gone_record(inputs: Inputs, record: GoneId, built: set[str], sent_on: set[str],
                       problems: list[Problem]) -> None:
    """A warning for a metric's, event's, speaker's or chart's id removed or renamed in its shared
    file, whose page is built no more and not sent on (a metric's chart page too): named where the
    new id is, or at the file's first line."""
    kind, folder = _RECORD_KINDS[record.registry], record.address.split("/", 1)[0]
    pairs = [(record.address, f"{folder}/{record.renamed_to}/" if record.renamed_to else None)]
    # a renamed metric's chart, where the new one has a chart: its figures came with it, so the old one had one
    chart = f"charts/metric-{record.id}/"
    if folder == "metrics" and record.renamed_to and f"charts/metric-{record.renamed_to}/" in built:
        pairs.append((chart, f"charts/metric-{record.renamed_to}/"))
    pairs = [(old, new) for old, new in pairs if old not in built and old not in sent_on]
    if not pairs:
        return
    entries = " and ".join(f"'- from: {old}' with " + (f"'to: {new}'" if new in built else
                                                       "'to:' the page that holds its content now") + " below it"
                           for old, new in pairs)
    pages = " and ".join(old for old, _ in pairs)
    if folder == "metrics" and len(pairs) == 1 and chart not in sent_on:  # the history does not say if it had one
        entries += f"; if it had a chart, add one for '{chart}' too"
    when = f"in commit {record.commit} ({record.date})" if record.commit else "(not yet committed)"
    what = (f"{kind} '{record.id}' was renamed '{record.renamed_to}' {when}" if record.renamed_to
            else f"{kind} '{record.id}' was removed from this file {when}")
    doc = inputs.registries.get(folder)  # the registries are named as their pages' folders
    line = doc.where((record.renamed_to,), key=True)[0] if doc is not None and record.renamed_to else 1
    problems.append(Problem(record.registry, line, 1, f"{what}, so its page{'s' if len(pairs) > 1 else ''}, "
                                                      f"{pages}, {'are' if len(pairs) > 1 else 'is'} built no more "
                                                      f"and links to {'them' if len(pairs) > 1 else 'it'} lead "
                                                      f"nowhere: add to {_redirects_file(inputs)} {entries} (see "
                                                      "EDITING.md, \"When a page moves\")", warning=True))


def _check_page_events(site: Site, inputs: Inputs, problems: list[Problem]) -> None:
    """A page's 'event:' must name an event, and an event has at most one summary (when two
    pages claim one, both are named: which of them is the new one is not known)."""
    summaries: dict[str, list[MarkdownDoc]] = defaultdict(list)
    for page in inputs.pages:
        event_id = page.front.data.get("event")
        if not isinstance(event_id, str):  # checked even when other front matter is wrong: all at once
            continue
        if "events" not in inputs.broken_registries and event_id not in inputs.registries["events"].data:
            problems.append(page.front.problem(("event",), f"unknown event '{event_id}'"
                                               + _suggest(event_id, site.events) + _add_first("event")))
        else:
            summaries[event_id].append(page)
    for event_id, pages in summaries.items():
        for page in pages if len(pages) > 1 else []:
            others = ", ".join(p.path for p in pages if p is not page)
            problems.append(page.front.problem(("event",), f"event '{event_id}' has a summary in {others} too; "
                                                           "an event has one: keep one of the pages"))


def _need(doc: Doc, loc: Loc, kind: str, wanted: str, pool: set[str] | None, problems: list[Problem],
          leads: Leads | None = None) -> None:
    """An id a record names must be in pool (None: the registry could not be read; not checked)."""
    if pool is not None and wanted not in pool:
        valid = {known for known in pool if _ID.fullmatch(known)}  # an id refused where it is defined is no fix
        misdefined = [known for known in pool - valid if re.sub(r"[\s_]+", "-", known.strip().lower()) == wanted]
        if misdefined:
            message = (f"unknown {kind} '{wanted}': it is defined as '{misdefined[0]}', which is not a valid id; "
                       "correct it where it is defined")
        elif kind == "fact":
            message = _unknown_fact(wanted, valid, leads=leads, own=_own_fact(doc))
        else:
            message = (_of_another_kind(wanted, kind, _field_name(loc), leads)
                       or f"unknown {kind} '{wanted}'" + _near_id(wanted, kind, valid))
        problems.append(doc.problem(loc, message))


REGISTRY_OF = {"source": "sources", "metric": "metrics", "person": "people", "event": "events"}
KIND_OF = {"facts": "fact", **{registry: kind for kind, registry in REGISTRY_OF.items()}}  # the ids a fact names


def _near_id(wanted: str, kind: str, valid: set[str]) -> str:
    """What to write for an unknown id of a person, event, source or metric: the id it is a slip for, if
    any, then where a new one is added. A source or metric is suggested only for a slip (_typo_of): a
    merely similar id is another article (trend-2024-01-fibre for trend-2025-01-fibre) or another measure
    (fibre-coverage-baku for fibre-coverage), which an editor taking the suggestion would get wrong."""
    slip = _slip(wanted, kind, valid)
    if slip or kind != "metric":
        return slip + _add_first(kind)
    undated = re.sub(r"(?:-\d+)+$", "", wanted)
    if undated != wanted and undated in valid:  # population-2024: a fact's id, or like one
        return (f"; did you mean '{undated}'? A metric's id names what is measured, without a date: the fact's "
                "as_of: or said_on: gives that")
    longer = sorted(other for other in valid if other.startswith(f"{wanted}-"))
    if longer:  # fibre-coverage: of Baku, of households, national…
        named = _listed(longer)
        return (f"; the metrics whose ids begin with it are {named}: write the one that measures this figure, "
                "or, if none does, add the metric to data/metrics.yaml first")
    return _add_first(kind)


def _slip(wanted: str, kind: str, valid: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the id of this kind that wanted is likely a slip for, else nothing: for a
    source or a metric, only one a keystroke or two away with the same numbers (see _near_id)."""
    if kind not in ("source", "metric"):
        return _suggest(wanted, valid)
    slip = _typo_of(wanted, valid)
    return f"; did you mean '{slip}'?" if slip is not None else ""


def _listed(ids: list[str], most: int = 5) -> str:
    """"'a', 'b' and 'c'" ([[a]] and [[b]] as they are), or the first few and how many more."""
    shown = [i if i.startswith("[[") else repr(i) for i in ids[:most - 1 if len(ids) > most else most]]
    if len(ids) > len(shown):
        shown.append(f"{len(ids) - len(shown)} more")
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _own_fact(doc: Doc) -> str:
    """The id of the fact whose file doc is, else nothing (a registry, a page)."""
    folder, _, name = doc.path.rpartition("/")
    return name.split(".", 1)[0] if folder == "data/facts" else ""


def _field_name(loc: Loc) -> str:
    """The key an id was given under: speaker, or related for item 2 of related."""
    return next((str(part) for part in reversed(loc) if isinstance(part, str)), "")


def _ids_by_kind(known: Mapping[str, set[str] | None]) -> dict[str, frozenset[str]]:
    """The ids of the facts and of each registry a fact names, by what they name (person, metric…), those
    readable; not the charts', which no fact names (a chart and a metric may share an id's first words)."""
    return {KIND_OF[name]: frozenset(ids) for name, ids in known.items() if name in KIND_OF and ids is not None}


def _metric_of(fact_docs: Mapping[str, Doc]) -> dict[str, str]:
    """Each fact's metric, as its file gives it (the files the schema refused too)."""
    return {fact_id: metric for fact_id, doc in fact_docs.items() if isinstance(doc.data, dict)
            and isinstance(metric := doc.data.get("metric"), str) and _ID.fullmatch(metric)}


def _of_another_kind(wanted: str, kind: str, key: str, leads: Leads | None, where: str = "",
                     own: str = "") -> str | None:
    """Why an id of another kind than the key takes does not do (speaker: an event's id; metric: a fact's,
    whose own metric is then suggested; a fact's [[metric-id]], whose facts are listed); None if it is
    no other kind's id."""
    if leads is None:
        return None
    other = next((name for name, ids in sorted(leads.ids.items()) if name != kind and wanted in ids), None)
    if other is None:
        return None
    defined = f"data/facts/{wanted}.yaml" if other == "fact" else f"data/{REGISTRY_OF[other]}.yaml"
    said = f"unknown {kind} '{wanted}'{where}: that is the id of {_a(other)} ({defined}), not of {_a(kind)}"
    if kind == "metric" and other == "fact" and leads.metric_of.get(wanted):
        return f"{said}; did you mean '{leads.metric_of[wanted]}', that fact's metric?"
    if kind == "fact" and other == "metric":
        measured = sorted(fact for fact, metric in leads.metric_of.items() if metric == wanted and fact != own)
        written = [f"[[{fact}]]" for fact in measured] if where.startswith(" in [[") else measured
        if len(measured) == 1:
            return f"{said}; did you mean {_listed(written)}, the fact of that metric?"
        if measured:
            return f"{said}; the facts of that metric are {_listed(written)}: write the one meant"
    if kind == "fact":
        return f"{said}: write a fact's id, the name of its file in data/facts/ without .yaml"
    return (f"{said}: {key} takes the id {_a(kind)} is listed under in data/{REGISTRY_OF[kind]}.yaml (add the "
            f"{kind} there first if it is new)")


def _add_first(kind: str) -> str:
    """What to do about an id that names no record and resembles none: add the record, or correct the id."""
    registry = REGISTRY_OF.get(kind)
    return f"; if it is new, add it to data/{registry}.yaml first; else correct the id" if registry else ""


@dataclass(frozen=True)
class Leads:
    """Where a fact id the check does not know may have gone: unread, the fact files not read for
    their name or place, by the id they would give; renamed, old id to new, as data/redirects.yaml
    sends one fact's page to another's; ids, the ids of each kind, to tell an id of another kind
    (a metric's where a fact's belongs); metric_of, each fact's metric."""

    unread: Mapping[str, str] = field(default_factory=dict)
    renamed: Mapping[str, str] = field(default_factory=dict)
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)  # the ids of each kind (fact, metric…)
    metric_of: Mapping[str, str] = field(default_factory=dict)  # a fact's metric, by the fact's id
    moved: Mapping[str, str] = field(default_factory=dict)  # old fact id to new, as git saw its file renamed
    charts: frozenset[str] = frozenset()  # the charts' ids, which a [[reference]] in a summary may name by mistake
    deleted: Mapping[str, str] = field(default_factory=dict)  # a fact id whose file git saw deleted, and when


def _renamed_facts(inputs: Inputs, facts: set[str] | None) -> dict[str, str]:
    """Old fact id to new, for each entry of data/redirects.yaml from a fact's page to a fact's
    that exists (a rename: 9 references to the old id were told of other years' figures)."""
    found: dict[str, str] = {}
    for old, to in _fact_redirects(inputs).items():
        new = re.fullmatch(r"/?facts/([^/]+)/?", to)
        if new and new[1] in (facts or ()):
            found[old] = new[1]
    return found


def _last_removed(inputs: Inputs) -> dt.date | None:
    """The last day a commit deleted a fact file the published site held, or renamed it to another
    id (None if none did): the facts table lost a row, or a row's id, that day."""
    days = [gone.date for gone in inputs.gone if gone.published and gone.date and (fact_id := _fact_id_of(gone.path))
            and _fact_id_of(gone.renamed_to) != fact_id]
    return dt.date.fromisoformat(max(days)) if days else None


def _fact_id_of(path: str | None) -> str | None:
    """The id a fact file gives (data/facts/<id>.yaml), or None for another file."""
    return path.removeprefix("data/facts/").rsplit(".", 1)[0] if path and path.startswith("data/facts/") else None


def _moved_fact_files(inputs: Inputs, facts: set[str] | None) -> dict[str, str]:
    """Old fact id to new, for each published fact file git saw renamed to one that exists (before
    data/redirects.yaml has its entry, references to the old id were told of other years' figures)."""
    return {old: new for gone in inputs.gone
            if (old := _fact_id_of(gone.path)) and (new := _fact_id_of(gone.renamed_to)) in (facts or ())}


def _deleted_facts(inputs: Inputs, facts: set[str] | None) -> dict[str, str]:
    """Each fact id whose file git's history holds and the tree does not, neither renamed nor there
    again, with when it was deleted ('in commit 1a2b3c4 (2026-12-01)', or 'and not yet committed')."""
    found: dict[str, str] = {}
    for gone in inputs.gone:
        fact_id = _fact_id_of(gone.path)
        if fact_id and not gone.renamed_to and fact_id not in (facts or ()):
            found.setdefault(fact_id, f"in commit {gone.commit} ({gone.date})" if gone.commit
                             else "and not yet committed")
    return found


def _unread_facts(inputs: Inputs) -> dict[str, str]:
    """Each data file not read for its name or place (in a folder below data/facts/, named .txt…),
    by the fact id it would give once moved or renamed as its warning says."""
    return {_unread_id(path): path for path in inputs.unread if path.startswith("data/")}


def _unread_id(path: str) -> str:
    """The id a file not read for its name or place would give, renamed or moved as its warning says."""
    return as_id(path.rsplit("/", 1)[-1].split(".", 1)[0])


def _unknown_fact(wanted: str, known: Iterable[str], where: str = "", leads: Leads | None = None,
                  own: str = "") -> str:
    """Why a fact id is unknown: its file is where it is not read, data/redirects.yaml sends its
    page to another fact's, or a near-identical id is suggested, never merely a similar one
    (similar fact ids often name different figures)."""
    unread, renamed = (leads.unread, leads.renamed) if leads is not None else ({}, {})
    moved = leads.moved if leads is not None else {}
    if wanted in renamed or wanted in moved:
        new = renamed.get(wanted) or moved[wanted]
        written = f"[[{new}]]" if where.startswith(" in [[") else new
        how = ("data/redirects.yaml sends its page there" if wanted in renamed
               else f"its file is now data/facts/{new}.yaml")
        return f"no fact '{wanted}'{where}: it was renamed '{new}' ({how}): write {written}"
    if wanted in unread:
        folder, name = unread[wanted].rsplit("/", 1)
        if folder != "data/facts":
            return (f"no fact '{wanted}'{where}: its file is in {folder}/, where facts are not read: move "
                    f"{name} to data/facts/")
        return f"no fact '{wanted}'{where}: its file is named {name}, which is not read: rename it to {wanted}.yaml"
    another = _of_another_kind(wanted, "fact", "", leads, where, own)
    if another is not None:
        return another
    if leads is not None and wanted in leads.deleted:
        return (f"no fact '{wanted}'{where}: its file, data/facts/{wanted}.yaml, was deleted {leads.deleted[wanted]}: "
                "take the reference out, name the fact that holds its figure now, or restore the file")
    if leads is not None and wanted in leads.charts:
        said = f"unknown fact '{wanted}'{where}: that is the id of a chart (data/charts.yaml), not of a fact"
        if where.startswith(" in [["):
            return (f"{said}: [[…]] puts in a fact's value, and a text cannot show a chart; to send readers to "
                    f"it, link to its page: [the chart](/charts/{wanted}/)")
        return f"{said}: write a fact's id, the name of its file in data/facts/ without .yaml"
    known = sorted(known)
    close = _typo_of(wanted, known)
    if close is not None:
        return f"unknown fact '{wanted}'{where}; did you mean '{close}'?"
    shape, numbers = re.sub(r"\d+", "0", wanted), [int(n) for n in re.findall(r"\d+", wanted)]
    # the same words with other numbers: another year's figure, not a slip; the three nearest in number
    kin = sorted(sorted((other for other in known if re.sub(r"\d+", "0", other) == shape),
                        key=lambda other: sum(abs(a - int(b)) for a, b in zip(numbers, re.findall(r"\d+", other))))[:3])
    if kin:
        named = " and ".join([", ".join(repr(other) for other in kin[:-1]), repr(kin[-1])] if len(kin) > 1
                             else [repr(kin[0])])
        return (f"no fact '{wanted}'{where} (no file data/facts/{wanted}.yaml); of the same name with other numbers "
                f"there {'is' if len(kin) == 1 else 'are'} {named}: check which figure is meant, or, if the "
                "fact was deleted or renamed, name the one that holds it now")
    return (f"no fact '{wanted}'{where}: was it deleted or renamed? Its file would be "
            f"data/facts/{wanted}.yaml")


def _typo_of(wanted: str, known: Iterable[str]) -> str | None:
    """The known id that wanted is a slip for: the same numbers, and letters one or two keystrokes
    apart or the same words in another order; None if there is none."""
    known, numbers, words = sorted(known), re.findall(r"\d+", wanted), sorted(wanted.split("-"))
    found = [(_edits(wanted, other), other) for other in known
             if re.findall(r"\d+", other) == numbers and abs(len(other) - len(wanted)) <= 2]
    found += [(0, other) for other in known if sorted(other.split("-")) == words]
    best = min((pair for pair in found if pair[0] <= 2), default=None)
    return best[1] if best else None


def _edits(a: str, b: str) -> int:
    """Keystrokes from a to b: characters added, removed, changed or two swapped (Damerau)."""
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
    return row[-1]


def _check_refused_facts(site: Site, fact_docs: dict[str, Doc], known: dict[str, set[str] | None],
                         problems: list[Problem], leads: Leads | None = None) -> None:
    """In a fact file the schema refused (a missing or unknown key, say), check what still can
    be: the ids it names and its value against its metric's unit, so that one run names every
    mistake in it. Only values of the right shape are checked; the others are reported already."""
    names = {"source": ("sources", "source"), "metric": ("metrics", "metric"), "speaker": ("people", "person"),
             "event": ("events", "event")}  # key: (registry, what it names)
    titled = _fact_titles(fact_docs)  # a refused fact's title too: it is still the fact's
    for fact_id, doc in fact_docs.items():
        data = doc.data
        if fact_id in site.facts or not isinstance(data, dict):
            continue
        claim = data.get("kind") == "claim"
        for key in ["source", "metric"] + (["speaker", "event"] if claim else []):  # others: unknown keys
            wanted, (registry, kind) = data.get(key), names[key]
            if isinstance(wanted, str) and _ID.match(wanted):
                _need(doc, (key,), kind, wanted, known.get(registry, set()), problems, leads)
            elif isinstance(wanted, str) and wanted.strip():
                _name_for_id(site, doc, (key,), wanted, registry, kind, problems)
        lists = [("related",)] + ([] if claim else [("derived", "inputs")])
        for path in lists:
            items = data.get(path[0])
            if len(path) == 2:
                items = items.get(path[1]) if isinstance(items, dict) else None
            for i, other in enumerate(items if isinstance(items, list) else []):
                if isinstance(other, str) and _ID.match(other):
                    _need(doc, path + (i,), "fact", other, known["facts"], problems, leads)
                elif isinstance(other, str) and other.strip():
                    _name_for_id(site, doc, path + (i,), other, "facts", "fact", problems, titled)
        value, metric_id = data.get("value"), data.get("metric")
        if "value" in data and value is None and isinstance(metric_id, str):  # no key at all: maybe misspelt
            problems.append(_no_value(doc))
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            continue  # no value, or one of a shape reported already
        if "metric" not in data:
            problems.append(doc.problem(("value",), NEEDS_METRIC))
        elif isinstance(metric_id, str):
            metric = site.metrics.get(metric_id)
            found = _value_problem(doc, metric_id, metric.unit, float(value)) if metric is not None else None
            if found is not None:
                problems.append(found)


# The words by which an editor may name a record in place of its id: (field, what it is)
_RECORD_NAMES = {"people": [("name", "name")], "events": [("name", "name"), ("short_name", "name")],
                 "sources": [("title", "title"), ("publisher", "publisher")], "metrics": [("name", "name")],
                 "facts": [("title", "title")]}


@dataclass(frozen=True)
class _Titled:
    """A fact file's title as typed (refused or not) and the file."""

    title: str | None
    path: str


def _fact_titles(fact_docs: Mapping[str, Doc]) -> dict[str, _Titled]:
    """Each fact file's title by its id, the files the schema refused included."""
    return {fact_id: _Titled(title if isinstance(title := doc.data.get("title"), str) else None, doc.path)
            for fact_id, doc in fact_docs.items() if isinstance(doc.data, dict)}


def _name_for_id(site: Site, doc: Doc, loc: Loc, given: str, registry: str, kind: str,
                 problems: list[Problem], titled: Mapping[str, _Titled] | None = None) -> None:
    """Where a fact names a record by its name, title or publisher (speaker: Samir Mammadov; a related fact
    by its title) rather than its id, put the id it is listed under in the message that refused it, instead
    of the text written as an id, which is rarely that id; with no such record, say where the ids are."""
    records: Mapping[str, Any] = titled if titled is not None else getattr(site, registry)
    written = _written_as_id(given)
    if written in records or not given.isprintable():
        return  # 'written as an id it is …' is the id, or the message names the unusual space or character
    key = str(loc[-2] if isinstance(loc[-1], int) else loc[-1])
    item = f"item {loc[-1] + 1} of {key}" if isinstance(loc[-1], int) else ""
    name = item or key
    at = next((i for i, p in enumerate(problems) if p.path == doc.path and (p.line, p.col) == doc.where(loc)
               and p.message.startswith(f"{name} {_NOT_AN_ID}")), None)
    if at is None:
        return
    typed = " ".join(given.split()).casefold()
    matches = sorted({(record_id, what) for record_id, record in records.items()
                      for field_name, what in _RECORD_NAMES[registry]
                      if " ".join(str(getattr(record, field_name, None) or "").split()).casefold() == typed})
    path = "data/facts/" if registry == "facts" else f"data/{registry}.yaml"
    if len({record_id for record_id, _ in matches}) == 1:
        record_id, what = matches[0]
        listed = (f"the fact '{record_id}' ({records[record_id].path})" if registry == "facts"
                  else f"the {kind} listed as '{record_id}' in {path}")
        write = f"write '{record_id}' in its place" if item else f"write {key}: {record_id}"
        message = f"{name} must be an id: '{given}' is the {what} of {listed}, so {write}"
    elif matches:
        ids = sorted({record_id for record_id, _ in matches})
        named = [repr(i) for i in ids[:5 if len(ids) > 6 else 6]] + ([f"one of {len(ids) - 5} more"]
                                                                     if len(ids) > 6 else [])
        what = " or ".join(sorted({what for _, what in matches}))  # the publisher of one, the title of another
        message = (f"{name} must be an id: '{given}' is the {what} of {len(ids)} {kind}s in {path}: "
                   f"write the id of the one meant, {', '.join(named[:-1])} or {named[-1]}")
    else:
        close = _slip(written, kind, records)
        other = next((i for i, record in records.items() if getattr(record, "path", None) != doc.path), None)
        example = f", like '{other}'" if other else ""  # not the fact's own id
        where = (f"write a fact's id, the name of its file without .yaml{example}" if registry == "facts" else
                 f"write the id the {kind} is listed under there (the word before the colon{example}), or add "
                 f"the {kind}")
        message = (f"{name} {_NOT_AN_ID}; got '{given}'"
                   + (close if close else f", and no {kind} in {path} has that {_RECORD_NAMES[registry][0][1]} or "
                      f"id: {where}"))
    problems[at] = replace(problems[at], message=message)


def _no_value(doc: Doc, derived: str | None = None) -> Problem:
    """A fact names a metric but gives no value: at the empty value: line, else at metric:; for a
    derived fact whose arithmetic can be done, the value to write."""
    message = NEEDS_VALUE if derived is None else (
        f"a derived fact needs its value written too, so that the check can hold it to its arithmetic: "
        f"its derivation gives {derived}; write value: {derived}")
    return doc.problem(("value",) if "value" in doc.data else ("metric",), message)


def _derived_value(site: Site, fact: Claim | Context) -> str | None:
    """What a derived fact's arithmetic gives, as it would be written, or None."""
    if not isinstance(fact, Context) or fact.derived is None:
        return None
    computed = derive(site, fact)
    return None if computed is None else _num(float(half_up(computed, fact.derived.decimals)))


def _in_range(unit: str, value: float) -> bool:
    """True if a value is within its unit's range (0-100 for percent, and so on)."""
    low, high = RANGES[unit]
    return low <= value and (high is None or value <= high)


def _a(word: str) -> str:
    """The word with its article: 'a count', 'an index'."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _value_problem(doc: Doc, metric_id: str, unit: str, value: float) -> Problem | None:
    """A value outside its metric's unit's range, or not whole for a count or rank; else None."""
    if not _in_range(unit, value):
        low, high = RANGES[unit]
        span = f"between {low} and {high}" if high is not None else f"{low} or more"
        return doc.problem(("value",), f"value must be {span} for {_a(unit)} metric ('{metric_id}'); "
                                       f"got {_num(value)}")
    if unit in ("count", "rank") and value != int(value):
        return doc.problem(("value",), f"value must be a whole number for {_a(unit)} metric; got {_num(value)}")
    return None


# The source gave a percentage below 1: 0.5%, 0,5 per cent (not 0.5 percentage points, nor 0.5% points).
_SMALL_PERCENT = re.compile(r"(?<![\d.,])0*[.,]\d+\s*(%(?![\s-]*points?\b)|per ?cent\b)"
                            r"|\b(half|a fraction|a tenth|a quarter) of (a|one) per ?cent\b", re.IGNORECASE)


def _check_values(site: Site, fact_docs: dict[str, Doc], problems: list[Problem]) -> None:
    """Values fit their metric's unit; qualifiers need values; derived values add up."""
    out_of_range: set[str] = set()
    for fact_id, entry in site.facts.items():
        doc, fact = fact_docs[fact_id], entry.fact
        if fact.value is None:
            if fact.metric is not None:
                problems.append(_no_value(doc, _derived_value(site, fact)))
            if fact.qualifier is not None:
                problems.append(doc.problem(("qualifier",), f"qualifier '{fact.qualifier}' needs a value to "
                                                            "qualify: add value:, or remove the qualifier"))
            continue
        if fact.metric is None:
            problems.append(doc.problem(("value",), NEEDS_METRIC))
            continue
        metric = site.metrics.get(fact.metric)
        if fact.qualifier == "top" and metric is not None and metric.unit != "rank":
            problems.append(doc.problem(("qualifier",), f"qualifier 'top' goes with a rank ('top 40'), and "
                                                        f"metric '{fact.metric}' is in {metric.unit}; choose "
                                                        "another qualifier"))
        found = _value_problem(doc, fact.metric, metric.unit, fact.value) if metric is not None else None
        if found is not None:
            problems.append(found)
            if not _in_range(metric.unit, fact.value):
                out_of_range.add(fact_id)
        elif metric is not None and metric.unit == "percent" and 0 < fact.value < 1 and \
                not (isinstance(fact, Context) and fact.derived is not None) and \
                not _SMALL_PERCENT.search(fact.quote or ""):
            problems.append(replace(doc.problem(("value",), (
                f"value {plain(fact.value)} is less than 1 per cent: if it is a share written as a fraction, "
                f"write it in per cent ({plain(round(fact.value * 100, 10))})")), warning=True))
    for fact_id, entry in site.facts.items():
        fact = entry.fact
        if isinstance(fact, Context) and fact.derived is not None and fact.value is not None:
            loop = _derivation_loop(site, fact_id)
            if loop:
                problems.append(fact_docs[fact_id].problem(
                    ("derived", "inputs"), f"a derived fact cannot be computed from itself: "
                                           f"{' → '.join(loop)}; choose inputs that do not depend on it"))
            elif fact_id not in out_of_range and not out_of_range & set(fact.derived.inputs) \
                    and len(set(fact.derived.inputs)) == len(fact.derived.inputs):  # one fact twice: told above
                _check_derivation(site, fact_docs[fact_id], fact, problems)
            official = [i for i in fact.derived.inputs if i in site.facts and not _independent(site.facts[i].fact)]
            if fact.independent and official:
                problems.append(fact_docs[fact_id].problem(
                    ("independent",), f"independent must be false: the input {official[0]} is "
                                      f"{'a claim' if site.facts[official[0]].is_claim else 'official'}, and a "
                                      "figure computed from it is no more independent than it"))


def _independent(fact: Claim | Context) -> bool:
    """True for a figure independent of the government making the claims (a claim never is)."""
    return isinstance(fact, Context) and fact.independent


def _derivation_loop(site: Site, fact_id: str) -> list[str]:
    """The chain of derived inputs that leads from a fact back to itself, if any (else [])."""
    def inputs(of: str) -> tuple[str, ...]:
        entry = site.facts.get(of)
        fact = entry.fact if entry is not None else None
        return fact.derived.inputs if isinstance(fact, Context) and fact.derived is not None else ()

    path, seen = [fact_id], {fact_id}
    stack = [iter(inputs(fact_id))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            path.pop()
        elif step == fact_id:
            return path + [step]
        elif step not in seen:
            seen.add(step)
            path.append(step)
            stack.append(iter(inputs(step)))
    return []


def derive(site: Site, fact: Context) -> float | None:
    """The value a derived fact's inputs give, or None if an input has no value."""
    assert fact.derived is not None
    values = [site.facts[i].fact.value if i in site.facts else None for i in fact.derived.inputs]
    if values[0] is None or values[1] is None:
        return None
    a, b = (Decimal(repr(v)) for v in values)  # in decimals, as by hand: 23 ÷ 40 × 100 is 57.5, not 57.49999…
    operation = fact.derived.operation
    if operation == "share":
        return float(a / b * 100) if b else None
    if operation == "percent-of":
        return float(a * b / 100)
    if operation == "sum":
        return float(a + b)
    return float(a - b)


def _check_derivation(site: Site, doc: Doc, fact: Context, problems: list[Problem]) -> None:
    """A derived value must equal its arithmetic, rounded as stated."""
    assert fact.derived is not None and fact.value is not None
    computed = derive(site, fact)
    if computed is None:
        if all(i in site.facts for i in fact.derived.inputs):
            empty = [i for i in fact.derived.inputs if site.facts[i].fact.value is None]
            if empty:
                verb = "has" if len(empty) == 1 else "have"
                problems.append(doc.problem(("derived", "inputs"), f"derived inputs must both have a value; "
                                                                   f"{' and '.join(empty)} {verb} none"))
            else:  # a share of a denominator of 0
                problems.append(doc.problem(("derived", "inputs", 1), f"the share cannot be computed: its "
                                                                      f"denominator, {fact.derived.inputs[1]} (the "
                                                                      "second input), is 0; divide by a fact "
                                                                      "whose value is not 0"))
        return
    if not math.isfinite(computed):
        problems.append(doc.problem(("derived", "inputs"), f"{fact.derived.operation} of "
                                                           f"{' and '.join(fact.derived.inputs)} gives a number too "
                                                           "large to compute; check the inputs' values"))
        return
    rounded = float(half_up(computed, fact.derived.decimals))
    if fact.derived.operation == "share" and rounded > 100:
        part, whole = fact.derived.inputs
        problems.append(doc.problem(("derived", "inputs"), f"the share of {part} in {whole} gives {_num(rounded)}, "
                                                           "more than 100: a share is the first input (the part) "
                                                           "divided by the second (the whole); if they are the "
                                                           f"wrong way round, write inputs: [{whole}, {part}]"))
        return
    # a float's last bits, not a figure's last digit: 1,000,001 is not 1,000,000 to the nearest million
    if abs(rounded - fact.value) > 10 ** -(max(fact.derived.decimals, 0) + 6):
        problems.append(doc.problem(("value",), f"value {_num(fact.value)} does not match its derivation: "
                                                f"{fact.derived.operation} of {' and '.join(fact.derived.inputs)} "
                                                f"gives {_num(rounded)}; write value: {_num(rounded)}"))


def _num(value: float) -> str:
    """A number as an editor would type it."""
    if value != value or value in (float("inf"), float("-inf")):
        return {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[str(value)]
    if abs(value) >= 1e16:  # past the whole numbers a float holds exactly: 1.7e+308, with the point YAML needs
        mantissa, _, exponent = repr(value).partition("e")
        return f"{mantissa if '.' in mantissa else mantissa + '.0'}e{exponent}"
    return str(int(value)) if value == int(value) else repr(value)


def _check_fact_refs(site: Site, inputs: Inputs, docs: dict[str, Doc], fact_docs: dict[str, Doc],
                     known: set[str], problems: list[Problem], leads: Leads | None = None,
                     links: Callable[[str], list[tuple[int, str]]] | None = None) -> None:
    """Every [[fact-id]] in a text that fills references in must name a fact and be written whole,
    and each link in it within the site must lead to a page (_site_links); a text shown as typed (a
    title, a description) must have no reference."""
    for text, place in _texts_with_refs(site, inputs, docs, fact_docs):
        for offset, message in _ref_problems(text, known, leads) + (links(text) if links else []):
            problems.append(place(offset, message))
        for offset, message in _doubled_qualifiers(site, text) + _doubled_units(site, text):
            problems.append(replace(place(offset, message), warning=True))
    for name, text, place in _texts_shown_as_typed(site, inputs, docs, fact_docs):
        match = FACT_REF.search(text)
        if match:
            problems.append(place(match.start(), f"{name} cannot hold {match.group(0)}: references are filled "
                                                 "in only in the text, so here it would be shown as typed; "
                                                 "write the words"))


# Words before a number that say how exact it is: the qualifiers a fact may have, and their like.
# A qualifier may be set in emphasis ('*nearly* [[x]]'): the asterisks or underscores after it are skipped.
_TYPED_QUALIFIER = re.compile(r"(?<![^\W_])(" + "|".join(typing.get_args(Qualifier) + (
    "almost", "around", "approximately", "roughly", "some", "under", "above", "below", "fewer than", "just over",
    "just under", "well over", "well under", "as many as", "as much as", "upwards of", "in excess of", "circa",
    "more or less")) + r")[*_]*\s*$", re.IGNORECASE)


def _doubled_qualifiers(site: Site, text: str) -> list[tuple[int, str]]:
    """A qualifier typed before a [[reference]] to a fact that has its own, which the reference
    puts in: 'nearly [[x]]' reads 'nearly nearly 88%' (found by a new editor's walkthrough)."""
    found = []
    for match in FACT_REF.finditer(text):
        entry = site.facts.get(match.group(1).strip())
        own = getattr(entry.fact, "qualifier", None) if entry is not None else None
        typed = _TYPED_QUALIFIER.search(text, max(0, match.start() - 40), match.start()) if own else None
        if typed is not None:
            word = typed.group(1)
            found.append((typed.start(), f"'{word}' before {match.group(0)}: the reference puts in the fact's own "
                                         f"qualifier, so readers would see '{word} {own} …'; take '{word}' out"))
    return found


def _doubled_units(site: Site, text: str) -> list[tuple[int, str]]:
    """A unit typed after a [[reference]], which the reference puts in: '[[x]]%' reads 'nearly 100%%',
    '[[x]] per cent' '65% per cent' (found by an editor's audit)."""
    found = []
    for match in FACT_REF.finditer(text):
        entry = site.facts.get(match.group(1).strip())
        fact = entry.fact if entry is not None else None
        if fact is None or getattr(fact, "value", None) is None or not getattr(fact, "metric", None):
            continue
        unit = site.metrics[fact.metric].unit if fact.metric in site.metrics else None
        shown = shown_value(fact.value, unit, getattr(fact, "qualifier", None))
        suffix = re.sub(r"^.*?[\d.,]+\s*", "", shown)  # after the number: %, million, per 100 people, th
        words = [re.escape(suffix)] if suffix else []
        if unit == "percent":
            words += ["per ?cent"]
        typed = re.match(r"[*_]*(\s*)(" + "|".join(words) + r")(?![^\W_])", text[match.end():], re.IGNORECASE) \
            if words else None
        if typed is not None:
            found.append((match.end() + typed.start(2), f"'{typed.group(2)}' after {match.group(0)}: the reference "
                                                         f"puts in the fact's unit, so readers would see "
                                                         f"'{shown}{typed.group(1)}{typed.group(2)}'; take it out"))
    return found


Place = Callable[[int, str], Problem]


def _texts_with_refs(site: Site, inputs: Inputs, docs: dict[str, Doc],
                     fact_docs: dict[str, Doc]) -> Iterable[tuple[str, Place]]:
    """Each text in which [[fact-id]] is filled in, with how to place a problem at an offset in it."""
    for page in inputs.pages:
        yield page.body, _in_body(page)
    for registry, fields in (("charts", ("takeaway", "notes")), ("metrics", ("notes",)),
                             ("sources", ("notes",)), ("events", ("notes",))):
        for record_id, record in getattr(site, registry).items():
            for name in fields:
                text = getattr(record, name) or ""
                yield text, _at(docs[registry], (record_id, name), text)
    for fact_id, entry in site.facts.items():
        doc, assessment = fact_docs[fact_id], getattr(entry.fact, "assessment", None)
        yield entry.fact.notes or "", _at(doc, ("notes",), entry.fact.notes or "")
        not_rated = getattr(entry.fact, "not_rated", None)
        if not_rated is not None:
            yield not_rated, _at(doc, ("not_rated",), not_rated)
        for name in ASSESSMENT_TEXTS if assessment is not None else ():
            yield getattr(assessment, name), _at(doc, ("assessment", name), getattr(assessment, name))


def _texts_shown_as_typed(site: Site, inputs: Inputs, docs: dict[str, Doc],
                          fact_docs: dict[str, Doc]) -> Iterable[tuple[str, str, Place]]:
    """Each text printed as it is written (a title, a description, a chart's alt text, a metric's
    name, measures and of_whom): its key, text and place."""
    for page in inputs.pages:
        entry = site.pages.get(page.slug)
        if entry is not None and entry.path == page.path:
            yield "title", entry.meta.title, _at(page.front, ("title",), entry.meta.title)
            yield "description", entry.meta.description, _at(page.front, ("description",), entry.meta.description)
    for fact_id, entry in site.facts.items():
        yield "title", entry.fact.title, _at(fact_docs[fact_id], ("title",), entry.fact.title)
    for chart_id, chart in site.charts.items():
        yield "title", chart.title, _at(docs["charts"], (chart_id, "title"), chart.title)
        if chart.alt:
            yield "alt", chart.alt, _at(docs["charts"], (chart_id, "alt"), chart.alt)
    for metric_id, metric in site.metrics.items():
        for name in ("name", "measures", "of_whom"):
            text = getattr(metric, name)
            yield name, text, _at(docs["metrics"], (metric_id, name), text)


def _at(doc: Doc, loc: Loc, text: str = "") -> Place:
    """Place problems in a YAML text at their own line, given the text; else at its value's start."""
    def place(offset: int, message: str) -> Problem:
        line, col = doc.where_in(loc, text, offset) if text else doc.where(loc)
        return Problem(doc.path, line, col, message)
    return place


def _in_body(page: MarkdownDoc) -> Place:
    """Place problems in a Markdown body at their own line and column."""
    def place(offset: int, message: str) -> Problem:
        line_start = page.body.rfind("\n", 0, offset) + 1
        return Problem(page.path, page.body_line + page.body.count("\n", 0, offset), offset - line_start + 1,
                       message)
    return place


def _ref_problem(ref: str, known: set[str], leads: Leads | None = None) -> str | None:
    """Why [[ref]] is not a usable fact reference, or None if it is."""
    ref = ref.strip()
    if ref in known:
        return None
    if not _ID.match(ref):
        meant = as_id(re.sub(r"\.ya?ml$", "", ref, flags=re.IGNORECASE))  # [[Coverage-Claim]], [[coverage-claim.yaml]]
        hint = f"; did you mean [[{meant}]]?" if meant in known else ""
        return f"[[{ref}]] is not a fact reference: write [[fact-id]] with the id of a file in data/facts/{hint}"
    return _unknown_fact(ref, known, f" in [[{ref}]]", leads)


# An id in brackets or braces, however many: [[id]] is a reference, the rest are near misses. A match starts
# only at a run's first bracket: one inside the run finds what the first found, and trying each of 40,000
# brackets in a row, each running to the end of the run, took 20 seconds.
_BRACKETED = re.compile(r"(?<![\[{])(?P<open>[\[{]+)[ \t]*(?P<id>[A-Za-z0-9][A-Za-z0-9_-]*)[ \t]*(?P<close>[\]}]*)")
_LINK_LABEL = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.MULTILINE)  # [label]: https://… defines a link
# Code, as the check has always read it (the regex ^(`{3,}|~{3,}).*?^\1|(`+)[^`\n]*?\2, multiline, dot-all):
# a fence of three or more ` or ~ at a line's start, to the next line that starts with as many; else a run of
# backticks to the next run on its line at least as long. _code_spans finds the same spans without trying
# each shorter fence, or each shorter part of a run: 20,000 backticks at a line's start took 1.6 seconds.
_FENCE = re.compile(r"^(?:`{3,}|~{3,})", re.MULTILINE)  # a line's opening run of three or more ` or ~
_BACKTICKS = re.compile(r"`+")
_BACKTICK_OR_LINE_END = re.compile(r"[`\n]")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where a Markdown text has code, from left to right: fenced blocks and `spans` (see _FENCE above)."""
    fences = [(match.start(), match[0][0], len(match[0])) for match in _FENCE.finditer(text)]
    longest_later, longest = [0] * len(fences), {"`": 0, "~": 0}  # of each fence, the longest after it of its mark
    for i in range(len(fences) - 1, -1, -1):
        longest_later[i] = longest[fences[i][1]]
        longest[fences[i][1]] = max(longest[fences[i][1]], fences[i][2])
    spans: list[tuple[int, int]] = []
    pos, next_fence, tick = 0, 0, -1
    while True:
        while next_fence < len(fences) and fences[next_fence][0] < pos:
            next_fence += 1
        if tick < pos:  # the next backtick, looked for again only once passed: a text may have none
            tick = text.find("`", pos) % (len(text) + 1)  # not found (-1): at the text's end
        if next_fence < len(fences) and fences[next_fence][0] <= tick:
            start, end = _fenced_block(fences, next_fence, longest_later[next_fence])
            if end:
                spans.append((start, end))
                pos = end
                continue
            if fences[next_fence][1] == "~":
                pos = start + 1
                continue
        elif tick == len(text):
            return spans
        end = _inline_code_end(text, tick)
        if end is not None:
            spans.append((tick, end))
        pos = tick + 1 if end is None else end


def _fenced_block(fences: list[tuple[int, str, int]], i: int, longest_later: int) -> tuple[int, int]:
    """The start and end of the block fence i opens (end 0 if none): to the first later fence of its mark as
    long as it or, if shorter, as the longest later one (the regex tried each shorter opening), at least 3."""
    start, mark, length = fences[i]
    size = min(length, longest_later)
    if size < 3:
        return start, 0
    closing = next(j for j in range(i + 1, len(fences)) if fences[j][1] == mark and fences[j][2] >= size)
    return start, fences[closing][0] + size


def _inline_code_end(text: str, start: int) -> int | None:
    """The end of the code span that starts at start, a backtick (None if none): from the run of backticks there
    to the next run on its line at least as long; failing that, the most backticks in pairs the run holds."""
    run = _backticks_at(text, start)
    after = _BACKTICK_OR_LINE_END.search(text, start + run)
    if after is not None and _backticks_at(text, after.start(), run) == run:
        return after.start() + run
    return start + run // 2 * 2 if run > 1 else None


def _backticks_at(text: str, start: int, most: int | None = None) -> int:
    """How many backticks in a row the text has from start (counting no further than most)."""
    run = _BACKTICKS.match(text, start, len(text) if most is None else start + most)
    return 0 if run is None else run.end() - start


def _blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with each of spans (in order, apart) turned to spaces: offsets, lines and columns stay true."""
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], " " * (end - start)]
        last = end
    return "".join(parts) + text[last:]


def _without_code(text: str) -> str:
    """The text with its code, fenced or in `backticks`, turned to spaces."""
    return _blank_spans(text, _code_spans(text))


def _open_brackets(text: str) -> int:
    """How many '[' the text leaves open, its [[references]] aside."""
    text = FACT_REF.sub("", text)
    return text.count("[") - text.count("]")


def _ref_problems(text: str, known: set[str], leads: Leads | None = None) -> list[tuple[int, str]]:
    """Where a text's references go wrong, and how: unknown ids, mistyped brackets, and a reference
    inside a link's text, where it would cut the link short."""
    found, links, inside = [], _link_texts(text), []
    for match in FACT_REF.finditer(text):
        problem = _ref_problem(match.group(1), known, leads)
        if problem:
            found.append((match.start(), problem))
        link = next(((a, b) for a, b in links if a < match.start() and match.end() < b), None)
        if link is not None:
            inside.append(match.start())
            shown = text[link[0]:link[1]] if link[1] - link[0] <= 80 else text[link[0]:link[0] + 76] + "…]"
            found.append((match.start(), f"{match.group(0)} is inside the text of a link, '{shown}(…)': a "
                                         "reference is a link of its own, and a link cannot hold another, so the "
                                         "page would show the link cut short at it; move "
                                         f"{match.group(0)} out of the link's square brackets"))
    return sorted(found + [(offset, message) for offset, message in _near_misses(text, known)
                           if not any(offset <= start < offset + 4 for start in inside)])  # '[[[id]] …](…)': told


def _link_texts(text: str) -> list[tuple[int, int]]:
    """The span of each Markdown link's text, from its '[' to its ']' (followed by '(' or by a
    '[label]'), with the [[references]] inside it read as words; code is left out."""
    if "](" not in text and "][" not in text:
        return []  # no link: most texts
    plain = FACT_REF.sub(lambda m: "x" * len(m.group(0)), _without_code(text))
    spans, opened = [], []
    for bracket in re.finditer(r"[\[\]]", plain):
        i = bracket.start()
        if bracket[0] == "[":
            opened.append(i)
        elif opened:
            start = opened.pop()
            if plain[i + 1:i + 2] == "(" or re.match(r"\[[^\[\]\n]*\]", plain[i + 1:]):
                spans.append((start, i + 1))
    return spans


def _near_misses(text: str, known: set[str]) -> list[tuple[int, str]]:
    """Ids in brackets that are not a whole [[fact-id]]: '[[id]', '[[id]]]', '{{id}}', or '[id]'
    for a fact's id; each would be printed as typed. Code and Markdown links are left alone."""
    text = _without_code(text)
    refs = [m.span() for m in FACT_REF.finditer(text)]
    labels = {label.strip().lower() for label in _LINK_LABEL.findall(text)}
    found = []
    for match in _BRACKETED.finditer(text):
        start, end = match.span()
        opening, closing, word = match["open"], match["close"], match["id"]
        if any(a <= start and end <= b for a, b in refs) or ((start, start + len(word) + 4) in refs
                                                             and _open_brackets(text[:start]) > 0):
            continue  # a whole [[…]], or one closing an aside: '[as reported, [[id]]]' (spaces: _ref_problem)
        if not opening.startswith(("[[", "{{")) and word not in known:
            continue  # brackets round an ordinary word
        if not closing and opening != "[[":
            continue  # '[id' or '{{ 7*7 }}': no closing bracket after the word, so not meant as a reference
        if opening == "[" and closing == "]" and (text[end:end + 1] in ("(", "[", ":")
                                                  or text[start - 1:start] in ("]", "!")
                                                  or word.lower() in labels):
            continue  # a Markdown link: [text](url), [text][label], [label]: url, ![image]
        found.append((start, f"broken fact reference '{match.group(0).strip()}': write [[{word}]], with two "
                             "square brackets on each side"))
    return found


# -- warnings -----------------------------------------------------------------------------------

def _warnings(site: Site, docs: dict[str, Doc], fact_docs: dict[str, Doc], problems: list[Problem]) -> None:
    """Things that are allowed but worth an editor's look; errors under --strict."""
    sources = docs.get("sources")
    for source_id, source in site.sources.items():
        if source.url is None and not source.notes and sources is not None:
            problems.append(sources.problem((source_id,), f"source '{source_id}' has no url and no notes "
                                                          "saying why; readers cannot follow it",
                                             key=True, warning=True))
        if source.publisher is None and not source.notes and sources is not None:
            problems.append(sources.problem((source_id,), f"source '{source_id}' has no publisher and no notes "
                                                          "saying why; name the outlet, or say in notes that "
                                                          "it was not recorded", key=True, warning=True))
    seen: dict[tuple[Any, ...], str] = {}
    for fact_id in sorted(site.facts):  # the later id is taken for the copy
        fact, same = site.facts[fact_id].fact, _sameness(site.facts[fact_id].fact)
        if same is not None and same in seen:
            who = "speaker" if isinstance(fact, Claim) else "producer"
            problems.append(fact_docs[fact_id].problem((), f"this fact gives the same figure, from the same source "
                                                           f"and {who}, for the same date as '{seen[same]}': if "
                                                           "it is a copy, delete one", warning=True))
        elif same is not None:
            seen[same] = fact_id
    for fact_id, entry in site.facts.items():
        doc, fact = fact_docs[fact_id], entry.fact
        for i in range(1, len(fact.corrections)):
            earlier, later = fact.corrections[i - 1].date, fact.corrections[i].date
            if later < earlier:
                problems.append(doc.problem(("corrections", i, "date"), f"corrections go oldest first: this one "
                                                                       f"({later}) comes after one dated {earlier}; "
                                                                       "move it up", warning=True))
        late = _after_its_source(site, fact)
        if late:
            problems.append(doc.problem(late[0], late[1], warning=True))
        words = getattr(fact, "as_of_words", None)
        first = re.match(r"[^\W\d_]+", words or "")
        if words and first and first[0] in _CAPITALISED_PERIOD:
            lower = words[0].lower() + words[1:]
            shown = f"{fact.producer}, {'target for ' if site.is_target(fact) else ''}{words}"
            problems.append(doc.problem(("as_of_words",), f"'{words}' is shown inside sentences ('"
                                                          f"{shown}'): write '{lower}' (a page "
                                                          "capitalises it where it begins a sentence)",
                                        warning=True))
        if isinstance(fact, Claim):
            if fact.quote is None:  # Claim.warned_if_missing, which the skeleton says
                problems.append(doc.problem((), "claim has no quote: add the words as the source reports "
                                                "them", warning=True))
            if fact.assessment is not None and fact.assessment.date < fact.said_on:
                problems.append(doc.problem(("assessment", "date"), f"the assessment is dated "
                                                                    f"{fact.assessment.date}, before the claim "
                                                                    f"was made ({fact.said_on}): check both dates",
                                            warning=True))
            event = site.events.get(fact.event)
            if event is not None and not event.start <= fact.said_on <= event.end:
                problems.append(doc.problem(("said_on",), f"said_on {fact.said_on} is outside the event's "
                                                          f"dates ({event.start} to {event.end}): check the day "
                                                          "against the source, and the event the claim names",
                                            warning=True))
            for i, other in enumerate(fact.related):
                related = site.facts.get(other)
                if related is None or related.is_claim or not related.date_key:
                    continue
                if int(fact.said_on.year) - int(related.date_key[:4]) > 2:
                    problems.append(doc.problem(("related", i), f"context figure '{other}' ({related.date_key}) "
                                                                "is more than two years older than the claim: "
                                                                "relate a figure nearer the claim's date instead, "
                                                                "if the site has one", warning=True))


# The first words of a period in words that are written in lower case inside a sentence ('end of 2025'),
# typed with a capital: month names, 'Q4' or a name keep theirs.
_CAPITALISED_PERIOD = {w.capitalize() for w in ("end", "start", "beginning", "middle", "mid", "late", "early",
                                                "first", "second", "third", "fourth", "last", "spring", "summer",
                                                "autumn", "fall", "winter", "the", "as", "at", "by", "before",
                                                "after", "around", "about", "during", "until", "over")}


def _after_its_source(site: Site, fact: Claim | Context) -> tuple[Loc, str] | None:
    """Where and why a fact is dated after its source was published (a mistyped year, most
    often): a claim made after the report of it, a figure for a day the source had not seen."""
    source = site.sources.get(fact.source)
    if source is None or source.date is None:
        return None
    if isinstance(fact, Context) and fact.metric not in site.metrics and (fact.metric or fact.value is not None):
        return None  # whether it is a target waits for its metric, reported unknown or missing (or its file unreadable)
    if site.is_target(fact):  # a target is for a date after it was set: dated by the day set, a slip
        assert isinstance(fact, Context)
        if fact.as_of is None or iso_end(str(fact.as_of)) > iso_end(str(source.date)):
            return None
        return ("as_of",), (f"as_of {fact.as_of} is not after its source '{fact.source}' was published "
                            f"({source.date}), but its metric '{fact.metric}' is of targets: a target's as_of is "
                            "the date it is for (as_of: 2030-12 with as_of_words: end of 2030), not the day it "
                            "was set, which its source gives")
    key, date = ("said_on", fact.said_on.isoformat()) if isinstance(fact, Claim) else ("as_of", fact.as_of)
    first = iso_start(date)
    if first is None or first <= iso_end(str(source.date)):
        return None
    why = ("a claim cannot be reported before it is made" if isinstance(fact, Claim) else
           "if the figure is a target, give its metric target: true")
    return (key,), (f"{key} {date} is after its source '{fact.source}' was published ({source.date}): check "
                    f"both dates; {why}")


def _sameness(fact: Claim | Context) -> tuple[Any, ...] | None:
    """What two copies of one fact share (figure, who, when, where read); None without a figure."""
    if fact.value is None:
        return None
    who, when = (fact.speaker, fact.said_on) if isinstance(fact, Claim) else (fact.producer, fact.as_of)
    return (type(fact).__name__, fact.metric, fact.value, fact.qualifier, who, str(when), fact.source)


# A figure typed as text: 65%, 65 per cent, 3.6 million, $300, 300 manat. Years and plain counts ("two months",
# 2025) are not.
_NUMBER_WORD = (r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                r"fifty|sixty|seventy|eighty|ninety|hundred)")
_TYPED_FIGURE = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s*(?:%(?!\})|per\s*cent\b|percent\b|pct\b|percentage\s+points?\b"
    r"|thousand\b|million\b|billion\b"
    r"|trillion\b|mln\b|bn\b|m\b|[kmg]bps\b|[kmg]bit/s)"  # 65%, 3.6 million, 15 thousand, 1.2bn, 15m, 25 Mbps
    r"|\s?(?-i:pc)\b)"  # 95pc, 95 pc, as British papers write it (not "10 PC", a computer)
    # 300 manat, 5 USD; not a year named as one before a currency ("in 2015 dollars", "the 2006 manat")
    r"|(?<![\w.,])(?!(?<=in )(?:19|20)\d\d\s)(?!(?<=the )(?:19|20)\d\d\s)(?!(?<=constant )(?:19|20)\d\d\s)"
    r"\d+(?:[.,]\d+)*\s*(?:manat\b|(?-i:AZN|USD|EUR)\b|dollars?\b|euros?\b)"
    r"|(?:[$€£₼]|(?-i:AZN|USD|EUR))\s?\d+(?:[.,]\d+)*(?:\s*(?:thousand|million|billion|trillion|bn|m)\b)?"  # $300
    r"|(?<![\w.,-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w-])"  # 15,000,000
    # 15 000 000, as Russian sources write it; not groups that run on into others (+994 12 598 00 00, a phone)
    r"|(?<![\w.,-])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?(?![\w-])(?![ \u00a0\u202f]\d)"
    r"|(?<![\w.,-])\d{5,}(?:\.\d+)?(?![\w-])"  # 15000000: more digits than a year
    rf"|\b{_NUMBER_WORD}[\s-]+(?:hundred\s+)?(?:thousand|million|billion|trillion)\b",  # four million
    re.IGNORECASE)
# Left alone: a speaker's or source's words in quotation marks, blockquotes, code, [[refs]] and link addresses.
# Each opening mark that runs on to its line's (or the text's) end is tried once, not again at each mark of
# a run of them ([[[[, <<<<, “““), and a [[ or ]( ends where another starts: trying each of 40,000 in a row,
# each running on to the line's end, took seconds.
_NOT_PROSE = re.compile(r'"(?:[^"\n]|\n(?!\s*\n))*"|(?<!“)“[^”]*”|^ {0,3}>.*$'  # quoted words, blockquotes
                        r"|`+[^`\n]*`+|\[\[(?:[^\[\]\n]|\[(?!\[))*\]\]"  # code, refs
                        r"|\]\((?:[^)\]\n]|\](?!\())*\)"  # links
                        r"|(?<!<)<[^>\n]+>|https?://\S+", re.MULTILINE)  # addresses: 50%25 in one is no figure
_NOT_PROSE_START = re.compile(r'["“`<]|\[\[|\]\(|https?://|^(?= {0,3}>)', re.MULTILINE)  # where one may start
_TAG_OR_LINE_END = re.compile(r"[>\n]")


def _not_prose_spans(text: str) -> list[tuple[int, int]]:
    """The spans of _NOT_PROSE's matches, as its finditer gives them. A '<' with no '>' before its line's end, and a
    '“' with no '”' after it, are not tried again at a later '<' before that end or a later '“': each would fail
    there too, and trying each of 20,000 '< ' or 'a“' in a row, each reading on to the end, took 0.4 seconds."""
    spans, pos, no_tag_before, no_closing_quote = [], 0, 0, False
    while (start := _NOT_PROSE_START.search(text, pos)) is not None:
        at = start.start()
        mark = text[at:at + 1]
        match = None if (mark == "<" and at < no_tag_before) or (mark == "“" and no_closing_quote) \
            else _NOT_PROSE.match(text, at)
        if match is not None:
            spans.append(match.span())
            pos = match.end()
            continue
        if mark == "<" and at >= no_tag_before:
            end = _TAG_OR_LINE_END.search(text, at + 1)
            if end is None or end[0] == "\n":
                no_tag_before = len(text) if end is None else end.start()
        no_closing_quote = no_closing_quote or (mark == "“" and text.find("”", at) < 0)
        pos = at + 1
    return spans


def _check_typed_figures(site: Site, inputs: Inputs, docs: dict[str, Doc], fact_docs: dict[str, Doc],
                         problems: list[Problem]) -> None:
    """A warning for each figure typed into a text readers see: where [[references]] are filled in, it
    should be one; in a title, a description or a chart's alt text, which are shown as typed, words."""
    for text, place in _texts_with_refs(site, inputs, docs, fact_docs):
        for offset, figure in _typed_figures(text):
            problems.append(replace(place(offset, f"typed figure '{figure}': every figure readers see comes from "
                                                  "a fact, so write [[fact-id]] here (add the fact if there is "
                                                  "none)"), warning=True))
    for name, text, place in _texts_shown_as_typed(site, inputs, docs, fact_docs):
        what = {"alt": "alt text", "measures": "what a metric measures", "of_whom": "a metric's of_whom",
                "name": "a metric's name"}.get(name, f"a {name}")
        for offset, figure in _typed_figures(text):
            problems.append(replace(place(offset, f"typed figure '{figure}': every figure readers see comes from "
                                                  f"a fact, and {what} is shown as typed ([[fact-id]] is not "
                                                  "filled in there), so write it in words, without the figure"),
                                    warning=True))


def _typed_figures(text: str) -> Iterable[tuple[int, str]]:
    """Where a text has a figure typed outside quotation marks, blockquotes, code and references, and the figure."""
    for match in _TYPED_FIGURE.finditer(_blank_spans(text, _not_prose_spans(text))):
        yield match.start(), " ".join(match.group(0).split())


# An image, ![text](address), as the regex !\[[^\]\n]*\]\([^)\n]*\) finds them. Each try of _IMAGE_TRY reads on to
# where the image ends, or where it fails (a line's end, a ']' without '(' after it), and one starting inside
# that stretch would fail there too, so it is not tried: trying each '![' of 20,000 in a row, each reading on to
# the line's end, took 0.3 seconds.
_IMAGE_TRY = re.compile(r"!\[[^\]\n]*(?:\]\([^)\n]*(\))?)?")
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")  # an element's opening tag: one warning each
_ATTRIBUTE = re.compile(r"""\s([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")  # in a tag: its name
_SCRIPT_LINK = re.compile(r"\]\(\s*(?:javascript|data|vbscript):", re.IGNORECASE)
# A heading of a level the cleaner removes (h1, h5, h6), as Python-Markdown reads one: from the
# line's start, with or without a space (#1 is a heading too)
_HEADING = re.compile(r"^(#|#{5,6})(?!#)[ \t]*\S", re.MULTILINE)
_DOMAIN = r"(?:www\.|(?:[a-z0-9-]+\.)+(?:com|org|net|int|gov|edu|az|ru|uk|eu|io|info)\b)"
# ](www.itu.int): read as an address on this site
_SCHEMELESS = re.compile(r"\]\(\s*(" + _DOMAIN + r"[^)\s]*)", re.IGNORECASE)
_SUBHEADING = re.compile(r"^(#{2,4})(?!#)[ \t]*\S", re.MULTILINE)  # '## ' to '#### ', as markdown reads them


def _check_dropped_markup(site: Site, inputs: Inputs, docs: dict[str, Doc], fact_docs: dict[str, Doc],
                          problems: list[Problem]) -> None:
    """A warning for what a page's Markdown, or a Markdown text in the data (a fact's notes, an
    assessment, a chart's takeaway), asks for and the built page leaves out: an image, an HTML tag
    the cleaner removes, a script link (see markup.py). In the data they went without a word."""
    for text, place in _texts_with_refs(site, inputs, docs, fact_docs):
        problems.extend(_dropped_markup(_without_code(text), place))
    for page in inputs.pages:
        if page.slug not in site.pages:
            continue
        body, place = _without_code(page.body), _in_body(page)
        for match in _HEADING.finditer(body):
            problems.append(replace(place(match.start(1), (
                "a line starting with '#' is a top heading, and a page has one, its title: " if match[1] == "#" else
                "headings go down to '#### ': ") + "this line is shown as plain text; start a section's heading "
                "with '## ', and one inside it with '### ' (to begin a line with the character #, write \\#)"),
                warning=True))
        # A page's title, or a summary's, comes from its front matter; its '## ' headings are shown a level
        # below that title (templates/page.html; templates/event.html)
        kind = "summary" if site.pages[page.slug].meta.event is not None else "page"
        problems.extend(_skipped_headings(body, place, f"it is the {kind}'s first, under the {kind}'s title"))


def _images(text: str) -> list[re.Match[str]]:
    """Each Markdown image in a text, as the regex in _IMAGE_TRY's comment finds them."""
    return [match for match in _IMAGE_TRY.finditer(text) if match[1]]


def _dropped_markup(body: str, place: Place) -> list[Problem]:
    """Warnings for a Markdown text (its code blanked): each image, HTML tag or attribute the cleaner
    removes, link without https:// and link that runs code."""
    problems: list[Problem] = []
    for match in _images(body):
        problems.append(replace(place(match.start(), "images are not shown: the site draws only its own "
                                                     "charts; take the image out, or link to it with "
                                                     "[text](address)"), warning=True))
    for match in _TAG.finditer(body):
        tag = match[1].lower()
        if tag not in ALLOWED_TAGS:
            problems.append(replace(place(match.start(), f"<{tag}> is removed when the page is "
                                                         "built (only simple formatting is kept); take it "
                                                         "out"), warning=True))
            continue
        for name in _ATTRIBUTE.finditer(match[0], len(tag) + 1):
            if name[1].lower() not in ALLOWED_ATTRIBUTES.get(tag, set()):
                problems.append(replace(place(match.start() + name.start(1), (
                    f"<{tag}>'s {name[1].lower()}=\"…\" is removed when the page is built (only simple "
                    "formatting is kept, and the site's stylesheet sets every style); take it out")),
                    warning=True))
    for match in _SCHEMELESS.finditer(body):
        problems.append(replace(place(match.start(1), f"the link to '{match[1]}' has no https:// before it, so "
                                                      "it would lead to a missing page of this site: write "
                                                      f"(https://{match[1]})"), warning=True))
    for match in _SCRIPT_LINK.finditer(body):
        problems.append(replace(place(match.start() + 2, "a link that runs code is removed; link to a web "
                                                         "address, https://…"), warning=True))
    return problems


def _skipped_headings(body: str, place: Place, first: str) -> list[Problem]:
    """A warning for each heading of a Markdown text (its code blanked) more than one level below the
    heading above it, or, for its first, below '## ' (first says what it is under)."""
    found, level, above = [], 1, 0
    for match in _SUBHEADING.finditer(body):
        depth, line = len(match[1]), place(match.start(1), "").line
        if depth > level + 1:
            meant = "#" * (level + 1)
            before = f"the heading above it, on line {above}, is '{'#' * level} '" if above else first
            found.append(replace(place(match.start(1), (
                f"heading '{'#' * depth} ' skips a level: {before}, so screen-reader users, who move from "
                f"heading to heading, would look for a '{meant} ' {'between them' if above else 'above it'}; "
                f"write '{meant} ' here")), warning=True))
        level, above = depth, line
    return found


def _check_fact_headings(site: Site, fact_docs: dict[str, Doc], problems: list[Problem]) -> None:
    """A warning for a skipped heading level in the Markdown a fact's page shows in a section of its own,
    under that section's heading, where a '## ' is shown a level below it (templates/fact.html)."""
    for fact_id, entry in site.facts.items():
        fact, doc = entry.fact, fact_docs[fact_id]
        assessment = getattr(fact, "assessment", None)
        texts = [(("notes",), fact.notes, "Notes"), (("not_rated",), getattr(fact, "not_rated", None), "Not rated"),
                 (("assessment", "summary"), assessment.summary if assessment else None, "Our assessment")]
        for loc, text, section in texts:
            if text:
                problems.extend(_skipped_headings(_without_code(text), _at(doc, loc, text),
                                                  f"it is the first in {loc[-1]}, which the page shows under "
                                                  f"its heading '{section}'"))


def group_by(entries: Iterable[FactEntry], attribute: str) -> dict[str, list[FactEntry]]:
    """Facts grouped by the value of one field, each group in time order."""
    groups: dict[str, list[FactEntry]] = defaultdict(list)
    for entry in entries:
        key = getattr(entry.fact, attribute, None)
        if key is not None:
            groups[key].append(entry)
    return {k: sorted(v, key=lambda e: (e.date_key, e.id)) for k, v in sorted(groups.items())}
