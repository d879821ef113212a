"""Incremental builds: reuse what the last build wrote when its inputs have not changed.

A build records, in .cache/, a key for each page it can reuse (a hash of everything the
page is made from), the hash of the bytes it wrote and the file's size, modification
time and inode. The next build into the same folder takes a page from there, instead of
rendering it, when its key is the same and the file still holds those bytes: known from
the size, time and inode when they are unchanged (as git and make do), else by reading
the file again. Keys err on the side of change: any edit to code,
templates, static files, registries, Markdown pages, options or the set of fact ids
changes every key; an edit to one fact changes the keys of the pages that show it.
The Pagefind index is reused the same way, keyed by every HTML page's bytes. So a
rebuild gives exactly the bytes a cold build of the same inputs gives.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import pickle
import platform
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .models import fact_refs

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("jinja2", "markdown", "markupsafe", "nh3", "pydantic", "altair", "vl-convert-python", "pagefind")
STATE_VERSION = 2
STATE_DAYS = 7  # the state of a build into another folder is kept this many days after it is written


def sha(*parts: str | bytes) -> str:
    """One SHA-256 of several parts, each length-prefixed so parts never run together (the
    parts are joined and hashed at once: a fact page's key has a dozen or so)."""
    joined: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        joined += (b"%d:" % len(data), data)
    return hashlib.sha256(b"".join(joined)).hexdigest()


@functools.cache
def library_version(name: str) -> str:
    """An installed distribution's version, or "-" if it is not installed; looked up once per
    process, in the names of the .dist-info folders on sys.path where it is there (as
    `{name}-{version}.dist-info`, the form installers give it), else by importlib.metadata
    (whose import, with the email package it brings, took 20 ms of each build's start)."""
    found = _dist_info_versions().get(_normalised(name))
    if found:
        return found
    from importlib import metadata
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@functools.cache
def _dist_info_versions() -> dict[str, str]:
    """Distribution name (normalised) → version, from the .dist-info folders on sys.path;
    the first found wins, as for imports."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info") and entry.count("-") == 1:
                name, version = entry.removesuffix(".dist-info").split("-")
                found.setdefault(_normalised(name), version)
    return found


def _normalised(name: str) -> str:
    """A distribution name as installers spell it in folder names: lower case, runs of -_. as _."""
    return re.sub(r"[-_.]+", "_", name).lower()


def site_key(root: Path, options: Any, fact_ids: Iterable[str]) -> str:
    """What every page may depend on, except the facts' own records: code, library
    versions, options, templates, static files, registries, Markdown pages, the fact ids."""
    parts: list[str | bytes] = [str(STATE_VERSION), repr(options), platform.python_version()]
    parts += [f"{name} {library_version(name)}" for name in LIBRARIES]
    parts.append(code_digest())
    for folder in ("templates", "static", "content"):
        parts += _tree(root, root / folder)
    data = root / "data"
    if data.is_dir():
        parts += _tree(root, data, skip=data / "facts")
    parts.append("\n".join(sorted(fact_ids)))
    return sha(*parts)


@functools.cache
def code_digest() -> str:
    """A hash of this package's code: every module's name and bytes."""
    parts: list[str | bytes] = []
    for path in sorted(PACKAGE.glob("*.py")):
        parts += [path.name, path.read_bytes()]
    return sha(*parts)


def _tree(root: Path, folder: Path, skip: Path | None = None) -> list[str | bytes]:
    """Every file below folder, except below skip, as (relative path, bytes), in a stable
    order. The skipped folder is not walked: it holds the facts, thousands of files."""
    if not folder.is_dir():
        return [f"{folder.name}: none"]
    files: list[Path] = []
    for below, folders, names in os.walk(folder):
        here = Path(below)
        folders[:] = [name for name in folders if here / name != skip]
        files += [here / name for name in names]
    parts: list[str | bytes] = []
    for path in sorted(files):
        if path.is_file():
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return parts


def record_key(entry: Any, record: str) -> str:
    """A fact's identity and validated record (record: the fact's model_dump_json())."""
    return sha(entry.id, entry.path, record)


def chart_key(chart: Any) -> str:
    """Everything a page can show of a chart: its spec, rows, SVG and PNG by what they are drawn
    from, its render key (a hash of the renderer and the specs, whose data holds each row's
    record, set by the chart stage on every chart it returns), so the key is known before
    they are drawn; and the day its figures last changed, which its page and data's description give."""
    assert chart.render_key, f"chart {chart.id} has no render key"
    return sha(chart.id, chart.title, chart.takeaway, chart.alt, chart.notes or "", chart.render_key,
               "|".join(chart.fact_ids), "|".join(chart.metric_ids), "|".join(chart.placement), str(chart.updated))


