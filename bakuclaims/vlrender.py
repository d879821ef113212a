"""vl-convert in processes of its own: Vega-Lite specs in, SVG and PNG out; or the
vega-embed script bundle.

The chart stage draws through `Drawers`: a child process running `bakuclaims.vldraw draw`
reads charts as JSON on stdin, each a list of specs (one per layout) and a frame (title, takeaway,
source and credit: see frame.py), and writes each chart's SVGs on a line of stdout as soon as they are
drawn (a JSON list), then the PNGs of their first layouts, framed, and of their link previews, as
a JSON list on the next.
The child is started before the build loads
its inputs, so vl-convert's JavaScript engine (about 0.6-0.8 s to start) warms up while the
main process reads YAML. A page is rendered as soon as the SVGs of its chart are drawn; once
all are, the same child makes the PNGs, which need no engine, while
the other pages render, and the build reads them when it writes the chart downloads. With
`bundle` the child writes the script bundle instead. In a child, the memory the engine keeps
(~110 MB for twenty charts of 250 points, ~90 MB more for the bundle) is given back as soon as
its work is done. The child's module imports nothing but os, sys, json, base64, struct and
zlib, and starts without the site module (see _start), so the engine starts sooner.

The children load no system font (`vldraw.FONTS_CONF`): vl-convert then measures and draws
text with the Liberation Sans it carries, from memory. With the system's fonts it opened and
mapped the font file again for every glyph, which took half of the drawing time, and the
charts depended on which fonts the machine had installed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, TypeVar

from .frame import CARD, Frame
from .vldraw import BUNDLE_CALL, PNG_SCALE

log = logging.getLogger(__name__)

PACKAGE_PARENT = Path(__file__).resolve().parents[1]
CHILD = "bakuclaims.vldraw"  # the module a child runs
CARD_PNG = (CARD[0] * PNG_SCALE, CARD[1] * PNG_SCALE)  # a link preview's pixels: 1,200 x 630
PICTURES_SPLIT = 40  # pictures from which two children make them, on a machine of two cores or more

# a chart's SVGs, one per layout (wide first), the PNG of the first, and its link preview's if it has one
Render = tuple[tuple[str, ...], bytes, bytes | None]
PNGs = tuple[bytes, bytes | None]  # a chart's PNG and its link preview's
T = TypeVar("T")


class Drawers:
    """vl-convert children that draw charts; the first is started at once, to warm up.

    Use as a context manager: children not needed by the time it closes are stopped, and so
    are those whose PNGs nobody took. If the block failed, a failure to stop them is logged
    (-v), not raised: the block's own error is the one to report.
    """

    def __init__(self, warm: bool = True) -> None:
        self.waiting: list[_Child] = []
        self.handed: list[Drawn] = []
        if warm and (os.cpu_count() or 1) >= 2:  # on one core, warming would only slow the load
            self.waiting.append(_start(["draw"]))

    def __enter__(self) -> "Drawers":
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        try:
            self.stop()
        except Exception:
            if kind is None:
                raise
            log.debug("stopping vl-convert after a failure", exc_info=True)  # the failure is what to report

    def draw(self, specs: list[list[dict[str, Any]]], frames: list[Frame | None] | None = None) -> "Drawn":
        """Hand the charts' specs (each chart's layouts) and frames to one child, the warm one if
        there is one: it draws their SVGs, then makes their PNGs (see Drawn). A second child would draw
        beside it, but starting its engine costs about 0.8 s of CPU, which a build on two cores
        misses more than it gains."""
        drawn = Drawn(self.waiting.pop() if self.waiting else _start(["draw"]), specs, frames)
        self.handed.append(drawn)
        return drawn

    def stop(self) -> None:
        """Stop the children that were never given work, and those whose PNGs nobody took
        (a build that failed once its charts were drawn)."""
        for child in self.waiting:
            child.process.kill()
            _close(child)
        self.waiting = []
        for drawn in self.handed:
            drawn.stop()
        self.handed = []


class Drawn:
    """Charts handed to a drawing child, each a list of specs (its layouts): their SVGs
    (transparent) come first, then the PNG of each chart's first layout (twice the size, in its
    frame, or on white without one), made by the same child from its SVG while the pages are
    rendered, so no other process has to start and load vl-convert for them."""

    def __init__(self, child: _Child, specs: list[list[dict[str, Any]]],
                 frames: list[Frame | None] | None = None) -> None:
        self.child, self.count = child, len(specs)
        self.layouts = [len(layouts) for layouts in specs]
        work = {"charts": specs, "frames": frames if frames is not None else [None] * len(specs)}
        assert child.process.stdin is not None
        try:
            child.process.stdin.write(json.dumps(work).encode("utf-8"))
            child.process.stdin.close()
        except OSError:  # the child has ended: its exit code and message are read with its answer
            pass

    def each_chart(self) -> Iterator[tuple[str, ...]]:
        """The SVGs of each chart, one per layout, in order, as soon as the child has drawn them."""
        for layouts in self.layouts:
            svgs = self._next("draw the charts", list)
            if len(svgs) != layouts or not all(isinstance(svg, str) for svg in svgs):
                self.stop()
                raise RuntimeError(f"vl-convert could not draw the charts: it answered {len(svgs)} items, "
                                   f"not {layouts} SVGs")
            yield tuple(svgs)

    def pngs(self) -> list[PNGs]:
        """The PNG of each chart's first SVG, framed, and of its link preview (None where its frame
        asks for none), in order (after the SVGs); the child then ends."""
        pngs = self._next("turn the charts into PNG", list)
        if len(pngs) != self.count or not all(isinstance(pair, list) and len(pair) == 2 and pair[0] for pair in pngs):
            self.stop()
            raise RuntimeError(f"vl-convert could not turn the charts into PNG: "
                               f"{len(pngs)} answers for {self.count}")
        _close(self.child)
        return [(base64.b64decode(str(png)), base64.b64decode(str(card)) if card else None) for png, card in pngs]

    def stop(self) -> None:
        """Stop the child if it is still running, and close its pipes (both are done once the
        PNGs are read; closing again does nothing)."""
        if self.child.process.returncode is None:
            self.child.process.kill()
        _close(self.child)

    def _next(self, what: str, kind: type[T]) -> T:
        """The child's next answer, a line of JSON of this kind; the child is stopped if it is
        not that."""
        try:
            out = _line(self.child, what)
            if not isinstance(out, kind):
                raise RuntimeError(f"vl-convert could not {what}: it answered {type(out).__name__}, "
                                   f"not {kind.__name__}")
        except BaseException:
            self.stop()  # nothing will read what it draws
            raise
        return out


class Pictures:
    """SVGs that are not charts (claims' link previews, the home-screen icons) being made into PNG
    files by child processes (see vldraw's png), at scale PNG pixels per SVG pixel, while the build
    goes on: one, or one per core for many (each takes about 25 ms of a core). Wait for them with
    done; what names them in its error ("could not turn <what> into PNG")."""

    def __init__(self, svgs: list[str], paths: list[Path], scale: float = PNG_SCALE,
                 what: str = "the link previews") -> None:
        self.what = what
        count = min(os.cpu_count() or 1, 2) if len(svgs) >= PICTURES_SPLIT else 1
        self.children: list[_Child] = []
        for i in range(count if svgs else 0):
            child = _start(["png"])
            self.children.append(child)
            assert child.process.stdin is not None
            work = {"svgs": svgs[i::count], "paths": [str(path) for path in paths[i::count]], "scale": scale}
            try:
                child.process.stdin.write(json.dumps(work).encode("utf-8"))
                child.process.stdin.close()
            except OSError:  # the child has ended: its exit code and message are read in done
                pass

    def done(self) -> None:
        """Wait until every PNG is written; RuntimeError (see _failed) if a child failed."""
        children, self.children = self.children, []
        failed = None
        for child in children:
            child.process.wait()
            if child.process.returncode != 0 and failed is None:
                failed = _failed(child, f"turn {self.what} into PNG")
            _close(child)
        if failed is not None:
            raise failed

    def stop(self) -> None:
        """Stop the children still running (a build that failed meanwhile)."""
        for child in self.children:
            if child.process.returncode is None:
                child.process.kill()
            _close(child)
        self.children = []


def bundle_elsewhere() -> bytes:
    """vega-embed with Vega and Vega-Lite as one ES module, bundled by a child process."""
    return _answer(_start(["bundle"]), None, "bundle vega-embed")


@dataclass
class _Child:
    """A child process of this module, and the file its stderr goes to (a file, not a pipe:
    the child never waits for the build to read it). Two threads may end it at once (the
    build's, when it stops early, and the drawing thread's, when the child's output ends
    then): they take turns, through lock."""

    process: subprocess.Popen[bytes]
    stderr: IO[bytes]
    lock: threading.Lock = field(default_factory=threading.Lock)


def _start(args: list[str]) -> _Child:
    """A child process running vldraw, with pipes to talk to it. It starts without the site
    module (whose .pth files, an editable install's among them, took 15-20 ms of the child's
    start), vl-convert's folder put on its path instead; with the site module when
    vl-convert cannot be found (the child then says so)."""
    stderr = tempfile.TemporaryFile()
    folder = _vl_convert_folder()
    if folder is None:
        command, env = [sys.executable, "-m", CHILD, *args], None
    else:
        command = [sys.executable, "-S", "-m", CHILD, *args]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, cwd=PACKAGE_PARENT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=stderr)
    return _Child(process, stderr)


@functools.cache
def _vl_convert_folder() -> str | None:
    """The folder vl-convert's package is in (site-packages), found without importing it;
    None if it is not installed."""
    import importlib.util
    spec = importlib.util.find_spec("vl_convert")
    if spec is None or spec.origin is None:
        return None
    return os.path.dirname(os.path.dirname(spec.origin))


def _answer(child: _Child, work: list[Any] | None, what: str) -> bytes:
    """Send a child its work as JSON (or nothing); its output, or RuntimeError (see _failed)."""
    stdin = json.dumps(work).encode("utf-8") if work is not None else b""
    try:
        out, _ = child.process.communicate(stdin)
        if child.process.returncode != 0 or not out:
            raise _failed(child, what)
        return out
    finally:
        _close(child)


def _line(child: _Child, what: str) -> Any:
    """A child's next line of output, as JSON; RuntimeError if it ended first (see _failed)."""
    assert child.process.stdout is not None
    line = child.process.stdout.readline()
    if not line.endswith(b"\n"):
        child.process.wait()  # for its exit code
        raise _failed(child, what)
    return json.loads(line)


def _failed(child: _Child, what: str) -> RuntimeError:
    """The error for a child that failed: the last line it wrote on stderr (the whole of it is
    logged, for -v: it may hold a traceback)."""
    said = ""
    with child.lock:  # not while another thread closes the file (see _close)
        if not child.stderr.closed:
            child.stderr.seek(0)
            said = child.stderr.read().decode(errors="replace").strip()
    log.debug("vl-convert child, exit code %s:\n%s", child.process.returncode, said)
    last = said.splitlines()[-1] if said else f"exit code {child.process.returncode}"
    return RuntimeError(f"vl-convert could not {what}: {last}")


def _close(child: _Child) -> None:
    """Wait for a child to end (it ends once its input is closed) and close its pipes and
    file; once, whichever thread comes first (closing a file in two threads at once can
    raise: a build that failed on a template error reported that instead)."""
    with child.lock:
        if child.stderr.closed:
            return
        process = child.process
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        process.wait()
        child.stderr.close()


@functools.cache
def drawing_code() -> str:
    """A hash of what draws each picture besides vl-convert: frame.py, which lays out the frames and
    cards (by the font's widths it reads), vldraw.py, which draws them (at PNG_SCALE), and the fonts'
    configuration. A cache of pictures keys them by it, so that a change to any of them draws them again."""
    folder = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("frame.py", "liberation-sans-widths.json", "vldraw.py", "vl-convert-fonts.conf"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:16]


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@functools.lru_cache(maxsize=64)  # asked once per page that shares a chart; the root's aria-label is long
def png_size_for(svg: str) -> tuple[int, int]:
    """The width and height of the PNG that vldraw.to_png makes of an SVG (framed, if it is to
    be: give the framed SVG), read from its root element."""
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    width, height = (re.search(rf'\b{name}="([0-9.]+)"', head) for name in ("width", "height"))
    if width is None or height is None:
        raise ValueError("the SVG has no width or height")
    return math.ceil(float(width[1]) * PNG_SCALE), math.ceil(float(height[1]) * PNG_SCALE)
