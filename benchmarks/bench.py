#!/usr/bin/env python3
"""Build speed at scale, against Hugo and Pelican; memory; page weight.

A benchmark, not a test: it prints figures and asserts nothing.

    .venv/bin/python benchmarks/bench.py              # 1,000 facts
    .venv/bin/python benchmarks/bench.py --facts 5000 # 5,000 facts

It writes a synthetic project of N facts (spread over 20 metrics, 10 events with a
summary each, and 15 people) into a scratch folder, then measures, as the median of
--runs runs: a cold build (no .cache/, no site/), a rebuild with nothing changed, a
rebuild after one fact is edited, and the peak memory (RSS) of the build process. It also
times the preview (`build.py serve`): from saving an edited fact to the new pages being
served, as an editor previewing waits for it, and to the search index following. A cold
build keeps the machine's cache (the chart library's bundle and the chart shapes, which
depend only on the installed code); one first build on a machine, with that cache empty
too, is timed once.
It builds N Markdown pages with Hugo (Debian package `hugo`) and Pelican (PyPI
`pelican`, from `.venv/bin/pip install -c requirements.txt -e '.[bench]'`, or --pelican PATH) and prints our time
divided by theirs. Last, page weight per page type: HTML with its inline SVG and the
CSS it links, gzipped, and the JavaScript each page loads before any interaction; and the
sizes of the charts' font files, which a reader without Liberation Sans or Arial fetches.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import hashlib
import os
import queue
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[1]
METRICS, EVENTS, PEOPLE = 20, 10, 15
UNITS = ("percent", "count", "per-100", "percent", "index")
BUDGET_KB = 50
PAUSE = 5.0  # seconds between saves in the preview: an editor looks at the page, then edits the next fact
CPU: list[float] = []  # CPU seconds (user + system) of each timed command, its children included
ASIDE: list[Path] = []  # the folder that set_aside moves earlier outputs into (set by main)
PLAIN: list["Timing"] = []  # a bare jinja2 + markdown loop's full builds (set by main)
HUGO_WITH_SEARCH: list["Timing"] = []  # Hugo's full builds with Pagefind run after each (set by measure_hugo)


@dataclass
class Timing:
    """Seconds of each run, and the peak RSS (MB) of the largest process in the build."""

    seconds: list[float]
    peak_mb: float
    cpu: list[float]

    @property
    def median(self) -> float:
        """Median seconds."""
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        """Median CPU seconds (user + system, children included)."""
        return statistics.median(self.cpu)


def main() -> int:
    """Generate, build, compare, print."""
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="bakuclaims-bench-"))
    ASIDE.append(work / "set-aside")
    try:
        print(f"{args.facts} facts, median of {args.runs} runs; scratch folder {work}")
        compileall.compile_dir(REPO / "bakuclaims", quiet=1)  # as Python does, unless PYTHONDONTWRITEBYTECODE
        project = generate(work / "project", args.facts)
        ours = measure_ours(project, args.runs)
        ours["preview"] = measure_preview(project, args.runs)
        measure_check(project, args.runs)
        hugo = measure_hugo(work / "hugo", args.facts, args.runs)
        pelican = measure_pelican(work / "pelican", args.facts, args.runs, args.pelican)
        PLAIN[:] = [measure_plain_loop(work / "plain", args.facts, args.runs)]
        report(ours, hugo, pelican)
        print()
        weights(project / "site")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def parse_args() -> argparse.Namespace:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1000, help="number of facts (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--pelican", type=Path, help="pelican executable (default: beside this Python, or on PATH)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser.parse_args()


# -- the synthetic project ----------------------------------------------------------------------

def generate(root: Path, n: int) -> Path:
    """A project of n facts with the real templates and static files; deterministic."""
    rng = random.Random(7)
    (root / "data" / "facts").mkdir(parents=True)
    (root / "content").mkdir()
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    write(root / "data" / "sources.yaml", "".join(
        f"source-{i}:\n  publisher: Publisher {i}\n  title: Report number {i}\n  date: 2030-0{i % 9 + 1}\n"
        f"  url: https://publisher{i}.example/report\n" for i in range(5)))
    write(root / "data" / "metrics.yaml", "".join(
        f"metric-{i}:\n  name: Synthetic measure {i}\n  measures: Things counted in measure {i}\n"
        f"  of_whom: the whole population\n  unit: {UNITS[i % len(UNITS)]}\n" for i in range(METRICS)))
    write(root / "data" / "people.yaml", "".join(
        f"person-{i}:\n  name: Speaker Number {i}\n  role: Minister of Example {i}\n" for i in range(PEOPLE)))
    write(root / "data" / "events.yaml", "".join(
        f"event-{i}:\n  name: Example Conference {2020 + i}\n  short_name: Conf {i}\n  start: {2020 + i}-05-10\n"
        f"  end: {2020 + i}-05-12\n  city: Baku\n  country: Azerbaijan\n  organiser: Example Union\n"
        f"  source: source-0\n" for i in range(EVENTS)))
    write(root / "data" / "charts.yaml", "{}\n")
    taken: set[tuple[object, ...]] = set()
    for i in range(n):
        write(root / "data" / "facts" / f"fact-{i:05d}.yaml", fact(i, rng, taken))
    for e in range(EVENTS):
        claims = [f"fact-{i:05d}" for i in range(n) if i % 2 == 0 and (i // 2) % EVENTS == e][:6]
        refs = " ".join(f"One speaker said [[{c}]]." for c in claims)
        write(root / "content" / f"event-{e}.md",
              f"---\ntitle: Claims at Example Conference {2020 + e}\ndescription: What was said at the "
              f"conference, beside the figures.\nevent: event-{e}\ndate: {2020 + e}-05-13\n---\n\n"
              f"## What was said\n\n{refs}\n\n## Context\n\n" + LOREM * 3 + "\n")
    write(root / "content" / "about.md", "---\ntitle: About\ndescription: About this synthetic site.\n---\n\n"
          + LOREM + "\n")
    return root


LOREM = ("The figures below were read in the sources named on each fact's page, and are set beside "
         "independent measurements where one exists. Each number links to its own page. ")


STEPS = {"percent": 0.1, "count": 1, "per-100": 0.1, "index": 0.001}  # the units' last decimal


def fact(i: int, rng: random.Random, taken: set[tuple[object, ...]]) -> str:
    """Fact i: claims (even) and context figures (odd), metric i % 20, dates spread over years.
    A figure another fact gives for the same metric, source, speaker or producer and date is moved
    up by a step (taken holds those given so far): the check warns of such copies, and at 5,000
    facts each build printed about 80 warnings, as no editor's project would."""
    metric = i % METRICS
    unit = UNITS[metric % len(UNITS)]
    value = {"percent": round(rng.uniform(5, 99), 1), "count": rng.randrange(1000, 9_000_000),
             "per-100": round(rng.uniform(1, 140), 1), "index": round(rng.uniform(0.1, 0.99), 3)}[unit]
    year, month = 2015 + (i * 7) % 11, 1 + (i * 5) % 12
    claim = i % 2 == 0
    who, when = (f"person-{i % PEOPLE}", f"{2020 + (i // 2) % EVENTS}-05-1{i % 3}") if claim \
        else ("Statistics Office", f"{year}-{month:02d}")
    while (metric, value, who, when, i % 5) in taken:
        value = round(value + STEPS[unit], 3)
    taken.add((metric, value, who, when, i % 5))
    common = (f"title: Synthetic figure number {i}\nmetric: metric-{metric}\nvalue: {value}\n"
              f"source: source-{i % 5}\n")
    if claim:
        return (f"kind: claim\n{common}speaker: {who}\nevent: event-{(i // 2) % EVENTS}\n"
                f"said_on: {when}\nquote: the figure is {value} and rising\n"
                f"quote_type: direct\n")
    return (f"kind: context\n{common}as_of: {when}\nproducer: {who}\n"
            f"independent: true\nconfidence: seen\nquote: {value} as measured\n")


