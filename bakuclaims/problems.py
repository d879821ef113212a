"""Problems found in the inputs, and how they are shown to an editor."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

GITHUB_SHOWN = 10  # GitHub shows at most this many error annotations, and this many warnings, of a step

# Characters a message may quote from a file but a reader cannot see, or that break or reorder its line: control
# characters and line breaks, zero-width and direction marks, the BOM. Shown escaped, like \u200b.
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
                     r"\ufeff\ud800-\udfff]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, at a line and column (1-based)."""

    path: str
    line: int
    col: int
    message: str
    warning: bool = False

    def text(self) -> str:
        """The problem as `path:line:col: message`, the form editors and tools know."""
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}:{self.col}: {kind}{_visible(self.message)}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation on the offending line."""
        level = "warning" if self.warning else "error"
        path = _escape(self.path).replace(":", "%3A").replace(",", "%2C")  # a property: these end it
        return f"::{level} file={path},line={self.line},col={self.col}::{_escape(_visible(self.message))}"


def _visible(text: str) -> str:
    """Text on one line with every character a reader could not see written as its escape (\\u200b, \\n)."""
    return _UNSEEN.sub(lambda match: ascii(match[0])[1:-1], text)


def _escape(text: str) -> str:
    """Text for a GitHub Actions workflow command, its line breaks and percent signs encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class BuildFailed(Exception):
    """Raised when the inputs have errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")


class Cancelled(Exception):
    """Raised when a build is stopped on purpose, before it has written anything: the
    preview's catch-up with the search index, put off by a save."""


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are errors, not warnings."""
    return [p for p in problems if not p.warning]


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    """All problems, one per line, sorted by file and line."""
    ordered = sorted(set(problems))
    return "\n".join(p.github() if style == "github" else p.text() for p in ordered)


def as_errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems with each warning made an error, as --strict treats them."""
    return [replace(p, warning=False) for p in problems]


def count_line(problems: list[Problem], strict: bool = False) -> str:
    """'Build failed: 2 errors, 1 warning; nothing was written.', the last line of a failed run."""
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    if not errors:  # --strict: the warnings stopped the build
        treated = "an error" if warnings == 1 else "each an error"
        return f"Build failed: {_count(warnings, 'warning')}, {treated} under --strict; nothing was written."
    if warnings:
        treated = f" ({'an error' if warnings == 1 else 'each an error'} under --strict)" if strict else ""
        return f"Build failed: {_count(errors, 'error')}, {_count(warnings, 'warning')}{treated}; nothing was written."
    return f"Build failed: {_count(errors, 'error')}; nothing was written."


def _count(n: int, noun: str) -> str:
    """'1 error', '2 errors'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def beyond_annotations(problems: list[Problem], summary: bool) -> str | None:
    """For a GitHub run, a notice (an annotation of its own, shown with the others) that some problems
    are not beside their lines (GitHub shows the first GITHUB_SHOWN errors and warnings of a step) and
    where all are (summary: the run's summary page lists them too); None if all are beside them."""
    unique = set(problems)
    errors = len(errors_in(unique))
    if errors <= GITHUB_SHOWN and len(unique) - errors <= GITHUB_SHOWN:
        return None
    where = "in this step's log" + (" and on the run's summary page" if summary else "")
    # under --strict every warning is given as an error: there are only errors, and only ten are shown
    shown = f"{GITHUB_SHOWN} errors" + (f" and {GITHUB_SHOWN} warnings" if errors < len(unique) else "")
    return _escape(f"::notice::GitHub shows the first {shown} beside their lines: all {len(unique)} problems are "
                   f"listed {where}.")


def step_summary(problems: list[Problem]) -> str:
    """Every problem as a Markdown list for a GitHub run's summary page."""
    lines = [f"- `{p.path}:{p.line}:{p.col}`: {'warning: ' if p.warning else ''}"
             f"{_visible(p.message).replace('<', '&lt;')}" for p in sorted(set(problems))]
    return f"### Problems found by build.py ({len(lines)})\n\n" + "\n".join(lines) + "\n"
