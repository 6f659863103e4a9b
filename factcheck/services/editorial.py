"""The one door for every editorial act, keyed by claim id: return, publish, correct, retract, reopen,
and the sign-off of a pending correction or retraction. Each checks the editorial gate
(services.editorial_gate), the verdict's rules (services.verdict_rules), role, state and version,
writes the audit trail and commits once. The desk, the corrections desk, the CLI, the demo and the
test factories all come through here."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import matching
from factcheck.db import utcnow
from factcheck.errors import StaleVersion, ValidationError
from factcheck.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    AmendmentVote,
    Claim,
    Correction,
    RatingLevel,
    RatingVote,
    User,
    Verdict,
    VerdictRevision,
)
from factcheck.services.appearances import restore_appearances
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.editorial_gate import gate, panel_decision
from factcheck.services.evidence import evidence_of
from factcheck.services.public import datafeed
from factcheck.services.research import draft_of
from factcheck.services.transitions import check_version, get_claim, move
from factcheck.services.verdict_rules import (
    MEDIA_FIELDS,
    citation_problems,
    media_problems_of,
    rating_problems,
    refuse,
    text_problems,
)
from factcheck.services.verdict_slugs import remember_headline_slug, unique_slug
from factcheck.workflow import Role

TEXT_FIELDS = ("headline", "summary", "body")


@dataclass(frozen=True)
class Change:
    """What an editor submitted for a published verdict; None fields are left as they are."""

    note: str
    kind: AmendmentKind = AmendmentKind.CORRECTION
    rating_id: int | None = None
    headline: str | None = None
    summary: str | None = None
    body: str | None = None
    media: dict | None = None  # media_rating / media_kind / media_url as they should be; None: unchanged


def snapshot(verdict: Verdict) -> dict:
    return {"rating_id": verdict.rating_id, "headline": verdict.headline,
            "summary": verdict.summary, "body": verdict.body} | {key: getattr(verdict, key) for key in MEDIA_FIELDS}


@use_case
def return_draft(session: Session, actor: User, claim_id: int, version: int, note: str) -> Claim:
    claim = get_claim(session, claim_id)
    move(session, claim, actor, "return", version, note=note)
    verdict = draft_of(session, claim)
    if verdict is not None:
        verdict.reviewed_snapshot = snapshot(verdict)
    commit(session)
    return claim


@use_case
def reopen(session: Session, actor: User, claim_id: int, version: int, note: str = "") -> Claim:
    """A dismissed claim, or one marked as a repeat, goes back among the new claims."""
    claim = move(session, get_claim(session, claim_id), actor, "reopen", version, note=note)
    claim.duplicate_of_id = None
    claim.dismiss_reason = None
    restore_appearances(session, claim, actor)  # a merge's undo: the appearances it moved come back
    matching.index_claim(session, claim)
    commit(session)
    return claim


def check_verdict(session: Session, claim: Claim, values: dict, lead: str, *, allow_rating: int | None) -> None:
    """The limits and citations a draft is held to, for any text about to be published."""
    refuse(rating_problems(session, values["rating_id"], allow=allow_rating)
           + text_problems(values["headline"], values["summary"], values["body"]) + media_problems_of(claim, values)
           + citation_problems(values["body"], evidence_of(session, claim.id)), lead)


def stamp_rating(session: Session, verdict: Verdict) -> None:
    """Readers see the label and colour the verdict is published with, whatever the scale becomes."""
    level = session.get(RatingLevel, verdict.rating_id) if verdict.rating_id is not None else None
    verdict.rating_label = level.label if level else None
    verdict.rating_colour = level.colour if level else None


def add_revision(session: Session, actor: User | None, verdict: Verdict) -> VerdictRevision:
    number = (session.scalar(select(func.max(VerdictRevision.number))
                             .where(VerdictRevision.verdict_id == verdict.id)) or 0) + 1
    revision = VerdictRevision(verdict_id=verdict.id, number=number, rating_id=verdict.rating_id,
                               rating_label=verdict.rating_label, rating_colour=verdict.rating_colour,
                               headline=verdict.headline, summary=verdict.summary, body=verdict.body,
                               created_by_id=actor.id if actor else None,
                               **{key: getattr(verdict, key) for key in MEDIA_FIELDS})
    session.add(revision)
    session.flush()
    return revision


def panel_votes(session: Session, verdict: Verdict) -> list[int]:
    return list(session.scalars(select(RatingVote.rating_id).where(RatingVote.verdict_id == verdict.id)
                                .order_by(RatingVote.created_at, RatingVote.id)))


@use_case
def publish(session: Session, actor: User, claim_id: int, version: int) -> Verdict:
    """Approve and publish: the two-person rule, the rating panel, the draft's limits and citations."""
    claim = get_claim(session, claim_id)
    verdict = draft_of(session, claim)
    move(session, claim, actor, "publish", version)
    if verdict is None:
        raise ValidationError("There is no draft verdict to publish.")
    rules = gate(session)
    rules.check_publisher(actor.id, verdict.author_id)
    if rules.panel > 1:
        verdict.rating_id = panel_decision(panel_votes(session, verdict))
    check_verdict(session, claim, snapshot(verdict), "Not published.", allow_rating=None)
    now = utcnow()
    verdict.editor_id, verdict.published_at, verdict.modified_at = actor.id, now, now
    verdict.slug = verdict.slug or unique_slug(session, verdict)
    verdict.reviewed_snapshot = snapshot(verdict)
    stamp_rating(session, verdict)
    add_revision(session, actor, verdict)
    matching.index_verdict(session, verdict)  # "already checked" from now on
    datafeed.refresh(session, verdict)  # its stored ClaimReview; the DataFeed and sitemap move on
    commit(session)
    pages_changed(session, verdict.id)
    return verdict


