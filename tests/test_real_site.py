"""The real site: every claim of both seed articles is on a page with its quote and source."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from bakuclaims.fmt import words
from helpers import (chart_dirs, framed_download, framed_takeaway, index_entries, is_redirect, plain_text,
                     real_facts, shown, text_of)

REPO = Path(__file__).resolve().parents[1]

# What each seed article claims, as a reader would search for it on the claim's page.
SEED_CLAIMS = {
    "digital-id-65-percent": "65%",
    "fibre-coverage-baku-90-percent": "90%",
    "fibre-coverage-national-74-percent": "74%",
    "smes-supported-500": "500",
    "digitalisation-strategy-pillars": "three pillars",
    "broadband-coverage-100-percent": "100%",
    "sima-3-6-million-users": "3.6 million",
    "sima-state-systems-80": "more than 80",
    "egdi-highest-category": "highest category group",
    "egdi-top-40-goal": "top 40",
    "itu-acceleration-centre-planned": "Regional Acceleration Centre",
}


def claims() -> dict[str, dict]:
    """Every claim fact in data/facts, by id."""
    found = {}
    for path in sorted((REPO / "data/facts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("kind") == "claim":
            found[path.stem] = data
    return found


def test_the_sites_own_data_passes_the_strict_check() -> None:
    """Warnings (a figure typed by hand, a claim not yet assessed, a fact no page shows) do not
    stop an editor's build, so nothing stopped them reaching the site: here they fail the tests."""
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--strict"], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


def test_every_seed_claim_has_its_own_page(real_site: Path) -> None:
    for fact_id, phrase in SEED_CLAIMS.items():
        page = real_site / "facts" / fact_id / "index.html"
        assert page.is_file(), fact_id
        assert phrase.lower() in text_of(page.read_text(encoding="utf-8")).lower(), (fact_id, phrase)


