"""Moving a claim along the workflow: role, state, version and the audit event, in one place."""
from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import StaleVersion, ValidationError
from factcheck.models import Claim, User
from factcheck.services.common import audit, get_or_404
from factcheck.workflow import action_label, needs_note, next_status


def get_claim(session: Session, claim_id: int) -> Claim:
    return get_or_404(session, Claim, claim_id, "claim")


def check_version(claim: Claim, version: int | None) -> None:
    if version is None or int(version) != claim.version:
        raise StaleVersion(
            f"This claim changed since you opened it (you saw version {version}, it is now at "
            f"version {claim.version}, {claim.status.label}). Reload it and apply your change again.")


def move(session: Session, claim: Claim, actor: User, action: str, version: int | None,
         note: str | None = None, data: dict | None = None) -> Claim:
    """Apply `action` to the claim for `actor`; the caller commits (one transaction per use-case)."""
    check_version(claim, version)
    target = next_status(claim.status, action, actor.role,
                         is_assignee=claim.assignee_id is not None and claim.assignee_id == actor.id)
    note = (note or "").strip() or None
    if needs_note(claim.status, action) and not note:
        raise ValidationError(f"To {action_label(action)} this claim, say why in the note.")
    audit(session, actor, action, claim_id=claim.id, from_status=claim.status,
          to_status=target.value, note=note, data=data)
    if claim.status != target:
        claim.status_changed_at = utcnow()
    claim.status = target
    return claim
