"""Read YAML text into plain values, remembering where each value stood.

PyYAML's safe loader is used for the grammar; on top of it this module refuses
what an editor never means (anchors and aliases, duplicate keys, tabs in
indentation, non-text keys) and turns every failure into a Problem at a line
and column instead of an exception.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .fmt import MONTHS as MONTH_NAMES, plain
from .problems import Problem

Loc = tuple[Any, ...]
MAX_BYTES = 512 * 1024
PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
                           r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")  # .inf and .nan: refused by the models
_LEADING_ZERO = re.compile(r"0[0-7]+")  # digits YAML 1.1 reads as octal: 0101 is 65, and a year typed 0000 is 0


@dataclass
class Doc:
    """A parsed YAML document: its values and the position of every key and value."""

    path: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    unreadable: set[Loc] = field(default_factory=set)
    cut: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # unquoted text a ' #' comment ends early
    spans: dict[Loc, tuple[int, int, str]] = field(default_factory=dict)  # text over lines: line, column, source
    # unquoted words YAML reads as true or false (no, Off), and numbers it reads as others (10.2030 as 10.203)
    typed: dict[Loc, str] = field(default_factory=dict)

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

    def where_in(self, loc: Loc, text: str, offset: int) -> tuple[int, int]:
        """Line and column of the word at text[offset:], for the text read from loc: in a text over
        several lines, the line it was typed on (the same occurrence of the word in the file's lines)."""
        span, word = self.spans.get(loc), re.match(r"\S*", text[offset:])[0]  # type: ignore[index]
        if span is None or not word:
            return self.where(loc)
        line, col, source = span
        index = -1
        for _ in range(text.count(word, 0, offset) + 1):
            index = source.find(word, index + 1)
            if index < 0:
                return self.where(loc)
        before = source.count("\n", 0, index)
        return line + before, (col if before == 0 else 1) + index - (source.rfind("\n", 0, index) + 1)

    def problem(self, loc: Loc, message: str, key: bool = False, warning: bool = False) -> Problem:
        """A Problem pointing at loc in this document."""
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message, warning)


class _Refused(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _NoAnchors:
    """Refuses anchors and aliases as the composer meets them (no alias bombs, no surprises)."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            mark = event.start_mark
            raise _Refused(mark.line + 1, mark.column + 1,
                           "aliases (*name) are not allowed in data files; write the value out in full")
        event = self.peek_event()  # type: ignore[attr-defined]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            mark = event.start_mark
            raise _Refused(mark.line + 1, mark.column + 1,
                           f"anchors (&{anchor}) are not allowed in data files; write the value out in full")
        return super().compose_node(parent, index)  # type: ignore[misc]


class _Loader(_NoAnchors, yaml.SafeLoader):
    """The pure-Python safe loader, minus anchors and aliases: every message is worded for its errors."""


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastLoader(_NoAnchors, Composer, CParser, Resolver):  # type: ignore[misc]
        """libyaml's scanner and parser under PyYAML's composer (so deep nesting fails in Python), minus anchors."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None  # type: ignore[assignment,misc]


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text, refusing oversized, non-UTF-8 and NUL-bearing files with a located problem."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(path, 1, 1, f"file is {len(raw):,} bytes; a data file may be at most "
                                          f"{MAX_BYTES:,} bytes (split it, or remove pasted material)")]
    if _utf16(raw):
        return None, [Problem(path, 1, 1, "file is saved as UTF-16 (called 'Unicode' in some editors), which this "
                                          "build cannot read; save it again with UTF-8 encoding")]
    raw = raw.removeprefix(codecs.BOM_UTF8)  # the byte order mark an editor may save, and does not show
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1  # in characters: Ə is two bytes, one column
        return None, [Problem(path, line, col, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                                               "save the file with UTF-8 encoding")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(path, line, 1, "file contains a NUL byte, so it is not a text file; save it "
                                             "again as plain text (UTF-8)")]
    return text, []


