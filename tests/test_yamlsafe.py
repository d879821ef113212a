"""libyaml reads data files faster, and an editor sees exactly what the pure-Python loader would show."""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml

from bakuclaims import yamlsafe
from conftest import REPO

YAML_FILES = sorted(p for folder in ("data", "tests/fixtures", "tests/bad_inputs") for suffix in ("*.yaml", "*.yml")
                    for p in (REPO / folder).rglob(suffix))
# Texts libyaml reads differently from PyYAML: it accepts what PyYAML refuses, or places a value elsewhere.
DIVERGENT = [
    "a:\tb\n",
    "a: [b,\tc]\n",
    "a: {b: [1? ], c: d}\n",
    "a: >#\n  text\n",
    "a: !~!python/object/apply:os.system [x]\n",
    "a: !\n",
    "a\ufeff: b\n",
    "[a: ]\n",
    "{a: 1, b: }\n",
    "a:\nb:\n?",
    "---",
    "a: x\x85b: y\n",
    "a: &x 1\nb: *x\n",
]
SHAPED = ["a: b\r\nc:\r\n  - d\r\n  - e: >-\r\n      text\r\n", "a: x\n  goes on\n\n  here\nb: [c, d] # c\n",
          "a: 'it''s'\nb: \"q\"\nc: |\n  one\n\n  two\n", "a: -5\nb: 2024-02-30\nc: x:y#z\n", "- a\n- b: c\n",
          "a: cut here #tag more\nb: [c, d]  # e\nc: x\n"]


