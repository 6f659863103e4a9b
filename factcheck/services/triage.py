"""Triage: accept, dismiss, mark duplicate (another appearance of a claim), and claims entered by hand.

The `*_step` functions change one claim without committing; the single-claim use-cases below and
the bulk actions (services/bulk.py) share them, so a rule is written once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import ValidationError
from factcheck.extraction import ArticleInput, extract
from factcheck.models import Appearance, AppearanceKind, Claim, User
from factcheck.rendering.markdown import safe_url
from factcheck.services import appearances
from factcheck.services.common import audit, commit, require_role, use_case
from factcheck.services.matching import index_and_suggest
from factcheck.services.transitions import get_claim, move
from factcheck.workflow import Role

DISMISS_REASONS = {
    "not_check_worthy": "Not check-worthy",
    "opinion": "Opinion",
    "not_verifiable": "Not verifiable",
    "out_of_scope": "Out of scope",
    "other": "Other",
}
MANUAL_LIMITS = {"text": 2000, "speaker": 200, "where": 200, "url": 2000}


def dismissal_label(reason: str, text: str = "") -> str:
    """The note a dismissal records; refuses an unknown reason and 'Other' without words."""
    if reason not in DISMISS_REASONS:
        raise ValidationError(f"Choose a reason for dismissing: {', '.join(DISMISS_REASONS.values())}.")
    text = (text or "").strip()
    if reason == "other" and not text:
        raise ValidationError("Say why the claim is dismissed when the reason is 'Other'.")
    return DISMISS_REASONS[reason] + (f": {text}" if text else "")


def duplicate_target(session: Session, original_id: int | None) -> Claim:
    """The claim others are marked as repeating: it must exist and be neither a duplicate nor dismissed."""
    if original_id is None:
        raise ValidationError("Say which claim this one repeats (its number).")
    original = get_claim(session, original_id)
    appearances.check_open(original)
    return original


def accept_step(session: Session, actor: User, claim: Claim, version: int) -> None:
    move(session, claim, actor, "accept", version)


def dismiss_step(session: Session, actor: User, claim: Claim, version: int, reason: str, label: str) -> None:
    move(session, claim, actor, "dismiss", version, note=label, data={"reason": reason})
    claim.dismiss_reason = label[:300]


def duplicate_step(session: Session, actor: User, claim: Claim, version: int, original: Claim) -> list[int]:
    """The claim is another appearance of `original`: its appearances move there (see services.appearances)."""
    return appearances.merge_step(session, actor, claim, version, original)


@use_case
def accept(session: Session, actor: User, claim_id: int, version: int) -> Claim:
    claim = get_claim(session, claim_id)
    accept_step(session, actor, claim, version)
    commit(session)
    return claim


@use_case
def dismiss(session: Session, actor: User, claim_id: int, version: int, reason: str, text: str = "") -> Claim:
    label = dismissal_label(reason, text)
    claim = get_claim(session, claim_id)
    dismiss_step(session, actor, claim, version, reason, label)
    commit(session)
    return claim


@use_case
def mark_duplicate(session: Session, actor: User, claim_id: int, version: int, original_id: int) -> Claim:
    claim = get_claim(session, claim_id)
    if original_id == claim_id:
        raise ValidationError("A claim cannot be a duplicate of itself.")
    duplicate_step(session, actor, claim, version, duplicate_target(session, original_id))
    commit(session)
    return claim


@dataclass(frozen=True)
class ManualClaim:
    """A claim a reviewer types in: a reader's tip, a social post, something said on air."""

    text: str
    speaker: str = ""
    where: str = ""
    appeared_on: date | None = None
    url: str = ""


def _checked(entry: ManualClaim) -> ManualClaim:
    if not entry.text.strip():
        raise ValidationError("Type the claim's text.")
    for field, limit in MANUAL_LIMITS.items():
        if len(getattr(entry, field) or "") > limit:
            raise ValidationError(f"The {field} is longer than {limit} characters.")
    if entry.url.strip() and safe_url(entry.url) is None:
        raise ValidationError("The URL must be a web address starting with http:// or https://.")
    return entry


def _scored(claim: Claim, entry: ManualClaim) -> None:
    """Run the claim's text through extraction for its types, score and reasons, as intake does."""
    candidates = extract(ArticleInput(body=entry.text.strip(), published_date=entry.appeared_on))
    best = max(candidates, key=lambda c: c.score, default=None)
    if best is not None:
        claim.claim_types, claim.score = list(best.claim_types), round(float(best.score), 4)
        claim.reasons = list(best.reasons)
        claim.claim_date, claim.claim_date_text = best.claim_date, best.claim_date_text
        claim.claim_date_precision, claim.date_warning = best.claim_date_precision, best.date_warning
    claim.reasons = [*(claim.reasons or []), "entered by hand"]


@use_case
def enter_claim(session: Session, actor: User, entry: ManualClaim) -> Claim:
    """A hand-entered claim joins the queue as `new`, with no article."""
    require_role(actor, Role.REVIEWER, "Entering claims")
    entry = _checked(entry)
    claim = Claim(text=entry.text.strip(), speaker=entry.speaker.strip() or None,
                  created_by_id=actor.id, score=0.0, reasons=[], claim_types=[])
    original = claim.add_appearance(Appearance(
        kind=AppearanceKind.HAND, text=claim.text, speaker_as_written=claim.speaker,
        where=entry.where.strip() or None, url=safe_url(entry.url),
        appeared_on=entry.appeared_on or utcnow().date(), created_by_id=actor.id))
    _scored(claim, entry)
    session.add(claim)
    session.flush()
    audit(session, actor, "enter", claim_id=claim.id, to_status=claim.status,
          data={"where": original.where, "url": original.url})
    index_and_suggest(session, [claim])
    commit(session)
    return claim
