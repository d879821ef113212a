"""Publishing: site addresses, link previews, JSON-LD, the Atom feed, the sitemap, corrections, search."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import gzip
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import typing
import xml.etree.ElementTree as ET
import zlib
from html import unescape
from pathlib import Path

import pytest
import yaml

from bakuclaims.models import Rating
from bakuclaims.publish import FEED_ENTRIES, RATINGS, REPORT_FORM
from bakuclaims.render import Options
from bakuclaims.vlrender import png_size
from conftest import REPO, REPORT_URL, run_build
from helpers import CLAIM_ASSESSMENT, framed_download, is_embed, is_redirect, plain_text, real_facts, shown

PUBLIC = "https://example.github.io/baku-digital-claims/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HEADLINE_CLAIMS = ["digital-id-65-percent", "fibre-coverage-national-74-percent",
                   "fibre-coverage-baku-90-percent", "broadband-coverage-100-percent"]


# -- helpers ------------------------------------------------------------------------------------

def copy_for_search(folder: Path, copy: Path) -> None:
    """The copy of folder's HTML pages that Pagefind reads in a build."""
    from bakuclaims.search import searchable, update_copy
    pages = {p.relative_to(folder).as_posix(): "" for p in folder.rglob("*.html") if "pagefind" not in p.parts}
    update_copy(copy, pages, searchable(lambda path: (folder / path).read_bytes(), {}))


def pagefind_index(pages: Path, output: Path) -> dict[Path, bytes]:
    """Pagefind run over pages as a build runs it (its filter files put in order after it); the files
    of its index and their bytes."""
    from bakuclaims.search import _pagefind
    _pagefind(pages, output)
    return {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def structured(html: str) -> list[dict]:
    """Every JSON-LD block of a page, parsed (a block that is not JSON fails the test)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def page_markup(html: str) -> list[dict]:
    """A page's JSON-LD blocks but its breadcrumb trail, of which it has one at most."""
    blocks = structured(html)
    trails = [block for block in blocks if block.get("@type") == "BreadcrumbList"]
    assert len(trails) <= 1, "one breadcrumb trail to a page"
    return [block for block in blocks if block not in trails]


def meta(html: str, key: str) -> str | None:
    """The content of <meta property=key> or <meta name=key>."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


def text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def local(site: Path, address: str) -> Path:
    """The file in site that an absolute address under PUBLIC names."""
    assert address.startswith(PUBLIC), address
    rel = address[len(PUBLIC):].split("#")[0]
    path = site / rel
    return path / "index.html" if rel.endswith("/") or rel == "" else path


def html_pages(site: Path) -> list[Path]:
    """The site's pages, without the search index's, the redirect pages (data/redirects.yaml) and the
    charts' embed pages (charts/<id>/embed/, shown in other sites' frames: see test_embed.py)."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and not is_redirect(p)
                  and not is_embed(p))


def build_into(root: Path, out: Path, *args: str, **kwargs: typing.Any) -> Path:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "--out", str(out), *args],
                            capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def published(real_site_prefixed: Path) -> Path:
    """The real site built for https://example.github.io/baku-digital-claims/ (PUBLIC), once a session."""
    return real_site_prefixed


# -- site address -------------------------------------------------------------------------------

def test_full_base_url_is_split_into_origin_and_path() -> None:
    assert Options.parse("https://User.github.io/repo") == Options("/repo/", "https://user.github.io")
    assert Options.parse("https://example.org") == Options("/", "https://example.org")
    assert Options.parse("/repo", "https://example.org/") == Options("/repo/", "https://example.org")
    assert Options.parse("/") == Options("/", "")
    for base, site in [("repo/", ""), ("/", "https://example.org/path"), ("https://a.org/x", "https://b.org"),
                       ("ftp://a.org/", "")]:
        with pytest.raises(ValueError):
            Options.parse(base, site)


def test_bad_site_address_is_a_command_line_error(project: Path) -> None:
    result = run_build(project, "--site-url", "https://example.org/sub/")
    assert result.returncode == 2 and "--site-url takes an origin only" in result.stderr


def test_internal_links_use_the_path_only(published: Path) -> None:
    html = (published / "index.html").read_text(encoding="utf-8")
    assert 'href="/baku-digital-claims/assets/style.css"' in html
    assert 'href="/baku-digital-claims/facts/"' in html
    assert f'<link rel="canonical" href="{PUBLIC}">' in html


# -- link previews --------------------------------------------------------------------------------

def test_every_page_has_open_graph_and_twitter_tags(published: Path) -> None:
    for page in html_pages(published):
        if page.name == "404.html":
            continue  # shown at every missing address, it has none of its own: see the next test
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(published).as_posix()
        for key in ("og:title", "og:description", "og:type", "og:site_name", "og:url", "og:image",
                    "og:image:alt", "twitter:card", "twitter:title"):
            assert meta(html, key), f"{where}: no {key}"
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert meta(html, "og:url") == canonical and canonical.startswith(PUBLIC), where
        image = local(published, meta(html, "og:image"))
        assert image.is_file() and image.suffix == ".png", where
        assert png_size(image.read_bytes()) == (int(meta(html, "og:image:width")), int(meta(html, "og:image:height")))
        assert meta(html, "twitter:card") == "summary_large_image"


def test_the_image_description_x_reads_is_within_its_limit_and_ends_on_a_whole_figure(published: Path) -> None:
    """X's cards markup takes at most 420 characters of twitter:image:alt; the charts' alt texts run
    longer. X's is the page's own alt text, whole where it fits, else its first figures and an ellipsis."""
    cut = 0
    for page in html_pages(published):
        html = page.read_text(encoding="utf-8")
        alt, short = meta(html, "og:image:alt"), meta(html, "twitter:image:alt")
        if alt is None:
            continue
        assert short is not None and len(short) <= 420, f"{page}: {len(short or '')} characters"
        if short != alt:
            assert short.endswith("; …") and alt.startswith(short.removesuffix("…")), page
            cut += 1
    assert cut, "no alt text long enough to need cutting: the test tests nothing"


def test_a_chart_pages_preview_card_says_what_the_chart_shows(published: Path) -> None:
    """A chart's link preview and search snippet carry its takeaway, as the page shows it (links as
    their text), then its source line; before, they repeated the title the card already shows."""
    pages = [p for p in sorted((published / "charts").glob("*/index.html")) if not is_redirect(p)]
    assert len(pages) >= 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        takeaway = text(re.search(r'<p class="takeaway"[^>]*>(.*?)</p>', html, re.S).group(1))
        source = text(re.search(r'<p class="chart-source">(.*?)</p>', html, re.S).group(1))
        for key in ("description", "og:description", "twitter:description"):
            shown = meta(html, key)
            assert shown.startswith(takeaway + " Source: "), f"{page}: {key} is {shown!r}"
            assert shown.removeprefix(takeaway + " ") in source, page


