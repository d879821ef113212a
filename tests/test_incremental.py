"""Rebuilds reuse the last build's pages, and still give exactly what a cold build gives."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import make_project, run_build
from helpers import tree_digest


def build(project: Path, *args: str) -> None:
    """Build the project into project/site, as an editor would."""
    result = run_build(project, *args)
    assert result.returncode == 0, result.stdout + result.stderr


def cold(project: Path, tmp_path: Path) -> dict[str, str]:
    """The digest of a cold build of the same inputs: a fresh copy, no cache, no site."""
    fresh = tmp_path / "cold"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    build(fresh, "--no-cache")
    return tree_digest(fresh / "site")


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Paths present in one tree only, or with other bytes."""
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def raise_total_homes(project: Path) -> None:
    """Edit the fixture's total homes to 2.1 million, and the homes covered derived from it."""
    edit(project / "data" / "facts" / "homes-total.yaml", "value: 2000000", "value: 2100000")
    edit(project / "data" / "facts" / "homes-covered.yaml", "value: 1230000", "value: 1291500")


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, failing if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_FACT = """kind: context
title: Homes that can connect, second survey
metric: coverage
value: 64
as_of: 2030-02
producer: Example Statistics Office
independent: true
confidence: seen
source: example-stats
"""


def test_rebuild_after_editing_a_fact_matches_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    edit(project / "data" / "facts" / "coverage-survey.yaml", "value: 61.5", "value: 62.5")
    edit(project / "data" / "facts" / "homes-covered.yaml", "value: 1230000", "value: 1250000")
    build(project)
    site = tree_digest(project / "site")
    assert "62.5%" in (project / "site" / "facts" / "coverage-claim" / "index.html").read_text()
    assert differences(site, cold(project, tmp_path)) == []


def test_a_new_chart_title_or_site_address_reaches_the_cached_charts_downloads(tmp_path: Path) -> None:
    """A chart's drawing is cached by what it is drawn from; its title and the credit's address are
    not in its spec but are in its downloaded image, so a change to either gives a new PNG."""
    project = make_project(tmp_path / "project")
    build(project)
    png = project / "site" / "charts" / "headline" / "chart.png"
    before = png.read_bytes()
    edit(project / "data" / "charts.yaml", "title: The claim beside the survey", "title: The claim and the survey")
    build(project)
    assert png.read_bytes() != before, "the PNG shows the new title"
    assert "The claim and the survey" in (project / "site" / "charts" / "headline" / "chart.svg").read_text()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []
    titled = png.read_bytes()
    build(project, "--base-url", "https://example.org/claims/")
    assert png.read_bytes() != titled, "the credit gives the site's address"
    assert "https://example.org/claims/" in (project / "site" / "charts" / "headline" / "chart.svg").read_text()


def test_a_claims_link_preview_follows_its_claim_and_matches_a_cold_build(tmp_path: Path) -> None:
    """A claim's link preview (a build that knows the site's address makes one) is made again when
    what it shows changes, and a rebuild gives what a cold build gives, from a damaged cache too; a
    build without the address makes none, and leaves none behind."""
    project = make_project(tmp_path / "project")
    address = ("--base-url", "https://example.org/claims/")
    build(project, *address)
    card = project / "site" / "facts" / "coverage-claim" / "card.png"
    before = card.read_bytes()
    edit(project / "data" / "facts" / "coverage-claim.yaml", "title: Homes that can connect",
         "title: Homes able to connect")
    build(project, *address)
    assert card.read_bytes() != before, "the card shows the new title"
    fresh = tmp_path / "cold"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    build(fresh, "--no-cache", *address)
    assert differences(tree_digest(project / "site"), tree_digest(fresh / "site")) == []
    kept = sorted((project / ".cache" / "cards").iterdir())
    assert len(kept) == 1, "the cache keeps the cards of the last build alone"
    kept[0].write_bytes(kept[0].read_bytes()[:1000])  # cut short, as by a full disk
    shutil.rmtree(project / "site")
    build(project, *address)
    assert differences(tree_digest(project / "site"), tree_digest(fresh / "site")) == [], "a damaged card is drawn again"
    build(project)
    assert not card.exists()


