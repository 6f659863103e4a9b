"""After a publish: email the tipsters who asked (the SMTP settings are the app's configuration).

Called with one line from the publish routes (web/editor.py, web/desk.py). Never raises: the
verdict is published whatever the mail server does; what failed waits for `factcheck notify-tipsters`.
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from factcheck.db import db_session
from factcheck.models import Verdict
from factcheck.services.settings import all_settings
from factcheck.services.tip_mail import SmtpSettings, notify_tipsters
from factcheck.web.tips_public import verdict_url

log = logging.getLogger(__name__)


def after_publish(claim_id: int) -> int:
    smtp = SmtpSettings.from_config(current_app.config)
    if not smtp.enabled:
        return 0
    try:
        session = db_session()
        verdict = session.scalar(select(Verdict).where(Verdict.claim_id == claim_id))
        if verdict is None or not verdict.slug:
            return 0
        org = all_settings(session)
        return notify_tipsters(session, verdict, smtp_settings=smtp, url=verdict_url(org, verdict.slug),
                               org_name=str(org.get("org_name") or ""))
    except Exception:  # noqa: BLE001 — publishing must never break over mail
        log.exception("Emailing tipsters after publishing claim %s failed", claim_id)
        return 0
