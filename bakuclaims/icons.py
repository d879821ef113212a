"""The home-screen icons and the web app manifest that lists them (part of the render stage).

A reader who adds a page to a phone's home screen gets the site's icon, not a screenshot: iOS takes
the apple-touch-icon, a PNG of 180 x 180 pixels with nothing transparent (iOS fills what is
transparent with black, and rounds the corners itself); Android and Chrome read the manifest,
manifest.webmanifest, for the site's names and icons (PNGs of 192 and 512 pixels, and favicon.svg at
any size). The PNGs are drawn from static/icon.svg, the favicon made square and opaque with its bars
inside the circle that a launcher keeps of a "maskable" icon whatever its shape, so the manifest
offers them, and icon.svg, for that purpose too.

vl-convert (resvg) draws the PNGs in a child process (vlrender.Pictures) while the pages render,
about 40 ms of another core, of which the build waited about 1 ms at its end; each is kept in
.cache/icons/ by a key of what it is drawn from, so that only a build without the cache, or after
the icon, vl-convert or the drawing code changed, draws them again (a build that finds them there
spends under 1 ms on them).

The manifest names every address relative to itself, at the root of the site: start_url and
scope "./" are the site's base URL, wherever it is served (`--base-url /repo/`), and the file is
the same for every build. It has no id, which then is start_url: Chromium resolves an id of "./"
against the origin, which two sites on one host (user.github.io/a/ and /b/) would share.

Its display is "browser": the site is read as pages that are linked to, cited and shared, so a page
opened from the home screen keeps the browser's address bar (its address to copy and check), its
back button and its sharing, and a source's link opens in the same browser, not beside an app's
window. "minimal-ui" or "standalone" would make it an app, which it is not.

Its colours are the light scheme's page background (style.css's --bg). style.css has a dark scheme
too, which a manifest cannot follow: it holds one theme_color and one background_color, with no media
query. A browser uses them for an installed app's title bar and splash screen, which a site displayed
in the browser never has: a page in a tab takes its colours from the page itself (or from a
<meta name="theme-color" media="..."> for each scheme, which the pages do without), so a reader in the
dark scheme never sees the manifest's white.
"""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from .incremental import library_version, sha
from .models import SITE_NAME
from .problems import BuildFailed, Problem
from .vlrender import Pictures, drawing_code, png_size

ICON_SOURCE = "static/icon.svg"
MANIFEST_PATH = "manifest.webmanifest"
# each PNG drawn from the icon: where it goes, and its width and height in pixels
TOUCH_ICON = ("assets/apple-touch-icon.png", 180)  # the size iOS asks for on a phone of today
MANIFEST_PNGS = (("assets/icon-192.png", 192), ("assets/icon-512.png", 512))  # the sizes Android asks for
SIZES = (TOUCH_ICON, *MANIFEST_PNGS)
SHORT_NAME = "Baku Claims"  # a home screen shows about 12 characters under an icon; the site's name is 19
PAGE_BACKGROUND = "#ffffff"  # style.css's --bg, light scheme: the manifest's theme and background colour
SVG = "http://www.w3.org/2000/svg"