def test_the_404_page_claims_no_address_of_its_own_and_is_kept_out_of_search_engines(published: Path) -> None:
    """The host shows 404.html at every address it has no page for (and at /404.html with status 200):
    its report link leaves the page's address for the reader to give, rather than naming 404.html."""
    html = (published / "404.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html and meta(html, "og:url") is None
    assert meta(html, "og:title") == "Page not found" and meta(html, "og:image")
    assert report_links(html) == [{"template": REPORT_FORM, "title": "Mistake: "}]


def test_context_fact_and_metric_pages_preview_their_own_chart(published: Path) -> None:
    fact = (published / "facts/sima-users-share-2025-11/index.html").read_text(encoding="utf-8")
    assert meta(fact, "og:image") == PUBLIC + "charts/digital-id/card.png"  # its metric has one figure: see below
    assert meta(fact, "og:type") == "article"
    claim = (published / "facts/digital-id-65-percent/index.html").read_text(encoding="utf-8")
    assert meta(claim, "og:image") == PUBLIC + "facts/digital-id-65-percent/card.png"  # a claim has its own card
    assert meta(claim, "og:title") == "65%: Share of Azerbaijan’s population using digital ID, according to Samir Mammadov"
    metric = (published / "metrics/fibre-coverage-national/index.html").read_text(encoding="utf-8")
    assert meta(metric, "og:image") == PUBLIC + "charts/metric-fibre-coverage-national/card.png"
    home = (published / "index.html").read_text(encoding="utf-8")
    assert meta(home, "og:image") == PUBLIC + "charts/headline/card.png"


def test_a_link_preview_is_a_card_of_the_shape_social_media_show(published: Path) -> None:
    """Facebook, LinkedIn and X show a shared link's image at about 1.91:1 and crop a taller one: the
    preview was the chart's PNG download, up to 1,150 x 1,820 pixels with what each figure measures
    below the chart, so a feed showed a slice of its middle. Each chart has a card of 1,200 x 630."""
    for path, chart_id in [("index.html", "headline"), ("metrics/fibre-coverage-national/index.html",
                                                        "metric-fibre-coverage-national")]:
        html = (published / path).read_text(encoding="utf-8")
        assert meta(html, "og:image") == f"{PUBLIC}charts/{chart_id}/card.png", path
        declared = (int(meta(html, "og:image:width")), int(meta(html, "og:image:height")))
        assert declared == (1200, 630) == png_size(local(published, meta(html, "og:image")).read_bytes()), path
    charts = {p.parent.name for p in published.glob("charts/*/chart.png")}
    assert charts and {p.parent.name for p in published.glob("charts/*/card.png")} == charts


def test_a_claims_link_preview_is_a_card_of_the_claim_its_speaker_and_its_rating(published: Path) -> None:
    """Shared, a claim's page is previewed as fact-checkers' are: a card with the claim as its page
    begins (its title, its figure, its rating, who said it where and when), not a chart that sets it
    among other figures; its alt text says the same. A context figure keeps its chart."""
    for fact_id in claim_ids():
        html = (published / f"facts/{fact_id}/index.html").read_text(encoding="utf-8")
        assert meta(html, "og:image") == f"{PUBLIC}facts/{fact_id}/card.png", fact_id
        declared = (int(meta(html, "og:image:width")), int(meta(html, "og:image:height")))
        assert declared == (1200, 630) == png_size(local(published, meta(html, "og:image")).read_bytes()), fact_id
        alt = meta(html, "og:image:alt")
        title = text(re.search(r"<h1>(.*?)</h1>", html, re.S)[1])
        figure = re.search(r'<p class="big-value">(.*?)</p>', html, re.S)
        rating = text(re.search(r'<p class="verdict">(.*?)</p>', html, re.S)[1])
        speaker = text(re.search(r'<p class="meta"><a href="[^"]*people/[^"]*">(.*?)</a>', html)[1])
        said = "In an address {} sent to " if "<dt>How</dt>" in html else "Said by {} at "
        assert alt.startswith(f"Claim: {title}{', ' + text(figure[1]) if figure else ''}. {said.format(speaker)}"), alt
        assert alt.endswith(f". {rating}.") and meta(html, "twitter:image:alt") == alt, alt
        assert "\u00a0" not in alt, "read aloud as written: the card's non-breaking spaces stay on the card"
    context = (published / "facts/fibre-coverage-national-2024-04/index.html").read_text(encoding="utf-8")
    assert meta(context, "og:image").endswith("/card.png") and "/charts/" in meta(context, "og:image")


LONG_BYLINE = ("Said by a speaker with a name long enough to take two lines at the card's size at the World "
               "Telecommunication Development Conference of the ITU, 17 November 2025")


@pytest.mark.parametrize("title, figure, byline", [
    ("Users of the SIMA digital signature", "3.6 million", "Said by Ilham Aliyev at WTDC-25, 17 November 2025"),
    ("Goal for Azerbaijan’s rank in the UN E-Government Development Index, and for its rank in every other "
     "index of digital government that the ministry follows", "top 40",
     "Said by Ilham Aliyev at WTDC-25, 17 November 2025"),
    ("A claim", "3.6 million", LONG_BYLINE),
    ("Fixed broadband subscriptions", "more than 12.5 per 100 people", "Said by Ilham Aliyev at WTDC-25, 17 November 2025"),
    ("A claim whose title runs to two lines at least on the card, and likely more than that", "more than 3.6 million",
     LONG_BYLINE + ", as reported by an outlet whose name takes a line of its own, and more besides that"),
])
def test_a_claim_card_keeps_every_line_inside_and_clear_of_the_credit(title: str, figure: str, byline: str) -> None:
    """However long the title, the figure or the byline, no line runs past the card's margin, the lines
    follow one another down the card, and the last stops short of the credit; a title cut short says so."""
    from bakuclaims.frame import (CARD, CLAIM_GAP, CLAIM_MARGIN, CLAIM_SIZES, SEPARATOR, ClaimCard, claim_card,
                                  drawn_width)
    svg = claim_card(ClaimCard(kind="Claim", title=title, figure=figure, rating="Rating: Unsupported",
                               byline=byline, footer=["Baku Digital Claims", PUBLIC + "facts/sima-3-6-million-users/"]))
    root = ET.fromstring(svg)
    assert (root.get("width"), root.get("height")) == tuple(str(side) for side in CARD)
    lines = [(float(t.get("y")), float(t.get("font-size").removesuffix("px")), t.get("font-weight") == "bold", t.text)
             for t in root.iter("{http://www.w3.org/2000/svg}text")]
    body = [line for line in lines[1:] if line[1] != CLAIM_SIZES["footer"]]
    credit = [line for line in lines[1:] if line[1] == CLAIM_SIZES["footer"]]
    assert [t for *_, t in lines[:1]] == ["Claim"] and SEPARATOR.join(t for *_, t in credit) in (
        f"Baku Digital Claims{SEPARATOR}{PUBLIC}facts/sima-3-6-million-users/",  # on one line, or two
        f"Baku Digital Claims{SEPARATOR}{PUBLIC}facts/{SEPARATOR}sima-3-6-million-users/")
    credit = credit[0]
    for y, size, bold, words in lines:
        assert CLAIM_MARGIN + drawn_width(words, size, bold) <= CARD[0] - CLAIM_MARGIN, words
    assert [y for y, *_ in body] == sorted(y for y, *_ in body)
    assert body[-1][0] + CLAIM_GAP <= credit[0] - credit[1], "clear of the credit"
    assert figure in [words for *_, words in body], "the figure whole, on a line of its own"
    shown = " ".join(words for _, size, bold, words in body
                     if bold and words != figure and not words.startswith("Rating"))
    assert shown == title or (shown.endswith(" …") and title.startswith(shown[:-2])), shown


def ink(png: bytes, top: int = 0, bottom: int | None = None, left: int = 0) -> int:
    """The rightmost column of a white PNG where anything is drawn, in rows top to bottom and columns
    from left on; -1 if none."""
    import png as pypng  # pypng: the PNG's pixels, as the card's reader sees them
    width, _, rows, _ = pypng.Reader(bytes=png).asRGBA8()
    rightmost = -1
    for y, row in enumerate(rows):
        if top <= y and (bottom is None or y < bottom):
            drawn = len(bytes(row[4 * left:]).rstrip(b"\xff"))  # white is ff ff ff ff
            rightmost = max(rightmost, left + (drawn - 1) // 4 if drawn else -1)
    return rightmost


def test_no_cards_text_runs_past_its_right_margin(published: Path) -> None:
    """A card's lines are fitted by the widths of the font the PNG is drawn in: read back from the
    PNGs, nothing of the real site's cards reaches into the right margin."""
    from bakuclaims.frame import CARD, CLAIM_MARGIN, MARGIN
    scale = 1200 // CARD[0]
    cards = [(path, CLAIM_MARGIN) for path in published.glob("facts/*/card.png")]
    cards += [(path, MARGIN) for path in published.glob("charts/*/card.png")]
    assert len(cards) > 15
    for path, margin in cards:
        assert 0 < ink(path.read_bytes(), left=12) <= (CARD[0] - margin) * scale, path.parent.name


def test_a_claim_cards_title_fills_the_card_before_it_wraps(tmp_path: Path) -> None:
    """A title was wrapped by an estimate of its width that errs wide, at about 70% of the card;
    by the font's own widths its first line, drawn, reaches past 85% of the room, and no further."""
    from bakuclaims.frame import CARD, CLAIM_MARGIN, ClaimCard, claim_card
    from bakuclaims.vlrender import Pictures
    title = "Azerbaijan's rank in the UN E-Government Development Index, and its goal for every index it follows"
    svg = claim_card(ClaimCard(kind="Claim", title=title, figure="top 40", rating="Rating: Not rated",
                               byline="Said by a speaker at an event, 1\u00a0May\u00a02030", footer=["Baku Digital Claims"]))
    texts = list(ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))
    first = texts[1]  # after the tag, "Claim"
    assert first.get("font-weight") == "bold" and title.startswith(first.text) and first.text != title
    baseline, size = int(first.get("y")), int(first.get("font-size").removesuffix("px"))
    Pictures([svg], [tmp_path / "card.png"]).done()
    scale = 1200 // CARD[0]
    reach = ink((tmp_path / "card.png").read_bytes(), (baseline - size) * scale, baseline * scale, left=12)
    room = CARD[0] - 2 * CLAIM_MARGIN
    assert (CLAIM_MARGIN + 0.85 * room) * scale < reach <= (CARD[0] - CLAIM_MARGIN) * scale, reach


def test_the_font_widths_command_says_what_it_needs(tmp_path: Path) -> None:
    """`python -m bakuclaims.fontwidths` remakes the cards' font widths from the font files; a
    folder without them, or a machine without fontTools, gets a line saying so, not a traceback."""
    result = subprocess.run([sys.executable, "-m", "bakuclaims.fontwidths", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "fontTools is needed" in result.stderr or "cannot read the fonts" in result.stderr, result.stderr


def test_a_claim_cards_byline_breaks_before_its_date_not_inside_it() -> None:
    """A byline too long for one line goes on to the next whole date, not "15 May" above "2024"."""
    from bakuclaims.frame import ClaimCard, claim_card
    byline = ("Said by Ilham Aliyev at a meeting of the ministry's digital development council, "
              "15\u00a0May\u00a02024")  # as publish.py writes it; with spaces, "15" ended the first line
    svg = claim_card(ClaimCard(kind="Claim", title="A claim", figure="65%", rating="Rating: Unsupported",
                               byline=byline, footer=["Baku Digital Claims"]))
    byline = [t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
              if t.get("font-size") == "15px"]  # CLAIM_SIZES["byline"]
    assert len(byline) == 2 and any("15\u00a0May\u00a02024" in line for line in byline), byline


def test_a_downloaded_chart_credits_the_site_by_its_address(published: Path) -> None:
    """A chart's image downloads name the chart and the site they came from, with the chart's
    address, where a reader of the image finds its figures, definitions and data."""
    for chart_id in ("headline", "metric-fibre-coverage-national"):
        title, footer, size, drawn = framed_download(
            (published / f"charts/{chart_id}/chart.svg").read_text(encoding="utf-8"))
        png = png_size((published / f"charts/{chart_id}/chart.png").read_bytes())
        assert png == (2 * size[0], 2 * size[1]), f"{chart_id}: the PNG is the framed download, at twice its size"
        assert size[1] > float(drawn.get("height", 0)), f"{chart_id}: the download has its title and credit"
        assert title and "Baku Digital Claims · CC BY 4.0" in footer, chart_id
        address = footer[footer.index("Baku Digital Claims · CC BY 4.0") + 1:]
        assert "".join(address) == f"{PUBLIC}charts/{chart_id}/", \
            f"{chart_id}: the credit names the chart's address, broken only after a slash: {footer}"


def test_without_a_site_address_nothing_absolute_is_invented(real_site: Path) -> None:
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="/">' in html
    assert meta(html, "og:url") is None and meta(html, "og:image") is None
    assert meta(html, "og:title") and meta(html, "twitter:card") == "summary"
    assert not list(real_site.glob("charts/*/card.png")), "a link preview no page points to"
    assert not (real_site / "sitemap.xml").exists()
    robots = (real_site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap:" not in robots.replace("# No Sitemap", "")
    assert "User-agent: *" in robots


# -- JSON-LD ------------------------------------------------------------------------------------

def claim_ids() -> list[str]:
    return sorted(p.stem for p in (REPO / "data/facts").glob("*.yaml")
                  if yaml.safe_load(p.read_text(encoding="utf-8")).get("kind") == "claim")


def test_every_claim_page_carries_claim_markup_that_matches_the_page(published: Path) -> None:
    sources = yaml.safe_load((REPO / "data/sources.yaml").read_text(encoding="utf-8"))
    for fact_id in claim_ids():
        data = yaml.safe_load((REPO / f"data/facts/{fact_id}.yaml").read_text(encoding="utf-8"))
        html = (published / f"facts/{fact_id}/index.html").read_text(encoding="utf-8")
        blocks = page_markup(html)
        assert len(blocks) == 1, fact_id
        top = blocks[0]
        assert top["@context"] == "https://schema.org"
        claim = top["itemReviewed"] if top["@type"] == "ClaimReview" else top
        assert claim["@type"] == "Claim"
        page_text = text(html.split("<body>", 1)[1])
        assert claim["url"] == PUBLIC + f"facts/{fact_id}/"
        assert claim["author"]["name"] in page_text and claim["author"]["jobTitle"] in page_text
        assert claim["datePublished"] == str(data["said_on"])
        assert f'<dt>When</dt> <dd><time datetime="{claim["datePublished"]}">' in html
        assert claim["recordedAt"]["name"] in page_text
        if "quote" in data:
            assert claim["text"] == shown(data["quote"])
            quoted = re.search(r"<blockquote><p>(.*?)</p></blockquote>", html, re.S).group(1)
            assert unescape(quoted) == claim["text"]
        (appearance,) = claim["appearance"]
        source = sources[data["source"]]
        if source["publisher"]:
            assert appearance["publisher"]["name"] == shown(source["publisher"]) and shown(source["publisher"]) in page_text
        else:
            assert "publisher" not in appearance and "outlet not recorded" in page_text
        assert appearance["headline"] == shown(source["title"])
        if source.get("url"):
            assert appearance["url"] == source["url"]
            assert f'<a href="{source["url"]}" class="source-link"' in html  # the link, whatever else it carries
        else:
            assert "url" not in appearance


def test_claim_review_matches_the_assessment_on_the_page(published: Path) -> None:
    about = (published / "about/index.html").read_text(encoding="utf-8")
    assessed = [i for i in claim_ids()
                if "assessment" in yaml.safe_load((REPO / f"data/facts/{i}.yaml").read_text(encoding="utf-8"))]
    assert set(HEADLINE_CLAIMS) <= set(assessed)
    rows = {r["id"]: r for r in csv.DictReader((published / "data/facts.csv").open(encoding="utf-8"))}
    for fact_id in assessed:
        html = (published / f"facts/{fact_id}/index.html").read_text(encoding="utf-8")
        (review,) = page_markup(html)
        assert review["@type"] == "ClaimReview", fact_id
        section = re.search(r'<section class="assessment".*?</section>', html, re.S).group(0)
        assert "<h2 id=\"assessment-heading\">Our assessment</h2>" in section
        shown = re.search(r'Claim reviewed: <strong>(.*?)</strong>', section).group(1)
        assert review["claimReviewed"] == unescape(shown)
        label = re.search(r'class="rating-label[^"]*"[^>]*>(.*?)</a>', section).group(1)
        rating = review["reviewRating"]
        assert rating["alternateName"] == unescape(label)
        number = rating.get("ratingValue", "none")
        assert f"<tr>\n<td>{label}</td>\n<td>{number}</td>\n</tr>" in about
        if number != "none":
            assert (rating["worstRating"], rating["bestRating"]) == (1, 4)
        summary = re.search(r'<div class="assessment-summary">(.*?)</div>', section, re.S).group(1)
        assert rating["ratingExplanation"] == text(summary) == review["reviewBody"]
        # a reuser of the downloads gets the assessment the page gives, with its date
        row = rows[fact_id]
        assert row["assessment"] == " ".join(text(summary).split()) and row["rating"] == unescape(label)
        # a claim without a figure (Azerbaijan in the UN index's highest group) has none to measure
        measures = "What its figure measures" if row["value"] else "What it measures"
        for field, heading in (("gets_right", "What it gets right"), ("leaves_out", "What it leaves out"),
                               ("figure_measures", measures)):
            part = re.search(rf"<dt>{heading}</dt> <dd>(.*?)</dd>", section, re.S).group(1)
            assert row[field] and row[field] == " ".join(text(part).split()), (fact_id, field)
        assert row["assessed"] == review["datePublished"] and row["not_rated_because"] == ""
        published_on = re.search(r'Assessed by the editors of Baku Digital Claims on <time datetime="([^"]+)">',
                                 section).group(1)
        assert review["datePublished"] == published_on <= review["dateModified"]
        assert review["author"]["name"] == "Baku Digital Claims"
        assert review["url"] == PUBLIC + f"facts/{fact_id}/"
        assert review["publishingPrinciples"] == PUBLIC + "about/#ratings"


def test_rating_scale_is_published_on_the_methodology_page(published: Path) -> None:
    assert set(RATINGS) == set(typing.get_args(Rating))
    about = (published / "about/index.html").read_text(encoding="utf-8")
    assert '<h3 id="ratings">' in about and '<h2 id="assessments">' in about and '<h2 id="confidence">' in about
    rows = re.findall(r"<tr>\n<td>([^<]+)</td>\n<td>(\d|none)</td>\n</tr>", about)
    assert sorted(rows) == sorted((label, str(value or "none")) for value, label in RATINGS.values())


def test_an_unsupported_claim_is_not_scored_as_the_worst_by_aggregators(published: Path) -> None:
    """"Unsupported" (the evidence neither confirms nor contradicts) was 1 on the scale, below
    "Misleading": an aggregator reading the number took the claim for the worst kind. Its
    ClaimReview now names the rating without a number."""
    unsupported = [fact_id for fact_id, fact in real_facts().items()
                   if (fact.get("assessment") or {}).get("rating") == "unsupported"]
    if not unsupported:
        pytest.skip("no claim of the real site is rated unsupported")
    html = (published / f"facts/{unsupported[0]}/index.html").read_text(encoding="utf-8")
    (review,) = page_markup(html)
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["alternateName"] == "Unsupported"
    assert not {"ratingValue", "bestRating", "worstRating"} & set(review["reviewRating"])


def test_a_claim_not_rated_says_why_on_its_page_and_not_rated_everywhere_else_with_no_claim_review(
        project: Path, tmp_path: Path) -> None:
    """A claim with nothing a rating could test (a goal, a statement) said "Not yet assessed by the
    editors" on its page and in every list, a promise of an assessment that will not come."""
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + "not_rated: >-\n  A goal, not a result; the survey "
                    "found [[coverage-survey]].\n", encoding="utf-8")
    site = build_into(project, tmp_path / "site", "--base-url", PUBLIC)
    html = (site / "facts/coverage-claim/index.html").read_text(encoding="utf-8")
    verdict = re.search(r'<p class="verdict">(.*?)</p>', html).group(1)
    assert verdict == ('Rating: <a href="#assessment" class="rating-label rating-not-rated"'
                       ' aria-label="Not rated: the reason below">Not rated</a>')
    section = re.search(r'<section class="assessment not-rated" id="assessment".*?</section>', html, re.S).group(0)
    assert '<h2 id="assessment-heading">Not rated</h2>' in section
    assert "A goal, not a result; the survey found 61.5%." in text(section)
    (markup,) = page_markup(html)
    assert markup["@type"] == "Claim" and "ClaimReview" not in html
    for page in ("index.html", "events/expo-2030/index.html", "people/ada-example/index.html"):
        shown = (site / page).read_text(encoding="utf-8")
        assert ('<a href="/baku-digital-claims/facts/coverage-claim/#assessment" class="rating-label '
                'rating-not-rated">Not rated<span class="visually-hidden">: ') in shown, page
        assert "Not yet assessed" not in shown, page
    assert "Claim, not rated" in text((site / "facts/index.html").read_text(encoding="utf-8"))
    rows = {r["id"]: r for r in csv.DictReader((site / "data/facts.csv").open(encoding="utf-8"))}
    records = {r["id"]: r for r in json.loads((site / "data/facts.json").read_text(encoding="utf-8"))}
    assert rows["coverage-claim"]["rating"] == records["coverage-claim"]["rating"] == "Not rated"
    assert rows["coverage-survey"]["rating"] == ""
    assert rows["coverage-claim"]["not_rated_because"] == "A goal, not a result; the survey found 61.5%."
    assert rows["coverage-claim"]["assessment"] == rows["coverage-claim"]["assessed"] == ""
    feed = ET.parse(site / "feed.xml").getroot()
    (entry,) = [e for e in feed.findall(f"{ATOM}entry") if e.find(f"{ATOM}category").get("term") == "claim"]
    assert entry.find(f"{ATOM}summary").text.endswith(" Not rated: A goal, not a result; the survey found 61.5%.")


def test_assessments_type_no_figures() -> None:
    """Every number in an assessment comes through a [[fact-id]] reference (years and names aside)."""
    allowed = re.compile(r"\b(?:19|20)\d\d\b|\b[34]G\b|WTDC-25|M360")
    for path in sorted((REPO / "data/facts").glob("*.yaml")):
        assessment = yaml.safe_load(path.read_text(encoding="utf-8")).get("assessment")
        if not assessment:
            continue
        for key in ("summary", "gets_right", "leaves_out", "measures"):
            prose = allowed.sub("", re.sub(r"\[\[[^\]]+\]\]", "", assessment[key]))
            assert not re.search(r"\d", prose), f"{path.name} {key}: typed figure in {prose!r}"


def test_facts_index_describes_the_downloads_as_a_dataset(published: Path) -> None:
    html = (published / "facts/index.html").read_text(encoding="utf-8")
    (dataset,) = page_markup(html)
    assert dataset["@type"] == "Dataset"
    assert unescape(dataset["description"]) in text(html)
    for download in dataset["distribution"]:
        assert local(published, download["contentUrl"]).is_file()
    # last modified on the latest day the sitemap gives a fact's page: when one was added or updated
    root = ET.parse(published / "sitemap.xml").getroot()
    facts = [u.find(f"{SITEMAP}lastmod").text for u in root.findall(f"{SITEMAP}url")
             if re.fullmatch(re.escape(PUBLIC) + r"facts/[a-z0-9-]+/", u.find(f"{SITEMAP}loc").text)
             and u.find(f"{SITEMAP}lastmod") is not None]
    assert facts and dataset["dateModified"] == max(facts)
    metric = (published / "metrics/fibre-coverage-national/index.html").read_text(encoding="utf-8")
    for block in page_markup(metric):
        assert block["@type"] == "Dataset" and block["name"] in text(metric)
        for download in block["distribution"]:
            assert local(published, download["contentUrl"]).is_file()


def test_the_facts_datasets_time_span_runs_from_the_first_date_to_the_last_as_the_data_gives_them(
        published: Path) -> None:
    """A figure for December 2025 is not one for 1 December: the span's ends are dates of the
    download's date column, as precise as written there, and no date there falls outside it."""
    (dataset,) = page_markup((published / "facts/index.html").read_text(encoding="utf-8"))
    start, _, end = dataset["temporalCoverage"].partition("/")
    end = end or start  # one period that holds every date
    with (published / "data/facts.csv").open(encoding="utf-8") as handle:
        dates = {row["date"] for row in csv.DictReader(handle)} - {""}
    assert start in dates and end in dates

    def bounds(date: str) -> tuple[str, str]:
        parts = date.split("-")
        return "-".join(parts + ["01", "01"][len(parts) - 1:]), "-".join(parts + ["12", "31"][len(parts) - 1:])

    assert all(bounds(start)[0] <= bounds(d)[0] and bounds(d)[1] <= bounds(end)[1] for d in dates)


def test_downloaded_facts_link_to_their_pages_by_full_address(published: Path) -> None:
    """A fact's page in the CSV and JSON opens from a reuser's copy, away from the site."""
    with (published / "data/facts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    records = json.loads((published / "data/facts.json").read_text(encoding="utf-8"))
    assert [r["page"] for r in rows] == [r["page"] for r in records]
    for row in rows:
        assert row["page"] == f"{PUBLIC}facts/{row['id']}/"
        assert local(published, row["page"]).is_file()


def test_a_downloaded_fact_gives_the_day_its_page_and_citation_say_it_was_published(published: Path) -> None:
    """A reuser citing a fact from the table needs the day the citation on its page gives."""
    with (published / "data/facts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        html = local(published, row["page"]).read_text(encoding="utf-8")
        shown = re.search(r'<dt>Published on this site</dt> <dd><time datetime="([0-9-]+)">', html)
        assert row["published"] == (shown.group(1) if shown else ""), row["id"]


def test_the_data_package_says_what_it_is_who_made_it_and_where_its_figures_were_read(published: Path) -> None:
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert package["description"] and package["homepage"] == PUBLIC
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    # Data Package 2.0 names a contributor's roles in a list; 1.0's single role stays for older readers
    site = {"title": "Baku Digital Claims", "path": PUBLIC, "roles": ["creator"], "role": "author"}
    assert site in package["contributors"]
    with (published / "data/facts.csv").open(encoding="utf-8") as handle:
        read_in = {(row["source_title"], row["source_url"]) for row in csv.DictReader(handle)}
    listed = {(s["title"].split(": ", 1)[1], s.get("path", "")) for s in package["sources"]}
    assert read_in <= listed


def test_the_data_packages_notes_say_what_the_values_mean_and_hold_for_every_row(published: Path) -> None:
    """A reuser reads what a column means in the data package: what each kind and confidence label means, that
    65 is 65%, that a figure the site computed from official ones has the site as its producer and is not
    independent, and that a date is as exact as its source, or empty."""
    package = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    notes = {f["name"]: f["description"] for f in package["resources"][0]["schema"]["fields"]}
    with (published / "data/facts.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    derived = [row for row in rows.values() if row["confidence"] == "derived"]
    assert any(row["independent"] == "False" and row["producer"].startswith("Baku Digital Claims") for row in derived)
    assert "computed" in notes["independent"]
    for row in derived:
        inputs = row["derivation"].split(": ", 1)[1].split(", ")
        assert row["independent"] == str(all(rows[i]["independent"] == "True" for i in inputs)), row["id"]
    assert all(row["independent"] == "" for row in rows.values() if row["kind"] == "claim")
    assert "Empty for a claim" in notes["independent"]
    for column in ("kind", "confidence"):  # what each label means, not only its name
        assert all(f"{label} (" in notes[column] for label in {row[column] for row in rows.values()}), column
    percent = next(row for row in rows.values() if row["unit"] == "percent" and row["display"] == "65%")
    assert percent["value"] == "65" and "a percentage as 65, not 0.65" in notes["value"]
    forms = {re.sub(r"\d", "9", row["date"]) for row in rows.values()}
    assert forms == {"9999", "9999-99", "9999-99-99", ""}
    assert all(form in notes["date"] for form in ("YYYY,", "YYYY-MM or", "YYYY-MM-DD", "empty"))


def test_datasets_in_the_markup_name_the_licence_the_data_package_declares(published: Path) -> None:
    licence = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]["path"]
    pages = [published / "facts/index.html", published / "metrics/fibre-coverage-national/index.html"]
    datasets = [block for page in pages for block in page_markup(page.read_text(encoding="utf-8"))
                if block["@type"] == "Dataset"]
    assert len(datasets) >= 2
    assert all(dataset["license"] == licence for dataset in datasets)


def test_a_charts_data_is_one_dataset_named_by_the_charts_page_wherever_it_is_shown(published: Path) -> None:
    """A metric page shows its chart too: a dataset search that merges markup by @id and url finds the
    chart's data once, at the page made to cite it by, not once for each page that shows it."""
    metric_pages = sorted((published / "metrics").glob("*/index.html"))
    checked = 0
    for page in metric_pages:
        for dataset in page_markup(page.read_text(encoding="utf-8")):
            chart_page = local(published, dataset["url"])
            assert chart_page.parent.parent.name == "charts", f"{page}: {dataset['url']}"
            (own,) = page_markup(chart_page.read_text(encoding="utf-8"))
            assert dataset == own
            fragment = dataset["@id"].split("#")[1]
            assert f'id="{fragment}"' in chart_page.read_text(encoding="utf-8")
            checked += 1
    assert checked >= 3


def test_a_page_gives_search_engines_its_place_in_the_site_as_its_breadcrumb_shows_it(
        published: Path, real_site: Path) -> None:
    """A fact's page showed 'Facts › its metric' but gave search engines no trail of it, so a result
    showed its address alone. Each page with a place in the site (a fact, an event, a speaker, a metric,
    a chart and their lists) now gives a BreadcrumbList of full addresses, from the home page to itself,
    beside its own markup: each step a page of the site, named and linked as its breadcrumb shows it."""
    kinds = {"facts", "events", "people", "metrics", "charts"}
    names: dict[str, set[str]] = {}
    trails = 0
    for page in html_pages(published):
        html = page.read_text(encoding="utf-8")
        folder = page.parent.relative_to(published).parts
        expected = bool(folder) and folder[0] in kinds  # a list, one of its pages, or a page of the list
        found = [block for block in structured(html) if block.get("@type") == "BreadcrumbList"]
        assert len(found) == expected, page
        if not found:
            continue
        trails += 1
        (trail,) = found
        steps = trail["itemListElement"]
        assert trail["@context"] == "https://schema.org"
        assert [step["position"] for step in steps] == list(range(1, len(steps) + 1))
        assert all(step["@type"] == "ListItem" and step["name"] for step in steps)
        assert (steps[0]["name"], steps[0]["item"]) == ("Baku Digital Claims", PUBLIC)
        for step in steps:
            assert local(published, step["item"]).is_file(), (page, step["item"])
            names.setdefault(step["item"], set()).add(step["name"])
        own = steps[-1]
        assert own["item"] == re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1), page
        title = unescape(re.search(r"<title>(.*?) · Baku Digital Claims</title>", html).group(1))
        if len(folder) > 1:  # a fact, an event, a speaker, a metric or a chart: named as its title
            assert own["name"] == title.removeprefix("Chart: "), page
        shown = re.search(r'<nav aria-label="Breadcrumb" class="breadcrumb">(.*?)</nav>', html)
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', shown.group(1)) if shown else []
        assert [(PUBLIC + href.removeprefix("/baku-digital-claims/"), unescape(name)) for href, name in links] == \
            [(step["item"], step["name"]) for step in steps[1:-1]], page
    assert trails >= 10 + len(real_facts())
    assert all(len(called) == 1 for called in names.values()), "a page is named alike in every trail"
    assert not [page for page in html_pages(real_site) if "BreadcrumbList" in page.read_text(encoding="utf-8")], \
        "no trail without the site's address: search engines take full addresses only"


def test_conference_summaries_are_news_articles(published: Path) -> None:
    for event_id in ("gsma-m360-eurasia-2024", "wtdc-25"):
        html = (published / f"events/{event_id}/index.html").read_text(encoding="utf-8")
        (article,) = page_markup(html)
        assert article["@type"] == "NewsArticle"
        assert f'<h2 id="summary-heading">{article["headline"]}</h2>' in unescape(html)
        byline = re.search(r'<p class="meta byline">(.*?)</p>', html).group(1)
        assert f'<time datetime="{article["datePublished"]}">' in byline
        assert article["author"]["name"] in text(byline)
        assert meta(html, "description") == article["description"]
        assert local(published, article["image"][0]).is_file()
        # og:type article, as a fact's page, with the times a link preview shows: a summary gave none
        assert meta(html, "og:type") == "article"
        assert meta(html, "article:published_time") == article["datePublished"]
        assert meta(html, "article:modified_time") == article["dateModified"]
        # where the event was: its venue where a source names it (WTDC-25's gave the city alone), as its
        # page's details give it, in its city and country
        event = yaml.safe_load((REPO / "data/events.yaml").read_text(encoding="utf-8"))[event_id]
        place = article["about"]["location"]
        assert place["name"] == event.get("venue", event["city"])
        assert (place["address"]["addressLocality"], place["address"]["addressCountry"]) == (event["city"],
                                                                                              event["country"])
        assert f"<dd>{place['name']}</dd>" in unescape(html) or place["name"] == event["city"]


def test_json_ld_cannot_be_closed_early(project: Path) -> None:
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace(
        "quote: eighty per cent of homes can connect",
        "quote: \"eighty per cent </script><script>alert(1)</script> & more\""), encoding="utf-8")
    assert run_build(project).returncode == 0
    html = (project / "site/facts/coverage-claim/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    (claim,) = page_markup(html)
    assert claim["text"] == "eighty per cent </script><script>alert(1)</script> & more"


def test_an_outlet_not_recorded_is_said_and_not_named_in_the_markup(project: Path) -> None:
    sources = project / "data/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "example-news:\n  publisher: Example News\n",
        "example-news:\n  publisher:\n  author: Jane Reporter\n  notes: Our copy does not say where it appeared.\n"),
        encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    html = (project / "site/facts/coverage-claim/index.html").read_text(encoding="utf-8")
    (markup,) = page_markup(html)
    (appearance,) = markup.get("itemReviewed", markup)["appearance"]
    assert "publisher" not in appearance and appearance["author"]["name"] == "Jane Reporter"
    assert "Jane Reporter (outlet not recorded)" in text(html)
    listed = text((project / "site/sources/index.html").read_text(encoding="utf-8"))
    assert "“Minister gives a figure”, Jane Reporter, 1 March 2030 (outlet not recorded)." in listed
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "  notes: Our copy does not say where it appeared.\n", ""), encoding="utf-8")
    warned = run_build(project)
    assert warned.returncode == 0 and "no publisher and no notes" in warned.stderr


# -- feed and sitemap ---------------------------------------------------------------------------

def test_feed_is_valid_atom_with_stable_ids_and_dates_from_the_data(project: Path, tmp_path: Path) -> None:
    one = build_into(project, tmp_path / "one", "--base-url", PUBLIC)
    other = build_into(project, tmp_path / "other", "--base-url", "https://elsewhere.example/")
    feed = ET.parse(one / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text.startswith("urn:uuid:")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Baku Digital Claims"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == PUBLIC + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids)) == 4 + 1  # four facts and one conference summary
    updated = {}
    for entry in entries:
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}summary").text
        when = dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert when.tzinfo is not None
        link = entry.find(f"{ATOM}link").get("href")
        assert local(one, link).is_file(), link
        updated[link] = when.date()
    assert updated[PUBLIC + "facts/coverage-claim/"] == dt.date(2030, 3, 1)  # said on, and the source's date
    assert updated[PUBLIC + "facts/coverage-survey/"] == dt.date(2030, 1, 1)  # as of / source date 2030-01
    assert updated[PUBLIC + "events/expo-2030/"] == dt.date(2030, 3, 2)  # the summary's date
    assert dt.datetime.fromisoformat(feed.find(f"{ATOM}updated").text).date() == max(updated.values())
    other_ids = [e.find(f"{ATOM}id").text for e in ET.parse(other / "feed.xml").getroot().findall(f"{ATOM}entry")]
    assert sorted(other_ids) == sorted(ids), "entry ids must not depend on where the site is served"


def test_a_target_outside_git_is_dated_in_the_feed_by_its_source_not_the_date_to_come(
        project: Path, tmp_path: Path) -> None:
    """An editor's preview of a target for the end of 2035, not yet committed: its feed entry was
    dated 1 December 2035, a day to come, by the date the target is for."""
    text = (project / "data/facts/coverage-survey.yaml").read_text(encoding="utf-8")
    (project / "data/facts/coverage-survey.yaml").write_text(
        text.replace("as_of: 2030-01", "as_of: 2035-12\nas_of_words: end of 2035"), encoding="utf-8")
    metrics = (project / "data/metrics.yaml").read_text(encoding="utf-8")
    (project / "data/metrics.yaml").write_text(metrics.replace("  unit: percent\n", "  unit: percent\n  target: true\n", 1),
                                               encoding="utf-8")
    feed = ET.parse(build_into(project, tmp_path / "site", "--base-url", PUBLIC) / "feed.xml").getroot()
    dates = {e.find(f"{ATOM}link").get("href").removeprefix(PUBLIC): e.find(f"{ATOM}updated").text[:10]
             for e in feed.findall(f"{ATOM}entry")}
    assert dates["facts/coverage-survey/"] == "2030-01-01", "its source's date, example-stats of January 2030"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_fact_enters_the_feed_on_the_day_it_was_added_not_on_the_date_of_its_figure(
        project: Path, tmp_path: Path) -> None:
    """What a reader audit found: a fact's feed entry was dated by its data (a figure for 2030-01, a claim
    of 1 March 2030), so a fact added to the site today about an old year came in below a hundred newer
    ones and never reached subscribers. Where git's history says when its file was added, that is the
    entry's date, and its publication date; a file not yet committed keeps the data's date."""
    def git(*args: str) -> None:
        when = {"GIT_AUTHOR_DATE": "2031-05-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2031-05-01T12:00:00+00:00"}
        subprocess.run(["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=e@example.org",
                        "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, env={**os.environ, **when})
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "Published")
    fresh = (project / "data/facts/homes-total.yaml").read_text(encoding="utf-8").replace("value: 2000000",
                                                                                        "value: 1900000")
    (project / "data/facts/homes-later.yaml").write_text(fresh.replace("as_of: 2030", "as_of: 2030-01-02"),
                                                         encoding="utf-8")  # not yet committed
    feed = ET.parse(build_into(project, tmp_path / "site", "--base-url", PUBLIC) / "feed.xml").getroot()
    dates = {e.find(f"{ATOM}link").get("href").removeprefix(PUBLIC): (
        e.find(f"{ATOM}updated").text[:10], (e.find(f"{ATOM}published").text or "")[:10]
        if e.find(f"{ATOM}published") is not None else None) for e in feed.findall(f"{ATOM}entry")}
    assert dates["facts/coverage-survey/"] == dates["facts/coverage-claim/"] == ("2031-05-01", "2031-05-01")
    assert dates["facts/homes-later/"] == ("2030-01-02", None), "not yet committed: the data's date, as before"

    # written on a branch in April, merged in June: it reached the site, and its readers, in June
    git("checkout", "-q", "-b", "later")
    with_dates = {"GIT_AUTHOR_DATE": "2031-04-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2031-04-01T12:00:00+00:00"}
    subprocess.run(["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=e@example.org", "add", "."],
                   check=True, env={**os.environ, **with_dates})
    subprocess.run(["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=e@example.org", "-c",
                    "commit.gpgsign=false", "commit", "-q", "-m", "Later"], check=True, env={**os.environ, **with_dates})
    git("checkout", "-q", "-")
    when = {"GIT_AUTHOR_DATE": "2031-06-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2031-06-01T12:00:00+00:00"}
    subprocess.run(["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=e@example.org", "-c",
                    "commit.gpgsign=false", "merge", "-q", "--no-ff", "-m", "Merge", "later"], check=True,
                   env={**os.environ, **when})
    feed = ET.parse(build_into(project, tmp_path / "merged", "--base-url", PUBLIC) / "feed.xml").getroot()
    merged = {e.find(f"{ATOM}link").get("href").removeprefix(PUBLIC): e.find(f"{ATOM}updated").text[:10]
              for e in feed.findall(f"{ATOM}entry")}
    assert merged["facts/homes-later/"] == "2031-06-01", merged

    # a shallow clone holds every file as added on its one commit's day: the data's dates rather than those
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(shallow)], check=True)
    feed = ET.parse(build_into(shallow, tmp_path / "shallow-site", "--base-url", PUBLIC) / "feed.xml").getroot()
    assert all(e.find(f"{ATOM}published") is None for e in feed.findall(f"{ATOM}entry")
               if "/facts/" in e.find(f"{ATOM}link").get("href")), "no publication day from a shallow clone"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_chart_and_a_fact_say_when_they_were_published_or_last_changed(project: Path, tmp_path: Path) -> None:
    """A reuse audit: a chart's citation gave no date, nor did that of a fact never corrected or assessed;
    a chart changes when a figure joins it, which only git's history dates. A chart's page (and its data's
    structured description, and the sitemap) gives the latest day one of its figures was added, corrected
    or assessed; a fact's page the day it was published on the site, and the day it was last updated if
    later. Each citation comes as BibTeX too. A rebuild takes a new correction in; a copy without history
    gives no day rather than a guess."""
    def commit(day: str) -> None:
        when = {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
        for args in (("add", "."), ("commit", "-q", "-m", "Change")):
            subprocess.run(["git", "-C", str(project), "-c", "user.name=Editor", "-c", "user.email=e@example.org",
                            "-c", "commit.gpgsign=false", *args], check=True, capture_output=True,
                           env={**os.environ, **when})

    def dated(out: Path) -> tuple[str | None, str | None]:
        html = (out / "charts/headline/index.html").read_text(encoding="utf-8")
        cited = re.search(r'<p class="citation">.*?</p>', html, re.S)
        assert cited is not None
        shown = re.search(r'last updated <time datetime="([0-9-]+)">([^<]+)</time>\.</p>$', cited.group(0))
        data = next(d for d in page_markup(html) if d.get("@type") == "Dataset")
        assert (shown is None) == ("dateModified" not in data)
        return (shown.group(2) if shown else None), data.get("dateModified")

    def fact_dates(out: Path) -> tuple[str | None, str | None, str | None]:
        html = (out / "facts/coverage-survey/index.html").read_text(encoding="utf-8")
        listed = [re.search(rf'<dt>{label}</dt> <dd><time datetime="[0-9-]+">([^<]+)</time>', html)
                  for label in ("Published on this site", "Last updated")]
        cited = re.search(r'<p class="citation">.*?</a>(, [^<]+<time[^>]*>[^<]+</time>)?\.</p>', html, re.S)
        assert cited is not None
        return (*(m.group(1) if m else None for m in listed), plain_text(cited.group(1) or "") or None)

    def article_times(out: Path) -> tuple[str | None, str | None]:
        """The fact page's Open Graph article:published_time and article:modified_time."""
        html = (out / "facts/coverage-survey/index.html").read_text(encoding="utf-8")
        found = [re.search(rf'<meta property="article:{name}_time" content="([0-9-]+)">', html)
                 for name in ("published", "modified")]
        return found[0] and found[0].group(1), found[1] and found[1].group(1)

    def downloaded(out: Path) -> tuple[str, str]:
        """The fact's published and updated columns in the facts table a reuser downloads."""
        with (out / "data/facts.csv").open(encoding="utf-8") as handle:
            row = next(r for r in csv.DictReader(handle) if r["id"] == "coverage-survey")
        return row["published"], row["updated"]

    def bibtex(out: Path, page: str) -> str:
        html = (out / page / "index.html").read_text(encoding="utf-8")
        return unescape(re.search(r'<textarea id="bibtex"[^>]*>(.*?)</textarea>', html, re.S).group(1))

    def dataset_modified(out: Path) -> str | None:
        """The facts table's dateModified, in the Dataset markup of the list of facts."""
        (dataset,) = page_markup((out / "facts/index.html").read_text(encoding="utf-8"))
        return dataset.get("dateModified")

    def lastmod(out: Path) -> dict[str, str | None]:
        urls = ET.parse(out / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
        return {u.find(f"{SITEMAP}loc").text.removeprefix(PUBLIC): getattr(u.find(f"{SITEMAP}lastmod"), "text", None)
                for u in urls}

    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    commit("2031-05-01")
    out = build_into(project, tmp_path / "site", "--base-url", PUBLIC)
    assert dated(out) == ("1 May 2031", "2031-05-01")
    assert fact_dates(out) == ("1 May 2031", None, ", published 1 May 2031")
    assert downloaded(out) == ("2031-05-01", ""), "the day the citation gives, in the data too"
    assert article_times(out) == ("2031-05-01", "2031-05-01"), "a link preview's dates, as the page's"
    assert lastmod(out)["charts/headline/"] == lastmod(out)["facts/coverage-survey/"] == "2031-05-01"
    assert dataset_modified(out) == "2031-05-01", "the facts table changed when its facts were added"

    survey = project / "data/facts/coverage-survey.yaml"
    survey.write_text(survey.read_text(encoding="utf-8") + "corrections:\n  - date: 2031-06-15\n"
                      "    text: The survey's publisher was misspelt. The figure is unchanged.\n", encoding="utf-8")
    commit("2031-06-20")
    assert dated(build_into(project, out, "--base-url", PUBLIC)) == ("15 June 2031", "2031-06-15"), \
        "the rebuild takes the correction's day in"
    assert fact_dates(out) == ("1 May 2031", "15 June 2031", ", last updated 15 June 2031")
    assert downloaded(out) == ("2031-05-01", "2031-06-15")
    assert article_times(out) == ("2031-05-01", "2031-06-15")
    assert '15 June 2031</time> (<a href="#corrections">1 correction</a>)</dd>' in \
        (out / "facts/coverage-survey/index.html").read_text(encoding="utf-8"), "what the update was, linked"
    assert lastmod(out)["charts/headline/"] == lastmod(out)["facts/coverage-survey/"] == "2031-06-15"
    assert dataset_modified(out) == "2031-06-15", "and again with the correction, not on the day of the commit"
    # the citation as a reference manager takes it, % escaped; the address in howpublished too, which the
    # classic styles (plain.bst) print where they drop url, in an @online, whose biblatex layout leaves it out
    assert bibtex(out, "facts/coverage-survey") == (
        "@online{bakudigitalclaims-fact-coverage-survey,\n  author = {{Baku Digital Claims}},\n"
        "  title = {{61.5\\%: Homes that can connect, survey}},\n"
        "  howpublished = {\\url{" + PUBLIC + "facts/coverage-survey/}},\n  url = {" + PUBLIC + "facts/coverage-survey/},\n"
        "  year = {2031},\n  note = {Last updated 15 June 2031}\n}")
    assert bibtex(out, "charts/headline").endswith("year = {2031},\n  note = {Last updated 15 June 2031}\n}")

    survey.rename(survey.with_suffix(".yml"))  # the same page, from a file of another name (a review)
    commit("2031-09-01")
    assert dated(build_into(project, out, "--base-url", PUBLIC)) == ("15 June 2031", "2031-06-15")
    assert fact_dates(out) == ("1 May 2031", "15 June 2031", ", last updated 15 June 2031"), \
        "a renamed file's page was published when it was first added"
    assert dataset_modified(out) == "2031-06-15", "a file renamed under the same id: the table is unchanged"

    extra = project / "data/facts/homes-extra.yaml"  # a fact published in October, deleted in November
    extra.write_text((project / "data/facts/homes-total.yaml").read_text(encoding="utf-8")
                     .replace("value: 2000000", "value: 2100000").replace("as_of: 2030", "as_of: 2031"),
                     encoding="utf-8")
    commit("2031-10-01")
    assert dataset_modified(build_into(project, out, "--base-url", PUBLIC)) == "2031-10-01"
    extra.unlink()
    commit("2031-11-01")
    assert dataset_modified(build_into(project, out, "--base-url", PUBLIC)) == "2031-11-01", \
        "the facts table lost a row the day the fact was deleted"

    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".git", ".cache"))
    copied = build_into(copy, tmp_path / "copy-site", "--base-url", PUBLIC)
    assert dated(copied) == (None, None)
    assert fact_dates(copied) == (None, "15 June 2031", ", last updated 15 June 2031"), "the data's own dates stay"
    assert downloaded(copied) == ("", "2031-06-15")
    assert dataset_modified(copied) == "2031-06-15", "the data's own dates, never the clock's"
    assert article_times(copied) == (None, "2031-06-15")
    assert "charts/headline/" in lastmod(copied) and lastmod(copied)["charts/headline/"] is None
    assert bibtex(copied, "charts/headline").endswith("/charts/headline/}\n}"), "no year it does not know"


