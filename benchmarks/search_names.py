#!/usr/bin/env python3
"""Where the site's search lists a metric's page when a reader types the metric's name.

A measurement, not a test: it asserts nothing. It builds the real site into a scratch folder,
serves it on 127.0.0.1 under the sub-path GitHub project pages use, types into the search page
in the Debian chromium, as a reader would, each metric's name from data/metrics.yaml (and each
speaker's and event's), and records the place of the page whose name it is among the results;
the same for the name typed loosely (lower case, no punctuation, "the" before it); then, for a
few single words that many pages share, a few queries of more than a word but less than a
name, and the headline claims' figures, the first three results.

    .venv/bin/python benchmarks/search_names.py [--json ranks.json]

Measured 2026-12-05 at 63af93d, with Pagefind's ranking alone: the metric's page first for 19 of the
31 names as written (20 in another run: "Fixed broadband per 100 people" scores 36.38382 and the
metric "Fixed broadband subscriptions per 100 people" 36.38380, a tie broken either way), second to
eighth for the others ("Population" eighth); typed loosely, first for 15, and two not listed at all
(their pages have no "the"). The speakers' and events' pages first for all 4 names, for 3 typed
loosely. With a page whose title is the query listed first (static/search-api/pagefind.js): every
metric's, speaker's and event's page first for its name, as written and typed loosely, and the first
three results of each shared word and partial query the same as before.

Measured again 2026-12-05 with each source a result of its own (the entries of the sources page):
the same figures, and the same first three results for each shared word and partial query, once a
query that a page's title holds lists the pages before the sources; without that, "fibre" and "the
fibre" listed three sources first, and "digital ID" and "population of Azerbaijan" one or two among
their first three.

Nothing leaves 127.0.0.1. Needs the Debian chromium and Playwright (setup.sh installs both).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from browser_support import launch, serve  # noqa: E402

log = logging.getLogger("search_names")
PREFIX = "/baku-digital-claims/"
WORDS = ("fibre", "SIMA", "broadband", "digital ID", "EGDI")  # shared words: readers want the claims
PARTS = ("the fibre", "fibre broadband", "population of Azerbaijan")  # more than a word, less than a name
FIGURES = ("65%", "74%", "90%", "100%", "3.6 million", "74 per cent")  # the headline claims' figures
PAGE_SIZE = 10  # search.js's pageSize: results drawn before "Load more results"
MORE_PAGES = 2  # "Load more results" clicked at most this often looking for a page


def named_pages(root: Path) -> list[tuple[str, str]]:
    """(name, the path of the page it names) for every metric, speaker and event of the project at root."""
    pairs = []
    for registry, folder in (("metrics", "metrics"), ("people", "people"), ("events", "events")):
        entries = yaml.safe_load((root / "data" / f"{registry}.yaml").read_text(encoding="utf-8"))
        pairs += [(entry["name"], f"{folder}/{key}/") for key, entry in entries.items()]
    return pairs


def nearly(name: str) -> str:
    """A name as a reader might type it: in lower case, without punctuation, after "the"."""
    return "the " + " ".join(re.findall(r"[^\W_]+", name.lower()))


def results(page: Any, query: str, wanted: str | None = None) -> list[str]:
    """Type query into the search box; the paths of the results drawn once they settle (with
    wanted, "Load more results" is clicked until it is among them, at most MORE_PAGES times)."""
    page.locator("#search input").first.fill(query)
    message = page.locator(".pagefind-ui__message")
    message.filter(has_text=re.compile(rf"results? for {re.escape(query)}$")).wait_for(timeout=15000)
    for _ in range(MORE_PAGES + 1):
        page.wait_for_function(
            "() => { const links = [...document.querySelectorAll('.pagefind-ui__result-link')];"
            " const total = parseInt(document.querySelector('.pagefind-ui__message').textContent, 10);"
            " return links.length > 0 && links.every((l) => l.hasAttribute('href'))"
            f" && (links.length % {PAGE_SIZE} === 0 || links.length === total); }}", timeout=15000)
        paths = [href.removeprefix(PREFIX) for href in page.locator(".pagefind-ui__result-link").evaluate_all(
            "links => links.map((l) => l.getAttribute('href'))")]
        more = page.locator(".pagefind-ui__button")
        if wanted is None or wanted in paths or more.count() == 0:
            return paths
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.pagefind-ui__result-link').length > {len(paths)}")
    return paths


def measure(url: str) -> dict[str, Any]:
    """The rank of each named page for its name (None when not among the results looked at), and
    the first three results for each shared word."""
    report: dict[str, Any] = {"names": {}, "words": {}}
    with launch() as browser:
        page = browser.new_context().new_page()  # type: ignore[attr-defined]
        page.goto(url + "search/", wait_until="load")
        for name, path in named_pages(REPO):
            found = results(page, name, path)
            rank = found.index(path) + 1 if path in found else None
            loose = nearly(name)
            found_loosely = results(page, loose, path)
            rank_loosely = found_loosely.index(path) + 1 if path in found_loosely else None
            report["names"][name] = {"page": path, "rank": rank, "first": found[0] if found else None,
                                     "nearly": loose, "rank_nearly": rank_loosely}
            log.info("%-4s %-4s %-70s %s", rank or "-", rank_loosely or "-", name,
                     "" if rank == 1 else f"first: {found[0] if found else '-'}")
        for word in WORDS + PARTS + FIGURES:
            report["words"][word] = results(page, word)[:3]
            log.info("%-24s %s", word, ", ".join(report["words"][word]))
    metrics = [entry for entry in report["names"].values() if entry["page"].startswith("metrics/")]
    others = [entry for entry in report["names"].values() if not entry["page"].startswith("metrics/")]
    for key, how in (("rank", "as written"), ("rank_nearly", "nearly (lower case, no punctuation, 'the' before)")):
        log.info("names %s: metric pages first for %d of %d; speakers and events for %d of %d", how,
                 sum(entry[key] == 1 for entry in metrics), len(metrics),
                 sum(entry[key] == 1 for entry in others), len(others))
    return report


def main() -> int:
    """Build the real site, serve it, measure; write the figures as JSON when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory(prefix="bakuclaims-search-names-") as scratch:
        site = Path(scratch) / "site"
        subprocess.run([sys.executable, str(REPO / "build.py"), "--out", str(site), "--base-url", PREFIX],
                       check=True, capture_output=True)
        with serve(site, PREFIX) as url:
            report = measure(url)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
