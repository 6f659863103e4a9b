"""One set of rules for values that arrive as text (query strings, path pieces, form fields, files):
whole numbers in ASCII digits within what the databases store, dates within a sane range, no control
characters. Pure functions; the web layer and the services both use them."""
from __future__ import annotations

import re
from datetime import date

DB_INT_MAX = 2**63 - 1        # PostgreSQL BIGINT (and INTEGER ids are far below it)
ID_MAX = 2**31 - 1            # INTEGER primary keys on PostgreSQL
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 30)   # leaves room for "the day after" arithmetic
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ascii_int(raw: str | None, *, low: int = 0, high: int = ID_MAX) -> int | None:
    """The whole number `raw` spells in ASCII digits within [low, high], else None.

    `str.isdigit()` accepts "²" and "①", which `int()` refuses, and Python ints are unbounded while
    the databases' are not: both once reached the database as a 500."""
    if raw is None or not _ASCII_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def control_character(text: str) -> str | None:
    """The first control character in `text` (tab, newline and carriage return are text), as U+XXXX."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def sane_date(value: date) -> bool:
    return EARLIEST <= value <= LATEST