def manifest() -> bytes:
    """The web app manifest: the site's names, where it starts, how it is displayed, its colours and
    icons, every address relative to the manifest's own at the site's root."""
    pngs = [{"src": path, "sizes": f"{size}x{size}", "type": "image/png"} for path, size in MANIFEST_PNGS]
    svgs = [{"src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": "assets/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "maskable"}]
    icons = [svgs[0], *pngs, svgs[1], *({**png, "purpose": "maskable"} for png in pngs)]
    body = {"name": SITE_NAME, "short_name": SHORT_NAME, "lang": "en", "start_url": "./",
            "scope": "./", "display": "browser", "theme_color": PAGE_BACKGROUND,
            "background_color": PAGE_BACKGROUND, "icons": icons}
    return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


class Icons:
    """The icon's PNGs for a build: taken from the cache, or set drawing by a vl-convert child as
    soon as made (the pages render meanwhile). files waits for them."""

    def __init__(self, root: Path, cache_dir: Path | None) -> None:
        icon = read_icon(root)
        self.temporary: tempfile.TemporaryDirectory[str] | None = None
        if cache_dir is not None:
            self.folder = cache_dir / "icons"
        else:
            self.temporary = tempfile.TemporaryDirectory(prefix="bakuclaims-icons-")
            self.folder = Path(self.temporary.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        version = f"{library_version('vl-convert-python')} {drawing_code()}"
        svgs = [(path, size, drawn_at(icon, size)) for path, size in SIZES]
        self.work = [(path, size, svg, self.folder / f"{sha('home-screen icon', version, svg)}.png")
                     for path, size, svg in svgs]
        self.pictures = self.draw([(svg, file) for _, size, svg, file in self.work if not _whole(file, size)])

    def draw(self, todo: list[tuple[str, Path]]) -> Pictures:
        """Draw these SVGs into these files, in a child process (at their own size)."""
        return Pictures([svg for svg, _ in todo], [file for _, file in todo], scale=1, what="the home-screen icons")

    def files(self) -> list[tuple[str, bytes]]:
        """Each PNG's path in the site and its bytes, once drawn; one the cache lost or cut short
        meanwhile (another build's) is drawn again."""
        self.pictures.done()
        damaged = [(svg, file) for _, size, svg, file in self.work if not _whole(file, size)]
        if damaged:
            self.draw(damaged).done()
        files = [(path, file.read_bytes()) for path, _, _, file in self.work]
        if self.temporary is None:  # the cache keeps the icons of the last build alone
            kept = {file.name for *_, file in self.work}
            for other in self.folder.iterdir():
                if other.name not in kept:
                    other.unlink(missing_ok=True)
        self.stop()
        return files

    def stop(self) -> None:
        """Stop the child if it still draws (a build that failed meanwhile); remove the temporary folder."""
        self.pictures.stop()
        if self.temporary is not None:
            self.temporary.cleanup()
            self.temporary = None


def read_icon(root: Path) -> ET.Element:
    """static/icon.svg, parsed; BuildFailed, saying what to do, if it is missing, is not XML or is not square."""
    path = root / ICON_SOURCE
    try:
        icon = ET.fromstring(path.read_bytes())
    except FileNotFoundError:
        raise BuildFailed([Problem(ICON_SOURCE, 1, 1, "the file is missing: the home-screen icons are drawn from "
                                                      "it; restore it (git checkout -- static/icon.svg)")]) from None
    except ET.ParseError as exc:
        line, col = exc.position
        said = re.sub(r": line \d+, column \d+$", "", str(exc))  # expat's, counting columns from 0: given above
        raise BuildFailed([Problem(ICON_SOURCE, line, col + 1, f"not readable as SVG: {said}")]) from None
    box = re.split(r"[\s,]+", icon.get("viewBox", "").strip())
    if icon.tag != f"{{{SVG}}}svg" or len(box) != 4 or box[2] != box[3]:
        raise BuildFailed([Problem(ICON_SOURCE, 1, 1, "the icon must be an <svg> element with a square viewBox, "
                                                      "like viewBox=\"0 0 32 32\": the icons drawn from it are square")])
    return icon


def drawn_at(icon: ET.Element, size: int) -> str:
    """The icon's SVG text at size x size pixels, on white: a PNG drawn from it has nothing
    transparent, even where the icon leaves a corner so."""
    x, y, width, height = re.split(r"[\s,]+", icon.get("viewBox", "").strip())
    copy = ET.Element(icon.tag, {**icon.attrib, "width": str(size), "height": str(size)})
    copy.append(ET.Element(f"{{{SVG}}}rect", {"x": x, "y": y, "width": width, "height": height, "fill": "#ffffff"}))
    copy.extend(icon)
    return ET.tostring(copy, encoding="unicode")


def _whole(file: Path, size: int) -> bool:
    """Whether file holds a whole PNG of size x size pixels."""
    try:
        data = file.read_bytes()
    except OSError:
        return False
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82") and png_size(data) == (size, size)
