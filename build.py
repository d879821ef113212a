#!/usr/bin/env python3
"""Baku Digital Claims: build, check and preview the site.

    python build.py                 build into site/
    python build.py check           validate data, content, templates and the static files they link to
    python build.py serve           build, serve on 127.0.0.1 and rebuild on changes
    python build.py new fact --id fibre-coverage-2025 --kind context
                                    write a commented skeleton to fill in (also: new event, new source,
                                    new person, new metric)

Exit codes: 0 done (built; checked, warnings aside unless --strict; a skeleton written; the preview
stopped with Ctrl-C); 1 not done (invalid input, an id new finds taken, a Python without the project's
libraries, or an internal error); 2 bad command line (among them new without --id or --kind and no
terminal to ask in, a malformed id, a port serve cannot listen on); 130 a build, check or new stopped
with Ctrl-C.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from bakuclaims.options import WHATS, Options, out_problem
from bakuclaims.problems import (BuildFailed, Problem, as_errors, beyond_annotations, count_line, format_problems,
                                 step_summary)
from bakuclaims.seen import inputs_signature, remember, same_as_last
from bakuclaims.vlrender import Drawers

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None, exiting: bool = False) -> int:
    """Parse the command line and run one command (exiting: the process ends right after, as
    exit_at_once ends it)."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.verbose:  # the builder's own steps; libraries' debug lines (Markdown's, say) stay out
        logging.getLogger("bakuclaims").setLevel(logging.DEBUG)
    try:
        if args.command == "check":
            return check(args)
        if args.command == "serve":
            return serve(args)
        if args.command == "new":
            return new(args)
        return build(args, exiting)
    except BuildFailed as failed:
        return report(failed, args.format, args.strict)
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # run by a Python without the project's libraries
        if (exc.name or "").startswith("bakuclaims"):
            return crash(exc, args.root)
        return missing_library(exc)
    except Exception as exc:  # never show an editor a traceback
        return crash(exc, args.root)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: a command (build, check, serve, new) and its options."""
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Baku Digital Claims site.")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "check", "serve", "new"],
                        help="build (default), check, serve, or new")
    parser.add_argument("what", nargs="?", choices=WHATS, help="for new: what to create")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this file's folder)")
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/site)")
    parser.add_argument("--base-url", default="/", help="path the site is served under, e.g. /repo/, or its full "
                        "address, e.g. https://user.github.io/repo/ (origin and path are split)")
    parser.add_argument("--site-url", default="", help="the site's origin, e.g. https://user.github.io, for "
                        "canonical links, Open Graph and the sitemap (or give a full address in --base-url)")
    parser.add_argument("--report-url", default="", help="where readers report a mistake: a GitHub repository's "
                        "new-issue address, e.g. https://github.com/owner/repo/issues/new (the Pages workflow "
                        "gives it); each page then links to it")
    parser.add_argument("--format", choices=["text", "github"], default="text", help="how to print problems")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--no-cache", action="store_true",
                        help="a cold build: read nothing from .cache/ and write nothing to it")
    parser.add_argument("--port", type=port_number, default=8000,
                        help="port for serve (default 8000; 0: any free port)")
    parser.add_argument("--id", help="for new: the id of the record (asked for in a terminal if left out)")
    parser.add_argument("--kind", choices=["claim", "context"], help="for new fact: claim or context")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stage")
    args = parser.parse_args(argv)
    if (args.command == "new") != (args.what is not None):
        parser.error("say what to create: new fact, event, source, person or metric" if args.command == "new"
                     else f"'{args.what}' goes with the new command: build.py new {args.what}")
    if args.kind and args.what != "fact":
        parser.error("--kind goes with new fact")
    if args.no_cache and args.command != "build":  # check keeps no cache; the preview's rebuilds need theirs
        parser.error("--no-cache goes with build: build.py --no-cache")
    if args.format != "text" and args.command not in ("build", "check"):  # the preview shows problems in the page
        parser.error(f"--format goes with build and check: build.py check --format {args.format}")
    try:
        args.options = Options.parse(args.base_url, args.site_url, args.report_url)
    except ValueError as exc:
        parser.error(str(exc))
    try:
        args.root = args.root.resolve()
        args.out = (args.out or args.root / "site").resolve()
        refused = out_problem(args.root, args.out) if args.command in ("build", "serve") else None
    except (OSError, RuntimeError) as exc:  # a link that loops, a folder that cannot be read
        refused = f"--root or --out cannot be used: {exc}"
    if not refused and args.command != "new" and not (args.root / "data").is_dir():
        refused = (f"--root: {args.root} has no data folder, so it is not a Baku Digital Claims project "
                   "(give the folder that holds data/, content/ and templates/)")
    if refused:
        parser.error(refused)
    return args


def port_number(text: str) -> int:
    """A port for serve, 0 to 65535 (0: any free one)."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a whole number from 1 to 65535 (or 0 for any free one), "
                                         f"got {text!r}")
    return port


