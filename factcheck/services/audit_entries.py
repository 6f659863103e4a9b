"""One audit event in words: who, what, on which object, and what it was before and after.

Events store what they changed in `data`, in a few shapes: `from`/`to` (a setting, a role),
`before`/`after` (an edit), `fields` (the names or the before/after of changed fields), plus ids
naming the object (`user`, `level`, `key`, `article`). Whatever else `data` holds is shown as
plain "key: value" details, so a new kind of event is readable before anyone teaches this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, RatingLevel, User
from factcheck.workflow import Role, Status, action_label

ROLE_EVENTS = {"change_role", "create_account"}
SUBJECT_KEYS = ("user", "level", "key", "article")  # data keys that name the event's object
USER_KEYS = ("user", "assignee")  # data keys holding an account's id
CHANGE_KEYS = ("from", "to", "before", "after", "fields", "changes")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    who: str
    action: str
    action_label: str
    claim_id: int | None
    subject: str
    changes: list[Change] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Names:
    """The names of the objects one batch of events mentions, looked up once per batch."""

    users: dict[int, User]
    levels: dict[int, str]
    claims: dict[int, str]
    articles: dict[int, str]


def readable(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(readable(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {readable(v)}" for k, v in value.items()) or "—"
    return str(value)


def role_name(value: Any) -> str:
    """Older events stored a role as its number."""
    if isinstance(value, int) and not isinstance(value, bool) and value in {r.value for r in Role}:
        return Role(value).label
    return readable(value)


def status_name(value: str | None) -> str:
    try:
        return Status(value).label if value else "—"
    except ValueError:
        return value or "—"


def _ids(events: Iterable[AuditEvent], key: str) -> set[int]:
    return {e.data[key] for e in events if isinstance(e.data, dict) and isinstance(e.data.get(key), int)}


def look_up(session: Session, events: list[AuditEvent]) -> Names:
    users = set().union(*(_ids(events, key) for key in USER_KEYS))
    levels, articles = _ids(events, "level"), _ids(events, "article")
    claims = {e.claim_id for e in events if e.claim_id is not None}
    return Names(
        users={u.id: u for u in session.scalars(select(User).where(User.id.in_(users)))} if users else {},
        levels=dict(session.execute(select(RatingLevel.id, RatingLevel.label).where(RatingLevel.id.in_(levels))).all())
        if levels else {},
        claims=dict(session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(claims))).all()) if claims else {},
        articles=dict(session.execute(select(Article.id, Article.title).where(Article.id.in_(articles))).all())
        if articles else {})


def subject(event: AuditEvent, names: Names) -> str:
    data = event.data if isinstance(event.data, dict) else {}
    if event.claim_id is not None:
        text = names.claims.get(event.claim_id, "")
        return f"claim #{event.claim_id}" + (f": {text[:120]}{'…' if len(text) > 120 else ''}" if text else "")
    if "user" in data:
        user = names.users.get(data["user"])
        return f"account {user.name} ({user.email})" if user else f"account #{data['user']}"
    if "key" in data:
        return f"setting {data['key']}"
    if "level" in data:
        label = names.levels.get(data["level"]) or data.get("label")
        return f"rating level {label}" if label else f"rating level #{data['level']}"
    if "article" in data:
        title = names.articles.get(data["article"])
        return f"article #{data['article']}" + (f": {title}" if title else "")
    return "—"


def _pairs(before: Any, after: Any, has_after: bool, name: str) -> list[Change]:
    """before/after as two dicts (one change per field that differs) or two plain values."""
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
        keys = list(dict.fromkeys([*before, *after]))
        return [Change(k, readable(before.get(k)), readable(after.get(k)) if has_after else "(not recorded)")
                for k in keys if not has_after or before.get(k) != after.get(k)]
    return [Change(name, readable(before), readable(after) if has_after else "(not recorded)")]


def _field_changes(fields: Any) -> tuple[list[Change], list[tuple[str, str]]]:
    """`fields` as a list of names, or {name: {before, after}} / {name: [before, after]}."""
    if not isinstance(fields, dict):
        return [], [("fields changed", readable(fields))]
    changes = []
    for name, value in fields.items():
        if isinstance(value, dict) and ("before" in value or "after" in value):
            changes.append(Change(name, readable(value.get("before")), readable(value.get("after"))))
        elif isinstance(value, (list, tuple)) and len(value) == 2:
            changes.append(Change(name, readable(value[0]), readable(value[1])))
        else:
            changes.append(Change(name, "—", readable(value)))
    return changes, []


def changes(event: AuditEvent) -> tuple[list[Change], list[tuple[str, str]]]:
    data = event.data if isinstance(event.data, dict) else {}
    found: list[Change] = []
    details: list[tuple[str, str]] = []
    if event.from_status != event.to_status:  # an edit or a correction leaves the status as it was
        found.append(Change("status", status_name(event.from_status), status_name(event.to_status)))
    if "from" in data or "to" in data:
        name = "role" if event.action in ROLE_EVENTS else str(data.get("key") or "value")
        show = role_name if name == "role" else readable
        found.append(Change(name, show(data.get("from")), show(data.get("to"))))
    if "before" in data or "after" in data:
        found += _pairs(data.get("before"), data.get("after"), "after" in data, str(data.get("field") or "value"))
    for key in ("fields", "changes"):
        if key in data:
            more, listed = _field_changes(data[key])
            found, details = found + more, details + listed
    return found, details


def describe(event: AuditEvent, names: Names) -> Entry:
    data = event.data if isinstance(event.data, dict) else {}
    found, details = changes(event)
    used = {*CHANGE_KEYS, "field"} | (set() if event.claim_id is not None else {*SUBJECT_KEYS, "label"})
    rest = [(k, detail(k, v, names)) for k, v in data.items() if k not in used and v is not None]
    if event.note:
        rest.insert(0, ("note", event.note))
    who = event.actor.name if event.actor else "the command line"
    return Entry(event.id, event.created_at, who, event.action, action_label(event.action), event.claim_id,
                 subject(event, names), found, [*details, *rest])


def detail(key: str, value: Any, names: Names) -> str:
    if key in USER_KEYS and isinstance(value, int) and value in names.users:
        user = names.users[value]
        return f"{user.name} ({user.email})"
    return role_name(value) if key == "role" else readable(value)