def _utf16(raw: bytes) -> bool:
    """True for text saved as UTF-16: its byte order mark, or, without one, a NUL beside each letter
    of plain text (every second byte of the file's start)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    start = raw[:200]
    halves = (start[0::2].count(0), start[1::2].count(0))
    return len(start) >= 8 and min(halves) == 0 and max(halves) >= len(start) // 2 * 0.8


TABS_NAMED = 3  # lines indented with tabs named one by one; more are named in one problem, at the first


def find_tabs(path: str, text: str, first_line: int = 1) -> list[Problem]:
    """One problem per line whose indentation contains a tab, or a non-breaking space (which YAML
    reads as text, not indentation: it comes with lines pasted from a web page or a word processor).
    Tabs on more than TABS_NAMED lines (a file typed in an editor set to indent with tabs) are one
    problem, at the first: a file indented so gave as many identical lines as it has lines."""
    problems, tabbed = [], []
    for number, line in enumerate(text.split("\n"), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t\u00a0"))]
        if "\t" in indent:
            tabbed.append(Problem(path, number, indent.index("\t") + 1,
                                  "tab character in indentation; indent with spaces"))
        elif "\u00a0" in indent:
            problems.append(Problem(path, number, indent.index("\u00a0") + 1,
                                    "non-breaking space in indentation (pasted from a web page or a word "
                                    "processor?), which YAML reads as text; retype the spaces at the start of "
                                    "this line"))
    if len(tabbed) > TABS_NAMED:
        first = tabbed[0]
        tabbed = [Problem(path, first.line, first.col,
                          f"tab characters in the indentation of {len(tabbed)} lines, from this one to line "
                          f"{tabbed[-1].line}; indent with spaces (in GitHub's web editor, set Indent mode to "
                          "Spaces before typing)")]
    return sorted(problems + tabbed, key=lambda problem: problem.line)


# Characters YAML refuses anywhere in a file (PyYAML's reader says only "position 275"): control characters
# other than tab and line breaks, and U+FFFE/U+FFFF. They are invisible in most editors. Also the line breaks
# U+0085, U+2028 and U+2029, which YAML counts as new lines and most editors do not, so every line number
# after one would be off. And a byte order mark past the file's start, which YAML takes as part of a key or text.
_REFUSED_CHARACTER = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                                r"\U00010000-\U0010ffff]")
_LINE_BREAKS = "\x85\u2028\u2029"


def find_control_characters(path: str, text: str, first_line: int = 1) -> list[Problem]:
    """One problem per character YAML refuses (a form feed, an escape, DEL…) or counts as a line break
    where an editor shows none, where it stands."""
    problems = []
    for match in _REFUSED_CHARACTER.finditer(text):
        before = text[:match.start()]
        line, col = before.count("\n") + first_line, match.start() - (before.rfind("\n") + 1) + 1
        if match[0] == "\ufeff":
            message = ("invisible byte order mark U+FEFF here, which belongs only at the start of a file (it "
                       "comes with text pasted or joined from another file); delete it")
        elif match[0] in _LINE_BREAKS:
            message = (f"unusual line break U+{ord(match[0]):04X} here, which YAML reads as a new line though "
                       "most editors show none; delete it (press Enter if a new line is meant)")
        else:
            message = (f"invisible control character U+{ord(match[0]):04X} here, which YAML does not allow; "
                       "delete it (retype the text around it if your editor does not show it)")
        problems.append(Problem(path, line, col, message))
    return problems


_HARD_SPACE_WORDS = "a non-breaking space (pasted from a web page or a word processor?) follows"  # and the key
_HARD_SPACE_MESSAGE = f"YAML syntax error: {_HARD_SPACE_WORDS}"  # how parse knows _parse_text's message
MAX_HARD_SPACES = 100  # keys followed by a non-breaking space named in one file before the check stops counting


def parse(path: str, text: str, first_line: int = 1) -> tuple[Doc | None, list[Problem]]:
    """Parse one YAML document; on failure return located problems and no document."""
    tabs = find_tabs(path, text, first_line)
    refused = tabs + find_control_characters(path, text, first_line)
    if refused:
        if tabs and len(tabs) == len(refused):  # lines pasted with tabs may bring non-breaking spaces too
            refused = sorted(refused + _hard_spaces_behind_tabs(path, text, first_line),
                             key=lambda p: (p.line, p.col))
        return None, refused
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(path, first_line, 1, "file is empty; it needs at least one key: value line")]
    copied = _guide_lines(path, text, first_line)
    if copied:
        return None, copied
    # Lines pasted from a word processor bring a non-breaking space after each key's colon: each is named, and
    # read past as the space it stands for, so that all of them (and the next mistake of another kind) are
    # named in one check, not one per check.
    hard: list[Problem] = []
    while True:
        doc, problems = _parse_text(path, text, first_line)
        if doc is None and len(problems) == 1 and problems[0].message.startswith(_HARD_SPACE_MESSAGE) \
                and len(hard) < MAX_HARD_SPACES:
            lines = text.split("\n")
            at, col = problems[0].line - first_line, problems[0].col - 1
            if lines[at][col:col + 1] == "\u00a0":
                hard.append(problems[0])
                lines[at] = lines[at][:col] + " " + lines[at][col + 1:]
                text = "\n".join(lines)
                continue
        if len(hard) == MAX_HARD_SPACES and problems and problems[0].message.startswith(_HARD_SPACE_MESSAGE) \
                and ":\u00a0" in "\n".join(text.split("\n")[problems[0].line - first_line + 1:]):  # more below
            problems = [replace(problems[0], message=problems[0].message + f"; the check names no more than "
                                f"{MAX_HARD_SPACES + 1} in one file: retype the space after each colon below "
                                "this line too")]
        return (None, hard + [p for p in problems if not p.warning]) if hard else (doc, problems)


def _guide_lines(path: str, text: str, first_line: int) -> list[Problem]:
    """A problem for each line in the first column that the guide's Markdown put around an example and
    an editor copied with it: a ``` fence, or the <!-- example: … --> note of where the example goes."""
    found = []
    for i, line in enumerate(text.split("\n")):
        if line.startswith("```"):
            found.append(Problem(path, i + first_line, 1, "this ``` line marks where an example in the guide "
                                 "starts or ends and is not part of the file: delete the line"))
        elif line.startswith("<!--"):
            found.append(Problem(path, i + first_line, 1, "this <!-- … --> line is the guide's note of where "
                                 "its example goes and is not part of the file: delete the line"))
    return found


def _hard_spaces_behind_tabs(path: str, text: str, first_line: int) -> list[Problem]:
    """The keys followed by a non-breaking space in a file whose indentation is refused (a tab in it), found
    by reading it with each tab of the indentation as two spaces: they were named once the tabs were retyped."""
    lines, indents = text.split("\n"), []
    for line in lines:  # the indentation, a non-breaking space in it (refused as a tab is) read as a space
        indents.append(line[:len(line) - len(line.lstrip(" \t\u00a0"))])
    tabs = [indent.count("\t") for indent in indents]
    detabbed = "\n".join(indent.replace("\t", "  ").replace("\u00a0", " ") + line[len(indent):]
                         for line, indent in zip(lines, indents))
    _, problems = parse(path, detabbed, first_line)
    return [replace(p, col=p.col - tabs[p.line - first_line]) for p in problems  # as the columns were
            if p.message.startswith(_HARD_SPACE_MESSAGE)]


