"""Redirects: an address the site once published sends readers on to the page that holds its content now."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from bakuclaims import validate
from bakuclaims.load import load
from bakuclaims.pipeline import build_site
from bakuclaims.problems import BuildFailed
from bakuclaims.render import Options
from conftest import REPO, make_project, run_build
from helpers import is_redirect, links_in, text_of, tree_digest

OLD = "facts/survey-2030/"  # the fixture's redirect, to facts/coverage-survey/


def redirects(project: Path, text: str) -> None:
    """Write data/redirects.yaml in the project."""
    (project / "data" / "redirects.yaml").write_text(text, encoding="utf-8")


def built_pages(site: Path) -> set[str]:
    """The address of every HTML page in a built site, as the site writes them (facts/<id>/)."""
    return {p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
            if "pagefind" not in p.parts}


def test_an_old_address_sends_readers_on_under_the_base_path_without_javascript(project: Path) -> None:
    result = run_build(project, "--base-url", "https://example.org/claims/")
    assert result.returncode == 0, result.stderr
    html = (project / "site" / OLD / "index.html").read_text(encoding="utf-8")
    head, body = html.split("<body>", 1)
    assert '<meta http-equiv="refresh" content="0; url=/claims/facts/coverage-survey/">' in head
    assert '<link rel="canonical" href="https://example.org/claims/facts/coverage-survey/">' in head
    assert '<meta name="robots" content="noindex">' in head
    assert '<link rel="stylesheet" href="/claims/assets/style.css">' in head
    assert "<script" not in html
    assert "/claims/facts/coverage-survey/" in links_in(body)
    assert "now at 61.5%: Homes that can connect, survey" in text_of(body)  # the page's name, not its address
    assert "data-pagefind-body" not in html


def test_redirect_pages_stay_out_of_the_sitemap_the_search_index_and_the_feed(project: Path) -> None:
    assert run_build(project, "--base-url", "https://example.org/claims/").returncode == 0
    site = project / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "facts/coverage-survey/" in sitemap and OLD not in sitemap
    assert OLD not in (site / "feed.xml").read_text(encoding="utf-8")
    indexed = set()
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        indexed.add(json.loads(data[data.index(b"{"):])["url"])
    assert "/facts/coverage-survey/" in indexed
    assert not [url for url in indexed if OLD in url]
    assert not (project / ".cache" / "search-pages" / OLD).exists(), "Pagefind is not given the page"


def test_the_check_predicts_every_page_the_build_writes(project: Path, tmp_path: Path) -> None:
    """The check refuses a redirect to an address no page is built at, and from one a page is
    built at, before anything is built: its list of addresses must be the build's."""
    for root in (project, REPO):
        out = tmp_path / f"site-{root.name}"
        # the repository's own .cache/ is left alone: another test process may be building from it
        result = run_build(root, "--out", str(out), *(["--no-cache"] if root == REPO else []))
        assert result.returncode == 0, result.stderr
        inputs, _ = load(root)
        site, problems = validate.validate(inputs)
        froms = {r.source for r in site.redirects}
        written = built_pages(out) - froms - {"404.html"}
        # a chart's embed page (charts/<id>/embed/) is no page to send readers to: the check refuses
        # a redirect from one of a chart it builds on its own (see test_embed.py)
        embeds = {p for p in written if p.startswith("charts/") and p.endswith("/embed/")}
        assert embeds and validate.page_addresses(site) == {p for p in written - embeds if not p.startswith("facts/page/")}


