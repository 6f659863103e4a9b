"""Editing a claim (services/claim_edits.py) and migration 0005a, which gave every claim its appearance."""
from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from factcheck import migrate
from factcheck.db import make_engine, utcnow
from factcheck.errors import InvalidTransition, PermissionDenied, StaleVersion, ValidationError
from factcheck.models import AuditEvent, Claim, SpeakerKind
from factcheck.services.claim_edits import TEXT_MAX, ClaimEdit, edit_claim

SENTENCE = ("Kabulov claimed, according to the Russian news agency Tass, that the US had secretly "
            "sponsored ISIS-K in Afghanistan.")
EDITED = ClaimEdit(text="The US secretly sponsored ISIS-K in Afghanistan", speaker="Zamir Kabulov",
                   speaker_role="Russia's special envoy for Afghanistan", speaker_kind="person",
                   claim_date=date(2022, 8, 30))


def events(session, claim_id: int) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id,
                                                         AuditEvent.action == "edit_claim")))


@pytest.fixture
def tass_claim(make_claim):
    return make_claim("queued", text=SENTENCE, speaker="Tass")


def test_an_edit_changes_the_claim_bumps_its_version_and_keeps_the_sentence(session, make_user, tass_claim):
    edited = edit_claim(session, make_user("reviewer"), tass_claim.id, 1, EDITED)
    session.expire_all()
    claim = session.get(Claim, tass_claim.id)
    assert (claim.text, claim.speaker, claim.speaker_role) == (EDITED.text, "Zamir Kabulov", EDITED.speaker_role)
    assert (claim.speaker_is, claim.said_on, claim.version) == (SpeakerKind.PERSON, date(2022, 8, 30), 2)
    assert edited.version == 2
    assert [a.text for a in claim.appearances] == [SENTENCE]  # the words as they appeared never change
    assert claim.original.speaker_as_written == "Tass"


def test_one_audit_event_with_before_and_after_of_each_changed_field(session, make_user, tass_claim):
    reviewer = make_user("reviewer")
    edit_claim(session, reviewer, tass_claim.id, 1, ClaimEdit(text=EDITED.text, speaker="Tass",
                                                              speaker_kind="organisation", claim_date="2022-08-30"))
    [event] = events(session, tass_claim.id)
    assert event.actor_id == reviewer.id and event.from_status == event.to_status == "queued"
    assert event.data == {"before": {"text": SENTENCE, "speaker_kind": None, "said_on": None},
                          "after": {"text": EDITED.text, "speaker_kind": "organisation", "said_on": "2022-08-30"}}
    assert session.get(Claim, tass_claim.id).speaker_is == SpeakerKind.ORGANISATION
    json.dumps(event.data)  # the audit log and its CSV export read it as JSON


def test_an_edit_that_changes_nothing_makes_no_version_and_no_event(session, make_user, tass_claim):
    same = ClaimEdit(text=f"  {SENTENCE}\n", speaker="Tass", speaker_kind="person")
    assert edit_claim(session, make_user("reviewer"), tass_claim.id, 1, same).version == 1
    assert events(session, tass_claim.id) == []


def test_a_stale_form_is_refused_and_the_newer_edit_stays(session, make_user, tass_claim):
    first, second = make_user("reviewer"), make_user("reviewer")
    edit_claim(session, first, tass_claim.id, 1, EDITED)
    with pytest.raises(StaleVersion, match="you saw version 1, it is now at version 2"):
        edit_claim(session, second, tass_claim.id, 1, ClaimEdit(text="Something else entirely"))
    session.expire_all()
    assert session.get(Claim, tass_claim.id).text == EDITED.text and len(events(session, tass_claim.id)) == 1


