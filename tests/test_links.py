"""Every internal link, anchor and asset of the built site resolves; source links are well-formed."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import PREFIX
from helpers import links_in


def target_file(site: Path, path: str) -> Path:
    """The file a site-internal URL path serves."""
    relative = unquote(path[len(PREFIX):])
    candidate = site / relative
    return candidate / "index.html" if relative == "" or relative.endswith("/") else candidate


def test_every_internal_link_and_anchor_resolves(real_site_prefixed: Path) -> None:
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(real_site_prefixed.rglob("*.html")):
        for link in links_in(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            if not parts.path and parts.fragment:
                target = page
            else:
                if not parts.path.startswith(PREFIX):
                    broken.append(f"{page.relative_to(real_site_prefixed)}: {link} is outside the base URL")
                    continue
                target = target_file(real_site_prefixed, parts.path)
            if not target.is_file():
                broken.append(f"{page.relative_to(real_site_prefixed)}: {link} -> missing {target.name}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text(encoding="utf-8")))
                if parts.fragment not in ids[target]:
                    broken.append(f"{page.relative_to(real_site_prefixed)}: {link} -> no #{parts.fragment}")
    assert not broken, "\n".join(broken)


def test_external_links_are_well_formed_https(real_site_prefixed: Path) -> None:
    bad = []
    for page in sorted(real_site_prefixed.rglob("*.html")):
        for link in links_in(page.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme in ("", "mailto"):
                continue
            if parts.scheme != "https" or not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", parts.netloc) or " " in link:
                bad.append(f"{page.relative_to(real_site_prefixed)}: {link}")
    assert not bad, "\n".join(bad)
