"""Editorial review: what changed since the last review, the rating panel's votes, publication."""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from factcheck.errors import PermissionDenied, ValidationError
from factcheck.models import Claim, RatingLevel, RatingVote, User, Verdict
from factcheck.services import editorial
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.research import draft_of
from factcheck.services.settings import get_setting
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


def rating_label(session: Session, rating_id: int | None) -> str:
    rating = session.get(RatingLevel, rating_id) if rating_id is not None else None
    return rating.label if rating else "(none)"


def panel_size(session: Session) -> int:
    return 3 if int(get_setting(session, "rating_panel_size", 1) or 1) == 3 else 1


def votes_on(session: Session, verdict: Verdict | None) -> list[RatingVote]:
    if verdict is None:
        return []
    return list(session.scalars(select(RatingVote).options(joinedload(RatingVote.editor), joinedload(RatingVote.rating))
                                .where(RatingVote.verdict_id == verdict.id).order_by(RatingVote.created_at)))


def majority(votes: list[RatingVote]) -> int | None:
    """The rating at least two of the three panel votes agree on, if any."""
    if not votes:
        return None
    rating_id, count = Counter(v.rating_id for v in votes).most_common(1)[0]
    return rating_id if count * 2 > len(votes) else None


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
    if panel_size(session) != 3:
        raise ValidationError("The rating panel is off: the draft's rating is decided by the publishing editor.")
    if verdict.author_id == actor.id:
        raise PermissionDenied("The draft's author cannot vote on its rating.")
    rating = get_or_404(session, RatingLevel, rating_id, "rating")
    if rating.retired:
        raise ValidationError(f"The rating {rating.label!r} is retired.")
    row = session.scalar(select(RatingVote).where(RatingVote.verdict_id == verdict.id,
                                                  RatingVote.editor_id == actor.id))
    row = row or RatingVote(verdict_id=verdict.id, editor_id=actor.id, rating_id=rating.id)
    row.rating_id, row.note = rating.id, (note or "").strip()[:2000] or None
    session.add(row)
    audit(session, actor, "vote", claim_id=claim.id, data={"rating": rating.label})
    commit(session)
    return row


@use_case
def approve(session: Session, actor: User, claim_id: int, version: int) -> Verdict:
    """Publish; with a three-editor panel the majority vote becomes the verdict's rating first."""
    claim, verdict = _draft_in_review(session, claim_id)
    if panel_size(session) == 3:
        votes = votes_on(session, verdict)
        if len(votes) < 3:
            raise ValidationError(f"The rating panel needs three editors' votes; there are {len(votes)} so far.")
        decided = majority(votes[:3])
        if decided is None:
            raise ValidationError("The three votes all differ: discuss, and change a vote to reach a majority.")
        verdict.rating_id = decided
    return editorial.publish(session, actor, claim.id, version)