TOMORROW = utcnow().date() + timedelta(days=1)
BAD_EDITS = [
    (ClaimEdit(text=""), "Type the claim's text"),
    (ClaimEdit(text=" \n\t "), "Type the claim's text"),
    (ClaimEdit(text="x" * 50_000), f"keep it to {TEXT_MAX:,}"),
    (ClaimEdit(text="x" * (TEXT_MAX + 1)), f"keep it to {TEXT_MAX:,}"),
    (ClaimEdit(text="Fine", speaker="   "), "speaker's name is only spaces"),
    (ClaimEdit(text="Fine", speaker="<b>x</b>"), "cannot contain < or >"),
    (ClaimEdit(text="Fine", speaker="Jane\x00Doe"), "control characters"),
    (ClaimEdit(text="Fine", speaker="Jane", speaker_role="<script>"), "cannot contain < or >"),
    (ClaimEdit(text="Fine", speaker_role="Mayor"), "A role needs a speaker"),
    (ClaimEdit(text="Fine", speaker="Jane", speaker_kind="robot"), "a person or an organisation"),
    (ClaimEdit(text="Fine", claim_date="2024-02-31"), "'2024-02-31' is not a date on the calendar"),
    (ClaimEdit(text="Fine", claim_date=TOMORROW), "is in the future"),
    (ClaimEdit(text="Fine", claim_date=date(1899, 12, 31)), "before 1900"),
]


