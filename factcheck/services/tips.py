"""The reader tip line: a tip is matched at once and answered, queued as a claim, or joined to one.

`submit_tip` answers on the spot when a published verdict of ours matches above the high threshold
(and counts the tip as demand on that claim); a tip that is the same claim as an unverified one in
the desk's work becomes one more appearance of it (demand + 1); anything else becomes a new claim in
the triage queue. A partner's fact-check is shown to the reader ("checked by …") but the tip still
reaches the desk. Contacts live in `tip_contacts`, read only through `reveal_contact` (audited).
No Flask here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.errors import PermissionDenied, ValidationError
from factcheck.extraction import ArticleInput, extract
from factcheck.matching import Match, MatchKind, index_claim, similar
from factcheck.matching.index import is_public
from factcheck.models import (
    Appearance,
    AppearanceKind,
    BlockedSubmitter,
    Claim,
    ExternalFactCheck,
    Tip,
    TipContact,
    TipStatus,
    User,
    Verdict,
)
from factcheck.rendering.markdown import safe_url
from factcheck.services.common import audit, commit, get_or_404, require_role, use_case
from factcheck.services.transitions import move
from factcheck.workflow import Role, Status

LIMITS = {"text": 1000, "link": 2000, "seen_where": 500, "contact": 254}
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
WORD = re.compile(r"[^\W_]{2,}")  # two letters or digits in any script; emoji and punctuation are not
# claims still in the desk's hands: a matching tip joins them instead of starting a new claim
OPEN_STATUSES = (Status.NEW, Status.QUEUED, Status.RESEARCHING, Status.IN_REVIEW)
SPAM_NOTE = "Spam (a reader's tip marked by an editor)"


@dataclass(frozen=True)
class TipInput:
    text: str
    link: str = ""
    seen_where: str = ""
    contact: str = ""
    wants_updates: bool = False


@dataclass(frozen=True)
class Checked:
    """What a reader is told was checked already: our verdict, or a partner's fact-check."""

    checked_by: str  # "us" or the partner's name
    headline: str
    rating: str | None
    published_on: date | None
    slug: str | None = None  # ours: the web layer builds the URL
    url: str | None = None   # a partner's review URL


@dataclass(frozen=True)
class TipAnswer:
    tip_id: int
    status: TipStatus
    checked: Checked | None  # set when the reader can be shown a fact-check
    score: float | None

    @property
    def message(self) -> str:
        if self.checked is None:
            return "Thank you: our desk will look at it."
        c = self.checked
        when = f", {c.published_on.isoformat()}" if c.published_on else ""
        rating = f", rated {c.rating}" if c.rating else ""
        lead = "We checked this" if c.checked_by == "us" else f"Checked by {c.checked_by}"
        tail = "" if self.status is TipStatus.ANSWERED else " Our desk will look at your tip too."
        return f"{lead}: {c.headline}{rating}{when}.{tail}"


def _clean(tip: TipInput) -> TipInput:
    """Trimmed fields, or a ValidationError naming every field that is wrong."""
    values = {name: (getattr(tip, name) if isinstance(getattr(tip, name), str) else "").strip()
              for name in ("text", "link", "seen_where", "contact")}
    problems: list[tuple[str | None, str]] = []
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            problems.append((name, f"{name} may have at most {limit:,} characters (this one has {len(values[name]):,})."))
    if not values["text"]:
        problems.append(("text", "Write the claim you want us to check."))
    elif len(WORD.findall(values["text"])) < 2 and not problems:
        problems.append(("text", "Write the claim in words: it has no words we can check "
                                 "(only punctuation, symbols or emoji)."))
    if values["link"] and len(values["link"]) <= LIMITS["link"] and safe_url(values["link"]) is None:
        problems.append(("link", "The link must be a web address starting with http:// or https://."))
    if values["contact"] and len(values["contact"]) <= LIMITS["contact"] and not EMAIL.match(values["contact"]):
        problems.append(("contact", "The email address does not look right (name@example.org)."))
    if tip.wants_updates and not values["contact"]:
        problems.append(("contact", "Give an email address if you want us to tell you when we publish."))
    if problems:
        raise ValidationError(" ".join(message for _, message in problems), field=problems[0][0], problems=problems)
    return TipInput(values["text"], values["link"], values["seen_where"], values["contact"], bool(tip.wants_updates))


def is_blocked(session: Session, address_hash: str | None) -> bool:
    return bool(address_hash) and session.get(BlockedSubmitter, address_hash) is not None


