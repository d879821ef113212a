"""How numbers and dates are written on the site, in one place, and the search's listing key."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_EVERY_DIGIT = Context(prec=400)  # room for any float's digits (at most 309 before the point) and the decimals kept


def half_up(value: float, places: int) -> Decimal:
    """A number rounded to places decimals as by hand, a half up (12.5 → 13), taken as it is written
    (1.005 → 1.01; its nearest binary fraction is a little less). The check of derived values rounds so too."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_EVERY_DIGIT)


def number(value: float) -> str:
    """A plain number with thousands separators and no trailing zeros, to at most four decimals."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{half_up(value, 4):,f}".rstrip("0").rstrip(".")


def plain(value: float) -> str:
    """A number as an editor types it in YAML: every digit, no separators, no exponent (0.00001,
    not 1e-05, which YAML reads as text)."""
    text = f"{Decimal(repr(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ordinal(value: int) -> str:
    """1st, 2nd, 3rd, 74th."""
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def count(value: float) -> str:
    """Counts of a million or more in millions when that loses nothing, else in full: a whole number
    of thousands is at most three decimals of a million (2,010,000 is '2.01 million'; 2,010,500 stays)."""
    if value >= 1_000_000 and value == int(value) and int(value) % 1_000 == 0:
        thousands = int(value) // 1_000
        return f"{thousands // 1_000}.{thousands % 1_000:03d}".rstrip("0").rstrip(".") + " million"
    return number(value)


def count_axis(ticks: list[float]) -> list[str]:
    """A count axis's numbers, all in one style, as chart._count_labels has vega write them: in millions
    on an axis drawn to a million or more ('0', '0.5 million', '1 million'), else in full ('0', '200,000'),
    so that one axis never sets '500,000' beside '1 million'."""
    if max(ticks, default=0) < 1_000_000:
        return [number(tick) for tick in ticks]
    return [f"{half_up(tick / 1_000_000, 3):f}".rstrip("0").rstrip(".") + " million" if tick else "0"
            for tick in ticks]


def value(amount: float | None, unit: str | None, qualifier: str | None = None) -> str:
    """A fact's value in its unit, as a reader sees it: 'nearly 100%', '3.6 million'."""
    if amount is None:
        return "no figure"
    if unit == "percent":
        text = f"{number(amount)}%"
    elif unit == "count":
        text = count(amount)
    elif unit == "rank":
        text = str(int(amount)) if qualifier == "top" else ordinal(int(amount))  # 'top 40', not 'top 40th'
    elif unit == "per-100":
        text = f"{number(amount)} per 100 people"
    elif unit == "mbps":
        text = f"{number(amount)} Mbps"
    else:
        text = number(amount)
    return f"{qualifier} {text}" if qualifier else text


def date_span(start: dt.date, end: dt.date) -> tuple[str, str]:
    """The ends of a span of days, written without what the end repeats ('15 to 16 May 2024': a
    screen reader skips a dash): ('15', '16 May 2024'), ('', '15 May 2024') for one day."""
    if start == end:
        return "", date(end)
    if (start.year, start.month) == (end.year, end.month):
        return str(start.day), date(end)
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]}", date(end)
    return date(start), date(end)


def date(text: str | dt.date | None) -> str:
    """2024 → '2024'; 2024-05 → 'May 2024'; 2024-05-15 → '15 May 2024'."""
    if text is None or text == "":
        return "date not known"
    parts = str(text).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def refers_to(fact: object, target: bool = False) -> str:
    """The date a fact is of, as readers are told it: a claim's day; a figure's period in its source's
    words where they are less exact than a date ('end of 2025'), else its date; a target's, as
    'target for end of 2026'."""
    words = getattr(fact, "as_of_words", None)
    if not words:
        said_on = getattr(fact, "said_on", None)
        words = date(said_on if said_on is not None else getattr(fact, "as_of", None))
    return f"target for {words}" if target else str(words)


def month(text: str | dt.date | None) -> str:
    """Just the month and year, for chart labels: 'May 2024'."""
    if text is None or text == "":
        return "date not known"
    parts = str(text).split("-")
    return parts[0] if len(parts) == 1 else f"{MONTHS[int(parts[1]) - 1][:3]} {parts[0]}"


def iso_start(text: str | dt.date | None) -> str | None:
    """The first day of a partial date, for sorting and time axes: 2024-05 → 2024-05-01."""
    if text is None or text == "":
        return None
    parts = (str(text).split("-") + ["01", "01"])[:3]
    return "-".join(parts)


def iso_end(text: str) -> str:
    """A day on or after the last of a partial date, as text that compares as YYYY-MM-DD does:
    2024 → 2024-12-31; 2024-05 → 2024-05-31 (for any month: a sort key, not a date)."""
    return text + "-12-31" if len(text) == 4 else text + "-31" if len(text) == 7 else text


def words(n: int) -> str:
    """Small counts in words, as house style has them: 'two', but 12 and 1,000."""
    return ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][n] if n < 10 else f"{n:,}"


def places(decimals: int) -> str:
    """What a figure is rounded to, in words: 'a whole number', 'one decimal place', 'the nearest 10,000'."""
    if decimals < 0:
        return f"the nearest {10 ** -decimals:,}"
    return "a whole number" if decimals == 0 else f"{words(decimals)} decimal place{'' if decimals == 1 else 's'}"


def listed(items: list[str]) -> str:
    """Items as a sentence lists them: 'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def capfirst(text: str) -> str:
    """'all households' → 'All households'; the rest left as written ('UN' stays 'UN')."""
    return text[:1].upper() + text[1:]


def listing_key(title: str, date: str = "") -> str:
    """A page's place in a listing of filters without a query: the value of its Pagefind sort key
    "listing" (the templates give it; static/search-api/pagefind.js sorts by it, ascending), which
    puts pages with a date (YYYY, YYYY-MM or YYYY-MM-DD: facts, and events by their first day)
    first, newest first, then the others, each in the order of its title (case left out).

    A sorted search leaves out every page without the key (Pagefind 1.5), so every indexed page
    has one. Pagefind compares the keys as text, capitals before small letters, and only one way
    at a time, so a date, to come newest first, is written as its digits taken from 99999999 (a
    missing month or day counted as 00, so that a whole year comes after its days, as in the list
    of all facts): 2025-11-17 gives "0 79748882", before 2024-05-15's "0 79759484"."""
    if not date:
        return f"1 {title.casefold()}"
    year, month, day = (date.split("-") + ["00", "00"])[:3]
    return f"0 {99999999 - int(year + month + day):08d} {title.casefold()}"
