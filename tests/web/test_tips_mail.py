"""A tipster who asked is emailed when the verdict is published: a real SMTP server on loopback."""
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select

from factcheck.cli import main
from factcheck.models import Claim, TipContact

TIP = "Bus fares rose by 80 percent in Leeds since 2019."


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages, self.arrived = [], threading.Event()

    def handle_message(self, message):
        self.messages.append(message)
        self.arrived.set()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="desk@factcheck.example")
    yield handler
    controller.stop()


def publish_through_the_web(client, session, login, make_user, claim_id):
    """A reviewer takes the tip's claim, drafts and submits it; an editor publishes it on the review page."""
    from factcheck.models import Evidence
    from factcheck.services import research, triage
    from tests.conftest import rating_id

    reviewer = make_user("reviewer")
    claim = triage.accept(session, reviewer, claim_id, session.get(Claim, claim_id).version)
    claim = research.take(session, reviewer, claim.id, claim.version)
    research.save_draft(session, reviewer, claim.id, claim.version, research.DraftInput(
        rating_id=rating_id(session, "false"), headline="Bus fares did not rise by 80%", summary="They rose 12%.",
        body="The council's tables [1] show 12%."))
    session.add(Evidence(claim_id=claim.id, number=1, url="https://leeds.example.org/fares", title="Fares",
                         publisher="Leeds council", source_kind="primary", added_by_id=reviewer.id))
    session.commit()
    research.submit(session, reviewer, claim.id, session.get(Claim, claim.id).version)
    login("editor")
    session.expire_all()
    response = client.post(f"/desk/review/{claim.id}/publish",
                           data={"version": session.get(Claim, claim.id).version, "confirmed": "1"})
    assert response.status_code == 302, response.text[:300]


def test_the_tipster_gets_one_email_when_the_verdict_is_published(client, session, login, make_user, inbox):
    client.post("/submit", data={"text": TIP, "contact": "reader@example.org", "wants_updates": "y"})
    client.post("/submit", data={"text": "Bus fares rose by 80 percent in Leeds since 2019",
                                 "contact": "quiet@example.org"})  # joined the claim; did not ask to be told
    claim_id = session.scalar(select(Claim.id).where(Claim.text == TIP))
    publish_through_the_web(client, session, login, make_user, claim_id)
    assert inbox.arrived.wait(5)
    [message] = inbox.messages
    assert message["To"] == "reader@example.org" and message["From"] == "desk@factcheck.example"
    assert "Bus fares did not rise by 80%" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert "Rating: False" in body and "/verdicts/" in body
    session.expire_all()
    assert session.scalar(select(TipContact.notified_at).where(TipContact.contact == "reader@example.org"))
    # nothing is sent twice: the retry command finds nobody waiting
    result = client.application.test_cli_runner().invoke(main, ["notify-tipsters"])
    assert "Sent 0 emails" in result.output and len(inbox.messages) == 1


def test_a_dead_mail_server_never_breaks_publishing_and_the_retry_sends(client, session, login, make_user, app, inbox):
    client.post("/submit", data={"text": TIP, "contact": "reader@example.org", "wants_updates": "y"})
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = 1  # nothing listens there
    publish_through_the_web(client, session, login, make_user, session.scalar(select(Claim.id).where(Claim.text == TIP)))
    assert inbox.messages == []
    app.config["SMTP_PORT"] = port
    result = app.test_cli_runner().invoke(main, ["notify-tipsters"])
    assert "Sent 1 emails" in result.output and inbox.arrived.wait(5)


def test_purge_tips_deletes_old_contacts(app, client, session):
    client.post("/submit", data={"text": TIP, "contact": "reader@example.org"})
    result = app.test_cli_runner().invoke(main, ["purge-tips", "--older-than", "0"])
    assert result.exit_code == 0 and "1 tips" in result.output
    assert session.scalar(select(TipContact)) is None
