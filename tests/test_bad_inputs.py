"""The bad-input corpus: every mistake an editor can make gets one exact, located line, and the site stays as it was.

Each case is one file in tests/bad_inputs/, listed in tests/bad_inputs/cases.toml with the place it goes in
a scratch project and the exact `path:line:col: message` line the build must print. Hostile-text cases
([html] in the manifest) must build, and no executable markup may reach any page.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, make_project, run_build
from helpers import text_of, tree_digest

CORPUS = REPO / "tests" / "bad_inputs"
MANIFEST = CORPUS / "cases.toml"
CASES: dict[str, dict[str, Any]] = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
ERRORS = sorted(name for name, case in CASES.items() if not case.get("html"))
HOSTILE = sorted(name for name, case in CASES.items() if case.get("html"))
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: ")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


class Template:
    """The fixture project, built once: its site's digest and the scripts the site itself ships."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.digest = tree_digest(root / "site")
        self.own_scripts = {tag for _, html in html_pages(root / "site") for tag in script_tags(html)}
        self.own_active = {page: active_markup(html) for page, html in html_pages(root / "site")}  # its redirect's refresh

    def copy(self, destination: Path) -> Path:
        """A scratch copy with the built site/ and the warm chart cache."""
        return Path(shutil.copytree(self.root, destination))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root = make_project(tmp_path_factory.mktemp("corpus") / "project")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return Template(root)


def case_bytes(name: str) -> bytes:
    """The case file's bytes, repeated when the manifest says so (the too-large-file case)."""
    return (CORPUS / name).read_bytes() * CASES[name].get("repeat", 1)


def html_pages(site: Path) -> list[tuple[str, str]]:
    """Every HTML page of a built site with its source."""
    return [(p.relative_to(site).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))]


def script_tags(html: str) -> list[str]:
    """Every opening <script> tag in a page."""
    return re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)


class _Active(HTMLParser):
    """Attributes a browser would run or follow: on* handlers and javascript:/data: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value}>")
            if tag in ("iframe", "object", "embed", "form", "base", "meta") and name in URL_ATTRIBUTES | {"http-equiv"}:
                if tag != "meta" or (value or "").lower() == "refresh":
                    self.found.append(f"<{tag} {name}={value}>")


def active_markup(html: str) -> list[str]:
    """Event handlers and script URLs in a page; none may come from the inputs."""
    parser = _Active()
    parser.feed(html)
    return parser.found


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in CORPUS.iterdir() if p.name != MANIFEST.name}
    assert on_disk == set(CASES), "every case file needs a manifest entry, and every entry a file"
    assert len(ERRORS) >= 40
    for name in ERRORS:
        case = CASES[name]
        assert case["expect"].startswith(case["target"] + ":") or name.startswith("derived-input"), name


@pytest.mark.parametrize("name", ERRORS)
def test_bad_input_gets_one_exact_line_and_leaves_the_site_alone(template: Template, tmp_path: Path,
                                                                  name: str) -> None:
    case = CASES[name]
    project = template.copy(tmp_path / "project")
    target = project / case["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case_bytes(name))
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Internal error" not in output, output
    problems = [line for line in result.stderr.splitlines() if PROBLEM_LINE.match(line)]
    assert case["expect"] in problems, "\n".join(problems)
    assert len(problems) == case.get("lines", 1), "\n".join(problems)
    assert tree_digest(project / "site") == template.digest, "a failed build changed site/"


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_builds_into_harmless_pages(template: Template, tmp_path: Path, name: str) -> None:
    case = CASES[name]
    project = template.copy(tmp_path / "project")
    (project / case["target"]).write_bytes(case_bytes(name))
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    pages = html_pages(project / "site")
    for page, html in pages:
        assert set(script_tags(html)) <= template.own_scripts, (page, set(script_tags(html)) - template.own_scripts)
        assert active_markup(html) == template.own_active.get(page, []), page
    shown = dict(pages)[case["page"]]
    assert case["marker"] in text_of(shown.split("<body", 1)[1]), f"the text did not reach {case['page']}"


def test_a_metric_split_in_two_is_not_offered_one_of_them(template: Template, tmp_path: Path) -> None:
    """The metric 'coverage' split into 'coverage-national' and 'coverage-baku', its facts still naming it:
    each was asked "did you mean 'coverage-baku'?", Baku's homes for the country's. A metric is offered
    only for a slip of the keys; here the metrics whose ids begin with it are listed, to choose from."""
    project = template.copy(tmp_path / "project")
    metrics = project / "data/metrics.yaml"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace("coverage:", "coverage-national:")
                       + "coverage-baku:\n  name: Coverage, share of homes in Baku\n  measures: Homes that can connect\n"
                         "  of_whom: all homes in Baku\n  unit: percent\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    listed = ("unknown metric 'coverage'; the metrics whose ids begin with it are 'coverage-baku' and "
              "'coverage-national': write the one that measures this figure, or, if none does, add the metric to "
              "data/metrics.yaml first")
    assert [line for line in result.stderr.splitlines() if PROBLEM_LINE.match(line)] == [
        f"data/facts/coverage-claim.yaml:3:9: {listed}", f"data/facts/coverage-survey.yaml:3:9: {listed}"]
    assert tree_digest(project / "site") == template.digest
