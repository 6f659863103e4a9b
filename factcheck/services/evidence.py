"""Evidence on a claim: add, edit, soft-remove, and the desk's sourcing rule.

`Evidence.number` is max+1 over every row the claim ever had (removed ones included), so a `[n]`
citation in a verdict never comes to point at another source.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import StaleVersion, ValidationError
from factcheck.models import Claim, Evidence, User, Verdict
from factcheck.models.research import SOURCE_KINDS, STANCES
from factcheck.rendering.markdown import Citation, cited_numbers, safe_url
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.transitions import get_claim
from factcheck.workflow import Role, Status

# Evidence is frozen once the draft goes to an editor: what the editor reviewed is what gets published.
OPEN_STATUSES = frozenset({Status.QUEUED, Status.RESEARCHING})
LIMITS = {"url": 2000, "title": 300, "publisher": 200, "excerpt": 5000, "archive_url": 2000, "notes": 5000}
FIELD_LABELS = {"url": "URL", "title": "title", "publisher": "publisher", "excerpt": "excerpt",
                "archive_url": "archived copy's URL", "notes": "notes"}
PRIMARY_KINDS = {"primary", "official_data"}
SOURCING_RULES = {
    "primary_or_two_publishers": "at least one primary source (a primary document or official data) "
                                 "or sources from two independent publishers",
    "primary": "at least one primary source (a primary document or official data)",
    "two_publishers": "sources from at least two independent publishers",
    "any": "at least one piece of evidence",
}


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str
    publisher: str = ""
    published_date: date | None = None
    excerpt: str = ""
    stance: str = "context"
    source_kind: str = "secondary"
    archive_url: str = ""
    notes: str = ""


def checked(entry: EvidenceInput) -> dict:
    """The row's values, or ValidationError naming the first problem."""
    for name, limit in LIMITS.items():
        if len(getattr(entry, name) or "") > limit:
            raise ValidationError(f"The {FIELD_LABELS[name]} is longer than {limit:,} characters.")
    if safe_url(entry.url) is None:
        raise ValidationError("The evidence URL must be a web address starting with http:// or https://.")
    if entry.archive_url.strip() and safe_url(entry.archive_url) is None:
        raise ValidationError("The archived copy's URL must start with http:// or https://.")
    if not entry.title.strip():
        raise ValidationError("Give the source a title.")
    if entry.stance not in STANCES:
        raise ValidationError(f"The stance is one of: {', '.join(STANCES)}.")
    if entry.source_kind not in SOURCE_KINDS:
        raise ValidationError(f"The kind of source is one of: {', '.join(SOURCE_KINDS)}.")
    values = {f.name: getattr(entry, f.name) for f in fields(entry)}
    for name in ("title", "publisher", "excerpt", "notes"):
        values[name] = (values[name] or "").strip() or None
    values["title"] = values["title"] or ""
    values["url"], values["archive_url"] = safe_url(entry.url), safe_url(entry.archive_url) if entry.archive_url else None
    return values


def can_edit_evidence(claim: Claim) -> bool:
    return claim.status in OPEN_STATUSES


def open_claim(session: Session, actor: User, claim_id: int) -> Claim:
    require_role(actor, Role.REVIEWER, "Working on evidence")
    claim = get_claim(session, claim_id)
    if not can_edit_evidence(claim):
        hint = " (an editor can return the draft to change it)" if claim.status is Status.IN_REVIEW else ""
        raise ValidationError(f"Evidence can be changed while a claim is queued or being researched; "
                              f"this one is {claim.status.label}{hint}.")
    return claim


def evidence_of(session: Session, claim_id: int, *, removed: bool = False) -> list[Evidence]:
    query = select(Evidence).where(Evidence.claim_id == claim_id)
    if not removed:
        query = query.where(Evidence.removed_at.is_(None))
    return list(session.scalars(query.order_by(Evidence.number)))


