"""The charts' font: a reader without Liberation Sans or Arial, whose widths the charts are laid out
by, gets Arimo, of the same widths, from the site itself, and a reader with either downloads nothing."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from bakuclaims.frame import WIDTHS
from browser_support import launch, unavailable
from conftest import PREFIX, REPO
from helpers import chart_dirs
from test_browser import LABEL_CLASHES, visit

FONTS = REPO / "static" / "fonts"
SUBSETS = ("latin", "latin-ext")  # fontsource's, of the letters a chart's labels have (ə, ğ, ş in latin-ext)
WEIGHTS = {"regular": 400, "bold": 700}
# Where Arimo 1.341 (@fontsource/arimo 5.3.0) is not Liberation Sans's width: the florin sign, and the
# bold micro sign. No chart has either (test_every_letter_of_a_chart_is_served_at_the_width_it_was_laid_out_by).
NOT_ALIKE = {"regular": {"ƒ"}, "bold": {"ƒ", "µ"}}


def need_fonttools() -> Any:
    """fontTools' TTFont, which reads the woff2 files with brotli; skipped without them, except under CI=true."""
    try:
        import brotli  # noqa: F401
        from fontTools.ttLib import TTFont
    except ImportError:
        unavailable("fonttools or brotli is not installed (the test extras: pip install -e '.[test]')")
    return TTFont


def table_widths(weight: str) -> dict[str, int]:
    """The advance widths the charts are laid out by (Liberation Sans's), in font units, by character."""
    text = json.loads((REPO / "bakuclaims" / WIDTHS).read_text(encoding="utf-8"))[weight]
    return {text[i]: int(text[i + 1:i + 5]) for i in range(0, len(text), 5)}


def served_widths(weight: str) -> dict[str, int]:
    """The served Arimo's advance widths, in font units, by character, of both subsets of a weight."""
    font_file = need_fonttools()
    widths: dict[str, int] = {}
    for subset in SUBSETS:
        font = font_file(FONTS / f"arimo-{subset}-{WEIGHTS[weight]}-normal.woff2")
        assert font["head"].unitsPerEm == json.loads((REPO / "bakuclaims" / WIDTHS).read_text())["units_per_em"]
        metrics = font["hmtx"].metrics
        widths.update({chr(code): metrics[glyph][0] for code, glyph in font.getBestCmap().items()})
    return widths


@pytest.mark.parametrize("weight", WEIGHTS)
def test_the_served_font_draws_each_letter_as_wide_as_the_charts_were_laid_out_for(weight: str) -> None:
    """Arimo's advance widths are Liberation Sans's (Liberation Sans 2 was made from Arimo), letter for
    letter, for every character of the widths table the served subsets hold; and they hold every Latin
    letter of the table, Azerbaijani's included (a few signs, such as ‰ and №, come from the reader's fonts)."""
    table, served = table_widths(weight), served_widths(weight)
    differ = {c for c in table if c in served and served[c] != table[c]}
    assert differ == NOT_ALIKE[weight], {c: (table[c], served[c]) for c in differ ^ NOT_ALIKE[weight]}
    latin = [c for c in table if ord(c) < 0x400]
    assert len(latin) > 500 and not [c for c in latin if c not in served]


def test_every_letter_of_a_chart_is_served_at_the_width_it_was_laid_out_by(real_site_prefixed: Path) -> None:
    """The text of every chart on the site's pages is of characters the served font holds, at the widths of
    the table; a label with one it lacks or draws otherwise would be drawn wider or narrower than placed."""
    regular = served_widths("regular")
    table = table_widths("regular")
    text = set()
    for page in real_site_prefixed.rglob("index.html"):
        for svg in re.findall(r'<svg [^>]*role="img".*?</svg>', page.read_text(encoding="utf-8"), re.S):
            for label in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S):
                text |= set(html.unescape(re.sub(r"<[^>]+>", "", label)))
    assert len(text) > 40
    unlike = sorted(c for c in text if regular.get(c) is None or regular[c] != table.get(c))
    assert not unlike, f"the served Arimo lacks or draws otherwise {unlike}: a label with one is drawn " \
                       "wider or narrower than placed where a reader has neither Liberation Sans nor Arial"


