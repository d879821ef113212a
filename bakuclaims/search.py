"""Site search: a Pagefind index of the written pages, built inside the staging folder.

Pagefind (the PyPI package `pagefind[extended]` ships its binary) reads the HTML that
the build wrote and adds pagefind/ beside it: the index, and the scripts and styles of
the search interface. Only the parts of pages marked `data-pagefind-body` (facts,
conference summaries, metrics, prose pages) are indexed; charts are left out, since
their text repeats the facts' own pages. Page types are Pagefind *meta*, not *filters*:
Pagefind writes its filter index in hash-map order, which changes from run to run.
No network is used; the output depends only
on the pages, so two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from .problems import BuildFailed, Problem

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
EXCLUDE = ".chart"  # charts: SVG labels and data tables repeat other pages' facts
ORIGIN = "site search (Pagefind)"


def pagefind_binary() -> Path:
    """The Pagefind executable from the pagefind package; BuildFailed when it is missing."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None  # type: ignore[assignment]
    binary = get_executable() if get_executable else None
    if binary is None or not Path(binary).is_file():
        raise BuildFailed([Problem(ORIGIN, 1, 1, "Pagefind is not installed; run `pip install -e .` "
                                                 "(it brings pagefind[extended] and its binary)")])
    return Path(binary)


def index(folder: Path) -> None:
    """Index the HTML pages below folder into folder/pagefind/; BuildFailed if Pagefind fails."""
    binary = pagefind_binary()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}  # no stray settings
    command = [str(binary), "--site", str(folder), "--output-subdir", BUNDLE,
               "--exclude-selectors", EXCLUDE, "--quiet"]
    try:
        result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildFailed([Problem(ORIGIN, 1, 1, f"Pagefind could not run: {exc}")]) from None
    output = (result.stderr + result.stdout).strip()
    if result.returncode != 0 or not (folder / BUNDLE / "pagefind-entry.json").is_file():
        last = output.splitlines()[-1] if output else f"exit code {result.returncode}"
        raise BuildFailed([Problem(ORIGIN, 1, 1, f"Pagefind could not index the site: {last}")])
    if output:
        log.debug("pagefind: %s", output)
