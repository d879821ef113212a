"""Preview: build, serve on 127.0.0.1, rebuild on every change and reload the open page.

The server answers from the built folder on disk. Each HTML answer gets a small
script (`<base>__reload.js`, a file: the pages' security policy refuses inline scripts)
that asks `<base>__reload` for the build number four times a second and reloads
the page when it changes; the files on disk never contain it. While the inputs
are invalid, every HTML request is answered with the list of problems instead,
and the next good build brings the site back.

A rebuild after a save serves the new pages with the last search index, which
Pagefind would otherwise hold up by most of a second. Once no file has changed for
two seconds (`CATCH_UP`), the index is made again, in the background: a save meanwhile
stops it (it would have held the save up by up to its whole time, about 8 s at 5,000
facts), and it starts again once no file has changed for CATCH_UP. The search page
alone also follows that second number (`<base>__reload?search`), since its results
come from the index.

Python's cycle collector is off while the preview builds (it ran about a hundred times in a
rebuild at 1,000 facts, for a tenth of a second); what the builds leave in cycles is collected
in one pass once no file has changed for CATCH_UP, after the search index.
"""

from __future__ import annotations

import functools
import gc
import html
import logging
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from .options import Options
from .pipeline import build_site
from .problems import BuildFailed, Cancelled, format_problems
from .vlrender import Drawers

log = logging.getLogger(__name__)

WATCHED = ("data", "content", "templates", "static")
RELOAD = "__reload"
SEARCH_PAGE = "search/"  # below the base URL: the page whose answers come from the search index
CATCH_UP = 2000  # milliseconds without a change before a stale search index is made again
STEP = 10  # milliseconds without another change before the watcher reports a save (see _watch)
KNOCK = 0.02  # seconds between writes to the watcher's probe file until it reports one (see _watch)
# The live-reload script, a file the preview serves (<base>__reload.js), not an inline script: the
# pages' security policy (csp.py) refuses inline scripts, in the preview as on the site
RELOAD_TAG = ('<script src="{src}" data-version="{version}" data-url="{url}">'
              '</script><!-- live reload: added by build.py serve, not in the built files -->')
RELOAD_JS = """(function () {
  var tag = document.currentScript, seen = tag.dataset.version;
  setInterval(function () {
    fetch(tag.dataset.url, {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== seen) location.reload(); })
      .catch(function () {});
  }, 250);
})();
"""


class Preview:
    """What the server shows: the build number and, while the inputs are invalid, their problems."""

    def __init__(self, root: Path, out: Path, options: Options, strict: bool) -> None:
        self.root, self.out, self.options, self.strict = root, out, options, strict
        self.version = 0
        self.search_version = 0
        self.search_stale = False  # the served search index was made from the pages before the last save
        self.problems: list[str] = []
        self.drawers: Drawers | None = None  # a vl-convert child kept warm for the next rebuild
        self.catching: threading.Thread | None = None  # making the search index, in the background
        self.cancel = threading.Event()  # set to stop it

    def rebuild(self, search_now: bool = True) -> None:
        """Build once; remember the problems if it fails, and count the attempt either way.
        A vl-convert child is then started for the next rebuild, to be warm when it comes.
        Without search_now, the last search index is served until catch_up."""
        self.put_off_catch_up()
        drawers, self.drawers = self.drawers, None
        gc.disable()  # until tidy, once no file has changed for a while
        try:
            result = build_site(self.root, self.out, self.options, strict=self.strict, drawers=drawers,
                                search_now=search_now)
        except BuildFailed as failed:
            self.problems = [p.text() for p in failed.problems]
            log.warning("Build failed; the preview shows the problems until they are fixed:\n%s",
                        "\n".join(self.problems))
        except Exception as exc:  # keep serving: an editor never sees a traceback
            self.problems = [f"Internal error: {type(exc).__name__}: {exc}"]
            log.error("%s", self.problems[0])
            log.debug("details", exc_info=True)
        else:
            if self.problems:
                log.info("Fixed: the site is back.")
            self.problems = []
            if result.warnings:
                log.warning("%s", format_problems(result.warnings))
            self.search_stale = result.search_stale
            log.info("Built %d files in %.2f s%s.", result.files, result.seconds,
                     "; the search index follows" if result.search_stale else "")
        self.version += 1
        self.drawers = Drawers()

    def catch_up(self) -> None:
        """Start making the search index of the served pages in the background, if it is stale
        and not being made already; the vl-convert child kept warm stays for the next save."""
        if not self.search_stale or self.problems or self._catching():
            return
        self.cancel = threading.Event()
        self.catching = threading.Thread(target=self._catch_up, args=(self.cancel,), name="search catch-up",
                                         daemon=True)
        self.catching.start()

    def put_off_catch_up(self) -> None:
        """Stop making the search index, if it is being made, and wait until that build has
        let go of the site (Pagefind is killed; the site is left as it was)."""
        if self.catching is not None:
            self.cancel.set()
            self.catching.join()
            self.catching = None

    def _catching(self) -> bool:
        """Whether the search index is being made now."""
        return self.catching is not None and self.catching.is_alive()

    def _catch_up(self, cancel: threading.Event) -> None:
        """Build with the search index (in the catch-up thread), unless cancel stops it first."""
        gc.disable()
        try:
            result = build_site(self.root, self.out, self.options, strict=self.strict, drawers=Drawers(warm=False),
                                cancel=cancel)
        except Cancelled:
            log.info("Search index put off: a file changed.")
            return
        except Exception as exc:  # keep serving, as rebuild does
            self.search_stale = False  # not tried again until the next save
            if not isinstance(exc, BuildFailed):  # invalid inputs: the rebuild after that save reports them
                log.error("Internal error while indexing: %s: %s", type(exc).__name__, exc)
                log.debug("details", exc_info=True)
            return
        self.search_stale = result.search_stale
        self.search_version += 1
        log.info("Search index updated in %.2f s.", result.seconds)

    def tidy(self) -> None:
        """Collect what the builds since the last pause left in cycles, in one pass (a few
        hundredths of a second), while nobody waits and no search index is being made; the
        collector is back on after."""
        if not self._catching() and not gc.isenabled():
            gc.collect()
            gc.enable()

    def close(self) -> None:
        """Stop making the search index and the vl-convert child kept for the next rebuild;
        the collector is back on."""
        self.put_off_catch_up()
        self.tidy()
        if self.drawers is not None:
            self.drawers.stop()
            self.drawers = None