def test_a_target_the_build_did_not_write_stops_it_where_the_redirect_is_written(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the check's list of addresses ever differ from the build's, the build stops rather
    than publish a page that sends readers to a 404."""
    redirects(project, "- from: old/\n  to: charts/gone/\n")
    real = validate.page_addresses
    monkeypatch.setattr(validate, "page_addresses", lambda site: real(site) | {"charts/gone/"})
    with pytest.raises(BuildFailed) as failed:
        build_site(project, project / "site", Options(), drawers=None)
    assert [p.text() for p in failed.value.problems] == [
        "data/redirects.yaml:1:9: no page was built at 'charts/gone/', where this redirect sends readers; "
        "write the address of a page the site builds"]
    assert not (project / "site").exists()


def test_a_redirect_to_a_page_built_at_the_same_address_is_refused_by_the_writer_too(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer's guarantee holds for redirect pages: two pages are never written at one path."""
    redirects(project, "- from: facts/homes-total/\n  to: facts/coverage-survey/\n")
    real = validate.page_addresses
    monkeypatch.setattr(validate, "page_addresses", lambda site: real(site) - {"facts/homes-total/"})
    monkeypatch.setattr(validate, "_check_redirects", _without_built_check(validate._check_redirects))
    with pytest.raises(BuildFailed) as failed:
        build_site(project, project / "site", Options())
    assert any("two pages would be written to 'facts/homes-total/index.html'" in p.message
               for p in failed.value.problems), failed.value.problems


def _without_built_check(check: Callable[..., None]) -> Callable[..., None]:
    """_check_redirects as if no fact's page were known to it."""
    def checked(inputs: Any, site: Any, known: dict[str, Any], problems: list[Any]) -> None:
        check(inputs, site, {**known, "facts": set()}, problems)
    return checked


def test_a_file_of_comments_alone_is_no_redirect_and_no_problem(project: Path) -> None:
    redirects(project, "# Old addresses and where their content went.\n\n")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    assert not (project / "site" / OLD).exists()


def test_every_mistake_in_the_list_is_reported_at_once(project: Path) -> None:
    redirects(project, "- from: /facts/old\n  to: facts/coverage-survey/\n"
                       "- from: facts/older/\n  to: facts/coverage-surveys/\n"
                       "- from: facts/homes-total/\n  to: about/\n")
    result = run_build(project, "check")
    assert result.returncode == 1
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines() if line.startswith("data/")] == [
        "data/redirects.yaml:1:9", "data/redirects.yaml:4:7", "data/redirects.yaml:5:9"]


def test_each_kind_of_page_is_named_by_its_title(project: Path) -> None:
    targets = {"facts/coverage-claim/": "80%: Homes that can connect, according to Ada Example",
               "events/expo-2030/": "Example Expo 2030", "people/ada-example/": "Ada Example",
               "metrics/coverage/": "Coverage, share of homes", "charts/headline/": "The claim beside the survey",
               "about/": "About", "events/": "the list of events", "people/": "the list of speakers",
               "charts/": "the list of charts", "": "the home page"}
    redirects(project, "".join(f"- from: old/{n}/\n  to: {target or '/'}\n" for n, target in enumerate(targets)))
    result = run_build(project)
    assert result.returncode == 1 and "got '/'" in result.stderr, "the home page is not written as a path"
    del targets[""]
    redirects(project, "".join(f"- from: old/{n}/\n  to: {target}\n" for n, target in enumerate(targets)))
    assert run_build(project).returncode == 0
    for n, title in enumerate(targets.values()):
        body = (project / "site" / "old" / str(n) / "index.html").read_text(encoding="utf-8").split("<body>")[1]
        assert f"now at {title}." in text_of(body).replace(" .", "."), title


def test_a_rebuild_after_adding_and_editing_redirects_gives_the_bytes_of_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert run_build(project).returncode == 0
    metrics = project / "data" / "metrics.yaml"
    metrics.write_text(metrics.read_text(encoding="utf-8").replace("homes:\n  name: Homes", "households:\n  name: Households"),
                       encoding="utf-8")
    for name in ("homes-total", "homes-covered"):
        fact = project / "data" / "facts" / f"{name}.yaml"
        fact.write_text(fact.read_text(encoding="utf-8").replace("metric: homes", "metric: households"), encoding="utf-8")
    redirects(project, "- from: metrics/homes/\n  to: metrics/households/\n"
                       "- from: facts/survey-2030/\n  to: facts/coverage-survey/\n")
    assert run_build(project).returncode == 0
    html = (project / "site" / "metrics" / "homes" / "index.html").read_text(encoding="utf-8")
    assert 'url=/metrics/households/"' in html
    redirects(project, "- from: metrics/homes/\n  to: facts/homes-total/\n")
    assert run_build(project).returncode == 0
    assert not (project / "site" / OLD).exists()
    fresh = tmp_path / "cold"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    assert run_build(fresh, "--no-cache").returncode == 0
    assert tree_digest(project / "site") == tree_digest(fresh / "site")
    assert run_build(fresh, "--no-cache", "--out", str(tmp_path / "again")).returncode == 0
    assert tree_digest(fresh / "site") == tree_digest(tmp_path / "again")


def test_the_real_sites_redirects_lead_to_pages_it_builds(real_site: Path) -> None:
    pages = [p for p in real_site.rglob("*.html") if is_redirect(p)]
    assert pages, "data/redirects.yaml lists the addresses the site has published and moved"
    for page in pages:
        target = re.search(r'content="0; url=/([^"]*)"', page.read_text(encoding="utf-8"))[1]
        assert (real_site / target / "index.html").is_file(), page
