#!/usr/bin/env python3
"""Screenshots of key pages of the real site, at a phone's width and a desktop's, for a person
to look at (not a test: it asserts nothing).

    .venv/bin/python tests/screenshots.py      # writes test-artifacts/*.png

It builds the real site into a scratch folder, serves it on 127.0.0.1 under the sub-path
GitHub project pages use, and photographs each page whole in the Debian chromium.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from browser_support import launch, serve

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
PREFIX = "/baku-digital-claims/"
PAGES = {"home": "", "claim": "facts/digital-id-65-percent/", "metric": "metrics/fibre-coverage-national/"}
WIDTHS = (360, 1280)


def main() -> int:
    """Build, serve, photograph; print where each screenshot went."""
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bakuclaims-screenshots-") as scratch:
        site = Path(scratch) / "site"
        subprocess.run([sys.executable, str(REPO / "build.py"), "--out", str(site), "--base-url", PREFIX], check=True)
        with serve(site, PREFIX) as url, launch() as browser:
            for name, path in PAGES.items():
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
                    page = context.new_page()
                    page.goto(url + path, wait_until="networkidle")
                    target = ARTIFACTS / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    context.close()
                    print(target.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
