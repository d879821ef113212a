"""Small helpers shared by tests: tree hashing and link extraction."""

from __future__ import annotations

import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder mapped to the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "data-spec", "data-bundle") and value:
                self.links.append(value)


def links_in(html: str) -> list[str]:
    """Every href, src and data-spec/data-bundle value in a page."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def text_of(html: str) -> str:
    """A page's visible-ish text: tags removed, whitespace folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
