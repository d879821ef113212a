"""vl-convert in a process of its own: Vega-Lite specs in, SVG and PNG out; or the
vega-embed script bundle.

The chart stage runs this module as a child process: `python -m bakuclaims.vlrender`
reads specs as JSON on stdin and writes renders as JSON on stdout; with `bundle` it
writes the script bundle. vl-convert's JavaScript engine keeps the memory it grows
(~110 MB for twenty charts of 250 points, ~90 MB more for the bundle); in a child it is
given back as soon as the work is done, before pages are rendered. This module imports
nothing from the rest of the package, so the child starts in a fraction of a second.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

THREADS = 2  # vl-convert renders SVG outside the GIL; PNG holds it, so PNGs go one by one
PACKAGE_PARENT = Path(__file__).resolve().parents[1]


def render_elsewhere(specs: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """SVG (transparent) and PNG (white background) for each spec, drawn by a child process."""
    out = json.loads(_child([], json.dumps(specs).encode("utf-8"), "draw the charts"))
    if len(out) != len(specs):
        raise RuntimeError(f"vl-convert drew {len(out)} charts of {len(specs)}")
    return [(r["svg"], base64.b64decode(r["png"])) for r in out]


def bundle_elsewhere() -> bytes:
    """vega-embed with Vega and Vega-Lite as one ES module, bundled by a child process."""
    return _child(["bundle"], b"", "bundle vega-embed")


def _child(args: list[str], stdin: bytes, what: str) -> bytes:
    """Run this module as a child process; its output, or RuntimeError with its last words."""
    done = subprocess.run([sys.executable, "-m", "bakuclaims.vlrender", *args], cwd=PACKAGE_PARENT,
                          input=stdin, capture_output=True, check=False)
    if done.returncode != 0 or not done.stdout:
        raise RuntimeError(f"vl-convert could not {what}: {done.stderr.decode(errors='replace')[-500:]}")
    return done.stdout


def render(specs: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """SVG (transparent) and PNG (white background) for each spec, in order."""
    import vl_convert as vlc
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        svgs = list(pool.map(vlc.vegalite_to_svg, specs))
    return [(svg, vlc.svg_to_png(on_white(svg), scale=2)) for svg in svgs]


def on_white(svg: str) -> str:
    """The SVG with a white background, for the PNG (the inline SVG stays transparent)."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[:start] + '<rect width="100%" height="100%" fill="#ffffff"/>' + svg[start:]


def main() -> None:
    """Specs as a JSON list on stdin; a JSON list of {svg, png (base64)} on stdout. With
    `bundle`: the script bundle on stdout."""
    if sys.argv[1:] == ["bundle"]:
        import vl_convert as vlc
        sys.stdout.buffer.write(vlc.javascript_bundle("window.vegaEmbed = vegaEmbed;").encode("utf-8"))
        return
    specs = json.loads(sys.stdin.buffer.read())
    renders = [{"svg": svg, "png": base64.b64encode(png).decode("ascii")} for svg, png in render(specs)]
    sys.stdout.buffer.write(json.dumps(renders).encode("utf-8"))


if __name__ == "__main__":
    main()
