"""Charts embedded in other sites' pages: each chart's embed page, and the code its own page offers."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from browser_support import guard_network, serve
from conftest import PREFIX, run_build
from helpers import chart_dirs, links_in, text_of, tree_digest

PUBLIC = "https://example.org/claims/"
REAL_PUBLIC = "https://example.github.io/baku-digital-claims/"  # conftest's real_site_prefixed
CHARTS = ("headline", "metric-coverage", "metric-homes")  # the fixture's


class _Tags(HTMLParser):
    """The opening tags of an HTML fragment, as (name, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict[str, str | None]]:
    """The attributes of each <name> tag in html."""
    parser = _Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def embed_code(chart_page: str) -> str | None:
    """The code a chart's page offers to embed it, as a reader copies it; None when it offers none."""
    found = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', chart_page, re.S)
    return unescape(found[1]) if found else None


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


# -- the embed page ---------------------------------------------------------------------------------

def test_each_chart_has_an_embed_page_with_its_figure_and_a_credit_that_opens_its_page(project: Path) -> None:
    assert run_build(project).returncode == 0
    site = project / "site"
    assert sorted(p.name for p in chart_dirs(site)) == sorted(CHARTS)
    for chart_id in CHARTS:
        html = read(site, f"charts/{chart_id}/embed/index.html")
        head, body = html.split("<body>", 1)
        title = re.search(r'<h1 class="chart-title"[^>]*>(.*?)</h1>', body)[1]
        assert f"<title>{title} · Baku Digital Claims</title>" in head
        assert '<meta name="robots" content="noindex">' in head  # it duplicates the chart's page
        assert f'<link rel="canonical" href="/charts/{chart_id}/">' in head
        assert '<base target="_top">' in head  # every link opens in the window around the frame
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in head
        # opened on its own, its tab shows the site's icon (without a link to it, a browser asked the
        # host's root for /favicon.ico, not found on a project's pages)
        assert '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">' in head
        # the figure: both layouts with their text alternative, the source line, the data table
        svgs = tags(body, "svg")
        assert [s.get("class", "").split()[0] for s in svgs if s.get("role") == "img"] == ["chart-wide", "chart-narrow"]
        assert all(s.get("aria-label") for s in svgs if s.get("role") == "img")
        assert re.search(r'<p class="chart-source">(Claims: [^<]*\. )?(Context figures: [^<]*\. )?Source: ', body)
        assert re.search(r'<summary>Data table<span class="visually-hidden">: [^<]+</span></summary>', body)
        credit = re.search(r'<p class="credit">(.*?)</p>', body)[1]
        assert {"href": f"/charts/{chart_id}/", "target": "_top"} in tags(credit, "a")
        assert text_of(credit).strip() == "Chart: Baku Digital Claims · CC BY 4.0"
        # the chart alone: no header, navigation, footer, downloads or link previews
        for absent in ("<header", "<nav", "<footer", 'class="downloads"', "og:title", "data-pagefind-body"):
            assert absent not in html, (chart_id, absent)
        assert [t.get("src") for t in tags(html, "script")] == ["/assets/embed.js"]
        assert all(link.startswith(("/", "https://")) for link in links_in(html))
        assert all(link.startswith("/") for link in links_in(head)), "its stylesheet comes from the site"


def test_a_charts_page_offers_code_to_embed_it_only_when_built_with_the_sites_address(project: Path) -> None:
    """The code names the embed page by its full address, which a build without one cannot give."""
    assert run_build(project).returncode == 0
    for chart_id in CHARTS:
        html = read(project / "site", f"charts/{chart_id}/index.html")
        assert "Embed this chart" not in html and embed_code(html) is None and "copy.js" not in html
    assert run_build(project, "--base-url", PUBLIC).returncode == 0
    for chart_id in CHARTS:
        html = read(project / "site", f"charts/{chart_id}/index.html")
        assert "Embed this chart" in html and f"{PUBLIC}charts/{chart_id}/embed/" in (embed_code(html) or "")


def test_with_the_sites_address_a_charts_page_gives_the_code_of_a_frame_of_its_embed_page(project: Path) -> None:
    charts = project / "data" / "charts.yaml"
    charts.write_text(charts.read_text(encoding="utf-8").replace(  # a title to escape twice: in the code, then the page
        "title: The claim beside the survey", "title: 'The \"claim\" & the survey <2030>'"), encoding="utf-8")
    assert run_build(project, "--base-url", PUBLIC).returncode == 0
    site = project / "site"
    for chart_id in CHARTS:
        html = read(site, f"charts/{chart_id}/index.html")
        title = unescape(re.search(r'<h1 class="chart-title"[^>]*>(.*?)</h1>', html)[1])
        disclosure = re.search(r'<details class="embed-code">(.*?)</details>', html, re.S)[1]
        assert "<summary>Embed this chart</summary>" in disclosure
        assert {"for": "embed-code"} in tags(disclosure, "label")
        assert "readonly" in tags(disclosure, "textarea")[0]
        code = embed_code(html)
        frames = tags(code, "iframe")
        assert len(frames) == 1
        frame = frames[0]
        assert frame["src"] == f"{PUBLIC}charts/{chart_id}/embed/" and frame["title"] == title
        assert 400 <= int(frame["height"] or 0) <= 3000
        assert frame["referrerpolicy"] == "strict-origin-when-cross-origin"
        assert '<script src="/claims/assets/copy.js" defer></script>' in html
        embed = read(site, f"charts/{chart_id}/embed/index.html")
        assert f'<link rel="canonical" href="{PUBLIC}charts/{chart_id}/">' in embed
        assert f'<a href="{PUBLIC}charts/{chart_id}/" target="_top">Baku Digital Claims</a>' in embed
    assert "The “claim” & the survey <2030>" == unescape(tags(embed_code(read(site, "charts/headline/index.html")),
                                                               "iframe")[0]["title"] or "")


