"""Research: take, assign, release, the verdict draft and its submission."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import ValidationError
from factcheck.models import Claim, User, Verdict
from factcheck.publishing.mediareview import MediaKind, MediaRating
from factcheck.rendering.markdown import render_markdown
from factcheck.services.common import commit, get_or_404, use_case
from factcheck.services.evidence import citations, evidence_of, sourcing_gap
from factcheck.services.settings import get_setting
from factcheck.services.transitions import check_version, get_claim, move
from factcheck.services.verdict_rules import (
    BODY_MAX,
    HEADLINE_MAX,
    Problem,
    citation_problems,
    media_problems,
    media_subject,
    rating_problems,
    refuse,
    text_problems,
)
from factcheck.workflow import Status


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


@dataclass(frozen=True)
class DraftInput:
    rating_id: int | None
    headline: str
    summary: str
    body: str
    media_rating: MediaRating | None = None  # only for a claim about media (verdict_rules.media_problems)
    media_kind: MediaKind | None = None
    media_url: str | None = None


def _save(session: Session, actor: User, claim: Claim, version: int, draft: DraftInput) -> Verdict:
    """Only the assignee edits the draft, and only while researching; bumps the claim's version."""
    check_version(claim, version)
    if claim.status != Status.RESEARCHING or claim.assignee_id != actor.id:
        raise ValidationError("Only the person researching this claim can edit its draft.")
    media_url = (draft.media_url or "").strip() or None
    refuse(rating_problems(session, draft.rating_id) + text_problems(draft.headline, draft.summary, draft.body)
           + media_problems(claim, draft.media_rating, draft.media_kind, media_url), "Not saved.")
    verdict = draft_of(session, claim) or Verdict(claim_id=claim.id, author_id=actor.id)
    verdict.rating_id, verdict.headline = draft.rating_id, draft.headline.strip()
    verdict.summary, verdict.body = draft.summary.strip(), draft.body
    kind = draft.media_kind
    if kind is None and draft.media_rating is not None:  # rating a claim's image appearance: the kind is image
        kind = media_subject(claim, None, media_url).kind
    verdict.media_rating, verdict.media_kind, verdict.media_url = draft.media_rating, kind, media_url
    verdict.author_id = actor.id
    session.add(verdict)
    claim.updated_at = utcnow()  # the claim row is updated, so its version advances
    session.flush()
    return verdict


@use_case
def save_draft(session: Session, actor: User, claim_id: int, version: int, draft: DraftInput) -> Verdict:
    verdict = _save(session, actor, get_claim(session, claim_id), version, draft)
    commit(session)
    return verdict


def missing_for_submission(session: Session, claim: Claim) -> list[Problem]:
    """What the draft still needs before it can go to an editor, each with the field it is in."""
    verdict = draft_of(session, claim)
    evidence = evidence_of(session, claim.id)
    missing = []
    if verdict is None or verdict.rating_id is None:
        missing.append(Problem("rating", "a rating"))
    if verdict is None or not verdict.summary.strip():
        missing.append(Problem("summary", "a summary"))
    if not evidence:
        missing.append(Problem("evidence", "at least one piece of evidence"))
    gap = sourcing_gap(get_setting(session, "sourcing_rule", "primary_or_two_publishers"), evidence)
    if gap:
        missing.append(Problem("evidence", gap))
    if verdict is None or not verdict.headline.strip():
        missing.append(Problem("headline", f"a headline (under {HEADLINE_MAX + 1} characters)"))
    if verdict is None or not verdict.body.strip():
        missing.append(Problem("body", "the body text explaining the ruling"))
    return missing + citation_problems(verdict.body if verdict else "", evidence)


def preview(session: Session, claim_id: int, body: str) -> str:
    """The body as readers would see it, with [n] linked to this claim's evidence (sanitised HTML)."""
    claim = get_claim(session, claim_id)
    return render_markdown((body or "")[:BODY_MAX], citations(evidence_of(session, claim.id)))


def _submit(session: Session, actor: User, claim: Claim, version: int) -> None:
    move(session, claim, actor, "submit", version)
    missing = missing_for_submission(session, claim)
    if missing:
        needs = [p.message for p in missing if not p.message[:1].isupper()]  # "a rating", "a summary"…
        sentences = [p.message for p in missing if p.message[:1].isupper()]   # "The body cites [3]…"
        lead = f"The draft cannot be submitted yet: it needs {', '.join(needs)}." if needs else \
            "The draft cannot be submitted yet."
        raise ValidationError(" ".join([lead, *sentences]), field=missing[0].field,
                              problems=[(p.field, p.message) for p in missing])


@use_case
def submit(session: Session, actor: User, claim_id: int, version: int) -> Claim:
    claim = get_claim(session, claim_id)
    _submit(session, actor, claim, version)
    commit(session)
    return claim


@use_case
def save_and_submit(session: Session, actor: User, claim_id: int, version: int, draft: DraftInput) -> Claim:
    """"Submit for review" sends what is on the screen: the fields are saved, then submitted, in one
    transaction; if the submission is refused nothing is saved and the form keeps every field."""
    claim = get_claim(session, claim_id)
    _save(session, actor, claim, version, draft)
    _submit(session, actor, claim, claim.version)
    commit(session)
    return claim
