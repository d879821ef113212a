"""Serving a built site on 127.0.0.1 and driving the Debian chromium package through Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Mapping, NoReturn
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `folder` under `prefix`; anything outside the prefix is a 404, as on GitHub Pages."""

    prefix = "/"
    late: Mapping[str, float] = {}

    def do_GET(self) -> None:
        """Answer, after a wait if the path is one of `late` (a slow connection's file)."""
        time.sleep(self.late.get(unquote(urlsplit(self.path).path), 0.0))
        super().do_GET()

    def translate_path(self, path: str) -> str:
        clean = unquote(urlsplit(path).path)
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-prefix")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # quiet in test output
        return


class _Server(http.server.ThreadingHTTPServer):
    """A test's server, quiet when a browser or crawler stops waiting for an answer."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """Leave out a dropped connection; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/", time_limit: float = 900.0,
          late: Mapping[str, float] | None = None) -> Iterator[str]:
    """Serve folder on 127.0.0.1 at a free port under prefix; yield the base URL; stop on exit or after time_limit s.
    Each path in `late` (as requested, prefix included) is answered after its number of seconds."""
    handler = type("Handler", (_Handler,), {"prefix": prefix, "late": dict(late or {})})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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


def chromium_path() -> str | None:
    """CHROMIUM_PATH if set, else the Debian chromium (or, on a GitHub runner, its preinstalled Chrome)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    names = ("chromium", "chromium-browser", "google-chrome")
    return next((found for found in map(shutil.which, names) if found), None)


def unavailable(reason: str) -> NoReturn:
    """Skip a test for a tool this machine lacks (reason says which, and how to get it); under CI=true,
    where setup.sh installs every tool the tests use, fail it instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, but {reason}")
    pytest.skip(f"{reason}; skipped")


def require_chromium() -> str:
    """The chromium path; skip the test without it, except under CI=true where it must exist."""
    path = chromium_path()
    if path is None:
        unavailable("the chromium package is not installed (apt-get install chromium; setup.sh installs it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    return path


@contextlib.contextmanager
def launch(env: Mapping[str, str] | None = None) -> Iterator[object]:
    """A headless Debian Chromium, closed on exit (Playwright gives each launch a fresh temporary profile);
    env is added to its environment (FONTCONFIG_FILE: the fonts it has)."""
    from playwright.sync_api import sync_playwright
    executable = require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS,
                                    env={**os.environ, **env} if env else None)
        try:
            yield browser
        finally:
            browser.close()


def guard_network(page: object, allowed_origin: str) -> list[str]:
    """Abort and record every request that leaves the local server; return the record."""
    leaving: list[str] = []

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(allowed_origin) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            leaving.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)  # type: ignore[attr-defined]
    return leaving


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
