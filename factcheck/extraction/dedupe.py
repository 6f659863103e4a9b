"""Stage 6: one candidate per repeated claim inside an article (a headline repeating a quote).

Exact repeats match on normalised text; a short piece (headline, quote) merges into a longer
sentence that contains its quoted words or its whole text. Lookup goes through a 4-word
shingle index so the stage stays linear in the article size.
"""
from __future__ import annotations

import re

from .attribution import quotes

_WORD = re.compile(r"[a-z0-9]+")
K = 4


def norm_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _probes(text: str) -> list[list[str]]:
    """The word runs of a piece that, if found in another sentence, make it a repeat."""
    runs = [norm_words(q) for q in quotes(text)]
    runs = [r for r in runs if len(r) >= K]
    whole = norm_words(text)
    return runs or ([whole] if len(whole) >= K else [])


def duplicate_of(items: list[tuple[str, bool]]) -> dict[int, int]:
    """items = (text, is_short_piece); returns index -> index of the candidate that absorbs it."""
    words = [norm_words(t) for t, _ in items]
    probes = {i: _probes(t) for i, (t, short) in enumerate(items) if short}
    # only the shingles a probe looks up are indexed (the same buckets, far fewer dict writes)
    wanted = {tuple(run[:K]) for runs in probes.values() for run in runs}
    firsts = {key[0] for key in wanted}
    index: dict[tuple[str, ...], list[int]] = {}
    if wanted:
        for i, ws in enumerate(words):
            for j in range(len(ws) - K + 1):
                if ws[j] in firsts:
                    key = tuple(ws[j:j + K])
                    if key in wanted:
                        bucket = index.get(key)
                        if bucket is None:
                            index[key] = [i]
                        elif len(bucket) < 8 and bucket[-1] != i:
                            bucket.append(i)
    exact: dict[tuple[str, ...], int] = {}
    merged: dict[int, int] = {}
    for i, ws in enumerate(words):
        key = tuple(ws)
        if ws and key in exact:
            merged[i] = exact[key]
            continue
        exact.setdefault(key, i)
        if i in probes:
            target = _container(i, probes[i], words, index)
            if target is not None:
                merged[i] = target
    return merged


def _container(i: int, runs: list[list[str]], words: list[list[str]], index) -> int | None:
    for run in runs:
        joined = " " + " ".join(run) + " "
        for j in index.get(tuple(run[:K]), []):
            if j != i and len(words[j]) > len(run) and joined in " " + " ".join(words[j]) + " ":
                return j
    return None