def test_embed_pages_stay_out_of_the_sitemap_and_the_search_index(project: Path) -> None:
    assert run_build(project, "--base-url", PUBLIC).returncode == 0
    site = project / "site"
    assert all((site / f"charts/{chart_id}/embed/index.html").is_file() for chart_id in CHARTS)
    sitemap = read(site, "sitemap.xml")
    assert f"{PUBLIC}charts/headline/</loc>" in sitemap and "/embed/" not in sitemap
    indexed = set()
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        indexed.add(json.loads(data[data.index(b"{"):])["url"])
    assert indexed and not [url for url in indexed if "/embed/" in url]
    assert not list((project / ".cache" / "search-pages").rglob("embed")), "not even read by Pagefind"


def test_a_rebuild_after_editing_a_charted_figure_renews_its_embed_page_as_a_cold_build_would(project: Path,
                                                                                            tmp_path: Path) -> None:
    assert run_build(project).returncode == 0
    site = project / "site"
    untouched = (site / "charts/metric-homes/embed/index.html").stat()
    fact = project / "data" / "facts" / "coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("value: 80", "value: 82"), encoding="utf-8")
    assert run_build(project).returncode == 0
    assert "82%" in read(site, "charts/headline/embed/index.html")
    assert "82%" in read(site, "charts/metric-coverage/embed/index.html")
    kept = (site / "charts/metric-homes/embed/index.html").stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns), "not rendered again"
    fresh = tmp_path / "cold"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    assert run_build(fresh, "--no-cache").returncode == 0
    assert tree_digest(site) == tree_digest(fresh / "site")


REDIRECTS = """- from: facts/survey-2030/
  to: facts/coverage-survey/
- from: charts/old-headline/
  to: charts/headline/
- from: charts/survey-alone/
  to: facts/coverage-survey/
"""


def test_a_removed_charts_embed_address_shows_where_it_went_in_the_frame(project: Path) -> None:
    (project / "data" / "redirects.yaml").write_text(REDIRECTS, encoding="utf-8")
    assert run_build(project).returncode == 0
    site = project / "site"
    moved = read(site, "charts/old-headline/embed/index.html")  # to another chart: its embed page, in the frame
    assert '<meta http-equiv="refresh" content="0; url=/charts/headline/embed/">' in moved
    assert '<meta name="robots" content="noindex">' in moved and '<link rel="canonical" href="/charts/headline/">' in moved
    gone = read(site, "charts/survey-alone/embed/index.html")  # to a page of the site: a link out of the frame
    assert 'http-equiv="refresh"' not in gone and '<meta name="robots" content="noindex">' in gone
    assert {"href": "/facts/coverage-survey/", "target": "_top"} in tags(gone, "a")
    assert "61.5%: Homes that can connect, survey" in text_of(gone)


