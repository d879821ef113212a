"""Hostile text in facts and Markdown builds into harmless text: nothing runs, no dialog opens."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest

from browser_support import guard_network, launch, serve
from conftest import make_project, run_build
from helpers import text_of

# In the plain texts, the site sets straight quotes as typographic ones, which would leave
# alert(‘…’) harmless even unescaped: their payloads quote with backticks, which it keeps.
PAYLOAD_TEXT = "<script>alert(`xss-script`)</script>"


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project whose every text field carries script payloads, built."""
    root = make_project(tmp_path_factory.mktemp("xss") / "project", "xss")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


class _Markup(HTMLParser):
    """Collects the tags, attribute names and URL values a browser would act on."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "data") and value:
                self.urls.append(value)


def markup_of(html: str) -> _Markup:
    """The parsed markup of a page."""
    parser = _Markup()
    parser.feed(html)
    return parser


OUR_SCRIPTS = {'<script type="module" src="/assets/charts.js" data-bundle="/assets/vega-embed.js">',
               '<script src="/pagefind/pagefind-ui.js">',
               '<script src="/assets/search.js">',
               '<script src="/assets/embed.js" defer>',
               '<script src="/assets/facts-table.js" defer>',
               '<script type="module" src="/assets/share.js">'}


def page_texts(site: Path) -> Iterator[tuple[str, str]]:
    """Every HTML page of a site with its source."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


def test_no_payload_survives_as_markup(xss_site: Path) -> None:
    for name, html in page_texts(xss_site):
        body = html.split("<body>", 1)[1]
        scripts = re.findall(r"<script\b[^>]*>", body)
        assert set(scripts) <= OUR_SCRIPTS, (name, scripts)
        markup = markup_of(html)
        assert not [u for u in markup.urls if u.strip().lower().startswith("javascript:")], name
        assert not markup.handlers, f"{name}: inline event handlers survived: {markup.handlers}"
        assert "iframe" not in markup.tags, name
        assert not [t for t in markup.tags if t == "svg"] or 'role="img"' in html, name
        assert "49" not in text_of(body).replace("2049", ""), f"{name}: template syntax was evaluated"


def test_yaml_text_is_shown_as_text(xss_site: Path) -> None:
    html = (xss_site / "facts/coverage-claim/index.html").read_text(encoding="utf-8")
    assert PAYLOAD_TEXT in text_of(html), "the title is shown literally, escaped"
    assert "&lt;script&gt;alert(`xss-script`)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in text_of(html)


@pytest.mark.browser
def test_no_dialog_opens_on_any_page(xss_site: Path) -> None:
    dialogs: list[str] = []
    with launch() as browser, serve(xss_site) as url:
        origin = url.rstrip("/")
        for name, _ in page_texts(xss_site):
            page = browser.new_page()
            offsite = guard_network(page, origin)
            page.on("dialog", lambda d: (dialogs.append(f"{name}: {d.message}"), d.dismiss()))
            page.goto(url + name.removesuffix("index.html"), wait_until="load")
            if page.locator(".chart-svg").count():
                page.locator(".chart-svg").first.hover()
                page.wait_for_timeout(300)
            page.close()
            assert not [u for u in offsite if "xss" in u or u.startswith("javascript")], offsite
    assert dialogs == []
