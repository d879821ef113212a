"""vl-convert in processes of its own: Vega-Lite specs in, SVG out; SVG in, PNG out; or the
vega-embed script bundle.

The chart stage draws through `Drawers`: child processes running `python -m
bakuclaims.vlrender draw`, each reading specs as a JSON list on stdin and writing their
SVGs as a JSON list on stdout. One child is started before the build loads its inputs, so
vl-convert's JavaScript engine (about 0.8 s to start) warms up while the main process reads
YAML; a second joins when there are five charts or more to draw, since one engine draws
one chart at a time. The PNGs are made from the SVGs afterwards by `png` children, which
need no engine, so pages can be rendered with the SVGs while the PNGs are made. With
`bundle` the child writes the script bundle instead. In a child, the memory the engine
keeps (~110 MB for twenty charts of 250 points, ~90 MB more for the bundle) is given back
as soon as its work is done. This module imports nothing from the rest of the package, so
a child starts in a fraction of a second.

The children load no system font (`FONTS_CONF`): vl-convert then measures and draws text with
the Liberation Sans it carries, from memory. With the system's fonts it opened and mapped
the font file again for every glyph, which took half of the drawing time, and the charts
depended on which fonts the machine had installed.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import math
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PACKAGE_PARENT = Path(__file__).resolve().parents[1]
MOST = 2  # children drawing at once: one per core of the machines this is built on
SHARE_FROM = 5  # charts; fewer are drawn sooner by the warm child alone than shared with one starting cold
BUNDLE_CALL = "window.vegaEmbed = vegaEmbed;"  # what the bundle runs: vega-embed made global for charts.js
PNG_SCALE = 2  # PNG pixels per SVG pixel: sharp link previews and downloads
FONTS_CONF = Path(__file__).with_name("vl-convert-fonts.conf")  # no font folders: vl-convert's own fonts only
WARM_UP = {"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}

Render = tuple[str, bytes]


class Drawers:
    """vl-convert children that draw charts; the first is started at once, to warm up.

    Use as a context manager: children not needed by the time it closes are stopped.
    """

    def __init__(self, warm: bool = True) -> None:
        self.waiting: list[subprocess.Popen[bytes]] = []
        if warm and (os.cpu_count() or 1) >= 2:  # on one core, warming would only slow the load
            self.waiting.append(_start(["draw"]))

    def __enter__(self) -> "Drawers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def draw(self, specs: list[dict[str, Any]]) -> list[str]:
        """The SVG (transparent) of each spec, in order; split between children by the size of
        their data."""
        if not specs:
            return []
        count = MOST if len(specs) >= SHARE_FROM else 1
        children = [self.waiting.pop() if self.waiting else _start(["draw"]) for _ in range(count)]
        answers = _shared(children, specs, [_size(spec) for spec in specs], "draw the charts")
        return [str(svg) for svg in answers]

    def rasterise(self, svgs: list[str]) -> list[bytes]:
        """The PNG (white background, twice the size) of each SVG, in order. Rasterising needs no
        JavaScript engine, so its children start at once; two share the work when there is much."""
        if not svgs:
            return []
        children = [_start(["png"]) for _ in range(MOST if len(svgs) >= SHARE_FROM else 1)]
        answers = _shared(children, svgs, [len(svg) for svg in svgs], "turn the charts into PNG")
        return [base64.b64decode(str(png)) for png in answers]

    def stop(self) -> None:
        """Stop the children that were never given work."""
        for child in self.waiting:
            child.kill()
            child.wait()
            for stream in (child.stdin, child.stdout, child.stderr):
                if stream is not None:
                    stream.close()
        self.waiting = []


def _shared(children: list[subprocess.Popen[bytes]], items: list[Any], sizes: list[int], what: str) -> list[Any]:
    """Each item's answer, in order: items split between the children, largest first to the
    least loaded, each child answering a JSON list for the JSON list it is sent."""
    shares: list[list[int]] = [[] for _ in children]
    loads = [0] * len(children)
    for i in sorted(range(len(items)), key=lambda i: -sizes[i]):
        least = loads.index(min(loads))
        shares[least].append(i)
        loads[least] += sizes[i]
    with ThreadPoolExecutor(max_workers=len(children)) as pool:
        answers = list(pool.map(lambda pair: _answer(pair[0], [items[i] for i in pair[1]], what),
                                zip(children, shares)))
    found: list[Any] = [None] * len(items)
    for share, answer in zip(shares, answers):
        out = json.loads(answer)
        if not isinstance(out, list) or len(out) != len(share):
            got = len(out) if isinstance(out, list) else 0
            raise RuntimeError(f"vl-convert could not {what}: {got} answers for {len(share)}")
        for i, one in zip(share, out):
            found[i] = one
    return found


def bundle_elsewhere() -> bytes:
    """vega-embed with Vega and Vega-Lite as one ES module, bundled by a child process."""
    return _answer(_start(["bundle"]), None, "bundle vega-embed")


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    """This module as a child process, with pipes to talk to it."""
    return subprocess.Popen([sys.executable, "-m", "bakuclaims.vlrender", *args], cwd=PACKAGE_PARENT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _answer(child: subprocess.Popen[bytes], work: list[Any] | None, what: str) -> bytes:
    """Send a child its work as JSON (or nothing); its output, or RuntimeError with the last line
    it wrote on stderr (the whole of it is logged, for -v: it may hold a traceback)."""
    stdin = json.dumps(work).encode("utf-8") if work is not None else b""
    out, err = child.communicate(stdin)
    if child.returncode != 0 or not out:
        said = err.decode(errors="replace").strip()
        log.debug("vl-convert child, exit code %s:\n%s", child.returncode, said)
        last = said.splitlines()[-1] if said else f"exit code {child.returncode}"
        raise RuntimeError(f"vl-convert could not {what}: {last}")
    return out


def _size(spec: dict[str, Any]) -> int:
    """Roughly how long a spec takes to draw: the rows of its data, plus one for the chart."""
    return 1 + len(spec.get("data", {}).get("values", []))


def to_png(svg: str) -> bytes:
    """The PNG of an SVG, on white, at twice its size (in a child: see main)."""
    import vl_convert as vlc
    return bytes(vlc.svg_to_png(on_white(svg), scale=PNG_SCALE))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@functools.lru_cache(maxsize=64)  # asked once per page that shares a chart; the root's aria-label is long
def png_size_for(svg: str) -> tuple[int, int]:
    """The width and height of the PNG that to_png makes of an SVG, read from its root element."""
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    width, height = (re.search(rf'\b{name}="([0-9.]+)"', head) for name in ("width", "height"))
    if width is None or height is None:
        raise ValueError("the SVG has no width or height")
    return math.ceil(float(width[1]) * PNG_SCALE), math.ceil(float(height[1]) * PNG_SCALE)


def on_white(svg: str) -> str:
    """The SVG with a white background, for the PNG (the inline SVG stays transparent)."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[:start] + '<rect width="100%" height="100%" fill="#ffffff"/>' + svg[start:]


def main() -> None:
    """`draw`: start the engine, then read specs as a JSON list on stdin and write a JSON list
    of their SVGs on stdout (nothing, if stdin closes empty). `png`: read SVGs as a JSON list
    and write their PNGs (base64) as one. `bundle`: write the script bundle on stdout."""
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)  # read when vl-convert first needs a font
    import vl_convert as vlc
    if sys.argv[1:] == ["bundle"]:
        sys.stdout.buffer.write(vlc.javascript_bundle(BUNDLE_CALL).encode("utf-8"))
        return
    if sys.argv[1:] == ["png"]:
        svgs = json.loads(sys.stdin.buffer.read() or b"[]")
        sys.stdout.buffer.write(json.dumps([base64.b64encode(to_png(svg)).decode("ascii") for svg in svgs]).encode())
        return
    vlc.vegalite_to_svg(WARM_UP)  # the engine starts on its first chart: start it before any is asked for
    text = sys.stdin.buffer.read()
    if not text.strip():
        return
    sys.stdout.buffer.write(json.dumps([vlc.vegalite_to_svg(spec) for spec in json.loads(text)]).encode("utf-8"))


if __name__ == "__main__":
    main()
