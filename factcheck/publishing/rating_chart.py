"""A server-rendered SVG bar chart of how many verdicts got each rating.

It is drawn on the server so it works without JavaScript and under a strict CSP, and it is
accessible: role="img" with a <title> and <desc> that say the same thing as the bars, and
every label and count is real text, not only a bar length.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from html import escape

from factcheck.publishing.colours import valid_colour

WIDTH = 640
ROW_HEIGHT = 32
BAR_HEIGHT = 20
TOP = 40
LABEL_WIDTH = 200
COUNT_WIDTH = 60
BAR_AREA = WIDTH - LABEL_WIDTH - COUNT_WIDTH - 20
MAX_LABEL_CHARS = 28
TEXT_COLOUR = "#1f2937"
FONT = 'font-family="system-ui, sans-serif" font-size="14"'

RatingCount = tuple[str, str, int]


def _short(label: str) -> str:
    """Keep long labels inside their column; the full label is in <desc> for screen readers."""
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def _chart_id(title: str, counts: Sequence[RatingCount]) -> str:
    """A stable id so two charts on one page do not share <title>/<desc> ids."""
    digest = hashlib.sha1(repr((title, list(counts))).encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    return f"rating-chart-{digest}"


def _description(counts: Sequence[RatingCount]) -> str:
    if not counts:
        return "No rated verdicts yet."
    total = sum(count for _, _, count in counts)
    parts = ", ".join(f"{label}: {count}" for label, _, count in counts)
    noun = "verdict" if total == 1 else "verdicts"
    return f"{total} {noun} by rating. {parts}."


def _row(index: int, label: str, colour: str, count: int, largest: int) -> str:
    """One rating: its label, a bar scaled to the largest count, and the count as text."""
    y = TOP + index * ROW_HEIGHT
    width = round(BAR_AREA * count / largest) if largest else 0
    text_y = y + BAR_HEIGHT / 2 + 5
    return (
        f'<g><text x="{LABEL_WIDTH - 10}" y="{text_y}" text-anchor="end" fill="{TEXT_COLOUR}" {FONT}>'
        f"{escape(_short(label))}</text>"
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{valid_colour(colour)}"/>'
        f'<text x="{LABEL_WIDTH + width + 8}" y="{text_y}" fill="{TEXT_COLOUR}" {FONT}>{count}</text></g>'
    )


def rating_distribution_svg(counts: Sequence[tuple[str, str, int]], title: str) -> str:
    """An inline SVG horizontal bar chart of (label, colour, count) rows, in the given order."""
    for _, _, count in counts:
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"counts must be non-negative integers, got {count!r}")
    chart_id = _chart_id(title, counts)
    largest = max((count for _, _, count in counts), default=0)
    height = TOP + max(len(counts), 1) * ROW_HEIGHT + 8
    rows = [_row(i, label, colour, count, largest) for i, (label, colour, count) in enumerate(counts)]
    if not counts:
        rows = [f'<text x="{WIDTH / 2}" y="{TOP + 20}" text-anchor="middle" fill="{TEXT_COLOUR}" {FONT}>'
                "No rated verdicts yet</text>"]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(_description(counts))}</desc>'
        f'<text x="0" y="20" fill="{TEXT_COLOUR}" font-family="system-ui, sans-serif" font-size="16" '
        f'font-weight="bold">{escape(title)}</text>'
        + "".join(rows)
        + "</svg>"
    )
