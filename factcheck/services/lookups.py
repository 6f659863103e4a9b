"""Read-only queries the desk's pages show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.db import utcnow
from factcheck.models import Article, AuditEvent, Claim, User
from factcheck.services.audit_log import ADMIN_ACTIONS
from factcheck.workflow import Status


@dataclass(frozen=True)
class Board:
    counts: dict[str, int]
    oldest: dict[str, Claim]
    today: list[AuditEvent]
    today_by_action: dict[str, int]


def count_by_status(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all())


def claim_history(session: Session, claim_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).options(joinedload(AuditEvent.actor))
                                .where(AuditEvent.claim_id == claim_id).order_by(AuditEvent.id)))


def last_event(session: Session, claim_id: int, action: str) -> AuditEvent | None:
    return session.scalar(select(AuditEvent).options(joinedload(AuditEvent.actor))
                          .where(AuditEvent.claim_id == claim_id, AuditEvent.action == action)
                          .order_by(AuditEvent.id.desc()).limit(1))


def recent_articles(session: Session, limit: int = 20) -> list[tuple[Article, int]]:
    """The newest articles with their claim counts, in one query (not one per article)."""
    counts = select(Claim.article_id, func.count().label("n")).group_by(Claim.article_id).subquery()
    rows = session.execute(select(Article, func.coalesce(counts.c.n, 0))
                           .outerjoin(counts, counts.c.article_id == Article.id)
                           .order_by(Article.ingested_at.desc(), Article.id.desc()).limit(limit))
    return [(article, count) for article, count in rows]


def active_people(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def board(session: Session, today_limit: int = 200) -> Board:
    """Claims per state, the one waiting longest in each, and what changed since midnight (UTC)."""
    oldest = {}
    for status in Status:
        claim = session.scalar(select(Claim).where(Claim.status == status.value)
                               .order_by(Claim.status_changed_at, Claim.id).limit(1))
        if claim is not None:
            oldest[status.value] = claim
    midnight = datetime.combine(utcnow().date(), time())
    # the desk's work only: admins' changes (accounts, settings, the scale) are in the audit log
    since = (AuditEvent.created_at >= midnight, AuditEvent.action.not_in(ADMIN_ACTIONS))
    events = list(session.scalars(select(AuditEvent).where(*since).options(joinedload(AuditEvent.actor))
                                  .order_by(AuditEvent.id.desc()).limit(today_limit)))
    by_action = dict(session.execute(select(AuditEvent.action, func.count()).where(*since)
                                     .group_by(AuditEvent.action)).all())
    return Board(count_by_status(session), oldest, events, by_action)


def assigned_to(session: Session, user_id: int) -> list[Claim]:
    """A person's work: claims assigned to them that are still open, the longest waiting first."""
    return list(session.scalars(
        select(Claim).options(joinedload(Claim.article).load_only(Article.id, Article.title, Article.outlet))
        .where(Claim.assignee_id == user_id,
               Claim.status.in_([Status.RESEARCHING.value, Status.IN_REVIEW.value, Status.QUEUED.value]))
        .order_by(Claim.status_changed_at, Claim.id)))


def review_queue(session: Session, limit: int = 200) -> list[Claim]:
    """Drafts waiting for an editor, the one submitted longest ago first."""
    return list(session.scalars(
        select(Claim).options(joinedload(Claim.assignee))
        .where(Claim.status == Status.IN_REVIEW.value).order_by(Claim.status_changed_at, Claim.id).limit(limit)))
