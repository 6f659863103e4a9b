"""The audit log admins read: every event, filtered, newest first, in keyset pages and as CSV.

Pages walk (created_at, id) downwards: the next page starts after the last row's pair, so a page
deep in the log costs what the first costs and nothing is counted (no OFFSET, no count(*)).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterator

from sqlalchemy import Select, literal, select, tuple_
from sqlalchemy.orm import Session, joinedload

from factcheck.errors import ValidationError
from factcheck.inputs import ascii_int
from factcheck.models import AuditEvent, User
from factcheck.services.audit_entries import Entry, describe, look_up
from factcheck.services.common import require_role
from factcheck.workflow import ACTION_LABELS, EVENT_LABELS, Role

PAGE_SIZE = 50
EXPORT_BATCH = 500
KNOWN_ACTIONS = tuple(dict.fromkeys([*ACTION_LABELS, *EVENT_LABELS]))
# what admins do (accounts, roles, settings, the rating scale): the audit log shows it, the board does not
ADMIN_ACTIONS = frozenset({"create_account", "change_role", "activate", "deactivate", "change_password", "setting",
                           "rating_create", "rating_update", "rating_retire", "rating_restore", "rating_delete",
                           "rating_move"})
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("id", "when (UTC)", "who", "action", "claim", "object", "before → after", "details")


def whole_number(raw: str | None, what: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    value = ascii_int(raw, low=1)
    if value is None:
        raise ValidationError(f"The {what} must be a whole number such as 12, not {raw[:40]!r}.")
    return value


def day(raw: str | None, what: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not DAY.match(raw):
        raise ValidationError(f"The {what} date must be written YYYY-MM-DD, such as 2026-02-28, not {raw[:40]!r}.")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"The {what} date {raw} does not exist on the calendar.") from None


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    claim_id: int | None = None
    action: str | None = None
    since: date | None = None  # from this day (UTC), inclusive
    until: date | None = None  # to this day (UTC), inclusive

    def __post_init__(self) -> None:
        if self.action is not None and self.action not in KNOWN_ACTIONS:
            raise ValidationError(f"There is no action called {self.action[:40]!r} in the audit log.")
        if self.since and self.until and self.since > self.until:
            raise ValidationError(f"The range starts ({self.since}) after it ends ({self.until}).")

    @classmethod
    def parse(cls, person: str | None = None, claim: str | None = None, action: str | None = None,
              since: str | None = None, until: str | None = None) -> "AuditFilter":
        """From the query string's text; every bad value is a ValidationError saying what to type."""
        return cls(actor_id=whole_number(person, "person"), claim_id=whole_number(claim, "claim number"),
                   action=(action or "").strip() or None, since=day(since, "from"), until=day(until, "until"))


@dataclass(frozen=True)
class AuditPage:
    entries: list[Entry]
    next_cursor: str | None


def encode_cursor(event: AuditEvent) -> str:
    return f"{event.created_at.isoformat()}~{event.id}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    moment, _, event_id = cursor.rpartition("~")
    try:
        return datetime.fromisoformat(moment), int(event_id)
    except ValueError:
        raise ValidationError("This page link is damaged; go back to the first page of the audit log.") from None


def filtered(query: Select, f: AuditFilter) -> Select:
    if f.actor_id is not None:
        query = query.where(AuditEvent.actor_id == f.actor_id)
    if f.claim_id is not None:
        query = query.where(AuditEvent.claim_id == f.claim_id)
    if f.action is not None:
        query = query.where(AuditEvent.action == f.action)
    if f.since is not None:
        query = query.where(AuditEvent.created_at >= datetime.combine(f.since, time()))
    if f.until is not None:
        query = query.where(AuditEvent.created_at < datetime.combine(f.until + timedelta(days=1), time()))
    return query


def _events(session: Session, f: AuditFilter, cursor: str | None, size: int) -> list[AuditEvent]:
    query = filtered(select(AuditEvent).options(joinedload(AuditEvent.actor)), f)
    if cursor:
        moment, event_id = decode_cursor(cursor)
        after = tuple_(literal(moment, AuditEvent.created_at.type), literal(event_id, AuditEvent.id.type))
        query = query.where(tuple_(AuditEvent.created_at, AuditEvent.id) < after)
    return list(session.scalars(query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(size)))


def audit_page(session: Session, actor: User, f: AuditFilter, cursor: str | None = None,
               size: int = PAGE_SIZE) -> AuditPage:
    """`size` events after `cursor`, newest first, in words; and the cursor of the page after."""
    require_role(actor, Role.ADMIN, "Reading the audit log")
    events = _events(session, f, cursor, size + 1)
    shown = events[:size]
    names = look_up(session, shown)
    return AuditPage([describe(e, names) for e in shown], encode_cursor(shown[-1]) if len(events) > size else None)


def all_entries(session: Session, actor: User, f: AuditFilter, batch: int = EXPORT_BATCH) -> Iterator[Entry]:
    """Every matching event, newest first, read in keyset batches (memory stays flat)."""
    require_role(actor, Role.ADMIN, "Exporting the audit log")  # checked now, not at the first row
    return _walk(session, f, batch)


def _walk(session: Session, f: AuditFilter, batch: int) -> Iterator[Entry]:
    cursor = None
    while True:
        events = _events(session, f, cursor, batch)
        names = look_up(session, events)
        yield from (describe(e, names) for e in events)
        if len(events) < batch:
            return
        cursor = encode_cursor(events[-1])


def cell(value: object) -> str:
    """A spreadsheet runs a cell that starts like a formula: such a cell starts with a quote instead."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(entry: Entry) -> list[str]:
    changes = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in entry.changes)
    details = "; ".join(f"{k}: {v}" for k, v in entry.details)
    values = (entry.id, entry.at.isoformat(sep=" ", timespec="seconds"), entry.who, entry.action_label,
              entry.claim_id or "", entry.subject, changes, details)
    return [cell(v) for v in values]


def csv_lines(session: Session, actor: User, f: AuditFilter) -> Iterator[str]:
    """The filtered log as CSV text, a batch of rows at a time (for a streamed download)."""
    return _csv_text(all_entries(session, actor, f))


def _csv_text(entries: Iterator[Entry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, entry in enumerate(entries, start=1):
        writer.writerow(csv_row(entry))
        if n % EXPORT_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