def test_real_feed_has_every_fact_and_summary(published: Path) -> None:
    feed = ET.parse(published / "feed.xml").getroot()
    links = {e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")}
    facts = {PUBLIC + f"facts/{p.stem}/" for p in (REPO / "data/facts").glob("*.yaml")}
    summaries = {PUBLIC + "events/gsma-m360-eurasia-2024/", PUBLIC + "events/wtdc-25/"}
    if len(facts | summaries) < FEED_ENTRIES:  # until the site outgrows the feed (next test)
        assert facts | summaries <= links
    else:
        assert len(links) == FEED_ENTRIES


def test_a_claims_feed_entry_is_not_dated_as_published_on_the_day_the_claim_was_said(published: Path) -> None:
    """A feed reader lists an entry by its published date: a claim's gave the day it was said (17
    November 2025), so a claim the site added a year later was listed among old entries. The data
    does not say when a page went up; git's history does, where the project has one: the day the
    fact's file was added (see test_a_fact_enters_the_feed_on_the_day_it_was_added…), never before
    the site began."""
    entries = ET.parse(published / "feed.xml").getroot().findall(f"{ATOM}entry")
    facts = [e for e in entries if "/facts/" in e.find(f"{ATOM}link").get("href") and "#" not in
             e.find(f"{ATOM}link").get("href")]
    assert facts and all(e.find(f"{ATOM}updated") is not None for e in facts)
    dates = [e.find(f"{ATOM}published").text[:10] for e in facts if e.find(f"{ATOM}published") is not None]
    shallow = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--is-shallow-repository"], capture_output=True,
                             text=True).stdout.strip()
    if shallow == "false":  # a checkout with its history: every fact has its day (none from a shallow one)
        assert len(dates) == len(facts), (len(dates), len(facts))
    assert all(day >= "2026-11-23" for day in dates), dates