def _best(matches: list[Match], kind: MatchKind, where) -> Match | None:
    return next((m for m in matches if m.kind is kind and where(m)), None)


def _ours(session: Session, match: Match | None) -> Verdict | None:
    verdict = session.get(Verdict, match.verdict_id) if match and match.verdict_id else None
    return verdict if verdict is not None and is_public(verdict) else None


def _open_claim(session: Session, match: Match | None) -> Claim | None:
    claim = session.get(Claim, match.claim_id) if match and match.claim_id else None
    return claim if claim is not None and claim.status in OPEN_STATUSES else None


def _add_demand(session: Session, claim_id: int, by: int = 1) -> None:
    # a Core UPDATE: demand is not an edit of the claim, so it must not bump the claim's version
    # (a reviewer's open form would turn stale every time a reader asks)
    session.execute(update(Claim).where(Claim.id == claim_id).values(demand=Claim.demand + by)
                    .execution_options(synchronize_session="fetch"))


def _appearance(tip: TipInput) -> Appearance:
    return Appearance(kind=AppearanceKind.TIP, text=tip.text, url=safe_url(tip.link),
                      where=(tip.seen_where[:200] or "a reader's tip"), appeared_on=utcnow().date())


def _new_claim(session: Session, tip: TipInput) -> Claim:
    """A new claim in the queue, scored by extraction as a hand-entered claim is."""
    claim = Claim(text=tip.text, score=0.0, reasons=[], claim_types=[], demand=1)
    claim.add_appearance(_appearance(tip))
    best = max(extract(ArticleInput(body=tip.text, published_date=utcnow().date())), key=lambda c: c.score,
               default=None)
    if best is not None:
        claim.claim_types, claim.score, claim.reasons = list(best.claim_types), round(float(best.score), 4), \
            list(best.reasons)
        claim.claim_date, claim.claim_date_text = best.claim_date, best.claim_date_text
        claim.claim_date_precision, claim.date_warning = best.claim_date_precision, best.date_warning
    claim.reasons = [*(claim.reasons or []), "a reader's tip"]
    session.add(claim)
    session.flush()
    index_claim(session, claim)
    return claim


def _partner(session: Session, match: Match | None) -> Checked | None:
    row = session.get(ExternalFactCheck, match.external_id) if match and match.external_id else None
    if row is None:
        return None
    return Checked(row.publisher_name, row.headline or row.claim_reviewed, row.rating_text, row.date_published,
                   url=row.review_url)


def _checked_by_us(verdict: Verdict) -> Checked:
    label = verdict.rating_label or (verdict.rating.label if verdict.rating else None)
    return Checked("us", verdict.headline, label, verdict.published_at.date() if verdict.published_at else None,
                   slug=verdict.slug)


@use_case
def submit_tip(session: Session, tip: TipInput, *, address_hash: str | None) -> TipAnswer:
    """Match, answer and record one tip in one transaction (audited as "tip")."""
    tip = _clean(tip)
    if is_blocked(session, address_hash):
        raise PermissionDenied("Tips from this address are not accepted. If this is a mistake, write to us.")
    matches = similar(session, tip.text, limit=10)
    verdict = _ours(session, _best(matches, MatchKind.ALREADY_CHECKED, lambda m: m.verdict_id is not None))
    row = Tip(text=tip.text, link=safe_url(tip.link), seen_where=tip.seen_where or None,
              address_hash=address_hash or None, status=TipStatus.QUEUED)
    checked: Checked | None = None
    if verdict is not None:
        found = _best(matches, MatchKind.ALREADY_CHECKED, lambda m: m.verdict_id == verdict.id)
        row.status, row.claim_id, row.verdict_id, row.match_score = TipStatus.ANSWERED, verdict.claim_id, verdict.id, found.score
        _add_demand(session, verdict.claim_id)
        checked = _checked_by_us(verdict)
    else:
        external = _best(matches, MatchKind.ALREADY_CHECKED, lambda m: m.external_id is not None)
        checked = _partner(session, external)
        same = _best(matches, MatchKind.SAME_CLAIM, lambda m: m.claim_id is not None and m.verdict_id is None)
        claim = _open_claim(session, same)
        if claim is not None:
            appearance = claim.add_appearance(_appearance(tip))
            session.flush()
            _add_demand(session, claim.id)
            row.status, row.appearance_id, row.match_score = TipStatus.ATTACHED, appearance.id, same.score
        else:
            claim = _new_claim(session, tip)
            row.created_claim, row.appearance_id = True, claim.appearances[0].id
        row.claim_id = claim.id
        if external is not None and row.match_score is None:
            row.match_score, row.external_id = external.score, external.external_id
        elif external is not None:
            row.external_id = external.external_id
    session.add(row)
    session.flush()
    if tip.contact:
        session.add(TipContact(tip_id=row.id, contact=tip.contact, wants_updates=tip.wants_updates,
                               notified_at=utcnow() if row.status is TipStatus.ANSWERED else None))
    audit(session, None, "tip", claim_id=row.claim_id,
          data={"tip_id": row.id, "status": row.status.value, "score": row.match_score})
    commit(session)
    return TipAnswer(row.id, row.status, checked, row.match_score)


