"""What the command line sets: the output options, and what `build.py new` can write.

Kept apart, and free of imports from the rest of the package, so that build.py can read
its command line before the build's heavier modules load.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

WHATS = ("fact", "event", "source")  # the records `build.py new` writes a skeleton of


@dataclass(frozen=True)
class Options:
    """Settings that change the output.

    base_url is the path the site is served under ('/' or '/repo/'); every internal link
    starts with it. site_url is the origin ('https://user.github.io', no path), needed
    for absolute addresses: canonical links, Open Graph, the sitemap and the feed's links.
    Without it those are written root-relative, or left out where a standard demands an
    absolute address (og:url, og:image, sitemap.xml).
    """

    base_url: str = "/"
    site_url: str = ""

    @classmethod
    def parse(cls, base_url: str = "/", site_url: str = "") -> "Options":
        """Options from the command line: base_url may be a path or a full address
        (https://host/path/, as GitHub's configure-pages gives it), split into origin and path."""
        origin, path = _split_address(base_url, "--base-url") if "://" in base_url else ("", base_url)
        if not path.startswith("/"):
            raise ValueError(f"--base-url must start with / or http(s)://, got '{base_url}'")
        if site_url:
            given, rest = _split_address(site_url, "--site-url")
            if rest != "/":
                raise ValueError(f"--site-url takes an origin only, like https://example.org; got '{site_url}' "
                                 "(put the path in --base-url)")
            if origin and given != origin:
                raise ValueError(f"--site-url {site_url} and --base-url {base_url} name different sites")
            origin = given
        return cls(base_url=path if path.endswith("/") else path + "/", site_url=origin)

    @property
    def absolute(self) -> bool:
        """True when the site's origin is known, so absolute addresses can be written."""
        return bool(self.site_url)


def _split_address(address: str, option: str) -> tuple[str, str]:
    """'https://host/repo' → ('https://host', '/repo'); refuse anything but http(s) with a host."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{option} must be a path like /repo/ or an address like https://host/repo/; "
                         f"got '{address}'")
    return f"{parts.scheme}://{parts.netloc.lower()}", parts.path or "/"