def _parse_text(path: str, text: str, first_line: int) -> tuple[Doc | None, list[Problem]]:
    """Parse one YAML document known to hold a key; on failure return one located problem and no document."""
    try:
        node = _compose(text)
    except _Refused as exc:
        return None, [Problem(path, exc.line + first_line - 1, exc.col, exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _never_closed(exc):
            mark = exc.context_mark  # where the quote opened, not the end of the file
        else:
            unclosed = _unclosed_quote(text, mark.line if mark else 0)
            if unclosed is not None:  # read on to a quote lines later, which then broke the syntax
                return None, [Problem(path, unclosed[0] + first_line, unclosed[1],
                                      "YAML syntax error: the quoted text started here is not closed on its "
                                      "line: end it with the same quote mark")]
        if exc.problem == "could not find expected ':'" and exc.context_mark:
            mark = exc.context_mark  # the line that lacks its colon, not the line after it
        if exc.context == "while scanning an alias" and exc.context_mark:
            mark = exc.context_mark  # where the '*' stands
        line = (mark.line + 1 if mark else 1) + first_line - 1
        col = mark.column + 1 if mark else 1
        message = syntax_message(exc, first_line)
        lines = text.split("\n")
        closed = _closed_early(lines[mark.line]) if mark and mark.line < len(lines) else None
        if closed is not None:
            col, message = closed
        elif mark and (dashed := _dash_without_space(lines, mark.line)) is not None:
            (at, col), item = dashed
            line = at + first_line
            message = f"a list item needs a space after its '-': write '- {item}'"
        elif mark and (hard := _hard_space_key(lines, mark.line)) is not None:
            (at, col), key = hard
            line = at + first_line
            message = (f"{_HARD_SPACE_WORDS} '{key}:', and YAML needs an ordinary space after the colon: retype "
                       "the space")
        elif mark and (spaceless := _spaceless_key(lines, mark.line)) is not None:
            at, key = spaceless
            line, col = at[0] + first_line, at[1]  # kind:context on line 1 broke the parse on line 2
            message = f"add a space after the colon: write '{key}: ' and then the value"
        elif mark and mark.line < len(lines) and _CURLY.search(lines[mark.line]):
            message = ("the text starts with a curly quote (“ or ‘), which YAML reads as part of the text, "
                       "not as a quote mark: use straight quotes, like title: \"Coverage: homes\"")
        elif mark and mark.line < len(lines) and (ref := _STARTS_WITH_REFERENCE.match(lines[mark.line])):
            text = ref[2].strip()
            quoted = f"'{text.replace(chr(39), chr(39) * 2)}'" if '"' in text else f'"{text}"'
            col = ref.start(2) + 1
            message = (f"text that starts with a fact reference, [[…]], is read as a list in a list: put the whole "
                       f"text in quotes: {ref[1].strip()}: {quoted}")
        elif mark and mark.line < len(lines) and _BRACKETED.match(lines[mark.line]):
            message = ("text that starts with [ or { is read as a list or key: value pairs, and the words after "
                       "its closing bracket do not fit: put the whole text in quotes, like title: \"[Draft] "
                       "Coverage\"")
        elif mark and exc.problem and (exc.problem == "mapping values are not allowed here"
                                       or exc.problem.startswith("expected <block end>, but found")) \
                and (colonless := _key_without_colon(lines, mark.line)) is not None:
            at, fixed = colonless  # kind claim above title: the parse broke at title's colon
            line, col = at + first_line, _indent(lines[at]) + 1
            message = (f"this line has no ':' after its key, so YAML reads it and the line below as one text: "
                       f"write {fixed}")
        elif mark and exc.problem == "mapping values are not allowed here" and mark.line < len(lines) \
                and (ending := _TEXT_ENDING_IN_COLON.match(lines[mark.line])) and mark.column == ending.end(2) - 1:
            message = (f"the text ends with ':', which YAML reads as the start of another key: put the whole text "
                       f"in quotes, like {ending[1]}: \"{ending[2].strip()}\"")
        elif mark and exc.problem and (exc.problem == "mapping values are not allowed here"
                                       or exc.problem.startswith("expected <block end>, but found")) \
                and (first := _first_key_out(lines, mark.line)) is not None:
            at, column = first  # the block's first key alone is out of line: it, not the line below, moves
            line, col = at + first_line, _indent(lines[at]) + 1
            message = (f"this key starts in column {col}, and the keys below it in column {column}; keys of one "
                       f"record start in the same column: move it to column {column}")
        elif mark and exc.problem and (exc.problem == "mapping values are not allowed here"
                                       or exc.problem.startswith("expected <block end>, but found")) \
                and (left := _key_left_of_its_block(lines, mark.line)) is not None:
            at, owner, sibling = left  # a key moved left mid-record: it, not the line below, is out of line
            line, col = at + first_line, _indent(lines[at]) + 1
            column = _indent(lines[sibling]) + 1
            key, shown = _KEY_LINE.match(lines[at])[2], _KEY_LINE.match(lines[sibling])[2]
            message = (f"'{key}:' starts in column {col}, which ends the block of '{_KEY_LINE.match(lines[owner])[2]}:' "
                       f"(line {owner + first_line}), and the lines below it are still that block's: indent it "
                       f"to column {column}, as '{shown}:' on line {sibling + first_line} is")
        elif mark and exc.problem == "mapping values are not allowed here" \
                and (where := _key_columns(lines, mark.line, first_line)):
            # the key's column comes first: told of quotes first, an editor looked for a colon in the text
            col = _indent(lines[mark.line]) + 1
            message = (f"this key starts in column {col}, where no key above it starts, so YAML reads it as part of "
                       f"the text above: line it up with {where}; if it is text that contains ': ', put the whole "
                       "text in quotes, like title: \"Coverage: homes\"")
        elif mark and exc.problem and exc.problem.startswith("expected <block end>, but found") \
                and (item := _misaligned_item(lines, mark.line)) is not None:
            above, column = item
            col = _indent(lines[mark.line]) + 1
            message = (f"this list item starts in column {col}, and the one above it, on line {above + first_line}, "
                       f"in column {column}: start each '- ' of one list in the same column")
        elif mark and exc.problem and exc.problem.startswith("expected <block end>, but found") \
                and (entry := _entry_without_dash(lines, mark.line)) is not None:
            message = (f"this file is a list of entries, each starting with '- ', and this line starts a new "
                       f"one without it: write '- {entry}', and indent the entry's other lines two spaces, "
                       "like the entries above")
        elif mark and exc.problem and exc.problem.startswith("expected <block end>, but found") \
                and (where := _key_columns(lines, mark.line, first_line)):
            message = (f"this line starts in column {_indent(lines[mark.line]) + 1}, where none of the keys above "
                       f"it does; keys of one record start in the same column: line it up with {where}")
        elif mark and exc.problem and exc.problem.startswith("expected '<document start>'") \
                and (indented := _indented_start(lines, mark.line)) is not None:
            line, col = indented[0] + first_line, 1
            message = _indented_start_message(lines, indented, mark.line, first_line)
        return None, [Problem(path, line, col, f"YAML syntax error: {message}")]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, [Problem(path, first_line, 1, f"YAML syntax error: {exc}")]
    except RecursionError:  # lists or blocks nested hundreds deep: the composer reads each level by recursion
        return None, [_too_deep(path, text, first_line)]
    if node is None:
        return None, [Problem(path, first_line, 1, "file is empty; it needs at least one key: value line")]
    doc = Doc(path, None)
    problems: list[Problem] = []
    builder = _Builder(doc, problems, first_line, text.splitlines())
    doc.data = builder.build(node, ())
    return doc, problems


MAX_DEPTH = 20  # levels of lists and key: value blocks a data file may need, with room to spare


def _too_deep(path: str, text: str, first_line: int) -> Problem:
    """Where lists or key: value blocks first nest more than MAX_DEPTH deep (read event by event,
    without recursion), as a problem."""
    line, col, depth = first_line, 1, 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = event.start_mark.line + first_line, event.start_mark.column + 1
                    break
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:  # a syntax error further on: the start of the file, then
        pass
    return Problem(path, line, col, f"lists or key: value blocks are nested more than {MAX_DEPTH} deep here; a data "
                                    "file needs only a few levels: check the brackets and the indentation")


_TEXT_ENDING_IN_COLON = re.compile(r"^ *(?:- +)?([A-Za-z0-9_][\w.-]*): +([^\s\"'#].*:)[ \t]*$")  # title: Users:
_DASH_WITHOUT_SPACE = re.compile(r"^ *(-)([^\s-].*)$")  # '  -coverage-survey': meant as a list item


def _dash_without_space(lines: list[str], at: int) -> tuple[tuple[int, int], str] | None:
    """Where a list item was typed without the space after its '-' (its line index and the dash's
    column) and the item, when that broke the parse at line at: on that line, or, for an item of
    key: value lines ('-date: …'), on the line above, whose indented key then did not fit."""
    for i in (at, _line_above(lines, at)):
        found = _DASH_WITHOUT_SPACE.match(lines[i]) if 0 <= i < len(lines) else None
        if found and (i == at or re.match(r"[^\s:]+: ", found[2])):
            return (i, found.start(1) + 1), found[2].rstrip()
    return None


_ITEM = re.compile(r"^( *)- ")


def _misaligned_item(lines: list[str], at: int) -> tuple[int, int] | None:
    """For a '- item' line out of line with the list above it: the index and column of the item above
    (past the lines that continue it, indented further), else None."""
    mine = _ITEM.match(lines[at]) if at < len(lines) else None
    if mine is None:
        return None
    i = _line_above(lines, at)
    while i >= 0 and not _ITEM.match(lines[i]) and _indent(lines[i]) > len(mine[1]):
        i = _line_above(lines, i)  # a continued item, or an item's own key: value lines
    above = _ITEM.match(lines[i]) if i >= 0 else None
    if above is None or len(above[1]) == len(mine[1]):
        return None
    return i, len(above[1]) + 1


def _never_closed(exc: yaml.MarkedYAMLError) -> bool:
    """True for a quote that runs to the end of the file (reported where it opens)."""
    return exc.problem == "found unexpected end of stream" and "quoted scalar" in (exc.context or "") \
        and exc.context_mark is not None


_QUOTED_VALUE = re.compile(r"""^ *(?:- +)?(?:[A-Za-z0-9_][A-Za-z0-9_.-]*: +)?(["'])(.*)$""")


def _unclosed_quote(text: str, last: int) -> tuple[int, int] | None:
    """The first line, up to line index last, whose value opens a quote it does not close (its
    index and the quote's column), if any: YAML reads such text on into the lines below."""
    for index, line in enumerate(text.splitlines()[:last + 1]):
        match = _QUOTED_VALUE.match(line.rstrip())
        if match is None:
            continue
        quote, rest = match.groups()
        rest = re.sub(r"\\.", "", rest) if quote == '"' else rest.replace("''", "")
        if quote not in rest:
            return index, match.start(1) + 1
    return None


def _compose(text: str) -> Node | None:
    """The node tree of one document: read by libyaml when the text keeps to shapes both parsers read alike.

    libyaml accepts some text PyYAML refuses (tabs after a colon, '?' in a flow list, odd block scalar
    headers) and places some empty values elsewhere, so anything outside those shapes, and any failure,
    is read by the pure-Python loader, whose errors every message is worded for.
    """
    if _FastLoader is not None and _plain_shapes(text):
        fast = _FastLoader(text)
        try:
            return fast.get_single_node()
        except Exception:  # the pure-Python loader below meets the failure and words it
            pass
        finally:
            fast.dispose()
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# The shapes libyaml may read: blank lines, comments, and `key:` or `- ` lines whose value is a plain word or
# sentence (which may go on over more-indented lines), a one-line quoted text without backslashes, a one-line
# list of words, or a `|`/`>` block of text. No tab, BOM, Unicode line break or lone CR; no tag, anchor,
# alias, '?' key, flow mapping, directive or document marker.
_UNUSUAL = re.compile(r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_WORD = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}"
_PLAIN = r"""(?:[^- ?:,\[\]{}#&*!|>'"%@`]|-(?=[0-9.]))(?:[^ :#]|:(?=[^ ])|\#| +(?=[^ #]))*"""
_VALUE = rf"""(?P<plain>{_PLAIN})|'(?:[^']|'')*'|"[^"\\]*"|\[ *(?:{_WORD}(?: *, *{_WORD})*)? *\]"""
_ENTRY = re.compile(rf"(?P<dash>-(?= |$))? *(?:(?P<key>{_WORD}):(?= |$))? *"
                    rf"(?:(?P<header>[|>][-+]?) *|(?:{_VALUE})(?: +#.*| *))?")
_PLAIN_LINE = re.compile(rf"{_PLAIN} *")


def _spaceless_key(lines: list[str], at: int) -> tuple[tuple[int, int], str] | None:
    """Where a key written without a space after its colon (value:88) stands, as a line and a
    column from 0 and 1, and the key: on the line a syntax error was found at, or on the line
    with a value before it, where it breaks the parse of the next key (kind:context on line 1)."""
    for i in (at, _line_above(lines, at)):
        found = _NO_SPACE.match(lines[i]) if 0 <= i < len(lines) else None
        if found and not _continued(lines, i):
            return (i, found.start(1) + 1), found[1]
    return None


def _hard_space_key(lines: list[str], at: int) -> tuple[tuple[int, int], str] | None:
    """Where a key followed by a non-breaking space instead of a space (value:\u00a061.5) has it, as a
    line and a column from 0 and 1, and the key, on the line a syntax error was found at or the line with a
    value before it."""
    for i in (at, _line_above(lines, at)):
        found = _HARD_SPACE.match(lines[i]) if 0 <= i < len(lines) else None
        if found:
            return (i, found.end(1) + 2), found[1]
    return None


def _line_above(lines: list[str], at: int) -> int:
    """The index of the nearest line above line at that is not blank or a comment (as `build.py new`
    writes above each key), or -1."""
    return next((i for i in range(min(at, len(lines)) - 1, -1, -1)
                 if lines[i].strip() and not lines[i].lstrip().startswith("#")), -1)


_COLONLESS = re.compile(r"^( *)([A-Za-z0-9_][\w.-]*)(?: +([^:#'\"\[{>|&*!%@`-][^:#]*?))? *$")


def _key_without_colon(lines: list[str], at: int) -> tuple[int, str] | None:
    """For a key line reported as out of place (at) whose line above is a word or words with no colon
    (kind claim; an id alone) that starts a record or follows a complete line, not continuing text:
    the colonless line's index and how it would read with its colon (or, below a key with its text, indented
    as that text's next line), else None. YAML read that line and the key below it as one text, and only
    the key's colon broke the parse."""
    mine = _KEY_LINE.match(lines[at]) if at < len(lines) else None
    above = _line_above(lines, at)
    bare = _COLONLESS.match(lines[above]) if mine is not None and above >= 0 else None
    if bare is None or len(bare[1]) > len(mine[1]):
        return None
    before, valued = _line_above(lines, above), False
    if before >= 0:
        opened = _KEY_LINE.match(lines[before])
        if opened is None:
            return None  # a line with no key above it: which one lacks its colon is not known
        valued = bool(lines[before][opened.end():].split("#")[0].strip())
        if _indent(lines[before]) < len(bare[1]) and valued:
            return None  # the line above carries on the value of a key further left
    fixed = f"'{bare[2]}:" + (f" {bare[3]}'" if bare[3] else "'")
    return above, fixed + (", or, if it carries on the text above, indent it further than that text's key"
                           if valued and bare[3] else "")


def _indented_start(lines: list[str], at: int) -> tuple[int, int] | None:
    """For a file whose first lines start further right than a line below them (at), which YAML then reads as
    a second document: the index of the first of them and of the last, else None. A line pasted with the
    web editor's indentation, or spaces typed before the first key, does this."""
    content = [i for i in range(at) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not content or at >= len(lines) or _indent(lines[content[0]]) <= _indent(lines[at]):
        return None
    return content[0], content[-1]


def _indented_start_message(lines: list[str], indented: tuple[int, int], at: int, first_line: int) -> str:
    """What to do about a file's first lines (indented: the first and the last) starting further right than
    the line at below them, in words."""
    first, last = indented
    spaces = _indent(lines[first]) - _indent(lines[at])
    if first == last:
        key = _KEY_LINE.match(lines[first])
        counted = "the space" if spaces == 1 else f"the {spaces} spaces"
        return (f"this line starts in column {_indent(lines[first]) + 1}, and line {at + first_line} below it in "
                f"column {_indent(lines[at]) + 1}, so YAML cannot read the two as one file: remove {counted} before "
                + (f"'{key[2]}:'" if key else "its first word"))
    return (f"line {first + first_line} starts in column {_indent(lines[first]) + 1}, and line {at + first_line} in "
            f"column {_indent(lines[at]) + 1}, so YAML cannot read lines {first + first_line} to {last + first_line} "
            f"and the lines below them as one file: remove {'1 space' if spaces == 1 else f'{spaces} spaces'} at the "
            f"start of each of lines {first + first_line} to {last + first_line}")


def _first_key_out(lines: list[str], at: int) -> tuple[int, int] | None:
    """For a block whose first key alone starts in another column than the two or more keys below it,
    which the parser reports at the second: the first key's index and the column the others start in,
    else None."""
    mine = _KEY_LINE.match(lines[at]) if at < len(lines) else None
    first = _line_above(lines, at)
    head = _KEY_LINE.match(lines[first]) if first >= 0 else None
    parent = _line_above(lines, first) if head is not None else -1
    owner = _KEY_LINE.match(lines[parent]) if parent >= 0 else None
    if mine is None or head is None or owner is None or "-" in mine[1] + head[1] + owner[1] \
            or not len(owner[1]) < min(len(mine[1]), len(head[1])) or len(mine[1]) == len(head[1]) \
            or lines[parent][owner.end():].split("#")[0].strip():  # the key above opens the block
        return None
    below = next((i for i in range(at + 1, len(lines))
                  if lines[i].strip() and not lines[i].lstrip().startswith("#")), -1)
    sibling = _KEY_LINE.match(lines[below]) if below >= 0 else None
    if sibling is None or len(sibling[1]) != len(mine[1]):
        return None  # two keys, each in its own column: which is out of line is not known
    return first, len(mine[1]) + 1


def _key_left_of_its_block(lines: list[str], at: int) -> tuple[int, int, int] | None:
    """For a key line reported as out of place (at) whose line above is a key with its value that
    starts left of it, while the key above that starts where it does: the block's keys, one of them
    moved left (date: in the first column between two keys of a source). The moved key's index, the
    index of the key whose block it ends, and that of the key above it in the block; else None."""
    mine = _KEY_LINE.match(lines[at]) if at < len(lines) else None
    moved = _line_above(lines, at)
    left = _KEY_LINE.match(lines[moved]) if moved >= 0 else None
    sibling = _line_above(lines, moved) if left is not None and mine is not None else -1
    while sibling >= 0 and _indent(lines[sibling]) > len(mine[1]):  # the text of a key above (notes: >-)
        sibling = _line_above(lines, sibling)
    kin = _KEY_LINE.match(lines[sibling]) if sibling >= 0 else None
    if mine is None or left is None or kin is None or "-" in mine[1] + left[1] + kin[1] \
            or len(kin[1]) != len(mine[1]) or len(left[1]) >= len(mine[1]) \
            or not lines[moved][left.end():].split("#")[0].strip():  # a key opening a block of its own
        return None
    owner = next((i for i in range(sibling - 1, -1, -1) if (key := _KEY_LINE.match(lines[i])) is not None
                  and len(key[1]) < len(mine[1])), -1)
    return (moved, owner, sibling) if owner >= 0 else None


def _entry_without_dash(lines: list[str], at: int) -> str | None:
    """For a key line in the first column of a file whose entries are '- ' items (data/redirects.yaml):
    the line, which starts a new entry without its '- '; else None."""
    content = [line for line in lines[:at] if line.strip() and not line.lstrip().startswith("#")]
    found = _KEY_LINE.match(lines[at]) if at < len(lines) else None
    if not content or found is None or found[1] or not _ITEM.match(content[0]) or _indent(content[0]):
        return None
    return lines[at].strip()


def _key_columns(lines: list[str], at: int, first_line: int) -> str:
    """For a key line that starts in a column no key above it starts in (a block's keys indented
    unevenly): the keys above it could line up with, nearest first, in words; else nothing."""
    found = _KEY_LINE.match(lines[at]) if at < len(lines) else None
    if found is None or "-" in found[1]:
        return ""
    indent, options = len(found[1]), []  # (index, indent, key) of each shallower level above
    for i in range(at - 1, -1, -1):
        above = _KEY_LINE.match(lines[i])
        if above is None or options and len(above[1]) >= options[-1][1]:
            continue  # text, a comment, or a key inside a block below a key already found
        if _BLOCK_TEXT.match(lines[i][above.end():]):  # its lines below are text: none of them is a key
            options = [option for option in options if option[1] <= len(above[1])]
        options.append((i, len(above[1]), above[2]))
        if not above[1]:
            break
    if not options or any(option[1] == indent for option in options):
        return ""
    return " or with ".join(f"'{key}:' on line {i + first_line} (column {column + 1})" for i, column, key in options)


def _indent(line: str) -> int:
    """How many spaces a line starts with."""
    return len(line) - len(line.lstrip(" "))


def _continued(lines: list[str], i: int) -> bool:
    """Whether line i continues the text of the key above it (archive:https://… under notes: The
    office publishes…): it is indented further than where that key starts."""
    above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), None)
    opened = _KEY_AND_TEXT.match(above) if above is not None else None
    return opened is not None and len(lines[i]) - len(lines[i].lstrip(" ")) > len(opened[1])


def _plain_shapes(text: str) -> bool:
    """True if every line of text is one of the shapes on which libyaml and PyYAML agree (see _ENTRY)."""
    text = text.replace("\r\n", "\n")
    if _UNUSUAL.search(text):
        return False
    block = plain = -1  # the column an open block scalar or multi-line plain text must be indented past
    content = 0  # the indentation of the open block scalar's first line of text, once seen
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block >= 0:
            if not stripped:
                if content and indent > content:
                    return False
                continue
            if indent > block:
                if content and indent < content:
                    return False
                content = content or indent
                continue
            if not content:
                return False  # an empty block scalar
            block = -1
        if plain >= 0:
            if not stripped:
                continue
            if indent > plain:
                if not _PLAIN_LINE.fullmatch(stripped):
                    return False
                continue
            plain = -1
        if not stripped or stripped.startswith("#"):
            continue
        entry = _ENTRY.fullmatch(stripped)
        if entry is None or not (entry["dash"] or entry["key"]):
            return False
        column = indent + (entry.start("key") if entry["key"] else 0)
        if entry["header"]:
            block, content = column, 0
        elif entry["plain"]:
            plain = column
    return block < 0 or content > 0


# What escapes in double quotes can make and no page can hold (the file itself is checked for control characters
# before it is read): control characters, and halves of a UTF-16 pair ("\ud800")
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STARTS_WITH_REFERENCE = re.compile(r"^\s*(?:- )?([^\s:#][^:#]*):\s+(\[\[[^\]]*\]\][^#]*)$")  # notes: [[id]] is …
_BRACKETED = re.compile(r"^\s*(?:- )?[^\s:#][^:#]*:\s+(?:\[[^\]]*\]|\{[^}]*\})\s*[^\s#,\]}]")  # key: [Draft] text
# value:88 or url:https://… (no other colon but a web address's: not text, nor a web address alone)
_NO_SPACE = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*):(?!//)(?:[^\s:][^:]*|[A-Za-z]+://\S*\s*)$")
# a key line, its key's column the length of group 1: '  rating: exaggerated', 'assessment:', '  - date: 2030-05-21'
_KEY_LINE = re.compile(r"^( *(?:- +)?)([A-Za-z0-9_][\w.-]*):(?= |$)")
_BLOCK_TEXT = re.compile(r"^ +[|>][-+]?[1-9]? *(?:#.*)?$")  # what follows 'notes:' when text starts below it
_HARD_SPACE = re.compile(r"^ *(?:- )?([A-Za-z_][\w-]*):\u00a0")  # value:\u00a061.5, pasted from a word processor
_KEY_AND_TEXT = re.compile(r"^( *(?:- +)?)[^\s:#][^:]*:[ \t]+[^\s#]")  # notes: The office… (a key with its value)
_QUOTE_START = re.compile(r"^\s*(?:- )?[^\s:#'\"][^:#]*?:\s+(['\"])")  # the quote a value starts with


def _closed_early(line: str) -> tuple[int, str] | None:
    """(column, message) where a quoted value's closing quote mark comes before the line's end,
    so that the rest of the line does not fit: the text holds its own quote mark (quote: 'our
    people's internet'), or only part of it was quoted (title: "Homes" (survey))."""
    found = _QUOTE_START.match(line)
    if found is None:
        return None
    mark, at = found[1], found.end()
    while True:  # to the closing mark: in single quotes, '' stands for one '; in double, \" for "
        at = line.find(mark, at)
        if at < 0:
            return None
        if mark == "'" and line.startswith("''", at):
            at += 2
        elif mark == '"' and line[at - 1] == "\\":
            at += 1
        else:
            break
    rest = line[at + 1:].strip()
    if not rest or rest.startswith("#"):
        return None
    other, example = ('"', "quote: \"our people's internet\"") if mark == "'" else \
        ("'", "quote: 'the \"digital\" country'")
    inside = "or write '' for each ' inside single quotes" if mark == "'" else "or write \\\" for each \" inside them"
    return at + 1, (f"the text in quotes ends at this {mark}, and the rest of the line does not fit: put the whole "
                    f"text inside one pair of quotes; if it contains {mark}, use {other} around it, like {example}, "
                    + inside)


_CURLY = re.compile(r"^\s*(?:- )?[\w-]+:\s+[“‘]")  # a value that starts with a curly quote, as word processors type them


_COLON_IN_TEXT = "unexpected ':' here. If the text contains ': ', put the whole text in quotes, like title: \"Coverage: homes\""


def syntax_message(exc: yaml.MarkedYAMLError, first_line: int = 1) -> str:
    """PyYAML's complaint in an editor's words, saying what would be right."""
    problem, context = exc.problem or "", exc.context or ""
    opened = f" at line {exc.context_mark.line + first_line}" if exc.context_mark else ""
    if "while scanning a block scalar" in context:
        return ("'>' or '|' at the start of a value begins a block of text on the lines below it, and no text "
                "may follow it on its line: start the text on the next line, indented further than its key; "
                "if the text itself starts with '>' or '|', put it in quotes, like quote: \"> 90 percent\"")
    if problem == "mapping keys are not allowed here":
        return "a value cannot start with '? ': put the whole value in quotes, like title: \"? Users\""
    if problem == "mapping values are not allowed here":
        return f"{_COLON_IN_TEXT}; otherwise line this key up with the keys above it"
    if problem.startswith("expected ',' or ']'"):
        return f"the list started with '['{opened} is not closed: end it with ']'"
    if problem.startswith("expected ',' or '}'"):
        return f"the mapping started with '{{'{opened} is not closed: end it with '}}'"
    if _never_closed(exc):
        return "the quoted text started here is never closed: end it with the same quote mark"
    if problem == "expected <block end>, but found '-'":
        return ("a '- item' line where a key: value line was expected: list items go under their key "
                "(like related:), one per line, indented below it")
    if problem.startswith("expected <block end>, but found"):
        return ("this line does not fit the lines above it: keys of one record start in the same column, "
                "and text after a closing quote belongs inside the quotes")
    if problem == "could not find expected ':'":
        return ("this line has no 'key:'. Write key: value, or indent a continued text line further than "
                "its key")
    if problem == "sequence entries are not allowed here":
        return ("a '- ' after a key starts a list, which cannot follow its key on the same line: if it is text, "
                "put the whole text in quotes, like title: \"- Coverage\"; if it is a list, put each item on its "
                "own line, indented")
    if "that cannot start any token" in problem or "while scanning an alias" in context:
        char = problem.split("'")[1] if "'" in problem else "this character"
        if char == "\\t":
            return ("a tab character here: YAML allows tabs only inside quotes; replace it with a space, or "
                    "remove it at the end of a line")
        return f"a value cannot start with '{char}': put the whole value in quotes"
    if problem.startswith("found unknown escape character"):
        return ("a backslash inside double quotes starts an escape: use single quotes instead, or write "
                "\\\\ for one backslash")
    if problem == "but found another document":
        return "a '---' line starts a second document: a data file holds one, so remove the line"
    what = problem or "invalid YAML"
    return what + (f" ({context})" if context else "")


def _digits(text: str) -> str:
    """'here 61.5' for a number YAML reads some other way or not at all (061.5, 1_000, 6.15e1),
    else 'like 65 or 0.75'."""
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return "like 65 or 0.75"
    return f"here {plain(number)}" if math.isfinite(number) and abs(number) < 1e15 else "like 65 or 0.75"


def _month_and_year(text: str) -> str:
    """'; for May 2030, write 2030-05' for a month and its year typed with a point (05.2030), which
    YAML reads as the number 5.203, else nothing."""
    found = re.fullmatch(r"0([1-9])\.(\d{4})", text)
    if not found or found[2].startswith("0"):
        return ""
    return f"; for {MONTH_NAMES[int(found[1]) - 1]} {found[2]}, write {found[2]}-0{found[1]}"


def _tag(tag: str) -> str:
    """A tag as written in YAML: tag:yaml.org,2002:x → !!x."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    """Turns a composed node tree into Python values, recording positions."""

    def __init__(self, doc: Doc, problems: list[Problem], first_line: int, lines: list[str]) -> None:
        self.doc = doc
        self.lines = lines
        self.problems = problems
        self.offset = first_line - 1
        self.constructor = yaml.SafeLoader("")

    def pos(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: Node, loc: Loc) -> Any:
        self.doc.positions[loc] = self.pos(node)
        if not isinstance(node, ScalarNode) and node.tag not in PLAIN_TAGS:
            line, col = self.pos(node)
            self.doc.unreadable.add(loc)
            self.problems.append(Problem(self.doc.path, line, col, f"tags like '{_tag(node.tag)}' are not "
                                                                   "allowed in data files; remove the tag"))
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def note_comment(self, node: ScalarNode, loc: Loc) -> None:
        """Remember where a comment follows unquoted text on its line: the text may have been cut there."""
        end = node.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        if rest.lstrip().startswith("#"):
            self.doc.cut[loc] = (end.line + 1 + self.offset, end.column + len(rest) - len(rest.lstrip()) + 1)

    def mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = self.pos(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(self.doc.path, line, col, "keys must be plain words, like "
                                             "title: or source:; write one key: value per line"))
                continue
            if self.not_text(key_node):
                continue
            key = str(key_node.value)
            if key in result:
                first = self.doc.key_positions[loc + (key,)]
                self.problems.append(Problem(self.doc.path, line, col,
                                             f"duplicate key '{key}' (first at line {first[0]}); "
                                             "each key may appear once" + self.new_entry(loc, line)))
                continue
            self.doc.key_positions[loc + (key,)] = (line, col)
            result[key] = self.build(value_node, loc + (key,))
        return result

    def new_entry(self, loc: Loc, line: int) -> str:
        """For a duplicate key in a list's entry on the first line after a blank one: how to start a new
        entry there (a redirect typed without its '- '); else nothing."""
        at = line - 1 - self.offset
        if not loc or not isinstance(loc[-1], int) or not 0 < at < len(self.lines) or self.lines[at - 1].strip() \
                or self.lines[at].lstrip().startswith("-"):
            return ""
        return (f"; if this line starts a new entry, write '- ' before it, as the entries above have: "
                f"'- {self.lines[at].strip()}'")

    def note_span(self, node: ScalarNode, loc: Loc) -> None:
        """Remember the source of a text typed over several lines, to place a problem on its own line:
        from the line after a block's '|' or '>' header (whose comment or digit is not the text), or
        from the text's first character, to its last."""
        start, end = node.start_mark, node.end_mark
        line, col = (start.line + 1, 0) if node.style in ("|", ">") else (start.line, start.column)
        lines = self.lines[line:end.line + 1]
        if lines and end.line < len(self.lines):
            lines[-1] = lines[-1][:end.column]
        self.doc.spans[loc] = (line + 1 + self.offset, col + 1, "\n".join(lines)[col:])

    def not_text(self, node: ScalarNode) -> bool:
        """True, with a problem, for text in which a double-quoted escape makes what no page can hold: a
        control character (\\x00, \\a, \\e…) or half of a character (\\ud800 to \\udfff)."""
        found = _NOT_TEXT.search(node.value)
        if found is None:
            return False
        line, col = self.pos(node)
        if "\ud800" <= found[0] <= "\udfff":
            message = ("an escape in this text, from \\ud800 to \\udfff, is half of a character, which cannot "
                       "stand alone: type the character itself, or write it as one escape of eight digits, like "
                       "\\U0001F600")
        else:
            message = (f"an escape in this text makes the invisible control character U+{ord(found[0]):04X}, "
                       "which no page can show: remove the escape")
        self.problems.append(Problem(self.doc.path, line, col, message))
        return True

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if self.not_text(node):
            self.doc.unreadable.add(loc)
            return ""
        if node.end_mark.line > node.start_mark.line and node.tag == "tag:yaml.org,2002:str":
            self.note_span(node, loc)
        if not node.style and node.value and node.tag == "tag:yaml.org,2002:str":  # plain: None or "" (libyaml)
            self.note_comment(node, loc)
        text_number = node.tag == "tag:yaml.org,2002:str" and not node.style and _PLAIN_NUMBER.fullmatch(node.value)
        if node.tag == "tag:yaml.org,2002:int" and _LEADING_ZERO.fullmatch(node.value):
            return node.value  # 0101, 0000: YAML 1.1's octal; as text, as 088 is, for the field's own message
        if node.tag in _NUMBER_TAGS and not _PLAIN_NUMBER.fullmatch(node.value) or text_number:
            line, col = self.pos(node)  # YAML 1.1 reads 0x41 as 65, 1:30 as 90, 1_000 as 1000, 6.15e1 as text
            self.doc.unreadable.add(loc)
            self.problems.append(Problem(self.doc.path, line, col, f"cannot read '{node.value}': write a number "
                                                                   f"in plain digits, {_digits(node.value)}, or text in "
                                                                   f"quotes{_month_and_year(node.value)}"))
            return node.value
        if not node.style and node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            self.doc.typed[loc] = node.value  # for messages: "got 'no'", not "got false"
        if node.tag == "tag:yaml.org,2002:binary":  # base64 read as bytes, which then passed as text: hidden words
            line, col = self.pos(node)
            self.doc.unreadable.add(loc)
            self.problems.append(Problem(self.doc.path, line, col, f"cannot read '{node.value}': tags like '!!binary' "
                                                                   "are not allowed in data files; write the text "
                                                                   "itself, without the tag"))
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, KeyError, AttributeError, yaml.YAMLError) as exc:
            line, col = self.pos(node)
            if isinstance(exc, (KeyError, AttributeError)):  # !!bool maybe, !!timestamp soon: the tag's reader fails
                detail = f"the tag '{_tag(node.tag)}' does not fit it; remove the tag"
            elif node.tag == "tag:yaml.org,2002:timestamp" and node.value.startswith("0000"):
                detail = "it is not a date that exists (there is no year 0): write YYYY-MM-DD, like 2024-05-15"
            elif node.tag == "tag:yaml.org,2002:timestamp":
                detail = ("it is not a date that exists: write YYYY-MM-DD, with a month from 01 to 12 and a day "
                          "the month has")
            elif isinstance(exc, yaml.constructor.ConstructorError):
                detail = (f"tags like '{_tag(node.tag)}' are not allowed in data files; remove the tag, or "
                          "put the value in quotes if it starts with '!'")
            else:
                detail = str(exc).splitlines()[0] if str(exc) else "unreadable value"
            self.doc.unreadable.add(loc)
            self.problems.append(Problem(self.doc.path, line, col,  # '!share' alone: the tag, its value empty
                                         f"cannot read '{node.value or _tag(node.tag)}': {detail}"))
            return node.value
        if not node.style and node.tag in _NUMBER_TAGS and str(value) != node.value:
            self.doc.typed[loc] = node.value  # for messages: "got 10.2030" (a month typed with a point), not 10.203
        return value