def write(path: Path, text: str) -> None:
    """Write a text file."""
    path.write_text(text, encoding="utf-8")


# -- measuring ----------------------------------------------------------------------------------

def set_aside(*paths: Path) -> None:
    """Move earlier outputs out of the way of a timed build; main deletes them at the end.

    Deleting them just before would slow the timed build down: on ext4 (the benchmark's
    machine), a new file's inode is not taken from files deleted in the last few seconds, and
    after thousands of deletions each new file costs a scan for one (the kernel's
    recently_deleted, seen with perf). On 4 December, once a few builds had run, cold builds
    at 1,000 facts took 4.5 to 6.9 s with site/ and .cache/ deleted just before (system time
    2.6 to 5.0 s) and 3.4 to 4.0 s with them moved aside (0.8 to 1.8 s); Hugo, which writes
    about a third as many files, 0.39 to 0.61 s against 0.38 to 0.42 s. Every generator's
    earlier output is set aside alike."""
    for path in paths:
        if path.exists():
            ASIDE[0].mkdir(parents=True, exist_ok=True)
            path.rename(ASIDE[0] / f"{len(list(ASIDE[0].iterdir()))}-{path.name}")


def timed(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command to completion; (seconds, peak RSS MB) using wait4 for this child's rusage."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-3000:])
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(map(str, command))}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return seconds, usage.ru_maxrss / 1024  # Linux: kilobytes; includes children it waited for



