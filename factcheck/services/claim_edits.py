"""Editing a claim: the statement the desk checks, who made it and when.

The claim's text starts as the sentence it was found in; a reviewer edits it into a normalised,
self-contained statement ("The US secretly sponsored ISIS-K in Afghanistan"), while the
appearance keeps the verbatim words. Each edit is versioned (a stale form is refused) and audited
with the before and after of every changed field. Once the verdict is public, the claim changes
only through the editorial correction door.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from factcheck import matching
from factcheck.db import utcnow
from factcheck.errors import InvalidTransition, ValidationError
from factcheck.models import Claim, SpeakerKind, User
from factcheck.services.common import audit, commit, require_role, use_case
from factcheck.services.transitions import check_version, get_claim
from factcheck.workflow import Role, Status

TEXT_MAX = 1_000
CLAIM_REVIEWED_ADVISED = 75  # Google's advice for ClaimReview's claimReviewed: the draft page warns above it
SPEAKER_MAX = 200
ROLE_MAX = 300
EARLIEST_DATE = date(1900, 1, 1)
LOCKED = frozenset({Status.PUBLISHED, Status.RETRACTED})  # readers see these claims: corrections only
_MARKUP = re.compile(r"[<>]")


@dataclass(frozen=True)
class ClaimEdit:
    """What the edit form sends. `claim_date` is the date the claim was made (Claim.said_on);
    a string is read as YYYY-MM-DD. An empty speaker leaves the claim unattributed."""

    text: str
    speaker: str = ""
    speaker_role: str = ""
    speaker_kind: SpeakerKind | str | None = None
    claim_date: date | str | None = None


def can_edit(claim: Claim) -> bool:
    return claim.status not in LOCKED


def _has_control(value: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in value)


def checked_text(text: str) -> str:
    text = " ".join((text or "").split())  # one statement: runs of spaces and line breaks become one space
    if not text:
        raise ValidationError("Type the claim's text: the statement the desk checks.")
    if len(text) > TEXT_MAX:
        raise ValidationError(f"The claim is {len(text):,} characters long; keep it to {TEXT_MAX:,} "
                              "(one self-contained statement).")
    if _has_control(text):
        raise ValidationError("The claim contains invisible control characters; retype it or paste it as plain text.")
    return text


def checked_name(value: str, what: str, limit: int) -> str | None:
    """A speaker's name or role: empty means none; only spaces, markup or control characters are refused."""
    if not value:
        return None
    if not value.strip():
        raise ValidationError(f"The {what} is only spaces: type it, or leave the field empty.")
    value = " ".join(value.split())
    if _MARKUP.search(value) or _has_control(value):
        raise ValidationError(f"The {what} cannot contain < or > or control characters: type it as plain text.")
    if len(value) > limit:
        raise ValidationError(f"The {what} is {len(value):,} characters long; keep it to {limit:,}.")
    return value


def checked_date(value: date | str | None, today: date) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"{value.strip()!r} is not a date on the calendar; give it as YYYY-MM-DD.") from None
    if value > today:
        raise ValidationError(f"The claim date {value.isoformat()} is in the future; give the day it was made.")
    if value < EARLIEST_DATE:
        raise ValidationError(f"The claim date {value.isoformat()} is before {EARLIEST_DATE.year}; check the year.")
    return value


def checked_kind(value: SpeakerKind | str | None, speaker: str | None) -> SpeakerKind | None:
    if speaker is None or value in (None, ""):
        return None
    try:
        return SpeakerKind(value)
    except ValueError:
        raise ValidationError("Say whether the speaker is a person or an organisation.") from None


def checked(edit: ClaimEdit, today: date) -> dict[str, Any]:
    """The edit's values by column, or ValidationError naming the first problem (nothing is saved)."""
    speaker = checked_name(edit.speaker, "speaker's name", SPEAKER_MAX)
    role = checked_name(edit.speaker_role, "speaker's role", ROLE_MAX)
    if role and not speaker:
        raise ValidationError("A role needs a speaker: type the speaker's name, or leave the role empty.")
    return {"text": checked_text(edit.text), "speaker": speaker, "speaker_role": role,
            "speaker_kind": checked_kind(edit.speaker_kind, speaker),
            "said_on": checked_date(edit.claim_date, today)}


def _stored(value: Any) -> Any:
    """An audit value as JSON keeps it: dates as YYYY-MM-DD, enums as their value."""
    return value.isoformat() if isinstance(value, date) else (str(value) if isinstance(value, SpeakerKind) else value)


@use_case
def edit_claim(session: Session, actor: User, claim_id: int, version: int | None, edit: ClaimEdit) -> Claim:
    """Apply the edit in one transaction (the claim's version bumps); no change, no new version."""
    require_role(actor, Role.REVIEWER, "Editing claims")
    claim = get_claim(session, claim_id)
    check_version(claim, version)
    if not can_edit(claim):
        raise InvalidTransition(f"Claim #{claim.id} is {claim.status.label}: readers see it as it is. "
                                "Change it through a correction of its verdict.")
    values = checked(edit, utcnow().date())
    if claim.speaker_kind is None and values["speaker_kind"] == SpeakerKind.guess(values["speaker"]):
        values["speaker_kind"] = None  # the form offers the name's guess: leaving it as offered is no edit
    changed = {name: value for name, value in values.items() if getattr(claim, name) != value}
    if not changed:
        return claim
    audit(session, actor, "edit_claim", claim_id=claim.id, from_status=claim.status, to_status=claim.status,
          data={"before": {name: _stored(getattr(claim, name)) for name in changed},
                "after": {name: _stored(value) for name, value in changed.items()}})
    for name, value in changed.items():
        setattr(claim, name, value)
    matching.index_claim(session, claim)  # matching and "already checked" see the edited claim
    commit(session)
    return claim
