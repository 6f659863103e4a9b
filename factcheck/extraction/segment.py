"""Stage 1: split the body into sentences with character offsets (syntok)."""
from __future__ import annotations

from dataclasses import dataclass

from syntok import segmenter


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def segment(body: str) -> list[Sentence]:
    out: list[Sentence] = []
    for paragraph in segmenter.analyze(body):
        for tokens in paragraph:
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            out.append(Sentence(start, end, body[start:end]))
    return out
