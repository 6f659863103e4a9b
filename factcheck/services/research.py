"""Research: take, assign, release, the verdict draft and its submission."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import ValidationError
from factcheck.models import Claim, RatingLevel, User, Verdict
from factcheck.db import utcnow
from factcheck.rendering.markdown import render_markdown
from factcheck.services.common import commit, get_or_404, use_case
from factcheck.services.evidence import citations, evidence_of, sourcing_gap
from factcheck.services.settings import get_setting
from factcheck.services.transitions import check_version, get_claim, move
from factcheck.workflow import Status

HEADLINE_MAX = 74  # ClaimReview asks for a headline under 75 characters
SUMMARY_MAX = 1000
BODY_MAX = 50_000


@use_case
def take(session: Session, actor: User, claim_id: int, version: int) -> Claim:
    claim = move(session, get_claim(session, claim_id), actor, "take", version)
    claim.assignee_id = actor.id
    commit(session)
    return claim


@use_case
def assign(session: Session, actor: User, claim_id: int, version: int, assignee_id: int) -> Claim:
    assignee = get_or_404(session, User, assignee_id, "account")
    if not assignee.active:
        raise ValidationError(f"{assignee.name} is deactivated and cannot be assigned claims.")
    claim = move(session, get_claim(session, claim_id), actor, "assign", version,
                 data={"assignee": assignee.id})
    claim.assignee_id = assignee.id
    commit(session)
    return claim


@use_case
def release(session: Session, actor: User, claim_id: int, version: int) -> Claim:
    claim = move(session, get_claim(session, claim_id), actor, "release", version)
    claim.assignee_id = None
    commit(session)
    return claim


def draft_of(session: Session, claim: Claim) -> Verdict | None:
    return session.scalar(select(Verdict).where(Verdict.claim_id == claim.id))


@use_case
def save_draft(session: Session, actor: User, claim_id: int, version: int, *, rating_id: int | None,
               headline: str, summary: str, body: str) -> Verdict:
    """Only the assignee edits the draft, and only while researching; bumps the claim's version."""
    claim = get_claim(session, claim_id)
    check_version(claim, version)
    if claim.status != Status.RESEARCHING or claim.assignee_id != actor.id:
        raise ValidationError("Only the person researching this claim can edit its draft.")
    check_draft(session, rating_id, headline, summary, body)
    verdict = draft_of(session, claim) or Verdict(claim_id=claim.id, author_id=actor.id)
    verdict.rating_id, verdict.headline = rating_id, headline.strip()
    verdict.summary, verdict.body = summary.strip(), body
    verdict.author_id = actor.id
    session.add(verdict)
    claim.updated_at = utcnow()  # the claim row is updated, so its version advances
    commit(session)
    return verdict


def check_draft(session: Session, rating_id: int | None, headline: str, summary: str, body: str) -> None:
    if rating_id is not None:
        rating = get_or_404(session, RatingLevel, rating_id, "rating")
        if rating.retired:
            raise ValidationError(f"The rating {rating.label!r} is retired; choose another.")
    for name, value, limit in (("headline", headline, HEADLINE_MAX), ("summary", summary, SUMMARY_MAX),
                               ("body", body, BODY_MAX)):
        if len((value or "").strip()) > limit:
            raise ValidationError(f"The {name} is longer than {limit:,} characters.")


def missing_for_submission(session: Session, claim: Claim) -> list[str]:
    """What the draft still needs before it can go to an editor, in words."""
    verdict = draft_of(session, claim)
    missing = []
    if verdict is None or verdict.rating_id is None:
        missing.append("a rating")
    if verdict is None or not verdict.summary.strip():
        missing.append("a summary")
    evidence = evidence_of(session, claim.id)
    if not evidence:
        missing.append("at least one piece of evidence")
    gap = sourcing_gap(get_setting(session, "sourcing_rule", "primary_or_two_publishers"), evidence)
    if gap:
        missing.append(gap)
    if verdict is None or not verdict.headline.strip():
        missing.append(f"a headline (under {HEADLINE_MAX + 1} characters)")
    if verdict is None or not verdict.body.strip():
        missing.append("the body text explaining the ruling")
    return missing


def preview(session: Session, claim_id: int, body: str) -> str:
    """The body as readers would see it, with [n] linked to this claim's evidence (sanitised HTML)."""
    claim = get_claim(session, claim_id)
    return render_markdown((body or "")[:BODY_MAX], citations(evidence_of(session, claim.id)))


@use_case
def submit(session: Session, actor: User, claim_id: int, version: int) -> Claim:
    claim = get_claim(session, claim_id)
    move(session, claim, actor, "submit", version)
    missing = missing_for_submission(session, claim)
    if missing:
        raise ValidationError("The draft cannot be submitted yet: it needs " + ", ".join(missing) + ".")
    commit(session)
    return claim
