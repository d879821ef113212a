#!/usr/bin/env python3
"""Lighthouse scores (mobile preset) for home, a claim, an event, a metric, the facts table and a chart page.

A benchmark, not a test: it prints the four category scores per page.

    .venv/bin/python build.py --out /tmp/lh --base-url https://example.github.io/
    .venv/bin/python benchmarks/lighthouse.py --site /tmp/lh
    .venv/bin/python benchmarks/lighthouse.py --site /tmp/lh --page "search/?q=fibre" --page "search/?type=Claim"

Build with a full address in --base-url, as the Pages workflow does: without one the
canonical links are paths only, and Lighthouse's SEO check wants them absolute.
Measured 2026-12-04: 100 in all four categories on all six pages.

Needs `npm ci` (Lighthouse from npm) and the Debian chromium package; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from browser_support import serve  # noqa: E402

PAGES = {
    "home": "",
    "claim": "facts/digital-id-65-percent/",
    "event": "events/gsma-m360-eurasia-2024/",
    "metric": "metrics/fibre-coverage-national/",
    "facts table": "facts/",
    "chart": "charts/headline/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run " \
        "--disable-background-networking --disable-component-update --disable-sync"


def main() -> int:
    """Serve the built site and print one row of scores per page."""
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    lighthouse = REPO / "node_modules" / ".bin" / "lighthouse"
    chromium = shutil.which("chromium")
    if not lighthouse.exists() or chromium is None:
        print("Lighthouse (npm ci) and chromium (apt-get install chromium) are needed.", file=sys.stderr)
        return 2
    pages = {path: path.lstrip("/") for path in args.page} if args.page else PAGES
    width = max(12, *map(len, pages))
    print(f"{'page':{width}} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    with serve(args.site) as url:
        for name, path in pages.items():
            report = audit(lighthouse, chromium, url + path)
            scores = [report["categories"][c]["score"] for c in CATEGORIES]
            print(f"{name:{width}} " + " ".join(f"{round((s or 0) * 100):>15}" for s in scores))
            for line in below_full_marks(report):
                print(" " * (width + 1) + line)
    return 0


def parse_args() -> argparse.Namespace:
    """The site folder to audit, and the pages, if not the six."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=REPO / "site", help="built site (default: site/)")
    parser.add_argument("--page", action="append", default=[],
                        help="a page's address below the site's, e.g. 'search/?q=fibre', in place of the six "
                             "(repeat for more)")
    return parser.parse_args()


def audit(lighthouse: Path, chromium: str, url: str) -> dict:
    """Run Lighthouse on one URL with the mobile preset; return its JSON report."""
    logging.info("auditing %s", url)
    result = subprocess.run([str(lighthouse), url, f"--chrome-flags={FLAGS}", "--output=json", "--quiet",
                             "--only-categories=" + ",".join(CATEGORIES)],
                            capture_output=True, text=True, timeout=300, env=dict(os.environ, CHROME_PATH=chromium))
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url}: {result.stderr[-2000:]}")
    return json.loads(result.stdout)


def below_full_marks(report: dict) -> list[str]:
    """The audits that kept a category below 100, by title."""
    lines = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"].get(ref["id"], {})
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                lines.append(f"{category}: {audit.get('title')} ({audit.get('displayValue', score)})")
    return lines


if __name__ == "__main__":
    sys.exit(main())