def serve_forever(root: Path, out: Path, options: Options, port: int, strict: bool = False) -> int:
    """Build, serve out on 127.0.0.1:port (0: any free port), rebuild on changes until Ctrl-C."""
    if log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)  # an editor previewing wants to see each rebuild
    preview = Preview(root, out, options, strict)
    handler = functools.partial(_Handler, preview, directory=str(out))
    try:
        server = _Server(("127.0.0.1", port), handler)
    except OSError as exc:
        log.error("Cannot listen on 127.0.0.1:%d (%s); choose another --port, or --port 0 for any free one.",
                  port, exc.strerror or exc)
        return 2
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C stops it even when a script started it in the background, with SIGINT ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)

    def open_site() -> None:
        """Build, then serve and print the address."""
        log.info("Building the site; the address to open follows.")  # a cold build of 5,000 facts: about 10 s
        preview.rebuild()
        thread.start()
        print(f"Serving http://127.0.0.1:{server.server_address[1]}{options.base_url} (Ctrl-C to stop)",
              flush=True)

    try:
        _watch(root, preview, open_site)
    except KeyboardInterrupt:
        log.info("Stopped.")
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        preview.close()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the preview as Ctrl-C does."""
    raise KeyboardInterrupt


def _watch(root: Path, preview: Preview, open_site: Callable[[], None]) -> None:
    """Start watching, then open_site (the first build); rebuild whenever a file below the
    watched folders changes; returns only on Ctrl-C.

    The first build begins once the watcher is known to be watching: it is also given a folder
    of its own, in the temporary folder, where a file is written every KNOCK seconds until it
    reports one. A save made during the first build, or as soon as the address is printed, is
    then built next; with the address printed first and the watcher started after, such a save
    was never built (a save within a few milliseconds of the address, every time).

    The watcher reports changes once none has come for STEP milliseconds: with its default,
    50, a save was seen 60-80 ms after it was made, against 15-25 ms now. An editor's save is
    one write, or a write and a rename, well within that; a checkout that spreads its writes
    wider may be built twice, the second build with all of them.
    """
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    if not folders:
        open_site()
        log.error("Nothing to watch: %s has none of %s; serving without rebuilding.", root, ", ".join(WATCHED))
        threading.Event().wait()
    with tempfile.TemporaryDirectory(prefix="bakuclaims-preview-") as folder:
        probe = Path(folder).resolve()  # as the watcher reports it (macOS's /tmp is a link)
        heard = threading.Event()
        knocking = threading.Thread(target=_knock, args=(probe / "knock", heard), name="watcher probe", daemon=True)
        knocking.start()
        try:
            for changes in watchfiles.watch(*folders, probe, rust_timeout=CATCH_UP, yield_on_timeout=True,
                                            step=STEP):
                knocks = {path for _, path in changes if Path(path).is_relative_to(probe)}
                saved = saved_names(changes - {change for change in changes if change[1] in knocks})
                if not heard.is_set():
                    if knocks or not changes:  # heard; or CATCH_UP without it, where watching cannot be proved
                        heard.set()
                        open_site()
                elif not changes:  # CATCH_UP without a change
                    preview.catch_up()
                    preview.tidy()
                elif saved:
                    log.info("Changed: %s; rebuilding.", ", ".join(saved))
                    preview.rebuild(search_now=False)
        finally:
            heard.set()
            knocking.join()


def saved_names(changes: set[tuple[watchfiles.Change, str]]) -> list[str]:
    """The names of the files changed, for the preview's "Changed:" line, without an editor's or a tool's
    file made and gone again in the same moment (sed -i's sedG2tTAZ, written then renamed over the file)."""
    added = {path for change, path in changes if change == watchfiles.Change.added}
    gone = {path for change, path in changes if change == watchfiles.Change.deleted}
    return sorted({Path(path).name for _, path in changes if path not in added & gone or Path(path).exists()})


def _knock(probe: Path, heard: threading.Event) -> None:
    """Write probe every KNOCK seconds until heard is set."""
    count = 0
    while not heard.is_set():
        count += 1
        try:
            probe.write_text(str(count), encoding="utf-8")
        except OSError:  # the temporary folder was removed: the watcher cannot be proved ready
            return
        heard.wait(KNOCK)


class _Server(ThreadingHTTPServer):
    """The preview's server: a request that fails is one line in the log, not a traceback."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        """Say nothing when the browser stopped waiting (a reload, a page left while a file came);
        anything else is one line, with the traceback at debug level for whoever works on the code."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        log.error("The preview could not answer a request (%s: %s); it goes on serving.",
                  type(error).__name__, error)
        log.debug("The request that failed:", exc_info=True)