def test_a_redirect_from_a_live_charts_embed_address_is_refused(project: Path) -> None:
    (project / "data" / "redirects.yaml").write_text("- from: charts/headline/embed/\n  to: charts/metric-coverage/\n",
                                                     encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert "data/redirects.yaml:1:9: the site builds a page at 'charts/headline/embed/'" in result.stderr



def test_a_redirect_to_a_charts_embed_page_is_refused_with_the_charts_own_address(project: Path) -> None:
    """The check said "no page is built at 'charts/headline/embed/'", which the site builds: readers sent
    there would land on a chart alone, without the site around it."""
    (project / "data" / "redirects.yaml").write_text("- from: charts/old-headline/\n  to: charts/headline/embed/\n",
                                                     encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert ("data/redirects.yaml:2:7: 'charts/headline/embed/' is the embed page of a chart, shown in other "
            "sites' frames, not a page to send readers to; write to: charts/headline/") in result.stderr


def test_a_redirect_from_a_removed_charts_embed_address_is_told_its_charts_entry_covers_it(project: Path) -> None:
    """An entry of its own for a removed chart's embed address passed the check, and its ordinary redirect
    page replaced the one made from the chart's entry: other sites' frames were sent to a whole page."""
    (project / "data" / "redirects.yaml").write_text(
        "- from: charts/old-headline/\n  to: charts/headline/\n"
        "- from: charts/old-headline/embed/\n  to: charts/headline/\n"
        "- from: charts/other/embed/\n  to: charts/headline/\n", encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert ("data/redirects.yaml:3:9: 'charts/old-headline/embed/' is the embed page of the chart at "
            "'charts/old-headline/', whose entry at line 1 covers it already: remove this entry") in result.stderr
    assert ("data/redirects.yaml:5:9: 'charts/other/embed/' is the embed page of the chart at 'charts/other/': "
            "write from: charts/other/ instead; a chart's entry covers its embed page too") in result.stderr

# -- in another site's page, in Chromium ---------------------------------------------------------



def host_page(folder: Path, site: Path, chart_id: str, site_url: str, listen: bool) -> None:
    """An article of another site on another origin (another port) with the chart's embed code in
    its column (a 360 px phone leaves it 320 px), as a reader copies it from the chart's page: the
    frame alone, or with the script that fits it (given the local origin to listen to)."""
    code = embed_code(read(site, f"charts/{chart_id}/index.html")) or ""
    frame, script = code.split("\n", 1)
    origin = site_url.split(PREFIX)[0]
    code = frame.replace(REAL_PUBLIC, site_url) + (script.replace('"https://example.github.io"', f'"{origin}"')
                                                    if listen else "")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="margin:0"><main style="max-width:40rem;margin:0 auto;padding:0 20px">'
        f"<h1>An article</h1><p>Text before the chart.</p>{code}<p>Text after it.</p></main></body></html>",
        encoding="utf-8")


FRAME_STATE = """() => {
  const root = document.documentElement;
  const shown = [...document.querySelectorAll('svg[role=img]')].filter(s => getComputedStyle(s).display !== 'none');
  const credit = document.querySelector('.credit a').getBoundingClientRect();
  return {overflowDown: root.scrollHeight - innerHeight, overflowAcross: root.scrollWidth - innerWidth,
          layouts: shown.map(s => s.getAttribute('class').split(' ')[0]),
          chartWidth: shown.length ? shown[0].getBoundingClientRect().width : 0,
          creditInView: credit.bottom <= innerHeight && credit.right <= innerWidth, page: root.scrollHeight};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_in_another_sites_page_the_frame_shows_the_whole_chart_without_scrolling_or_javascript(
        browser: Any, site_url: str, real_site_prefixed: Path, tmp_path: Path, width: int) -> None:
    """The frame's height, from the code alone, fits each chart on a phone and on a desktop."""
    problems = []
    for folder in chart_dirs(real_site_prefixed):
        host_page(tmp_path / folder.name, real_site_prefixed, folder.name, site_url, listen=False)
        with serve(tmp_path / folder.name) as host:
            context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
            page = context.new_page()
            offsite = guard_network(page, "http://127.0.0.1:")
            page.goto(host, wait_until="load")
            frame = page.frame_locator("iframe")
            frame.locator("h1").wait_for()
            state = page.frames[1].evaluate(FRAME_STATE)
            expected = "chart-narrow" if width < 560 else "chart-wide"
            if state["overflowDown"] > 0 or state["overflowAcross"] > 0:
                problems.append(f"{folder.name} at {width}px: scrolls by {state}")
            if state["layouts"] != [expected] or state["chartWidth"] < 300 or not state["creditInView"]:
                problems.append(f"{folder.name} at {width}px: {state}")
            problems += [f"{folder.name}: off the site: {url}" for url in offsite]
            context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_with_its_script_the_frame_takes_the_charts_height_and_its_links_open_in_the_top_window(
        browser: Any, site_url: str, real_site_prefixed: Path, tmp_path: Path) -> None:
    host_page(tmp_path, real_site_prefixed, "headline", site_url, listen=True)
    with serve(tmp_path) as host:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        offsite = guard_network(page, "http://127.0.0.1:")
        page.goto(host, wait_until="load")
        given = int(page.locator("iframe").get_attribute("height") or 0)
        frame = page.frame_locator("iframe")
        frame.locator("h1").wait_for()

        def fitted() -> tuple[int, int]:
            height = page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")
            return round(height), page.frames[1].evaluate("document.documentElement.scrollHeight")

        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
        shown, needed = fitted()
        assert shown == needed < given - 200, "on a desktop the chart needs less than the height given for a phone"
        frame.locator("summary").click()  # the data table opens: the frame grows to show it
        page.wait_for_function(f"() => document.querySelector('iframe').getBoundingClientRect().height > {shown}")
        grown, needed = fitted()
        assert grown == needed
        frame.locator(".takeaway a").first.click()  # a figure's link opens its page in the window, not the frame
        page.wait_for_url(re.compile(re.escape(site_url) + "facts/"))
        assert page.locator("header.site-header").count() == 1
        assert not offsite
        context.close()
