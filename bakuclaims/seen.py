"""Whether a build is given the inputs the last build was: told from the input files' sizes,
modification times and inodes (none is read), before the build's modules are imported.

build.py asks it whether to start a drawing child to warm up. A build given the last one's
inputs draws no chart: the last build drew every chart and kept it in the cache. Warming
vl-convert's engine for nothing took about 0.4 s of CPU in each rebuild with nothing changed,
on the second of two cores. A change this misses costs time, never bytes: a chart that has to
be drawn starts a child of its own (see vlrender.Drawers.draw).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

FOLDERS = ("data", "content", "templates", "static")  # what a project's pages and charts are made from
PACKAGE = Path(__file__).resolve().parent  # the builder's code: its charts' shapes and specs
SEEN = "inputs-seen.txt"  # in the project's cache: the signature of the last finished build's inputs


def inputs_signature(root: Path, settings: str) -> str:
    """A hash of the path, size, modification time and inode of every file below root's input
    folders and of the builder's code, and of settings (the build's options)."""
    parts = [settings]
    for folder in [*(str(root / name) for name in FOLDERS), str(PACKAGE)]:
        _sign_below(folder, parts)
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _sign_below(folder: str, parts: list[str]) -> None:
    """Each file below folder as a line of parts: its path, size, modification time and inode."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        parts.append(f"{folder}: none")
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _sign_below(entry.path, parts)
            continue
        try:
            st = entry.stat()
        except OSError:
            continue
        parts.append(f"{entry.path} {st.st_size} {st.st_mtime_ns} {st.st_ino}")


def same_as_last(cache_dir: Path, signature: str) -> bool:
    """Whether the last build that finished with this cache had inputs of this signature."""
    try:
        return (cache_dir / SEEN).read_text(encoding="ascii") == signature
    except (OSError, ValueError):
        return False


def remember(cache_dir: Path, signature: str) -> None:
    """Note the signature of a finished build's inputs, for the next build to compare."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = cache_dir / f"{SEEN}.part"
        temp.write_text(signature, encoding="ascii")
        temp.replace(cache_dir / SEEN)
    except OSError:  # no cache to write: the next build warms a child, as before
        pass
