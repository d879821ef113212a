"""Site search: a Pagefind index of the written pages, built inside the staging folder.

Pagefind (the PyPI package `pagefind[extended]` ships its binary) reads the HTML that
the build wrote and adds pagefind/ beside it: the index, and the scripts and styles of
the search interface. Only the parts of pages marked `data-pagefind-body` (facts,
conference summaries, metrics, prose pages) are indexed; charts are left out, since
their text repeats the facts' own pages. Pagefind reads a copy of the pages with the
charts cut out: on a fact page the chart of its metric is most of the bytes, and
Pagefind parses every byte, excluded or not. Page types are Pagefind *meta*, not
*filters*: Pagefind writes its filter index in hash-map order, which changes from run
to run.
No network is used; the output depends only
on the pages, so two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from .problems import BuildFailed, Problem

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
EXCLUDE = ".chart"  # charts: SVG labels and data tables repeat other pages' facts
CHART_START, CHART_END = '<figure class="chart"', "</figure>"  # the figure macro's markup (no nesting)
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
    with tempfile.TemporaryDirectory(prefix=".site.search-", dir=folder.parent) as copy:
        copy_without_charts(folder, Path(copy))
        command = [str(binary), "--site", copy, "--output-path", str(folder / BUNDLE),
                   "--exclude-selectors", EXCLUDE, "--quiet"]
        try:
            result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BuildFailed([Problem(ORIGIN, 1, 1, f"Pagefind could not run: {exc}")]) from None
    output = (result.stderr + result.stdout).strip()
    if result.returncode != 0 or not (folder / BUNDLE / "pagefind-entry.json").is_file():
        last = output.splitlines()[-1] if output else f"exit code {result.returncode}"
        raise BuildFailed([Problem(ORIGIN, 1, 1, f"Pagefind could not index the site: {last}")])
    if output:
        log.debug("pagefind: %s", output)


def copy_without_charts(folder: Path, copy: Path) -> None:
    """Copy every HTML page below folder into copy, at the same path, with its charts cut out."""
    for page in folder.rglob("*.html"):
        target = copy / page.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(without_charts(page.read_bytes().decode("utf-8")).encode("utf-8"))


def without_charts(html: str) -> str:
    """The page with every chart figure cut out (str.find: a regular expression takes 10x longer)."""
    kept, at = [], 0
    while (start := html.find(CHART_START, at)) >= 0:
        end = html.find(CHART_END, start)
        if end < 0:
            break
        kept.append(html[at:start])
        at = end + len(CHART_END)
    kept.append(html[at:])
    return "".join(kept)
