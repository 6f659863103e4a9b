"""Everything the claim page shows about one claim, read in one place."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, Evidence, Note, User, Verdict
from factcheck.services import queries
from factcheck.services.evidence import evidence_of
from factcheck.services.notes import notes_of
from factcheck.services.research import draft_of, missing_for_submission
from factcheck.services.transitions import get_claim
from factcheck.workflow import Status, allowed_actions


@dataclass(frozen=True)
class ClaimFile:
    claim: Claim
    actions: list[str]
    history: list[AuditEvent]
    evidence: list[Evidence]
    removed: list[Evidence]
    notes: list[Note]
    draft: Verdict | None
    missing: list[str]
    people: list[User]

    @property
    def is_assignee(self) -> bool:
        return "submit" in self.actions


def claim_file(session: Session, actor: User, claim_id: int) -> ClaimFile:
    claim = get_claim(session, claim_id)
    actions = allowed_actions(claim.status, actor.role,
                              is_assignee=claim.assignee_id is not None and claim.assignee_id == actor.id)
    every = evidence_of(session, claim.id, removed=True)
    return ClaimFile(
        claim=claim, actions=actions, history=queries.claim_history(session, claim.id),
        evidence=[e for e in every if e.removed_at is None], removed=[e for e in every if e.removed_at],
        notes=notes_of(session, claim.id), draft=draft_of(session, claim),
        missing=missing_for_submission(session, claim) if claim.status == Status.RESEARCHING else [],
        people=queries.active_people(session) if "assign" in actions else [])