def test_a_claims_title_names_who_made_it_wherever_it_is_shown_alone(published: Path) -> None:
    """A page title, a link preview, a search result or a feed entry is read without the page: a
    claim's figure there must not read as the site's own statement ('65%: Share of … using digital ID')."""
    import yaml
    people = yaml.safe_load((REPO / "data/people.yaml").read_text(encoding="utf-8"))
    feed = {e.find(f"{ATOM}link").get("href"): e.find(f"{ATOM}title").text
            for e in ET.parse(published / "feed.xml").getroot().findall(f"{ATOM}entry")}
    claims = [p for p in sorted((REPO / "data/facts").glob("*.yaml")) if "\nkind: claim" in p.read_text(encoding="utf-8")]
    assert len(claims) >= 4
    for path in claims:
        speaker = people[yaml.safe_load(path.read_text(encoding="utf-8"))["speaker"]]["name"]
        html = unescape((published / "facts" / path.stem / "index.html").read_text(encoding="utf-8"))
        title = re.search(r"<title>(.*?) · ", html)[1]  # type: ignore[index]
        assert title.endswith(f", according to {speaker}") and not title[0].islower(), title  # "Top 40: …"
        assert f'property="og:title" content="{title}"' in html and f'data-pagefind-meta="title[data-title]" data-title="{title}"' in html
        link = PUBLIC + f"facts/{path.stem}/"
        assert feed[link] == title if len(feed) < FEED_ENTRIES else feed.get(link, title) == title