def test_the_fonts_and_their_licence_are_in_the_built_site_where_the_stylesheet_names_them(
        real_site_prefixed: Path) -> None:
    """Under a sub-path too: the stylesheet names each font file by an address relative to itself, which
    the built site holds, and the font's licence (SIL Open Font License 1.1) travels beside them."""
    css = (real_site_prefixed / "assets" / "style.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{(.*?)\}", css, re.S)
    urls = [url for face in faces for url in re.findall(r"url\(([^)]+)\)", face)]
    assert len(faces) == 4 and sorted(urls) == sorted(f"fonts/arimo-{s}-{w}-normal.woff2"
                                                      for s in SUBSETS for w in WEIGHTS.values())
    assert all('font-family: "Baku Chart Sans"' in face and "font-display: swap" in face and "unicode-range" in face
               and face.index('local("Liberation Sans') < face.index('local("Arial') < face.index("url(") for face in faces)
    for url in urls:
        assert (real_site_prefixed / "assets" / url).read_bytes()[:4] == b"wOF2", url
    licence = (real_site_prefixed / "assets" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "Arimo Project Authors" in licence and "SIL OPEN FONT LICENSE Version 1.1" in licence
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                       (real_site_prefixed / "index.html").read_text(encoding="utf-8"))
    assert policy and "font-src 'self';" in policy.group(1) and "default-src 'none';" in policy.group(1)


# -- in Chromium, with the fonts a reader has ---------------------------------------------------------

def fonts_conf(folder: Path, *font_folders: str) -> dict[str, str]:
    """A Chromium environment whose fonts are those of font_folders alone (FONTCONFIG_FILE), hinted
    lightly as Debian's, Ubuntu's and Fedora's desktops hint them: fontconfig's own default, full
    hinting, which those desktops replace, moves the advances by each font's hinting instructions
    (Liberation Sans's narrower, Arimo's wider); Android, macOS and Windows do not hint advances."""
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
                    + "".join(f"  <dir>{font_folder}</dir>\n" for font_folder in font_folders)
                    + '  <match target="font"><edit name="hintstyle" mode="assign"><const>hintslight</const></edit></match>\n'
                    + f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def font_folder(family: str) -> str:
    """The folder of an installed font of the family; skipped without it, except under CI=true."""
    found = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", family], capture_output=True, text=True,
                           check=False) if shutil.which("fc-match") else None
    names, _, file = found.stdout.partition("\t") if found else ("", "", "")
    if family not in names.split(","):
        unavailable(f"{family} is not installed (the Debian packages fonts-dejavu-core and fonts-liberation2 have it)")
    return str(Path(file).parent)


@pytest.fixture
def without_liberation_or_arial(tmp_path: Path) -> Iterator[Any]:
    """A Chromium whose only fonts are DejaVu's, as on a Linux desktop without Liberation Sans: its
    sans-serif, and its Arial too, is DejaVu Sans, wider than Arial."""
    env = fonts_conf(tmp_path, font_folder("DejaVu Sans"))
    with launch(env) as chromium:
        yield chromium


@pytest.fixture
def with_liberation(tmp_path: Path) -> Iterator[Any]:
    """A Chromium with DejaVu's fonts and Liberation Sans, as on Debian or Ubuntu."""
    env = fonts_conf(tmp_path, font_folder("DejaVu Sans"), font_folder("Liberation Sans"))
    with launch(env) as chromium:
        yield chromium


def drawn_in(page: Any, selector: str) -> dict[str, int]:
    """The fonts the browser drew the text of the elements selector finds in, by family, and how many glyphs
    each (CSS.getPlatformFontsForNode: DevTools' "Rendered fonts")."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    fonts: dict[str, int] = {}
    for node in devtools.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        for font in devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            name = font["familyName"] + (" (the site's)" if font["isCustomFont"] else "")
            fonts[name] = fonts.get(name, 0) + font["glyphCount"]
    devtools.detach()
    return fonts


SIZES = """(live) => [...document.querySelectorAll(live ? '.chart-live svg' : '.chart-svg > svg[role=img]')]
  .filter(svg => live || getComputedStyle(svg).display !== 'none')
  .map(svg => [Number(svg.getAttribute('width')), Number(svg.getAttribute('height'))])"""


def alike(live: list[list[float]], static: list[list[float]]) -> bool:
    """Each live chart is its static chart's size, to a pixel (vega's own rounding: the internet
    users' chart is drawn live 1 px wider whatever its font)."""
    return len(live) == len(static) and all(abs(a - b) <= 1 for one, other in zip(live, static)
                                            for a, b in zip(one, other))