def measure_ours(project: Path, runs: int) -> dict[str, Timing]:
    """Cold build, no-change rebuild, one-fact-edit rebuild; checks the edit matches a cold build."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project)]
    cold, cold_rss, cpu = [], 0.0, {}
    first = first_on_machine(project, command)
    print(f"  ours first build on a machine (machine cache empty too): {first:.2f} s")
    for _ in range(runs):
        set_aside(project / ".cache", project / "site")
        seconds, rss = timed(command)
        cold.append(seconds)
        cold_rss = max(cold_rss, rss)
    cpu["cold"] = CPU[-runs:]
    print(f"  ours cold:       {fmt_runs(cold)}")
    warm = [timed(command) for _ in range(runs)]
    cpu["warm"] = CPU[-runs:]
    print(f"  ours no change:  {fmt_runs([s for s, _ in warm])}")
    target = project / "data" / "facts" / "fact-00002.yaml"
    original = target.read_text(encoding="utf-8")
    edits = []
    for i in range(runs):
        write(target, re.sub(r"^value: .*$", f"value: {41 + i}.5", original, flags=re.M))
        edits.append(timed(command))
    cpu["edit"] = CPU[-runs:]
    print(f"  ours one edit:   {fmt_runs([s for s, _ in edits])}")
    check_identical(project, command)
    peak = max(r for _, r in warm + edits)
    return {"cold": Timing(cold, cold_rss, cpu["cold"]), "warm": Timing([s for s, _ in warm], peak, cpu["warm"]),
            "edit": Timing([s for s, _ in edits], peak, cpu["edit"]), "first": Timing([first], 0.0, CPU[:1])}


def measure_check(project: Path, runs: int) -> None:
    """`build.py check` (it keeps no cache), as generated and with a summary given runs of 40,000 brackets,
    braces, angle brackets and quotation marks, which took the check 45 s before 5ee9cda, and of backticks,
    tildes, '![' and '<a ' (a line of 20,000 backticks took it 8 s before _code_spans)."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "check"]
    print(f"  ours check:      {fmt_runs([timed(command)[0] for _ in range(runs)])}")
    summary = next((project / "content").glob("*.md"))
    original = summary.read_text(encoding="utf-8")
    runs_of = "".join(f"\n{piece * (40_000 // len(piece))}\n"
                      for piece in ("[", "{", "<", "\u201c", "[[ ", "< ", "`", "~", "![", "<a "))
    try:
        write(summary, original + runs_of)
        print(f"  ours check, a summary with 40,000-long runs of [ {{ < \u201c ` ~ ![ <a: "
              f"{fmt_runs([timed(command)[0] for _ in range(runs)])}")
    finally:
        write(summary, original)