def test_the_feed_holds_only_the_newest_entries(project: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bakuclaims import publish
    from bakuclaims.pipeline import build_site
    complete = build_into(project, tmp_path / "complete")
    every = [e.find(f"{ATOM}id").text for e in ET.parse(complete / "feed.xml").getroot().findall(f"{ATOM}entry")]
    monkeypatch.setattr(publish, "FEED_ENTRIES", 3)  # as a site of thousands of facts outgrows 100
    build_site(project, tmp_path / "short", Options.parse("/", ""), cache=False)
    short = ET.parse(tmp_path / "short" / "feed.xml").getroot()
    assert [e.find(f"{ATOM}id").text for e in short.findall(f"{ATOM}entry")] == every[:3]  # newest first
    assert short.find(f"{ATOM}updated").text == ET.parse(complete / "feed.xml").getroot().find(f"{ATOM}updated").text


def test_a_shorter_feed_is_the_newest_part_of_the_whole_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever the cut falls among a synthetic site's facts (many dates, some shared), the
    feed holds the newest entries of the complete feed, in its order, none skipped."""
    from bakuclaims import publish, render
    from bakuclaims.pipeline import check_site
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    from bench import generate
    site, _ = check_site(generate(tmp_path / "project", 60))
    publisher = render._Renderer(site, {}, tmp_path / "project", Options.parse("/", "")).publisher

    def ids(count: int) -> list[str | None]:
        monkeypatch.setattr(publish, "FEED_ENTRIES", count)
        return [e.find(f"{ATOM}id").text for e in ET.fromstring(publisher.feed()).findall(f"{ATOM}entry")]

    every = ids(10**6)
    assert len(every) > 60  # every fact, and the summaries
    for count in range(1, len(every) + 1):
        assert ids(count) == every[:count], count


def test_sitemap_lists_every_page_with_absolute_addresses(published: Path) -> None:
    root = ET.parse(published / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(PUBLIC) and local(published, loc).is_file(), loc
    pages = {PUBLIC + p.relative_to(published).as_posix().removesuffix("index.html") for p in html_pages(published)}
    assert set(locs) == pages - {PUBLIC + "404.html", PUBLIC + "search/"}
    for url in root.findall(f"{SITEMAP}url"):
        lastmod = url.find(f"{SITEMAP}lastmod")
        if lastmod is not None:
            dt.date.fromisoformat(lastmod.text)
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PUBLIC}sitemap.xml" in robots


def test_a_fact_pages_last_modified_date_in_the_sitemap_is_the_last_updated_date_it_shows(published: Path) -> None:
    """Search engines trust lastmod only where it is the date a page last changed: a page dated by the
    year its figure describes (2020) was written years later. One that shows no 'Last updated' gives the day it
    was published on the site where it shows one, else none."""
    root = ET.parse(published / "sitemap.xml").getroot()
    lastmod = {u.find(f"{SITEMAP}loc").text: getattr(u.find(f"{SITEMAP}lastmod"), "text", None)
               for u in root.findall(f"{SITEMAP}url")}
    shown = 0
    for page in sorted(published.glob("facts/*/index.html")):
        if is_redirect(page):
            continue
        html = page.read_text(encoding="utf-8")
        updated = re.search(r'<dt>Last updated</dt> <dd><time datetime="([^"]+)">', html)
        published = re.search(r'<dt>Published on this site</dt> <dd><time datetime="([^"]+)">', html)
        assert lastmod[PUBLIC + f"facts/{page.parent.name}/"] == (
            updated.group(1) if updated else published.group(1) if published else None), page
        shown += updated is not None
    assert shown, "no fact page shows a 'Last updated' date: the test tests half of what it says"


def test_a_dated_pages_last_modified_date_in_the_sitemap_is_the_one_its_byline_shows(published: Path) -> None:
    """About and the conference summaries say when they were published and last updated: the sitemap gives
    search engines that day too (About had none)."""
    root = ET.parse(published / "sitemap.xml").getroot()
    lastmod = {u.find(f"{SITEMAP}loc").text: getattr(u.find(f"{SITEMAP}lastmod"), "text", None)
               for u in root.findall(f"{SITEMAP}url")}
    bylines = 0
    for page in html_pages(published):
        byline = re.search(r'<p class="meta byline">.*?</p>', page.read_text(encoding="utf-8"))
        if byline is None:
            continue
        shown = re.findall(r'<time datetime="([^"]+)">', byline.group(0))
        assert lastmod[PUBLIC + page.relative_to(published).as_posix().removesuffix("index.html")] == shown[-1], page
        bylines += 1
    assert lastmod[PUBLIC + "about/"] and bylines >= 3


# -- corrections --------------------------------------------------------------------------------

def test_corrections_show_on_the_fact_the_log_the_feed_and_the_markup(project: Path, tmp_path: Path) -> None:
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + """checked: 2030-03-20
corrections:
  - date: 2030-03-10
    text: The claim was first dated 2 March; the source says 1 March.
  - date: 2030-04-02
    text: The speaker's role was corrected.
""" + CLAIM_ASSESSMENT, encoding="utf-8")
    site = build_into(project, tmp_path / "site", "--base-url", PUBLIC)
    html = (site / "facts/coverage-claim/index.html").read_text(encoding="utf-8")
    assert '<dt>Last updated</dt> <dd><time datetime="2030-04-02">2 April 2030</time>' in html
    assert '<dt>Source last checked</dt> <dd><time datetime="2030-03-20">' in html
    log = re.search(r'<section id="corrections".*?</section>', html, re.S).group(0)
    assert text(log).index("2 April 2030") < text(log).index("10 March 2030")  # newest first
    assert "The speaker’s role was corrected." in unescape(log) or "The speaker's role was corrected." in unescape(log)
    (review,) = page_markup(html)
    assert review["datePublished"] == "2030-03-05" and review["dateModified"] == "2030-04-02"

    everything = (site / "corrections/index.html").read_text(encoding="utf-8")
    assert everything.count('href="/baku-digital-claims/facts/coverage-claim/#corrections"') == 2
    assert "No corrections" not in everything

    feed = ET.parse(site / "feed.xml").getroot()
    corrections = [e for e in feed.findall(f"{ATOM}entry")
                   if e.find(f"{ATOM}category").get("term") == "correction"]
    assert len(corrections) == 2
    assert {e.find(f"{ATOM}updated").text[:10] for e in corrections} == {"2030-03-10", "2030-04-02"}
    assert all(e.find(f"{ATOM}link").get("href") == PUBLIC + "facts/coverage-claim/#corrections"
               for e in corrections)
    assert feed.find(f"{ATOM}updated").text.startswith("2030-04-02")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PUBLIC}facts/coverage-claim/</loc><lastmod>2030-04-02</lastmod>" in sitemap


def test_two_corrections_of_a_fact_on_one_day_are_told_apart_in_the_feed(project: Path, tmp_path: Path) -> None:
    """What a reader audit found: a fact corrected twice on one day gave the feed two entries of one title and
    one link, which a feed reader lists as the same entry twice."""
    fact = project / "data/facts/coverage-claim.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + """corrections:
  - date: 2030-03-10
    text: The claim was first dated 2 March; the source says 1 March.
  - date: 2030-03-10
    text: The speaker's role was corrected.
  - date: 2030-04-02
    text: The quote was corrected.
""", encoding="utf-8")
    feed = ET.parse(build_into(project, tmp_path / "site", "--base-url", PUBLIC) / "feed.xml").getroot()
    titles = sorted(e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")
                    if e.find(f"{ATOM}category").get("term") == "correction")
    title = "Homes that can connect"
    assert titles == [f"Correction 1 of 2 on 10 March 2030: {title}", f"Correction 2 of 2 on 10 March 2030: "
                      f"{title}", f"Correction: {title}"], titles


def test_corrections_page_says_plainly_when_there_are_none(project: Path) -> None:
    assert run_build(project).returncode == 0
    html = (project / "site/corrections/index.html").read_text(encoding="utf-8")
    assert "No corrections have been made so far." in html
    assert '<a href="/corrections/">Corrections</a>' in (project / "site/index.html").read_text(encoding="utf-8")


def test_every_correction_of_the_real_site_is_in_the_corrections_log(real_site: Path) -> None:
    """The broadband claim's changed rating among them; read from the facts' files, so that a new
    correction (an editor's everyday change) does not fail this test."""
    html = (real_site / "corrections/index.html").read_text(encoding="utf-8")
    log = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))  # not text_of: a tag is no space here
    corrected = {fact_id: fact["corrections"] for fact_id, fact in real_facts().items() if fact.get("corrections")}
    assert "broadband-coverage-100-percent" in corrected
    for fact_id, corrections in corrected.items():
        assert f'href="/facts/{fact_id}/' in html, fact_id
        for correction in corrections:  # its words, around any [[reference]] or Markdown mark
            for words in re.split(r"\[\[[^\]]*\]\]|[*_`]", shown(" ".join(correction["text"].split()))):
                assert words.strip() in log, (fact_id, words)



