"""Stage 5, write: put the pages on disk, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from .problems import Problem
from .render import Page


def check_paths(pages: Iterable[Page]) -> list[Problem]:
    """Refuse two pages at one path, and any path that would leave the output folder."""
    problems = []
    seen: dict[str, Page] = {}
    for page in pages:
        parts = PurePosixPath(page.path).parts
        if page.path.startswith("/") or ".." in parts or not parts:
            problems.append(Problem(page.origin, 1, 1, f"page path '{page.path}' is outside the site"))
            continue
        key = page.path.lower()
        if key in seen:
            problems.append(Problem(page.origin, 1, 1, f"two pages would be written to '{page.path}': "
                                                       f"this one and {seen[key].origin}; rename one"))
        else:
            seen[key] = page
    return problems


def write(pages: list[Page], out: Path, finish: Callable[[Path], None] | None = None) -> int:
    """Write pages into a fresh folder beside out, then swap it in; return the number of files.

    finish, if given, runs on the complete staging folder before the swap (the search
    index is built there). If anything fails before the swap, out is left exactly as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not _link_unchanged(out / page.path, target, page.body):
                target.write_bytes(page.body)
        if finish is not None:
            finish(staging)
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        os.chmod(staging, 0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return files


def _link_unchanged(old: Path, target: Path, body: bytes) -> bool:
    """Hard-link the file the last build wrote when it holds these bytes: the page is not
    rewritten, and keeps its date. False (write it) when there is none or it differs."""
    try:
        if old.stat().st_size != len(body) or old.read_bytes() != body:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


def _swap(staging: Path, out: Path) -> None:
    """Replace out with staging in two renames; the old tree is removed afterwards."""
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
