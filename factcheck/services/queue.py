"""The triage queue: filters, sort orders and keyset pagination that stays fast at 100,000 claims.

Each sort order walks one index led by `status` (see Claim.__table_args__); the next page starts
after the last row's (sort value, id), so page 2,000 costs what page 1 costs. The search box uses
the claims' full-text index (migration 0009p: FTS5 claim_search on SQLite, the tsvector
claims.claim_search_tsv on PostgreSQL), stemmed, every word required, the last one as a prefix so
that a half-typed word already finds its claims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, Select, String, cast, false, literal, literal_column, select, text, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.functions import FunctionElement

from factcheck.errors import ValidationError
from factcheck.models import Article, Claim
from factcheck.workflow import Status


@dataclass(frozen=True)
class SortOrder:
    label: str
    column: Any
    descending: bool
    parse: Any  # str -> the column's Python value, for the cursor


SORTS: dict[str, SortOrder] = {
    "score": SortOrder("check-worthiness, highest first", Claim.score, True, float),
    "oldest": SortOrder("waiting longest first", Claim.created_at, False, datetime.fromisoformat),
    "newest": SortOrder("newest first", Claim.created_at, True, datetime.fromisoformat),
    "article_date": SortOrder("article date, newest first", Claim.appeared_on, True, date.fromisoformat),
    # readers' tips that asked about the claim (services/tips.py); walks ix_claims_status_demand
    "demand": SortOrder("most asked for by readers", Claim.demand, True, int),
}
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class QueueFilter:
    status: str = Status.NEW.value
    sort: str = "score"
    claim_type: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    article_id: int | None = None
    assignee_id: int | None = None
    min_score: float | None = None
    max_score: float | None = None
    text: str | None = None
    min_demand: int | None = None  # at least this many readers asked about it (tips)

    def __post_init__(self) -> None:
        if self.status not in {s.value for s in Status}:
            raise ValidationError(f"There is no status called {self.status!r}.")
        if self.sort not in SORTS:
            raise ValidationError(f"Sort by one of: {', '.join(SORTS)}.")
        if self.min_score is not None and self.max_score is not None and self.min_score > self.max_score:
            raise ValidationError("The lowest score is above the highest score.")


@dataclass(frozen=True)
class QueuePage:
    rows: list[Claim]
    next_cursor: str | None
    number: int


def encode_cursor(order: SortOrder, claim: Claim) -> str:
    value = getattr(claim, order.column.key)
    return f"{value.isoformat() if hasattr(value, 'isoformat') else repr(value)}~{claim.id}"


def decode_cursor(order: SortOrder, cursor: str) -> tuple[Any, int]:
    value, _, claim_id = cursor.rpartition("~")
    try:
        return order.parse(value), int(claim_id)
    except (TypeError, ValueError):
        raise ValidationError("This page link is damaged; go back to the first page of the queue.") from None


class position_of(FunctionElement):
    """Where `needle` starts in `haystack` (0: absent): instr() on SQLite, strpos() on PostgreSQL.

    Used instead of LIKE '%…%' for claim types because PostgreSQL guesses that such a LIKE matches
    almost nothing and then sorts a full scan; a comparison on a function result is guessed at a
    third, so the planner walks the sort order's index and stops after one page.
    """

    type = Integer()
    inherit_cache = True


@compiles(position_of)
def _instr(element, compiler, **kw):
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(position_of, "postgresql")
def _strpos(element, compiler, **kw):
    return f"strpos({compiler.process(element.clauses, **kw)})"


MAX_SEARCH_WORDS = 12


def search_words(typed: str) -> list[str]:
    return re.findall(r"\w+", typed.lower())[:MAX_SEARCH_WORDS]


def text_match(query: Select, typed: str, dialect: str) -> Select:
    """Claims whose text (or speaker) has every typed word, the last one as a prefix."""
    words = search_words(typed)
    if not words:
        return query.where(false())
    return query.where((_postgres_match if dialect == "postgresql" else _sqlite_match)(words))


def _sqlite_match(words: list[str]):
    terms = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    found = select(literal_column("rowid")).select_from(text("claim_search")).where(
        text("claim_search MATCH :claim_terms").bindparams(claim_terms=terms.strip()))
    return Claim.id.in_(found)


def _postgres_match(words: list[str]):
    terms = " & ".join(f"'{w}'" for w in words[:-1]) + (" & " if len(words) > 1 else "") + f"'{words[-1]}':*"
    return literal_column("claims.claim_search_tsv").op("@@")(
        text("to_tsquery('english', :claim_terms)").bindparams(claim_terms=terms))


def filtered(query: Select, f: QueueFilter, dialect: str = "sqlite") -> Select:
    query = query.where(Claim.status == f.status)
    if f.claim_type:  # claim_types is a JSON list of keys: find the quoted key in its text
        query = query.where(position_of(cast(Claim.claim_types, String), f'"{f.claim_type}"') > 0)
    if f.speaker:
        query = query.where(Claim.speaker == f.speaker)
    if f.outlet:
        query = query.where(Claim.article_id.in_(select(Article.id).where(Article.outlet == f.outlet)))
    if f.article_id is not None:
        query = query.where(Claim.article_id == f.article_id)
    if f.assignee_id is not None:
        query = query.where(Claim.assignee_id == f.assignee_id)
    if f.min_score is not None:
        query = query.where(Claim.score >= f.min_score)
    if f.min_demand:
        query = query.where(Claim.demand >= f.min_demand)
    if f.max_score is not None:
        query = query.where(Claim.score <= f.max_score)
    if f.text:
        query = text_match(query, f.text, dialect)
    return query


def ordered(query: Select, order: SortOrder, cursor: str | None) -> Select:
    key = tuple_(order.column, Claim.id)
    if cursor:
        value, claim_id = decode_cursor(order, cursor)
        after = tuple_(literal(value, order.column.type), literal(claim_id, Claim.id.type))
        query = query.where(key < after if order.descending else key > after)
    if order.descending:
        return query.order_by(order.column.desc(), Claim.id.desc())
    return query.order_by(order.column, Claim.id)


def queue_page(session: Session, f: QueueFilter, cursor: str | None = None, size: int = 50,
               number: int = 1) -> QueuePage:
    """One page of the queue: `size` rows after `cursor`, and the cursor of the page after it."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    order = SORTS[f.sort]
    query = ordered(filtered(select(Claim), f, session.get_bind().dialect.name), order, cursor).limit(size + 1).options(
        joinedload(Claim.article).load_only(Article.id, Article.title, Article.outlet, Article.published_date),
        joinedload(Claim.assignee))
    rows = list(session.scalars(query))
    next_cursor = encode_cursor(order, rows[size - 1]) if len(rows) > size else None
    return QueuePage(rows[:size], next_cursor, max(1, number))
