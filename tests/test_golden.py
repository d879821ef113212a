"""Golden output: the fixture project builds to exactly the committed files.

After an intended change to templates or rendering, regenerate and review the diff:

    REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import REPO, run_build

GOLDEN = REPO / "tests" / "golden" / "mini"
# Large or binary files are checked for presence only; their bytes come from pinned libraries.
PRESENCE_ONLY = (".png", "assets/vega-embed.js")
GENERATED_BY_TOOLS = ("pagefind/",  # the search index: Pagefind's own format, checked in test_publish
                      "schemas/")  # generated from the models, checked against schemas/ in test_schema
REGENERATE = ("if the change is intended, regenerate with REGENERATE_GOLDEN=1 .venv/bin/python -m pytest "
              "tests/test_golden.py and review the diff of tests/golden/")


def compared(folder: Path) -> dict[str, bytes]:
    """The files of a build that the golden copy holds byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().endswith(PRESENCE_ONLY)
            and not p.relative_to(folder).as_posix().startswith(GENERATED_BY_TOOLS)}


def test_fixture_site_matches_golden_output(project: Path) -> None:
    assert run_build(project).returncode == 0
    built = compared(project / "site")
    if os.environ.get("REGENERATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, body in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(body)
    expected = compared(GOLDEN)
    added, missing = sorted(set(built) - set(expected)), sorted(set(expected) - set(built))
    assert not added and not missing, f"files added {added} or missing {missing}; {REGENERATE}"
    changed = [name for name in built if built[name] != expected[name]]
    listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    assert not changed, f"output differs from tests/golden/mini in {listed}; {REGENERATE}"
    for name in ("assets/vega-embed.js", "charts/headline/chart.png", "pagefind/pagefind-entry.json"):
        assert (project / "site" / name).stat().st_size > 0
