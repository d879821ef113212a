"""The Content Security Policy every page gives itself in a <meta> element, so that the browser
holds the site to what it promises: scripts, styles, images, fonts and data come from the site itself.

GitHub Pages cannot send response headers, so the policy is given in the page's HTML. A policy
given that way cannot hold frame-ancestors, report-uri, report-to or sandbox (browsers ignore
them there): any site may frame a page (the embed pages are made to be framed), and a violation
is reported only in the reader's browser console. Links to other sites, the sources among them,
are navigations, which the policy does not govern; the site never loads anything from a
source's address.
"""

from __future__ import annotations

import base64
import hashlib

# Each directive, and why it allows what it allows. Anything a directive here does not name
# falls back to default-src: frames, plugins and media are refused.
DIRECTIVES: tuple[tuple[str, str], ...] = (
    # nothing at all, unless a directive below allows it
    ("default-src", "'none'"),
    # the site's own script files: no inline script (the JSON-LD blocks are data, which no policy
    # governs) and no eval, so no Function() either (Vega reads its expressions with its
    # interpreter: see static/charts.js); the search page adds WASM (see policy)
    ("script-src", "'self'"),
    # the site's stylesheet and Pagefind's; a fact page's rule that outlines the fact in its
    # charts is allowed by its hash, page by page (see policy). No style attribute: the charts'
    # SVG has none, and scripts set styles through the DOM (el.style), which no policy governs
    ("style-src", "'self'"),
    # the favicon and the search box's magnifier, files of the site (Pagefind draws the
    # magnifier from a data: address, which style.css replaces with the file)
    ("img-src", "'self'"),
    # the web app manifest (manifest.webmanifest: see icons.py), which the browser reads for the
    # site's name and home-screen icons
    ("manifest-src", "'self'"),
    # the charts' font, Arimo, a file of the site (assets/fonts/), for a reader who has neither
    # Liberation Sans nor Arial (see style.css); the page's own text is in the reader's fonts
    ("font-src", "'self'"),
    # what scripts fetch: a chart's Vega-Lite spec, Pagefind's index, fragments and WebAssembly
    ("connect-src", "'self'"),
    # Pagefind searches in a worker, pagefind/pagefind-worker.js (as script-src would allow it)
    ("worker-src", "'self'"),
    # the facts table's filter, sent to its own page when scripts are off (Pagefind's form is
    # never sent)
    ("form-action", "'self'"),
    # no page sets its base address (the embed page's <base> sets only where links open)
    ("base-uri", "'none'"),
)


def style_hash(css: str) -> str:
    """The policy's source expression that allows one inline <style> element of exactly this text."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# Pagefind's search runs as WebAssembly, which a policy's script-src must allow to be compiled:
# 'wasm-unsafe-eval' allows WebAssembly alone, not JavaScript's eval. Only the search page has it.
WASM = "'wasm-unsafe-eval'"


def policy(styles: tuple[str, ...] | list[str] = (), wasm: bool = False) -> str:
    """The policy of a page whose inline <style> elements hold exactly the given texts (wasm: the
    search page's, which runs Pagefind's WebAssembly)."""
    parts = []
    for name, sources in DIRECTIVES:
        if name == "style-src" and styles:
            sources = " ".join([sources, *sorted({style_hash(css) for css in styles})])
        if name == "script-src" and wasm:
            sources += " " + WASM
        parts.append(f"{name} {sources}")
    return "; ".join(parts)
