"""Telling tipsters a verdict is out: one plain-text email per contact that asked, sent once.

`notify_tipsters` is called after a successful publish (factcheck/web/notify.py) and by
`factcheck notify-tipsters` (a retry for what failed or was published while mail was off).
A failure is logged and left pending; publishing never breaks over mail. No Flask here.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Callable, Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from factcheck.db import utcnow
from factcheck.matching.index import is_public
from factcheck.models import Appearance, Tip, TipContact, Verdict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 25
    sender: str = ""
    user: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 10.0

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "SmtpSettings":
        text = lambda key: str(config.get(key) or "")  # noqa: E731  (an empty env value parses as False)
        return cls(host=text("SMTP_HOST"), port=int(config.get("SMTP_PORT") or 25), sender=text("SMTP_FROM"),
                   user=text("SMTP_USER"), password=text("SMTP_PASSWORD"), starttls=bool(config.get("SMTP_STARTTLS")))


def pending_contacts(session: Session, claim_id: int) -> list[TipContact]:
    """Contacts that asked to be told about this claim (or a tip now an appearance of it), not yet told."""
    moved_here = select(Appearance.id).where(Appearance.claim_id == claim_id)
    tips = select(Tip.id).where(or_(Tip.claim_id == claim_id, Tip.appearance_id.in_(moved_here)))
    return list(session.scalars(select(TipContact).where(
        TipContact.tip_id.in_(tips), TipContact.wants_updates.is_(True), TipContact.notified_at.is_(None))
        .order_by(TipContact.id)))


def message_for(verdict: Verdict, contact: str, sender: str, url: str, org_name: str = "") -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = sender, contact
    message["Subject"] = f"We checked the claim you sent us: {verdict.headline}"[:200]
    rating = verdict.rating_label or (verdict.rating.label if verdict.rating else "")
    message.set_content(
        "Thank you for sending us a claim to check. We have published our verdict.\n\n"
        f"{verdict.headline}\nRating: {rating}\n\n{url}\n\n"
        "You asked us to tell you when we publish; we will not write to you again about this claim. "
        "Your address is kept apart from the claim, never published, and deleted after a while.\n"
        + (f"\n{org_name}\n" if org_name else ""))
    return message


def _send(smtp: SmtpSettings, messages: list[tuple[TipContact, EmailMessage]], done: Callable[[TipContact], None]) -> int:
    sent = 0
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as server:
        if smtp.starttls:
            server.starttls()
        if smtp.user:
            server.login(smtp.user, smtp.password)
        for contact, message in messages:
            try:
                server.send_message(message)
            except smtplib.SMTPException:
                log.exception("Could not email tipster contact #%s; left for a retry", contact.id)
                continue
            done(contact)
            sent += 1
    return sent


def notify_tipsters(session: Session, verdict: Verdict, *, smtp_settings: SmtpSettings, url: str,
                    org_name: str = "") -> int:
    """Email every tipster waiting for this verdict; returns how many were sent (0 when mail is off)."""
    if not smtp_settings.enabled or not is_public(verdict):
        return 0
    contacts = pending_contacts(session, verdict.claim_id)
    if not contacts:
        return 0
    sender = smtp_settings.sender or f"factcheck@{smtp_settings.host}"

    def done(contact: TipContact) -> None:
        contact.notified_at = utcnow()
        session.commit()  # one by one: a crash halfway never sends the same email twice

    try:
        return _send(smtp_settings, [(c, message_for(verdict, c.contact, sender, url, org_name)) for c in contacts], done)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not reach the mail server %s:%s; tipsters left for a retry", smtp_settings.host,
                      smtp_settings.port)
        session.rollback()
        return 0


def verdicts_with_pending(session: Session) -> list[Verdict]:
    """Published verdicts some tipster is still waiting to hear about (for `factcheck notify-tipsters`)."""
    waiting = select(TipContact.tip_id).where(TipContact.wants_updates.is_(True), TipContact.notified_at.is_(None))
    claim_ids = set(session.scalars(select(Tip.claim_id).where(Tip.id.in_(waiting), Tip.claim_id.is_not(None))))
    claim_ids |= set(session.scalars(select(Appearance.claim_id).join(Tip, Tip.appearance_id == Appearance.id)
                                     .where(Tip.id.in_(waiting))))
    if not claim_ids:
        return []
    rows = session.scalars(select(Verdict).where(Verdict.claim_id.in_(sorted(claim_ids)),
                                                 Verdict.published_at.is_not(None)).order_by(Verdict.id))
    return [v for v in rows if is_public(v)]
