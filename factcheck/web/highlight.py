"""Cutting an article's text into plain and highlighted pieces for the claim and article pages.

The spans are the appearances' (a claim's verbatim words in the text), never the claim's own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class Piece:
    text: str
    claim: Any = None  # the claim this piece belongs to, or None for plain text
    current: bool = False
    first: bool = True  # the claim's first span on the page carries its anchor


def pieces(body: str, appearances: Iterable, current_id: int | None = None) -> list[Piece]:
    """The whole text with the spans of every appearance in it marked as its claim's;
    overlapping spans keep the first claim."""
    marks = sorted(((start, end, appearance.claim) for appearance in appearances for start, end in appearance.spans
                    if 0 <= start < end <= len(body)), key=lambda mark: (mark[0], mark[1], mark[2].id))
    out, cursor, seen = [], 0, set()
    for start, end, claim in marks:
        if start < cursor:
            continue
        if start > cursor:
            out.append(Piece(body[cursor:start]))
        out.append(Piece(body[start:end], claim, claim.id == current_id, claim.id not in seen))
        seen.add(claim.id)
        cursor = end
    if cursor < len(body):
        out.append(Piece(body[cursor:]))
    return out


def window(body: str, appearance, around: int = 400) -> list[Piece]:
    """The text around the appearance's first span, cut at word boundaries, with the words marked."""
    spans = appearance.spans
    if not spans or spans[0][1] > len(body):
        return []
    start, end = spans[0]
    left = body.rfind(" ", 0, max(0, start - around)) + 1 if start > around else 0
    right_space = body.find(" ", min(len(body), end + around))
    right = len(body) if end + around >= len(body) or right_space < 0 else right_space
    before = ("…" if left > 0 else "") + body[left:start]
    after = body[end:right] + ("…" if right < len(body) else "")
    return [Piece(before), Piece(body[start:end], appearance.claim, True), Piece(after)]
