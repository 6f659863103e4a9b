"""Notes: the internal discussion thread on a claim. Never public; append-only."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from factcheck.errors import ValidationError
from factcheck.models import Note, User
from factcheck.services.common import audit, commit, require_role, use_case
from factcheck.services.transitions import get_claim
from factcheck.workflow import Role

NOTE_LIMIT = 5000


def notes_of(session: Session, claim_id: int) -> list[Note]:
    return list(session.scalars(select(Note).options(joinedload(Note.author))
                                .where(Note.claim_id == claim_id).order_by(Note.created_at, Note.id)))


@use_case
def add(session: Session, actor: User, claim_id: int, body: str) -> Note:
    require_role(actor, Role.REVIEWER, "Writing notes")
    body = (body or "").strip()
    if not body:
        raise ValidationError("The note is empty.")
    if len(body) > NOTE_LIMIT:
        raise ValidationError(f"A note is at most {NOTE_LIMIT:,} characters.")
    claim = get_claim(session, claim_id)
    note = Note(claim_id=claim.id, author_id=actor.id, body=body)
    session.add(note)
    session.flush()
    audit(session, actor, "note", claim_id=claim.id, data={"note": note.id})
    commit(session)
    return note