def test_every_correction_is_in_a_table_to_download_as_the_log_lists_them(real_site: Path) -> None:
    """A reuser sees what changed and when without reading each page: data/corrections.csv holds every
    correction of the facts' files, newest first, with its fact and the address of its page's list."""
    with (real_site / "data/corrections.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = [(fact_id, str(c["date"])) for fact_id, fact in real_facts().items()
                for c in fact.get("corrections", [])]
    assert sorted((r["fact"], r["date"]) for r in rows) == sorted(expected)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    for row in rows:
        assert row["page"] == f"/facts/{row['fact']}/#corrections"
        assert row["text"] in " ".join((real_site / "corrections/index.html").read_text(encoding="utf-8").split())
    package = json.loads((real_site / "datapackage.json").read_text(encoding="utf-8"))
    assert "data/corrections.csv" in [resource["path"] for resource in package["resources"]]
    for fact_id in {row["fact"] for row in rows}:  # a fact's page lists its own in the same order, two of a day too
        page = " ".join((real_site / "facts" / fact_id / "index.html").read_text(encoding="utf-8").split())
        texts = [row["text"] for row in rows if row["fact"] == fact_id]
        assert sorted(texts, key=page.index) == texts, fact_id


# -- reporting a mistake --------------------------------------------------------------------------