def settle_fonts(page: Any) -> None:
    """Wait until the fonts the page asked for have come (a swapped-in font redraws the text)."""
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_without_liberation_sans_or_arial_the_charts_text_is_set_in_the_sites_font_and_fits(
        without_liberation_or_arial: Any, site_url: str, real_site_prefixed: Path, width: int) -> None:
    """On a Linux desktop with DejaVu Sans alone (Android's 'Arial', Roboto, is wider too), each chart's
    labels were drawn in DejaVu Sans, wider than the Liberation Sans they are placed by: the digital-id
    chart's began left of its edge ("amir Mammadov") and on a phone the headline's "100% claimed" ran past
    its right edge. Each chart page's text is now drawn in the site's Arimo, inside its chart and clear
    of the others; the live chart a pointer draws is laid out alike, at the static chart's size (it was
    2 to 40 px wider, measured in DejaVu Sans); and the policy lets the font load without an error."""
    found: list[str] = []
    for folder in chart_dirs(real_site_prefixed):
        where = f"charts/{folder.name}/ at {width} px"
        page, seen = visit(without_liberation_or_arial, f"{site_url}charts/{folder.name}/", site_url.split(PREFIX)[0],
                           viewport={"width": width, "height": 900})
        settle_fonts(page)
        found += [f"{where}: {clash}" for clash in page.evaluate(LABEL_CLASHES)]
        drawn = drawn_in(page, ".chart-svg > svg text")
        if set(drawn) != {"Arimo (the site's)"}:
            found.append(f"{where}: the chart's text is drawn in {drawn}")
        static = page.evaluate(SIZES, False)
        holders = page.locator("figure.chart .chart-svg")
        for i in range(holders.count()):
            holders.nth(i).scroll_into_view_if_needed()
            holders.nth(i).hover()
        page.wait_for_function(f"() => document.querySelectorAll('.chart-svg.is-interactive').length === {holders.count()}")
        if not alike(page.evaluate(SIZES, True), static):
            found.append(f"{where}: the live chart is {page.evaluate(SIZES, True)}, the static one {static}")
        live = drawn_in(page, ".chart-live svg text")
        if set(live) != {"Arimo (the site's)"}:
            found.append(f"{where}: the live chart's text is drawn in {live}")
        found += [f"{where}: {kind}: {item}" for kind in ("console", "failed", "offsite") for item in seen[kind]]
        page.context.close()
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_a_reader_with_liberation_sans_downloads_no_font(with_liberation: Any, site_url: str,
                                                         real_site_prefixed: Path) -> None:
    """Where Liberation Sans is installed (or Arial, of the same widths) the charts are drawn in it and
    no font file is fetched: a chart page costs such a reader nothing more."""
    found: list[str] = []
    for width in (360, 1280):
        for folder in chart_dirs(real_site_prefixed):
            page = with_liberation.new_context(viewport={"width": width, "height": 900}).new_page()
            fonts: list[str] = []
            page.on("request", lambda r, fonts=fonts: fonts.append(r.url) if r.resource_type == "font" else None)
            page.goto(f"{site_url}charts/{folder.name}/", wait_until="load")
            settle_fonts(page)
            drawn = drawn_in(page, ".chart-svg > svg text")
            if set(drawn) != {"Liberation Sans"}:
                found.append(f"charts/{folder.name}/ at {width} px: drawn in {drawn}")
            found += [f"charts/{folder.name}/ at {width} px: fetched {url}" for url in fonts]
            page.context.close()
    assert not found, "\n".join(found)
