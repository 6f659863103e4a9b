"""Bulk triage on a selection of claims: one transaction, one audit event per claim changed.

A selection names each claim with the version the person saw (`"id:version"`), so a claim someone
else changed meanwhile is refused, with the reason, while the rest of the selection goes through.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import DomainError, StaleVersion, ValidationError
from factcheck.inputs import ascii_int
from factcheck.models import Claim, User
from factcheck.services import triage
from factcheck.services.common import commit, require_role, use_case
from factcheck.workflow import Role, action_label

BULK_LIMIT = 500
BULK_ACTIONS = {"accept": "accepted", "dismiss": "dismissed", "mark_duplicate": "marked as duplicates"}


@dataclass
class BulkResult:
    action: str
    changed: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        done = f"{len(self.changed)} claim{'s' if len(self.changed) != 1 else ''} {BULK_ACTIONS[self.action]}"
        return done + (f"; {len(self.refused)} refused." if self.refused else ".")


def parse_selection(tokens: Iterable[str]) -> dict[int, int]:
    """`["12:3", "15:1"]` -> {12: 3, 15: 1}; refuses malformed tokens and selections over the limit."""
    tokens = [t for t in tokens if t]
    if not tokens:
        raise ValidationError("Select at least one claim.")
    if len(tokens) > BULK_LIMIT:
        raise ValidationError(f"{len(tokens):,} claims were selected; a bulk action takes at most "
                              f"{BULK_LIMIT}. Narrow the selection and try again.")
    selection: dict[int, int] = {}
    for token in tokens:
        claim_id, _, version = token.partition(":")
        number, seen = ascii_int(claim_id, low=1), ascii_int(version, low=1)
        if number is None or seen is None:
            raise ValidationError(f"{token[:40]!r} is not a claim of this queue.")
        selection[number] = seen
    return selection


def _step(action: str, session: Session, actor: User, *, reason: str, label: str, original: Claim | None):
    if action == "accept":
        return lambda claim, version: triage.accept_step(session, actor, claim, version)
    if action == "dismiss":
        return lambda claim, version: triage.dismiss_step(session, actor, claim, version, reason, label)
    return lambda claim, version: triage.duplicate_step(session, actor, claim, version, original)


@use_case
def apply(session: Session, actor: User, action: str, selection: dict[int, int], *, reason: str = "",
          text: str = "", duplicate_of: int | None = None) -> BulkResult:
    """Apply `action` to every selected claim it is allowed on; report the refusals and why."""
    require_role(actor, Role.REVIEWER, "Triage")
    if action not in BULK_ACTIONS:
        raise ValidationError(f"Choose an action: {', '.join(action_label(a) for a in BULK_ACTIONS)}.")
    if len(selection) > BULK_LIMIT:
        raise ValidationError(f"A bulk action takes at most {BULK_LIMIT} claims.")
    label = triage.dismissal_label(reason, text) if action == "dismiss" else ""
    original = triage.duplicate_target(session, duplicate_of) if action == "mark_duplicate" else None
    step = _step(action, session, actor, reason=reason, label=label, original=original)
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(selection)))}
    result = BulkResult(action)
    for claim_id, version in selection.items():
        claim = claims.get(claim_id)
        if claim is None:
            result.refused.append((claim_id, f"there is no claim {claim_id}"))
            continue
        try:
            step(claim, version)  # every check happens before the step changes anything
        except StaleVersion:
            result.refused.append((claim_id, f"changed meanwhile by someone else (it is now "
                                             f"{claim.status.label}, version {claim.version})"))
            continue
        except DomainError as refusal:
            result.refused.append((claim_id, refusal.message))
            continue
        result.changed.append(claim_id)
    commit(session)
    return result
