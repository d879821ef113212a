"""Problems found in the inputs, and how they are shown to an editor."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

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