def measure_preview(project: Path, runs: int) -> Timing:
    """Seconds from saving an edited fact to `build.py serve` serving the new pages: the
    preview's file watcher, its rebuild (modules loaded, vl-convert warm, the last search
    index kept for the moment) and the swap. Also printed: when the search index followed.

    The times are taken when the preview logs "Built" and "Search index updated" (it counts
    the new build just after; a request then confirms that it serves it). Asking for the
    build number a hundred times a second instead, as this script did until 3 December,
    took the interpreter's lock from the build on every answer: 0.03 s more at 1,000 facts
    and 0.1 s at 5,000. An open page asks four times a second."""
    command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(project), "--port", "0"]
    target = project / "data" / "facts" / "fact-00003.yaml"
    original = target.read_text(encoding="utf-8")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    threading.Thread(target=_timestamp_lines, args=(server.stderr, lines), daemon=True).start()
    waits, indexed = [], []
    try:
        line = server.stdout.readline() if server.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            raise SystemExit(f"the preview did not start: {line!r}")
        reload_url = match.group(0) + "__reload?search"  # "build number.search index number"
        for i in range(runs):
            time.sleep(PAUSE)
            pages, index = fetch(reload_url).split(".")
            while not lines.empty():
                lines.get()
            started = time.perf_counter()
            write(target, re.sub(r"^value: .*$", f"value: {61 + i}.5", original, flags=re.M))
            waits.append(_logged(lines, "Built ") - started)
            indexed.append(_logged(lines, "Search index updated") - started)
            now = fetch(reload_url).split(".")
            if now[0] == pages or now[1] == index:
                raise SystemExit(f"the preview logged a new build but serves {'.'.join(now)} (was {pages}.{index})")
    finally:
        server.terminate()
        server.wait(timeout=30)
        write(target, original)
    print(f"  ours preview, save to served: {fmt_runs(waits)}")
    print(f"  ours preview, save to search index updated: {fmt_runs(indexed)}")
    return Timing(waits, 0.0, [])


def _timestamp_lines(stream: IO[str] | None, lines: queue.Queue[tuple[float, str]]) -> None:
    """Put each line of the preview's log in lines with the time it came."""
    for line in stream or ():
        lines.put((time.perf_counter(), line))


def _logged(lines: queue.Queue[tuple[float, str]], prefix: str) -> float:
    """When the preview logged the next line starting with prefix; SystemExit if it failed."""
    while True:
        try:
            when, line = lines.get(timeout=300)
        except queue.Empty:
            raise SystemExit(f"the preview logged no '{prefix}' line in 300 s") from None
        if line.startswith(prefix):
            return when
        if line.startswith(("Build failed", "Internal error")):
            raise SystemExit(f"the preview failed: {line.strip()}")


