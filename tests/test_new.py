"""`build.py new`: a skeleton that says what each field means and fails clearly until it is filled in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from bakuclaims import scaffold
from bakuclaims.models import FACT_KINDS, Event, Metric, Person, Source
from conftest import REPO, run_build

# What an editor would write in place of each TODO, by field name (ids exist in the mini project).
FILLED = {
    "title": "Homes that can connect, new survey", "speaker": "ada-example", "event": "expo-2030",
    "said_on": "2030-03-01", "source": "example-news", "producer": "Example Statistics Office",
    "independent": "true", "confidence": "seen", "name": "Example Summit 2031", "short_name": "Summit 2031",
    "start": "2031-05-01", "end": "2031-05-02", "city": "Exampleton", "country": "Exampleland",
    "organiser": "Example Organisers", "publisher": "Example Gazette", "rating": "accurate",
    "summary": "The survey agrees with [[coverage-survey]].", "gets_right": "The share.",
    "leaves_out": "Nothing that matters here.", "measures": "Homes that can connect.", "date": "2030-03-02",
    "text": "The title named the wrong survey.",
}
BLOCK_LINE = re.compile(r"^# (assessment:|corrections:| {2})")  # lines of a commented-out optional block


def new(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `build.py new ...` with stdin that is not a terminal."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), "new", *args, "--root", str(project)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def todo_lines(path: Path, after: int = 1) -> list[int]:
    """Line numbers (from line `after` on) where a field still reads TODO, outside comments."""
    lines = path.read_text().split("\n")
    return [n for n, line in enumerate(lines, start=1)
            if n >= after and not line.lstrip().startswith("#") and "TODO" in line]


def fill(path: Path, uncomment_blocks: bool = False) -> None:
    """Replace every TODO as an editor would; optionally switch the commented-out blocks on first."""
    lines = path.read_text().split("\n")
    if uncomment_blocks:
        lines = [line[2:] if BLOCK_LINE.match(line) else line for line in lines]
    filled = [re.sub(r"^(\s*(?:- )?)(\w+): TODO$", lambda m: f"{m[1]}{m[2]}: {FILLED[m[2]]}", line)
              for line in lines]
    path.write_text("\n".join(filled))


def make_all_four(project: Path) -> dict[str, int]:
    """A new claim, context figure, event and source; the line each record starts on, by file."""
    written = {}
    for args in (["fact", "--id", "new-claim", "--kind", "claim"],
                 ["fact", "--id", "new-context", "--kind", "context"],
                 ["event", "--id", "summit-2031"], ["source", "--id", "example-gazette"]):
        result = new(project, *args)
        assert result.returncode == 0, result.stderr
        where = re.search(r"Wrote (\S+):(\d+):", result.stdout)
        assert where, result.stdout
        written[where[1]] = int(where[2])
    return written


def test_a_fresh_skeleton_names_each_unfilled_field_at_its_line(project: Path) -> None:
    written = make_all_four(project)
    assert set(written) == {"data/facts/new-claim.yaml", "data/facts/new-context.yaml", "data/events.yaml",
                            "data/sources.yaml"}
    result = run_build(project, "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line and ":" in line
              and not line.startswith("Build failed")]
    expected = [f"{path}:{line}:" for path, start in written.items() for line in todo_lines(project / path, start)]
    assert len(expected) == 5 + 5 + 8 + 2  # claim, context, event, source: each required field
    for place in expected:
        [message] = [e for e in errors if e.startswith(place)]  # exactly one message per field
        assert "is still TODO: replace it with the real value" in message
    assert len(errors) == len(expected)  # and nothing else: no second message in schema words
    assert "said_on is still TODO: replace it with the real value. When the claim was made, YYYY-MM-DD." \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_a_filled_in_skeleton_passes_check_and_builds(project: Path) -> None:
    written = make_all_four(project)
    for path in written:
        fill(project / path, uncomment_blocks=path.endswith("new-claim.yaml"))
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert "OK: 6 facts" in result.stdout
    built = run_build(project)
    assert built.returncode == 0, built.stderr
    claim = (project / "site" / "facts" / "new-claim" / "index.html").read_text()
    assert "Homes that can connect, new survey" in claim and "The title named the wrong survey." in claim
    assert (project / "site" / "events" / "summit-2031" / "index.html").is_file()


def test_a_new_speaker_and_a_new_metric_have_skeletons_too(project: Path) -> None:
    """An editor adding a claim by a new speaker, or on a new measure, copied the entry from FIELDS.md
    (what a new editor's walkthrough found): `new person` and `new metric` write it, as `new event` does,
    in data/people.yaml and data/metrics.yaml; each required field fails the check at its line until
    filled in, and a taken id is refused."""
    written = {}
    for what, new_id in (("person", "new-speaker"), ("metric", "new-measure")):
        result = new(project, what, "--id", new_id)
        assert result.returncode == 0, result.stderr
        where = re.search(r"Wrote (\S+):(\d+):", result.stdout)
        written[where[1]] = int(where[2])
        assert (project / where[1]).read_text(encoding="utf-8").split("\n")[int(where[2]) - 1] == f"{new_id}:"
    assert set(written) == {"data/people.yaml", "data/metrics.yaml"}
    result = run_build(project, "check")
    errors = [line for line in result.stderr.splitlines() if "is still TODO" in line]
    expected = [f"{path}:{line}:" for path, start in written.items() for line in todo_lines(project / path, start)]
    assert len(expected) == 2 + 4 and all(any(e.startswith(place) for e in errors) for place in expected), errors
    values = {"name": "Example Speaker", "role": "Example Minister", "measures": "Homes that can connect",
              "of_whom": "all homes in Exampleland", "unit": "percent"}
    for path, start in written.items():
        lines = (project / path).read_text(encoding="utf-8").split("\n")
        lines[start:] = [re.sub(r"^(\s+)(\w+): TODO$", lambda m: f"{m[1]}{m[2]}: {values[m[2]]}", line)
                         for line in lines[start:]]
        (project / path).write_text("\n".join(lines), encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    for what, taken, place in (("person", "ada-example", "data/people.yaml:"), ("metric", "coverage", "data/metrics.yaml:")):
        result = new(project, what, "--id", taken)
        assert result.returncode == 1 and f"{what} '{taken}' already exists: {place}" in result.stderr, result.stderr


def test_a_taken_id_is_refused_naming_where_it_is(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")}
    for args, place in ((["fact", "--id", "coverage-claim", "--kind", "claim"], "data/facts/coverage-claim.yaml:1"),
                        (["event", "--id", "expo-2030"], "data/events.yaml:1"),
                        (["source", "--id", "example-stats"], "data/sources.yaml:6")):
        result = new(project, *args)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert "already exists" in result.stderr and place in result.stderr
    assert {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")} == before


def test_a_registry_that_is_not_utf8_is_refused_naming_where_as_check_does(project: Path) -> None:
    """A code audit: `new source` on a sources file with a byte that is not UTF-8 ended in 'Internal error:
    UnicodeDecodeError', where `check` names the file, line and column."""
    sources = project / "data/sources.yaml"
    sources.write_bytes(sources.read_bytes() + b"# caf\xe9\n")
    before = sources.read_bytes()
    result = new(project, "source", "--id", "new-source")
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "Internal error" not in line and line.startswith("Not written: data/sources.yaml cannot be read (data/sources.yaml:")
    assert "not valid UTF-8" in line and line.endswith("fix it, then add the source")
    assert sources.read_bytes() == before


@pytest.mark.parametrize("bad, meant", [("Coverage-2030", "coverage-2030"), ("coverage_2030", "coverage-2030"),
                                       ("coverage--2030", "coverage-2030"), ("coverage-", "coverage"),
                                       ("New Claim", "new-claim"), ("new claim!", None),
                                       ("coverage-2030.yaml", "coverage-2030"), ("Coverage 2030.YML", "coverage-2030"),
                                       ("Əliyev claim", "aliyev-claim"), ("Çağlar Ürün", "chaglar-urun"),
                                       ("Москва", None),  # no letters a-z to write it in
                                       ("Coverage " + "X" * 80, None)])  # no id it could be: too long for one
def test_an_id_that_is_not_lowercase_kebab_is_refused_with_the_id_it_could_be(project: Path, bad: str,
                                                                              meant: str | None) -> None:
    """As a misnamed fact file is told its name; it was given only the rule and an unrelated example
    (and for a name with Azerbaijani or accented letters, until they were written in a-z; for the
    file's name, x.yaml, 'x-yaml')."""
    before = sorted(p.name for p in (project / "data" / "facts").iterdir())
    result = new(project, "fact", "--id", bad, "--kind", "claim")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"Not written: '{bad}' is not a valid id: use lowercase letters, digits "
                                     "and single hyphens, like " + (f"'{meant}'" if meant else "'fibre-coverage-2025'"))
    assert sorted(p.name for p in (project / "data" / "facts").iterdir()) == before