def build(args: argparse.Namespace, exiting: bool = False) -> int:
    """Build the site and print one summary line; with exiting, Python's cycle collector is left
    off, as the process ends without tearing down (see exit_at_once)."""
    gc.disable()  # one build, then exit: collecting its few cycles took 0.6 s at 5,000 facts, for 40 MB
    cache_dir = args.root / ".cache"
    inputs = inputs_signature(args.root, repr(args.options))
    # vl-convert warms up in a child while the build's modules import, unless no chart will be drawn
    warm = args.no_cache or not same_as_last(cache_dir, inputs)
    try:
        with Drawers(warm=warm) as drawers:
            from bakuclaims.pipeline import build_site
            result = build_site(args.root, args.out, args.options, strict=args.strict,
                                cache=not args.no_cache, drawers=drawers)
    finally:
        # For a caller that goes on in this process. Its first allocation then collects the
        # youngest generation, which holds every object the build made: 0.07 s at 5,000 facts,
        # before the summary line, for nothing when the process is about to end.
        if not exiting:
            gc.enable()
    if not args.no_cache:
        remember(cache_dir, inputs)
    if result.warnings:
        print_problems(result.warnings, args.format)
    print(f"Built {result.files} files into {shown(args.out, args.root)} in {result.seconds:.2f} s"
          f"{warning_count(result.warnings)}.")
    return 0


def check(args: argparse.Namespace) -> int:
    """Validate data, content, templates and the static files they link to, without writing anything."""
    from bakuclaims.pipeline import check_site
    from bakuclaims.render import template_problems
    site, warnings = check_site(args.root, strict=args.strict)  # its problems include the templates'
    templates = template_problems(args.root)
    if templates:
        raise BuildFailed(warnings + templates)
    if warnings:
        print_problems(warnings, args.format)
    facts, pages = len(site.facts), len(site.pages)
    print(f"OK: {facts} fact{'' if facts == 1 else 's'}, {pages} page{'' if pages == 1 else 's'} checked"
          f"{warning_count(warnings)}.")
    return 0


def serve(args: argparse.Namespace) -> int:
    """Build, serve on 127.0.0.1 and rebuild when data, content or templates change."""
    from bakuclaims.serve import serve_forever
    return serve_forever(args.root, args.out, args.options, args.port, strict=args.strict)


def new(args: argparse.Namespace) -> int:
    """Write a commented skeleton of a fact, event, source, person or metric; refuse a malformed or taken id."""
    from bakuclaims.scaffold import Refused, answers, create
    ask = input if sys.stdin.isatty() else None
    try:
        new_id, kind = answers(args.what, args.id, args.kind, ask)
        written = create(args.root, args.what, new_id, kind)
    except Refused as refused:
        print(f"Not written: {refused}", file=sys.stderr)
        return refused.code
    print(f"Wrote {shown(written.path, args.root)}:{written.line}: replace every TODO, "
          "then run `python build.py check`.")
    return 0


def report(failed: BuildFailed, style: str, strict: bool = False) -> int:
    """Print every problem, one per line, then a count; exit code 1. Under --strict, GitHub
    annotates a warning as an error, since it failed the build."""
    print_problems(as_errors(failed.problems) if strict and style == "github" else failed.problems, style)
    print(count_line(failed.problems, strict), file=sys.stderr)
    return 1


def print_problems(problems: list[Problem], style: str) -> None:
    """Print problems one per line; for GitHub, list them on the run's summary page too (its
    GITHUB_STEP_SUMMARY file) and say so when there are more than GitHub shows beside their lines."""
    print(format_problems(problems, style), file=sys.stderr)
    if style != "github":
        return
    summary, listed = os.environ.get("GITHUB_STEP_SUMMARY"), False
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(step_summary(problems))
            listed = True
        except OSError:  # the summary page is a convenience: the log has every problem
            pass
    beyond = beyond_annotations(problems, listed)
    if beyond:
        print(beyond, file=sys.stderr)


def crash(exc: Exception, root: Path) -> int:
    """An unexpected failure: a one-line message, the traceback kept in a file for developers."""
    log_file = root / ".cache" / "last-crash.txt"
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text(traceback.format_exc(), encoding="utf-8")
        where = f" (details for developers in {shown(log_file, root)})"
    except OSError:
        where = ""
    print(f"Internal error: {type(exc).__name__}: {exc}{where}. Nothing was written.", file=sys.stderr)
    return 1


def missing_library(exc: ModuleNotFoundError) -> int:
    """A library the builder needs is not installed for this Python: say which Python to use."""
    print(f"This Python ({sys.executable}) does not have the library '{exc.name}' that the builder needs. "
          "Run the command with the project's own Python, .venv/bin/python build.py …, and if there is "
          "no .venv folder, set it up first with: bash setup.sh. Nothing was written.", file=sys.stderr)
    return 1


def exit_at_once(code: int) -> NoReturn:
    """Flush the output and exit without tearing the interpreter down (freeing a build's
    objects one by one took 0.1-0.15 s); every child process has been waited for by now."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing left to say
            pass
    os._exit(code)


def shown(path: Path, root: Path) -> str:
    """A path relative to the project root where possible."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def warning_count(warnings: list) -> str:
    """', 2 warnings' or nothing."""
    return f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""


if __name__ == "__main__":
    exit_at_once(main(exiting=True))