def fetch(url: str) -> str:
    """The body of a page on the local preview."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read().decode()


def first_on_machine(project: Path, command: list[str]) -> float:
    """A cold build with the machine's cache empty as well: it bundles the chart library and builds
    the chart shapes, which later builds of any project on the machine take from that cache."""
    with tempfile.TemporaryDirectory(prefix="bakuclaims-machine-cache-") as empty:
        seconds, _ = timed(command, env={**os.environ, "XDG_CACHE_HOME": empty})
    set_aside(project / ".cache", project / "site")
    timed(command)  # fills the machine cache the timed cold builds below start from, if it was empty
    return seconds


def check_identical(project: Path, command: list[str]) -> None:
    """A cold build of the edited inputs must give the bytes the incremental build gave."""
    fresh = project.with_name("project-cold")
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    timed([*command[:-1], str(fresh)])
    same = digest(project / "site") == digest(fresh / "site")
    print(f"  rebuild after an edit identical to a cold build: {'yes' if same else 'NO'}")
    set_aside(fresh)


def digest(folder: Path) -> str:
    """One hash of every file's path and bytes below folder."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def measure_hugo(root: Path, n: int, runs: int) -> Timing | None:
    """Full builds of n Markdown pages with Hugo, each from scratch."""
    hugo = shutil.which("hugo")
    if hugo is None:
        print("  hugo: not installed (apt-get install hugo); skipped")
        return None
    (root / "content" / "posts").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    write(root / "config.toml", 'baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term"]\n')
    write(root / "layouts" / "_default" / "baseof.html",
          "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}"
          "{{ end }}</body></html>\n")
    write(root / "layouts" / "_default" / "single.html",
          "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n")
    write(root / "layouts" / "_default" / "list.html",
          "{{ define \"main\" }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}"
          "</a></li>{{ end }}</ul>{{ end }}\n")
    for i in range(n):
        write(root / "content" / "posts" / f"post-{i:05d}.md", markdown_page(i, "hugo"))
    seconds, cpu, with_search, with_search_cpu = [], [], [], []
    for _ in range(runs):
        set_aside(root / "public", root / "resources")
        seconds.append(timed([hugo, "--quiet", "--source", str(root), "--cacheDir", str(root / ".hugo-cache")])[0])
        cpu.append(CPU[-1])
        with_search.append(seconds[-1] + timed(pagefind_over(root / "public"))[0])
        with_search_cpu.append(cpu[-1] + CPU[-1])
    print(f"  hugo full build: {fmt_runs(seconds)}")
    print(f"  hugo, then Pagefind over its pages: {fmt_runs(with_search)}")
    HUGO_WITH_SEARCH[:] = [Timing(with_search, 0.0, with_search_cpu)]
    return Timing(seconds, 0.0, cpu)


def pagefind_over(site: Path) -> list[str]:
    """The command that indexes a built site's pages with the Pagefind binary our builds use, as a
    site made with another generator would add search (a reference only: not the target's measure)."""
    sys.path.insert(0, str(REPO))
    from bakuclaims.search import pagefind_binary
    return [str(pagefind_binary()), "--site", str(site), "--quiet"]


PLAIN_LOOP = """\
import sys
from pathlib import Path
import jinja2, markdown, yaml
source, out = Path(sys.argv[1]), Path(sys.argv[2])
page = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>{{ body|safe }}</body></html>")
for path in sorted(source.glob("*.md")):
    _, front, body = path.read_text(encoding="utf-8").split("---\\n", 2)
    meta = yaml.safe_load(front)
    target = out / path.stem / "index.html"
    target.parent.mkdir(parents=True)
    target.write_text(page.render(title=meta["title"], body=markdown.markdown(body)), encoding="utf-8")
"""


def measure_plain_loop(root: Path, n: int, runs: int) -> Timing:
    """Full builds of n Markdown pages by a bare jinja2 + markdown + PyYAML loop in a fresh Python,
    the floor the tooling notes give for a generator in Python (2.1 s there, Hugo 0.60 s)."""
    (root / "content").mkdir(parents=True)
    for i in range(n):
        write(root / "content" / f"post-{i:05d}.md", markdown_page(i, "hugo"))
    write(root / "loop.py", PLAIN_LOOP)
    seconds = []
    for _ in range(runs):
        set_aside(root / "out")
        seconds.append(timed([sys.executable, str(root / "loop.py"), str(root / "content"), str(root / "out")])[0])
    print(f"  plain jinja2 + markdown loop: {fmt_runs(seconds)}")
    return Timing(seconds, 0.0, CPU[-runs:])


def measure_pelican(root: Path, n: int, runs: int, given: Path | None) -> Timing | None:
    """Full builds of n Markdown articles with Pelican's default theme, caching off."""
    pelican = find_pelican(given)
    if pelican is None:
        print("  pelican: not found (.venv/bin/pip install -c requirements.txt -e '.[bench]', or --pelican PATH);"
              " skipped")
        return None
    (root / "content").mkdir(parents=True)
    write(root / "pelicanconf.py", 'SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
          "LOAD_CONTENT_CACHE = False\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
          "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nTRANSLATION_FEED_ATOM = None\n")
    for i in range(n):
        write(root / "content" / f"post-{i:05d}.md", markdown_page(i, "pelican"))
    seconds = []
    for _ in range(runs):
        set_aside(root / "output")
        seconds.append(timed([str(pelican), str(root / "content"), "-o", str(root / "output"),
                              "-s", str(root / "pelicanconf.py"), "-q"], cwd=root)[0])
    print(f"  pelican build:   {fmt_runs(seconds)}")
    return Timing(seconds, 0.0, CPU[-runs:])


