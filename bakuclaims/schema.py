"""JSON Schemas for every data file kind, generated from the pydantic models the build validates with.

Editors' tools read them: VS Code (with the YAML extension) follows the
`# yaml-language-server: $schema=...` line at the top of each data file, checks
the file as it is typed and shows each field's description on hover. The
committed copy lives in schemas/ and the built site serves the same bytes at
schemas/*.schema.json.

    python -m bakuclaims.schema           rewrite schemas/*.schema.json from the models
    python -m bakuclaims.schema --check   exit 1 if schemas/ is not what the models give
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .models import FACT_KINDS, ID_PATTERN, REGISTRIES, Page, Redirect

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schemas"
REF_TEMPLATE = "#/$defs/{model}"
REGISTRY_NOTES = {
    "events": "data/events.yaml: the conferences at which claims were made, keyed by event id.",
    "people": "data/people.yaml: the people whose claims the site records, keyed by person id.",
    "sources": "data/sources.yaml: where facts were read (articles, releases, datasets), keyed by source id.",
    "metrics": "data/metrics.yaml: what numbers measure, of whom, in which unit, keyed by metric id.",
    "charts": "data/charts.yaml: charts drawn from the facts, keyed by chart id; shown in file order.",
}
ID_RULE = "lowercase letters, digits and single hyphens, like 'gsma-m360-eurasia-2024'"


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema by file stem: fact, the five registries, page (Markdown front matter) and redirects."""
    found = {"fact": fact_schema()}
    for name, model in REGISTRIES.items():
        found[name] = registry_schema(name, model)
    found["page"] = page_schema()
    found["redirects"] = redirects_schema()
    return found


def schema_files() -> dict[str, bytes]:
    """Every schema as the bytes of its file, keyed by file name (e.g. 'fact.schema.json')."""
    return dict(_schema_files())


@functools.cache
def _schema_files() -> dict[str, bytes]:
    """schema_files, made once per process: they follow from the code alone, and every build
    of the preview publishes them (11 ms)."""
    return {f"{name}.schema.json": _dump(schema) for name, schema in schemas().items()}


def fact_schema() -> dict[str, Any]:
    """A fact file: a claim or a context figure, chosen by its `kind`."""
    defs = _defs(*FACT_KINDS.values())
    kinds = list(FACT_KINDS)
    return {
        "$schema": DIALECT,
        "title": "Fact",
        "description": "One file in data/facts/; its file name is the fact's id (" + ID_RULE + "). "
                       "kind: claim is something a named person said at a named event, or in an address "
                       "sent to it; kind: context is an "
                       "official or independent figure to read claims against.",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"description": "claim or context; decides which other keys the file takes.",
                                "enum": kinds}},
        "allOf": [{"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                   "then": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}
                  for kind, model in FACT_KINDS.items()],
        "$defs": defs,
    }


def registry_schema(name: str, model: type[BaseModel]) -> dict[str, Any]:
    """A registry file: a mapping of id to record."""
    return {
        "$schema": DIALECT,
        "title": name.capitalize(),
        "description": REGISTRY_NOTES.get(name, f"data/{name}.yaml") + " Ids are " + ID_RULE + ".",
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN, "maxLength": 80},
        "additionalProperties": {"$ref": REF_TEMPLATE.format(model=model.__name__)},
        "$defs": _defs(model),
    }


def page_schema() -> dict[str, Any]:
    """The front matter of a Markdown page in content/ (between the two '---' lines)."""
    schema = Page.model_json_schema(ref_template=REF_TEMPLATE)
    return {"$schema": DIALECT, **schema,
            "description": "Front matter of a Markdown page in content/, between two '---' lines at the top. "
                           "The file name is the page's address (" + ID_RULE + "), unless the page names an event: "
                           "it is then that event's summary, shown on the event's page."}


def redirects_schema() -> dict[str, Any]:
    """data/redirects.yaml: a list of old addresses, each with the page its readers are sent to."""
    return {
        "$schema": DIALECT,
        "title": "Redirects",
        "description": "data/redirects.yaml: addresses the site once published and builds no page at any more, each "
                       "sent on to the page that holds its content now; a list of from: and to: records.",
        "type": "array",
        "items": {"$ref": REF_TEMPLATE.format(model=Redirect.__name__)},
        "$defs": _defs(Redirect),
    }


def _defs(*models: type[BaseModel]) -> dict[str, Any]:
    """The models and every model they use, as one $defs table sorted by name."""
    _, top = models_json_schema([(m, "validation") for m in models], ref_template=REF_TEMPLATE)
    return dict(sorted(top.get("$defs", {}).items()))


def _dump(schema: dict[str, Any]) -> bytes:
    """Stable, readable JSON: two-space indent, UTF-8, a final newline."""
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def stale(folder: Path) -> list[str]:
    """Names of schema files in folder that are missing, different, or no longer generated."""
    wanted = schema_files()
    differ = [n for n, body in wanted.items() if not (folder / n).is_file() or (folder / n).read_bytes() != body]
    extra = sorted(p.name for p in folder.glob("*.schema.json") if p.name not in wanted) if folder.is_dir() else []
    return sorted(differ + extra)


def write(folder: Path) -> list[str]:
    """Write every schema into folder (removing retired ones); return the names that changed."""
    changed = stale(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = schema_files()
    for name in changed:
        if name in wanted:
            (folder / name).write_bytes(wanted[name])
        else:
            (folder / name).unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, compare) the committed schemas."""
    parser = argparse.ArgumentParser(prog="python -m bakuclaims.schema", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="project folder (default: the one holding bakuclaims/)")
    parser.add_argument("--check", action="store_true", help="only report whether schemas/ is up to date")
    args = parser.parse_args(argv)
    folder = args.root.resolve() / FOLDER
    if args.check:
        names = stale(folder)
        if names:
            print(f"{FOLDER}/ is out of date ({', '.join(names)}); run: python -m bakuclaims.schema", file=sys.stderr)
            return 1
        print(f"{FOLDER}/ is up to date.")
        return 0
    changed = write(folder)
    print(f"Wrote {len(changed)} schema file(s) into {FOLDER}/." if changed else f"{FOLDER}/ was up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