def _spam_claim(session: Session, actor: User, tip: Tip) -> bool:
    """Dismiss the claim the tip created, when nothing else happened to it since."""
    claim = session.get(Claim, tip.claim_id) if tip.created_claim and tip.claim_id else None
    if claim is None or claim.status != Status.NEW or len(claim.appearances) > 1:
        return False
    move(session, claim, actor, "dismiss", claim.version, note=SPAM_NOTE, data={"reason": "spam", "tip_id": tip.id})
    claim.dismiss_reason = SPAM_NOTE
    return True


@use_case
def mark_spam(session: Session, actor: User, tip_id: int, block: bool = False) -> Tip:
    require_role(actor, Role.EDITOR, "Marking tips as spam")
    tip = get_or_404(session, Tip, tip_id, "tip")
    if tip.status is TipStatus.SPAM and not block:
        raise ValidationError(f"Tip {tip_id} is already marked as spam.")
    if block and not tip.address_hash:
        raise ValidationError(f"Tip {tip_id} is too old to block its sender: its address was deleted.")
    dismissed = False
    if tip.status is not TipStatus.SPAM:
        dismissed = _spam_claim(session, actor, tip)
        if tip.claim_id is not None and not dismissed:
            _add_demand(session, tip.claim_id, -1)
        tip.status = TipStatus.SPAM
    if block and not is_blocked(session, tip.address_hash):
        session.add(BlockedSubmitter(address_hash=tip.address_hash, reason=f"spam (tip #{tip.id})",
                                     blocked_by_id=actor.id))
    audit(session, actor, "tip_spam", claim_id=tip.claim_id,
          data={"tip_id": tip.id, "blocked": block, "claim_dismissed": dismissed})
    commit(session)
    return tip


@use_case
def reveal_contact(session: Session, actor: User, tip_id: int) -> str | None:
    """The only way a desk person reads a tipster's contact; every look is in the audit log."""
    require_role(actor, Role.EDITOR, "Seeing a tipster's contact")
    tip = get_or_404(session, Tip, tip_id, "tip")
    contact = session.scalar(select(TipContact.contact).where(TipContact.tip_id == tip.id))
    audit(session, actor, "reveal_contact", claim_id=tip.claim_id, data={"tip_id": tip.id, "found": contact is not None})
    commit(session)
    return contact


def has_contact(session: Session, tip_ids: list[int]) -> set[int]:
    """Which tips left a contact (the tips list shows a button, never the contact)."""
    if not tip_ids:
        return set()
    return set(session.scalars(select(TipContact.tip_id).where(TipContact.tip_id.in_(tip_ids))))


def recent(session: Session, limit: int = 100) -> list[Tip]:
    return list(session.scalars(select(Tip).order_by(Tip.submitted_at.desc(), Tip.id.desc()).limit(limit)))


@use_case
def purge(session: Session, older_than_days: int) -> int:
    """Delete the contacts and address hashes of tips older than N days; returns the tips purged."""
    if not isinstance(older_than_days, int) or older_than_days < 0:
        raise ValidationError("Give the age in whole days (0 or more).")
    cutoff = utcnow() - timedelta(days=older_than_days)
    old = select(Tip.id).where(Tip.submitted_at < cutoff)
    contacts = session.execute(delete(TipContact).where(TipContact.tip_id.in_(old))).rowcount
    hashes = session.execute(update(Tip).where(Tip.submitted_at < cutoff, Tip.address_hash.is_not(None))
                             .values(address_hash=None)).rowcount
    session.commit()
    return max(contacts or 0, hashes or 0)