def test_a_new_home_screen_icon_is_drawn_and_one_the_cache_lost_drawn_again_as_a_cold_build_draws_it(
        tmp_path: Path) -> None:
    """The PNGs drawn from static/icon.svg are kept in the cache by what they are drawn from: a new
    icon reaches them, and a cached PNG cut short (a full disk) is drawn again, with the bytes of a
    build that draws them afresh."""
    project = make_project(tmp_path / "project")
    build(project)
    touch = project / "site" / "assets" / "apple-touch-icon.png"
    before = touch.read_bytes()
    edit(project / "static" / "icon.svg", 'fill="#1a55a0"', 'fill="#0d3b75"')
    build(project)
    assert touch.read_bytes() != before, "the icon's new colour"
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []
    kept = sorted((project / ".cache" / "icons").iterdir())
    assert len(kept) == 3, "the cache keeps the last build's icons alone"
    kept[0].write_bytes(kept[0].read_bytes()[:100])
    shutil.rmtree(project / "site")
    build(project)
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == [], "a damaged icon is drawn again"


def test_a_claims_new_rating_reaches_a_long_charts_data_as_a_cold_build_gives_it(tmp_path: Path) -> None:
    """A chart gives a claim's rating in its data and table, though a timeline's image does not show it,
    and past ALT_MOST figures its text alternative does not name it: rating the claim anew still remakes
    the chart's downloads and the pages that show its table (the rating reaches the chart's key through
    the axis labels in its spec's data)."""
    project = make_project(tmp_path / "project")
    for month in range(1, 13):  # the coverage chart draws 14 figures; the claim is not one its summary names
        (project / "data" / "facts" / f"coverage-survey-{month}.yaml").write_text(
            NEW_FACT.replace("value: 64", f"value: {80 + month}").replace("2030-02", f"2031-{month:02d}")
            .replace("second survey", f"survey of month {month}"), encoding="utf-8")
    rated = project / "data" / "facts" / "coverage-claim.yaml"
    rated.write_text(rated.read_text(encoding="utf-8") + "assessment:\n  rating: accurate\n  summary: It "
                     "matches the survey.\n  gets_right: The level.\n  leaves_out: The date.\n  measures: Homes that can "
                     "connect.\n  date: 2030-03-05\n", encoding="utf-8")
    build(project)
    edit(rated, "rating: accurate", "rating: exaggerated")
    build(project)
    data = (project / "site" / "charts" / "metric-coverage" / "data.csv").read_text(encoding="utf-8")
    assert ",Exaggerated\n" in data and "Accurate" not in data
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


@pytest.mark.parametrize("edits", [
    [("charts.yaml", "kind: comparison", "kind: timeline")],  # the same facts, drawn another way
    [("charts.yaml", "placement: [home]", "placement: []\n  alt: Two figures, side by side.")],
    [("metrics.yaml", "coverage:\n  name:", "reach:\n  name:"),  # a metric's id, not its name
     ("facts/coverage-claim.yaml", "metric: coverage", "metric: reach")],
], ids=["kind", "alt text", "metric id"])
def test_a_chart_of_the_same_figures_made_another_way_matches_a_cold_build(
        tmp_path: Path, edits: list[tuple[str, str, str]]) -> None:
    """A chart's spec is kept in the cache by what it is made from; its figures are the same
    here, but not its definition or its metric's id, so the chart is made again."""
    project = make_project(tmp_path / "project")
    with (project / "data" / "metrics.yaml").open("a", encoding="utf-8") as metrics:  # the chart then names two
        metrics.write("surveyed:\n  name: Coverage, surveyed\n  measures: Homes surveyed that can connect\n"
                      "  of_whom: homes surveyed\n  unit: percent\n")
    edit(project / "data" / "facts" / "coverage-survey.yaml", "metric: coverage", "metric: surveyed")
    build(project)
    for name, old, new in edits:
        edit(project / "data" / name, old, new)
    build(project)
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_a_chart_missing_from_the_cache_is_drawn_when_nothing_else_changed(tmp_path: Path) -> None:
    """A build given the last build's inputs starts no drawing child to warm up (the last build
    drew every chart); a chart it has to draw all the same is drawn by a child started then."""
    project = make_project(tmp_path / "project")
    build(project)
    for render in (project / ".cache" / "charts").glob("*.png"):
        render.unlink()
    shutil.rmtree(project / "site")
    build(project)
    assert (project / "site" / "charts" / "headline" / "chart.png").is_file()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_the_chart_cache_lets_go_of_charts_no_build_has_used_for_a_week(tmp_path: Path) -> None:
    """The chart cache keeps what the last build drew from, and what builds used lately (a build
    with another site address finds its own): an edited chart's old renders go a week after their
    last use."""
    project = make_project(tmp_path / "project")
    build(project)
    cache = project / ".cache" / "charts"
    raise_total_homes(project)
    build(project)
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    build(fresh)  # a first build of the edited inputs, with a cache
    wanted = sorted(path.name for path in (fresh / ".cache" / "charts").iterdir())
    assert set(wanted) < {path.name for path in cache.iterdir()}, "the last week's renders are kept"
    week = time.time() - 8 * 86400
    for path in cache.iterdir():
        os.utime(path, (week, week))
    build(project)
    assert sorted(path.name for path in cache.iterdir()) == wanted
    for path in cache.iterdir():
        os.utime(path, (week, week))
    build(project)  # takes its renders from the cache, and so marks them used
    build(project, "--base-url", "https://example.org/claims/")  # other renders: the credit names the address
    assert set(wanted) < {path.name for path in cache.iterdir()}, "kept a week from their last use, not their making"