def citations(evidence: list[Evidence]) -> list[Citation]:
    return [Citation(e.number, e.url, e.title) for e in evidence if e.removed_at is None]


@use_case
def add(session: Session, actor: User, claim_id: int, entry: EvidenceInput) -> Evidence:
    claim = open_claim(session, actor, claim_id)
    values = checked(entry)
    number = (session.scalar(select(func.max(Evidence.number)).where(Evidence.claim_id == claim.id)) or 0) + 1
    row = Evidence(claim_id=claim.id, number=number, added_by_id=actor.id, **values)
    session.add(row)
    session.flush()
    audit(session, actor, "evidence_add", claim_id=claim.id, data={"evidence": number, "url": row.url})
    try:
        commit(session)
    except IntegrityError:  # two people took the same number at the same moment
        session.rollback()
        raise StaleVersion("Someone added evidence to this claim at the same moment; submit yours again.") from None
    return row


def _owned(session: Session, claim: Claim, evidence_id: int) -> Evidence:
    row = get_or_404(session, Evidence, evidence_id, "evidence")
    if row.claim_id != claim.id or row.removed_at is not None:
        raise ValidationError(f"Evidence {evidence_id} is not among this claim's sources.")
    return row


def check_version(row: Evidence, version: int | None) -> None:
    if version is None or int(version) != row.version:
        raise StaleVersion(f"Source [{row.number}] was changed by someone else since you opened it "
                           f"(you saw version {version}, it is now at version {row.version}).")


@use_case
def edit(session: Session, actor: User, claim_id: int, evidence_id: int, version: int,
         entry: EvidenceInput) -> Evidence:
    row = _owned(session, open_claim(session, actor, claim_id), evidence_id)
    check_version(row, version)
    values = checked(entry)
    changed = sorted(name for name, value in values.items() if getattr(row, name) != value)
    for name, value in values.items():
        setattr(row, name, value)
    audit(session, actor, "evidence_edit", claim_id=claim_id, data={"evidence": row.number, "fields": changed})
    commit(session)
    return row


@use_case
def remove(session: Session, actor: User, claim_id: int, evidence_id: int, version: int) -> Evidence:
    """Soft: the row stays (with who removed it and when) and its number is never reused."""
    row = _owned(session, open_claim(session, actor, claim_id), evidence_id)
    check_version(row, version)
    body = session.scalar(select(Verdict.body).where(Verdict.claim_id == claim_id)) or ""
    if row.number in cited_numbers(body):
        raise ValidationError(f"Source [{row.number}] is cited in the draft: remove [{row.number}] from the "
                              "draft's body first, then remove the source.")
    row.removed_at, row.removed_by_id = utcnow(), actor.id
    audit(session, actor, "evidence_remove", claim_id=claim_id, data={"evidence": row.number})
    commit(session)
    return row


def publisher_key(row: Evidence) -> str:
    """Who published a source: the publisher's name, else the web site's host without www."""
    if row.publisher and row.publisher.strip():
        return " ".join(row.publisher.lower().split())
    host = (urlsplit(row.url).hostname or "").lower()
    return host.removeprefix("www.")


def sourcing_gap(rule: str, evidence: list[Evidence]) -> str | None:
    """What the sourcing rule still asks for, in words, or None when it is met."""
    live = [e for e in evidence if e.removed_at is None]
    primary = any(e.source_kind in PRIMARY_KINDS for e in live)
    publishers = len({publisher_key(e) for e in live})
    met = {"primary_or_two_publishers": primary or publishers >= 2, "primary": primary,
           "two_publishers": publishers >= 2, "any": bool(live)}.get(rule, bool(live))
    if met or not live:
        return None
    return (f"{SOURCING_RULES.get(rule, SOURCING_RULES['any'])} (so far: {len(live)} "
            f"source{'s' if len(live) != 1 else ''}, {'a primary one' if primary else 'none primary'}, "
            f"from {publishers} publisher{'s' if publishers != 1 else ''})")
