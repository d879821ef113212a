"""Stage 5, write: put the pages on disk, all or nothing."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from .incremental import link_or_copy
from .options import MARKER, MARKER_TEXT
from .problems import Problem
from .render import Page
from .search import BUNDLE

log = logging.getLogger(__name__)


def marker() -> Page:
    """The file that marks a folder as a build's output (see out_problem)."""
    return Page(MARKER, MARKER_TEXT, "build.py")


def check_paths(pages: Iterable[Page]) -> list[Problem]:
    """Refuse two pages at one path, any path that would leave the output folder, and any
    inside the folder the search index is written to."""
    problems = []
    seen: dict[str, Page] = {}
    for page in pages:
        parts = PurePosixPath(page.path).parts
        if page.path.startswith("/") or ".." in parts or not parts:
            problems.append(Problem(page.origin, 1, 1, f"page path '{page.path}' is outside the site"))
            continue
        if parts[0].lower() == BUNDLE:
            problems.append(Problem(page.origin, 1, 1, f"page path '{page.path}' is inside {BUNDLE}/, where the "
                                                       f"site search is written; rename the page"))
            continue
        key = page.path.lower()
        if key in seen:
            problems.append(Problem(page.origin, 1, 1, f"two pages would be written to '{page.path}': "
                                                       f"this one and {seen[key].origin}; rename one"))
        else:
            seen[key] = page
    return problems


class Staging:
    """A folder beside out that a build writes into, swapped in at the end.

    Used as a context manager: if the block fails, the folder is removed (or kept as the
    spare, below) and out is left exactly as it was. Pages may be put in early (as they are
    rendered, so their bytes need not be kept); commit writes the rest and removes anything
    else while finish runs (the search index), then swaps.

    With spare (a path in the cache, on out's file system), the tree that out held before
    the swap is moved there instead of deleted, and the next build stages into it: making
    and removing a folder for every page costs more than the pages themselves when few
    change. Every file it holds is replaced, kept only when it is the very file out holds
    (same inode), or removed, so what is swapped in is exactly what this build made. The
    spare's search index is left where it is, below BUNDLE, for commit's finish to bring up
    to date (most of its files are often the last index's: see link_tree).
    """

    def __init__(self, out: Path, spare: Path | None = None) -> None:
        self.out = out.resolve()
        self.spare = spare
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        if spare is not None and spare.is_dir() and not spare.is_symlink():
            try:
                self.path.rmdir()
                spare.rename(self.path)
                log.debug("staging in the tree the last build replaced")
            except OSError:
                self.path.mkdir(exist_ok=True)
        self.done = False

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.done:
            return
        if self.spare is not None and not self.spare.exists():
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                self.path.rename(self.spare)  # a spare again: any tree will do, every file is checked
                return
            except OSError:
                pass
        shutil.rmtree(self.path, ignore_errors=True)

    def put(self, path: str, body: bytes) -> str:
        """Write one file into the staging folder; return the SHA-256 of its bytes."""
        target = self.path / path
        _make_room(self.path, target)  # never write through a link into the last build's file
        if not _link_unchanged(self.out / path, target, body):
            target.write_bytes(body)
        return hashlib.sha256(body).hexdigest()

    def commit(self, pages: list[Page], finish: Callable[[Path], None] | None = None,
               alongside: bool = True) -> int:
        """Write the pages not yet in the folder and remove what else it holds, with finish run
        on it (it writes below BUNDLE only, and leaves there exactly this build's search index;
        without finish, BUNDLE is removed); swap it in; return the file count.

        With alongside, finish runs in a thread while the pages are written: the thread mostly
        waits (for Pagefind). Otherwise it runs after them: two threads making many short
        system calls each (linking an index, checking pages) hand the interpreter's lock to and
        fro, and take longer together than one after the other."""
        bundle = self.path / BUNDLE
        if finish is None:
            shutil.rmtree(bundle, ignore_errors=True)
        with ThreadPoolExecutor(max_workers=1) as pool:
            finishing = pool.submit(finish, self.path) if finish is not None and alongside else None
            for page in pages:
                if page.held == "out":
                    self._take(page.path)
                elif page.held != "staging":
                    self.put(page.path, page.body)
            files = _prune(self.path, {page.path for page in pages})  # leaves BUNDLE alone
            log.debug("pages written")
            if finishing is not None:
                finishing.result()
            elif finish is not None:
                finish(self.path)
        files += count_files(str(bundle))
        os.chmod(self.path, 0o755)
        self._swap()
        self.done = True
        return files

    def reader(self, pages: list[Page]) -> Callable[[str], bytes]:
        """A function giving the bytes of the page at a path, wherever they are held: in
        memory, in this folder or in out."""
        by_path = {page.path: page for page in pages}

        def read(path: str) -> bytes:
            page = by_path[path]
            if page.held == "staging":
                return (self.path / path).read_bytes()
            if page.held == "out":
                return (self.out / path).read_bytes()
            return page.body
        return read

    def _take(self, path: str) -> None:
        """The last build's file at path, linked in (or copied where links fail), unless the
        staging folder already holds that very file."""
        old, target = f"{self.out}/{path}", f"{self.path}/{path}"  # strings: this runs for most pages
        try:
            if os.path.samefile(old, target):
                return
        except OSError:
            pass
        _make_room(self.path, Path(target))
        link_or_copy(old, target)

    def _swap(self) -> None:
        """Replace out with the staging folder in two renames; the old tree is kept as the
        spare, or removed."""
        out = self.out
        if not out.exists():
            self.path.rename(out)
            return
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        self.path.rename(out)
        if self.spare is not None:
            try:
                shutil.rmtree(self.spare, ignore_errors=True)
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                old.rename(self.spare)
                return
            except OSError:  # another file system: no spare
                pass
        shutil.rmtree(old, ignore_errors=True)


def count_files(folder: str) -> int:
    """Files below folder (0 if there is none); os.scandir, a tenth of the time of Path.rglob."""
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    return sum(count_files(e.path) if e.is_dir(follow_symlinks=False) else e.is_file() for e in entries)


def _make_room(root: Path, target: Path) -> None:
    """Clear the way for a new file at target below root: its folders made, and whatever
    stands at target, or where one of its folders must be, removed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file where a folder must be, left in the spare
        parts = target.parent.relative_to(root).parts
        for depth in range(1, len(parts) + 1):
            where = root.joinpath(*parts[:depth])
            if where.is_symlink() or where.is_file():
                where.unlink()
                break
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(target)
    else:
        target.unlink()


def _prune(root: Path, keep: set[str]) -> int:
    """Remove every file below root whose path is not in keep, and the folders left empty,
    but not the search bundle (root/BUNDLE); return the number of files kept."""
    return _prune_folder(root, "", keep)[0]


def _prune_folder(folder: Path, prefix: str, keep: set[str]) -> tuple[int, bool]:
    """_prune below one folder: the files kept, and whether anything is left in it."""
    kept, left = 0, False
    with os.scandir(folder) as scan:
        entries = list(scan)
    for entry in entries:
        path = prefix + entry.name
        if path == BUNDLE:
            left = True
            continue
        if entry.is_dir(follow_symlinks=False):
            below, anything = _prune_folder(Path(entry.path), path + "/", keep)
            kept += below
            if anything:
                left = True
            else:
                os.rmdir(entry.path)
        elif path in keep and entry.is_file(follow_symlinks=False):
            kept += 1
            left = True
        else:
            os.unlink(entry.path)
    return kept, left


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