def test_the_cache_forgets_a_build_into_another_folder_a_week_on(tmp_path: Path) -> None:
    """A build into a scratch folder leaves the state of what it wrote in the project's cache; the
    next build a week later or more removes it, and keeps its own and any other recent one."""
    project = make_project(tmp_path / "project")
    build(project, "--out", str(tmp_path / "scratch"))
    build(project, "--out", str(tmp_path / "recent"))
    scratch, recent = sorted((project / ".cache").glob("state-*.json"), key=lambda p: p.stat().st_mtime)
    week = time.time() - 8 * 86400
    os.utime(scratch, (week, week))
    build(project)
    assert not scratch.exists() and recent.exists()
    assert len(list((project / ".cache").glob("state-*.json"))) == 2


def test_rebuild_after_adding_then_deleting_a_fact_matches_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    extra = project / "data" / "facts" / "coverage-second-survey.yaml"
    extra.write_text(NEW_FACT, encoding="utf-8")
    build(project)
    assert (project / "site" / "facts" / "coverage-second-survey" / "index.html").exists()
    extra.unlink()
    build(project)
    assert not (project / "site" / "facts" / "coverage-second-survey").exists()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_rebuild_after_renaming_a_metric_matches_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    edit(project / "data" / "metrics.yaml", "homes:\n  name: Homes", "households:\n  name: Households")
    for name in ("homes-total", "homes-covered"):
        edit(project / "data" / "facts" / f"{name}.yaml", "metric: homes", "metric: households")
    build(project)
    site = tree_digest(project / "site")
    assert "metrics/households/index.html" in site and "metrics/homes/index.html" not in site
    assert "Households" in (project / "site" / "facts" / "homes-total" / "index.html").read_text()
    assert differences(site, cold(project, tmp_path)) == []


def test_rebuild_after_editing_a_template_matches_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    edit(project / "templates" / "fact.html", "<h1>{{ f.title }}</h1>", "<h1 class=\"edited\">{{ f.title }}</h1>")
    build(project)
    site = tree_digest(project / "site")
    assert 'class="edited"' in (project / "site" / "facts" / "homes-total" / "index.html").read_text()
    assert differences(site, cold(project, tmp_path)) == []


