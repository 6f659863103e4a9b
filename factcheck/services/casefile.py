"""Everything the claim page shows about one claim, read in one place."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, Evidence, Note, User, Verdict
from factcheck.services import lookups, match_banners
from factcheck.services.evidence import can_edit_evidence, evidence_of
from factcheck.services.notes import notes_of
from factcheck.services.research import draft_of, missing_for_submission
from factcheck.services.transitions import get_claim
from factcheck.services.verdict_rules import Problem
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
    missing: list[Problem]
    people: list[User]
    returned: AuditEvent | None  # the editor's note, while a returned draft is with its author
    can_edit_evidence: bool
    matches: match_banners.Panel  # "already checked" / "same claim" banners and related claims

    @property
    def is_assignee(self) -> bool:
        return "submit" in self.actions


def returned_note(session: Session, claim: Claim) -> AuditEvent | None:
    """The editor's return note while the draft is back with its author (None once resubmitted)."""
    if claim.status is not Status.RESEARCHING:
        return None
    last = lookups.last_event(session, claim.id, "return")
    submitted = lookups.last_event(session, claim.id, "submit")
    return last if last and (submitted is None or submitted.id < last.id) else None


def claim_file(session: Session, actor: User, claim_id: int) -> ClaimFile:
    claim = get_claim(session, claim_id)
    actions = allowed_actions(claim.status, actor.role,
                              is_assignee=claim.assignee_id is not None and claim.assignee_id == actor.id)
    every = evidence_of(session, claim.id, removed=True)
    return ClaimFile(
        claim=claim, actions=actions, history=lookups.claim_history(session, claim.id),
        evidence=[e for e in every if e.removed_at is None], removed=[e for e in every if e.removed_at],
        notes=notes_of(session, claim.id), draft=draft_of(session, claim),
        missing=missing_for_submission(session, claim) if claim.status == Status.RESEARCHING else [],
        people=lookups.active_people(session) if "assign" in actions else [],
        returned=returned_note(session, claim), can_edit_evidence=can_edit_evidence(claim),
        matches=match_banners.panel(session, claim.id))
