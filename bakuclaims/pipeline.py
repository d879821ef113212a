"""The build, stage by stage: load → validate → chart → render → write."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .chart import chart, drawn, script_bundle, tidy_cache
from .incremental import Previous, folder_signature, html_key, link_tree, site_key
from .load import load
from .options import Options
from .problems import BuildFailed, Cancelled, Problem, errors_in
from .render import Page, render, static_problems, template_problems
from .search import BUNDLE, for_search, index as index_search, pagefind_binary, searchable
from .typography import typeset
from .validate import Site, validate
from .vlrender import Drawers
from .write import Staging, check_paths, count_files, marker

log = logging.getLogger(__name__)


@dataclass
class Result:
    """What a build did: files written, warnings met, seconds taken, and whether the search
    index it left is the last build's, made from other pages (see build_site's search_now)."""

    files: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    search_stale: bool = False


def check_site(root: Path, strict: bool = False, cache_dir: Path | None = None) -> tuple[Site, list[Problem]]:
    """Load and validate, and look for static files the templates link to that are not there; raise
    BuildFailed with every problem if any is an error, the templates' syntax errors among them (found
    by rendering when the inputs are valid)."""
    inputs, problems = load(root, cache_dir)
    site, found = validate(inputs)
    problems += found + static_problems(root)
    failing = problems if strict else errors_in(problems)
    if failing:
        raise BuildFailed(problems + template_problems(root))
    return site, problems


def build_site(root: Path, out: Path, options: Options, strict: bool = False,
               cache: bool = True, drawers: Drawers | None = None, search_now: bool = True,
               cancel: threading.Event | None = None) -> Result:
    """Build the site from root into out; out is untouched if anything fails. Charts are drawn
    by drawers when given (started early, to warm up), else by vl-convert children started here.

    With search_now False (the preview, right after a save), the last search index is kept as
    it is when pages changed, so the pages are served without waiting for Pagefind; the result
    says the index is stale, and the next build with search_now makes it afresh.

    When cancel is set during the build (the preview, on a save while it made the search
    index), the build stops and raises Cancelled; out is untouched."""
    started = time.perf_counter()
    cache_dir = root / ".cache" if cache else None
    charts_dir = cache_dir / "charts" if cache_dir is not None else None
    with drawers or Drawers() as drawers:  # vl-convert starts warming up, in a child, before the inputs load
        site, warnings = check_site(root, strict, cache_dir)
        log.debug("validated %d facts", len(site.facts))
        site = typeset(site)  # checked, and its problems quoted, as typed; shown with typographic quotes
        _go_on(cancel)
        with ThreadPoolExecutor(max_workers=1) as pool:
            bundle = pool.submit(script_bundle, charts_dir)  # bundled in a child process: overlap it
            charts = chart(site, charts_dir, drawers, options)  # new charts are drawn while pages render
            inputs_key = site_key(root, options, site.facts)
            script = bundle.result()
        previous = Previous.load(cache_dir, out)
        spare = cache_dir / "spare-site" if cache_dir is not None else None
        kept = cache_dir / "search-pages" if cache_dir is not None else None
        # out is untouched if anything below fails; the pool's thread is joined before staging is cleared
        with Staging(out, spare) as staging, ThreadPoolExecutor(max_workers=1) as pool:
            search = _Search(previous, staging, kept, search_now, pool, cancel)
            pages = render(site, charts, root, options, script, previous, inputs_key, staging.put, cache_dir,
                           html_done=search.start, trim=for_search) + [marker()]
            drawn(charts)
            tidy_cache(charts_dir, charts)
            drawers.stop()  # the children that drew nothing
            clashes = check_paths(pages)
            if clashes:
                raise BuildFailed(clashes)
            _go_on(cancel)
            if previous.holds(pages, search.key, BUNDLE):
                log.debug("%s already holds this build: nothing written", out)
                previous.save(pages, previous.search)  # the keys may be new even where the bytes are not
                return Result(len(pages) + count_files(str(out / BUNDLE)), warnings, time.perf_counter() - started)
            files = staging.commit(pages, finish=search.finish, alongside=search.running is not None)
    previous.save(pages, search.state)
    return Result(files, warnings, time.perf_counter() - started, search_stale=not search.state[0])


class _Search:
    """A build's search index. When it has to be made (the pages changed), Pagefind starts in
    the background as soon as the HTML pages are rendered and its copy of them is made, and
    runs while the feed and downloads are made and the pages written; otherwise the last index
    is linked in after the pages are written."""

    def __init__(self, previous: Previous, staging: Staging, kept: Path | None, now: bool,
                 pool: ThreadPoolExecutor, cancel: threading.Event | None = None) -> None:
        self.previous, self.staging, self.kept, self.now, self.pool = previous, staging, kept, now, pool
        self.cancel = cancel
        self.key = ""
        self.state = ["", ""]  # for the build state: the index's key ("" if stale) and signature
        self.hashes: dict[str, str] = {}
        self.text: Callable[[str], bytes] | None = None  # what Pagefind reads of each page
        self.running: Future[None] | None = None

    def start(self, html: list[Page]) -> None:
        """Key the index by the HTML pages; start Pagefind on them now if it is to run (and
        the build has not been told to stop)."""
        _go_on(self.cancel)
        self.hashes = {p.path: p.sha256() for p in html}
        self.key = html_key(self.hashes, pagefind_binary())
        self.state = [self.key, ""]
        trimmed = {p.path: p.search for p in html if p.search is not None}  # rendered now: no need to read them
        self.text = searchable(self.staging.reader(html), trimmed)
        if self.now and not self.previous.indexed(self.key):
            # The build goes on once Pagefind runs, its copy of the pages made and the last index
            # linked in: those are many short system calls, and so is writing the pages; two
            # threads making them hand the interpreter's lock to and fro, and take longer side
            # by side than one after the other.
            ready = threading.Event()
            self.running = self.pool.submit(self.make, self.staging.path, ready.set)
            self.running.add_done_callback(lambda _: ready.set())  # the last index reused, or a failure
            ready.wait()

    def finish(self, folder: Path) -> None:
        """The index in folder/BUNDLE, waited for or made; its signature noted in state."""
        if self.running is not None:
            self.running.result()
        else:
            self.make(folder)
        self.state[1] = folder_signature(folder / BUNDLE)

    def make(self, folder: Path, ready: Callable[[], None] | None = None) -> None:
        """Make the index in folder/BUNDLE, or link in the last one (see _index and _keep_index);
        ready, if given, is called as Pagefind starts."""
        assert self.text is not None, "start comes first"
        if self.now:
            _index(folder, self.previous, self.state, self.kept, self.hashes, self.text, self.cancel, ready)
        else:
            _keep_index(folder, self.previous, self.state, self.kept, self.hashes, self.text, self.cancel)


def _go_on(cancel: threading.Event | None) -> None:
    """Raise Cancelled if the build has been told to stop."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def _index(staging: Path, previous: Previous, search: list[str], kept: Path | None,
           hashes: dict[str, str], text: Callable[[str], bytes], cancel: threading.Event | None = None,
           ready: Callable[[], None] | None = None) -> None:
    """Index the HTML pages (hashes: their paths and SHA-256; text: what Pagefind reads of
    each) with Pagefind, through the copy kept in the cache, if any, or link in the last index
    when no HTML page changed; ready, if given, is called as Pagefind starts."""
    last = previous.last_search(BUNDLE)
    if previous.reuse_search(search[0], last, staging / BUNDLE):
        log.debug("search index unchanged: reused")
    else:
        index_search(staging / BUNDLE, hashes, text, kept, last, cancel, ready)


def _keep_index(staging: Path, previous: Previous, search: list[str], kept: Path | None,
                hashes: dict[str, str], text: Callable[[str], bytes], cancel: threading.Event | None = None) -> None:
    """Link in the last search index even if other pages made it, and blank the key in search
    so that the next build makes it afresh; index now only when there is no last index."""
    last = previous.last_search(BUNDLE)
    if last is None:
        return _index(staging, previous, search, kept, hashes, text, cancel)
    if previous.reuse_search(search[0], last, staging / BUNDLE):
        log.debug("search index unchanged: reused")
    else:
        link_tree(last, staging / BUNDLE)
        log.debug("search index: the last one kept for now")
        search[0] = ""