def pages_changed(session: Session, verdict_id: int, amendment: Amendment | None = None) -> None:
    """After the commit: the public page files that show this verdict (publishing/page_files.py)."""
    if amendment is None or amendment.status is AmendmentStatus.APPLIED:
        from factcheck.publishing import page_files

        page_files.verdict_changed(session, verdict_id)


def published_verdict(session: Session, verdict_id: int) -> tuple[Verdict, Claim]:
    verdict = get_or_404(session, Verdict, verdict_id, "verdict")
    if verdict.published_at is None:
        raise ValidationError("This verdict has not been published.")
    return verdict, session.get(Claim, verdict.claim_id)


def _published_of(session: Session, claim: Claim) -> Verdict:
    verdict = draft_of(session, claim)
    if verdict is None or verdict.published_at is None:
        raise ValidationError("This claim has no published verdict.")
    if verdict.retracted_at is not None:
        raise ValidationError("This verdict has been retracted; it can no longer be corrected.")
    return verdict


def _normal(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def changed_fields(verdict: Verdict, change: Change) -> dict:
    proposed = {"rating_id": change.rating_id, "headline": change.headline, "summary": change.summary,
                "body": change.body}
    current = snapshot(verdict)
    media = {key: value or None for key, value in (change.media or {}).items()  # empty clears; None == ""
             if key in MEDIA_FIELDS and (value or None) != (current[key] or None)}
    return {key: _normal(value) for key, value in proposed.items()
            if value is not None and _normal(value) != _normal(current[key])} | media


def _apply(session: Session, actor: User, claim: Claim, verdict: Verdict, amendment: Amendment,
           version: int) -> None:
    """Make an amendment public: the claim's transition, a revision (for a correction), the public log."""
    if verdict.modified_at and verdict.modified_at > amendment.proposed_at:
        raise StaleVersion("The verdict was changed after this was proposed: reject it and propose it again "
                           "against the verdict as it is now.")
    retraction = amendment.kind is AmendmentKind.RETRACTION
    before = snapshot(verdict) | {"rating_label": verdict.rating_label}
    move(session, claim, actor, "retract" if retraction else "correct", version, note=amendment.note,
         data={"amendment": amendment.id, "kind": amendment.kind.value, "before": before,
               "after": amendment.changes})
    now = utcnow()
    revision_id = None
    if retraction:
        verdict.retracted_at = now
    else:
        for field, value in amendment.changes.items():
            if field in snapshot(verdict):
                setattr(verdict, field, value)
        if "rating_id" in amendment.changes or amendment.changes.get("relabel"):
            stamp_rating(session, verdict)
        if "headline" in amendment.changes:  # the URL never changes; the new headline's slug leads to it too
            remember_headline_slug(session, verdict)
        revision_id = add_revision(session, actor, verdict).id
    verdict.modified_at = now
    correction = Correction(verdict_id=verdict.id, kind=amendment.kind.value, note=amendment.note,
                            revision_id=revision_id, created_by_id=amendment.proposed_by_id)
    session.add(correction)
    session.flush()
    amendment.status, amendment.decided_by_id, amendment.decided_at = AmendmentStatus.APPLIED, actor.id, now
    amendment.correction_id = correction.id
    matching.index_verdict(session, verdict)  # a retracted verdict leaves the index; a corrected one is current
    datafeed.refresh(session, verdict)


def propose(session: Session, actor: User, claim: Claim, verdict: Verdict, kind: AmendmentKind, note: str,
            changes: dict, version: int) -> Amendment:
    """Apply now if the gate allows this editor alone; otherwise leave it pending (the caller commits)."""
    require_role(actor, Role.EDITOR, "Correcting or retracting a published verdict")
    check_version(claim, version)
    note = (note or "").strip()
    if not note:
        raise ValidationError("Write the public note: say what changed and why.", field="note")
    amendment = Amendment(verdict_id=verdict.id, kind=kind, status=AmendmentStatus.PENDING, note=note,
                          changes=changes, proposed_by_id=actor.id, proposed_at=utcnow())
    session.add(amendment)
    session.flush()
    waiting = gate(session).waits_for(actor.id, verdict.author_id, "rating_id" in changes)
    if waiting is None:
        _apply(session, actor, claim, verdict, amendment, version)
    else:
        audit(session, actor, f"propose_{kind.value}", claim_id=claim.id, note=note,
              data={"amendment": amendment.id, "after": changes, "waiting_for": waiting})
        claim.updated_at = utcnow()  # the claim's version moves: forms drawn before the proposal are stale
    return amendment


@use_case
def correct(session: Session, actor: User, claim_id: int, version: int, change: Change) -> Amendment:
    """A correction or update of a published verdict (text and/or rating), held to a draft's rules."""
    if change.kind is AmendmentKind.RETRACTION:
        raise ValidationError("A retraction goes through retract().")
    claim = get_claim(session, claim_id)
    verdict = _published_of(session, claim)
    changes = changed_fields(verdict, change)
    if not changes:
        raise ValidationError("Nothing was changed: edit the rating, media rating, headline, summary or text, "
                              "then describe the change in the public note.")
    check_verdict(session, claim, snapshot(verdict) | changes, "Not corrected.", allow_rating=verdict.rating_id)
    amendment = propose(session, actor, claim, verdict, change.kind, change.note, changes, version)
    commit(session)
    pages_changed(session, verdict.id, amendment)
    return amendment


@use_case
def retract(session: Session, actor: User, claim_id: int, version: int, note: str) -> Amendment:
    claim = get_claim(session, claim_id)
    verdict = _published_of(session, claim)
    amendment = propose(session, actor, claim, verdict, AmendmentKind.RETRACTION, note, {}, version)
    commit(session)
    pages_changed(session, verdict.id, amendment)
    return amendment


def relabel(session: Session, actor: User, verdict: Verdict, old: str, new: str) -> Amendment:
    """A renamed rating level shown on a published verdict: a dated public update (the caller commits)."""
    claim = session.get(Claim, verdict.claim_id)
    return propose(session, actor, claim, verdict, AmendmentKind.UPDATE,
                   f"Our rating “{old}” is now called “{new}”; the finding itself has not changed.",
                   {"relabel": True}, claim.version)


def find_amendment(session: Session, amendment_id: int) -> Amendment:
    return get_or_404(session, Amendment, amendment_id, "correction")


def pending_amendment(session: Session, amendment_id: int) -> tuple[Amendment, Verdict, Claim]:
    amendment = find_amendment(session, amendment_id)
    if amendment.status is not AmendmentStatus.PENDING:
        raise ValidationError(f"This {amendment.kind.label} was already {amendment.status.label}.")
    verdict = session.get(Verdict, amendment.verdict_id)
    return amendment, verdict, session.get(Claim, verdict.claim_id)


def amendment_votes(session: Session, amendment: Amendment) -> list[int]:
    return list(session.scalars(select(AmendmentVote.rating_id).where(AmendmentVote.amendment_id == amendment.id)
                                .order_by(AmendmentVote.created_at, AmendmentVote.id)))


@use_case
def approve(session: Session, actor: User, amendment_id: int, version: int) -> Amendment:
    """A second editor signs off a pending correction or retraction; the public page changes now."""
    require_role(actor, Role.EDITOR, "Signing off a correction")
    amendment, verdict, claim = pending_amendment(session, amendment_id)
    rules = gate(session)
    rules.check_approver(actor.id, verdict.author_id)
    changes = dict(amendment.changes)
    if rules.panel > 1 and "rating_id" in changes:
        changes["rating_id"] = panel_decision(amendment_votes(session, amendment))
        amendment.changes = changes
    if amendment.kind is not AmendmentKind.RETRACTION:
        check_verdict(session, claim, snapshot(verdict) | changes, "Not corrected.", allow_rating=verdict.rating_id)
    _apply(session, actor, claim, verdict, amendment, version)
    commit(session)
    pages_changed(session, verdict.id, amendment)
    return amendment


@use_case
def reject(session: Session, actor: User, amendment_id: int, version: int, note: str) -> Amendment:
    """Any editor (the proposer too: a withdrawal) turns a pending amendment down; nothing goes public."""
    require_role(actor, Role.EDITOR, "Turning down a correction")
    amendment, _verdict, claim = pending_amendment(session, amendment_id)
    check_version(claim, version)
    amendment.status, amendment.decided_by_id, amendment.decided_at = AmendmentStatus.REJECTED, actor.id, utcnow()
    amendment.decision_note = (note or "").strip() or None
    audit(session, actor, f"reject_{amendment.kind.value}", claim_id=claim.id, note=amendment.decision_note,
          data={"amendment": amendment.id})
    claim.updated_at = utcnow()
    commit(session)
    return amendment


def pending_for(session: Session, verdict_id: int | None = None) -> list[Amendment]:
    query = select(Amendment).where(Amendment.status == AmendmentStatus.PENDING)
    if verdict_id is not None:
        query = query.where(Amendment.verdict_id == verdict_id)
    return list(session.scalars(query.order_by(Amendment.proposed_at, Amendment.id)))
