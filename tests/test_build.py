"""The build as a whole: exit codes, all-or-nothing writes, reproducibility, sub-path links."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from conftest import run_build
from helpers import links_in, plain_text, text_of, tree_digest


def test_build_writes_every_page_type(project: Path) -> None:
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ") and " files into site in " in result.stdout
    site = project / "site"
    for page in ["index.html", "404.html", "about/index.html", "facts/index.html", "sources/index.html",
                 "facts/coverage-claim/index.html", "events/expo-2030/index.html",
                 "people/ada-example/index.html", "metrics/coverage/index.html", "people/index.html",
                 "charts/index.html"]:
        assert (site / page).is_file(), page


def test_failed_build_leaves_previous_site_untouched(project: Path) -> None:
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    (project / "data/facts/coverage-survey.yaml").write_text("kind: context\nvalue: [\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert tree_digest(project / "site") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")], "staging folder left behind"


@pytest.mark.parametrize("out", [".", "..", "content", "data/facts", "templates"])
def test_an_output_folder_that_is_or_holds_the_project_is_refused(project: Path, out: str) -> None:
    before = tree_digest(project)
    result = run_build(project, "--out", str(project / out))
    assert result.returncode == 2
    assert "give a folder of its own" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(project) == before


def test_an_output_folder_that_cannot_be_resolved_is_a_command_line_error_not_a_traceback(
        project: Path, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = run_build(project, "--out", str(loop))
    assert result.returncode == 2 and "--out cannot be used" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_folder_holding_other_files_is_refused_and_left_alone(project: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("an editor's notes", encoding="utf-8")
    result = run_build(project, "--out", str(docs))
    assert result.returncode == 2 and "holds files that no build wrote" in result.stderr
    assert [p.name for p in docs.iterdir()] == ["notes.txt"]
    (docs / "notes.txt").unlink()
    assert run_build(project, "--out", str(docs)).returncode == 0  # an empty folder will do
    assert run_build(project, "--out", str(docs)).returncode == 0  # and so will a build's own
    (docs / ".bakuclaims-site").unlink()  # as a build made it before builds marked their folders
    assert run_build(project, "--out", str(docs)).returncode == 0


def test_same_inputs_build_byte_identical_output(project: Path, tmp_path: Path) -> None:
    assert run_build(project, "--out", str(tmp_path / "one")).returncode == 0
    assert run_build(project, "--out", str(tmp_path / "two"), "--no-cache").returncode == 0
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_base_url_prefixes_every_internal_link(project: Path) -> None:
    summary = project / "content/expo-2030.md"  # a link written as HTML, which Markdown passes on as it is
    summary.write_text(summary.read_text(encoding="utf-8") + '\nSee <a href="/facts/coverage-claim/">the claim</a>.\n',
                       encoding="utf-8")
    assert run_build(project, "--base-url", "/prefix/").returncode == 0
    assert '<a href="/prefix/facts/coverage-claim/">the claim</a>' in (
        project / "site/events/expo-2030/index.html").read_text(encoding="utf-8")
    for page in (project / "site").rglob("*.html"):
        for link in links_in(page.read_text(encoding="utf-8")):
            if link.startswith(("http://", "https://", "mailto:", "#")):
                continue
            assert link.startswith("/prefix/"), f"{page.name}: {link}"


def test_markdown_fact_reference_becomes_linked_value(project: Path) -> None:
    assert run_build(project).returncode == 0
    html = (project / "site/events/expo-2030/index.html").read_text(encoding="utf-8")
    assert '<a class="fact-ref figure" href="/facts/coverage-claim/">80%</a>' in html
    assert '<a class="fact-ref figure" href="/facts/homes-covered/">1.23&nbsp;million</a>' in html
    assert '<a href="/about/">the method</a>' in html


def test_a_figure_of_more_than_four_decimals_is_shown_rounded_half_up_as_derived_values_are(project: Path) -> None:
    for fact, old, new in (("coverage-survey", "value: 61.5", "value: 61.12345"),
                           ("homes-covered", "value: 1230000", "value: 1222469")):
        path = project / f"data/facts/{fact}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/events/expo-2030/index.html").read_text(encoding="utf-8")
    assert '<a class="fact-ref figure" href="/facts/coverage-survey/">61.1235%</a>' in html  # not 61.1234


def test_a_derived_count_can_be_rounded_to_tens_of_thousands_and_its_page_says_so(project: Path) -> None:
    """A count computed from a population is not exact to the person: decimals below 0 round it (-4: to the
    nearest 10,000), the check asks for the rounded value, and the page shows the exact result beside it."""
    total = project / "data/facts/homes-total.yaml"
    total.write_text(total.read_text(encoding="utf-8").replace("value: 2000000", "value: 2000013"), encoding="utf-8")
    covered = project / "data/facts/homes-covered.yaml"
    covered.write_text(covered.read_text(encoding="utf-8").replace(
        "inputs: [coverage-survey, homes-total]", "inputs: [coverage-survey, homes-total]\n  decimals: -4"),
        encoding="utf-8")
    assert run_build(project).returncode == 0  # 1,230,007.995 rounds to 1,230,000, the value typed
    text = plain_text((project / "site/facts/homes-covered/index.html").read_text(encoding="utf-8"))
    assert "61.5 × 2,000,013 ÷ 100 = 1,230,008, rounded to the nearest 10,000: 1.23 million." in text
    covered.write_text(covered.read_text(encoding="utf-8").replace("value: 1230000", "value: 1230008"),
                       encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "value 1230008 does not match its derivation: percent-of of coverage-survey and homes-total gives " \
           "1230000; write value: 1230000" in result.stderr


def test_a_page_outside_the_events_shows_when_it_was_published_and_last_updated(project: Path) -> None:
    """About (the method, whose rating rule and scale changed on 4 December 2026) gave no date at
    all, though its front matter may hold one, as a conference summary's does and shows."""
    about = project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "description: How this fixture site works.\n", "description: How this fixture site works.\n"
        "date: 2030-01-10\nupdated: 2030-03-04\n"), encoding="utf-8")
    assert run_build(project).returncode == 0
    text = plain_text((project / "site/about/index.html").read_text(encoding="utf-8"))
    assert "By Baku Digital Claims, published 10 January 2030, last updated 4 March 2030." in text


