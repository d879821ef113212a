"""`build.py new`: a commented skeleton of a fact, event, source, person or metric for an editor to fill in.

The skeleton is generated from the models, so it always has every field. Required
fields read TODO, which the build refuses with a located message until it is replaced;
optional fields are left empty (or at their default) and validate as they are;
optional blocks (assessment, derived, corrections) are written commented out.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .load import relative
from .models import FACT_KINDS, ID_PATTERN, MAX_ID, PLACEHOLDER, REGISTRIES, PartialDate, as_id
from .yamlsafe import decode, parse

LEADING = ("kind", "title", "metric", "value", "qualifier")
TRAILING = ("source", "notes", "related", "checked", "assessment", "not_rated", "derived", "corrections")
BESIDE = {"as_of_words": "as_of"}  # a key written just after another it goes with
WIDTH = 96

# What kind means in a skeleton, where both kinds are described at once.
KIND_HINT = "claim: something a named person said; context: a figure to read claims against."
DATE_HINT = "YYYY-MM-DD."
PARTIAL_DATE_HINT = "2024, 2024-05 or 2024-05-15."


class Refused(Exception):
    """The skeleton was not written; the message says why in one line. code is the exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Written:
    """Where the skeleton went: the file and the line its record starts on."""

    path: Path
    line: int


EXAMPLE_IDS = {"fact": "fibre-coverage-2025", "event": "wtdc-25", "source": "itu-facts-and-figures-2025",
               "person": "samir-mammadov", "metric": "fibre-coverage-national"}
REGISTRY_OF = {"event": "events", "source": "sources", "person": "people", "metric": "metrics"}  # data/<…>.yaml


def id_problem(new_id: str) -> str | None:
    """Why new_id cannot be an id, or None when it can."""
    if not re.match(ID_PATTERN, new_id):
        typed = re.sub(r"\.(?:ya?ml|md)$", "", new_id.strip(), flags=re.IGNORECASE)  # the file's name: x.yaml is x
        meant = re.sub(r"-{2,}", "-", as_id(typed)).strip("-")  # New Claim, new_claim, coverage--2030
        like = meant if re.match(ID_PATTERN, meant) and len(meant) <= MAX_ID else "fibre-coverage-2025"
        return f"'{new_id}' is not a valid id: use lowercase letters, digits and single hyphens, like '{like}'"
    if len(new_id) > MAX_ID:
        return f"'{new_id}' is too long for an id (at most {MAX_ID} characters)"
    return None


def answers(what: str, new_id: str | None, kind: str | None,
            ask: Callable[[str], str] | None) -> tuple[str, str | None]:
    """The id (and for a fact its kind) from the flags, asking for what is missing when ask is given."""
    if new_id is None:
        if ask is None:
            raise Refused(f"--id is required: the id of the new {what}, e.g. --id {EXAMPLE_IDS[what]}", code=2)
        new_id = _ask_until(ask, f"Id of the new {what} (lowercase-kebab, e.g. {EXAMPLE_IDS[what]}): ", id_problem)
    problem = id_problem(new_id)
    if problem:
        raise Refused(problem, code=2)
    if what == "fact" and kind is None:
        if ask is None:
            raise Refused("--kind is required for a fact: --kind claim or --kind context", code=2)
        kind = _ask_until(ask, "Kind (claim or context): ",
                          lambda k: None if k in FACT_KINDS else "answer claim or context")
    return new_id, kind


def _ask_until(ask: Callable[[str], str], prompt: str, problem: Callable[[str], str | None]) -> str:
    """Ask until the answer is acceptable; end of input gives up."""
    while True:
        try:
            answer = ask(prompt).strip()
        except EOFError:
            raise Refused("no answer given; nothing was written", code=2) from None
        why = problem(answer)
        if why is None:
            return answer
        print(why)


def create(root: Path, what: str, new_id: str, kind: str | None = None) -> Written:
    """Write the skeleton: a new file for a fact, an entry at the end of the registry otherwise."""
    if what == "fact":
        return _create_fact(root, new_id, kind or "claim")
    return _append_entry(root, what, new_id)


def _create_fact(root: Path, new_id: str, kind: str) -> Written:
    """data/facts/<id>.yaml, refusing an id another fact file has."""
    folder = root / "data" / "facts"
    for suffix in (".yaml", ".yml"):
        if (folder / f"{new_id}{suffix}").exists():
            raise Refused(f"fact '{new_id}' already exists: {relative(root, folder / (new_id + suffix))}:1")
    path = folder / f"{new_id}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(fact_skeleton(kind), encoding="utf-8")
    return Written(path, 1)


def _append_entry(root: Path, what: str, new_id: str) -> Written:
    """Add an entry to what's registry (data/people.yaml for a person), refusing a taken id or a file
    that cannot be read."""
    registry = REGISTRY_OF[what]
    path = root / "data" / f"{registry}.yaml"
    shown = relative(root, path)
    text = ""
    if path.exists():
        try:
            decoded, problems = decode(shown, path.read_bytes())
        except OSError as exc:
            raise Refused(f"{shown} cannot be read ({exc.strerror or exc})") from None
        if decoded is None:
            raise Refused(f"{shown} cannot be read ({problems[0].text()}); fix it, then add the {what}")
        text = decoded
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in text.splitlines()):
        doc, problems = parse(shown, text)
        if doc is None or problems or not isinstance(doc.data, dict):
            first = problems[0].text() if problems else f"{shown}:1:1: top level must be id: entries"
            raise Refused(f"{shown} cannot be read ({first}); fix it, then add the {what}")
        if new_id in doc.data:
            line, _ = doc.where((new_id,), key=True)
            raise Refused(f"{what} '{new_id}' already exists: {shown}:{line}")
    if text and not text.endswith("\n"):
        text += "\n"
    separator = "\n" if text.strip() else ""
    entry = entry_skeleton(REGISTRIES[registry], new_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + separator + entry, encoding="utf-8")
    line = (text + separator).count("\n") + 1 + entry.split("\n").index(f"{new_id}:")
    return Written(path, line)


