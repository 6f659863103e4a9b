"""Read-only queries the desk's pages show."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.models import Article, AuditEvent, Claim, User
from factcheck.workflow import Status


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    has_next: bool


def first_queue(session: Session, page: int = 1, size: int = 50) -> Page:
    """New claims, newest article first, then by place in the article."""
    page = max(1, page)
    query = (select(Claim).outerjoin(Article).options(joinedload(Claim.article))
             .where(Claim.status == Status.NEW.value)
             .order_by(Article.published_date.desc().nulls_last(), Article.id.desc(), Claim.span_start, Claim.id)
             .offset((page - 1) * size).limit(size + 1))
    rows = list(session.scalars(query))
    return Page(rows[:size], page, len(rows) > size)


def count_by_status(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())


def claim_history(session: Session, claim_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).options(joinedload(AuditEvent.actor))
                                .where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id)))


def recent_articles(session: Session, limit: int = 20) -> list[Article]:
    return list(session.scalars(select(Article).order_by(Article.ingested_at.desc(), Article.id.desc()).limit(limit)))


def active_people(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))