def test_every_claim_page_shows_quote_speaker_event_and_source(real_site: Path) -> None:
    people = yaml.safe_load((REPO / "data/people.yaml").read_text(encoding="utf-8"))
    events = yaml.safe_load((REPO / "data/events.yaml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((REPO / "data/sources.yaml").read_text(encoding="utf-8"))
    for fact_id, claim in claims().items():
        html = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        text = text_of(html)
        assert text_of(shown(claim["quote"])).strip() in text, fact_id
        assert shown(people[claim["speaker"]]["name"]) in text
        assert shown(events[claim["event"]]["name"]) in text
        source = sources[claim["source"]]
        assert shown(source["publisher"] or "outlet not recorded") in text


def test_home_page_lists_every_claim(real_site: Path) -> None:
    from bakuclaims.render import HOME_CLAIMS
    html = (real_site / "index.html").read_text(encoding="utf-8")
    per_event = Counter(claim["event"] for claim in claims().values())
    for fact_id, claim in claims().items():
        if per_event[claim["event"]] <= HOME_CLAIMS:  # beyond that, the home page links to the event's page
            assert f'href="/facts/{fact_id}/"' in html, fact_id


def test_unknown_venue_is_said_not_guessed(real_site: Path) -> None:
    html = (real_site / "events/gsma-m360-eurasia-2024/index.html").read_text(encoding="utf-8")
    assert "Not found in the site’s sources." in html


def test_a_figure_the_source_dates_to_the_end_of_a_year_is_not_given_a_month(real_site: Path) -> None:
    """The notes give the ministry's "nearly 100%" for the end of 2025: the site showed "December 2025"."""
    fact = text_of((real_site / "facts/fibre-coverage-end-2025/index.html").read_text(encoding="utf-8"))
    assert "Refers to End of 2025" in fact
    assert fact.count("December 2025") == fact.count("was shown as December 2025") == 1, "in the correction alone"
    chart = text_of((real_site / "charts/metric-fibre-coverage-national/index.html").read_text(encoding="utf-8"))
    assert "end of 2025" in chart and "December 2025" not in chart


def test_the_governments_digital_id_target_is_dated_by_the_end_of_2026_it_is_for(real_site: Path) -> None:
    """The target's page said "Refers to 4 September 2024", the day news.az reported it, and the share
    computed from it "September 2024": both are for the end of 2026, and each list that dates them
    says they are targets; the home page's latest figures leave them out."""
    for fact_id in ("digital-id-target-1-million", "digital-id-target-share-2024"):
        page = text_of((real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8"))
        assert "Target for End of 2026" in page, fact_id
        assert "Refers to" not in page, fact_id
    table = text_of((real_site / "facts/index.html").read_text(encoding="utf-8"))
    assert "Government of Azerbaijan target for end of 2026" in table
    metrics = text_of((real_site / "metrics/index.html").read_text(encoding="utf-8"))
    assert "One context figure: 1 million, target for end of 2026." in metrics
    home = (real_site / "index.html").read_text(encoding="utf-8")
    latest = home.split('id="latest-heading"')[1].split("</section>")[0]
    assert "digital-id-target" not in latest, "a target for a date to come is not the latest figure"
    feed = (real_site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("Context figure, target for end of 2026. Producer: ") == 2
    with (real_site / "data/facts.csv").open(encoding="utf-8", newline="") as rows:
        targets = {row["id"]: (row["date"], row["date_words"]) for row in csv.DictReader(rows) if row["target"] == "True"}
    assert targets == {"digital-id-target-1-million": ("2026-12", "end of 2026"),
                       "digital-id-target-share-2024": ("2026-12", "end of 2026")}


def test_a_context_fact_without_a_figure_is_not_called_a_figure(real_site: Path) -> None:
    """An opening and a statement of what a text says were 'Context figure' in their pages'
    descriptions, in their cards' labels for screen readers and in the feed."""
    statements = [p.stem for p in sorted((REPO / "data/facts").glob("*.yaml"))
                  if (fact := yaml.safe_load(p.read_text(encoding="utf-8")))["kind"] == "context"
                  and fact.get("value") is None]
    assert statements, "the real site has context facts without a figure"
    feed = (real_site / "feed.xml").read_text(encoding="utf-8")
    cards = "".join(p.read_text(encoding="utf-8") for p in real_site.rglob("index.html"))
    for fact_id in statements:
        page = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        assert '<meta name="description" content="Context: ' in page, fact_id
        entry = feed[feed.index(f'/facts/{fact_id}/"'):]  # its own entry, not a correction's (#corrections)
        assert re.search(r"<summary>Context, [^<]*Producer: ", entry[:entry.index("</entry>")]), fact_id
        for card in re.findall(rf'<a href="[^"]*/facts/{fact_id}/"><span class="visually-hidden">([^<]*)</span>', cards):
            assert card.startswith("Context, "), (fact_id, card)
    assert feed.count("<summary>Context, ") == len(statements), "a context figure is still one"


def test_derived_figures_show_their_arithmetic(real_site: Path) -> None:
    """Each derived fact's page shows its sum with its inputs' values, and the result to three
    decimals more than the fact gives, and at least two (6,630,008.45 for a count to the nearest
    10,000): read from the data, so that correcting an input (an editor's everyday change) does
    not fail this test."""
    facts = real_facts()
    sign = {"share": "÷", "percent-of": "×", "sum": "+", "difference": "−"}
    derived = {fact_id: fact["derived"] for fact_id, fact in facts.items() if "derived" in fact}
    assert derived
    with (real_site / "data/facts.csv").open(encoding="utf-8", newline="") as handle:
        downloaded = {row["id"]: row for row in csv.DictReader(handle)}
    assert all(not row["arithmetic"] for fact_id, row in downloaded.items() if fact_id not in derived)
    for fact_id, how in derived.items():
        text = text_of((real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8"))
        shown = re.search(rf"([\d,.]+) {re.escape(sign[how['operation']])} ([\d,.]+)(?: [×÷] 100)? = ([\d,.]+)", text)
        assert shown, fact_id
        a, b, result = (float(part.replace(",", "")) for part in shown.groups())
        assert [a, b] == [facts[i]["value"] for i in how["inputs"]], fact_id
        exact = {"share": a / b * 100, "percent-of": a * b / 100, "sum": a + b, "difference": a - b}[how["operation"]]
        shown_places = max(how.get("decimals", 0) + 3, 2)  # below 0 decimals (to tens, ...), still two
        assert abs(result - exact) <= 0.5 * 10 ** -shown_places + 1e-9, fact_id
        row = downloaded[fact_id]  # the fact tables give the arithmetic as the page does
        assert row["arithmetic"].startswith(shown.group(0)), (fact_id, row["arithmetic"])
        assert row["display"] in text, fact_id
        if row["display"] == shown.group(3):  # '0.7607 − 0.75 = 0.0107', not then ': 0.0107' again
            assert row["arithmetic"] == shown.group(0) and not re.search(rf"{re.escape(shown.group(0))}\s*:", text), \
                row["arithmetic"]
        else:  # '3.6 ÷ 10.2 × 100 = 35.294, rounded to one decimal place: 35.3%', '74 + 9 = 83: 83rd'
            assert row["arithmetic"].endswith(f": {row['display']}"), row["arithmetic"]
        rounded = abs(exact - round(exact, how.get("decimals", 0))) > 1e-9  # only then does it say so
        assert ("rounded to" in row["arithmetic"]) == rounded and ("rounded to" in text) == rounded, fact_id


def test_a_last_update_says_what_it_was_with_a_link_to_it(real_site: Path) -> None:
    """A reader audit: a claim's "Last updated" on the day of its assessment gave no reason, where a
    corrected fact's linked its corrections; it now names the assessment, or corrections, or a check of
    the source, whichever that day saw."""
    seen = 0
    for fact_id, fact in real_facts().items():
        html = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        row = re.search(r'<dt>Last updated</dt> <dd><time datetime="([0-9-]+)">[^<]+</time>(.*?)</dd>', html)
        if row is None:
            continue
        day, why = row.groups()
        assessed = str(fact.get("assessment", {}).get("date", ""))
        corrected = fact.get("corrections", [])
        assert why, f"{fact_id}: 'Last updated' without what it was"
        assert ('<a href="#assessment">assessment</a>' in why) == (assessed == day), fact_id
        assert ('<a href="#corrections">' in why) == bool(corrected), fact_id
        assert ("source checked" in why) == (str(fact.get("checked", "")) == day), fact_id
        seen += 1
    assert seen >= 5


def test_a_rank_charts_day_last_updated_counts_the_count_its_axis_is_drawn_from(real_site: Path) -> None:
    """A reader audit: the EGDI rank chart was redrawn on an axis "193 ranked, 2024", from a fact
    published after its figures, yet it still said it was last updated on its figures' day."""
    chart = (real_site / "charts/metric-egdi-rank/index.html").read_text(encoding="utf-8")
    count = (real_site / "facts/egdi-countries-2024/index.html").read_text(encoding="utf-8")
    updated = re.search(r'last updated <time datetime="([0-9-]+)">', chart)
    added = re.search(r'<dt>Published on this site</dt> <dd><time datetime="([0-9-]+)">', count)
    if updated is None or added is None:
        pytest.skip("no git history in this checkout: no days to compare")
    assert updated.group(1) >= added.group(1)


def test_each_fact_page_says_what_its_figure_measures_and_of_whom_in_rows_of_their_own(real_site: Path) -> None:
    metrics = yaml.safe_load((REPO / "data/metrics.yaml").read_text(encoding="utf-8"))
    for path in sorted((REPO / "data/facts").glob("*.yaml")):
        metric_id = yaml.safe_load(path.read_text(encoding="utf-8")).get("metric")
        if metric_id is None:
            continue
        html = (real_site / "facts" / path.stem / "index.html").read_text(encoding="utf-8")
        of_whom = shown(metrics[metric_id]["of_whom"])
        row = re.search(r"<dt>Of whom</dt> <dd>(.*?)</dd>", html)
        assert row and text_of(row.group(1)) == of_whom[0].upper() + of_whom[1:], path.stem
        measures = re.search(r"<dt>What it measures</dt> <dd>(.*?)</dd>", html, re.S)
        assert measures and ", of " + of_whom not in text_of(measures.group(1)), path.stem


def test_what_a_fact_measures_reads_without_two_brackets_in_a_row(real_site: Path) -> None:
    """Two metrics' definitions ended in an aside in brackets, and the page adds the metric's name
    in brackets after the definition: "…as stated in the claim (the report does not say who gives
    it) (Small and medium-sized businesses supported in digitisation)"."""
    doubled = []
    for page in sorted((real_site / "facts").glob("*/index.html")):
        row = re.search(r"<dt>What it measures</dt> <dd>(.*?)</dd>", page.read_text(encoding="utf-8"), re.S)
        if row and re.search(r"\)\s*\(", text_of(row.group(1))):
            doubled.append(f"{page.parent.name}: {text_of(row.group(1))[:160]}")
    assert not doubled, "\n".join(doubled)


def test_what_a_fact_measures_says_each_thing_once(real_site: Path) -> None:
    """The World Bank figure's page read "…as the site's records of the World Bank's figure give it,
    without saying whether it counts subscriptions or subscribers (…). The site's records of the World
    Bank's figure do not say whether it counts subscriptions or subscribers.": its metric's notes,
    which the page adds after the definition, began by saying again what the definition had said."""
    said_twice, size = [], 6
    for page in sorted((real_site / "facts").glob("*/index.html")):
        row = re.search(r"<dt>What it measures</dt> <dd>(.*?)</dd>", page.read_text(encoding="utf-8"), re.S)
        words = re.findall(r"[\w’]+", text_of(row.group(1)).lower()) if row else []
        first: dict[tuple[str, ...], int] = {}
        for at in range(len(words) - size + 1):
            run = tuple(words[at:at + size])
            if at - first.setdefault(run, at) >= size:
                said_twice.append(f"{page.parent.name}: “{' '.join(run)}”")
                break
    assert not said_twice, "\n".join(said_twice)


def test_an_assessed_claim_without_a_figure_gives_one_answer_to_what_it_measures(real_site: Path) -> None:
    """The claim that Azerbaijan is in the UN index's highest group has no figure: its assessment spoke of
    "What its figure measures", and the rows below it said "A statement without a figure", two answers to
    one question on one page. The assessment now says what the claim measures; the row leads to it."""
    checked = 0
    for fact_id, claim in claims().items():
        if "assessment" not in claim:
            continue
        html = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        section = re.search(r'<section class="assessment".*?</section>', html, re.S).group(0)
        if "value" in claim:
            assert "<dt>What its figure measures</dt>" in section, fact_id
            continue
        checked += 1
        assert "<dt>What its figure measures</dt>" not in section and "<dt>What it measures</dt>" in section, fact_id
        row = re.search(r"<dt>What it measures</dt> <dd>(.*?)</dd>", html[html.index("</section>"):], re.S).group(1)
        assert text_of(row) == "A statement without a figure; the assessment says what it measures.", fact_id
        assert 'href="#assessment"' in row, fact_id
    assert checked  # egdi-highest-category


def test_a_chart_that_says_what_the_russian_text_of_the_address_counts_says_who_records_it(real_site: Path) -> None:
    """The headline chart said "the address's Russian-language text speaks of the population" with no one
    to say so: the site knows it from its own research notes (the text itself has no recorded address),
    and the sources its image and embed list are the two articles. Each sentence of a chart's page and
    downloaded image that says what that text speaks of now names the notes."""
    checked = 0
    for folder in chart_dirs(real_site):
        svg = (folder / "chart.svg").read_text(encoding="utf-8")
        title, footer, _, _ = framed_download(svg)
        page = text_of((folder / "index.html").read_text(encoding="utf-8"))
        for text in (" ".join(framed_takeaway(svg) + footer), page):
            for sentence in re.split(r"(?<=\.) |•", re.sub(r"\s+", " ", text)):
                if "Russian-language text" in sentence:
                    checked += 1
                    assert "research notes" in sentence, (folder.name, sentence)
    assert checked  # the headline chart and the chart of fibre coverage over time


def test_the_downloads_say_what_two_claims_sources_leave_unsaid_about_what_they_count(real_site: Path) -> None:
    """The SIMA systems and SME support claims count things their sources do not define. Moved into the
    metrics' notes to keep two brackets apart on the page, that went missing from the facts table's
    downloads, whose 'measures' column gives the definition and no notes; it is in the definition again."""
    import csv
    with (real_site / "data/facts.csv").open(encoding="utf-8", newline="") as f:
        measures = {row["id"]: row["measures"] for row in csv.DictReader(f)}
    assert "does not say what integration means" in measures["sima-state-systems-80"]
    assert "does not say who gives it" in measures["smes-supported-500"]


def test_what_a_fact_measures_opens_with_one_bracket_at_most(real_site: Path) -> None:
    """The SIMA systems and SME support claims' pages read "State information systems into which SIMA is
    integrated (the report of the address does not say what integration means), as stated in the
    president's address (State information systems integrated with SIMA).": two brackets in one
    sentence, the second naming the metric. The definition now says what its source leaves unsaid
    without one, so the metric's name is the sentence's only bracket."""
    checked = 0
    for page in (real_site / "facts").glob("*/index.html"):
        row = re.search(r"<dt>What it measures</dt> <dd>(.*?)</dd>", page.read_text(encoding="utf-8"), re.S)
        if row is None or is_redirect(page):
            continue
        checked += 1
        first = text_of(row.group(1)).split(". ")[0]
        assert first.count("(") <= 1, (page.parent.name, first)
    assert checked > 40


def test_a_charts_list_of_what_each_figure_measures_follows_the_order_of_its_figures(real_site: Path) -> None:
    """Under the headline chart, whose bars run digital ID, national fibre, Baku fibre, broadband,
    the definitions ran broadband, digital ID, Baku fibre, national fibre (the metrics' ids in
    alphabetical order), so that a reader matching a bar to its definition had to search the list."""
    metric_of = {path.stem: (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("metric")
                 for path in (REPO / "data/facts").glob("*.yaml")}
    checked, unordered = 0, []
    for folder in chart_dirs(real_site):
        html = (folder / "index.html").read_text(encoding="utf-8")
        listed = re.search(r'<ul class="definitions">(.*?)</ul>', html, re.S)
        if not listed:
            continue
        defined = re.findall(r'href="/metrics/([^/"]+)/"', listed.group(1))
        table = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
        assert table, folder.name
        drawn = list(dict.fromkeys(metric_of[i] for i in re.findall(r'<th scope="row"><a href="/facts/([^/"]+)/"',
                                                                      table.group(1))))
        checked += 1
        if defined != drawn:
            unordered.append(f"{folder.name}: listed {defined}, drawn {drawn}")
    assert checked >= 3 and not unordered, "\n".join(unordered)


def test_about_defines_the_ratings_in_the_order_of_its_scale(real_site: Path) -> None:
    """About listed what the ratings mean as accurate, accurate but incomplete, misleading,
    unsupported, exaggerated, and a few lines below gave the scale as accurate, accurate but
    incomplete, exaggerated, misleading, unsupported: the same five, read in two orders."""
    about = (real_site / "about/index.html").read_text(encoding="utf-8")
    meanings = about[about.index('id="rating-meanings"'):]
    meanings = meanings[:meanings.index("<h", 1)]
    defined = re.findall(r"<li><strong>([^<]+)</strong>:", meanings)
    scale = about[about.index('id="ratings"'):]
    ranked = re.findall(r"<tr>\s*<td>([^<]+)</td>", scale[:scale.index("</table>")])
    assert len(defined) == 5 and defined == ranked, (defined, ranked)


def test_about_gives_the_facts_tables_order_in_the_tables_own_words(real_site: Path) -> None:
    """The facts table's caption came to say "latest date first", as it is sorted by the date each
    figure refers to (targets for the end of 2026 lead it), but About still said it listed the facts
    "newest first", which reads as the newest added."""
    caption = re.search(r"<caption>[^<]*, ([^<,]+)</caption>",
                        (real_site / "facts/index.html").read_text(encoding="utf-8"))
    about = text_of((real_site / "about/index.html").read_text(encoding="utf-8"))
    told = re.search(r"The table of all facts ([^;]+);", about)
    assert caption and told, "the facts table's caption, or About's sentence on the table, is missing"
    assert caption.group(1) in told.group(1) and "newest" not in told.group(1), told.group(1)


def test_a_metric_that_keeps_figures_apart_links_to_where_they_are(real_site: Path) -> None:
    """The national fibre metric's notes said that "the claim of May 2024 … is kept apart", and four
    other fibre metrics the same of the ministry's or the claim's figures, without a link: a reader
    had to hunt through the metrics for them. Each sentence that keeps figures apart links to them."""
    unlinked, checked = [], 0
    for page in sorted((real_site / "metrics").glob("*/index.html")):
        notes = re.search(r"<dt>Notes</dt> <dd>(.*?)</dd>", page.read_text(encoding="utf-8"), re.S)
        for sentence in re.split(r"(?<=[a-z)])\. ", notes.group(1) if notes else ""):
            if "kept apart" in sentence:
                checked += 1
                if "<a " not in sentence:
                    unlinked.append(f"{page.parent.name}: {text_of(sentence).strip()}")
    assert checked >= 5 and not unlinked, "\n".join(unlinked)


def test_a_claims_link_preview_says_who_said_it_where_who_reported_it_and_its_rating(real_site: Path) -> None:
    """A claim's page as a shared link or a search engine shows it (its description, for Open Graph
    too) said whose claim it was, and no more: a reader of the preview could not tell where it was
    made, who reported it, or what the site made of it. A claim made in an address the speaker sent
    is not said to have been said at the event, there or on its page."""
    people = yaml.safe_load((REPO / "data/people.yaml").read_text(encoding="utf-8"))
    events = yaml.safe_load((REPO / "data/events.yaml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((REPO / "data/sources.yaml").read_text(encoding="utf-8"))
    for fact_id, claim in claims().items():
        page = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        description = unescape(re.search(r'<meta name="description" content="([^"]*)"', page).group(1))
        shared = unescape(re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1))
        assert shared == description, fact_id
        person, event = shown(people[claim["speaker"]]["name"]), shown(events[claim["event"]]["short_name"])
        said = (f"In an address {person} sent to {event}" if claim.get("medium") == "sent-address"
                else f"Said by {person} at {event}")  # the source says the president sent his to WTDC-25
        source = sources[claim["source"]]
        by = source["publisher"] or (f"{source['author']} (outlet not recorded)" if source.get("author") else "")
        assert said + (f", as reported by {shown(by)}." if by else " (outlet not recorded).") in description, description
        assert ("<dt>How</dt> <dd>In an address sent to the event’s participants" in page) == (
            claim.get("medium") == "sent-address"), fact_id
        verdict = text_of(re.search(r'<p class="verdict">(.*?)</p>', page).group(1)).strip()
        assert description.endswith(f" {verdict}."), (fact_id, description, verdict)


def test_a_chart_says_which_of_its_figures_the_site_computed(real_site: Path) -> None:
    """The 2022 rank on the rank chart is the site's arithmetic (74th, 9 places gained since), drawn as
    the ranks read in sources are; the caption named the site among the sources, not which figure
    was its own. A chart's caption and its embed page now list the figures it computed."""
    computed_charts = 0
    for folder in chart_dirs(real_site):
        rows = json.loads((folder / "data.json").read_text(encoding="utf-8"))
        computed = [f"{row['display']} ({row['date_label']})" for row in rows if row["derivation"]]
        caption = text_of(re.search(r'<p class="chart-source">(.*?)</p>', (folder / "index.html")
                                    .read_text(encoding="utf-8"), re.S).group(1))
        embedded = text_of((folder / "embed" / "index.html").read_text(encoding="utf-8"))
        for text in (caption, embedded):
            assert ("not read in a source:" in text) == bool(computed), folder.name
            assert all(figure in text for figure in computed), (folder.name, computed, text)
        computed_charts += bool(computed)
    assert computed_charts >= 2  # the rank chart and the digital ID chart


def test_every_claim_card_and_the_facts_table_and_download_give_the_rating_or_say_there_is_none(real_site: Path) -> None:
    import csv
    home = (real_site / "index.html").read_text(encoding="utf-8")
    table = text_of((real_site / "facts/index.html").read_text(encoding="utf-8"))
    records = {r["id"]: r for r in csv.DictReader((real_site / "data/facts.csv").open(encoding="utf-8"))}
    for fact_id, claim in claims().items():
        page = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        verdict = text_of(re.search(r'<p class="verdict">(.*?)</p>', page).group(1)).strip()
        if "assessment" in claim:
            label = claim["assessment"]["rating"].replace("-", " ").capitalize()
            assert verdict == f"Rating: {label}", fact_id
            assert f'href="/facts/{fact_id}/#assessment" class="rating-label' in home
            assert f"Claim, rated {label}" in table and records[fact_id]["rating"] == label
        elif "not_rated" in claim:
            assert verdict == "Rating: Not rated", fact_id
            assert f'href="/facts/{fact_id}/#assessment" class="rating-label rating-not-rated">Not rated<' in home
            assert records[fact_id]["rating"] == "Not rated"
        else:
            assert verdict == "Not yet assessed by the editors", fact_id
            assert records[fact_id]["rating"] == ""
    assert table.count("Claim, not rated") == sum("not_rated" in claim for claim in claims().values())


def test_a_figure_alone_on_its_metric_gets_no_chart_of_its_own_but_the_charts_that_compare_it(real_site: Path) -> None:
    counts = Counter(yaml.safe_load(p.read_text(encoding="utf-8")).get("metric")
                     for p in (REPO / "data/facts").glob("*.yaml"))
    alone = [m for m, n in counts.items() if m and n == 1]
    for metric_id in alone:
        folder = real_site / "charts" / f"metric-{metric_id}"
        assert not (folder / "chart.svg").exists(), metric_id
        assert not (folder / "index.html").exists() or is_redirect(folder / "index.html"), metric_id  # published once
        assert '<figure class="chart"' not in (real_site / "metrics" / metric_id / "index.html").read_text(encoding="utf-8")
    if "digital-id-use" not in alone:
        return  # the 65% claim's metric has another figure now, and so a chart of its own
    page = (real_site / "facts/digital-id-65-percent/index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<figure class="chart" id="chart-([^"]+)"', page)
    defined = yaml.safe_load((REPO / "data/charts.yaml").read_text(encoding="utf-8"))
    drawing = {chart_id for chart_id, chart in defined.items()
               if "digital-id-65-percent" in chart.get("facts", []) or "digital-id-use" in chart.get("metrics", [])}
    assert sorted(shown) == sorted(drawing) and "headline" in shown
    if "digital-id" in shown:  # the closer comparison (three figures) before the four claims
        assert shown.index("digital-id") < shown.index("headline")


def test_every_source_says_what_on_the_site_it_backs(real_site: Path) -> None:
    """Two sources (the ITU's release and Trend's M360 item) were listed with nothing beside them,
    as if the site did not use them: they back the conferences' dates."""
    html = (real_site / "sources/index.html").read_text(encoding="utf-8")
    items = re.findall(r'<li id="([^"]+)"[^>]*>(.*?)</li>', html, re.S)
    assert len(items) == len(yaml.safe_load((REPO / "data/sources.yaml").read_text(encoding="utf-8")))
    bare = [source_id for source_id, item in items if "Facts: " not in item and " of: <a " not in item]
    assert not bare, f"sources that back nothing on the site, it seems: {bare}"


def test_what_an_unsupported_claim_gets_right_says_that_nothing_confirms_its_figure(real_site: Path) -> None:
    """About: only a figure that counts the same thing, unqualified, at the claim's date or before
    it confirms or contradicts a claim. The broadband claim set out two qualified, later figures
    under "What it gets right" as if they bore it out, and the Baku fibre claim figures that count
    businesses as well as households; an Unsupported claim's page must say there that nothing
    confirms its figure, whatever it names."""
    checked = []
    for fact_id, claim in claims().items():
        if (claim.get("assessment") or {}).get("rating") != "unsupported":
            continue
        checked.append(fact_id)
        html = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        row = re.search(r"<dt>What it gets right</dt> <dd>(.*?)</dd>", html, re.S)
        assert row and "found nothing that confirms the figure" in text_of(row.group(1)), fact_id
    assert {"broadband-coverage-100-percent", "fibre-coverage-baku-90-percent"} <= set(checked)


def test_each_rating_link_in_a_list_of_claims_names_its_claim(real_site: Path) -> None:
    """The home page had six links called "Unsupported" and five called "Not rated", each to a
    different claim: a screen reader's list of links could not tell them apart."""
    html = (real_site / "index.html").read_text(encoding="utf-8")
    names = [text_of(link).strip() for link in re.findall(r'<a [^>]*class="rating-label[^"]*">(.*?)</a>', html)]
    assert len(names) == len(claims()), names
    assert len(set(names)) == len(names), Counter(names).most_common(3)
    titles = {shown(data["title"]) for data in claims().values()}
    assert all(name.split(": ", 1)[1] in titles for name in names), names


def test_the_downloads_give_what_a_figure_measures_and_of_whom_in_columns_of_their_own(real_site: Path) -> None:
    """The downloads joined a metric's measures and of_whom in one column, which read '…address, of not
    stated in the English report…' until a special case, and '…divided by the population, of Azerbaijan's
    population' still: each is now a column of its own, as the pages give them on lines of their own."""
    import csv
    metrics = {key: {name: shown(text) for name, text in metric.items() if isinstance(text, str)}
               for key, metric in yaml.safe_load((REPO / "data/metrics.yaml").read_text(encoding="utf-8")).items()}
    rows = list(csv.DictReader((real_site / "data/facts.csv").open(encoding="utf-8")))
    for path in sorted((real_site / "charts").glob("*/data.csv")):
        rows += list(csv.DictReader(path.open(encoding="utf-8")))
    facts = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "data/facts").glob("*.yaml")}
    for row in rows:
        metric = metrics.get(facts[row["id"]].get("metric") or "")
        assert (row["measures"], row["of_whom"]) == ((metric["measures"], metric["of_whom"]) if metric else ("", "")), row
    assert {"broadband-coverage-100-percent", "digital-id-target-share-2024"} <= {row["id"] for row in rows}
    package = json.loads((real_site / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        names = [field["name"] for field in resource.get("schema", {}).get("fields", [])]
        if "measures" in names:
            assert names.index("of_whom") == names.index("measures") + 1, resource["path"]


def test_the_facts_table_names_each_metric_event_and_speakers_role_as_their_pages_do(real_site: Path) -> None:
    """A data user's audit: facts.csv gave the metric and the event as ids ('broadband-coverage', 'wtdc-25')
    and the speaker by name alone, so that a spreadsheet of it could not be read without the site. Each row
    now gives the metric's and the event's names as the headings of their pages give them, and the role the
    claim's page gives its speaker, in columns added after the others; the JSON and the data package too."""
    def heading(path: str) -> str:
        html = (real_site / path / "index.html").read_text(encoding="utf-8")
        return plain_text(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))

    def role(fact_id: str) -> str:
        html = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        return plain_text(re.search(r"<dt>Said by</dt> <dd><a [^>]+>[^<]+</a>, (.*?)</dd>", html, re.S).group(1))

    with (real_site / "data/facts.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    assert header[-3:] == ["metric_name", "event_name", "speaker_role"], "added last: no column moves"
    records = {r["id"]: r for r in json.loads((real_site / "data/facts.json").read_text(encoding="utf-8"))}
    added = ("metric_name", "event_name", "speaker_role")
    for row in rows:
        claim = row["kind"] == "claim"
        expected = {"metric_name": heading(f"metrics/{row['metric']}") if row["metric"] else "",
                    "event_name": heading(f"events/{row['event']}") if claim else "",
                    "speaker_role": role(row["id"]) if claim else ""}
        assert {name: row[name] for name in added} == expected, row["id"]
        assert {name: records[row["id"]][name] or "" for name in added} == expected, row["id"]
    claim = next(r for r in rows if r["id"] == "broadband-coverage-100-percent")
    assert (claim["metric_name"], claim["event_name"], claim["speaker_role"]) == (
        "Broadband internet coverage", "ITU World Telecommunication Development Conference (WTDC-25)",
        "President of Azerbaijan")
    context = next(r for r in rows if r["id"] == "population-2024-01")
    assert (context["metric_name"], context["event_name"], context["speaker_role"]) == ("Population", "", "")


def registry(name: str) -> dict[str, dict]:
    """A registry of data/ (people.yaml, events.yaml, charts.yaml), by id."""
    return yaml.safe_load((REPO / "data" / name).read_text(encoding="utf-8"))


def test_the_list_of_speakers_gives_each_persons_claims_and_events_as_the_data_has_them(real_site: Path) -> None:
    people, events, said = registry("people.yaml"), registry("events.yaml"), claims().values()
    entries = index_entries((real_site / "people/index.html").read_text(encoding="utf-8"))
    by_name = sorted(people, key=lambda person_id: people[person_id]["name"].casefold())
    assert list(entries) == [f"/people/{person_id}/" for person_id in by_name]
    for person_id, person in people.items():
        name, (role, made) = entries[f"/people/{person_id}/"]
        assert name == person["name"]
        assert role == ", ".join(filter(None, (person["role"], person.get("organisation")))) + "."
        count = sum(claim["speaker"] == person_id for claim in said)
        at = sorted({claim["event"] for claim in said if claim["speaker"] == person_id}, key=lambda e: events[e]["start"])
        names = [events[event_id]["name"] for event_id in at]
        where = " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else ""
        listed = f"{'event' if len(names) == 1 else 'events'}: {where}"
        assert made == (f"{words(count).capitalize()} claim{'s' if count != 1 else ''} recorded; {listed}." if count
                        else "No claims recorded yet."), made
    html = (real_site / "people/index.html").read_text(encoding="utf-8")
    for event_id in {claim["event"] for claim in said}:
        assert f'<a href="/events/{event_id}/">{events[event_id]["name"]}</a>' in html


def test_the_list_of_speakers_does_not_say_they_spoke_at_events_they_sent_an_address_to(real_site: Path) -> None:
    """The list's description, which search results and shared links show, offered "the events they
    spoke at": the president's claims came in an address sent to WTDC-25, as his claims' pages say."""
    assert any(claim.get("medium") == "sent-address" for claim in claims().values())
    html = (real_site / "people/index.html").read_text(encoding="utf-8")
    description = unescape(re.search(r'<meta name="description" content="([^"]*)"', html)[1])
    assert "spoke" not in description and "the events at which the claims were made" in description, description


def test_the_list_of_charts_gives_every_chart_with_its_number_of_figures(real_site: Path) -> None:
    entries = index_entries((real_site / "charts/index.html").read_text(encoding="utf-8"))
    folders = chart_dirs(real_site)
    assert sorted(entries) == sorted(f"/charts/{folder.name}/" for folder in folders)
    editors = list(registry("charts.yaml"))
    assert list(entries)[:len(editors)] == [f"/charts/{chart_id}/" for chart_id in editors]  # charts.yaml's order
    for folder in folders:
        title, (shows, figures) = entries[f"/charts/{folder.name}/"]
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert title == plain_text(re.search(r'<h1 class="chart-title"[^>]*>(.*?)</h1>', page, re.S)[1])
        with (folder / "data.csv").open(encoding="utf-8", newline="") as data:
            rows = len(list(csv.DictReader(data)))
        # in words below ten, as the lists of metrics and speakers count ("Three context figures")
        count = words(rows).capitalize() if rows < 10 else f"{rows:,}"
        assert figures == f"{count} figure{'s' if rows != 1 else ''}.", folder.name
        if folder.name in editors:  # the takeaway as the chart's page gives it, without its links
            assert shows == plain_text(re.search(r'<p class="takeaway">(.*?)</p>', page, re.S)[1])


def test_person_and_chart_pages_lead_back_to_their_lists(real_site: Path) -> None:
    pages = [p for p in (real_site / "people").glob("*/index.html") if not is_redirect(p)]
    assert len(pages) == len(registry("people.yaml"))
    for page in pages:
        assert ('<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/people/">Speakers</a></nav>'
                in page.read_text(encoding="utf-8")), page
    for folder in chart_dirs(real_site):
        assert ('<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/charts/">Charts</a></nav>'
                in (folder / "index.html").read_text(encoding="utf-8")), folder.name


def test_a_long_event_or_speaker_page_lists_each_claim_once_under_its_metrics_heading(real_site: Path) -> None:
    """A page of LONG_LIST claims or more groups them by metric; WTDC-25's page and Ilham Aliyev's
    (eight claims each) list them plainly."""
    from bakuclaims.render import LONG_LIST
    said = claims()
    metrics = registry("metrics.yaml")
    for folder, field in (("events", "event"), ("people", "speaker")):
        for owner in registry(f"{folder}.yaml"):
            own = [fact_id for fact_id, claim in said.items() if claim[field] == owner]
            html = (real_site / folder / owner / "index.html").read_text(encoding="utf-8")
            groups = re.findall(r'<h3 id="([^"]+)" class="group-title">(.*?)</h3>(.*?)</ul>', html, re.S)
            assert bool(groups) == (len(own) >= LONG_LIST), (folder, owner)
            if not groups:
                continue
            listed = []
            for anchor, heading, cards in groups:
                facts = re.findall(r'<h4 class="card-title"><a href="/facts/([^/"]+)/"', cards)
                assert {said[f].get("metric") for f in facts} == {anchor.removeprefix("metric-") if anchor != "no-figure"
                                                                  else None}, (owner, anchor)
                name = metrics[anchor.removeprefix("metric-")]["name"] if anchor != "no-figure" else \
                    "Statements without a figure"
                assert plain_text(heading) == f"{name} ({len(facts)} claim{'s' if len(facts) != 1 else ''})"
                listed += facts
            assert sorted(listed) == sorted(own), (folder, owner)
            assert len(groups) < 2 or 'href="#' + groups[-1][0] + '"' in html, "the contents list links to each group"


def test_the_facts_tables_script_gets_each_figure_and_date_to_sort_by_and_loads_on_that_page_alone(
        real_site: Path) -> None:
    """The script that sorts the facts table cannot read '3.6 million' or 'nearly 100%' as a number,
    nor '17 November 2025' as a date: each row gives it the fact's own value (a whole number without
    '.0'), its metric's unit and its date as written in the data; a row without a figure gives none,
    and sorts last."""
    html = (real_site / "facts/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row"><a href="/facts/([^/]+)/">.*?</tr>', html)
    from bakuclaims.render import FACTS_PER_PAGE
    metrics = yaml.safe_load((REPO / "data/metrics.yaml").read_text(encoding="utf-8"))
    assert len(rows) == min(len(list((REPO / "data/facts").glob("*.yaml"))), FACTS_PER_PAGE)
    for fact_id, row in zip(rows, re.findall(r'<tr><th scope="row">.*?</tr>', html)):
        data = yaml.safe_load((REPO / "data/facts" / f"{fact_id}.yaml").read_text(encoding="utf-8"))
        value = re.search(r'<td data-label="Value"( data-value="([^"]*)" data-unit="([^"]*)")?>(.*?)</td>', row)
        if data.get("value") is None:
            assert value[1] is None and value[4] == "—", fact_id
        else:
            assert float(value[2]) == data["value"] and not value[2].endswith(".0"), (fact_id, value[2])
            assert value[3] == metrics[data["metric"]]["unit"], (fact_id, value[3])  # values sort within a unit
        date = str(data.get("said_on") or data.get("as_of") or "")
        shown = re.search(r'<td data-label="Date">(.*?)</td>', row)[1].removeprefix("target for ")  # the script
        # reads the <time>, after a target's words
        assert shown.startswith(f'<time datetime="{date}">') if date else "<time" not in shown, (fact_id, shown)
    assert '<form class="table-tools" id="table-tools">' in html  # style.css shows it only where scripts run
    loading = sorted(p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")
                     if "facts-table.js" in p.read_text(encoding="utf-8"))
    assert loading == ["facts/index.html"]
    assert '<script src="/assets/facts-table.js" defer></script>' in html


class _ReadText(HTMLParser):
    """The text a reader sees or hears on a page: text outside scripts, styles and code, the page's
    title and description, and alt, title and aria-label text (less Vega's own axis descriptions,
    "X-axis titled 'Per cent' …", which no data or template of the site writes)."""

    SKIP = {"script", "style", "code", "pre", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skipping += tag in self.SKIP
        values = dict(attrs)
        self.texts += [values[name] or "" for name in ("alt", "title", "aria-label") if name in values
                       and not re.match(r"[XY]-axis ", values[name] or "")]
        if tag == "meta" and re.match(r"description|og:|twitter:", values.get("name") or values.get("property") or ""):
            self.texts.append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in self.SKIP

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.texts.append(data)


def test_the_text_readers_see_has_typographic_quotes_and_apostrophes_throughout(real_site: Path) -> None:
    """About 300 straight ' and " stood in the real site's text (titles, metric definitions, roles,
    chart labels, the templates' own words) beside the curly ones of the Markdown notes."""
    straight = []
    for path in sorted(real_site.rglob("*")):
        if path.suffix not in (".html", ".svg", ".xml") or "pagefind" in path.parts or path.name == "sitemap.xml":
            continue
        parser = _ReadText()
        text = path.read_text(encoding="utf-8")
        parser.feed(unescape(text) if path.name == "feed.xml" else text)  # the feed's entries hold escaped HTML
        straight += [f"{path.relative_to(real_site)}: {t.strip()[:80]}" for t in parser.texts if re.search("['\"]", t)]
    assert not straight, f"{len(straight)} texts, e.g. {straight[:5]}"


def test_the_search_pages_words_are_those_of_the_titles_most_used_first(real_site: Path) -> None:
    """The words the search page may offer for a misspelt one: words of four letters or more of the
    pages' titles and names, each once, no figures, the most used first."""
    words = json.loads((real_site / "search" / "words.json").read_text(encoding="utf-8"))
    assert len(words) == len(set(words)) and all(len(w) >= 4 and w.isalpha() and w == w.casefold() for w in words)
    assert {"broadband", "fibre", "digital", "population", "signature"} <= set(words)
    assert words.index("broadband") < words.index("signature")


def test_every_fact_page_says_how_to_cite_it_and_whom_to_credit_under_its_licence(real_site: Path) -> None:
    """A reuser of any fact, with a chart on its page or not, finds its citation (the site, the page's title
    and address) and the licence, with whom to credit besides the site: its source (a context figure's
    producer, as reported by it), or the sources of the figures a computed one comes from (27 of 49 pages,
    those without a chart, named no licence)."""
    facts = real_facts()
    sources = yaml.safe_load((REPO / "data" / "sources.yaml").read_text(encoding="utf-8"))

    def credit(fact: dict) -> list[str]:  # where a fact was read, or those a computed one rests on were
        if "derived" in fact:
            return [name for i in fact["derived"]["inputs"] for name in credit(facts[i])]
        return [credit_of(fact)]

    def credit_of(fact: dict) -> str:
        source = sources[fact["source"]]
        return source.get("publisher") or f"{source['author']} (outlet not recorded)"

    for fact_id, fact in facts.items():
        html = (real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8")
        section = re.search(r'<section class="cite".*?</section>', html, re.S)
        assert section, fact_id
        title = unescape(re.search(r"<title>(.*?) · ", html).group(1))
        text = plain_text(section.group(0))
        if fact["kind"] == "context" and "derived" not in fact:  # who produced it, not only where it was read
            assert f"the producer, {shown(fact['producer'])}" in text, fact_id
        assert f"Baku Digital Claims, “{title}”, /facts/{fact_id}/" in text, text
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in section.group(0)
        for name in credit(fact):
            if name != "Baku Digital Claims":
                assert name in text.split("credit Baku Digital Claims", 1)[1], (fact_id, name, text)


def test_every_link_to_the_page_it_is_on_says_so_to_a_screen_reader(real_site: Path) -> None:
    """A claim's page linked its own figure three times (in its assessment and chart summaries), an event's
    page its own name on every card, and a page's citation its own address, each read out as any link,
    though following it only reloads the page. Each now carries aria-current="page", as the header's link
    to the open section and a data table's own row did."""
    checked = 0
    for page in sorted(real_site.rglob("index.html")):
        if is_redirect(page):
            continue
        own = "/" + page.parent.relative_to(real_site).as_posix() + "/" if page.parent != real_site else "/"
        html = page.read_text(encoding="utf-8")
        links = re.findall(rf'<a [^>]*href="{re.escape(own)}"[^>]*>', html)
        assert all('aria-current="page"' in link for link in links), (own, links)
        checked += len(links)
    assert checked > 100
