"""Pieces every service uses: loading rows, the audit trail and the committing of a change."""
from __future__ import annotations

import functools
from typing import Any, Callable, ParamSpec, TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from factcheck.errors import NotFound, PermissionDenied, StaleVersion
from factcheck.models import AuditEvent, User
from factcheck.workflow import Role

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


def get_or_404(session: Session, model: type[T], row_id: Any, what: str) -> T:
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise NotFound(f"There is no {what} {row_id}.")
    return row


def require_role(actor: User, role: Role, doing: str) -> None:
    if not actor.active or actor.role < role:
        raise PermissionDenied(f"{doing} needs the {role.label} role.")


def audit(session: Session, actor: User | None, action: str, *, claim_id: int | None = None,
          from_status: str | None = None, to_status: str | None = None, note: str | None = None,
          data: dict | None = None) -> AuditEvent:
    event = AuditEvent(claim_id=claim_id, actor_id=actor.id if actor else None, action=action,
                       from_status=from_status, to_status=to_status, note=note, data=data)
    session.add(event)
    return event


def commit(session: Session) -> None:
    """Commit, turning a lost optimistic-concurrency race into StaleVersion (nothing is written)."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise StaleVersion("Someone else changed this claim while you were working on it. "
                           "Reload it to see what changed, then apply your change again.") from None


def use_case(fn: Callable[P, R]) -> Callable[P, R]:
    """A service function: if it raises, whatever it had changed in the session is rolled back."""

    @functools.wraps(fn)
    def wrapper(session: Session, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(session, *args, **kwargs)
        except Exception:
            session.rollback()
            raise

    return wrapper  # type: ignore[return-value]