def test_raw_html_in_markdown_is_sanitised(project: Path) -> None:
    about = project / "content/about.md"
    about.write_text(about.read_text() + "\n<script>alert(1)</script> [x](javascript:alert(2)) "
                     "<b onclick=\"x()\">bold</b>\n", encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/about/index.html").read_text(encoding="utf-8")
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "javascript:" not in main and "onclick" not in main
    assert "<b>bold</b>" in main


def test_what_the_cleaner_or_the_site_leaves_out_of_a_page_is_named_for_the_editor(project: Path) -> None:
    about = project / "content/about.md"
    lines = len(about.read_text(encoding="utf-8").splitlines())
    about.write_text(about.read_text(encoding="utf-8") + "\n<iframe src=\"https://x.example\"></iframe> <b>kept</b>\n"
                     "![chart](images/chart.png) [x](javascript:alert(2)) `<video>` in code is fine\n",
                     encoding="utf-8")
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        f"content/about.md:{lines + 2}:1: warning: <iframe> is removed when the page is built (only simple "
        "formatting is kept); take it out",
        f"content/about.md:{lines + 3}:1: warning: images are not shown: the site draws only its own charts; take "
        "the image out, or link to it with [text](address)",
        f"content/about.md:{lines + 3}:32: warning: a link that runs code is removed; link to a web address, "
        "https://…"], result.stderr


@pytest.mark.parametrize("name, message", [
    ("facts", "content/facts.md:1:1: file name 'facts' is taken: the site's own list of facts is at facts/"),
    ("pagefind", "content/pagefind.md:1:1: file name 'pagefind' is taken: the site's own search index is at "
                 "pagefind/"),
    ("people", "content/people.md:1:1: file name 'people' is taken: the site's own list of speakers is at people/"),
    ("charts", "content/charts.md:1:1: file name 'charts' is taken: the site's own list of charts is at charts/"),
    ("data", "content/data.md:1:1: file name 'data' is taken: the site's own folder of data downloads is at data/"),
])
def test_a_page_at_a_taken_path_is_refused(project: Path, name: str, message: str) -> None:
    assert run_build(project).returncode == 0
    before = {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()}
    (project / f"content/{name}.md").write_text("---\ntitle: Clash\ndescription: Clash.\n---\nText.\n",
                                                encoding="utf-8")
    assert message in run_build(project, "check").stderr  # found by the check, before any page is rendered
    result = run_build(project)
    assert result.returncode == 1
    assert message in result.stderr
    assert {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()} == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("text, message", [
    (None, "static/icon.svg:1:1: the file is missing: the home-screen icons are drawn from it"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">\n<rect width="32"</svg>',
     "static/icon.svg:2:17: not readable as SVG: not well-formed (invalid token)\n"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 24"/>',
     'static/icon.svg:1:1: the icon must be an <svg> element with a square viewBox'),
])
def test_a_home_screen_icon_that_cannot_be_drawn_is_named_with_what_to_do(project: Path, text: str | None,
                                                                          message: str) -> None:
    icon = project / "static" / "icon.svg"
    if text is None:
        icon.unlink()
    else:
        icon.write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


def test_bad_command_line_exits_2(project: Path) -> None:
    assert run_build(project, "--no-such-option").returncode == 2
    assert run_build(project, "publish").returncode == 2
    assert run_build(project, "--base-url", "prefix").returncode == 2


@pytest.mark.parametrize("args, says", [
    (["serve", "--no-cache"], "--no-cache goes with build"), (["check", "--no-cache"], "--no-cache goes with build"),
    (["serve", "--format", "github"], "--format goes with build and check"),
    (["new", "fact", "--format", "github"], "--format goes with build and check")])
def test_an_option_the_command_would_ignore_is_refused(project: Path, args: list[str], says: str) -> None:
    """`serve` took --no-cache and --format, and `check` --no-cache, and did nothing with them (a
    developer's walkthrough): an editor who asked for them is told which command they go with."""
    result = run_build(project, *args)
    assert result.returncode == 2 and says in result.stderr, result.stderr
    assert not (project / "site").exists()


