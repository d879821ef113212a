"""The real site as a screen reader reads it, from the accessibility tree: what it announces for
each chart."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser_support import launch, serve
from helpers import is_embed, is_redirect


def pages(site: Path) -> list[Path]:
    """Every page a reader reaches by the site's own links: not a redirect, not an embed page (shown
    in another site's frame, which names it)."""
    return [p for p in sorted(site.rglob("*.html"))
            if "pagefind" not in p.parts and not is_redirect(p) and not is_embed(p)]


class _ChartInsides(HTMLParser):
    """What a page's chart images (svg role="img") hold outside an aria-hidden part: text, and
    elements with a role or an aria-label, each of which Chromium puts in its accessibility tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside a chart image, hidden)
        self.exposed: list[str] = []
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        inside, hidden = self.stack[-1][1:] if self.stack else (False, False)
        hidden = hidden or values.get("aria-hidden") == "true"
        if inside and not hidden and ("role" in values or "aria-label" in values):
            self.exposed.append(f"<{tag}> {values.get('aria-label') or values.get('role')}"[:80])
        if tag == "svg" and values.get("role") == "img":
            self.images += 1
            inside = True
        self.stack.append((tag, inside, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.stack[-1][2] and data.strip():
            self.exposed.append(f"text {data.strip()}"[:80])


def test_a_chart_is_read_as_its_text_alternative_alone(real_site: Path) -> None:
    """A chart is one image whose name gives every figure. Inside it, its axes' numbers and each mark's
    label ("digital-id-65-percent · Claim: …", for the page's CSS) were in Chromium's accessibility
    tree too, read after the image's name, with the fact ids spelt out."""
    images, exposed = 0, {}
    for page in [*pages(real_site), *sorted(real_site.glob("charts/*/embed/index.html"))]:
        parser = _ChartInsides()
        parser.feed(page.read_text(encoding="utf-8"))
        images += parser.images
        if parser.exposed:
            exposed[page.relative_to(real_site).as_posix()] = parser.exposed[:3]
    assert images > 20, "the test found too few charts to read"
    assert not exposed, exposed


@pytest.mark.browser
def test_chromium_reads_each_chart_as_one_image(real_site: Path) -> None:
    """As the test above, in the accessibility tree Chromium gives a screen reader: a chart image's
    descendants are all ignored, on a page with several charts, a chart's page and its embed page."""
    with serve(real_site) as base, launch() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        cdp = page.context.new_cdp_session(page)
        for path in ("", "charts/broadband-over-time/", "charts/headline/embed/"):
            page.goto(base + path)
            nodes = {node["nodeId"]: node for node in cdp.send("Accessibility.getFullAXTree")["nodes"]}
            images = [n for n in nodes.values() if n.get("role", {}).get("value") == "image" and not n.get("ignored")]
            assert images, path
            for image in images:
                below, read = list(image.get("childIds", [])), []
                while below:
                    node = nodes.get(below.pop())
                    if node:
                        below += node.get("childIds", [])
                        if not node.get("ignored"):
                            read.append(f"{node['role']['value']} {(node.get('name') or {}).get('value', '')}"[:60])
                assert not read, (path, image["name"]["value"][:60], read[:5])
