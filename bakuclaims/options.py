"""What the command line sets: the output options and folder, and what `build.py new` can write.

Kept apart, and free of imports from the rest of the package, so that build.py can read
its command line before the build's heavier modules load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WHATS = ("fact", "event", "source", "person", "metric")  # the records `build.py new` writes a skeleton of
MARKER = ".bakuclaims-site"  # in every output folder: a folder without it holds files a build did not write
MARKER_TEXT = b"Written by build.py of Baku Digital Claims; each build replaces this whole folder.\n"
KEEP_OUT = {"bakuclaims", "benchmarks", "content", "data", "schemas", "static", "templates", "tests",
            ".cache", ".ci", ".git", ".github", ".venv", "node_modules"}  # a project's own folders


@dataclass(frozen=True)
class Options:
    """Settings that change the output.

    base_url is the path the site is served under ('/' or '/repo/'); every internal link
    starts with it. site_url is the origin ('https://user.github.io', no path), needed
    for absolute addresses: canonical links, Open Graph, the sitemap and the feed's links.
    Without it those are written root-relative, or left out where a standard demands an
    absolute address (og:url, og:image, sitemap.xml). report_url is where readers report a
    mistake: a GitHub repository's new-issue address (https://github.com/owner/repo/issues/new);
    without it, pages carry no link to report one.
    """

    base_url: str = "/"
    site_url: str = ""
    report_url: str = ""

    @classmethod
    def parse(cls, base_url: str = "/", site_url: str = "", report_url: str = "") -> "Options":
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
        if report_url:
            parts = urlsplit(report_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
                raise ValueError("--report-url must be an address like https://github.com/owner/repo/issues/new "
                                 f"(without ? or #); got '{report_url}'")
        return cls(base_url=path if path.endswith("/") else path + "/", site_url=origin, report_url=report_url)

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


def out_problem(root: Path, out: Path) -> str | None:
    """Why out cannot be the output folder, or None: a build replaces the whole folder, so it
    must not be or hold the project, be one of its folders, or hold files a build did not write."""
    root, out = root.resolve(), out.resolve()
    if out == root or out in root.parents:
        return f"--out {out} would replace the project folder {root}; give a folder of its own, e.g. {root / 'site'}"
    if root in out.parents and out.relative_to(root).parts[0] in KEEP_OUT:
        return (f"--out {out} is in the project's {out.relative_to(root).parts[0]}/ folder, and a build "
                f"replaces its output folder whole; give a folder of its own, e.g. {root / 'site'}")
    if out == root / "site" or not out.exists():
        return None
    if not out.is_dir():
        return f"--out {out} is a file, not a folder; give a new folder"
    if any(out.iterdir()) and not (out / MARKER).is_file() and not _built_before_marker(out):
        return (f"--out {out} holds files that no build wrote, and a build replaces the whole folder; "
                "give a new or empty folder, or move those files first")
    return None


def _built_before_marker(out: Path) -> bool:
    """True for a folder a build of this site made before builds marked theirs (4 December 2026)."""
    return all((out / name).exists() for name in ("index.html", "datapackage.json", "pagefind", "assets"))
