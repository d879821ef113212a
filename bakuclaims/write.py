"""Stage 5, write: put the pages on disk, all or nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from .incremental import link_or_copy
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


class Staging:
    """A fresh folder beside out that a build writes into, swapped in at the end.

    Used as a context manager: if the block fails, the folder is removed and out is left
    exactly as it was. Pages may be put in early (as they are rendered, so their bytes need
    not be kept); commit writes the rest, runs finish and swaps.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        self.done = False

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.done:
            shutil.rmtree(self.path, ignore_errors=True)

    def put(self, path: str, body: bytes) -> str:
        """Write one file into the staging folder; return the SHA-256 of its bytes."""
        target = self.path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # never write through a link into the last build's file
            target.unlink()
        if not _link_unchanged(self.out / path, target, body):
            target.write_bytes(body)
        return hashlib.sha256(body).hexdigest()

    def commit(self, pages: list[Page], finish: Callable[[Path], None] | None = None) -> int:
        """Write the pages not yet in the folder, run finish on it, swap it in; return the file count."""
        for page in pages:
            if page.held == "out":
                _link_or_copy(self.out / page.path, self.path / page.path)
            elif page.held != "staging":
                self.put(page.path, page.body)
        if finish is not None:
            finish(self.path)
        files = sum(1 for p in self.path.rglob("*") if p.is_file())
        os.chmod(self.path, 0o755)
        _swap(self.path, self.out)
        self.done = True
        return files


def _link_or_copy(old: Path, target: Path) -> None:
    """The last build's file at a new place: a hard link, or a copy where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(old, target)


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
