"""Editorial review: what changed since the last review, and the rating panel's votes (on a draft
and on a pending correction). Publishing itself is services.editorial.publish."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from factcheck.errors import PermissionDenied, ValidationError
from factcheck.models import Amendment, AmendmentStatus, AmendmentVote, Claim, RatingLevel, RatingVote, User, Verdict
from factcheck.services import editorial
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.editorial_gate import PANEL_VOTES, gate
from factcheck.services.research import draft_of
from factcheck.services.transitions import get_claim
from factcheck.workflow import Role, Status

FIELDS = (("rating_id", "Rating"), ("headline", "Headline"), ("summary", "Summary"), ("body", "Body"))


@dataclass(frozen=True)
class FieldChange:
    label: str
    lines: list[str]  # unified diff lines: "-old", "+new", " same"


def changes_since_review(session: Session, verdict: Verdict | None) -> list[FieldChange] | None:
    """None on a first submission; otherwise each field that changed since the editor last saw it."""
    if verdict is None or not verdict.reviewed_snapshot:
        return None
    before, now = verdict.reviewed_snapshot, editorial.snapshot(verdict)
    changes = []
    for key, label in FIELDS:
        old, new = before.get(key), now.get(key)
        if old == new:
            continue
        if key == "rating_id":
            old, new = rating_label(session, old), rating_label(session, new)
        diff = difflib.unified_diff(str(old or "").splitlines(), str(new or "").splitlines(), lineterm="", n=2)
        changes.append(FieldChange(label, [line for line in diff if not line.startswith(("---", "+++", "@@"))]))
    return changes


def drafts_for(session: Session, claims: list[Claim]) -> dict[int, Verdict]:
    """The drafts of many claims in one query (the review queue), with their ratings."""
    ids = [claim.id for claim in claims]
    if not ids:
        return {}
    rows = session.scalars(select(Verdict).options(joinedload(Verdict.rating)).where(Verdict.claim_id.in_(ids)))
    return {verdict.claim_id: verdict for verdict in rows}


def waiting_amendments(session: Session) -> list[Amendment]:
    """Corrections and retractions waiting for sign-off, with their verdicts and proposers (one query)."""
    return list(session.scalars(select(Amendment).options(joinedload(Amendment.verdict), joinedload(Amendment.proposed_by))
                                .where(Amendment.status == AmendmentStatus.PENDING)
                                .order_by(Amendment.proposed_at, Amendment.id)))


def rating_label(session: Session, rating_id: int | None) -> str:
    rating = session.get(RatingLevel, rating_id) if rating_id is not None else None
    return rating.label if rating else "(none)"


def panel_size(session: Session) -> int:
    return gate(session).panel


def votes_on(session: Session, verdict: Verdict | None) -> list[RatingVote]:
    if verdict is None:
        return []
    return list(session.scalars(select(RatingVote).options(joinedload(RatingVote.editor), joinedload(RatingVote.rating))
                                .where(RatingVote.verdict_id == verdict.id).order_by(RatingVote.created_at)))


def _panel_rating(session: Session, actor: User, verdict: Verdict, rating_id: int) -> RatingLevel:
    if panel_size(session) != PANEL_VOTES:
        raise ValidationError("The rating panel is off: the rating is decided by the acting editor.")
    if verdict.author_id == actor.id:
        raise PermissionDenied("The verdict's author cannot vote on its rating.")
    rating = get_or_404(session, RatingLevel, rating_id, "rating")
    if rating.retired:
        raise ValidationError(f"The rating {rating.label!r} is retired.")
    return rating


def _draft_in_review(session: Session, claim_id: int) -> tuple[Claim, Verdict]:
    claim = get_claim(session, claim_id)
    verdict = draft_of(session, claim)
    if claim.status != Status.IN_REVIEW or verdict is None:
        raise ValidationError(f"Claim {claim_id} is not waiting for review.")
    return claim, verdict


@use_case
def vote(session: Session, actor: User, claim_id: int, rating_id: int, note: str = "") -> RatingVote:
    """An editor's vote on the rating; voting again replaces the earlier vote."""
    require_role(actor, Role.EDITOR, "Voting on a rating")
    claim, verdict = _draft_in_review(session, claim_id)
    rating = _panel_rating(session, actor, verdict, rating_id)
    row = session.scalar(select(RatingVote).where(RatingVote.verdict_id == verdict.id,
                                                  RatingVote.editor_id == actor.id))
    row = row or RatingVote(verdict_id=verdict.id, editor_id=actor.id, rating_id=rating.id)
    row.rating_id, row.note = rating.id, (note or "").strip()[:2000] or None
    session.add(row)
    audit(session, actor, "vote", claim_id=claim.id, data={"rating": rating.label})
    commit(session)
    return row


@use_case
def vote_on_amendment(session: Session, actor: User, amendment_id: int, rating_id: int) -> AmendmentVote:
    """A panel vote on a pending correction's new rating; voting again replaces the earlier vote."""
    require_role(actor, Role.EDITOR, "Voting on a rating")
    amendment, verdict, claim = editorial.pending_amendment(session, amendment_id)
    if "rating_id" not in amendment.changes:
        raise ValidationError("This correction does not change the rating: there is nothing to vote on.")
    rating = _panel_rating(session, actor, verdict, rating_id)
    row = session.scalar(select(AmendmentVote).where(AmendmentVote.amendment_id == amendment.id,
                                                     AmendmentVote.editor_id == actor.id))
    row = row or AmendmentVote(amendment_id=amendment.id, editor_id=actor.id, rating_id=rating.id)
    row.rating_id = rating.id
    session.add(row)
    audit(session, actor, "vote", claim_id=claim.id, data={"rating": rating.label, "amendment": amendment.id})
    commit(session)
    return row


def amendment_votes_on(session: Session, amendment_id: int) -> list[AmendmentVote]:
    return list(session.scalars(select(AmendmentVote).options(joinedload(AmendmentVote.editor),
                                                              joinedload(AmendmentVote.rating))
                                .where(AmendmentVote.amendment_id == amendment_id)
                                .order_by(AmendmentVote.created_at)))