@pytest.mark.parametrize("edit,message", BAD_EDITS, ids=[m for _, m in BAD_EDITS])
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(session, make_user, tass_claim, edit, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        edit_claim(session, make_user("reviewer"), tass_claim.id, 1, edit)
    session.expire_all()
    claim = session.get(Claim, tass_claim.id)
    assert (claim.text, claim.speaker, claim.version) == (SENTENCE, "Tass", 1) and events(session, claim.id) == []


def test_text_at_the_limit_is_taken(session, make_user, tass_claim):
    assert edit_claim(session, make_user("reviewer"), tass_claim.id, 1, ClaimEdit(text="y" * TEXT_MAX)).version == 2


@pytest.mark.parametrize("status", ["published", "retracted"])
def test_a_public_claim_changes_only_through_a_correction(session, make_user, make_claim, status):
    claim = make_claim(status, text=SENTENCE)
    with pytest.raises(InvalidTransition, match="through a correction"):
        edit_claim(session, make_user("editor"), claim.id, 1, EDITED)
    session.expire_all()
    assert session.get(Claim, claim.id).text == SENTENCE


def test_editing_needs_an_active_reviewer(session, make_user, tass_claim):
    with pytest.raises(PermissionDenied):
        edit_claim(session, make_user("reviewer", active=False), tass_claim.id, 1, EDITED)


# --- migration 0005a --------------------------------------------------------------------------

@pytest.fixture
def old_database(tmp_path):
    """An empty database of its own (SQLite file, or a PostgreSQL schema) for walking the migrations."""
    url = os.environ.get("FACTCHECK_TEST_DATABASE_URL")
    if not url:
        yield make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        return
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS before_0005a CASCADE; CREATE SCHEMA before_0005a"))
    engine = make_engine(url + ("&" if "?" in url else "?") + "options=-csearch_path%3Dbefore_0005a")
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA before_0005a CASCADE"))
    admin.dispose()


def insert_old_rows(connection) -> dict:
    """Rows as the desk wrote them before 0005a: the spans, url and 'where' on the claims table."""
    now, meta = datetime(2024, 5, 1, 12), sa.MetaData()
    meta.reflect(connection, only=["users", "articles", "claims", "evidence", "verdicts"])
    users, articles, claims, evidence, verdicts = (meta.tables[n] for n in
                                                   ("users", "articles", "claims", "evidence", "verdicts"))
    user = connection.execute(users.insert().values(email="r@example.org", name="R", password_hash="x",
                                                    role="reviewer", active=True, created_at=now)).inserted_primary_key[0]
    body = "Intro. " + SENTENCE + " More."
    article = connection.execute(articles.insert().values(
        title="Envoy speaks", outlet="Tass", url="https://tass.example/envoy", published_date=date(2022, 8, 30),
        kind="article", body=body, content_hash="a" * 64, ingested_at=now)).inserted_primary_key[0]
    common = {"claim_types": [], "score": 0.5, "reasons": [], "entities": [], "numbers": [], "status": "new",
              "priority": 0, "created_at": now, "updated_at": now, "version": 1, "created_by_id": user}
    from_article = connection.execute(claims.insert().values(
        article_id=article, text=SENTENCE, span_start=7, span_end=7 + len(SENTENCE), extra_spans=[[1, 5]],
        speaker="Zamir Kabulov", appeared_on=date(2022, 8, 30), **common)).inserted_primary_key[0]
    by_hand = connection.execute(claims.insert().values(
        text="Bus fares doubled", extra_spans=[], speaker="A reader", appearance_url="https://social.example/p/1",
        appearance_where="a reader's email", appeared_on=date(2024, 4, 2), **{**common, "status": "published"})
    ).inserted_primary_key[0]
    connection.execute(evidence.insert().values(claim_id=from_article, number=1, url="https://a.example",
                                                title="A", stance="context", source_kind="primary", version=1,
                                                created_at=now, updated_at=now))
    connection.execute(verdicts.insert().values(claim_id=by_hand, headline="Fares rose by a third",
                                                summary="s", body="b", slug="fares", created_at=now, updated_at=now))
    return {"article": article, "from_article": from_article, "by_hand": by_hand}


def test_the_migration_gives_every_existing_claim_its_appearance(old_database):
    migrate.upgrade(old_database, "0004d")
    migrate.upgrade(old_database, "0004p")
    with old_database.begin() as connection:
        ids = insert_old_rows(connection)
    migrate.upgrade(old_database)
    assert migrate.model_differences(old_database) == []
    with old_database.connect() as connection:
        rows = {r.claim_id: r for r in connection.execute(sa.text(
            'SELECT claim_id, kind, article_id, span_start, span_end, extra_spans, text, speaker_as_written, '
            '"where", url, appeared_on FROM appearances'))}
        claims = {r.id: r for r in connection.execute(sa.text("SELECT id, text, article_id, appeared_on FROM claims"))}
        assert connection.scalar(sa.text("SELECT count(*) FROM evidence")) == 1  # nothing that points at claims is lost
    article, hand = rows[ids["from_article"]], rows[ids["by_hand"]]
    assert (article.kind, article.article_id, article.span_start, article.text) == ("article", ids["article"], 7, SENTENCE)
    spans = json.loads(article.extra_spans) if isinstance(article.extra_spans, str) else article.extra_spans
    assert spans == [[1, 5]]
    assert (article.speaker_as_written, str(article.appeared_on)) == ("Zamir Kabulov", "2022-08-30")
    assert (hand.kind, hand.article_id, hand.where, hand.url) == ("hand", None, "a reader's email",
                                                                  "https://social.example/p/1")
    assert claims[ids["from_article"]].text == SENTENCE  # text = appearance, until someone edits it
    assert (claims[ids["from_article"]].article_id, str(claims[ids["by_hand"]].appeared_on)) == (ids["article"], "2024-04-02")


def test_public_search_still_follows_an_edited_claim_after_the_migration(old_database):
    """0004p's full-text trigger (SQLite) sits on claims.text and claims.speaker: it must survive 0005a."""
    migrate.upgrade(old_database, "0004d")
    migrate.upgrade(old_database, "0004p")
    with old_database.begin() as connection:
        ids = insert_old_rows(connection)
    migrate.upgrade(old_database)
    if old_database.dialect.name != "sqlite":
        pytest.skip("PostgreSQL searches expression indexes over the claims table; no trigger to keep")
    search = sa.text("SELECT count(*) FROM verdict_search WHERE verdict_search MATCH 'claim: tripled'")
    with old_database.begin() as connection:
        assert connection.scalar(search) == 0
        connection.execute(sa.text("UPDATE claims SET text = 'Bus fares tripled' WHERE id = :id"), {"id": ids["by_hand"]})
        assert connection.scalar(search) == 1