def report_links(html: str) -> list[dict[str, str]]:
    """The query of every link on a page to the repository's new-issue form, decoded."""
    from urllib.parse import parse_qsl, urlsplit
    hrefs = re.findall(rf'href="({re.escape(REPORT_URL)}[^"]*)"', html)
    return [dict(parse_qsl(urlsplit(unescape(href)).query)) for href in hrefs]


def test_every_page_links_to_a_report_form_filled_in_with_the_page(published: Path) -> None:
    # a chart's embed page is the chart alone, in another site's frame: its credit links to its page, which has one
    pages = [p for p in published.rglob("index.html") if "pagefind" not in p.parts and not is_embed(p)]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = report_links(html)
        address = PUBLIC + page.parent.relative_to(published).as_posix() + "/"
        own = [q for q in found if q.get("page") == address.replace("/./", "/")]
        assert own, f"{page}: no report link for its own address"
        title = unescape(re.search(r"<title>(.*?) · ", html).group(1))
        assert all(q["template"] == REPORT_FORM and q["title"] == f"Mistake on “{title}”" for q in own), page
    claim = (published / "facts/broadband-coverage-100-percent/index.html").read_text(encoding="utf-8")
    assert "Found a mistake in this claim" in claim and len(report_links(claim)) == 2  # the fact's own, the footer's
    log = (published / "corrections/index.html").read_text(encoding="utf-8")
    assert {"template": REPORT_FORM, "title": "Mistake: "} in report_links(log)