# -- the text -------------------------------------------------------------------------------------

def fact_skeleton(kind: str) -> str:
    """A whole fact file of this kind, every field present and commented."""
    model = FACT_KINDS[kind]
    head = [
        "# yaml-language-server: $schema=../../schemas/fact.schema.json",
        f"# A {'context figure' if kind == 'context' else kind}: {_doc(model)[0].lower()}{_doc(model)[1:]}",
        "# Written by `python build.py new fact`: replace every TODO; optional lines may stay",
        "# empty or go. Then run `python build.py check`.",
        "",
    ]
    return "\n".join(head + _fields(model, "", kind=kind)) + "\n"


def entry_skeleton(model: type[BaseModel], new_id: str) -> str:
    """One registry entry, every field present and commented, indented under its id."""
    return "\n".join([f"{new_id}:"] + _fields(model, "  ")) + "\n"


def _fields(model: type[BaseModel], indent: str, kind: str | None = None, off: str = "") -> list[str]:
    """Comment and key: value lines for every field of model, in reading order.

    off is '# ' inside a block written commented out; nested blocks are written that way.
    """
    lines: list[str] = []
    for name in _ordered(model):
        info = model.model_fields[name]
        nested, many = _nested(info.annotation)
        warned = name in getattr(model, "warned_if_missing", ())  # a pull request's check fails without it
        comment = _comment(name, info, nested is not None and not off, warned)
        lines += [f"{off}{indent}# {text}" for text in _wrap(comment, WIDTH - len(indent) - len(off) - 2)]
        if nested is None:
            value = kind if name == "kind" else _placeholder(info)
            lines.append(f"{off}{indent}{name}:{' ' + value if value else ''}")
        elif many:  # a list of records: one example item, its first key after '- '
            item = f"# {indent}    "
            sub = _fields(nested, indent + "    ", off="# ")
            first = next(i for i, ln in enumerate(sub) if not ln[len(item):].startswith("#"))
            sub[first] = f"# {indent}  - " + sub[first][len(item):]
            lines += [f"# {indent}{name}:"] + sub
        else:
            lines += [f"# {indent}{name}:"] + _fields(nested, indent + "  ", off="# ")
    return lines


def _ordered(model: type[BaseModel]) -> list[str]:
    """Field names as editors read them: kind and title first, sources and notes last."""
    names = list(model.model_fields)
    lead = [n for n in LEADING if n in names]
    trail = [n for n in TRAILING if n in names]
    middle = [n for n in names if n not in lead and n not in trail and n not in BESIDE]
    for name, partner in BESIDE.items():
        if name in names and partner in middle:
            middle.insert(middle.index(partner) + 1, name)
    return lead + middle + trail


def _comment(name: str, info: FieldInfo, block: bool, warned: bool = False) -> str:
    """What the field means, what it accepts, and whether it is required (or, warned, whether the
    check warns without it)."""
    if name == "kind":
        return KIND_HINT
    parts = [info.description or ""]
    allowed = _allowed(info.annotation)
    if allowed:
        if not all(str(value) in parts[0] for value in allowed):  # the description may list them already
            parts.append(f"One of: {', '.join(allowed)}.")
    elif PartialDate in (info.annotation, *typing.get_args(info.annotation)):
        if "2024-05-15" not in parts[0]:
            parts.append(PARTIAL_DATE_HINT)
    elif dt.date in (info.annotation, *typing.get_args(info.annotation)) and "YYYY" not in parts[0]:
        parts.append(DATE_HINT)
    if block:
        parts.append("Optional: to add it, delete the '# ' at the start of the lines below.")
    elif warned:
        parts.append("Expected: the check warns without it, and a pull request's check fails.")
    else:
        parts.append("Required." if info.is_required() else "Optional.")
    return " ".join(p for p in parts if p)


def _placeholder(info: FieldInfo) -> str:
    """TODO for a required field; the default (or nothing) for an optional one."""
    if info.is_required():
        return f"[{PLACEHOLDER}, {PLACEHOLDER}]" if typing.get_origin(info.annotation) is list else PLACEHOLDER
    default = info.get_default(call_default_factory=True)
    if default is None:
        return ""
    if isinstance(default, list):
        return "[]"
    return str(default).lower() if isinstance(default, bool) else str(default)


def _nested(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model inside a field (Optional[Model] or list[Model]) and whether it is a list."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, typing.get_origin(annotation) is list
    return None, False


def _allowed(annotation: Any) -> list[str]:
    """The words a Literal field accepts (true/false for a flag), or none."""
    if annotation is bool:
        return ["true", "false"]
    if typing.get_origin(annotation) is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = _allowed(arg)
        if found:
            return found
    return []


def _doc(model: type[BaseModel]) -> str:
    """The first line of the model's docstring."""
    return (model.__doc__ or model.__name__).strip().splitlines()[0]


def _wrap(text: str, width: int) -> list[str]:
    """Text broken into comment lines of at most width characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
