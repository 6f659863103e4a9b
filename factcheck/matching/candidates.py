"""Candidates from the database's own full-text index: an OR of the query's most informative words.

The words reach the database only as bound parameters made of letters and digits (SQLite: each one a
quoted FTS5 string; PostgreSQL: lexemes joined by `|` for to_tsquery), so no search syntax or SQL
in a user's text is ever interpreted.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from factcheck.matching.text import NEGATIONS, STOP_WORDS, stem, words
from factcheck.models import MatchTerm

CANDIDATES = 50
MAX_QUERY_WORDS = 20
# a word in more than this share of the documents finds too much to be worth asking for
COMMON_SHARE = 0.06
_PLAIN = re.compile(r"[^\W_]+")

SQLITE_CANDIDATES = text("""
SELECT d.id, d.kind, d.ref_id, d.claim_id, d.body, d.speaker, d.claim_date, d.embedding
FROM (SELECT rowid AS id, rank FROM match_search WHERE match_search MATCH :query ORDER BY rank LIMIT :n) hit
JOIN match_documents d ON d.id = hit.id ORDER BY hit.rank, d.id
""")
POSTGRES_CANDIDATES = text("""
SELECT d.id, d.kind, d.ref_id, d.claim_id, d.body, d.speaker, d.claim_date, d.embedding
FROM match_documents d, to_tsquery('english', :query) q
WHERE d.match_search_tsv @@ q
ORDER BY ts_rank(d.match_search_tsv, q) DESC, d.id LIMIT :n
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


def frequencies(session: Session, stems: set[str]) -> dict[str, int]:
    """Document counts of these words (and of '' = all documents), in batches of bound parameters."""
    wanted, found = sorted(stems | {""}), {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        found.update(session.execute(select(MatchTerm.term, MatchTerm.df).where(MatchTerm.term.in_(chunk))).all())
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
    rows = session.execute(statement.bindparams(bindparam("n", n)), {"query": query, "n": n})
    return [Candidate(*row) for row in rows]


def idf_weight(df: dict[str, int]):
    total = max(df.get("", 0), 1)
    return lambda term: math.log((total + 1) / (df.get(term, 0) + 1)) + 1.0