def outcome(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """Everything parse() tells its caller, with libyaml allowed or not."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yamlsafe, "_FastLoader", None)
        doc, problems = yamlsafe.parse("x.yaml", text, 2)
    shown = [(p.line, p.col, p.message, p.warning) for p in problems]
    if doc is None:
        return None, shown
    return repr(doc.data), doc.positions, doc.key_positions, doc.unreadable, doc.cut, doc.spans, shown


def text_of(path: Any) -> str:
    """A case file's text as the loader gets it."""
    return path.read_bytes().decode("utf-8-sig", errors="replace")


@pytest.mark.skipif(not yaml.__with_libyaml__ and os.environ.get("CI") != "true",
                    reason="PyYAML built without libyaml (under CI=true this fails instead)")
@pytest.mark.parametrize("text", [pytest.param(text_of(p), id=p.relative_to(REPO).as_posix()) for p in YAML_FILES]
                         + DIVERGENT + SHAPED)
def test_libyaml_and_pure_python_give_the_same_result(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


@pytest.mark.parametrize("text", DIVERGENT)
def test_texts_libyaml_reads_differently_are_left_to_pure_python(text: str) -> None:
    assert not yamlsafe._plain_shapes(text)


@pytest.mark.parametrize("text", SHAPED)
def test_ordinary_shapes_are_read_by_libyaml(text: str) -> None:
    assert yamlsafe._plain_shapes(text)


def test_every_data_file_of_the_site_is_read_by_libyaml() -> None:
    files = sorted((REPO / "data").rglob("*.yaml"))
    assert files and [p.name for p in files if not yamlsafe._plain_shapes(text_of(p))] == []


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("text, where", [
    ("a: 1\nnotes: >-  # 61% of homes, per Trend\n  A survey:\n  61% in 2024.\nb: 2\n", (4, 3)),  # not the comment
    ("notes: |2\n    two spaces, then 61%\n    and 61% again\n", (3, 9)),  # not the header's 2
    ("notes: A survey\n  found 61%, and\n  61% again\n", (3, 3)),  # plain: the second 61%
    ('notes: "He said\n  61%"\nb: 61%\n', (2, 3)),  # quoted: within the quotes only
])
def test_a_word_in_a_text_over_lines_is_placed_where_it_was_typed(text: str, where: tuple[int, int], fast: bool,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if not fast:
        monkeypatch.setattr(yamlsafe, "_FastLoader", None)
    doc, problems = yamlsafe.parse("x.yaml", text)
    assert doc is not None and not problems
    notes = doc.data["notes"]
    last = notes.rfind("61%")
    assert doc.where_in(("notes",), notes, last) == where


def test_past_the_most_non_breaking_spaces_named_the_last_says_that_more_may_follow() -> None:
    """A file of 150 keys pasted from a word processor was named 101 of them and not told that the
    check had stopped counting: the editor retyped 101 spaces and met the rest on the next check."""
    text = "title: x\n" + "".join(f"key{n}:\u00a0value\n" for n in range(150))
    doc, problems = yamlsafe.parse("data/x.yaml", text)
    assert doc is None and len(problems) == yamlsafe.MAX_HARD_SPACES + 1
    assert all(p.message.endswith("retype the space") for p in problems[:-1])
    assert problems[-1].line == yamlsafe.MAX_HARD_SPACES + 2
    assert problems[-1].message.endswith(f"; the check names no more than {yamlsafe.MAX_HARD_SPACES + 1} in one "
                                         "file: retype the space after each colon below this line too")
    doc, problems = yamlsafe.parse("data/x.yaml", "title: x\n" + "".join(f"key{n}:\u00a0value\n" for n in range(101)))
    assert len(problems) == 101 and problems[-1].message.endswith("retype the space"), "all named: no such note"
    doc, problems = yamlsafe.parse("data/x.yaml", "title: x\n" + "".join(f"key{n}:\u00a0value\n" for n in range(100)))
    assert len(problems) == 100 and problems[-1].message.endswith("retype the space")


def test_a_file_indented_with_tabs_throughout_is_one_problem_at_its_first_tab() -> None:
    """A file typed in an editor set to indent with tabs gave one identical line per line of the file
    (27 for a claim with an assessment); a few tabs are still named one by one."""
    body = "".join(f"\tkey{n}: value\n" for n in range(27))
    doc, problems = yamlsafe.parse("data/x.yaml", "title: x\nblock:\n" + body)
    assert doc is None
    assert [(p.line, p.col, p.message) for p in problems] == [
        (3, 1, "tab characters in the indentation of 27 lines, from this one to line 29; indent with spaces "
               "(in GitHub's web editor, set Indent mode to Spaces before typing)")]
    doc, problems = yamlsafe.parse("data/x.yaml", "title: x\nblock:\n" + body[:3 * len("\tkey0: value\n")])
    assert [(p.line, p.message) for p in problems] == [
        (n, "tab character in indentation; indent with spaces") for n in (3, 4, 5)]


def test_a_key_with_a_non_breaking_space_is_named_beside_a_tab_in_the_same_file() -> None:
    """Lines pasted from a word processor can bring tabs and non-breaking spaces together: the tabs were
    named, and the non-breaking space only once they were retyped, on the next check."""
    text = "title: x\nderived:\n\tinputs: [a, b]\n\tformula:\u00a0a / b\nsource:\u00a0example-news\n"
    doc, problems = yamlsafe.parse("data/x.yaml", text)
    assert doc is None
    assert [(p.line, p.col, p.message.split(",")[0]) for p in problems] == [
        (3, 1, "tab character in indentation; indent with spaces"),
        (4, 1, "tab character in indentation; indent with spaces"),
        (4, 10, "YAML syntax error: a non-breaking space (pasted from a web page or a word processor?) follows "
                "'formula:'"),
        (5, 8, "YAML syntax error: a non-breaking space (pasted from a web page or a word processor?) follows "
               "'source:'")]


@pytest.mark.parametrize("first", ["   name: Example Expo 2030", " name: Example Expo 2030"])
def test_a_blocks_first_key_alone_out_of_line_is_named_not_the_key_below_it(first: str) -> None:
    """Where only the first key of a record was out of line, the parser stopped at the second, and the
    message told the editor to move that one, and so every other key of the record, to the first's
    column. The first is named, with the column the others share."""
    lines = ["expo-2030:", first, "  short_name: Expo 2030", "  city: Exampleton", "  country: Exampleland"]
    doc, problems = yamlsafe.parse("data/events.yaml", "\n".join(lines) + "\n")
    column = len(first) - len(first.lstrip()) + 1
    assert doc is None and [(p.line, p.col, p.message) for p in problems] == [
        (2, column, f"YAML syntax error: this key starts in column {column}, and the keys below it in column 3; "
                    "keys of one record start in the same column: move it to column 3")]
    two = "expo-2030:\n   name: Example Expo 2030\n  short_name: Expo 2030\n"  # which one is out is not known
    assert "where none of the keys above it does" in yamlsafe.parse("data/events.yaml", two)[1][0].message


def test_a_key_moved_left_in_the_middle_of_a_record_is_named_not_the_key_below_it() -> None:
    """What an editors' audit found: with one key of a record moved left (to the first column, in the
    web editor), the parser stopped at the key below it, and the message blamed that one, telling the
    editor to move it left too, and then the next. The moved key is named, with its record's column
    (moved to a column no key starts in, it was named already)."""
    lines = ["example-news:", "  publisher: Example News", "  title: Minister gives a figure", "date: 2030-03-01",
             "  url: https://news.example/minister-figure"]
    doc, problems = yamlsafe.parse("data/sources.yaml", "\n".join(lines) + "\n")
    assert doc is None and [(p.line, p.col, p.message) for p in problems] == [
        (4, 1, "YAML syntax error: 'date:' starts in column 1, which ends the block of 'example-news:' "
               "(line 1), and the lines below it are still that block's: indent it to column 3, as 'title:' "
               "on line 3 is")]
    below_text = ["headline:", "  title: The claims", "  takeaway: >-", "    Four figures.", "    Each its own.",
                  "kind: bars", "  metrics: [coverage]"]  # the key above it holds text over lines
    assert [(p.line, p.col, p.message) for p in yamlsafe.parse("data/charts.yaml", "\n".join(below_text) + "\n")[1]] \
        == [(6, 1, "YAML syntax error: 'kind:' starts in column 1, which ends the block of 'headline:' (line 1), and "
                   "the lines below it are still that block's: indent it to column 3, as 'takeaway:' on line 3 is")]
    opening = "example-news:\n  publisher: Example News\nother:\n  url: https://news.example/\n"
    assert yamlsafe.parse("data/sources.yaml", opening)[1] == [], "a key that opens a block of its own is no fault"
