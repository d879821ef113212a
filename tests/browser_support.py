"""Reusable helpers for tests that serve the built site and drive a browser.

- serve(folder, prefix): the site on 127.0.0.1 at a free port, under a sub-path if
  wanted (as GitHub project pages serve it); stops when the block ends, or by itself
  after a time limit.
- crawl(...) / internal_links(...): every internal link and asset of the HTML pages,
  for a no-404 check.
- chromium_executable(), browser_context(): the Debian chromium through Playwright,
  with a fresh profile; skip with a reason when either is missing, unless CI=true,
  where a missing browser is a failure.

Import what you need: `from browser_support import serve, browser_context`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


# -- a local server ---------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from one folder, visible only under a path prefix; quiet."""

    prefix = "/"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".xml": "application/xml"}

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix) and clean + "/" != self.prefix:
            return str(Path(self.directory) / ".no-such-file")  # outside the prefix: 404
        return super().translate_path("/" + clean[len(self.prefix):])

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/", time_limit: float = 300.0) -> Iterator[str]:
    """Serve folder at http://127.0.0.1:PORT{prefix}; yield that address (ending in '/').

    The server runs in a daemon thread and is shut down when the block ends, or after
    time_limit seconds if the block never ends (so a hung test cannot leave it running).
    """
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    watchdog = threading.Timer(time_limit, server.shutdown)
    watchdog.daemon = True
    thread.start()
    watchdog.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- links ------------------------------------------------------------------------------------

class _LinkParser(HTMLParser):
    """href, src, data-spec/data-bundle, og:url/og:image and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src", "data-spec", "data-bundle"):
            if values.get(name):
                self.links.append(values[name] or "")
        if tag == "meta" and values.get("property") in ("og:url", "og:image") and values.get("content"):
            self.links.append(values["content"] or "")


def parse_links(html: str) -> tuple[list[str], set[str]]:
    """The links and the element ids of an HTML page."""
    parser = _LinkParser()
    parser.feed(html)
    return parser.links, parser.ids


@dataclass
class CrawlReport:
    """What a crawl found: addresses checked, and the broken ones with the pages linking to them."""

    checked: set[str] = field(default_factory=set)
    broken: dict[str, list[str]] = field(default_factory=dict)

    def add_broken(self, target: str, page: str) -> None:
        self.broken.setdefault(target, []).append(page)


def crawl(site: Path, base: str, public_base: str | None = None) -> CrawlReport:
    """Fetch every internal link and asset of every HTML page below site, served at base.

    base is where the local server serves the site (http://127.0.0.1:PORT/sub/);
    public_base, if given, is the address the site was built for
    (https://user.github.io/sub/): absolute links to it are checked on the local server.
    A link to an #id is checked for that id in the target page.
    """
    report = CrawlReport()
    pages: dict[str, tuple[list[str], set[str]]] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = base + rel.removesuffix("index.html")
        pages[url] = parse_links(path.read_text(encoding="utf-8"))
    ids_cache = {url: ids for url, (_, ids) in pages.items()}
    server = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    for page_url, (links, _) in pages.items():
        for link in links:
            if public_base and link.startswith(public_base):
                link = base + link[len(public_base):]
            target = urljoin(page_url, link)
            address, fragment = urldefrag(target)
            if not address.startswith(server + "/"):
                continue  # external, mailto: and the like; a link that escapes the sub-path is kept (404)
            if address not in report.checked:
                report.checked.add(address)
                if not _fetch_ok(address):
                    report.add_broken(address, page_url)
                    continue
            if fragment and address in ids_cache and unquote(fragment) not in ids_cache[address]:
                report.add_broken(target, page_url)
    return report


def _fetch_ok(address: str) -> bool:
    """True when GET address answers 200 (after redirects)."""
    try:
        with urllib.request.urlopen(address, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


# -- a browser --------------------------------------------------------------------------------

def _unavailable(reason: str) -> None:
    """Skip with a reason; under CI=true a missing browser is a failure instead."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


def chromium_executable() -> str:
    """The system Chromium (CHROMIUM_PATH, else chromium on PATH); skip or fail if absent."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit and Path(explicit).is_file():
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    _unavailable("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    raise AssertionError("unreachable")


@contextlib.contextmanager
def browser_context(profile: Path, **options: object) -> Iterator[object]:
    """A Playwright browser context on the system Chromium with a fresh profile folder.

    options go to launch_persistent_context (e.g. java_script_enabled=False,
    viewport={"width": 390, "height": 844}). Yields the context; close is automatic.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_executable()
    profile.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS, **options)
        try:
            yield context
        finally:
            context.close()