def named_facts(entry: Any, record: str) -> set[str]:
    """Fact ids a fact's record names: related facts, derivation inputs, [[references]]
    (record: the fact's model_dump_json())."""
    fact = entry.fact
    names = set(fact.related)
    derived = getattr(fact, "derived", None)
    if derived is not None:
        names.update(derived.inputs)
    if "[[" in record:  # most records name no fact in their text
        names.update(fact_refs(record))
    return names


@dataclass
class Previous:
    """What the last build into one output folder wrote, as far as it can be reused."""

    file: Path | None
    out: Path
    pages: dict[str, list[str]] = field(default_factory=dict)  # path -> [key, sha of bytes, stat signature]
    search: list[str] = field(default_factory=list)  # [key, signature of the pagefind folder]

    @classmethod
    def load(cls, cache_dir: Path | None, out: Path) -> "Previous":
        """The state of the last build into out; empty without a cache or a readable state."""
        out = out.resolve()
        if cache_dir is None:
            return cls(None, out)
        file = cache_dir / f"state-{sha(str(out))[:16]}.json"
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION or data.get("out") != str(out) or not out.is_dir():
                raise ValueError("state of another build")
            return cls(file, out, data["pages"], data.get("search", []))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(file, out)

    def unchanged(self, path: str, key: str) -> str | None:
        """The SHA-256 of the file last written at path, if its key was key and the file
        still holds those bytes; else None."""
        known = self.pages.get(path)
        if not known or known[0] != key:
            return None
        if len(known) > 2 and known[2] and known[2] == _signature(f"{self.out}/{path}"):
            return known[1]  # not written since: the same bytes, without reading them
        return known[1] if _file_sha(self.out / path) == known[1] else None

    def reuse_search(self, key: str, last: Path | None, target: Path) -> bool:
        """Link the last Pagefind index (last, as last_search found it) to target if it was
        made from the same pages."""
        if last is None or not self.indexed(key):
            return False
        link_tree(last, target)
        return True

    def indexed(self, key: str) -> bool:
        """Whether the last build's search index was made from pages with this key."""
        return len(self.search) == 2 and self.search[0] == key

    def last_search(self, bundle: str) -> Path | None:
        """The last build's Pagefind index in the output folder, if nothing has been written
        into it since that build; else None."""
        folder = self.out / bundle
        if len(self.search) != 2 or not folder.is_dir() or folder_signature(folder) != self.search[1]:
            return None
        return folder

    def holds(self, pages: list[Any], search_key: str, bundle: str) -> bool:
        """True when the output folder already holds exactly these pages and the search index
        made from them, and nothing else: then there is nothing to write."""
        if not self.indexed(search_key) or not (self.out / bundle).is_dir():
            return False
        present = files_below(str(self.out))
        index = {p for p in present if p.startswith(bundle + "/")}
        if present - index != {p.path for p in pages}:
            return False
        for page in pages:
            if page.held == "out":
                continue  # checked when it was taken from out
            if page.held == "staging":
                if _file_sha(self.out / page.path) != page.digest:
                    return False
                continue
            try:
                if (self.out / page.path).read_bytes() != page.body:
                    return False
            except OSError:
                return False
        return folder_signature(self.out / bundle) == self.search[1]

    def save(self, pages: Iterable[Any], search: list[str]) -> None:
        """Record the keys and hashes of what this build wrote. The pages are written by then: a
        record that cannot be written is told, not an error, and the last one is removed, so
        that the next build renders every page afresh."""
        if self.file is None:
            return
        state = {"version": STATE_VERSION, "out": str(self.out), "search": search,
                 "pages": {p.path: [p.key, p.sha256(), _signature(f"{self.out}/{p.path}")] for p in pages if p.key}}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temp = self.file.with_suffix(".part")
            temp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
            temp.replace(self.file)
        except OSError as exc:
            log.warning("The site was built, but its record for the next build could not be written (%s: %s): "
                        "the next build renders every page afresh.", self.file, exc.strerror or exc)
            with contextlib.suppress(OSError):
                self.file.unlink(missing_ok=True)
        _forget_other_outputs(self.file, time.time() - STATE_DAYS * 86400)