def test_without_a_report_address_no_page_offers_to_report(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "issues/new" not in html and ">Report a mistake</a>" not in html and "Report it" not in html, page


def test_the_report_form_has_the_fields_the_links_fill_in() -> None:
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE" / REPORT_FORM).read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert {"page", "mistake", "source"} <= ids
    assert form["name"] and form["description"] and form["title"] == "Mistake: "
    required = {item["id"] for item in form["body"] if item.get("validations", {}).get("required")}
    assert required == {"page", "mistake"}


@pytest.mark.parametrize("address", ["github.com/o/r/issues/new", "ftp://github.com/o/r",
                                     "https://github.com/o/r/issues/new?labels=x", "https:///issues/new"])
def test_a_bad_report_address_is_a_command_line_error(project: Path, address: str) -> None:
    result = run_build(project, "--report-url", address)
    assert result.returncode == 2 and "--report-url must be an address like" in result.stderr
    assert "Traceback" not in result.stderr

# -- search -------------------------------------------------------------------------------------

def indexed_pages(site: Path) -> dict[str, dict]:
    """The pages in the Pagefind index, by URL, with their metadata."""
    found = {}
    for fragment in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record
    return found


def test_search_indexes_facts_summaries_metrics_speakers_corrections_and_sources_only(real_site: Path) -> None:
    """A search for a speaker's name found their claims but never their own page, nor the
    corrections log for "corrections"; lists of cards and the home page stay out (each card is a
    page of its own in the index); each source is a record of its own (see the test below)."""
    entry = json.loads((real_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    pages = indexed_pages(real_site)
    assert entry["languages"]["en"]["page_count"] == len(pages)

    def ids(name: str) -> set[str]:
        return set(yaml.safe_load((REPO / f"data/{name}.yaml").read_text(encoding="utf-8")))

    facts = {f"/facts/{p.stem}/" for p in (REPO / "data/facts").glob("*.yaml")}
    metrics, events, people = ({f"/{kind}/{i}/" for i in ids(kind)} for kind in ("metrics", "events", "people"))
    sources = {f"/sources/#{i}/" for i in ids("sources")}  # the file Pagefind read: each links to its entry
    assert set(pages) == facts | metrics | events | people | sources | {"/about/", "/corrections/"}
    claim = pages["/facts/digital-id-65-percent/"]
    assert claim["meta"]["title"] == "65%: Share of Azerbaijan’s population using digital ID, according to Samir Mammadov"
    rating = (real_facts()["digital-id-65-percent"].get("assessment") or {}).get("rating")
    assert claim["meta"]["type"] == "Claim" and claim["meta"].get("rating") == (RATINGS[rating][1] if rating else None)
    assert "65%" in claim["content"] and "digital ID" in claim["content"]


def test_each_source_is_a_search_result_of_its_own_that_leads_to_its_entry(real_site: Path) -> None:
    """A reader who searched for a source's title, its outlet or its author found nothing of the
    source's own. Each source is now a result of its own, titled by the source, typed "Source" (a
    filter too), leading to its entry on the sources page; it holds the outlet, author and date, but
    not the titles of the facts read in it, which are pages of their own (and, at 1,000 facts, many)."""
    sources = yaml.safe_load((REPO / "data/sources.yaml").read_text(encoding="utf-8"))
    found = [r for r in indexed_pages(real_site).values() if r["meta"].get("type") == "Source"]
    assert sorted(r["meta"].get("url", "") for r in found) == sorted(f"/sources/#{i}" for i in sources)
    records = {r["meta"]["url"].removeprefix("/sources/#"): r for r in found}
    page = (real_site / "sources/index.html").read_text(encoding="utf-8")
    for source_id, record in records.items():
        source = sources[source_id]
        assert record["meta"]["title"] == shown(source["title"]) and record["filters"] == {"Type": ["Source"]}
        assert f'<li id="{source_id}" data-search-record>' in page, "the entry the result leads to carries it"
        for given in (source.get("publisher"), source.get("author")):
            assert given is None or shown(given) in record["content"], (source_id, given)
        assert "Facts:" not in record["content"] and "facts read in it" not in record["content"]
    trend = records["trend-2024-01-fibre"]
    assert trend["content"].startswith("Trend, “Fibre-optic coverage of households and businesses, January 2024”")
    azernews = records["azernews-2024-05-15-digital-id"]
    assert azernews["content"] == ("AzerNews, “Azerbaijan accelerates digital revolution, reaching over 65% of "
                                   "population with digital IDs”, Nazrin Abdul, 15 May 2024.")


def test_a_search_result_shows_what_the_page_says_not_its_labels_or_other_pages(real_site: Path) -> None:
    """Excerpts read "secondary. 66%: Fibre broadband coverage … Fibre" (the page's kind label and
    its hidden title were indexed as text) and "What it measures …"; a fact's page also carried its
    charts' tables and related facts' cards, so it matched words that belong to other facts."""
    pages = indexed_pages(real_site)
    claim = pages["/facts/digital-id-65-percent/"]
    title = claim["meta"]["title"]
    assert title not in claim["content"] and not claim["content"].startswith(("Claim", "Context"))
    assert "What it measures" not in claim["content"] and "Of whom" not in claim["content"]
    assert "Download this chart" not in claim["content"], "a chart's caption and table belong to the chart"
    metric = pages["/metrics/fibre-coverage-national/"]
    assert "according to Samir Mammadov" not in metric["content"], "the metric's cards are pages of their own"


def test_search_results_keep_each_label_apart_from_its_value(real_site: Path) -> None:
    for url, record in indexed_pages(real_site).items():
        for label in ("What it measures", "Of whom", "Said by", "Source"):
            assert not re.search(re.escape(label) + r"[A-Z0-9]", record["content"]), (url, label)


def test_only_the_search_page_loads_search_scripts(real_site: Path) -> None:
    for page in html_pages(real_site):
        html = page.read_text(encoding="utf-8")
        sources = set(re.findall(r'<script[^>]* src="([^"]+)"', html))
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all('type="application/ld+json"' in attrs for attrs in inline), page
        if page == real_site / "search/index.html":
            assert sources == {"/pagefind/pagefind-ui.js", "/assets/search.js"}
        elif page.parent == real_site / "facts" or page.parent.parent == real_site / "facts/page":
            assert sources == {"/assets/facts-table.js"}, page  # the table's sorting and filtering
        elif page.parent.parent == real_site / "facts":  # a fact's page: its chart, and the share button
            assert sources <= {"/assets/charts.js", "/assets/share.js"} and "/assets/share.js" in sources, page
        else:
            assert sources <= {"/assets/charts.js"}, page
    for page in real_site.glob("charts/*/embed/index.html"):  # a chart in another site's frame (or where it went)
        assert set(re.findall(r"<script\b[^>]*>", page.read_text(encoding="utf-8"))) <= \
            {'<script src="/assets/embed.js" defer>'}, page
    search = (real_site / "search/index.html").read_text(encoding="utf-8")
    assert "<noscript>" in search and "Search needs JavaScript" in search
    assert '<link rel="stylesheet" href="/pagefind/pagefind-ui.css">' in search


def test_same_inputs_give_the_same_search_index_feed_and_sitemap(project: Path, tmp_path: Path) -> None:
    digests = []
    for name in ("one", "two"):
        site = build_into(project, tmp_path / name, "--base-url", PUBLIC)
        digests.append({p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()})
    assert digests[0].keys() == digests[1].keys()
    assert [k for k in digests[0] if digests[0][k] != digests[1][k]] == []
    assert any(k.startswith("pagefind/fragment/") for k in digests[0])


def test_an_index_with_several_sort_keys_is_the_same_from_build_to_build(tmp_path: Path) -> None:
    """Pagefind lists the sort keys in its metadata file in hash-map order, which changed from run to
    run with two or more keys (the site has one, "listing"): the keys are rewritten in name order."""
    from bakuclaims import search
    pages = tmp_path / "pages"
    for n in range(4):
        (pages / f"p{n}").mkdir(parents=True)
        (pages / f"p{n}" / "index.html").write_text(
            f'<html lang="en"><head><title>p{n}</title></head><body><main data-pagefind-body><h1>Page {n}</h1>'
            + "".join(f'<span hidden data-pagefind-sort="{key}[data-v]" data-v="{n}"></span>' for key in "abc")
            + "</main></body></html>", encoding="utf-8")
    bundles = []
    for run in range(4):  # 6 orders of 3 keys: four runs in Pagefind's order agreed in 1 of 216 tries
        search._index_from(pages, tmp_path / f"index{run}", None)
        bundles.append({p.relative_to(tmp_path / f"index{run}").as_posix(): p.read_bytes()
                        for p in sorted((tmp_path / f"index{run}").rglob("*")) if p.is_file()})
    assert all(bundle == bundles[0] for bundle in bundles)


def test_failed_search_index_leaves_the_site_untouched(project: Path, tmp_path: Path) -> None:
    assert run_build(project).returncode == 0
    before = {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()}
    broken = tmp_path / "pagefind-broken"
    broken.write_text("#!/bin/sh\necho 'Error: simulated failure' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project)], capture_output=True,
                            text=True, timeout=300, env={**__import__("os").environ, "PAGEFIND_BINARY_PATH": str(broken)})
    assert result.returncode == 1
    assert "Pagefind could not index the site: Error: simulated failure" in result.stderr
    assert "nothing was written" in result.stderr
    after = {p: p.read_bytes() for p in sorted((project / "site").rglob("*")) if p.is_file()}
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_search_reads_pages_without_their_charts_but_keeps_quotes(real_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy_for_search(real_site, copy)
    original = (real_site / "facts/digital-id-65-percent/index.html").read_text(encoding="utf-8")
    copied = (copy / "facts/digital-id-65-percent/index.html").read_text(encoding="utf-8")
    assert 'class="chart"' in original and 'class="chart"' not in copied
    assert '<figure class="quote">' in copied and "data-pagefind-body" in copied
    assert copied.startswith('<!doctype html>\n<html lang="en">') and "<title>" in copied
    assert "<nav" in original and "<nav" not in copied  # not indexed, so not copied
    assert "data-pagefind-ignore" in original and "data-pagefind-ignore" not in copied  # nor the related facts
    assert len(copied) < len(original)
    home = (copy / "index.html").read_text(encoding="utf-8")  # no indexed part: kept whole, charts aside
    assert "<nav" in home and 'class="chart"' not in home
    assert sorted(p.relative_to(copy) for p in copy.rglob("*.html") if "#" not in p.parent.name) == \
        sorted(p.relative_to(real_site) for p in real_site.rglob("*.html") if "pagefind" not in p.parts)
    sources = yaml.safe_load((REPO / "data/sources.yaml").read_text(encoding="utf-8"))
    assert sorted(p.parent.name for p in copy.glob("sources/#*/index.html")) == sorted(f"#{i}" for i in sources)


def test_what_pagefind_reads_is_each_written_page_trimmed_after_a_cold_build_and_an_edit(project: Path) -> None:
    from bakuclaims.search import for_search, records
    site, copy = project / "site", project / ".cache" / "search-pages"
    edits = {"coverage-survey": ("value: 61.5", "value: 62.5"), "homes-covered": ("value: 1230000", "value: 1250000")}
    for edited in (False, True):
        for name, (old, new) in edits.items() if edited else ():
            fact = project / "data" / "facts" / f"{name}.yaml"
            fact.write_text(fact.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert run_build(project).returncode == 0
        pages = sorted(p.relative_to(site) for p in site.rglob("*.html") if "pagefind" not in p.parts
                       and not is_redirect(p) and not is_embed(p))  # not given to Pagefind: nothing to find
        sources = for_search((site / "sources/index.html").read_text(encoding="utf-8"))
        found = records("sources/index.html", sources)  # a search result each, beside the page
        assert sorted(found) == ["sources/#editors/index.html", "sources/#example-news/index.html",
                                 "sources/#example-stats/index.html"]
        assert sorted(p.relative_to(copy) for p in copy.rglob("*.html")) == sorted(pages + [Path(r) for r in found])
        for page in pages:  # trimmed as it was rendered, or read back and trimmed: the same text
            assert (copy / page).read_text(encoding="utf-8") == for_search((site / page).read_text(encoding="utf-8"))
        assert all((copy / path).read_text(encoding="utf-8") == text for path, text in found.items())
    assert "62.5%" in (copy / "facts" / "coverage-survey" / "index.html").read_text(encoding="utf-8")


def test_ignored_parts_and_what_follows_the_indexed_part_are_cut_where_pagefind_reads_nothing_there(tmp_path: Path) -> None:
    body = ('<main data-pagefind-body><h1>Fibre</h1><p>Households with fibre</p>'
            '<section data-pagefind-ignore><h2 id="beside">Beside</h2><section><p>nested words</p></section>'
            '<p>outer words</p></section><p>after</p>'
            '<div data-pagefind-ignore="all"><span data-pagefind-meta="kind">claim</span>hidden</div>'
            '<aside data-pagefind-ignore><span data-pagefind-filter="year">2024</span>ignored text</aside></main>')
    whole = tmp_path / "whole"
    for name in ("one", "two"):
        (whole / name).mkdir(parents=True)
        footer = '<span data-pagefind-meta="edition">second</span>' if name == "two" else ""
        (whole / name / "index.html").write_text(f'<!doctype html><html lang="en"><head><title>{name}</title></head>'
                                                 f'<body>{body.replace("Fibre", name)}<footer><p>footer words</p>'
                                                 f'{footer}</footer></body></html>', encoding="utf-8")
    trimmed = tmp_path / "trimmed"
    copy_for_search(whole, trimmed)
    copied = (trimmed / "one" / "index.html").read_text(encoding="utf-8")
    assert "nested words" not in copied and "outer words" not in copied and "<p>after</p>" in copied
    assert 'data-pagefind-meta="kind"' in copied and 'data-pagefind-filter="year"' in copied  # Pagefind reads these
    assert "footer words" not in copied  # after the indexed part
    assert 'data-pagefind-meta="edition"' in (trimmed / "two" / "index.html").read_text(encoding="utf-8")
    assert pagefind_index(whole, tmp_path / "whole-index") == pagefind_index(trimmed, tmp_path / "trimmed-index")


def test_a_search_results_excerpt_keeps_a_facts_details_apart(real_site: Path) -> None:
    """Pagefind ends a heading with a full stop in the text it shows under a result, but ran the
    rows of a fact's details into each other: 'residents of Azerbaijan Ilham Aliyev, President of
    Azerbaijan ITU World Telecommunication Development Conference (WTDC-25), Baku 17 November 2025
    In an address …'."""
    content = indexed_pages(real_site)["/facts/sima-3-6-million-users/"]["content"]
    assert ("residents of Azerbaijan. Ilham Aliyev, President of Azerbaijan. ITU World Telecommunication "
            "Development Conference (WTDC-25), Baku. 17 November 2025. In an address") in content, content
    assert "as reported by Khagan Isayev (outlet not recorded). Our assessment." in content, "a stop after a bracket"
    assert "..." not in content and ".." not in content.replace("...", ""), "no stop where one was"


@pytest.mark.parametrize("html, read", [
    ("<dd>Azerbaijan</dd>", "<dd>Azerbaijan.</dd>"),
    ('<dd><time datetime="2025-11-17">17 November 2025</time>\n</dd>',
     '<dd><time datetime="2025-11-17">17 November 2025</time>.\n</dd>'),  # after the date, not in it
    ('<li>Source: <a href="/s/">AzerNews</a> </li>', '<li>Source: <a href="/s/">AzerNews</a>. </li>'),
    ("<figcaption>as reported (outlet not recorded)</figcaption>",
     "<figcaption>as reported (outlet not recorded).</figcaption>"),
    ("<dd>It ends.</dd><td>Is it?</td><li>(A whole sentence.)</li><th>“Quoted.”</th>",) * 2,
    ('<dd><img src="x.png" alt=""></dd><li></li><p>a paragraph</p>',) * 2,  # no text, or not a row
])
def test_the_search_copy_ends_each_row_with_a_stop(html: str, read: str) -> None:
    from bakuclaims.search import ended
    assert ended(html) == read


def test_search_index_from_the_trimmed_copy_is_the_one_made_from_whole_pages(real_site: Path, tmp_path: Path) -> None:
    from bakuclaims.search import ended, records, without_charts
    whole, trimmed = tmp_path / "whole", tmp_path / "trimmed"
    for page in real_site.rglob("*.html"):
        if "pagefind" not in page.parts:
            path = page.relative_to(real_site).as_posix()
            html = ended(without_charts(page.read_text(encoding="utf-8")))  # the stops are added, not trimmed
            for name, text in [(path, html), *records(path, html).items()]:  # the sources' records made whole
                (whole / name).parent.mkdir(parents=True, exist_ok=True)
                (whole / name).write_text(text, encoding="utf-8")
    copy_for_search(whole, trimmed)
    index = pagefind_index(whole, tmp_path / "whole-index")
    assert index == pagefind_index(trimmed, tmp_path / "trimmed-index")
    assert sum(1 for p in index if p.parts[0] == "fragment") > 40  # a page each


# -- a phone's home screen --------------------------------------------------------------------------

def drawn(svg: str) -> bytes:
    """The PNG vl-convert (resvg, which the build draws the icons with) makes of an SVG."""
    import vl_convert
    return bytes(vl_convert.svg_to_png(svg))


def as_image(png: bytes, size: int) -> str:
    """An SVG <image> showing the PNG at its own size."""
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return f'<image href="{uri}" width="{size}" height="{size}"/>'


def first_pixel(png: bytes) -> tuple[int, ...]:
    """The RGBA of a PNG's top-left pixel (8 bits a channel): the first row's filter leaves its first
    pixel as stored, whichever filter it is, so the pixel is read after the row's filter byte."""
    chunks, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            chunks.append(png[at + 8:at + 8 + length])
        at += 12 + length
    return tuple(zlib.decompress(b"".join(chunks))[1:5])


def test_every_page_gives_a_phone_the_sites_icon_and_manifest_under_its_base_address(published: Path) -> None:
    """iOS puts the apple-touch-icon on the home screen and Android reads the manifest: both named
    under the site's sub-path (/assets/… at the host's root is another site's, or nothing). iOS names
    the icon with apple-mobile-web-app-title, the manifest's short name, not with the page's title."""
    manifest = json.loads((published / "manifest.webmanifest").read_text(encoding="utf-8"))
    for page in html_pages(published):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert meta(head, "apple-mobile-web-app-title") == manifest["short_name"], page
        assert '<link rel="apple-touch-icon" href="/baku-digital-claims/assets/apple-touch-icon.png">' in head, page
        assert '<link rel="manifest" href="/baku-digital-claims/manifest.webmanifest">' in head, page


def test_the_manifest_names_the_site_and_starts_at_its_base_address_with_icons_that_are_there(
        published: Path) -> None:
    from urllib.parse import urljoin
    address = PUBLIC + "manifest.webmanifest"
    manifest = json.loads((published / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Baku Digital Claims"
    assert 0 < len(manifest["short_name"]) <= 12, "a home screen shows about 12 characters under an icon"
    assert urljoin(address, manifest["start_url"]) == urljoin(address, manifest["scope"]) == PUBLIC
    assert manifest["display"] == "browser", "a news site's pages keep the browser's address bar"
    css = (REPO / "static" / "style.css").read_text(encoding="utf-8")
    light = re.search(r":root \{[^}]*--bg: (#[0-9a-f]{6})", css)[1]
    assert manifest["theme_color"] == manifest["background_color"] == light, "the page's own background"
    purposes: dict[str, set[str]] = {}
    for icon in manifest["icons"]:
        file = local(published, urljoin(address, icon["src"]))
        assert file.is_file(), icon
        purposes.setdefault(icon.get("purpose", "any"), set()).add(icon["sizes"])
        if icon["type"] == "image/png":
            assert icon["sizes"] == "{}x{}".format(*png_size(file.read_bytes())), icon
        else:
            assert icon["type"] == "image/svg+xml" and icon["sizes"] == "any", icon
    assert {"192x192", "512x512", "any"} <= purposes["any"], "Android asks for 192 and 512 pixels"
    assert {"192x192", "512x512"} <= purposes["maskable"]
    assert "webmanifest" not in (published / "sitemap.xml").read_text(encoding="utf-8"), "a page, not a file, is listed"


def test_the_home_screen_icons_are_square_pngs_with_nothing_transparent(published: Path) -> None:
    """iOS fills a transparent pixel of the apple-touch-icon with black. Each icon is drawn over
    black and over white: the two are the same only where nothing shows through."""
    for name, size in [("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)]:
        png = (published / "assets" / name).read_bytes()
        assert png_size(png) == (size, size), name
        over = [drawn(f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">'
                      f'<rect width="{size}" height="{size}" fill="{colour}"/>{as_image(png, size)}</svg>')
                for colour in ("#000000", "#ffffff")]
        assert over[0] == over[1], f"{name} is transparent in places"


def test_a_launchers_mask_never_cuts_the_maskable_icons_bars(published: Path) -> None:
    """A launcher may cut a maskable icon to any shape that holds the circle of 40% of its width
    about its middle: everything outside that circle is the background. Covering the circle in the
    background's colour leaves the icon a plain square, just as it leaves a plain square."""
    for name, size in [("icon-192.png", 192), ("icon-512.png", 512)]:
        png = (published / "assets" / name).read_bytes()
        background = "#{:02x}{:02x}{:02x}".format(*first_pixel(png)[:3])
        circle = f'<circle cx="{size / 2}" cy="{size / 2}" r="{0.4 * size}" fill="{background}"/>'
        square = f'<rect width="{size}" height="{size}" fill="{background}"/>'
        icon, plain = (drawn(f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">{under}{circle}</svg>')
                       for under in (as_image(png, size), square))
        assert icon == plain, f"{name} shows something outside the circle a mask keeps"