class _Handler(SimpleHTTPRequestHandler):
    """Answers from the built folder under the base URL, with the reload script in every HTML page."""

    def __init__(self, preview: Preview, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        """Answer a GET request."""
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD request: the same headers, no body."""
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        """The reload number, an error page, a redirect, a file, or the site's 404 page."""
        prefix = self.preview.options.base_url
        path, query = urlsplit(self.path)[2:4]
        if unquote(path) == prefix + RELOAD:
            return self._send(HTTPStatus.OK, self._version(query == "search").encode(), "text/plain", with_body)
        if unquote(path) == prefix + RELOAD + ".js":
            return self._send(HTTPStatus.OK, RELOAD_JS.encode(), "application/javascript", with_body)
        if not path.startswith(prefix):
            if path == "/":
                return self._redirect(prefix)
            return self._not_found(with_body)
        file = Path(self.translate_path("/" + path[len(prefix):]))
        if file.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            file = file / "index.html"
        if self.preview.problems and file.suffix in ("", ".html"):
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, self._error_page(), "text/html", with_body)
        if not file.is_file():
            return self._not_found(with_body)
        body = file.read_bytes()
        if file.suffix == ".html":
            search = unquote(path) == prefix + SEARCH_PAGE or unquote(path) == prefix + SEARCH_PAGE + "index.html"
            return self._send(HTTPStatus.OK, self._with_reload(body, search), "text/html", with_body)
        return self._send(HTTPStatus.OK, body, self.guess_type(str(file)), with_body)

    def _not_found(self, with_body: bool) -> None:
        """The site's own 404 page, as the host would show it."""
        page = Path(self.directory) / "404.html"
        body = self._with_reload(page.read_bytes()) if page.is_file() else b"Not found"
        self._send(HTTPStatus.NOT_FOUND, body, "text/html" if page.is_file() else "text/plain", with_body)

    def _redirect(self, location: str) -> None:
        """Send the browser elsewhere on this server."""
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, with_body: bool) -> None:
        """One complete answer, never cached, so a reload shows the latest build."""
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _version(self, with_search: bool) -> str:
        """The build number; with_search, the search index's number after it."""
        if with_search:
            return f"{self.preview.version}.{self.preview.search_version}"
        return str(self.preview.version)

    def _with_reload(self, page: bytes, search: bool = False) -> bytes:
        """The page with the live-reload script before </body> (or at the end); on the search
        page, it also reloads when the search index is made again."""
        reload = self.preview.options.base_url + RELOAD
        script = RELOAD_TAG.format(src=html.escape(reload + ".js"), version=self._version(search),
                                   url=html.escape(reload + ("?search" if search else ""))).encode()
        at = page.rfind(b"</body>")
        return page[:at] + script + page[at:] if at >= 0 else page + script

    def _error_page(self) -> bytes:
        """Every problem of the last build, escaped, under a heading that says what to do."""
        items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in self.preview.problems)
        page = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Build failed: Baku Digital Claims preview</title>
<style>body{{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
li{{margin:.5rem 0}}code{{white-space:pre-wrap;word-break:break-word}}h1{{color:#a40000}}</style></head>
<body>
<h1>The site will come back when the file is fixed</h1>
<p>The last change left the data or content invalid, so the site could not be built.
Fix these problems and save; this page reloads by itself.</p>
<ul>
{items}
</ul>
</body>
</html>
"""
        return self._with_reload(page.encode())

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard signature
        """Requests go to the debug log, not the terminal."""
        log.debug("%s %s", self.address_string(), format % args)
