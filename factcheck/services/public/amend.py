"""Editors correct or retract a published verdict from the desk, through services.editorial."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck.errors import ValidationError
from factcheck.models import Claim, User, Verdict
from factcheck.services import editorial
from factcheck.services.common import get_or_404, require_role
from factcheck.workflow import Role


@dataclass(frozen=True)
class Change:
    """What an editor submitted; None or unchanged fields are left as they are."""

    note: str
    kind: str = "correction"
    rating_id: int | None = None
    headline: str | None = None
    summary: str | None = None
    body: str | None = None


def published(session: Session, verdict_id: int) -> tuple[Verdict, Claim]:
    verdict = get_or_404(session, Verdict, verdict_id, "verdict")
    if verdict.published_at is None:
        raise ValidationError("This verdict has not been published.")
    return verdict, session.get(Claim, verdict.claim_id)


def changed_fields(verdict: Verdict, change: Change) -> dict:
    proposed = {"rating_id": change.rating_id, "headline": (change.headline or "").strip() or None,
                "summary": (change.summary or "").strip() or None, "body": change.body}
    current = {"rating_id": verdict.rating_id, "headline": verdict.headline, "summary": verdict.summary,
               "body": verdict.body}
    return {key: value for key, value in proposed.items()
            if value is not None and (value.replace("\r\n", "\n") if isinstance(value, str) else value)
            != (current[key].replace("\r\n", "\n") if isinstance(current[key], str) else current[key])}


def correct(session: Session, actor: User, verdict_id: int, version: int, change: Change) -> Verdict:
    """A new revision with a public note; refuses a 'correction' that changes nothing."""
    require_role(actor, Role.EDITOR, "Correcting a published verdict")
    verdict, claim = published(session, verdict_id)
    fields = changed_fields(verdict, change)
    if not fields:
        raise ValidationError("Nothing was changed: edit the rating, headline, summary or text, "
                              "then describe the change in the public note.")
    return editorial.correct(session, actor, claim.id, version, change.note, kind=change.kind, **fields)


def retract(session: Session, actor: User, verdict_id: int, version: int, note: str) -> Verdict:
    require_role(actor, Role.EDITOR, "Retracting a published verdict")
    _verdict, claim = published(session, verdict_id)
    return editorial.retract(session, actor, claim.id, version, note)

