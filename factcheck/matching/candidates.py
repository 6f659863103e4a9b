"""Candidates from the database's own full-text index: an OR of the query's most informative words.

The words reach the database only as bound parameters made of letters and digits (SQLite: each one a
quoted FTS5 string; PostgreSQL: lexemes joined by `|` for to_tsquery), so no search syntax or SQL
in a user's text is ever interpreted.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck.matching.text import NEGATIONS, STOP_WORDS, stem, words
from factcheck.models import MatchTerm

CANDIDATES = 50
MAX_QUERY_WORDS = 20
# a word in more than this share of the documents finds too much to be worth asking for
COMMON_SHARE = 0.06
# word counts cached per process and engine for the re-ranker's weights (weight_frequencies)
DF_TTL = 30.0
DF_CACHE_SIZE = 200_000
_DF_CACHE: dict[int, dict[str, tuple[float, int]]] = {}
_PLAIN = re.compile(r"[^\W_]+")

SQLITE_CANDIDATES = text("""
SELECT d.id, d.kind, d.ref_id, d.claim_id, d.body, d.speaker, d.claim_date, d.embedding
FROM (SELECT rowid AS id, rank FROM match_search WHERE match_search MATCH :query ORDER BY rank LIMIT :n) hit
JOIN match_documents d ON d.id = hit.id ORDER BY hit.rank, d.id
""")
# PostgreSQL ranks at most POSTGRES_RANKED of the rows the GIN index finds (ts_rank reads each row's
# tsvector: over a large OR match that was most of the time); the words asked for are the rarest, so
# a capped set still holds the documents sharing them
POSTGRES_RANKED = 5000
POSTGRES_CANDIDATES = text("""
SELECT d.id, d.kind, d.ref_id, d.claim_id, d.body, d.speaker, d.claim_date, d.embedding
FROM (SELECT m.id, ts_rank(m.match_search_tsv, q) AS rank
      FROM (SELECT id, match_search_tsv FROM match_documents
            WHERE match_search_tsv @@ to_tsquery('english', :query) LIMIT :ranked) m,
           to_tsquery('english', :query) q
      ORDER BY rank DESC, m.id LIMIT :n) hit
JOIN match_documents d ON d.id = hit.id ORDER BY hit.rank DESC, d.id
""")


@dataclass(frozen=True)
class Candidate:
    id: int
    kind: str
    ref_id: int
    claim_id: int | None
    body: str
    speaker: str | None
    claim_date: date | None
    embedding: bytes | None


def _lookup(session: Session, wanted: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found.update(session.execute(select(MatchTerm.term, MatchTerm.df).where(MatchTerm.term.in_(chunk))).all())
    return found


def _cache_for(session: Session) -> dict[str, tuple[float, int]]:
    bind = session.get_bind()
    return _DF_CACHE.setdefault(id(getattr(bind, "engine", bind)), {})


def forget(session: Session | None = None) -> None:
    """Drop this process's cached word counts (the index functions call it on every write)."""
    if session is None:
        _DF_CACHE.clear()
    else:
        _cache_for(session).clear()


def frequencies(session: Session, stems: set[str]) -> dict[str, int]:
    """Document counts of these words (and of '' = all documents), read from the database now.

    Used for the query's own words, which decide what the index is asked for: never stale."""
    found = _lookup(session, sorted(stems | {""}))
    cache, now = _cache_for(session), time.monotonic()
    if len(cache) > DF_CACHE_SIZE:
        cache.clear()
    cache.update((term, (now, n)) for term, n in found.items())
    return found


def weight_frequencies(session: Session, stems: set[str]) -> dict[str, int]:
    """Document counts for the re-ranker's word weights: from a per-process cache (DF_TTL seconds;
    cleared by this process's own writes), the missing ones in one lookup. A count a few seconds old
    moves a weight by a hair; it never decides which documents are candidates."""
    cache, now = _cache_for(session), time.monotonic()
    found, missing = {}, []
    for term in stems:
        hit = cache.get(term)
        if hit is not None and now - hit[0] < DF_TTL:
            found[term] = hit[1]
        else:
            missing.append(term)
    if missing:
        fetched = _lookup(session, sorted(missing))
        if len(cache) > DF_CACHE_SIZE:
            cache.clear()
        for term in missing:  # a word no document holds is cached as 0 too
            found[term] = fetched.get(term, 0)
            cache[term] = (now, found[term])
    return found


def query_words(text_: str, df: dict[str, int]) -> list[str]:
    """The plain words to ask the index for: rarest first, common and unknown words left out."""
    total = max(df.get("", 0), 1)
    limit = max(COMMON_SHARE * total, 25)
    chosen: dict[str, str] = {}
    for word in words(text_):
        for part in _PLAIN.findall(word):
            key = stem(part)
            if part in STOP_WORDS or part in NEGATIONS or key in chosen or len(part) > 40:
                continue
            if 0 < df.get(key, 0) <= limit:
                chosen[key] = part
    ranked = sorted(chosen, key=lambda key: (df[key], key))[:MAX_QUERY_WORDS]
    return [chosen[key] for key in ranked]


def fetch(session: Session, plain_words: list[str], n: int = CANDIDATES) -> list[Candidate]:
    if not plain_words:
        return []
    if session.get_bind().dialect.name == "postgresql":
        statement, query = POSTGRES_CANDIDATES, " | ".join(plain_words)
    else:
        statement, query = SQLITE_CANDIDATES, " OR ".join(f'"{word}"' for word in plain_words)
    rows = session.execute(statement, {"query": query, "n": n, "ranked": POSTGRES_RANKED}
                           if statement is POSTGRES_CANDIDATES else {"query": query, "n": n})
    return [Candidate(*row) for row in rows]


def idf_weight(df: dict[str, int]):
    total = max(df.get("", 0), 1)
    return lambda term: math.log((total + 1) / (df.get(term, 0) + 1)) + 1.0
