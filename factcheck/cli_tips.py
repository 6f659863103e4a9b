"""`factcheck purge-tips --older-than DAYS` and `factcheck notify-tipsters`, registered by factcheck/cli.py."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from factcheck.db import db_session
from factcheck.errors import DomainError
from factcheck.services import tips
from factcheck.services.public import markup
from factcheck.services.settings import all_settings
from factcheck.services.tip_mail import SmtpSettings, notify_tipsters, verdicts_with_pending


@click.command("purge-tips")
@click.option("--older-than", "days", type=click.IntRange(min=0), required=True, help="Age in days.")
@with_appcontext
def purge_tips_command(days: int) -> None:
    """Delete tipsters' contacts and address hashes of tips older than DAYS (the tips themselves stay)."""
    try:
        count = tips.purge(db_session(), days)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Deleted the contacts and address hashes of {count} tips older than {days} days.")


@click.command("notify-tipsters")
@with_appcontext
def notify_tipsters_command() -> None:
    """Email tipsters still waiting to hear of a published verdict (a retry after mail failures)."""
    smtp = SmtpSettings.from_config(current_app.config)
    if not smtp.enabled:
        raise click.ClickException("Mail is off: set SMTP_HOST (FACTCHECK_SMTP_HOST) to send emails.")
    session = db_session()
    org = all_settings(session)
    sent = 0
    for verdict in verdicts_with_pending(session):
        url = f"{markup.site_url(org)}/verdicts/{verdict.slug}"
        sent += notify_tipsters(session, verdict, smtp_settings=smtp, url=url, org_name=str(org.get("org_name") or ""))
    click.echo(f"Sent {sent} emails to tipsters.")


def register(main: click.Group) -> None:
    main.add_command(purge_tips_command)
    main.add_command(notify_tipsters_command)
