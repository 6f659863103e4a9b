"""Matching at ingest and the editor's decision on a suggested match.

`match_new_claims` stores each new claim's best matches as suggested ClaimMatch rows (a pair an
editor rejected is never suggested again); `confirm` and `reject` are editor decisions, audited,
one transaction each.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from factcheck import matching
from factcheck.db import utcnow
from factcheck.errors import InvalidTransition
from factcheck.models import Claim, ClaimMatch, User
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.workflow import Role

SUGGESTIONS_PER_CLAIM = 5


def _pair(match: matching.Match) -> tuple[int | None, int | None]:
    return (None, match.external_id) if match.external_id is not None else (match.claim_id, None)


def _known_pairs(session: Session, claim_id: int) -> set[tuple[int | None, int | None]]:
    """Pairs this claim already has a row for, either way round (suggested, confirmed or rejected)."""
    rows = session.execute(select(ClaimMatch.claim_id, ClaimMatch.other_claim_id, ClaimMatch.external_id).where(
        or_(ClaimMatch.claim_id == claim_id, ClaimMatch.other_claim_id == claim_id)))
    known = set()
    for owner, other, external in rows:
        known.add((other, external) if owner == claim_id else (owner, None))
    return known


def suggest_for(session: Session, claim: Claim, limit: int = SUGGESTIONS_PER_CLAIM,
                text: str | None = None) -> list[ClaimMatch]:
    """`text`: match other words than the claim's own (the text read off one of its images)."""
    found = matching.similar(session, text or claim.text, limit=limit, speaker=claim.speaker,
                             claim_date=claim.claim_date, exclude_claim_id=claim.id)
    known = _known_pairs(session, claim.id)
    rows = []
    for match in found:
        other, external = _pair(match)
        if (other, external) in known:
            continue
        known.add((other, external))
        rows.append(ClaimMatch(claim_id=claim.id, other_claim_id=other, external_id=external, score=match.score,
                               kind=match.kind.value, status="suggested", reason=match.reason,
                               differs=list(match.differs)))
    session.add_all(rows)
    return rows


@use_case
def match_new_claims(session: Session, claim_ids: Iterable[int]) -> dict[int, list[ClaimMatch]]:
    """Index each claim and store its best matches as suggestions, in one transaction."""
    claims = list(session.scalars(select(Claim).where(Claim.id.in_(sorted(set(claim_ids)))).order_by(Claim.id)))
    suggested = index_and_suggest(session, claims)
    commit(session)
    return suggested


def index_and_suggest(session: Session, claims: list[Claim]) -> dict[int, list[ClaimMatch]]:
    """Within the caller's transaction: index new claims, then store each one's best matches."""
    for claim in claims:
        matching.index_claim(session, claim)
    session.flush()
    return {claim.id: suggest_for(session, claim) for claim in claims}


def _decide(session: Session, actor: User, match_id: int, status: str) -> ClaimMatch:
    require_role(actor, Role.EDITOR, "Deciding on a suggested match")
    row = get_or_404(session, ClaimMatch, match_id, "match")
    if row.status != "suggested":
        raise InvalidTransition(f"This match was already {row.status}.")
    row.status, row.decided_by_id, row.decided_at = status, actor.id, utcnow()
    audit(session, actor, f"match_{status}", claim_id=row.claim_id,
          data={"match": row.id, "other_claim": row.other_claim_id, "external": row.external_id,
                "score": row.score, "kind": row.kind})
    commit(session)
    return row


@use_case
def confirm(session: Session, actor: User, match_id: int) -> ClaimMatch:
    """An editor agrees the two are the same claim (or that it was already checked)."""
    return _decide(session, actor, match_id, "confirmed")


@use_case
def reject(session: Session, actor: User, match_id: int) -> ClaimMatch:
    """An editor says they are not the same: the pair is never suggested again."""
    return _decide(session, actor, match_id, "rejected")


def suggestions(session: Session, claim_id: int) -> list[ClaimMatch]:
    """A claim's matches still waiting for a decision, best first."""
    return list(session.scalars(select(ClaimMatch).where(ClaimMatch.claim_id == claim_id,
                                                         ClaimMatch.status == "suggested")
                                .order_by(ClaimMatch.score.desc(), ClaimMatch.id)))
