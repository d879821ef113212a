"""The pages' Content Security Policy in Chromium: nothing the site does breaks it, and it stops a
page from loading or running anything that does not come from the site itself."""

from __future__ import annotations

import contextlib
import http.server
import re
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_support import serve
from conftest import PREFIX
from helpers import is_redirect
from test_embed import host_page

pytestmark = pytest.mark.browser

# Set before any of a document's own scripts run, in every frame: each violation the browser
# reports, and where the page's policy stands in its <head>.
RECORD = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  [e.effectiveDirective, e.blockedURI, (e.sourceFile || '') + ':' + e.lineNumber].join(' ')), true);
"""
POLICY_PLACE = """() => {
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  if (!meta) return 'no policy';
  if (meta.parentElement !== document.head) return 'policy outside <head>';
  const before = [...document.head.children].slice(0, [...document.head.children].indexOf(meta));
  const late = before.filter(e => !(e.tagName === 'META' && e.hasAttribute('charset')));
  return late.length ? 'policy after ' + late.map(e => e.outerHTML.slice(0, 60)).join(', ') : '';
}"""




class Reader:
    """A browser tab that collects what the page's policy refused, in every frame, and console errors."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.context.add_init_script(RECORD)
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.page.on("console", lambda m: self.refused.append(f"console: {m.text}")
                     if m.type == "error" and "Content Security Policy" in m.text else None)
        self.page.on("pageerror", lambda e: self.refused.append(f"uncaught: {e}"))

    def collect(self, where: str) -> list[str]:
        """Everything refused so far, in any frame of the tab, each line naming where."""
        found = [f"{where}: {line}" for line in self.refused]
        self.refused.clear()
        for frame in self.page.frames:
            found += [f"{where} ({frame.url}): {v}" for v in frame.evaluate(
                "() => { const v = window.__violations || []; window.__violations = []; return v; }")]
        return found


def test_no_page_or_script_of_the_site_breaks_its_security_policy(browser: Any, site_url: str,
                                                                   real_site_prefixed: Path, tmp_path: Path) -> None:
    """Every page opens with its policy first in <head>, and its scripts do all they do under it:
    Vega's chart and tooltip, the data table, the facts table's sort and filter, a search with
    results and filters (Pagefind's WebAssembly, worker and index), the embed code's copy button,
    and an embed page in another site's frame sizing it. A policy the site breaks would show in
    the readers' consoles and take away what it blocked."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    reader = Reader(browser, viewport={"width": 1280, "height": 900})
    page, problems = reader.page, []
    for path in sorted(real_site_prefixed.rglob("*.html")):
        address = path.relative_to(real_site_prefixed).as_posix().removesuffix("index.html")
        page.goto(site_url + address, wait_until="load")
        if is_redirect(path):  # checked in the page it leads to, once there
            page.wait_for_url(lambda url, start=site_url + address: url != start)
            page.wait_for_load_state("load")
        if path.read_text(encoding="utf-8").count('http-equiv="Content-Security-Policy"') != 1:
            problems.append(f"{address}: no policy in the file")
        if place := page.evaluate(POLICY_PLACE):
            problems.append(f"{address}: {place}")
        problems += reader.collect(address)

    for address in ("", "facts/internet-users-ministry-2023/", "metrics/fibre-coverage-national/", "charts/digital-id/"):
        page.goto(site_url + address, wait_until="load")
        holders = page.locator("figure.chart .chart-svg")
        for i in range(holders.count()):
            holders.nth(i).scroll_into_view_if_needed()
            holders.nth(i).hover()
        try:  # Vega draws each chart: no eval, no <style> of its own
            page.wait_for_function(f"() => document.querySelectorAll('.chart-svg.is-interactive').length "
                                   f"=== {holders.count()}", timeout=20000)
            page.locator(".chart-live :is(.mark-rect, .mark-symbol) path").first.hover(force=True)
            page.locator("#vg-tooltip-element.visible").wait_for(timeout=5000)
        except PlaywrightTimeout:
            problems.append(f"{address or 'home'}: the charts did not come to life, or showed no tooltip")
        page.locator("figure.chart details summary").first.click()  # the data table
        problems += reader.collect(f"{address or 'home'}, charts")

    page.goto(site_url + "facts/", wait_until="load")
    page.get_by_role("button", name="Value", exact=True).click()
    page.get_by_label("Filter the facts").press_sequentially("SIMA", delay=50)
    page.wait_for_function("() => / of \\d+ facts shown/.test(document.querySelector('.table-status').textContent)")
    problems += reader.collect("facts table")

    page.goto(site_url + "search/?q=fibre", wait_until="load")
    page.locator(".pagefind-ui__result-link[href]").first.wait_for(timeout=15000)
    group = page.locator("#search details", has=page.locator("summary", has_text="Type"))
    if not group.evaluate("d => d.open"):
        group.locator("summary").click()
    group.locator("input[name=Type]").first.check()
    page.wait_for_url(re.compile(r"[?&]type="))
    page.locator(".pagefind-ui__result-link[href]").first.wait_for(timeout=15000)
    problems += reader.collect("search")

    reader.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.split(PREFIX)[0])
    page.goto(site_url + "charts/headline/", wait_until="load")
    page.locator("details.embed-code summary").click()
    page.get_by_role("button", name="Copy the embed code").click()
    page.get_by_text("Copied to the clipboard.").wait_for(timeout=5000)
    problems += reader.collect("copy button")
    page.goto(site_url + "facts/digital-id-65-percent/", wait_until="load")
    page.locator("details.bibtex summary").click()
    page.get_by_role("button", name="Copy the BibTeX entry").click()
    page.get_by_text("Copied to the clipboard.").wait_for(timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()").startswith("@online{bakudigitalclaims-fact-digital-id-65-percent,")
    problems += reader.collect("BibTeX copy button")

    host_page(tmp_path, real_site_prefixed, "headline", site_url, listen=True)
    with serve(tmp_path) as host:  # another origin: another port
        page.goto(host, wait_until="load")
        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")  # embed.js's message
        page.frame_locator("iframe").locator("summary").click()
        problems += reader.collect("embed page in another site's frame")
    reader.context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("address", ["", "facts/digital-id-65-percent/", "no-such-page/"])
def test_chromium_loads_the_web_app_manifest_under_the_policy_without_errors(browser: Any, site_url: str,
                                                                             address: str) -> None:
    """What Chromium reads when a reader adds a page to the home screen (DevTools' Application
    panel shows the same): the manifest the page links to, allowed by the policy (manifest-src; a
    refused manifest is reported as no manifest), without errors, starting and scoped at the site's
    base address, its icons there. The 404 page, served at any depth, links to it too."""
    reader = Reader(browser)
    reader.page.goto(site_url + address, wait_until="load")
    got = reader.context.new_cdp_session(reader.page).send("Page.getAppManifest")
    refused = reader.collect(address or "home")
    manifest = got.get("manifest", {})
    icons = [(icon["url"], reader.page.request.get(icon["url"])) for icon in manifest.get("icons", [])]
    reader.context.close()
    assert not refused, "\n".join(refused)
    assert got["url"] == site_url + "manifest.webmanifest" and got["errors"] == [], got
    assert manifest["name"] == "Baku Digital Claims" and manifest["startUrl"] == manifest["scope"] == site_url
    assert len(icons) >= 3 and all(response.ok and response.headers["content-type"].startswith("image/")
                                   for _, response in icons), [(url, r.status) for url, r in icons]


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Another origin's server: records each path asked for."""

    asked: list[str]

    def do_GET(self) -> None:
        """Record the request; answer with nothing."""
        self.asked.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet in test output
        return