def test_check_validates_without_writing(project: Path) -> None:
    result = run_build(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OK: 4 facts, 2 pages checked."
    assert not (project / "site").exists()


def test_broken_template_is_reported_with_its_line(project: Path) -> None:
    (project / "templates/404.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n",
                                                encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "templates/404.html:3:1: template syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fact_page_lists_its_neighbours_in_time_and_links_to_every_fact_on_its_metric(project: Path) -> None:
    facts = project / "data/facts"
    survey = (facts / "coverage-survey.yaml").read_text(encoding="utf-8")
    for year in range(2011, 2023):  # twelve more surveys on the same metric, one a year
        text = survey.replace("as_of: 2030", f"as_of: {year}").replace("title: ", f"title: Survey {year}, ", 1)
        (facts / f"survey-{year}.yaml").write_text(text, encoding="utf-8")
    assert run_build(project).returncode == 0
    page = (project / "site/facts/survey-2011/index.html").read_text(encoding="utf-8")
    related = page[page.index('id="related-heading"'):]
    shown = [y for y in range(2012, 2023) if f'href="/facts/survey-{y}/"' in related]
    assert shown == list(range(2012, 2020))  # the eight nearest in time, in time order
    assert 'href="/metrics/coverage/">Every fact on' in related
    metric_page = (project / "site/metrics/coverage/index.html").read_text(encoding="utf-8")
    assert all(f'href="/facts/survey-{y}/"' in metric_page for y in range(2011, 2023))


def test_the_home_page_lists_a_conferences_first_claims_and_links_to_the_rest(project: Path) -> None:
    from bakuclaims.render import HOME_CLAIMS
    facts = project / "data/facts"
    claim = (facts / "coverage-claim.yaml").read_text(encoding="utf-8").replace("related: [coverage-survey]\n", "")
    extra = [f"claim-{n:02d}" for n in range(HOME_CLAIMS + 1)]  # with coverage-claim, two past the limit
    for n, fact_id in enumerate(extra):
        (facts / f"{fact_id}.yaml").write_text(claim.replace("title: ", f"title: Claim {n}, ", 1), encoding="utf-8")
    assert run_build(project).returncode == 0
    home = (project / "site/index.html").read_text(encoding="utf-8")
    home = home[home.index('id="claims-heading"'):home.index('id="latest-heading"')]  # not the charts' tables
    claims = [f'href="/facts/{fact_id}/"' for fact_id in ["coverage-claim", *extra]]
    assert sum(link in home for link in claims) == HOME_CLAIMS
    assert '<a href="/events/expo-2030/">All claims made at ' in home
    event = (project / "site/events/expo-2030/index.html").read_text(encoding="utf-8")
    assert all(link in event for link in claims)


def test_the_facts_table_is_split_into_linked_pages_when_long(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bakuclaims import render
    from bakuclaims.pipeline import build_site
    monkeypatch.setattr(render, "FACTS_PER_PAGE", 3)
    build_site(project, project / "site", render.Options.parse("/", ""))
    first = (project / "site/facts/index.html").read_text(encoding="utf-8")
    second = (project / "site/facts/page/2/index.html").read_text(encoding="utf-8")
    assert "Facts 1 to 3 of 4, latest date first" in first and "Facts 4 to 4 of 4, latest date first" in second
    assert '<a href="/facts/page/2/" rel="next">Earlier dates</a>' in first
    assert '<a href="/facts/" rel="prev">Later dates</a>' in second
    assert '<span aria-current="page">Page 2</span>' in second
    rows = [page.count('<th scope="row">') for page in (first, second)]
    assert rows == [3, 1]
    # each page names the dates it covers, above the table as well as below, as a reader looks for them
    assert '<span aria-current="page">Page 2</span>: 2030</li>' in second
    assert '<a href="/facts/">Page 1</a>: 1 March 2030 to 2030</li>' in second
    assert '<p class="pager-top">Page 2 of 2: 2030. <a href="/facts/">Later dates</a>' in second


def test_the_facts_tables_caption_counts_one_fact_and_a_thousand_as_readers_write_them(project: Path) -> None:
    facts = project / "data/facts"
    claim = (facts / "coverage-claim.yaml").read_text(encoding="utf-8")
    for fact in ("coverage-claim", "homes-covered", "homes-total"):
        (facts / f"{fact}.yaml").unlink()
    (project / "content/expo-2030.md").unlink()
    (project / "data/charts.yaml").unlink()
    assert run_build(project).returncode == 0
    assert "<caption>1 fact, latest date first</caption>" in (project / "site/facts/index.html").read_text(encoding="utf-8")
    statement = claim.replace("metric: coverage\nvalue: 80\n", "").replace("related: [coverage-survey]\n", "")
    for n in range(999):  # statements: no figure, so no chart to draw
        (facts / f"statement-{n}.yaml").write_text(statement.replace("title: ", f"title: Statement {n}, ", 1),
                                                   encoding="utf-8")
    assert run_build(project).returncode == 0
    assert "<caption>Facts 1 to 250 of 1,000, latest date first</caption>" in (project / "site/facts/index.html").read_text(
        encoding="utf-8")


def modules_loaded(code: str, project: Path) -> set[str]:
    """The builder's modules a fresh Python has loaded after running code (sys.argv[2] is the project)."""
    import ast
    import subprocess
    import sys
    from conftest import REPO
    script = (f"import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); {code}; "
              "print(sorted(m for m in sys.modules if m.startswith('bakuclaims')))")
    result = subprocess.run([sys.executable, "-c", script, str(REPO), str(project)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return set(ast.literal_eval(result.stdout))


def test_reading_the_command_line_loads_none_of_the_build_so_chart_drawing_starts_warming_at_once(
        project: Path) -> None:
    """vl-convert's engine takes most of a second to start, and it starts once the command line is
    read: a check of the output folder that imported the renderer held it back 0.18 s per edit."""
    loaded = modules_loaded("import build; build.parse_args(['--root', sys.argv[2]])", project)
    stages = {f"bakuclaims.{m}" for m in ("load", "validate", "chart", "render", "write", "pipeline", "search")}
    assert loaded and not loaded & stages, loaded


def test_validating_loads_no_later_stage_so_data_flows_one_way(project: Path) -> None:
    """load → validate → chart → render → write: the check of a page's HTML tags took the list of
    those kept from the Markdown renderer, a module of the render stage."""
    loaded = modules_loaded("from bakuclaims.load import load; from bakuclaims.validate import validate; "
                            "validate(load(Path(sys.argv[2]))[0])", project)
    later = {f"bakuclaims.{m}" for m in ("chart", "markup", "render", "publish", "search", "write", "pipeline")}
    assert "bakuclaims.validate" in loaded and not loaded & later, loaded & later


def test_charting_loads_no_later_stage_so_data_flows_one_way(project: Path) -> None:
    """The chart stage took a download's credit from the publishing module, part of the render stage."""
    loaded = modules_loaded("import bakuclaims.chart", project)
    later = {f"bakuclaims.{m}" for m in ("markup", "render", "publish", "search", "write", "pipeline")}
    assert "bakuclaims.chart" in loaded and not loaded & later, loaded & later


def test_a_cards_heading_says_whether_it_is_a_claim_for_a_screen_reader(project: Path) -> None:
    """Someone moving from heading to heading heard '80% Homes that can connect' without hearing
    that it is a claim: the 'Claim' label sat before the heading. The heading now says it, and the
    label, read once, is hidden from screen readers. Its value and title, on two lines on the
    screen, ran together when heard ('top 40 Goal for …'): a colon, for screen readers alone, parts them."""
    import re
    assert run_build(project).returncode == 0
    home = (project / "site/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<p class="card-kind" ([^>]*)>.*?</p>\s*<h3 class="card-title"><a [^>]*>(.*?)</a>', home, re.S)
    assert cards
    for label_attributes, heading in cards:
        assert 'aria-hidden="true"' in label_attributes
        figure = '<span class="value">' in heading  # a statement without a figure has none
        context = "Context figure" if figure else "Context"  # and is no figure
        assert re.match(rf'<span class="visually-hidden">(Claim|{context}, (seen|secondary|derived)): </span>',
                        heading), heading
        if figure:
            assert re.search(r'<span class="value">[^<]+</span><span class="visually-hidden">:</span> \w', heading)


def test_each_read_the_source_link_names_its_source_for_a_screen_reader(project: Path) -> None:
    """The sources page lists a 'Read the source' link per source: read out of context, as in a
    screen reader's list of links, each says which source it opens."""
    import re
    assert run_build(project).returncode == 0
    page = (project / "site/sources/index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="[^"]+" class="source-link" aria-label="([^"]+)">Read the source</a>', page)
    assert len(links) >= 2 and len(set(links)) == len(links)
    assert all(name.startswith("Read the source: ") for name in links)


def test_a_charts_download_links_name_their_chart_for_a_screen_reader(project: Path) -> None:
    """A page with several charts had several links called 'CSV'; each now says whose data it is."""
    import re
    assert run_build(project).returncode == 0
    page = (project / "site/facts/coverage-claim/index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="chart-title" id="[^"]+">([^<]+)<', page)
    names = re.findall(r'download="[^"]+" aria-label="([^"]+)">', page)
    assert titles and len(names) == 5 * len(titles)
    assert {name.split(": ", 1)[1] for name in names} == set(titles)


def test_an_events_days_are_written_as_one_span() -> None:
    """'15 May 2024 to 16 May 2024' on the event pages, '15 May 2024' on the home page: now '15 to 16
    May 2024' on both (and on the events list), which repeats no month or year."""
    import datetime as dt
    from bakuclaims.fmt import date_span
    assert date_span(dt.date(2024, 5, 15), dt.date(2024, 5, 16)) == ("15", "16 May 2024")
    assert date_span(dt.date(2025, 11, 28), dt.date(2025, 12, 3)) == ("28 November", "3 December 2025")
    assert date_span(dt.date(2025, 12, 30), dt.date(2026, 1, 2)) == ("30 December 2025", "2 January 2026")
    assert date_span(dt.date(2025, 11, 17), dt.date(2025, 11, 17)) == ("", "17 November 2025")


def test_a_count_in_whole_thousands_of_a_million_or_more_is_given_in_millions_and_loses_nothing() -> None:
    """2,020,000 read '2.02 million' but 2,010,000 and 4,100,000 stayed in full: the float
    arithmetic that checked a rounding lost nothing missed about one round figure in thirty."""
    from decimal import Decimal
    from bakuclaims.fmt import count
    assert [count(n) for n in (1_000_000, 2_010_000, 4_100_000, 1_916_000)] == [
        "1 million", "2.01 million", "4.1 million", "1.916 million"]
    assert [count(n) for n in (999_000, 2_010_500, 4_100_001)] == ["999,000", "2,010,500", "4,100,001"]
    for thousands in range(1_000, 100_000):  # every whole number of thousands, 1 million up to 100 million
        shown = count(thousands * 1_000)
        assert shown.endswith(" million") and Decimal(shown.removesuffix(" million")) * 1_000 == thousands, shown


def test_a_speed_is_shown_in_megabits_per_second() -> None:
    from bakuclaims.fmt import value
    assert [value(25, "mbps"), value(1.5, "mbps", "at least")] == ["25 Mbps", "at least 1.5 Mbps"]


def test_the_homes_latest_context_figures_are_figures(real_site: Path) -> None:
    """The list under "Latest context figures" showed two statements without a figure (a centre
    opened; what a text's Russian version says) among six; it lists figures only."""
    home = (real_site / "index.html").read_text(encoding="utf-8")
    latest = home[home.index('id="latest-heading"'):]
    cards = latest[:latest.index("</ul>")].split("<li>")[1:]
    assert len(cards) == 6 and all('<span class="value">' in card for card in cards), cards


def test_the_home_and_event_pages_give_an_events_days_alike(real_site: Path) -> None:
    span = '<time datetime="2024-05-15">15</time> to <time datetime="2024-05-16">16 May 2024</time>'
    for page in ("index.html", "events/index.html", "events/gsma-m360-eurasia-2024/index.html"):
        assert span in (real_site / page).read_text(encoding="utf-8"), page


def test_a_folder_that_is_not_a_project_is_refused_not_checked(tmp_path: Path) -> None:
    """`check --root` on a mistyped folder said 'OK: 0 facts, 0 pages checked.' and exited 0."""
    result = run_build(tmp_path / "no-such-folder", "check")
    assert result.returncode == 2 and "has no data folder" in result.stderr, result.stderr
    assert "OK" not in result.stdout


def test_run_by_a_python_without_the_libraries_it_says_which_python_to_use(project: Path) -> None:
    """`python build.py` outside the project's .venv stopped with 'Internal error:
    ModuleNotFoundError', which an editor is told to report as a bug in the builder."""
    import subprocess
    import sys
    from conftest import REPO
    result = subprocess.run([sys.executable, "-S", str(REPO / "build.py"), "check", "--root", str(project)],
                            capture_output=True, text=True, timeout=60)  # -S: no installed libraries
    assert result.returncode == 1
    assert "Internal error" not in result.stderr and "Traceback" not in result.stderr
    assert ".venv/bin/python build.py" in result.stderr and "bash setup.sh" in result.stderr


def test_a_page_of_its_own_is_linked_from_every_pages_footer(project: Path) -> None:
    """A Markdown page without event: was built at /<name>/ and linked from nowhere: readers
    could not reach it (found walking through EDITING.md as a new editor)."""
    (project / "content/methodology.md").write_text(
        "---\ntitle: How the figures were chosen\ndescription: The rules for choosing figures.\n---\n\nText.\n",
        encoding="utf-8")
    assert run_build(project).returncode == 0
    for page in ("index.html", "facts/index.html", "about/index.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="site-footer">'):]
        assert '<a href="/methodology/">How the figures were chosen</a>' in footer, page


def test_the_home_pages_count_of_conferences_and_their_city_follow_the_events(project: Path) -> None:
    """The home page said "At two conferences in Baku" in its template, whatever the events were.
    It says the figures were given at them or in addresses sent to them, as a president's was."""
    def lede() -> str:
        assert run_build(project).returncode == 0
        html = (project / "site/index.html").read_text(encoding="utf-8")
        return html.split('<p class="lede">', 1)[1].split(",", 1)[0]

    assert lede() == "At one conference in Exampleton"
    assert "Exampleton, or in addresses sent to it, officials gave figures" in (
        project / "site/index.html").read_text(encoding="utf-8")
    events = project / "data/events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text + text.replace("expo-2030:", "expo-2031:").replace("Exampleton", "Otherton"),
                      encoding="utf-8")
    assert lede() == "At two conferences"


def test_the_sources_index_folds_away_a_long_list_of_a_sources_facts(project: Path) -> None:
    """With 1,000 facts to a source, the sources index ran to a paragraph of 1,000 links after each."""
    facts = project / "data/facts"
    total = (facts / "homes-total.yaml").read_text(encoding="utf-8")
    for i in range(10):
        (facts / f"homes-total-{2020 + i}.yaml").write_text(
            total.replace("as_of: 2030", f"as_of: {2020 + i}").replace("value: 2000000", f"value: {1000000 + i}"),
            encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/sources/index.html").read_text(encoding="utf-8")
    stats = html.split('<li id="example-stats"', 1)[1].split('<li id="', 1)[0]
    assert "<details" in stats and "<summary>12 facts read in it</summary>" in stats, stats
    assert stats.count('<li><a href="/facts/') == 12
    news = html.split('<li id="example-news"', 1)[1].split('<li id="', 1)[0]
    assert "<details" not in news and "Facts: <a" in news, "a short list stays in line"


def test_the_lists_of_speakers_and_charts_are_in_the_sitemap_and_linked_from_search_and_every_footer(
        project: Path) -> None:
    """people/ and charts/ were not built: a speaker was reached only through a claim, a chart only
    from the pages showing it."""
    assert run_build(project, "--site-url", "https://example.org").returncode == 0
    site = project / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for address in ("people/", "charts/"):
        assert f"<loc>https://example.org/{address}</loc>" in sitemap, address
    browse = (site / "search/index.html").read_text(encoding="utf-8").split('<p class="browse">')[1].split("</p>")[0]
    assert '<a href="/people/">speakers</a>' in browse and '<a href="/charts/">charts</a>' in browse
    for page in ("index.html", "facts/coverage-claim/index.html", "people/index.html", "charts/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="site-footer">'):]
        assert 'href="/people/"' in footer and 'href="/charts/"' in footer, page
    assert 'href="/people/" aria-current="page">Speakers' in (site / "people/index.html").read_text(encoding="utf-8")


def test_a_metrics_page_and_the_metrics_list_give_its_latest_figures(project: Path) -> None:
    """A metric's latest figure sat at the foot of its list of facts, oldest first (37,000 px down
    a phone at 250 figures), and the list of metrics gave no figure at all."""
    assert run_build(project).returncode == 0
    page = text_of((project / "site/metrics/coverage/index.html").read_text(encoding="utf-8"))
    assert ("Latest context figure, January 2030: 61.5% (Example Statistics Office). "
            "Latest claim, 1 March 2030: 80% (Ada Example).") in page
    listing = text_of((project / "site/metrics/index.html").read_text(encoding="utf-8"))
    assert ("Two facts; latest context figure: 61.5%, January 2030; latest claim: 80%, 1 March 2030.") in listing


def test_the_metrics_list_names_a_metric_s_facts_by_their_kind_when_all_are_of_one(project: Path) -> None:
    """A metric of context figures alone read "Three facts; latest context figure: …" in the list
    of metrics, beside "Three context figures" on its own page; facts of one kind are named by it."""
    total = project / "data/facts/homes-total.yaml"
    total.write_text(total.read_text(encoding="utf-8").replace("as_of: 2030\n", "as_of: 2029\n"), encoding="utf-8")
    assert run_build(project).returncode == 0
    listing = text_of((project / "site/metrics/index.html").read_text(encoding="utf-8"))
    assert "Two context figures; latest: 1.23 million, 2030." in listing
    assert "Two facts; latest context figure: 61.5%, January 2030; latest claim: 80%, 1 March 2030." in listing


def test_a_count_of_facts_or_figures_of_a_thousand_or_more_has_a_thousands_separator() -> None:
    """The lists of metrics and speakers count facts in words below ten and in figures above: at
    1,000 they wrote "1000 facts", where every other number on the site has its comma."""
    from bakuclaims import fmt
    assert [fmt.words(n) for n in (0, 2, 12, 1000, 12500)] == ["no", "two", "12", "1,000", "12,500"]


def add_claims(project: Path, metrics: dict[str | None, int]) -> None:
    """Add claims by the fixture's speaker at its event: for each metric (None: a statement
    without a figure), this many, a day apart."""
    facts = project / "data/facts"
    claim = (facts / "coverage-claim.yaml").read_text(encoding="utf-8").replace("related: [coverage-survey]\n", "")
    for metric, count in metrics.items():
        for n in range(count):
            text = claim.replace("title: ", f"title: Said {metric or 'nothing'} {n}, ", 1)
            text = text.replace("said_on: 2030-03-01", f"said_on: 2030-03-0{2 - n % 2}")
            text = (text.replace("metric: coverage\nvalue: 80\n", "") if metric is None
                    else text.replace("metric: coverage\nvalue: 80", f"metric: {metric}\nvalue: {60 + n}"))
            (facts / f"said-{metric or 'nothing'}-{n}.yaml").write_text(text, encoding="utf-8")


def headings(html: str) -> list[tuple[int, str]]:
    """A page's headings in order, as (level, text)."""
    return [(int(level), text_of(inner).strip()) for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S)]


def test_a_long_event_or_speaker_page_groups_its_claims_by_metric_under_a_contents_list(project: Path) -> None:
    """An event's page and a speaker's listed every claim in one run, oldest first: at hundreds
    of claims a reader looking for one measure had to read them all."""
    from bakuclaims.search import for_search
    assert run_build(project).returncode == 0
    short = (project / "site/events/expo-2030/index.html").read_text(encoding="utf-8")
    assert 'class="contents"' not in short and 'id="metric-coverage"' not in short, "one claim: a plain list"
    add_claims(project, {"homes": 3, None: 3, "coverage": 5})  # twelve claims, with the fixture's own
    assert run_build(project).returncode == 0
    for page, list_heading in (("events/expo-2030", "Claims made at Expo 2030"), ("people/ada-example", "Claims recorded")):
        html = (project / f"site/{page}/index.html").read_text(encoding="utf-8")
        main = html[html.index("<main"):html.index("</main>")]
        outline = headings(main)
        groups = [(2, list_heading), (3, "Coverage, share of homes (6 claims)"), (3, "Homes (3 claims)"),
                  (3, "Statements without a figure (3 claims)")]
        assert [h for h in outline if h[0] < 4 and h[1] != "On this page"][-4:] == groups, (page, outline)
        assert all(b[0] - a[0] <= 1 for a, b in zip(outline, outline[1:])), f"{page}: a heading level skipped"
        # each group's heading is where its metric's id says, each card in its group, oldest first
        for group, facts in (("metric-coverage", ["coverage-claim", "said-coverage-1", "said-coverage-3",
                                                  "said-coverage-0", "said-coverage-2", "said-coverage-4"]),
                             ("metric-homes", ["said-homes-1", "said-homes-0", "said-homes-2"]),
                             ("no-figure", ["said-nothing-1", "said-nothing-0", "said-nothing-2"])):
            part = main[main.index(f'id="{group}"'):]
            part = part[:part.find("<h3", 1)] if "<h3" in part[1:] else part
            assert [f for f in re.findall(r'href="/facts/([^/"]+)/"', part) if f in facts] == facts, (page, group)
        assert '<h3 id="metric-coverage" class="group-title"><a href="/metrics/coverage/">' in main
        # the contents list, above the list, links to every group's heading with its count
        contents = main[main.index('<nav class="contents"'):]
        contents = text_of(contents[:contents.index("</nav>")])
        assert "Coverage, share of homes (6) Homes (3) Statements without a figure (3)" in contents, contents
        nav = main[main.index('<nav class="contents"'):]
        targets = re.findall(r'href="#([^"]+)"', nav[:nav.index("</nav>")])
        assert {"metric-coverage", "metric-homes", "no-figure"} <= set(targets), targets
        assert all(main.count(f'id="{t}"') == 1 for t in targets), (page, targets)  # each link has one target
        # the search index holds the page as before: no group heading, no contents
        indexed = text_of(for_search(html))
        assert "On this page" not in indexed and "2 claims" not in indexed, page


def test_a_long_metric_page_lists_its_claims_by_event_then_its_context_figures_by_producer(project: Path) -> None:
    """A metric's page listed every figure on it, claims and context figures mixed, oldest first."""
    assert run_build(project).returncode == 0
    short = (project / "site/metrics/coverage/index.html").read_text(encoding="utf-8")
    assert 'class="group-title"' not in short and 'class="contents"' not in short, "two figures: a plain list"
    facts = project / "data/facts"
    survey = (facts / "coverage-survey.yaml").read_text(encoding="utf-8")
    for year in range(2017, 2027):  # ten more surveys, two by another producer: twelve figures with the claim
        text = survey.replace("as_of: 2030-01", f"as_of: {year}").replace("title: ", f"title: Survey {year}, ", 1)
        if year < 2019:
            text = text.replace("producer: Example Statistics Office", "producer: Example Census Bureau")
        (facts / f"survey-{year}.yaml").write_text(text, encoding="utf-8")
    # a figure the editors computed: its producer names what it is computed from, not one producer
    (facts / "coverage-change.yaml").write_text(
        "kind: context\ntitle: Change in coverage between two surveys\nmetric: coverage\nvalue: 0\n"
        "as_of: 2030\nproducer: The editors, from the 2030 and 2017 surveys\nindependent: true\n"
        "confidence: derived\nderived:\n  operation: difference\n  inputs: [coverage-survey, survey-2017]\n"
        "source: editors\n", encoding="utf-8")
    assert run_build(project).returncode == 0, run_build(project).stderr
    html = (project / "site/metrics/coverage/index.html").read_text(encoding="utf-8")
    main = html[html.index("<main"):html.index("</main>")]
    outline = [h for h in headings(main) if h[0] < 4]
    assert outline[-5:] == [(2, "All facts on this metric"), (3, "Claims made at Expo 2030 (1 claim)"),
                            (3, "Context figures from Example Census Bureau (2 figures)"),
                            (3, "Context figures from Example Statistics Office (9 figures)"),
                            (3, "Figures computed by the editors (1 figure)")], outline
    assert all(b[0] - a[0] <= 1 for a, b in zip(headings(main), headings(main)[1:])), "a heading level skipped"
    ids = ["claims-expo-2030", "figures-example-census-bureau", "figures-example-statistics-office", "figures-computed"]
    parts = [main[main.index(f'id="{a}"'):main.index(f'id="{b}"') if b else None] for a, b in zip(ids, ids[1:] + [""])]
    listed = [re.findall(r'href="/facts/([^/"]+)/"', part) for part in parts]
    assert listed == [["coverage-claim"], ["survey-2017", "survey-2018"],
                      [f"survey-{y}" for y in range(2019, 2027)] + ["coverage-survey"], ["coverage-change"]], listed
    assert '<a href="/events/expo-2030/">Claims made at Expo 2030</a>' in main
    contents = main[main.index('<nav class="contents"'):]
    contents = contents[:contents.index("</nav>")]
    assert all(f'href="#{i}"' in contents for i in ids) and 'href="#chart-metric-coverage"' in contents
    targets = re.findall(r'href="#([^"]+)"', contents)
    assert "facts-heading" in targets and all(main.count(f'id="{t}"') == 1 for t in targets), targets


def test_a_reported_quote_names_its_reporter_without_a_possessive(project: Path) -> None:
    """A reported quote was captioned "<publisher>’s report of what <speaker> said", which read
    "Example News’s report" for an outlet whose name ends in s."""
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("quote_type: direct", "quote_type: reported"),
                    encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/facts/coverage-claim/index.html").read_text(encoding="utf-8")
    caption = re.search(r"</blockquote>\s*<figcaption>(.*?)</figcaption>", html, re.S)
    assert caption and text_of(caption.group(1)) == "What Ada Example said, as reported by Example News"


def test_groups_named_with_numbers_read_in_number_order() -> None:
    """Group headings sorted as text put "Synthetic measure 16" before "Synthetic measure 6"."""
    from bakuclaims.render import _natural
    assert sorted(["Measure 16", "measure 6", "Measure 2", "Measure"], key=_natural) == \
        ["Measure", "Measure 2", "measure 6", "Measure 16"]


def test_plain_texts_typed_with_straight_quotes_are_shown_with_typographic_ones(project: Path) -> None:
    """Notes, in Markdown, got curly quotes and apostrophes; the plain texts beside them (a title, a
    speaker's role, a quote, a chart's title) showed the straight ones typed, so one paragraph read
    "the president's address … the site’s notes". Ids and addresses are kept as typed."""
    data = project / "data"
    edits = {"facts/coverage-claim.yaml": [("title: Homes that can connect", "title: Exampleland's homes that can connect"),
                                           ("quote: eighty per cent of homes can connect",
                                            """quote: we said "eighty per cent" in the '20s, and we're there""")],
             "people.yaml": [("role: Minister of Examples", 'role: Head of the "Connected Homes" programme')],
             "charts.yaml": [("title: The claim beside the survey", "title: The minister's claim beside the survey")],
             "sources.yaml": [("https://news.example/minister-figure", "https://news.example/minister's-figure")]}
    for name, changes in edits.items():
        text = (data / name).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, old
            text = text.replace(old, new)
        (data / name).write_text(text, encoding="utf-8")
    assert run_build(project).returncode == 0
    site = project / "site"
    title, quote = "Exampleland’s homes that can connect", "we said “eighty per cent” in the ’20s, and we’re there"
    page = unescape((site / "facts/coverage-claim/index.html").read_text(encoding="utf-8"))
    assert re.search(rf"<h1[^>]*>[^<]*{title}", page), "the heading"
    assert re.search(rf"<title>[^<]*{title}", page) and re.search(rf'property="og:title" content="[^"]*{title}', page)
    assert f"<blockquote><p>{quote}</p></blockquote>" in page
    assert "Head of the “Connected Homes” programme" in page
    assert 'href="https://news.example/minister\'s-figure"' in page, "the source's address, as typed"
    ld = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    assert title in json.dumps(ld, ensure_ascii=False)
    person = unescape((site / "people/ada-example/index.html").read_text(encoding="utf-8"))
    assert "Head of the “Connected Homes” programme" in person
    svg = ET.parse(site / "charts/headline/chart.svg").getroot()
    drawn = " ".join(t.strip() for t in svg.itertext())
    assert "The minister’s claim beside the survey" in drawn and "Exampleland’s homes" in drawn
    assert "The minister’s claim beside the survey" in unescape((site / "index.html").read_text(encoding="utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    assert any(title in entry.findtext(f"{atom}title", "") for entry in ET.parse(site / "feed.xml").iter(f"{atom}entry"))
    assert (site / "facts/coverage-claim/index.html").is_file() and (site / "charts/headline/chart.svg").is_file()
    for path in site.rglob("*"):
        if path.suffix in (".html", ".svg", ".xml", ".csv", ".json") and "pagefind" not in path.parts:
            shown = unescape(path.read_text(encoding="utf-8"))
            assert not re.search(r"Exampleland's|minister's claim|\"Connected|'20s", shown), path


@pytest.mark.parametrize("typed", ["the president's address", 'the EGDI "Very High" group', "3G/4G and 5G, 'the '90s'",
                                   """he said "'Quoted' words," then 'we're done'""", 'a 15" screen, 5\'10"',
                                   "the students' union (and 'theirs')", "“typed curly” and 'straight'"])
def test_a_plain_texts_quotes_are_set_as_its_markdown_neighbours_are(typed: str) -> None:
    """A plain text reads as a Markdown note beside it would: the same quote for each straight one."""
    from bakuclaims.markup import Markdown
    from bakuclaims.typography import Quotes
    shown = Quotes()(typed)
    assert shown == text_of(str(Markdown(lambda ref: ("", "", False), "/").inline(typed)))
    assert "'" not in shown and '"' not in shown
    assert re.sub("['\"‘’“”]", "", shown) == re.sub("['\"‘’“”]", "", typed), "only the quotes change"


def test_a_plain_texts_marks_are_words_not_markdown_and_are_kept() -> None:
    """A title's asterisks, backticks or angle brackets are shown as typed; only its quotes change."""
    from bakuclaims.typography import Quotes
    assert Quotes()("*Exampleland's* `code` <b>x</b> & [a](b) -- ...") == \
        "*Exampleland’s* `code` <b>x</b> & [a](b) -- ..."
    # an entity typed as text is kept as typed, and the quotes around it set ("quotes left straight"
    # was logged, with no file or line, and the whole text left straight)
    assert Quotes()("Coverage &quot;survey&quot; of the 'homes' &amp; \"flats\"") == \
        "Coverage &quot;survey&quot; of the ‘homes’ &amp; “flats”"


def _outline(html: str) -> list[tuple[int, str]]:
    """A page's headings, as a screen reader lists them: (level, text)."""
    return [(int(level), text_of(inner)) for level, inner in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S)]


def test_a_summarys_and_a_facts_notes_headings_sit_inside_the_section_that_shows_them(project: Path) -> None:
    """A summary's '## ' headings were h2s beside the summary's own title (an h2) on its event's page, so
    a screen reader's list of headings put its sections outside it; a '## ' in a fact's notes was
    likewise a sibling of 'Notes'. Each is now a level below the heading it sits under; a page of its
    own, under its h1 title, keeps them as h2s."""
    survey = project / "data/facts/coverage-survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8") + "notes: |-\n  ## How it was counted\n\n  ### By hand\n\n"
                      "  Door to door.\n", encoding="utf-8")
    about = project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n## Method\n\nHow.\n", encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    event = _outline((site / "events/expo-2030/index.html").read_text(encoding="utf-8"))
    title = event.index((2, "What was said at Expo 2030"))
    assert event[title + 1] == (3, "Why they differ")
    fact = _outline((site / "facts/coverage-survey/index.html").read_text(encoding="utf-8"))
    notes = fact.index((2, "Notes"))
    assert fact[notes + 1:notes + 3] == [(3, "How it was counted"), (4, "By hand")]
    assert (2, "Method") in _outline((site / "about/index.html").read_text(encoding="utf-8"))
    for outline in (event, fact):
        assert all(after <= before + 1 for (before, _), (after, _) in zip(outline, outline[1:])), outline


def test_a_heading_in_a_facts_notes_does_not_take_the_id_of_a_part_of_the_page(project: Path) -> None:
    """'## Corrections' in a fact's notes took the id of the page's Corrections section: the page had two
    elements of that id, and its '1 correction' link went to the notes. A heading shown inside a page's
    section now gets an id the page does not use; About's own headings keep theirs, which pages link to."""
    claim = project / "data/facts/coverage-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8") + "corrections:\n  - date: 2030-04-01\n    text: Fixed.\n"
                     "notes: |-\n  ## Corrections\n\n  None by the speaker.\n\n  ## Chart coverage\n\n  Text.\n",
                     encoding="utf-8")
    about = project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n## Corrections\n\nHow.\n", encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "site/facts/coverage-claim/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert re.search(r'<section[^>]* id="corrections"', page) and 'href="#corrections"' in page
    notes = page[page.index('id="notes-heading"'):]
    assert re.search(r'<h3 id="[^"]+">Corrections</h3>', notes)
    assert 'id="corrections"' in (project / "site/about/index.html").read_text(encoding="utf-8")


def test_the_ids_a_heading_in_a_text_may_not_take_are_those_the_pages_give() -> None:
    """Every id the templates that show a fact's notes or a summary give their own parts, and every
    group of cards' id, is kept from the texts' headings (a template's new section would otherwise
    bring back two elements of one id)."""
    from bakuclaims.markup import PAGE_ID_PREFIXES, PAGE_IDS
    from bakuclaims.render import COMPUTED, NO_FIGURE
    templates = Path(__file__).parent.parent / "templates"
    given = {i for name in ("base.html", "_macros.html", "fact.html", "event.html")
             for i in re.findall(r'\bid="([^"]*)"', (templates / name).read_text(encoding="utf-8"))}
    fixed = {i for i in given if "{" not in i}
    assert fixed <= PAGE_IDS, fixed - PAGE_IDS
    assert {i.split("{")[0] for i in given - fixed} <= {"", *PAGE_ID_PREFIXES}
    assert NO_FIGURE in PAGE_IDS and COMPUTED.startswith(PAGE_ID_PREFIXES)


def test_a_space_typed_in_a_links_address_is_written_as_a_valid_address_has_it(project: Path) -> None:
    """[the report](<https://example.org/a report.pdf>) was put in the page as typed, space and all: an
    address no validator passes, which a reader's browser, a feed reader or a link checker may cut at
    the space. It is written with %20, as the address is sent."""
    about = project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee [the report](<https://example.org/a report.pdf>) "
                     "and [the list](/facts/ \"all facts\").\n", encoding="utf-8")
    result = run_build(project, "--base-url", "/sub/")
    assert result.returncode == 0, result.stderr
    page = (project / "site/about/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/a%20report.pdf">the report</a>' in page
    assert '<a href="/sub/facts/" title="all facts">the list</a>' in page


def test_a_period_the_source_gives_in_words_is_shown_in_its_words(project: Path) -> None:
    """The notes give a figure "for the end of 2025"; as_of: 2025-12 showed it as "December 2025", a
    month the source does not give. as_of_words is shown wherever the date is, and as_of still places
    the figure in time."""
    survey = project / "data/facts/coverage-survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace(
        "as_of: 2030-01\n", "as_of: 2030-01\nas_of_words: early 2030\n"), encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = (site / "facts/coverage-survey/index.html").read_text(encoding="utf-8")
    assert '<dt>Refers to</dt> <dd><time datetime="2030-01">Early 2030</time>' in page
    claim = (site / "facts/coverage-claim/index.html").read_text(encoding="utf-8")
    assert 'Example Statistics Office, <time datetime="2030-01">early 2030</time>' in claim, "its card"
    table = (site / "facts/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2030-01">early 2030</time>' in table
    chart = (site / "charts/headline/index.html").read_text(encoding="utf-8")
    assert "early 2030" in text_of(chart) and "January 2030" not in text_of(chart)
    with (site / "data/facts.csv").open(encoding="utf-8", newline="") as file:
        rows = {row["id"]: row for row in csv.DictReader(file)}
    assert (rows["coverage-survey"]["date"], rows["coverage-survey"]["date_words"]) == ("2030-01", "early 2030")
    assert "January 2030" not in text_of(table)
    assert "One claim and one context figure, early 2030 to 1 March 2030." in text_of(page), "a metric chart's takeaway"


def test_the_facts_tables_pager_names_a_period_in_its_sources_words(project: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The pager names the dates each page of the table covers; a figure given for 'early 2030' is
    named so there, as in its row, not as January 2030."""
    from bakuclaims import render
    from bakuclaims.pipeline import build_site
    survey = project / "data/facts/coverage-survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace(
        "as_of: 2030-01\n", "as_of: 2030-01\nas_of_words: early 2030\n"), encoding="utf-8")
    monkeypatch.setattr(render, "FACTS_PER_PAGE", 2)  # the claim, then the survey, on the first page
    build_site(project, project / "site", render.Options.parse("/", ""))
    second = (project / "site/facts/page/2/index.html").read_text(encoding="utf-8")
    assert '<a href="/facts/">Page 1</a>: 1 March 2030 to early 2030</li>' in second
    assert "January 2030" not in text_of(second)


def test_figures_that_share_a_period_in_their_sources_words_are_dated_in_those_words(project: Path) -> None:
    """Two figures given for the same period in words (as_of_words) share the latest date: the
    metric's page, the list of metrics and the metric's chart name the period in the words, not the date
    that places it (the chart's summary gave no date at all when its figures shared one)."""
    for name in ("homes-total", "homes-covered"):
        fact = project / f"data/facts/{name}.yaml"
        fact.write_text(fact.read_text(encoding="utf-8").replace(
            "as_of: 2030\n", "as_of: 2030\nas_of_words: financial year 2030\n"), encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    metric = text_of((project / "site/metrics/homes/index.html").read_text(encoding="utf-8"))
    assert "Latest context figures, financial year 2030: 1.23 million" in metric
    metrics = text_of((project / "site/metrics/index.html").read_text(encoding="utf-8"))
    assert "Two context figures, all for financial year 2030." in metrics
    chart = text_of((project / "site/charts/metric-homes/index.html").read_text(encoding="utf-8"))
    assert "Two context figures, all for financial year 2030." in chart


def test_a_time_axis_of_figures_dated_by_year_is_labelled_by_year_when_one_gives_its_year_in_words(
        project: Path) -> None:
    """Figures of 2029 and 2030 are drawn on an axis labelled 2029, 2030; giving the 2029 figure's
    period in its source's words ('2029/30') labelled it Jan 2029, Jul 2029, Jan 2030, months no
    figure is dated by."""
    total = project / "data/facts/homes-total.yaml"
    total.write_text(total.read_text(encoding="utf-8").replace(
        "as_of: 2030\n", "as_of: 2029\nas_of_words: 2029/30\n"), encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    svg = (project / "site/charts/metric-homes/chart.svg").read_text(encoding="utf-8")
    ticks = re.findall(r'<text text-anchor="middle"[^>]*>(\d{4}|[A-Z][a-z]{2} \d{4})</text>', svg)
    assert ticks == ["2029", "2030"]