def test_a_changed_chart_renders_again_only_the_pages_that_show_it_or_name_it_as_their_preview(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure edited in a chart many pages take as their link preview: a build given the site's
    address renders again each page whose og:image:alt gives the figure; a build without it, whose
    pages name no image, renders again only the pages that show the chart or list the fact (it
    rendered 30 of a 60-fact project's 68 listing pages, where 7 show the change). Both give the
    bytes of a cold build."""
    import re
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench import generate
    rendered = {}
    for name, args in (("local", []), ("public", ["--base-url", "https://example.org/"])):
        project = generate(tmp_path / name, 60)
        build(project, *args)
        fact = project / "data" / "facts" / "fact-00000.yaml"
        fact.write_text(re.sub(r"(?m)^value: \S+", "value: 1", fact.read_text(encoding="utf-8"), count=1),
                        encoding="utf-8")
        result = run_build(project, "-v", *args)
        assert result.returncode == 0, result.stderr
        rendered[name] = int(re.search(r"listing pages: \d+ reused, (\d+) to render", result.stderr).group(1))
        fresh = tmp_path / f"{name}-cold"
        shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
        build(fresh, "--no-cache", *args)
        assert differences(tree_digest(project / "site"), tree_digest(fresh / "site")) == [], name
    assert rendered["local"] < rendered["public"] // 2, rendered


def test_unchanged_pages_are_not_rewritten_and_hand_edits_are_undone(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    page = project / "site" / "facts" / "coverage-claim" / "index.html"
    tampered = project / "site" / "facts" / "homes-total" / "index.html"
    original = tampered.read_bytes()
    before = page.stat()
    tampered.write_bytes(original.replace(b"Homes in Exampleland", b"Edited by hand"))
    build(project)
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert tampered.read_bytes() == original
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_editing_one_fact_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    edit(project / "data" / "facts" / "coverage-claim.yaml", "eighty per cent of homes", "eighty per cent of all homes")
    result = run_build(project, "-v")
    assert result.returncode == 0, result.stderr
    assert "fact pages: 2 reused, 2 to render" in result.stdout + result.stderr  # the homes facts are untouched
    # the homes metric's and chart's are reused; the list of speakers (a claim changed) and of charts are not
    assert "listing pages: 2 reused, 8 to render" in result.stdout + result.stderr
    assert "Successfully loaded extension" not in result.stderr  # -v logs the builder's steps, not Markdown's
    assert "of all homes" in (project / "site" / "facts" / "coverage-claim" / "index.html").read_text()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []
    result = run_build(project, "-v")
    assert "already holds this build: nothing written" in result.stdout + result.stderr


def test_a_change_that_leaves_every_page_the_same_is_remembered(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    edit(project / "templates" / "fact.html", "<h1>{{ f.title }}</h1>", "<h1>{{ f.title }}</h1>\n  {# a comment: the same output #}")
    first = run_build(project, "-v")
    assert "fact pages: 0 reused, 4 to render" in first.stdout + first.stderr
    assert "already holds this build: nothing written" in first.stdout + first.stderr
    second = run_build(project, "-v")
    assert "fact pages: 4 reused, 0 to render" in second.stdout + second.stderr


def test_a_reference_written_with_spaces_is_followed_on_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    claim = project / "data" / "facts" / "coverage-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8") + "notes: Out of [[ homes-total ]] homes.\n", encoding="utf-8")
    build(project)
    raise_total_homes(project)
    build(project)
    assert "2.1&nbsp;million" in (project / "site" / "facts" / "coverage-claim" / "index.html").read_text()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_a_damaged_cache_still_gives_the_bytes_of_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    claim = project / "data" / "facts" / "coverage-claim.yaml"
    edit(claim, "eighty per cent of homes", "eighty per cent of all homes")
    build(project)  # the first site is now the spare tree the next build stages in
    spare, search = project / ".cache" / "spare-site", project / ".cache" / "search-pages"
    assert (spare / "facts" / "coverage-claim" / "index.html").is_file()
    assert (search / "facts" / "coverage-claim" / "index.html").is_file()
    (spare / "stray.html").write_text("left over", encoding="utf-8")
    shutil.rmtree(spare / "about")
    (spare / "about").write_text("a file where a folder belongs", encoding="utf-8")
    shutil.rmtree(spare / "facts" / "homes-total")
    (spare / "facts" / "homes-total" / "index.html").mkdir(parents=True)  # a folder where a page belongs
    (search / "facts" / "homes-total" / "index.html").unlink()  # a page the search copy lost
    edit(claim, "eighty per cent of all homes", "eighty per cent of the homes")
    build(project)
    assert "of the homes" in (project / "site" / "facts" / "coverage-claim" / "index.html").read_text()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_a_cache_that_cannot_be_written_does_not_fail_a_build_it_did_not_stop(tmp_path: Path) -> None:
    """A code audit: the record of a build was written after the new pages replaced the site, and a
    failure to write it ended the build as an internal error that said nothing was written, over a
    site that held the new pages. The build now succeeds and says the next one starts afresh, and a
    chart or parsed file that cannot be kept is drawn or read again next time."""
    project = make_project(tmp_path / "project")
    build(project)
    (state,) = (project / ".cache").glob("state-*.json")
    state.with_suffix(".part").mkdir()  # where the record is written first: it cannot be
    for kept in [project / ".cache/parsed.pickle", *(project / ".cache/charts").glob("*.draft.pickle")]:
        kept.unlink()
        kept.mkdir()  # a folder where a file belongs: neither can the parsed files or a chart's shape
    (project / ".cache/parsed-recent.pickle").mkdir()  # nor can the last build's few parsed files be removed
    edit(project / "data/facts/coverage-claim.yaml", "eighty per cent of homes", "eighty per cent of all homes")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "its record for the next build could not be written" in result.stderr
    assert "Internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "of all homes" in (project / "site/facts/coverage-claim/index.html").read_text(encoding="utf-8")
    assert not state.exists(), "no record of an earlier build is left to be trusted"
    build(project)
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_a_sources_search_record_follows_the_source_when_it_is_added_renamed_lost_or_removed(tmp_path: Path) -> None:
    """Each source is a search result of its own, read by Pagefind from a file of the search copy
    beside the sources page: a source added, retitled or removed, or its file lost from the copy,
    gives the index of a cold build, with no record left of a source that is gone."""
    project = make_project(tmp_path / "project")
    build(project)
    sources, record = project / "data" / "sources.yaml", project / ".cache" / "search-pages" / "sources" / "#extra" / "index.html"
    sources.write_text(sources.read_text(encoding="utf-8") + "extra:\n  publisher: Extra Wire\n  title: First title\n"
                       "  url: https://extra.example/\n", encoding="utf-8")
    build(project)
    assert "First title" in record.read_text(encoding="utf-8")
    edit(sources, "title: First title", "title: Second title")
    build(project)
    assert "Second title" in record.read_text(encoding="utf-8")
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []
    record.unlink()  # a record the search copy lost, its page unchanged: another page edited
    edit(project / "data" / "facts" / "coverage-claim.yaml", "eighty per cent of homes", "eighty per cent of all homes")
    build(project)
    assert "Second title" in record.read_text(encoding="utf-8")
    edit(sources, "extra:\n  publisher: Extra Wire\n  title: Second title\n  url: https://extra.example/\n", "")
    build(project)
    assert not record.exists()
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_an_event_page_shows_the_new_value_of_a_fact_its_summary_names(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    raise_total_homes(project)
    result = run_build(project, "-v")
    assert result.returncode == 0, result.stderr
    # the coverage metric's, its chart's, the headline chart's, the speaker's pages and the list of speakers
    # (no claim changed) are reused; the list of charts is not (the homes chart's figures changed)
    assert "listing pages: 5 reused, 5 to render" in result.stdout + result.stderr
    event = (project / "site" / "events" / "expo-2030" / "index.html").read_text()
    assert 'href="/facts/homes-covered/">1,291,500</a>' in event  # named in the summary, not listed there
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


@pytest.mark.parametrize("registry, after", [("metrics.yaml", "  unit: count\n"),
                                             ("sources.yaml", "  url: https://stats.example/coverage\n")])
def test_a_fact_page_shows_the_new_value_of_a_fact_its_metrics_or_sources_notes_name(
        tmp_path: Path, registry: str, after: str) -> None:
    project = make_project(tmp_path / "project")
    edit(project / "data" / registry, after, after + "  notes: Compare [[coverage-claim]].\n")
    build(project)
    edit(project / "data" / "facts" / "coverage-claim.yaml", "value: 80", "value: 85")
    build(project)
    page = (project / "site" / "facts" / "homes-total" / "index.html").read_text()  # its metric's and source's notes
    assert 'href="/facts/coverage-claim/">85%</a>' in page
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def search_files(project: Path) -> dict[str, tuple[int, int]]:
    """The search index's content-named files: path -> (inode, modification time)."""
    bundle = project / "site" / "pagefind"
    return {p.relative_to(bundle).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for name in ("fragment", "index") for p in (bundle / name).iterdir()}


def test_after_an_edit_the_search_index_keeps_its_unchanged_files_and_drops_the_old_ones(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    before = search_files(project)
    raise_total_homes(project)
    build(project)
    after = search_files(project)
    kept = [path for path in after if before.get(path) == after[path]]
    assert kept and len(kept) < len(after)  # files carried over as they were, and new ones for the edit
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []  # and none left behind


def test_a_search_index_written_into_by_hand_is_made_afresh(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    build(project)
    fragment = next((project / "site" / "pagefind" / "fragment").iterdir())
    fragment.write_bytes(b"edited by hand")
    raise_total_homes(project)
    build(project)
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_the_files_an_index_names_are_the_files_pagefind_wrote(tmp_path: Path) -> None:
    from bakuclaims.search import HASHED, named_files
    project = make_project(tmp_path / "project")
    build(project, "--no-cache")
    bundle = project / "site" / "pagefind"
    written = {p.name.split(".")[0] for name in HASHED if (bundle / name).is_dir() for p in (bundle / name).iterdir()}
    assert written and named_files(bundle) == written


def test_an_index_whose_metadata_cannot_be_read_as_expected_is_made_afresh(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from bakuclaims import search
    project = make_project(tmp_path / "project")
    build(project)
    pages, last = project / ".cache" / "search-pages", project / "site" / "pagefind"
    fresh = tmp_path / "fresh"
    search._index_from(pages, fresh, None)
    monkeypatch.setattr(search, "named_files", lambda bundle: set())  # as if Pagefind's format had changed
    again = tmp_path / "again"
    search._index_from(pages, again, last)
    assert tree_digest(again) == tree_digest(fresh)


def test_a_build_that_defers_the_search_index_serves_new_pages_and_the_next_build_catches_up(
        tmp_path: Path) -> None:
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    project = make_project(tmp_path / "project")
    build(project)
    index_before = tree_digest(project / "site" / "pagefind")
    raise_total_homes(project)
    deferred = build_site(project, project / "site", Options.parse("/", ""), search_now=False)
    assert deferred.search_stale  # as the preview does right after a save
    assert "2.1 million" in (project / "site" / "facts" / "homes-total" / "index.html").read_text()
    assert tree_digest(project / "site" / "pagefind") == index_before  # the last index, kept as it was
    caught_up = build_site(project, project / "site", Options.parse("/", ""))
    assert not caught_up.search_stale
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


@pytest.mark.parametrize("search_now", [True, False], ids=["index made", "index deferred"])
def test_files_left_in_the_spare_trees_search_index_never_reach_the_site(tmp_path: Path, search_now: bool) -> None:
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    project = make_project(tmp_path / "project")
    build(project)
    raise_total_homes(project)
    build(project)  # the first build's tree is now the spare the next build stages into
    spare = project / ".cache" / "spare-site" / "pagefind"
    replaced = next((spare / "fragment").iterdir())
    replaced.unlink()
    replaced.write_bytes(b"not what Pagefind wrote")  # a file of its own, where a link to the index was
    (spare / "fragment" / "en_0123abcd.pf_fragment").write_bytes(b"stray")
    (spare / "stray.js").write_bytes(b"stray")
    index_before = tree_digest(project / "site" / "pagefind")
    edit(project / "data" / "facts" / "homes-total.yaml", "value: 2100000", "value: 2200000")
    edit(project / "data" / "facts" / "homes-covered.yaml", "value: 1291500", "value: 1353000")
    build_site(project, project / "site", Options.parse("/", ""), search_now=search_now)
    if search_now:
        assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []
    else:
        assert tree_digest(project / "site" / "pagefind") == index_before


def test_deferring_the_search_index_defers_nothing_when_no_page_changed(tmp_path: Path) -> None:
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    project = make_project(tmp_path / "project")
    build(project)
    (project / "static" / "style.css").write_text("body{margin:0}\n", encoding="utf-8")  # no HTML page changes
    assert not build_site(project, project / "site", Options.parse("/", ""), search_now=False).search_stale
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_facts_index_pages_are_reused_until_their_rows_or_the_dates_covered_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bakuclaims import render
    from bakuclaims.pipeline import build_site
    monkeypatch.setattr(render, "FACTS_PER_PAGE", 2)  # 4 facts: two pages
    rendered: list[str] = []
    page = render._Renderer.page
    monkeypatch.setattr(render._Renderer, "page", lambda self, path, *a, **k: rendered.append(path) or page(
        self, path, *a, **k))
    project = make_project(tmp_path / "project")
    options = render.Options.parse("/", "")
    first, second = "facts/index.html", "facts/page/2/index.html"

    def rebuild() -> list[str]:
        """Rebuild; check the site equals a cold build; the paths the rebuild rendered."""
        rendered.clear()
        build_site(project, project / "site", options)
        paths = list(rendered)
        fresh = tmp_path / "cold"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
        build_site(fresh, fresh / "site", options, cache=False)
        assert differences(tree_digest(project / "site"), tree_digest(fresh / "site")) == []
        return paths

    build_site(project, project / "site", options)
    raise_total_homes(project)  # both facts on the second page
    paths = rebuild()
    assert second in paths and first not in paths
    assert '<td data-label="Value" data-value="2100000" data-unit="count">2.1 million</td>' in (project / "site" / second).read_text(
        encoding="utf-8")  # the figure the table sorts by follows it
    # a figure on the second page a year older: the first page's rows are the same, but the
    # dates its structured data says the whole table covers are not
    edit(project / "data" / "facts" / "homes-total.yaml", "as_of: 2030", "as_of: 2029")
    paths = rebuild()
    assert first in paths and second in paths
    assert '"temporalCoverage": "2029/' in (project / "site" / first).read_text(encoding="utf-8")


def leave_pages_to_split(monkeypatch: pytest.MonkeyPatch, most: int) -> None:
    """At most this many fact pages rendered as the charts are drawn (render.py asks whether
    they still are before each page), however slowly they are drawn, so that enough are left
    to split between two processes."""
    from bakuclaims import render
    asked, still_drawing = iter(range(10**9)), render.still_drawing
    monkeypatch.setattr(render, "still_drawing", lambda charts: next(asked) < most and still_drawing(charts))


def test_a_site_of_hundreds_of_facts_gives_the_same_pages_in_two_processes_as_in_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Fact pages rendered as their charts are drawn, the rest shared with a forked process, are
    the pages one process renders alone (a machine with one core, or a small site). Another
    thread running, as the preview's server does, does not keep the build to one process."""
    import logging
    import threading
    from bakuclaims import render
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench import generate
    project = generate(tmp_path / "project", render.PARALLEL_MIN + 100)
    leave_pages_to_split(monkeypatch, 100)
    server_stops = threading.Event()
    server = threading.Thread(target=server_stops.wait, daemon=True)  # as the preview's server waits for requests
    server.start()
    try:
        with caplog.at_level(logging.DEBUG, logger="bakuclaims.render"):
            build_site(project, tmp_path / "two", Options.parse("/", ""), cache=False)
    finally:
        server_stops.set()
    assert any(" fact pages in two processes" in r.getMessage() for r in caplog.records)
    assert not any("forked copy sent no pages" in r.getMessage() for r in caplog.records)
    monkeypatch.setattr(render, "PARALLEL_MIN", 10**6)
    build_site(project, tmp_path / "one", Options.parse("/", ""), cache=False)
    assert differences(tree_digest(tmp_path / "two"), tree_digest(tmp_path / "one")) == []


def test_a_forked_copy_that_never_answers_does_not_hold_the_build_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Should the forked copy wait for ever (a lock another thread held when it was made), the
    build stops it after a while and renders its pages itself: the same pages, no hang."""
    import logging
    import threading
    import time
    from bakuclaims import render
    from bakuclaims.options import Options
    from bakuclaims.pipeline import build_site
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench import generate
    project = generate(tmp_path / "project", 60)
    build_site(project, tmp_path / "one", Options.parse("/", ""), cache=False)
    monkeypatch.setattr(render, "PARALLEL_MIN", 10)
    leave_pages_to_split(monkeypatch, 20)
    monkeypatch.setattr(render, "CHILD_PATIENCE", 0.2)
    monkeypatch.setattr(render, "_render_in_child", lambda renderer, todo, conn: time.sleep(3600))
    build = threading.Thread(target=build_site, args=(project, tmp_path / "two", Options.parse("/", "")),
                             kwargs={"cache": False}, daemon=True)
    with caplog.at_level(logging.DEBUG, logger="bakuclaims.render"):
        build.start()
        build.join(timeout=120)
    assert not build.is_alive(), "the build waited for the forked copy"
    assert any("forked copy sent no pages" in r.getMessage() for r in caplog.records)
    assert differences(tree_digest(tmp_path / "two"), tree_digest(tmp_path / "one")) == []


def test_parsed_yaml_is_reused_until_its_text_changes_and_the_cache_stays_bounded(tmp_path: Path) -> None:
    """Many one-file edits, each followed by a build's use of the parse cache: every file
    read gives the parse of its current text (parsed once per new text), an edit writes
    the few new entries, not the whole cache, and old texts do not pile up."""
    from bakuclaims.incremental import ParseCache
    cache_dir, files = tmp_path / ".cache", 150
    texts = {f"data/facts/f{i}.yaml": f"value: {i}\n" for i in range(files)}
    parsed: list[str] = []

    def parse(path: str, text: str, first_line: int) -> tuple[str, str]:
        parsed.append(path)
        return path, text

    def one_build() -> None:
        cache = ParseCache(cache_dir)
        assert all(cache.get(path, text, 1, parse) == (path, text) for path, text in texts.items())
        cache.save()

    one_build()
    whole = cache_dir / "parsed.pickle"
    written = whole.stat().st_mtime_ns, whole.stat().st_ino
    parsed.clear()
    for edit_number in range(1, 131):
        edited = f"data/facts/f{edit_number % 120}.yaml"  # 120 files edited, ten of them twice
        texts[edited] = f"value: {edit_number} (edited)\n"
        one_build()
        assert parsed == [edited]  # only the edited file parsed again
        parsed.clear()
        if edit_number == 10:
            assert (whole.stat().st_mtime_ns, whole.stat().st_ino) == written, "ten edits: the whole file untouched"
    kept = sum(len(ParseCache(cache_dir)._read(f)) for f in (whole, cache_dir / "parsed-recent.pickle"))
    assert files <= kept <= files + ParseCache.RECENT_MIN, "old texts are dropped"
    one_build()
    assert parsed == []


def test_a_claim_given_to_another_speaker_moves_on_the_list_of_speakers(tmp_path: Path) -> None:
    """The list of speakers counts each person's claims: a rebuild that only changes a claim's
    speaker must not take the list from the last build. The claim is one no chart draws: a chart's
    change (the headline chart is every page's link preview) would hide a key that missed it."""
    project = make_project(tmp_path / "project")
    people = project / "data" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "bo-example:\n  name: Bo Example\n  role: Deputy\n",
                      encoding="utf-8")
    (project / "data" / "facts" / "plan-claim.yaml").write_text(
        "kind: claim\ntitle: A plan for more homes\nspeaker: ada-example\nevent: expo-2030\nsaid_on: 2030-03-02\n"
        "quote: we have a plan\nquote_type: direct\nsource: example-news\n", encoding="utf-8")
    build(project)
    listed = (project / "site" / "people" / "index.html").read_text(encoding="utf-8")
    assert "Two claims recorded" in listed and "No claims recorded yet" in listed
    edit(project / "data" / "facts" / "plan-claim.yaml", "speaker: ada-example", "speaker: bo-example")
    build(project)
    listed = (project / "site" / "people" / "index.html").read_text(encoding="utf-8")
    assert listed.count("One claim recorded") == 2 and "No claims recorded yet" not in listed
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []


def test_renaming_a_metric_or_an_event_renames_its_group_on_the_pages_that_group_by_it(tmp_path: Path) -> None:
    """A long event or speaker page heads each group of claims with its metric's name, and a long
    metric page each group of claims with its event's: names in metrics.yaml and events.yaml,
    not in the facts the pages list."""
    from test_build import add_claims
    project = make_project(tmp_path / "project")
    add_claims(project, {"homes": 4, "coverage": 10})  # the coverage metric: 11 claims and a survey
    build(project)
    edit(project / "data" / "metrics.yaml", "name: Homes\n", "name: Dwellings\n")
    edit(project / "data" / "events.yaml", "short_name: Expo 2030", "short_name: The Expo")
    build(project)
    for page in ("events/expo-2030", "people/ada-example"):
        html = (project / "site" / page / "index.html").read_text(encoding="utf-8")
        assert '<a href="/metrics/homes/">Dwellings</a>' in html, page
    metric = (project / "site" / "metrics" / "coverage" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/events/expo-2030/">Claims made at The Expo</a>' in metric
    assert differences(tree_digest(project / "site"), cold(project, tmp_path)) == []
