"""Editorial review and publishing: return, publish, correct, retract."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import PermissionDenied, ValidationError
from factcheck.models import Claim, Correction, User, Verdict, VerdictRevision
from factcheck.services.common import commit, use_case
from factcheck.services.public.slugs import remember_headline_slug
from factcheck.services.research import draft_of
from factcheck.services.settings import get_setting
from factcheck.services.transitions import get_claim, move
from factcheck.slugs import slugify


def snapshot(verdict: Verdict) -> dict:
    return {"rating_id": verdict.rating_id, "headline": verdict.headline,
            "summary": verdict.summary, "body": verdict.body}


@use_case
def return_draft(session: Session, actor: User, claim_id: int, version: int, note: str) -> Claim:
    claim = get_claim(session, claim_id)
    move(session, claim, actor, "return", version, note=note)
    verdict = draft_of(session, claim)
    if verdict is not None:
        verdict.reviewed_snapshot = snapshot(verdict)
    commit(session)
    return claim


def unique_slug(session: Session, verdict: Verdict) -> str:
    base = slugify(verdict.headline or "", fallback=f"verdict-{verdict.claim_id}")
    slug, n = base, 2
    while session.scalar(select(Verdict.id).where(Verdict.slug == slug, Verdict.id != verdict.id)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def add_revision(session: Session, actor: User, verdict: Verdict) -> VerdictRevision:
    number = (session.scalar(select(func.max(VerdictRevision.number))
                             .where(VerdictRevision.verdict_id == verdict.id)) or 0) + 1
    revision = VerdictRevision(verdict_id=verdict.id, number=number, rating_id=verdict.rating_id,
                               headline=verdict.headline, summary=verdict.summary, body=verdict.body,
                               created_by_id=actor.id)
    session.add(revision)
    session.flush()
    return revision


@use_case
def publish(session: Session, actor: User, claim_id: int, version: int) -> Verdict:
    claim = get_claim(session, claim_id)
    verdict = draft_of(session, claim)
    move(session, claim, actor, "publish", version)
    if verdict is None:
        raise ValidationError("There is no draft verdict to publish.")
    if get_setting(session, "two_person_rule", True) and verdict.author_id == actor.id:
        raise PermissionDenied("Two-person rule: an editor cannot publish a verdict they drafted. "
                               "Ask another editor to publish it.")
    now = utcnow()
    verdict.editor_id, verdict.published_at, verdict.modified_at = actor.id, now, now
    verdict.slug = verdict.slug or unique_slug(session, verdict)
    verdict.reviewed_snapshot = snapshot(verdict)
    add_revision(session, actor, verdict)
    commit(session)
    return verdict


def _published_verdict(session: Session, claim: Claim) -> Verdict:
    verdict = draft_of(session, claim)
    if verdict is None or verdict.published_at is None:
        raise ValidationError("This claim has no published verdict.")
    return verdict


@use_case
def correct(session: Session, actor: User, claim_id: int, version: int, note: str, *,
            rating_id: int | None = None, headline: str | None = None, summary: str | None = None,
            body: str | None = None, kind: str = "correction") -> Verdict:
    """A public correction or update: a new revision, a dated Correction entry, dateModified moves."""
    if kind not in {"correction", "update"}:
        raise ValidationError("A change to a published verdict is a 'correction' or an 'update'.")
    claim = get_claim(session, claim_id)
    move(session, claim, actor, "correct", version, note=note)
    verdict = _published_verdict(session, claim)
    headline_changed = headline is not None and headline != verdict.headline
    for field, value in (("rating_id", rating_id), ("headline", headline), ("summary", summary), ("body", body)):
        if value is not None:
            setattr(verdict, field, value)
    verdict.modified_at = utcnow()
    if headline_changed:  # the URL never changes; the new headline's slug leads to it too
        remember_headline_slug(session, verdict)
    revision = add_revision(session, actor, verdict)
    session.add(Correction(verdict_id=verdict.id, kind=kind, note=note.strip(), revision_id=revision.id,
                           created_by_id=actor.id))
    commit(session)
    return verdict


@use_case
def retract(session: Session, actor: User, claim_id: int, version: int, note: str) -> Verdict:
    claim = get_claim(session, claim_id)
    move(session, claim, actor, "retract", version, note=note)
    verdict = _published_verdict(session, claim)
    verdict.retracted_at = verdict.modified_at = utcnow()
    session.add(Correction(verdict_id=verdict.id, kind="retraction", note=note.strip(), created_by_id=actor.id))
    commit(session)
    return verdict