def _forget_other_outputs(kept: Path, oldest: float) -> None:
    """Remove the states of builds into other folders (a scratch or test folder, one per
    folder) that no build has written since oldest: a state is some hundreds of KB."""
    for state in kept.parent.glob("state-*.json"):
        try:
            if state != kept and state.stat().st_mtime < oldest:
                state.unlink()
        except OSError:  # removed by another build meanwhile
            pass


def html_key(hashes: dict[str, str], binary: Path) -> str:
    """A key for the search index: Pagefind, the code that runs it, every HTML page's path and
    hash (hashes)."""
    parts: list[str | bytes] = [str(STATE_VERSION), str(binary), (PACKAGE / "search.py").read_bytes()]
    parts.append(f"pagefind {library_version('pagefind')}")
    for path in sorted(hashes):
        parts += [path, hashes[path]]
    return sha(*parts)


def _file_sha(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _signature(path: str) -> str:
    """A file's size, modification time and inode: any write or replacement changes it
    ("" if the file cannot be read). A string path: a build asks this of every page twice,
    and making a Path for each cost more than the stat."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def files_below(folder: str, prefix: str = "") -> set[str]:
    """The paths, relative to folder, of everything below it that is not a folder (a link to one
    is neither listed nor followed), as Path.rglob lists them, in an eighth of its time (os.scandir
    and strings: 0.01 s against 0.07 s for a site of 1,000 facts, in each rebuild with nothing changed)."""
    found: set[str] = set()
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except (FileNotFoundError, NotADirectoryError):
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            found |= files_below(entry.path, prefix + entry.name + "/")
        elif not entry.is_dir():
            found.add(prefix + entry.name)
    return found


def folder_signature(folder: Path) -> str:
    """One hash of every file's relative path, size, modification time and inode below folder:
    it changes when a file is written, replaced, added or removed, without reading any."""
    parts: list[str | bytes] = []
    _sign_below(str(folder), "", parts)
    return sha(*parts)


def _sign_below(folder: str, prefix: str, parts: list[str | bytes]) -> None:
    """folder_signature's parts for one folder, by name, folders depth first (os.scandir: under
    a third of the time of Path.rglob, sorting and Path.stat for an index of 5,000 pages)."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _sign_below(entry.path, prefix + entry.name + "/", parts)
        elif entry.is_file():
            try:
                st = entry.stat()
            except OSError:
                continue
            parts += [prefix + entry.name, f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"]


def link_tree(source: Path, target: Path) -> None:
    """Make target a copy of source made of hard links (plain copies where links fail),
    starting from what target holds: a file there that is the very file in source (same
    device and inode) stays; anything else there is replaced or removed. A staging folder
    that already holds most of the last search index is brought up to date with two
    `stat` calls per file it keeps, where removing and linking again write to the disk."""
    _link_folder(str(source), str(target))


def _link_folder(source: str, target: str) -> None:
    """link_tree for one folder (strings: the last search index of 5,000 pages has as many files)."""
    make_folder(target)
    with os.scandir(target) as scan:
        present = {entry.name: entry for entry in scan}
    with os.scandir(source) as scan:
        for entry in scan:
            there = present.pop(entry.name, None)
            at = os.path.join(target, entry.name)
            if entry.is_dir(follow_symlinks=False):
                _link_folder(entry.path, at)
                continue
            if there is not None:
                if there.is_file(follow_symlinks=False) and os.path.samestat(
                        there.stat(follow_symlinks=False), entry.stat(follow_symlinks=False)):
                    continue
                remove_entry(there)
            link_or_copy(entry.path, at)
    for there in present.values():
        remove_entry(there)


def make_folder(path: str | Path) -> None:
    """A folder at path, with its parents; a file or link standing there is removed first."""
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        os.unlink(path)
    os.makedirs(path, exist_ok=True)


def remove_entry(entry: os.DirEntry[str]) -> None:
    """Remove a folder entry: a file or link, or a folder with all it holds."""
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link of source at target, or a copy where links fail."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class ParseCache:
    """Parsed YAML documents kept in .cache/, keyed by the parser's code and the file's text.

    The cache holds exactly what parsing gives, problems included, so it never changes a
    build's result. It is kept in two files: parsed.pickle, written whole now and then, and
    parsed-recent.pickle, the entries a build used that the first lacks. A build that parsed
    a few files again writes only the second (writing the whole cache took 0.1 s of every
    edit at 5,000 facts); when there is no first file, or the two differ from what the
    build used by more than one in RECENT_SHARE of its entries (or RECENT_MIN), the first
    is written again with exactly the entries used, and the second removed.
    """

    RECENT_MIN = 100
    RECENT_SHARE = 10  # one in ten

    def __init__(self, cache_dir: Path | None) -> None:
        self.file = cache_dir / "parsed.pickle" if cache_dir is not None else None
        self.recent_file = cache_dir / "parsed-recent.pickle" if cache_dir is not None else None
        self.salt = sha(str(STATE_VERSION), (PACKAGE / "yamlsafe.py").read_bytes(), library_version("pyyaml"))
        self.whole = self._read(self.file)
        self.recent = self._read(self.recent_file)
        self.old: dict[str, Any] = {**self.whole, **self.recent}
        self.new: dict[str, Any] = {}

    def get(self, path: str, text: str, first_line: int, parse: Any) -> Any:
        """parse(path, text, first_line), from the cache when this text was parsed before."""
        if self.file is None:
            return parse(path, text, first_line)
        key = sha(path, str(first_line), text)
        if key not in self.old:
            self.old[key] = parse(path, text, first_line)
        self.new[key] = self.old[key]
        return self.new[key]  # saved before validation reads it, so never a changed copy

    def save(self) -> None:
        """Write what this build used, if it differs from what was read: only the entries the
        whole file lacks, while those and the whole file's unused ones are few."""
        if self.file is None or self.recent_file is None:
            return
        added = {key: entry for key, entry in self.new.items() if key not in self.whole}
        unused = len(self.whole) - (len(self.new) - len(added))
        if not self.whole or len(added) + unused > max(self.RECENT_MIN, len(self.new) // self.RECENT_SHARE):
            self._write(self.file, self.new)
            self._remove(self.recent_file)
        elif not added:
            self._remove(self.recent_file)
        elif added.keys() != self.recent.keys():
            self._write(self.recent_file, added)

    def _read(self, file: Path | None) -> dict[str, Any]:
        """The entries a cache file holds; none if it is missing, damaged or made by other code."""
        if file is None or not file.exists():
            return {}
        try:
            with file.open("rb") as handle:
                saved = pickle.load(handle)
            if isinstance(saved, dict) and saved.get("salt") == self.salt and isinstance(saved.get("entries"), dict):
                return saved["entries"]
        except Exception:  # a damaged or outdated cache is just a cold one
            pass
        return {}

    @staticmethod
    def _remove(file: Path) -> None:
        """Remove a cache file, if it is there and can be."""
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            log.debug("could not remove %s: %s", file, exc)

    def _write(self, file: Path, entries: dict[str, Any]) -> None:
        """Write entries to a cache file, whole or not at all; a cache that cannot be written is
        only a cold one next time."""
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            temp = file.with_suffix(".part")
            with temp.open("wb") as handle:
                pickle.dump({"salt": self.salt, "entries": entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temp.replace(file)
        except OSError as exc:
            log.debug("could not keep the parsed files in %s: %s", file, exc)