def test_without_a_terminal_missing_flags_are_named(project: Path) -> None:
    result = new(project, "fact", "--id", "new-claim")
    assert result.returncode == 2 and "--kind is required" in result.stderr
    result = new(project, "event")
    assert result.returncode == 2 and "--id is required" in result.stderr
    assert "e.g. --id wtdc-25" in result.stderr, "an event's example is an event's id, not a fact's"
    assert not (project / "data" / "facts" / "new-claim.yaml").exists()


def test_in_a_terminal_it_asks_until_the_answers_are_usable(project: Path) -> None:
    pytest.importorskip("pty")
    controller, terminal = os.openpty()
    try:
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "new", "fact", "--root", str(project)],
                                   stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        os.write(controller, b"New Claim\nnew-claim\nfigure\ncontext\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    assert process.returncode == 0, err
    assert "is not a valid id" in out and "answer claim or context" in out
    assert "kind: context" in (project / "data" / "facts" / "new-claim.yaml").read_text()


@pytest.mark.parametrize("model,text", [(FACT_KINDS["claim"], scaffold.fact_skeleton("claim")),
                                        (FACT_KINDS["context"], scaffold.fact_skeleton("context")),
                                        (Event, scaffold.entry_skeleton(Event, "x")),
                                        (Source, scaffold.entry_skeleton(Source, "x")),
                                        (Person, scaffold.entry_skeleton(Person, "x")),
                                        (Metric, scaffold.entry_skeleton(Metric, "x"))])
def test_every_field_of_the_model_is_in_the_skeleton_with_a_comment(model: type[BaseModel], text: str) -> None:
    lines = text.split("\n")
    for name, info in model.model_fields.items():
        at = [i for i, line in enumerate(lines) if re.match(rf"^[#\s-]*{name}:", line)]
        assert at, f"{name} missing"
        assert lines[at[0] - 1].lstrip("# -").strip(), f"{name} has no comment above it"
        nested = scaffold._nested(info.annotation)[0]
        for sub in (nested.model_fields if nested else ()):
            assert any(re.match(rf"^#\s+(- )?{sub}:", line) for line in lines), f"{name}.{sub} missing"


@pytest.mark.parametrize("kind", ["claim", "context"])
def test_no_skeleton_comment_says_the_same_thing_twice(kind: str) -> None:
    comments = re.split(r"\n(?!# )", scaffold.fact_skeleton(kind))  # a comment runs over its '# ' lines
    for comment in comments:
        text = " ".join(line.lstrip("# ").strip() for line in comment.split("\n") if line.startswith("#"))
        values = re.findall(r"about, nearly|2024, 2024-05 or 2024-05-15", text)
        assert len(values) <= 1, text


def test_a_context_skeleton_puts_the_period_in_words_just_below_its_date() -> None:
    """as_of_words goes with as_of (it needs it and names its year); the skeleton wrote it after
    quote, four keys below, where an editor filling in the date would not see it."""
    keys = re.findall(r"^([a-z_]+):", scaffold.fact_skeleton("context"), re.MULTILINE)
    assert keys[keys.index("as_of") + 1] == "as_of_words"


def test_a_context_skeleton_calls_itself_a_context_figure_as_the_guide_does() -> None:
    assert scaffold.fact_skeleton("context").split("\n")[1].startswith("# A context figure: an independent or ")
    assert scaffold.fact_skeleton("claim").split("\n")[1].startswith("# A claim: something a named person said")


@pytest.mark.parametrize("kind, says", [("claim", "Expected: the check warns without it"), ("context", "Optional.")])
def test_a_skeleton_says_whether_the_check_warns_without_a_quote(kind: str, says: str) -> None:
    """A claim without a quote is warned of, which fails a pull request's check; the claim
    skeleton called its quote optional (found by a new editor's walkthrough of EDITING.md)."""
    text = scaffold.fact_skeleton(kind)
    above = text[:text.index("\nquote:")].split("\n")[-2:]  # the comment's last two lines
    assert says in " ".join(line.lstrip("# ") for line in above)
