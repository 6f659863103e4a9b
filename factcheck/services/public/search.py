"""Full-text search over public verdicts, newest first, keyset-paginated like the other lists.

A reader's query is reduced to words and "quoted phrases" (no other search syntax reaches the
database); every word and phrase must match somewhere in the headline, summary, body, claim or
speaker (stemmed: "rises" finds "rising").
SQLite: the FTS5 table verdict_search (migration 0004p).
PostgreSQL: the stored tsvector verdicts.verdict_search_tsv with its GIN index (migration 0009p),
queried with websearch_to_tsquery; each word is quoted, so the reader's "or" is a word, not an operator.
"""
from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import literal_column, select, text
from sqlalchemy.orm import Session

from factcheck.models import Verdict
from factcheck.services.public import InvalidQuery
from factcheck.services.public.queries import Listing, Page, Position, _listing_key, keyset, public_rows

MAX_QUERY = 200
MAX_TERMS = 12

_PHRASE = re.compile(r'"([^"]*)"|(\w+)')


def terms(query: str) -> list[str]:
    """The words and phrases of a query (a phrase is its words joined by a space); refuses queries
    longer than MAX_QUERY characters."""
    if len(query) > MAX_QUERY:
        raise InvalidQuery(f"Search for at most {MAX_QUERY} characters (this search has {len(query)}).")
    found = []
    for phrase, word in _PHRASE.findall(query.lower()):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            found.append(" ".join(words))
    return found[:MAX_TERMS]


def fts5_query(found: list[str]) -> str:
    """Every term quoted: FTS5 reads a quoted string as a phrase, and nothing as an operator."""
    return " ".join(f'"{term}"' for term in found)


def websearch_query(found: list[str]) -> str:
    return " ".join(f'"{term}"' for term in found)


def matching(session: Session, found: list[str]):
    """The SQL condition 'this verdict matches every term', on the engine's own full-text index."""
    if session.get_bind().dialect.name == "postgresql":
        return literal_column("verdicts.verdict_search_tsv").op("@@")(
            text("websearch_to_tsquery('english', :terms)").bindparams(terms=websearch_query(found)))
    return Verdict.id.in_(select(literal_column("rowid")).select_from(text("verdict_search"))
                          .where(text("verdict_search MATCH :terms").bindparams(terms=fts5_query(found))))


def search(session: Session, query: str, position: Position | int = 1, size: int = 20) -> Page:
    found = terms(query)
    if isinstance(position, int):
        position = Position(position)
    if not found:
        return Page([], 1, size)
    page = keyset(session, public_rows().where(matching(session, found)), Verdict.published_at, Verdict.id,
                  _listing_key, position, size)
    return replace(page, rows=[Listing(*row) for row in page.rows])