@contextlib.contextmanager
def other_origin() -> Iterator[tuple[str, list[str]]]:
    """A server on another 127.0.0.1 port; yields its address and the paths it was asked for."""
    asked: list[str] = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), type("Recorder", (_Recorder,), {"asked": asked}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    watchdog = threading.Timer(300, server.shutdown)
    thread.start()
    watchdog.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        watchdog.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# What markup slipped into a page could do: show another site's image (and tell it who reads
# what), load its script, stylesheet, frame or font, fetch from it, run inline code or compile WebAssembly.
INJECT = """other => {
  const main = document.querySelector('main');
  main.insertAdjacentHTML('beforeend', `<img src="${other}/image.png" alt="">
    <link rel="stylesheet" href="${other}/style.css"><iframe src="${other}/frame.html" title="x"></iframe>
    <p style="background-image: url(${other}/background.png)">x</p>`);
  const script = document.createElement('script');
  script.src = other + '/script.js';
  document.head.append(script);
  const inline = document.createElement('script');
  inline.textContent = 'window.ranInline = true';
  document.head.append(inline);
  fetch(other + '/data.json').catch(() => {});
  new FontFace('Other', `url(${other}/font.woff2)`).load().catch(() => {});
  const wasm = WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))  // an empty module
    .then(() => 'compiled', error => error.name);
  return new Promise(done => setTimeout(() => wasm.then(done), 1500));
}"""


@pytest.mark.parametrize("address", ["facts/digital-id-65-percent/", "charts/headline/embed/"])
def test_the_policy_stops_a_page_loading_anything_from_another_origin(browser: Any, site_url: str,
                                                                      address: str) -> None:
    """Markup put into a page (a flaw in the sanitiser, an extension's, a hostile network's) asks
    another server for an image, a stylesheet, a frame, a font, a script and data, and adds an inline
    script: the other server is asked for nothing, the inline script does not run, and the
    browser reports each refusal. Nor does WebAssembly compile, which only the search page allows."""
    with other_origin() as (other, asked):
        reader = Reader(browser)
        reader.page.goto(site_url + address, wait_until="load")
        wasm = reader.page.evaluate(INJECT, other)
        refused = reader.collect(address)
        ran_inline = reader.page.evaluate("window.ranInline === true")
        reader.context.close()
    assert asked == [], f"the other origin was asked for {asked}"
    assert not ran_inline, "an inline script ran"
    assert wasm == "CompileError", f"WebAssembly: {wasm}"
    directives = {line.split(": ", 1)[1].split(" ")[0] for line in refused if ": console:" not in line}
    assert {"img-src", "style-src-elem", "frame-src", "script-src-elem", "connect-src", "font-src"} <= directives, refused
