"""The entry point: extract(article) -> list[CandidateClaim]."""
from __future__ import annotations

from .segment import segment
from .types import CandidateClaim


def extract(article) -> list[CandidateClaim]:
    body = getattr(article, "body", "") or ""
    if not isinstance(body, str):
        body = str(body)
    return [CandidateClaim(text=s.text, spans=((s.start, s.end),), score=0.5) for s in segment(body)]