def find_pelican(given: Path | None) -> Path | None:
    """The pelican executable: given, beside this Python, or on PATH."""
    if given is not None:
        return given
    beside = Path(sys.executable).with_name("pelican")
    if beside.exists():
        return beside
    found = shutil.which("pelican")
    return Path(found) if found else None


def markdown_page(i: int, style: str) -> str:
    """A page about as long as a fact page's prose, front matter in the generator's style."""
    body = f"## Figure {i}\n\nThe figure is **{i * 3 % 97}.5** per cent, as [the source](https://example.org/{i}) " \
           f"has it.\n\n> the figure is {i * 3 % 97}.5 and rising\n\n" + LOREM * 2 + "\n"
    if style == "hugo":
        return f"---\ntitle: \"Synthetic figure number {i}\"\ndate: 2024-05-10\n---\n\n{body}"
    return f"Title: Synthetic figure number {i}\nDate: 2024-05-10\nCategory: facts\n\n{body}"


# -- reporting ----------------------------------------------------------------------------------

def ratio(ours: float, theirs: float | None) -> str:
    """ours ÷ theirs, or a dash when theirs was not measured."""
    return f"{ours / theirs:7.2f}" if theirs else f"{'-':>7}"


def fmt_runs(seconds: list[float]) -> str:
    """'1.23 s (1.20, 1.23, 1.31)'."""
    return f"{statistics.median(seconds):6.2f} s  ({', '.join(f'{s:.2f}' for s in seconds)})"


def report(ours: dict[str, Timing], hugo: Timing | None, pelican: Timing | None) -> None:
    """The summary table: ours, theirs, ratios, memory."""
    print()
    print("Wall-clock seconds (median), then CPU seconds (user + system, median), and ratios of each:")
    print(f"{'measurement':28} {'wall s':>7} {'÷ Hugo':>7} {'÷ Pel.':>7} {'CPU s':>7} {'÷ Hugo':>7} {'÷ Pel.':>7}")
    for name, label in (("first", "first build on a machine"), ("cold", "cold build"), ("warm", "rebuild, nothing changed"),
                        ("edit", "rebuild, one fact edited")):
        t, c = ours[name].median, ours[name].cpu_median
        cells = [f"{t:7.2f}", ratio(t, hugo and hugo.median), ratio(t, pelican and pelican.median),
                 f"{c:7.2f}", ratio(c, hugo and hugo.cpu_median), ratio(c, pelican and pelican.cpu_median)]
        print(f"{label:28} {' '.join(cells)}")
    if "preview" in ours:
        t = ours["preview"].median
        cells = [f"{t:7.2f}", ratio(t, hugo and hugo.median), ratio(t, pelican and pelican.median)]
        print(f"{'preview, save to served':28} {' '.join(cells)}")
    for name, theirs in (("Hugo, full build", hugo), ("Pelican, full build", pelican)):
        if theirs:
            print(f"{name:28} {theirs.median:7.2f} {'':15} {theirs.cpu_median:7.2f}")
    if PLAIN:  # a reference: the floor of a generator written in Python, with no charts and no search
        loop = PLAIN[0]
        print(f"{'plain jinja2 + markdown loop':28} {loop.median:7.2f} {ratio(loop.median, hugo and hugo.median)} "
              f"{'':7} {loop.cpu_median:7.2f}   (ours ÷ this: cold {ours['cold'].median / loop.median:.2f})")
    if HUGO_WITH_SEARCH:  # a reference: the targets of issue #7 are ratios to Hugo alone
        both = HUGO_WITH_SEARCH[0]
        print(f"{'Hugo, then Pagefind':28} {both.median:7.2f} {'':15} {both.cpu_median:7.2f}   "
              f"(ours ÷ this: cold {ours['cold'].median / both.median:.2f}, one edit {ours['edit'].median / both.median:.2f})")
    print(f"peak memory of a build (largest process): cold {ours['cold'].peak_mb:.0f} MB, "
          f"rebuilds {ours['edit'].peak_mb:.0f} MB")


