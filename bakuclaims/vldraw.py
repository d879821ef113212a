"""The drawing child's side of vlrender: `python -S -m bakuclaims.vldraw draw` (or `bundle`, or `png`).

`draw` starts vl-convert's JavaScript engine, then reads charts as JSON on stdin: "charts",
a list of each chart's Vega-Lite specs (its layouts: wide, then narrow), and "frames", each
chart's frame (see frame.py) or null. It writes each chart's SVGs on stdout, a JSON list of
strings on a line, as soon as they are drawn, then, on one line, a JSON list of each chart's PNGs
(base64): its first SVG framed, and its link preview (frame.card) or null where its frame asks for
none; nothing, if stdin closes empty. `bundle` writes the vega-embed script bundle on stdout, with
the charts' tooltip code (tooltips.js) in it.

`png` reads JSON, "svgs" and "paths", and writes the PNG of each SVG, at PNG_SCALE (or the work's
"scale"), to its path: pictures that are not charts (claims' link previews, the home-screen icons),
for which no JavaScript engine starts. Each file is written whole or not at all; the build reads them
once the child has ended.

Every PNG is deflated again (see smaller): vl-convert's encoder compresses fast and little.

The child waits for nothing but its own start before the engine starts, and a one-edit
rebuild waits for the engine to draw the edited chart, so this module imports only what the
child uses (os, re, sys, json, base64, struct, zlib), and vlrender starts it without the site module (`-S`),
with vl-convert's folder on its path: it starts in about 25 ms, against 60 ms for vlrender
itself with the site module.
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import sys
import zlib

TOOLTIPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tooltips.js")  # the charts' tooltips


def bundle_call() -> str:
    """What the bundle runs: tooltips.js (which makes chartTooltips global), then vega-embed made
    global, for static/charts.js. Both load only when a reader first points at or touches a chart."""
    with open(TOOLTIPS, encoding="utf-8") as file:
        return file.read() + "\nwindow.vegaEmbed = vegaEmbed;\n"


BUNDLE_CALL = bundle_call()
PNG_SCALE = 2  # PNG pixels per SVG pixel: sharp link previews and downloads
FONTS_CONF = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vl-convert-fonts.conf")  # no font folders
_OUTLINED_TEXT = re.compile(r'(<text\b[^>]*\sstroke="[^"]*"[^>]*)>')  # a text element's start tag, with a stroke
WARM_UP = {"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def to_png(svg: str, frame: dict[str, object] | None = None) -> bytes:
    """The PNG of an SVG at twice its size: in its frame (frame.framed), or else on white."""
    import vl_convert as vlc
    if frame is not None:
        from .frame import framed  # after the SVGs: nothing waits for this import
        return smaller(bytes(vlc.svg_to_png(framed(svg, frame), scale=PNG_SCALE)))  # type: ignore[arg-type]
    return smaller(bytes(vlc.svg_to_png(on_white(svg), scale=PNG_SCALE)))


def to_card(svg: str, frame: dict[str, object] | None) -> bytes | None:
    """The PNG of a chart's link preview (frame.card), if its frame asks for one."""
    if frame is None or frame.get("card") is None:
        return None
    import vl_convert as vlc
    from .frame import card
    return smaller(bytes(vlc.svg_to_png(card(svg, frame), scale=PNG_SCALE)))  # type: ignore[arg-type]


def smaller(png: bytes, level: int = 6) -> bytes:
    """The PNG with its image data deflated again at zlib's level (6, its default, or 1, its fastest),
    in one IDAT chunk, the other chunks as they were: the same pixels in a quarter to a half of the
    bytes (a chart's 800 KB in 180 KB at 6; a claim's card's 150 KB in 38 KB at 6, for 21 ms, or in
    61 KB at 1, for 8 ms). vl-convert's encoder compresses for speed."""
    chunks, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        chunks.append((kind, png[at + 8:at + 8 + length]))
        at += 12 + length
    data = zlib.compress(zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT")), level)
    out, done = [png[:8]], False
    for kind, body in chunks:
        if kind == b"IDAT":
            if done:
                continue
            kind, body, done = b"IDAT", data, True
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)))
    return b"".join(out)


def with_text(png: bytes, texts: dict[str, str]) -> bytes:
    """The PNG with an iTXt chunk (UTF-8 text, uncompressed) for each keyword and text, after its
    IHDR chunk: what an image viewer or a picture library shows of its title, author and copyright."""
    at = 8 + 12 + struct.unpack(">I", png[8:12])[0]  # the signature, then IHDR's length, type, data and CRC
    chunks = []
    for keyword, text in texts.items():
        # keyword, NUL, compression flag 0, method 0, no language tag (NUL), no translated keyword (NUL), text
        body = keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
        chunks.append(struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body)))
    return png[:at] + b"".join(chunks) + png[at:]


def encoded(png: bytes | None) -> str | None:
    """A PNG as base64 text, for JSON."""
    return base64.b64encode(png).decode("ascii") if png is not None else None


def haloed(svg: str) -> str:
    """The SVG with each text drawn with an outline (a bar's value label: chart._value_labels) drawn
    beneath its letters, not over them, as style.css draws it on the page: vega writes no paint-order,
    and the outline drawn over the letters wiped them out in the PNG and the SVG download."""
    return _OUTLINED_TEXT.sub(r'\1 paint-order="stroke">', svg)


def on_white(svg: str) -> str:
    """The SVG with a white background, for the PNG (the inline SVG stays transparent)."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[:start] + '<rect width="100%" height="100%" fill="#ffffff"/>' + svg[start:]


def main() -> None:
    """`draw`, `bundle` or `png`, as the module's notes say."""
    os.environ["FONTCONFIG_FILE"] = FONTS_CONF  # read when vl-convert first needs a font: vl-convert's own only
    import vl_convert as vlc
    out = sys.stdout.buffer
    if sys.argv[1:] == ["bundle"]:
        out.write(vlc.javascript_bundle(BUNDLE_CALL).encode("utf-8"))
        return
    if sys.argv[1:] == ["png"]:
        work = json.loads(sys.stdin.buffer.read())
        scale = work.get("scale", PNG_SCALE)
        for svg, path in zip(work["svgs"], work["paths"]):
            part = f"{path}.{os.getpid()}.part"
            with open(part, "wb") as file:
                file.write(smaller(bytes(vlc.svg_to_png(svg, scale=scale)), level=1))  # one per claim: fast
            os.replace(part, path)
        return
    vlc.vegalite_to_svg(WARM_UP)  # the engine starts on its first chart: start it before any is asked for
    text = sys.stdin.buffer.read()
    if not text.strip():
        return
    work = json.loads(text)
    firsts = []
    for layouts in work["charts"]:
        svgs = [haloed(vlc.vegalite_to_svg(spec)) for spec in layouts]
        firsts.append(svgs[0])
        out.write(json.dumps(svgs).encode("utf-8") + b"\n")
        out.flush()  # the pages that show this chart wait for it, not for the others or the PNGs
    pngs = [[encoded(to_png(svg, frame)), encoded(to_card(svg, frame))] for svg, frame in zip(firsts, work["frames"])]
    out.write(json.dumps(pngs).encode("utf-8") + b"\n")


if __name__ == "__main__":
    main()
