"""JSON Schemas for editors' tools: generated from the models, committed, served, and true of the data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from bakuclaims.models import REGISTRIES
from bakuclaims.schema import FOLDER, schema_files, schemas, stale
from conftest import REPO, make_project, run_build

DATA = REPO / "data"
DATA_FILES = sorted(DATA.glob("*.yaml")) + sorted((DATA / "facts").glob("*.yaml"))
HEADER = "# yaml-language-server: $schema="


def schema_for(path: Path) -> str:
    """The schema file a data file is checked against."""
    return "fact.schema.json" if path.parent.name == "facts" else f"{path.stem}.schema.json"


def as_editor_tools_read(value: Any) -> Any:
    """YAML values as the YAML language server sees them: YAML 1.2 has no date type, so dates are text."""
    if isinstance(value, dict):
        return {str(k): as_editor_tools_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_tools_read(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def validator(name: str) -> Draft202012Validator:
    """A validator for one committed schema, checking formats such as 'date' too."""
    schema = json.loads((REPO / FOLDER / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(name: str, data: Any) -> list[str]:
    """Every schema error for data, as 'where: message'."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]


def test_there_is_a_schema_for_every_kind_of_data_file() -> None:
    assert set(schemas()) == {"fact", "page", "redirects", *REGISTRIES}


def test_committed_schemas_are_what_the_models_generate() -> None:
    assert stale(REPO / FOLDER) == [], "schemas/ is out of date: run python -m bakuclaims.schema"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_data_file_names_its_schema_on_the_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(HEADER), f"{path.name} must start with '{HEADER}...'"
    target = (path.parent / first.removeprefix(HEADER)).resolve()
    assert target == (REPO / FOLDER / schema_for(path)).resolve()
    assert target.is_file()


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_data_file_satisfies_its_schema(path: Path) -> None:
    data = as_editor_tools_read(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert errors(schema_for(path), data) == []


@pytest.mark.parametrize("path", sorted((REPO / "content").glob("*.md")), ids=lambda p: p.name)
def test_front_matter_satisfies_the_page_schema(path: Path) -> None:
    front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
    assert errors("page.schema.json", as_editor_tools_read(yaml.safe_load(front))) == []


def test_every_field_has_a_description_for_hover_help() -> None:
    missing = []
    for name, schema in schemas().items():
        for model_name, model in schema.get("$defs", {"": schema}).items():
            missing += [f"{name}: {model_name}.{field}" for field, spec in model.get("properties", {}).items()
                        if not spec.get("description")]
    assert missing == []


@pytest.mark.parametrize("name, data, expected", [
    ("fact.schema.json", {"kind": "claims"}, "'claims' is not one of ['claim', 'context']"),
    ("fact.schema.json", {"kind": "context", "title": "t", "source": "s", "producer": "p", "independent": True,
                          "confidence": "seen", "vaule": 3}, "'vaule' was unexpected"),
    ("fact.schema.json", {"kind": "claim", "title": "t", "source": "s", "speaker": "p", "event": "e",
                          "said_on": "2030-02-30"}, "'2030-02-30' is not a 'date'"),
    ("fact.schema.json", {"kind": "claim", "title": "t", "source": "s", "speaker": "p", "event": "e",
                          "said_on": "2030-02-01", "not_rated": "A goal.",
                          "assessment": {"rating": "accurate", "summary": "s", "gets_right": "g", "leaves_out": "l",
                                         "measures": "m", "date": "2030-02-02"}}, "should not be valid under"),
    ("metrics.schema.json", {"m": {"name": "n", "measures": "m", "of_whom": "o", "unit": "percentage"}},
     "'percentage' is not one of"),
    ("sources.schema.json", {"s": {"publisher": "p", "title": "t", "url": "javascript:alert(1)"}},
     "'javascript:alert(1)' is not valid under any of the given schemas"),
    ("events.schema.json", {"Bad_Id": {}}, "'Bad_Id' does not match"),
    ("redirects.schema.json", [{"from": "/facts/old", "to": "facts/new/"}], "'/facts/old' does not match"),
    ("redirects.schema.json", [{"from": "facts/old/", "too": "facts/new/"}], "'to' is a required property"),
])
def test_schemas_catch_what_the_build_refuses(name: str, data: Any, expected: str) -> None:
    found = errors(name, data)
    assert any(expected in e for e in found), found


def test_the_built_site_serves_the_schemas(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    served = {p.name: p.read_bytes() for p in (project / "site" / FOLDER).glob("*.schema.json")}
    assert served == schema_files()
    assert served == {p.name: p.read_bytes() for p in (REPO / FOLDER).glob("*.schema.json")}
