"""EDITING.md and FIELDS.md tell the truth: their examples build into pages showing their values, the guide's
sample error is real, the reference names every field, and the guide stays short."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from bakuclaims import models
from conftest import REPO, make_project, run_build
from helpers import text_of

GUIDE = REPO / "EDITING.md"
REFERENCE = REPO / "FIELDS.md"  # every field and its checks, with the examples the guide leaves out
SHORT = 2000  # words: the guide is read in one sitting; the details go in the reference
EXAMPLE = re.compile(r"<!-- example: (new file|add to) (\S+) -->\n```(?:yaml|markdown)\n(.*?)```", re.DOTALL)
# The real data/sources.yaml has the editors' own source for arithmetic, which the guide tells editors to cite;
# the scratch project stands in for it with this entry.
EDITORS_SOURCE = "editors-derivation"


def examples() -> list[tuple[str, str, str]]:
    """Every (how, path, text) example in the guide, then in the reference, in order."""
    return [example for doc in (GUIDE, REFERENCE) for example in EXAMPLE.findall(doc.read_text(encoding="utf-8"))]


def apply_examples(root: Path) -> None:
    """Write every example into the project: new files as they stand, registry entries appended."""
    sources = root / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + f"\n{EDITORS_SOURCE}:\n  publisher: The editors\n"
                       "  title: Arithmetic from the facts named on each page\n  notes: Computed by the build.\n",
                       encoding="utf-8")
    for how, relative, text in examples():
        path = root / relative
        if how == "new file":
            assert not path.exists(), f"{relative} already exists in the scratch project"
            path.write_text(text, encoding="utf-8")
        else:
            assert path.exists(), f"{relative} is not a registry"
            path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project with every example of the guide added, built."""
    root = make_project(tmp_path_factory.mktemp("editing") / "project")
    apply_examples(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, f"the guide's examples should be warning-free:\n{result.stderr}"
    return root


def page_text(root: Path, path: str) -> str:
    """The visible text of one built page."""
    return text_of((root / "site" / path).read_text(encoding="utf-8"))


def test_the_guide_has_an_example_of_everything_it_teaches() -> None:
    paths = {path for _, path, _ in examples()}
    assert {"data/sources.yaml", "data/people.yaml", "data/metrics.yaml", "data/events.yaml"} <= paths
    assert {"data/facts/example-claim.yaml", "data/facts/example-context.yaml"} <= paths
    assert any(p.startswith("content/") for p in paths)
    assert any("confidence: derived" in text for _, _, text in examples())


def test_the_real_site_has_the_source_the_guide_tells_editors_to_cite_for_arithmetic() -> None:
    assert EDITORS_SOURCE in yaml.safe_load((REPO / "data" / "sources.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, shows", [
    ("facts/example-claim/index.html", ["Households that can order a fibre connection", "nearly 90%",
                                        "nearly 90 per cent of households can now order fibre", "Sam Example",
                                        "Rating: Exaggerated", "The quote now reads as the release has it."]),
    ("facts/example-fibre-plan/index.html", ["Not rated", "A goal, not a result",
                                             "The household survey had found 71.5%"]),
    ("facts/example-context/index.html", ["71.5%", "Example Statistics Office"]),
    ("facts/example-fibre-claim/index.html", ["This page has moved", "according to Sam Example"]),
    ("facts/example-fibre-households/index.html", ["1.43 million"]),
    ("events/example-summit-2030/index.html", ["Example Digital Summit 2030", "Exampleton",
                                               "Sam Example, Deputy Minister of Examples, said that nearly 90%",
                                               "survey found 71.5%",
                                               "A plan to bring fibre to every village", "Not rated"]),
    ("people/example-deputy-minister/index.html", ["Sam Example", "Deputy Minister of Examples"]),
    ("metrics/example-fibre-coverage/index.html", ["Fibre coverage, share of households", "nearly 90%", "71.5%"]),
])
def test_examples_build_into_pages_showing_their_values(built: Path, path: str, shows: list[str]) -> None:
    text = page_text(built, path)
    for expected in shows:
        assert expected in text, f"{expected!r} not on {path}"


def test_example_facts_satisfy_the_published_schema() -> None:
    schema = json.loads((REPO / "schemas" / "fact.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    facts: dict[str, str] = {}
    for _, path, text in examples():  # a fact's file as the guide builds it up: new, then added to
        if path.startswith("data/facts/"):
            facts[path] = facts.get(path, "") + text
    assert any("assessment:" in text for text in facts.values()), "the assessment example is checked too"
    for path, text in facts.items():
        data = as_json(yaml.safe_load(text))
        assert [e.message for e in validator.iter_errors(data)] == [], path


def as_json(value: object) -> object:
    """YAML's values as JSON has them: dates, at any depth, as text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_every_example_fact_starts_with_the_schema_line() -> None:
    for how, path, text in examples():
        if path.startswith("data/facts/") and how == "new file":
            assert text.startswith("# yaml-language-server: $schema=../../schemas/fact.schema.json\n"), path


def test_the_sample_error_in_the_guide_is_what_the_build_prints(tmp_path: Path) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    sample = re.search(r"```text\n(.*?)\n(.*?)\n```", guide, re.DOTALL)
    assert sample is not None
    line, summary = sample.groups()
    root = make_project(tmp_path / "project")
    apply_examples(root)
    context = root / "data" / "facts" / "example-context.yaml"
    context.write_text(context.read_text(encoding="utf-8").replace("value: 71.5\n", "value: 71.5%\n"),
                       encoding="utf-8")
    result = run_build(root, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [line, summary]


def test_the_readme_points_editors_to_the_guide() -> None:
    assert "(EDITING.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_points_editors_to_the_reference() -> None:
    assert "(FIELDS.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_guide_stays_short() -> None:
    words = len(GUIDE.read_text(encoding="utf-8").split())
    assert words <= SHORT, f"EDITING.md has {words} words; move details to FIELDS.md"


@pytest.mark.parametrize("section, records", [
    ("Claims", [models.Claim, models.Assessment, models.Correction]),
    ("Context figures", [models.Context, models.Derivation]),
    ("Sources", [models.Source]),
    ("People", [models.Person]),
    ("Metrics", [models.Metric]),
    ("Events", [models.Event]),
    ("Charts", [models.ChartDef]),
    ("Summaries", [models.Page]),
    ("Redirects", [models.Redirect]),
])
def test_the_reference_names_every_field_in_its_section(section: str, records: list[type[BaseModel]]) -> None:
    text = sections(REFERENCE)[section]
    for model in records:
        for name, field in model.model_fields.items():
            key = field.alias or name
            assert f"`{key}`" in text or f"{key}:" in text, f"FIELDS.md, {section!r}, does not name {key!r}"


def test_links_between_the_guide_and_the_reference_lead_to_headings() -> None:
    for doc in (GUIDE, REFERENCE):
        for target, anchor in re.findall(r"\]\(((?:EDITING|FIELDS)\.md)?#([^)]+)\)", doc.read_text(encoding="utf-8")):
            assert anchor in sections(REPO / target if target else doc, slugs=True), f"{doc.name}: #{anchor}"


def sections(doc: Path, slugs: bool = False) -> dict[str, str]:
    """A Markdown file's text under each heading (its subheadings' too, up to the next heading of its
    level or above), by heading or by the anchor GitHub gives it; headings in code blocks skipped."""
    text = re.sub(r"^```.*?^```", "", doc.read_text(encoding="utf-8"), flags=re.M | re.S)
    headings = list(re.finditer(r"^(#{1,6}) (.+)$", text, re.M))
    found: dict[str, str] = {}
    for i, heading in enumerate(headings):
        level = len(heading.group(1))
        end = next((h.start() for h in headings[i + 1:] if len(h.group(1)) <= level), len(text))
        name = heading.group(2).strip()
        if slugs:
            name = re.sub(r"[^\w\- ]", "", name.lower()).replace(" ", "-")
        found[name] = text[heading.end():end]
    return found
