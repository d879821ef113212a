"""The GitHub Pages workflow: valid, shaped like GitHub's starter, and its build commands work.

The commands test runs the build job's own `run:` steps, read from the workflow file,
in a clean copy of the repository, with a sub-path site address like the one
actions/configure-pages gives a fork, then serves the result under that sub-path and
fetches every internal link and asset.

Two steps are not run: the install step (setup.sh creates .venv and installs the
dependencies; the interpreter running these tests already has them, at the versions
requirements.txt pins, which test_dependencies_are_installed_at_the_versions_requirements_txt_pins
checks, and installing again would reach the network and re-point this checkout's editable
install), and the step that runs this test suite (it would run this test again).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bakuclaims.options import MARKER
from browser_support import crawl, serve

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
PUBLIC_BASE = "https://example.github.io/baku-digital-claims"  # what configure-pages gives a fork
SUB_PATH = "/baku-digital-claims/"


def workflow() -> dict:
    """The workflow as data (PyYAML reads the key 'on' as True)."""
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def build_steps() -> list[dict]:
    return workflow()["jobs"]["build"]["steps"]


def is_install(step: dict) -> bool:
    return "setup.sh" in step.get("run", "") or "pip install" in step.get("run", "")


def is_test_suite(step: dict) -> bool:
    return "pytest" in step.get("run", "")


def test_workflow_validates_against_the_github_workflow_schema() -> None:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    result = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_follows_the_pages_starter() -> None:
    flow = workflow()
    # the build runs a pull request's code: it may read Pages, not write; only the deploy writes
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # deploys queue alone: a pull request's run, in a queue of its branch, cannot cancel one waiting
    assert "concurrency" not in flow
    assert flow["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert "github.ref" in flow["jobs"]["build"]["concurrency"]["group"]
    assert all(job["timeout-minutes"] <= 60 for job in flow["jobs"].values())
    assert "pull_request" in flow["on"] and "push" in flow["on"] and "workflow_dispatch" in flow["on"]
    uses = [s.get("uses", "").split("@")[0] for s in build_steps()]
    order = ["actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact"]
    assert [u for u in uses if u in order] == order
    checkout = next(s for s in build_steps() if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the check reads git's history for pages built no more
    python = next(s for s in build_steps() if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip" and str(python["with"]["python-version"]).startswith("3.11")
    pages = next(s for s in build_steps() if s.get("uses", "").startswith("actions/configure-pages"))
    assert pages["id"] == "pages"
    upload = next(s for s in build_steps() if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"].rstrip("/") == "site"
    runs = [s["run"] for s in build_steps() if "run" in s]
    assert any("build.py check --strict --format github" in r for r in runs)  # MkDocs' strict mode, for CI
    assert any(is_test_suite(s) for s in build_steps())
    build = [r for r in runs if "--base-url" in r]
    assert len(build) == 1 and '"${{ steps.pages.outputs.base_url }}/"' in build[0]
    # readers' reports of mistakes go to this repository's issues, through its correction form
    assert '--report-url "${{ github.server_url }}/${{ github.repository }}/issues/new"' in build[0]
    # the site is built after configure-pages, whose output it needs
    names = [s.get("uses", "") or s.get("run", "") for s in build_steps()]
    assert names.index(pages["uses"]) < names.index(next(s["run"] for s in build_steps() if "--base-url" in s.get("run", "")))


# The first major version of each action that runs on Node 24. GitHub deprecated Node 20 for actions in
# September 2025 and forced such actions onto Node 24 in June 2026, with a warning on every run; an
# action made for Node 20 may not work there.
NODE_24 = {"actions/checkout": 5, "actions/setup-python": 6, "actions/configure-pages": 6, "actions/cache": 5,
           "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def test_each_action_is_a_version_made_for_the_node_the_runners_have() -> None:
    used = [step["uses"] for job in workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert sorted(use.split("@")[0] for use in used) == sorted(NODE_24)
    for use in used:
        name, version = use.split("@")
        assert int(version.removeprefix("v").split(".")[0]) >= NODE_24[name], use


def test_deploy_runs_only_on_the_default_branch_and_never_for_pull_requests() -> None:
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    condition = deploy["if"]
    assert "github.event_name != 'pull_request'" in condition
    assert "github.event.repository.default_branch" in condition
    step = deploy["steps"][0]
    assert step["uses"].startswith("actions/deploy-pages@") and step["id"] == "deployment"


def pins() -> dict[str, str]:
    """requirements.txt: each library's normalised name and the version it is pinned at."""
    pinned = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", line
            pinned[canonicalize_name(requirement.name)] = specifier.version
    return pinned


