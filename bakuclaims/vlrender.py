"""vl-convert in processes of its own: Vega-Lite specs in, SVG and PNG out; or the
vega-embed script bundle.

The chart stage draws through `Drawers`: child processes running `python -m
bakuclaims.vlrender draw`, each reading specs as JSON on stdin and writing renders as
JSON on stdout. One child is started before the build loads its inputs, so vl-convert's
JavaScript engine (about 0.8 s to start) warms up while the main process reads YAML; a
second joins when there are five charts or more to draw, since one engine draws one
chart at a time. With `bundle` the child writes the script bundle instead. In a child, the
memory the engine keeps (~110 MB for twenty charts of 250 points, ~90 MB more for the
bundle) is given back as soon as the work is done, before pages are rendered. This
module imports nothing from the rest of the package, so a child starts in a fraction
of a second.
"""

from __future__ import annotations

import base64
import json
import logging
import os
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

    def draw(self, specs: list[dict[str, Any]]) -> list[Render]:
        """SVG (transparent) and PNG (white background) for each spec, in order; split between
        children by the size of their data, largest first to the least loaded."""
        if not specs:
            return []
        count = MOST if len(specs) >= SHARE_FROM else 1
        children = [self.waiting.pop() if self.waiting else _start(["draw"]) for _ in range(count)]
        shares: list[list[int]] = [[] for _ in children]
        loads = [0] * count
        for i in sorted(range(len(specs)), key=lambda i: -_size(specs[i])):
            least = loads.index(min(loads))
            shares[least].append(i)
            loads[least] += _size(specs[i])
        with ThreadPoolExecutor(max_workers=count) as pool:
            answers = list(pool.map(lambda pair: _answer(pair[0], [specs[i] for i in pair[1]], "draw the charts"),
                                    zip(children, shares)))
        renders: list[Render | None] = [None] * len(specs)
        for share, answer in zip(shares, answers):
            out = json.loads(answer)
            if len(out) != len(share):
                raise RuntimeError(f"vl-convert drew {len(out)} charts of {len(share)}")
            for i, r in zip(share, out):
                renders[i] = (r["svg"], base64.b64decode(r["png"]))
        return [r for r in renders if r is not None]

    def stop(self) -> None:
        """Stop the children that were never given work."""
        for child in self.waiting:
            child.kill()
            child.wait()
            for stream in (child.stdin, child.stdout, child.stderr):
                if stream is not None:
                    stream.close()
        self.waiting = []


def bundle_elsewhere() -> bytes:
    """vega-embed with Vega and Vega-Lite as one ES module, bundled by a child process."""
    return _answer(_start(["bundle"]), None, "bundle vega-embed")


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    """This module as a child process, with pipes to talk to it."""
    return subprocess.Popen([sys.executable, "-m", "bakuclaims.vlrender", *args], cwd=PACKAGE_PARENT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _answer(child: subprocess.Popen[bytes], specs: list[dict[str, Any]] | None, what: str) -> bytes:
    """Send a child its specs (or nothing); its output, or RuntimeError with the last line it
    wrote on stderr (the whole of it is logged, for -v: it may hold a traceback)."""
    stdin = json.dumps(specs).encode("utf-8") if specs is not None else b""
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


def render(specs: list[dict[str, Any]]) -> list[Render]:
    """SVG (transparent) and PNG (white background) for each spec, in order."""
    import vl_convert as vlc
    return [(svg, vlc.svg_to_png(on_white(svg), scale=2)) for svg in map(vlc.vegalite_to_svg, specs)]


def on_white(svg: str) -> str:
    """The SVG with a white background, for the PNG (the inline SVG stays transparent)."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[:start] + '<rect width="100%" height="100%" fill="#ffffff"/>' + svg[start:]


def main() -> None:
    """`draw`: start the engine, then read specs as a JSON list on stdin and write a JSON list
    of {svg, png (base64)} on stdout (nothing, if stdin closes empty). `bundle`: write the
    script bundle on stdout."""
    import vl_convert as vlc
    if sys.argv[1:] == ["bundle"]:
        sys.stdout.buffer.write(vlc.javascript_bundle(BUNDLE_CALL).encode("utf-8"))
        return
    vlc.vegalite_to_svg(WARM_UP)  # the engine starts on its first chart: start it before any is asked for
    text = sys.stdin.buffer.read()
    if not text.strip():
        return
    renders = [{"svg": svg, "png": base64.b64encode(png).decode("ascii")} for svg, png in render(json.loads(text))]
    sys.stdout.buffer.write(json.dumps(renders).encode("utf-8"))


if __name__ == "__main__":
    main()
