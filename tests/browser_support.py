"""Serving a built site on 127.0.0.1 and driving the Debian chromium package through Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `folder` under `prefix`; anything outside the prefix is a 404, as on GitHub Pages."""

    prefix = "/"

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


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve folder on 127.0.0.1 at a free port under prefix; yield the base URL; stop on exit."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_path() -> str | None:
    """The Debian chromium binary, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The chromium path; skip the test without it, except under CI=true where it must exist."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but the chromium package is not installed (setup.sh installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Playwright for Python is not installed")
        pytest.skip("Playwright for Python is not installed; browser tests skipped")
    return path


@contextlib.contextmanager
def launch() -> Iterator[object]:
    """A headless Debian Chromium, closed on exit (Playwright gives each launch a fresh temporary profile)."""
    from playwright.sync_api import sync_playwright
    executable = require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
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
