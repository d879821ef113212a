"""Shared fixtures: scratch projects in tmp_path, and the real site built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_support import launch, serve

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


def make_project(destination: Path, fixture: str = "mini") -> Path:
    """A copy of a fixture project with the real templates and static files."""
    shutil.copytree(FIXTURES / fixture, destination)
    shutil.copytree(REPO / "templates", destination / "templates")
    shutil.copytree(REPO / "static", destination / "static")
    return destination


def run_build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run build.py as an editor would, against the project at root (with env added to the environment)."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env} if env else None)


REPORT_URL = "https://github.com/example/baku-digital-claims/issues/new"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the small fixture project."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once for the whole session (once per test process) into a temporary folder,
    without the project's .cache/, which two processes building at once would share."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--out", str(out), "--no-cache"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def real_site_prefixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site built for https://example.github.io/baku-digital-claims/, as GitHub project
    pages serve it: under /baku-digital-claims/, with that address in its canonical links, and
    reports of mistakes going to the repository's issues (REPORT_URL), as the Pages workflow builds it."""
    out = tmp_path_factory.mktemp("real-prefixed") / "site"
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--out", str(out), "--no-cache", "--base-url",
                             "https://example.github.io/baku-digital-claims/", "--report-url", REPORT_URL],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


PREFIX = "/baku-digital-claims/"  # the sub-path real_site_prefixed is built for


@pytest.fixture(scope="module")
def site_url(real_site_prefixed: Path) -> Iterator[str]:
    """The real site as CI builds it, served under its sub-path on 127.0.0.1, as on GitHub project pages."""
    with serve(real_site_prefixed, PREFIX) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for a test module (skipped, with the reason, where there is none; never under CI)."""
    with launch() as chromium:
        yield chromium
