"""A claim's appearances moving between claims: "this is another appearance of claim #N" and its undo.

Marking a claim as a repeat moves every appearance it has under the claim it repeats; nothing is
deleted. The emptied claim keeps its row (status duplicate, `duplicate_of_id`) and its denormalised
article/date, so the article it came from still lists it and an undo puts everything back. The
`mark_duplicate` audit event records which appearances moved; `restore_appearances` (called by the
editor's reopen) moves back exactly those, wherever they are now.

The emptied claim leaves the matching index (its words live on in the claim it joined, and a match
against it would point at a claim that can no longer be worked on); an undo indexes it again.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import matching
from factcheck.db import utcnow
from factcheck.errors import InvalidTransition, ValidationError
from factcheck.models import Appearance, AuditEvent, Claim, ClaimMatch, User
from factcheck.services import matching as match_service
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.transitions import get_claim, move
from factcheck.workflow import Role, Status

MERGE = "mark_duplicate"
JOINED, LEFT, RESTORED = "appearances_joined", "appearances_left", "appearances_restored"
MAX_CHAIN = 50  # a merge chain longer than this is a data error, not a loop to follow forever


def sync_original(claim: Claim) -> None:
    """Keep the denormalised article_id / appeared_on equal to the original (lowest id) appearance's.

    A claim left with no appearance keeps the values it had: they say where it was first found.
    """
    claim.appearances.sort(key=lambda a: a.id)  # moved ones were appended; the original is the lowest id
    original = claim.original
    if original is None:
        return
    claim.article = original.article  # the relationship, so the loaded object agrees with the column
    published = original.article.published_date if original.article else None
    claim.appeared_on = original.appeared_on or published or claim.appeared_on


def root_of(session: Session, claim: Claim) -> Claim:
    """The claim at the end of a chain of repeats (a claim merged into one later merged elsewhere)."""
    seen = {claim.id}
    while claim.status == Status.DUPLICATE and claim.duplicate_of_id is not None and len(seen) < MAX_CHAIN:
        claim = get_claim(session, claim.duplicate_of_id)
        if claim.id in seen:
            break
        seen.add(claim.id)
    return claim


def check_open(target: Claim) -> None:
    """A claim others can join: not a repeat itself, not dismissed (published or retracted is fine)."""
    if target.status == Status.DUPLICATE:
        raise ValidationError(f"Claim {target.id} is itself a duplicate of claim {target.duplicate_of_id}; "
                              "point to that one instead.")
    if target.status == Status.DISMISSED:
        raise ValidationError(f"Claim {target.id} was dismissed; an editor can reopen it, or point to another claim.")


def check_target(claim: Claim, target: Claim) -> None:
    if target.id == claim.id:
        raise ValidationError("A claim cannot be a duplicate of itself.")
    check_open(target)


def _touch(claim: Claim) -> None:
    claim.updated_at = utcnow()  # an UPDATE of the row: its version moves, stale forms are refused


def merge_step(session: Session, actor: User, claim: Claim, version: int, target: Claim) -> list[int]:
    """Mark `claim` a repeat of `target` and move its appearances there; the caller commits."""
    check_target(claim, target)
    moved = [a.id for a in claim.appearances]
    move(session, claim, actor, MERGE, version, data={"duplicate_of": target.id, "appearances": moved})
    claim.duplicate_of_id = target.id
    for appearance in list(claim.appearances):
        appearance.claim = target
    audit(session, actor, JOINED, claim_id=target.id, note=f"from claim #{claim.id}",
          data={"from_claim": claim.id, "appearances": moved})
    _touch(target)
    sync_original(target)
    sync_original(claim)
    matching.index_claim(session, target)
    matching.unindex_claim(session, claim.id)
    return moved


def _last(session: Session, claim_id: int, actions: tuple[str, ...]) -> AuditEvent | None:
    return session.scalar(select(AuditEvent).where(AuditEvent.claim_id == claim_id, AuditEvent.action.in_(actions))
                          .order_by(AuditEvent.id.desc()).limit(1))


def restore_appearances(session: Session, claim: Claim, actor: User | None = None) -> list[int]:
    """Move back the appearances the claim's last merge moved (those still stored); the caller commits.

    Does nothing when the last merge was already undone, or when the claim was never merged. Call it
    last, after the claim's own changes: the index refresh at the end flushes everything at once.
    """
    with session.no_autoflush:
        last = _last(session, claim.id, (MERGE, RESTORED))
        if last is None or last.action != MERGE:
            return []
        wanted = [int(i) for i in (last.data or {}).get("appearances", [])]
        found = list(session.scalars(select(Appearance).where(Appearance.id.in_(wanted)))) if wanted else []
        holders: dict[int, list[Appearance]] = {}
        for appearance in found:
            if appearance.claim_id != claim.id:
                holders.setdefault(appearance.claim_id, []).append(appearance)
        others = [get_claim(session, holder_id) for holder_id in sorted(holders)]  # loaded before anything moves
        for holder in others:
            ids = sorted(a.id for a in holders[holder.id])
            for appearance in holders[holder.id]:
                appearance.claim = claim
            audit(session, actor, LEFT, claim_id=holder.id, note=f"back to claim #{claim.id}",
                  data={"to_claim": claim.id, "appearances": ids})
            _touch(holder)
            sync_original(holder)
        moved = sorted(a.id for group in holders.values() for a in group)
        audit(session, actor, RESTORED, claim_id=claim.id,
              data={"appearances": moved, "from": [{"claim": h.id, "appearances": sorted(a.id for a in holders[h.id])}
                                                   for h in others]})
        _touch(claim)
        sync_original(claim)
    for holder in others:
        matching.index_claim(session, holder)
    matching.index_claim(session, claim)
    return moved


def _match_of(session: Session, claim_id: int, match_id: int) -> ClaimMatch:
    row = get_or_404(session, ClaimMatch, match_id, "match")
    if row.claim_id != claim_id:
        raise ValidationError(f"Match {match_id} is not one of claim {claim_id}'s.")
    if row.status == "rejected":
        raise InvalidTransition("This match was rejected: the two are not the same claim.")
    if row.other_claim_id is None:
        raise ValidationError("This fact-check is a partner's: there is no claim of ours to attach to.")
    return row


@use_case
def attach(session: Session, actor: User, claim_id: int, match_id: int, version: int) -> Claim:
    """From the banner: the claim is another appearance of the matched claim (or of the claim it now
    belongs to); its appearances move there and the match is confirmed, in one transaction."""
    require_role(actor, Role.REVIEWER, "Attaching an appearance")
    claim = get_claim(session, claim_id)
    row = _match_of(session, claim_id, match_id)
    target = root_of(session, get_claim(session, row.other_claim_id))
    merge_step(session, actor, claim, version, target)
    if row.status == "suggested":
        row.status, row.decided_by_id, row.decided_at = "confirmed", actor.id, utcnow()
        audit(session, actor, "match_confirmed", claim_id=claim.id,
              data={"match": row.id, "other_claim": row.other_claim_id, "score": row.score, "kind": row.kind,
                    "attached_to": target.id})
    commit(session)
    return claim


def not_the_same(session: Session, actor: User, claim_id: int, match_id: int) -> ClaimMatch:
    """"Not the same" on one of this claim's banners: an editor's rejection, never suggested again."""
    row = get_or_404(session, ClaimMatch, match_id, "match")
    if row.claim_id != claim_id:
        raise ValidationError(f"Match {match_id} is not one of claim {claim_id}'s.")
    return match_service.reject(session, actor, match_id)
