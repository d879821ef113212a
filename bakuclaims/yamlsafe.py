"""Read YAML text into plain values, remembering where each value stood.

PyYAML's safe loader is used for the grammar; on top of it this module refuses
what an editor never means (anchors and aliases, duplicate keys, tabs in
indentation, non-text keys) and turns every failure into a Problem at a line
and column instead of an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

Loc = tuple[Any, ...]
MAX_BYTES = 512 * 1024


@dataclass
class Doc:
    """A parsed YAML document: its values and the position of every key and value."""

    path: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    unreadable: set[Loc] = field(default_factory=set)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at loc, or of its nearest known parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, loc: Loc, message: str, key: bool = False, warning: bool = False) -> Problem:
        """A Problem pointing at loc in this document."""
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message, warning)


class _Refused(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _Loader(yaml.SafeLoader):
    """The safe loader, minus anchors and aliases (no alias bombs, no surprises)."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            mark = event.start_mark
            raise _Refused(mark.line + 1, mark.column + 1,
                           "aliases (*name) are not allowed in data files; write the value out in full")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            mark = event.start_mark
            raise _Refused(mark.line + 1, mark.column + 1,
                           f"anchors (&{anchor}) are not allowed in data files; write the value out in full")
        return super().compose_node(parent, index)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text, refusing oversized, non-UTF-8 and NUL-bearing files with a located problem."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, 1, f"file is {len(raw):,} bytes; a data file may be at most "
                                          f"{MAX_BYTES:,} bytes (split it, or remove pasted material)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, col, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                               "save the file with UTF-8 encoding")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(path, line, 1, "file contains a NUL byte; it is not a text file")]
    return text, []


def find_tabs(path: str, text: str, first_line: int = 1) -> list[Problem]:
    """One problem per line whose indentation contains a tab."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(path, number, indent.index("\t") + 1,
                                    "tab character in indentation; indent with spaces"))
    return problems


def parse(path: str, text: str, first_line: int = 1) -> tuple[Doc | None, list[Problem]]:
    """Parse one YAML document; on failure return located problems and no document."""
    tabs = find_tabs(path, text, first_line)
    if tabs:
        return None, tabs
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(path, first_line, 1, "file is empty; it needs at least one key: value line")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _Refused as exc:
        return None, [Problem(path, exc.line + first_line - 1, exc.col, exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + first_line - 1
        col = mark.column + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        hint = f" ({exc.context})" if exc.context else ""
        return None, [Problem(path, line, col, f"YAML syntax error: {what}{hint}")]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, [Problem(path, first_line, 1, f"YAML syntax error: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, first_line, 1, "file is empty; it needs at least one key: value line")]
    doc = Doc(path, None)
    problems: list[Problem] = []
    builder = _Builder(doc, problems, first_line)
    doc.data = builder.build(node, ())
    return doc, problems


class _Builder:
    """Turns a composed node tree into Python values, recording positions."""

    def __init__(self, doc: Doc, problems: list[Problem], first_line: int) -> None:
        self.doc = doc
        self.problems = problems
        self.offset = first_line - 1
        self.constructor = yaml.SafeLoader("")

    def pos(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: Node, loc: Loc) -> Any:
        self.doc.positions[loc] = self.pos(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = self.pos(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.doc.path, line, col, "keys must be plain words"))
                continue
            key = str(key_node.value)
            if key in result:
                first = self.doc.key_positions[loc + (key,)]
                self.problems.append(Problem(self.doc.path, line, col,
                                             f"duplicate key '{key}' (first at line {first[0]}); "
                                             "each key may appear once"))
                continue
            self.doc.key_positions[loc + (key,)] = (line, col)
            result[key] = self.build(value_node, loc + (key,))
        return result

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            line, col = self.pos(node)
            detail = str(exc).splitlines()[0] if str(exc) else "unreadable value"
            self.doc.unreadable.add(loc)
            self.problems.append(Problem(self.doc.path, line, col,
                                         f"cannot read '{node.value}': {detail}"))
            return node.value