def test_dependencies_are_installed_at_the_versions_requirements_txt_pins() -> None:
    """What the skipped install step would install is here, at the versions the golden output was
    made with: another version of a library (vl-convert's, say) could build other pages."""
    pinned = pins()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in map(Requirement, project["dependencies"] + project["optional-dependencies"]["test"]):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"requirements.txt pins no version of {requirement.name}"
        assert requirement.specifier.contains(pinned[name]), f"pyproject.toml allows no {name}=={pinned[name]}"
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in importlib.metadata.distributions()}
    other = {name: f"{installed[name]}, pinned {version}" for name, version in pinned.items()
             if installed.get(name, version) != version}
    assert not other, f"installed at other versions than requirements.txt's (bash setup.sh installs its): {other}"
    assert "pelican" in pinned, "the benchmark's Pelican is pinned too"


def test_dependabot_proposes_new_versions_of_the_libraries_the_tools_and_the_actions() -> None:
    config = REPO / ".github" / "dependabot.yml"
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    result = subprocess.run([tool, "--builtin-schema", "vendor.dependabot", str(config)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(config.read_text(encoding="utf-8"))["updates"]
    assert {(update["package-ecosystem"], update["directory"]) for update in updates} == \
        {("pip", "/"), ("npm", "/"), ("github-actions", "/")}
    assert (REPO / "package-lock.json").is_file(), "npm's versions are pinned as pip's are"


def clean_copy(destination: Path) -> Path:
    """The files git would commit (tracked, plus new files not ignored), as a fresh checkout has them."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: cannot tell which files a clean copy has")
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


def test_workflow_build_commands_succeed_in_a_clean_copy_and_links_work(tmp_path: Path) -> None:
    copy = clean_copy(tmp_path / "repo")
    assert not (copy / "site").exists() and not (copy / ".cache").exists()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"  # the workflow's `python`: this interpreter, virtual environment included
    python.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")  # a symlink loses it
    python.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "GITHUB_PATH": str(tmp_path / "github_path"), "GITHUB_ACTIONS": "true"}
    env.pop("PYTHONPATH", None)
    ran = []
    for step in build_steps():
        if "run" not in step or is_install(step) or is_test_suite(step):
            continue
        command = step["run"].replace("${{ steps.pages.outputs.base_url }}", PUBLIC_BASE)
        command = command.replace("${{ github.server_url }}", "https://github.com")
        command = command.replace("${{ github.repository }}", "example/baku-digital-claims")
        assert "${{" not in command, f"unhandled expression in step {step.get('name')}: {command}"
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", command], cwd=copy, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"step '{step.get('name')}' failed:\n{result.stdout}\n{result.stderr}"
        ran.append(step.get("name"))
    assert len(ran) >= 2, ran  # the check and the build
    site = copy / "site"
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    # upload-pages-artifact leaves hidden files out of what it publishes: the crawl below would pass
    # a page linking to one that readers get a 404 for. The only one is the builder's mark.
    assert [path.relative_to(site).as_posix() for path in site.rglob(".*")] == [MARKER]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLIC_BASE}/">' in home
    assert f'href="{SUB_PATH}assets/style.css"' in home
    assert 'href="https://github.com/example/baku-digital-claims/issues/new?template=correction.yml&amp;' in home

    with serve(site, SUB_PATH) as base:
        report = crawl(site, base, public_base=PUBLIC_BASE + "/")
    assert len(report.checked) > 100, len(report.checked)
    assert not report.broken, "\n".join(f"{target} (linked from {pages[0]})"
                                        for target, pages in sorted(report.broken.items()))


def test_a_deploy_restores_the_charts_and_link_previews_the_last_build_drew_before_it_builds() -> None:
    """Every run starts from a clean checkout: without its cache a deploy draws every chart (about
    2 s for the real site's) and every claim's link preview (about 25 ms of a core each) again.
    The folders the build keeps them in are restored before the build, from the newest run's,
    and saved under the run's own key."""
    steps = build_steps()
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".cache/charts", ".cache/cards"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])
    build = next(s for s in steps if "--base-url" in s.get("run", ""))
    assert steps.index(cache) < steps.index(build)
