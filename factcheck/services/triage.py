"""Triage: accept, dismiss, mark duplicate, reopen."""
from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.errors import ValidationError
from factcheck.models import Claim, User
from factcheck.services.common import commit, use_case
from factcheck.services.transitions import get_claim, move
from factcheck.workflow import Status

DISMISS_REASONS = {
    "not_check_worthy": "Not check-worthy",
    "opinion": "Opinion",
    "not_verifiable": "Not verifiable",
    "out_of_scope": "Out of scope",
    "other": "Other",
}


@use_case
def accept(session: Session, actor: User, claim_id: int, version: int) -> Claim:
    claim = move(session, get_claim(session, claim_id), actor, "accept", version)
    commit(session)
    return claim


@use_case
def dismiss(session: Session, actor: User, claim_id: int, version: int, reason: str, text: str = "") -> Claim:
    if reason not in DISMISS_REASONS:
        raise ValidationError(f"Choose a reason for dismissing: {', '.join(DISMISS_REASONS.values())}.")
    text = (text or "").strip()
    if reason == "other" and not text:
        raise ValidationError("Say why the claim is dismissed when the reason is 'Other'.")
    label = DISMISS_REASONS[reason] + (f": {text}" if text else "")
    claim = get_claim(session, claim_id)
    move(session, claim, actor, "dismiss", version, note=label, data={"reason": reason})
    claim.dismiss_reason = label[:300]
    commit(session)
    return claim


@use_case
def mark_duplicate(session: Session, actor: User, claim_id: int, version: int, original_id: int) -> Claim:
    claim = get_claim(session, claim_id)
    if original_id == claim_id:
        raise ValidationError("A claim cannot be a duplicate of itself.")
    original = get_claim(session, original_id)
    if original.status == Status.DUPLICATE:
        raise ValidationError(f"Claim {original_id} is itself a duplicate of claim {original.duplicate_of_id}; "
                              "point to that one instead.")
    move(session, claim, actor, "mark_duplicate", version, data={"duplicate_of": original_id})
    claim.duplicate_of_id = original_id
    commit(session)
    return claim


@use_case
def reopen(session: Session, actor: User, claim_id: int, version: int, note: str = "") -> Claim:
    claim = move(session, get_claim(session, claim_id), actor, "reopen", version, note=note)
    claim.duplicate_of_id = None
    claim.dismiss_reason = None
    commit(session)
    return claim
