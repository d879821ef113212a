"""Site search: a Pagefind index of the written pages, built inside the staging folder.

Pagefind (the PyPI package `pagefind[extended]` ships its binary) reads the HTML that
the build wrote and adds pagefind/ beside it: the index, and the scripts and styles of
the search interface. Only the parts of pages marked `data-pagefind-body` (facts,
conference summaries, metrics, prose pages) are indexed; charts are left out, since
their text repeats the facts' own pages. Pagefind reads a copy of the pages with the
charts and the parts marked `data-pagefind-ignore` cut out, and of a page with a
`data-pagefind-body` part, only the `<html>` tag, the title and that part (the rest is
not indexed): on a fact page the chart of its metric is most of the bytes, and Pagefind
parses every byte, excluded or not. A page the build renders is trimmed as it is
rendered, by the process that renders it (see searchable); a page taken from the last
build is read back and trimmed only when the copy lacks it. With a cache, that copy is
kept in .cache/search-pages/ between builds and only the pages whose bytes changed are
copied again (a manifest beside it lists the page hashes it holds). Pagefind writes its
filter files in hash-map order, which changes from run to run: they are rewritten in one
order after it (see stable_filters). The entries of the sources index are each a search result
of their own: each is given to Pagefind as a file of its own in the copy (see records). Pagefind
starts from the last build's index, when it is
unchanged since, and writes only the files that are new (see _index_from). No network
is used; the output depends only on the pages, so two builds of the same inputs give
the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

from .incremental import link_tree, make_folder, remove_entry
from .problems import BuildFailed, Cancelled, Problem

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
EXCLUDE = ".chart, dt"  # charts: SVG labels and data tables repeat other pages' facts; dt: labels ("What it measures")
CHART_START, CHART_END = '<figure class="chart"', "</figure>"  # the figure macro's markup (no nesting)
INDEXED = "data-pagefind-body"  # the attribute of the element holding the indexed part
IGNORED = "data-pagefind-ignore"  # the attribute of an element Pagefind skips
RECORD = "data-search-record"  # the site's own: an element that is a search result of its own (see records)
TAG_WITH = {name: re.compile(rf"<([a-z][a-z0-9]*)\b[^<>]*\s{name}[\s>=]")  # an opening tag, up to the attribute
            for name in (INDEXED, IGNORED, RECORD)}
TITLE = re.compile(r"<title>[^<]*</title>")
ID = re.compile(r'\sid="([^"]+)"')
COPY_FORMAT = 6  # in the kept copy's manifest: a copy made another way is made again
ORIGIN = "site search (Pagefind)"
HASHED = ("fragment", "index", "filter")  # Pagefind's folders of files named by a hash of their contents
ENTRY = "pagefind-entry.json"  # the index's entry point: its version and, per language, its metadata file
META_SIGNATURE = b"pagefind_dcd"  # what Pagefind's decompressed metadata files begin with
TIMEOUT = 300  # seconds Pagefind may run
CANCEL_CHECK = 0.05  # seconds between looks at a build's cancel event while Pagefind runs


def pagefind_binary() -> Path:
    """The Pagefind executable: PAGEFIND_BINARY_PATH if set, as the pagefind package honours
    it, else the one pagefind[extended] installed; BuildFailed when there is none."""
    given = os.environ.get("PAGEFIND_BINARY_PATH")
    binary = Path(given) if given else _installed_pagefind()
    if binary is None or not binary.is_file():
        raise BuildFailed([Problem(ORIGIN, 1, 1, "Pagefind is not installed; run `pip install -e .` "
                                                 "(it brings pagefind[extended] and its binary)")])
    return binary


def _installed_pagefind() -> Path | None:
    """The binary that Pagefind's binary package (extended, else plain) installed, asked of
    that package: the pagefind package's own lookup imports asyncio, 15 ms of a build's start."""
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return Path(importlib.import_module(package).get_executable())
        except (ImportError, OSError):
            continue
    return None


def index(bundle: Path, pages: dict[str, str], text: Callable[[str], bytes], kept: Path | None = None,
          last: Path | None = None, cancel: threading.Event | None = None,
          ready: Callable[[], None] | None = None) -> None:
    """Index the given HTML pages (each page's path and SHA-256; text gives what Pagefind
    reads of it: see searchable) into bundle; BuildFailed if Pagefind fails.

    Pagefind reads a copy of the pages made for it (see for_search): the one kept at kept,
    brought up to date, or else a fresh one that is removed after. With last (the last
    build's index, unchanged since), Pagefind starts from it (see _index_from). When cancel
    is set, Pagefind is stopped and Cancelled raised. ready, if given, is called as Pagefind
    starts, its copy made and the last index linked in.
    """
    if kept is not None:
        update_copy(kept, pages, text)
        _index_from(kept, bundle, last, cancel, ready)
        return
    with tempfile.TemporaryDirectory(prefix=".site.search-", dir=bundle.parent.parent) as folder:
        copy = Path(folder) / "pages"
        update_copy(copy, pages, text)
        _index_from(copy, bundle, last, cancel, ready)


def _index_from(pages: Path, bundle: Path, last: Path | None, cancel: threading.Event | None = None,
                ready: Callable[[], None] | None = None) -> None:
    """Run Pagefind over pages into bundle, starting from the last index when there is one.

    Pagefind names the files in its folders (HASHED) by a hash of their contents and does
    not write a file that is already there. So the last index's files are linked in first,
    Pagefind adds only the new ones (a few dozen after one edit, against a thousand), and
    the ones the new index does not name are removed after. Making a thousand new files
    costs more than the indexing on some file systems (ext4 without a journal searches
    past every recently deleted inode for each new one). When the new index cannot be
    read, or another Pagefind version made the last one, the index is made afresh.
    """
    if last is not None:
        linked = _link_hashed(last, bundle)
        if ready is not None:
            ready()
        _pagefind(pages, bundle, cancel)
        version = _version(last)
        if version is not None and version == _version(bundle) and _remove_unnamed(bundle, linked):
            return
        log.debug("search index: the last index could not be reused; indexing afresh")
    shutil.rmtree(bundle, ignore_errors=True)  # what a staging folder held of an older index
    if ready is not None:
        ready()
    _pagefind(pages, bundle, cancel)


def _link_hashed(last: Path, bundle: Path) -> set[str]:
    """A bundle folder holding hard links to the files in last's hashed folders, and nothing
    else (Pagefind writes its other files afresh, never into a linked one); their paths
    below it. What the folder holds already of them stays (see link_tree)."""
    make_folder(bundle)
    with os.scandir(bundle) as scan:
        for entry in scan:
            if entry.name not in HASHED or not (last / entry.name).is_dir():
                remove_entry(entry)
    for name in HASHED:
        if (last / name).is_dir():
            link_tree(last / name, bundle / name)
    return set(_hashed_files(bundle))


def _hashed_files(bundle: Path) -> dict[str, str]:
    """The files in a bundle's hashed folders: their file-system paths by their path below it
    (strings: an index of 5,000 pages has as many files)."""
    found = {}
    for name in HASHED:
        try:
            with os.scandir(bundle / name) as scan:
                found.update({f"{name}/{e.name}": e.path for e in scan if e.is_file()})
        except (FileNotFoundError, NotADirectoryError):
            continue
    return found


def _entry(bundle: Path) -> dict[str, Any]:
    """An index's entry file: its Pagefind version and, per language, its metadata file's
    hash and page count; {} when it cannot be read."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entry if isinstance(entry, dict) else {}


def _version(bundle: Path) -> str | None:
    """The Pagefind version that wrote an index (None if unknown)."""
    version = _entry(bundle).get("version")
    return version if isinstance(version, str) else None


def _page_count(bundle: Path) -> int | None:
    """How many pages an index holds (None if unknown)."""
    try:
        return sum(int(info["page_count"]) for info in _entry(bundle)["languages"].values())
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _remove_unnamed(bundle: Path, linked: set[str]) -> bool:
    """Remove the files of the hashed folders that the index's metadata does not name. False,
    with nothing removed, when the metadata cannot be read, names a file that is missing, or
    (then this reading of it must be wrong) names fewer fragments than the index has pages
    or leaves out a file Pagefind has just written."""
    named = named_files(bundle)
    if named is None:
        return False
    present = _hashed_files(bundle)
    stem = {path: path.split("/")[1].split(".")[0] for path in present}
    fragments, pages = sum(1 for p in present if p.startswith("fragment/") and stem[p] in named), _page_count(bundle)
    if (not named <= set(stem.values()) or pages is None or fragments < pages  # each page has a fragment
            or any(stem[path] not in named for path in present.keys() - linked)):
        return False
    for path, file in present.items():
        if stem[path] not in named:
            os.unlink(file)
    return True


def named_files(bundle: Path) -> set[str] | None:
    """The names (without extension) of the fragment, index and filter files an index's
    metadata refers to; None when its entry or metadata file cannot be read.

    The metadata is gzip-compressed CBOR behind a 12-byte signature; each name is a text
    string: a header byte 0x60 + its length (names are shorter than 24 bytes), then the
    language code, an underscore and hex digits.
    """
    try:
        found: set[str] = set()
        for language, info in _entry(bundle)["languages"].items():
            raw = gzip.decompress((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
            if not raw.startswith(META_SIGNATURE):
                return None
            prefix = f"{language}_".encode()
            at = raw.find(prefix)
            while at > 0:
                length = raw[at - 1] - 0x60
                name = raw[at:at + length]
                if 0 < length < 24 and re.fullmatch(re.escape(prefix) + rb"[0-9a-f]+", name):
                    found.add(name.decode())
                at = raw.find(prefix, at + 1)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, gzip.BadGzipFile):
        return None
    return found


def _pagefind(pages: Path, output: Path, cancel: threading.Event | None = None) -> None:
    """Run Pagefind over the pages below one folder, writing its bundle to output; stop it
    and raise Cancelled if cancel is set meanwhile."""
    binary = pagefind_binary()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}  # no stray settings
    command = [str(binary), "--site", str(pages), "--output-path", str(output),
               "--exclude-selectors", EXCLUDE, "--quiet"]
    started = time.perf_counter()
    try:
        result = _run(command, pages, env, cancel)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildFailed([Problem(ORIGIN, 1, 1, f"Pagefind could not run: {exc}")]) from None
    output_text = (result.stderr + result.stdout).strip()
    if result.returncode != 0 or not (output / ENTRY).is_file():
        last = output_text.splitlines()[-1] if output_text else f"exit code {result.returncode}"
        raise BuildFailed([Problem(ORIGIN, 1, 1, f"Pagefind could not index the site: {last}")])
    if output_text:
        log.debug("pagefind: %s", output_text)
    log.debug("Pagefind ran in %.2f s", time.perf_counter() - started)
    stable_filters(output)


def stable_filters(bundle: Path) -> None:
    """Rewrite an index's filter files, and the metadata file naming them, in one fixed order.

    Pagefind writes the values of each filter (and the filters in its metadata) in the order of
    a hash map, which changes from run to run: the same pages gave other files under other
    names, so two builds of the same inputs differed and each build replaced the last one's
    files. Here each filter's values are sorted by name, and the filters by name, as are the sort
    keys (each with its pages in the order that key gives them, in the metadata file), and each file
    rewritten is named by a hash of what it holds, as Pagefind names them (as long, so that the
    names read the same way: see named_files). The search reads them as before: the order of
    the values is not part of their meaning. An index without filters is left as it is, and so,
    with a warning, is one whose files do not read back to the same bytes (another format).
    """
    entry_file = bundle / ENTRY
    stale: list[Path] = []  # Pagefind's own files, removed once the entry names the new ones
    try:
        entry_text = entry_file.read_text(encoding="utf-8")
        for language, info in json.loads(entry_text)["languages"].items():
            meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _cbor_whole(gzip.decompress(meta_file.read_bytes()))
            if not isinstance(meta, list) or len(meta) < 4 or not isinstance(meta[3], list):
                raise ValueError(f"metadata file {meta_file.name} not read as expected")
            sorts = meta[4] if len(meta) > 4 and isinstance(meta[4], list) else []
            if not meta[3] and len(sorts) < 2:
                continue  # no filters, at most one sort: nothing written in hash-map order
            if sorts:
                meta[4] = sorted(sorts, key=lambda sort: sort[0])  # each key's own order of pages is kept
            filters = []
            for name, file_hash in sorted(meta[3]):
                old = bundle / "filter" / f"{file_hash}.pf_filter"
                chunk = _cbor_whole(gzip.decompress(old.read_bytes()))
                if not isinstance(chunk, list) or len(chunk) != 2:
                    raise ValueError(f"filter file {old.name} not read as expected")
                values = sorted([value, sorted(pages)] for value, pages in chunk[1])
                filters.append([name, _write_hashed(bundle / "filter", language, 7, ".pf_filter", [chunk[0], values])])
                stale += [old] if filters[-1][1] != file_hash else []
            meta[3] = filters
            new_hash = _write_hashed(bundle, language, 10, ".pf_meta", meta, prefix="pagefind.")
            if new_hash != info["hash"]:
                stale.append(meta_file)
                entry_text = entry_text.replace(f'"{info["hash"]}"', f'"{new_hash}"', 1)
        if stale:
            entry_file.write_text(entry_text, encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, gzip.BadGzipFile) as exc:
        # The entry still names Pagefind's files, all still there; a file written here and not
        # named is removed with the others no index names (see _remove_unnamed), or the index
        # is made afresh.
        log.warning("search index: its filters were left in Pagefind's order, which changes from build "
                    "to build (%s)", exc)
        return
    for path in stale:
        path.unlink()


def _write_hashed(folder: Path, language: str, digits: int, suffix: str, value: Any, prefix: str = "") -> str:
    """Write a value as Pagefind's compressed files hold theirs, in folder, named by a hash of
    it as Pagefind names them (language_hex); that name. A file of that name holding other bytes
    (one edited by hand, say) is replaced, never written into: it may be a link to the last
    build's file."""
    data = META_SIGNATURE + _cbor(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    path = folder / f"{prefix}{name}{suffix}"
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    try:
        same = path.read_bytes() == packed
    except FileNotFoundError:
        same = False
    if not same:
        part = path.with_name(f".{path.name}.part")  # named by no index: removed if left behind
        part.write_bytes(packed)
        os.replace(part, path)
    return name


def _cbor_whole(raw: bytes) -> Any:
    """The value a Pagefind file holds (CBOR after its signature), or None when it is not only
    that or does not encode back to the same bytes (so that rewriting it could lose something)."""
    import cbor2  # only where an index has filters to rewrite (4 ms)

    if not raw.startswith(META_SIGNATURE):
        return None
    try:
        value = cbor2.loads(raw[len(META_SIGNATURE):])
    except ValueError:  # cbor2's CBORDecodeError among them
        return None
    return value if META_SIGNATURE + _cbor(value) == raw else None  # bytes left over fail here too


def _cbor(value: Any) -> bytes:
    """value (unsigned integers, text and arrays, all that Pagefind's metadata and filter files
    hold) in CBOR, each length as short as it goes, as Pagefind writes it."""
    import cbor2

    return cbor2.dumps(value)


def _run(command: list[str], cwd: Path, env: dict[str, str],
         cancel: threading.Event | None) -> subprocess.CompletedProcess[str]:
    """Run a command to its end, its output captured; kill it and raise Cancelled as soon as
    cancel is set, or TimeoutExpired after TIMEOUT seconds."""
    deadline = time.monotonic() + TIMEOUT
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        while True:
            try:
                out, err = process.communicate(timeout=CANCEL_CHECK if cancel is not None else TIMEOUT)
                return subprocess.CompletedProcess(command, process.returncode, out, err)
            except subprocess.TimeoutExpired:
                stopped = cancel is not None and cancel.is_set()
                if stopped or time.monotonic() > deadline:
                    process.kill()
                    process.communicate()
                    if stopped:
                        raise Cancelled() from None
                    raise


def searchable(read: Callable[[str], bytes], trimmed: dict[str, bytes]) -> Callable[[str], bytes]:
    """A function giving what Pagefind reads of the page at a path (see for_search): its text
    as trimmed when it was rendered, else read (read gives the page's bytes) and trimmed."""
    def text(path: str) -> bytes:
        done = trimmed.get(path)
        return done if done is not None else for_search(read(path).decode("utf-8")).encode("utf-8")
    return text


def update_copy(copy: Path, pages: dict[str, str], text: Callable[[str], bytes]) -> None:
    """Make copy hold exactly the given HTML pages as Pagefind needs them (text gives that of
    each: see searchable), and the search records they hold (see records), writing only the
    pages whose hash differs from the one its manifest (copy.json, beside it) records."""
    manifest = copy.with_name(copy.name + ".json")
    held, held_records = _read_manifest(manifest)
    manifest.unlink(missing_ok=True)  # the copy's contents are unknown until it is written again
    if held is None:
        shutil.rmtree(copy, ignore_errors=True)
        held = {}
    for path in held.keys() - pages.keys():
        for gone in [path, *held_records.pop(path, [])]:
            (copy / gone).unlink(missing_ok=True)
    changed, folder = 0, str(copy)
    for path, digest in pages.items():
        target = f"{folder}/{path}"  # a string: this runs for every page, most of them unchanged
        if (held.get(path) != digest or not os.path.isfile(target)
                or not all(os.path.isfile(f"{folder}/{r}") for r in held_records.get(path, ()))):
            page = text(path)
            found = records(path, page.decode("utf-8")) if RECORD.encode() in page else {}
            for gone in set(held_records.pop(path, [])) - found.keys():
                (copy / gone).unlink(missing_ok=True)
            for name, body in [(path, page), *((name, body.encode("utf-8")) for name, body in found.items())]:
                os.makedirs(os.path.dirname(f"{folder}/{name}"), exist_ok=True)
                with open(f"{folder}/{name}", "wb") as handle:
                    handle.write(body)
            if found:
                held_records[path] = sorted(found)
            changed += 1
    manifest.write_text(json.dumps({"format": COPY_FORMAT, "pages": pages, "records": held_records}, sort_keys=True),
                        encoding="utf-8")
    log.debug("search copy: %d of %d pages copied again", changed, len(pages))


def _read_manifest(manifest: Path) -> tuple[dict[str, str] | None, dict[str, list[str]]]:
    """The page hashes a kept copy holds, and the paths of the records each page's copy came with
    (see records); None and {} when there is no readable manifest."""
    try:
        kept = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    ours = isinstance(kept, dict) and kept.get("format") == COPY_FORMAT
    held, held_records = (kept.get("pages"), kept.get("records")) if ours else (None, None)
    if (not isinstance(held, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in held.items())
            or not isinstance(held_records, dict)
            or not all(isinstance(v, list) and all(isinstance(r, str) for r in v) for v in held_records.values())):
        return None, {}
    return held, held_records


def records(path: str, html: str) -> dict[str, str]:
    """The search records of a page (the text Pagefind reads of it): each element marked RECORD,
    with an id, as a page of its own, by its path in the copy. Pagefind makes a result of each
    file it reads, and the sources index lists many sources on one page: each is given to Pagefind
    as its own file, under the page's folder with a name no page of the site can have (#id/), and
    carries the address of its entry on the page (its data-pagefind-meta "url", which the search
    interface links to in place of the file's). Only the element is indexed (data-pagefind-body),
    its parts marked data-pagefind-ignore cut already when html is what for_search leaves."""
    head = html.find("<head>")
    start, found, folder = 0, {}, path.removesuffix("index.html")
    while (tag := _tag_with(html, RECORD, start)) is not None:
        end = _element_end(html, tag.group(1), tag.end())
        if end < 0:
            break
        named = ID.search(html, tag.start(), html.find(">", tag.start()))  # in its opening tag
        if named is not None:
            # Without its id, which would make Pagefind keep an anchor of it: its text again, with the
            # parts Pagefind ignores, for sub-results the search page does not show.
            element = html[tag.start():named.start()] + html[named.end():end]
            found[f"{folder}#{named.group(1)}/index.html"] = (
                f"{html[:max(head, 0)]}<head></head>\n<body>\n<div {INDEXED}>\n{element}\n</div>\n"
                "</body>\n</html>\n")
        start = end
    return found


def for_search(html: str) -> str:
    """What Pagefind needs of a page: with its charts and the parts it ignores cut out, its rows
    and list items ended (see ended) and, when it has a part marked data-pagefind-body (Pagefind
    then indexes only that part on every page), only its text before <head> (the <html> tag,
    which gives the language), its title, and that part itself (what follows it too, if that
    holds a data-pagefind-* attribute). The rest was over two thirds of the bytes Pagefind parsed."""
    html = ended(without_ignored(without_charts(html)))
    indexed, head, end = _tag_with(html, INDEXED, 0), html.find("<head>"), html.find("</head>")
    if indexed is None or not 0 <= head < end < indexed.start():
        return html
    title = TITLE.search(html, head, end)
    part = html[indexed.start():]
    close = _element_end(html, indexed.group(1), indexed.end())
    if close >= 0 and "data-pagefind-" not in html[close:]:
        part = html[indexed.start():close] + "\n</body>\n</html>\n"
    return f"{html[:head]}<head>{title.group(0) if title else ''}</head>\n<body>\n{part}"


_BLOCK_CLOSE = re.compile(r"</(?:dd|li|td|th|figcaption)>")  # an element read as a sentence of its own
_INLINE = frozenset({"a", "abbr", "cite", "code", "em", "span", "strong", "time"})  # elements inside its text
_ENDS_SENTENCE = frozenset(".!?:;…")
_CLOSES = frozenset(")]”’\"'")


def ended(html: str) -> str:
    """The page with a full stop at the end of each definition, list item, table cell and caption
    whose text has no stop of its own, for the excerpts Pagefind shows under a result: it ends a
    heading so, but ran a fact's details together ('residents of Azerbaijan Ilham Aliyev,
    President of Azerbaijan ITU World Telecommunication …'). The stop goes after the links and
    dates that end the text, so their own text is as it was; a closing bracket or quotation mark
    after a stop ('(2024.)') is a stop. Read back from each closing tag (a regular expression
    trying every character took 0.4 s over 1,000 facts' pages, this 0.05 s)."""
    kept, at = [], 0
    for close in _BLOCK_CLOSE.finditer(html):
        insert = _back_over_spaces(html, close.start())
        end = insert
        while end > 0 and html[end - 1] == ">":  # past the closing tags of the elements the text ends in
            opened = html.rfind("</", 0, end)
            if opened < 0 or html[opened + 2:end - 1] not in _INLINE:
                break
            end = _back_over_spaces(html, opened)
        last = html[end - 1] if end > 0 else ">"
        if last == ">" or last.isspace() or last in _ENDS_SENTENCE \
                or (last in _CLOSES and end > 1 and html[end - 2] in _ENDS_SENTENCE):
            continue  # no text ends there (an image, an empty element), or it has its stop
        kept += [html[at:insert], "."]
        at = insert
    kept.append(html[at:])
    return "".join(kept)


def _back_over_spaces(text: str, at: int) -> int:
    """The index before the run of whitespace that ends at at."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


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


_FOR_PAGEFIND = re.compile(r"data-pagefind-(?!ignore\b)")  # an attribute Pagefind reads inside an ignored part


def without_ignored(html: str) -> str:
    """The page with each element marked data-pagefind-ignore cut out (a fact page's related
    facts: two thirds of what was left of it), unless it holds something else for Pagefind
    (a data-pagefind-* attribute inside, other than another ignore: Pagefind still reads metadata
    and filters there)."""
    kept, at = [], 0
    while (start := _tag_with(html, IGNORED, at)) is not None:
        end = _element_end(html, start.group(1), start.end())
        if end < 0:
            break
        if _FOR_PAGEFIND.search(html, start.end(), end):
            kept.append(html[at:end])
        else:
            kept.append(html[at:start.start()] + "\n")  # still a break between the words either side
        at = end
    kept.append(html[at:])
    return "".join(kept)


def _tag_with(html: str, attribute: str, at: int) -> re.Match[str] | None:
    """The first opening tag from at on that carries the attribute (INDEXED or IGNORED),
    matched from its "<" up to the attribute; None if there is none. The attribute's name is
    found first, then its tag matched: a regular expression searching the whole page took
    five times as long."""
    found = html.find(attribute, at)
    while found >= 0:
        start = html.rfind("<", at, found)
        if start >= 0 and html.find(">", start, found) < 0:  # the name is inside a tag
            match = TAG_WITH[attribute].match(html, start)
            if match is not None:
                return match
        found = html.find(attribute, found + len(attribute))
    return None


def _element_end(html: str, tag: str, at: int) -> int:
    """Where the element of this tag opened just before at ends (after its closing tag,
    elements of the same tag inside it counted); -1 if it is not closed."""
    opening, closing = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
    depth = 1
    while depth:
        close = html.find(closing, at)
        if close < 0:
            return -1
        depth += len(opening.findall(html, at, close)) - 1
        at = close + len(closing)
    return at
