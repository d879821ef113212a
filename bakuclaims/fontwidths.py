"""Write liberation-sans-widths.json: the advance widths of Liberation Sans, the font vl-convert
draws the link previews' PNGs in, by which frame.py fits their text to the card (drawn_width).

    python -m bakuclaims.fontwidths FOLDER    FOLDER holds LiberationSans-Regular.ttf and -Bold.ttf

The table was made from Debian's fonts-liberation2 2.1.5 (whose ttf files are in
/usr/share/fonts/truetype/liberation2/) with fontTools, which the build does not need (setup.sh
installs it with the test tools). Each weight's widths are one string, each
character followed by its advance in font units, four digits. The charts' font the pages serve
(Arimo, static/fonts/) is checked against the table by tests/test_fonts.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .frame import WIDTHS

# Latin (with ə and the Azerbaijani apostrophes), Cyrillic, and the punctuation and signs the site prints
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x259, 0x259), (0x2BB, 0x2BC), (0x400, 0x4FF), (0x2010, 0x2027),
          (0x2030, 0x2030), (0x2039, 0x203A), (0x20AC, 0x20AC), (0x20BC, 0x20BC), (0x2116, 0x2116), (0x2212, 0x2212)]


def widths(font: Path) -> tuple[str, int]:
    """A font file's advance widths for RANGES, as one string (see the module's notes), and its
    units per em."""
    from fontTools.ttLib import TTFont  # a tool for this command alone
    loaded = TTFont(font)
    cmap, metrics = loaded.getBestCmap(), loaded["hmtx"].metrics
    text = "".join(f"{chr(code)}{metrics[cmap[code]][0]:04d}" for low, high in RANGES
                   for code in range(low, high + 1) if code in cmap)
    return text, int(loaded["head"].unitsPerEm)


def main(argv: list[str] | None = None) -> int:
    """Write the table from the folder named on the command line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    folder = Path(args[0])
    try:
        (regular, em), (bold, bold_em) = (widths(folder / f"LiberationSans-{w}.ttf") for w in ("Regular", "Bold"))
    except ImportError:
        print("fontTools is needed: .venv/bin/pip install fonttools", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot read the fonts: {error}", file=sys.stderr)
        return 1
    if em != bold_em:
        print("the two weights have different units per em", file=sys.stderr)
        return 1
    table = {"font": "Liberation Sans", "units_per_em": em, "regular": regular, "bold": bold}
    (Path(__file__).with_name(WIDTHS)).write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n",
                                                 encoding="utf-8")
    print(f"Wrote {WIDTHS}: {len(regular) // 5} characters a weight.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