PAGE_TYPES = {
    "home": "index.html", "facts index": "facts/index.html", "claim": "facts/fact-00000/index.html",
    "context figure": "facts/fact-00001/index.html", "event": "events/event-0/index.html",
    "person": "people/person-0/index.html", "metric": "metrics/metric-0/index.html",
    "metrics index": "metrics/index.html", "sources": "sources/index.html", "prose page": "about/index.html",
    "search": "search/index.html", "corrections": "corrections/index.html",
}
_LINKS = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_SCRIPTS = re.compile(r'<script\b([^>]*)>(.*?)</script>', re.S)
_SRC = re.compile(r'\bsrc="([^"]+)"')


def weights(site: Path) -> None:
    """Gzipped weight of each page type (HTML with inline SVG, plus its CSS) and its JavaScript."""
    print(f"{'page type':16} {'HTML gz':>9} {'CSS gz':>8} {'total gz':>9} {'JS gz':>7} {'JS raw':>8}  budget")
    largest = 0
    for name, path in PAGE_TYPES.items():
        page = site / path
        if not page.exists():
            continue
        html = page.read_text(encoding="utf-8")
        css = b"".join(local(site, href).read_bytes() for href in _LINKS.findall(html) if local(site, href))
        js = b""
        for attrs, inline in _SCRIPTS.findall(html):
            src = _SRC.search(attrs)
            if src and local(site, src.group(1)):
                js += local(site, src.group(1)).read_bytes()
            elif 'type="application/ld+json"' not in attrs:
                js += inline.encode()
        h, c = gz(html.encode()), gz(css)
        total = h + c
        largest = max(largest, total)
        print(f"{name:16} {kb(h):>9} {kb(c):>8} {kb(total):>9} {kb(gz(js)):>7} {kb(len(js)):>8}  "
              f"{'ok' if total <= BUDGET_KB * 1024 else 'OVER'}")
    sizes = [(gz(p.read_bytes()), p) for p in site.rglob("*.html")]
    size, path = max(sizes, key=lambda s: s[0])
    print(f"heaviest of {len(sizes)} HTML pages: {path.relative_to(site).as_posix()}, {kb(size)} gzip "
          f"(+ CSS {kb(gz((site / 'assets' / 'style.css').read_bytes()))})")
    files = [p for p in site.rglob("*") if p.is_file()]
    raw, biggest = max((p.stat().st_size, p) for p in site.rglob("*.html"))
    print(f"the whole site: {len(files)} files, {sum(p.stat().st_size for p in files) / 2**20:.1f} MB on disk "
          f"(GitHub Pages publishes at most 1 GB); largest HTML page {biggest.relative_to(site).as_posix()}, "
          f"{kb(raw)} uncompressed")
    print("JS counts only scripts a page requests as it loads; the charts' vega-embed bundle and the search "
          "index load on interaction.")
    fonts = sorted((site / "assets" / "fonts").glob("*.woff2"))
    print("The charts' font, fetched only by a reader with neither Liberation Sans nor Arial, and only the files "
          "for the letters and weights a page's charts show (woff2, compressed already): "
          + ", ".join(f"{p.stem} {kb(p.stat().st_size)}" for p in fonts))


def local(site: Path, href: str) -> Path | None:
    """The file a root-relative address points to, if it is in the site."""
    path = site / href.lstrip("/")
    return path if href.startswith("/") and path.is_file() else None


def gz(data: bytes) -> int:
    """Gzipped size, level 9, no timestamp."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def kb(size: int) -> str:
    """Bytes as KB with one decimal."""
    return f"{size / 1024:.1f} KB"


if __name__ == "__main__":
    sys.exit(main())
