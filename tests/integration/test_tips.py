"""The tip line's service: answered at once, queued as a claim, joined to a claim; spam, purge, privacy."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from factcheck.db import utcnow
from factcheck.errors import PermissionDenied, ValidationError
from factcheck.models import AuditEvent, BlockedSubmitter, Claim, Tip, TipContact, TipStatus
from factcheck.services import tips
from factcheck.services.queue import QueueFilter, queue_page
from factcheck.services.tips import TipInput

HEADLINE = "No, the health budget was not cut"
BUDGET = "The government cut the health budget by 13 percent in 2021."
ADDRESS = "a" * 64


@pytest.fixture
def checked(publish):
    return publish(HEADLINE, claim_text=BUDGET, speaker=None)


def submit(session, text, address_hash=ADDRESS, **fields):
    return tips.submit_tip(session, TipInput(text, **fields), address_hash=address_hash)


def demand(session, claim_id):
    session.expire_all()
    return session.get(Claim, claim_id).demand


def test_a_tip_matching_a_published_verdict_is_answered_on_the_spot(session, checked):
    answer = submit(session, "In 2021 the government cut the health budget by 13 percent")
    assert answer.status is TipStatus.ANSWERED and answer.checked.slug == checked.slug
    assert answer.message.startswith(f"We checked this: {HEADLINE}, rated False, ")
    assert demand(session, checked.claim_id) == 1
    assert session.scalar(select(Claim.id).where(Claim.text.like("In 2021%"))) is None  # no new claim


def test_a_tip_below_the_threshold_becomes_a_new_claim_in_the_queue(session, checked):
    answer = submit(session, "Wind farms kill more birds than cats do every year in Britain.",
                    link="https://social.example.org/post/1", seen_where="a video on social media")
    assert answer.status is TipStatus.QUEUED and answer.checked is None
    assert answer.message == "Thank you: our desk will look at it."
    claim = session.get(Claim, session.get(Tip, answer.tip_id).claim_id)
    assert claim.status == "new" and claim.demand == 1 and "a reader's tip" in claim.reasons
    assert claim.original.kind == "tip" and claim.original.url == "https://social.example.org/post/1"
    assert claim.id in [c.id for c in queue_page(session, QueueFilter(sort="demand")).rows]
    # the new claim is in the matching index: the next reader asking the same joins it
    again = submit(session, "Wind farms kill more birds than cats do every year in Britain")
    assert again.status is TipStatus.ATTACHED and demand(session, claim.id) == 2


def test_a_tip_near_an_unverified_claim_joins_it_as_an_appearance(session, make_claim):
    from factcheck import matching

    claim = make_claim("queued", text="Crime rose by 50 percent in Leeds last year.")
    matching.index_claim(session, claim)
    session.commit()
    answer = submit(session, "crime rose by 50 percent in Leeds last year")
    assert answer.status is TipStatus.ATTACHED
    session.expire_all()
    claim = session.get(Claim, claim.id)
    assert [a.kind for a in claim.appearances] == ["article", "tip"] and claim.demand == 1
    assert claim.status == "queued"


def test_the_queue_sorts_by_demand_with_keyset_pages(session, make_claim):
    claims = [make_claim("new") for _ in range(3)]
    for claim, n in zip(claims, (2, 5, 0)):
        tips._add_demand(session, claim.id, n)
    session.commit()
    first = queue_page(session, QueueFilter(sort="demand"), size=2)
    assert [c.id for c in first.rows] == [claims[1].id, claims[0].id]
    rest = queue_page(session, QueueFilter(sort="demand"), cursor=first.next_cursor, size=2)
    assert [c.id for c in rest.rows] == [claims[2].id]


def test_a_blocked_submitter_is_refused(session, make_user):
    editor = make_user("editor")
    answer = submit(session, "Vaccines contain microchips that track you, says a post.")
    tips.mark_spam(session, editor, answer.tip_id, block=True)
    with pytest.raises(PermissionDenied):
        submit(session, "Another claim from the same sender about taxes rising.")
    assert submit(session, "Another claim about taxes rising sharply.", address_hash="b" * 64).status is TipStatus.QUEUED


def test_spam_dismisses_the_claim_the_tip_created_and_takes_back_demand(session, make_user, checked):
    editor, reviewer = make_user("editor"), make_user("reviewer")
    created = submit(session, "Buy cheap watches at example dot com, the best deals online.")
    answered = submit(session, "In 2021 the government cut the health budget by 13 percent")
    tips.mark_spam(session, editor, created.tip_id, block=False)
    tips.mark_spam(session, editor, answered.tip_id, block=False)
    session.expire_all()
    spam_claim = session.get(Claim, session.get(Tip, created.tip_id).claim_id)
    assert spam_claim.status == "dismissed" and spam_claim.dismiss_reason.startswith("Spam")
    assert session.get(Claim, checked.claim_id).status == "published" and demand(session, checked.claim_id) == 0
    assert session.scalar(select(BlockedSubmitter)) is None
    with pytest.raises(PermissionDenied):
        tips.mark_spam(session, reviewer, created.tip_id, block=True)


def test_purge_deletes_old_contacts_and_address_hashes(session):
    old = submit(session, "Bread costs twice what it did in 2020, my neighbour says.", contact="old@example.org")
    new = submit(session, "Rents rose by 40 percent in Bristol since 2019.", contact="new@example.org")
    session.get(Tip, old.tip_id).submitted_at = utcnow() - timedelta(days=100)
    session.commit()
    assert tips.purge(session, 90) == 1
    assert session.scalars(select(TipContact.contact)).all() == ["new@example.org"]
    session.expire_all()
    assert session.get(Tip, old.tip_id).address_hash is None and session.get(Tip, new.tip_id).address_hash == ADDRESS


def test_revealing_a_contact_is_audited_and_editor_only(session, make_user):
    editor, reviewer = make_user("editor"), make_user("reviewer")
    answer = submit(session, "Petrol prices doubled in 2022 in Wales.", contact="reader@example.org", wants_updates=True)
    with pytest.raises(PermissionDenied):
        tips.reveal_contact(session, reviewer, answer.tip_id)
    assert tips.reveal_contact(session, editor, answer.tip_id) == "reader@example.org"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "reveal_contact"))
    assert event.actor_id == editor.id and event.data["tip_id"] == answer.tip_id


@pytest.mark.parametrize("fields,field", [
    ({"text": ""}, "text"), ({"text": "   "}, "text"), ({"text": "🙂🙂🙂 !!! ???"}, "text"),
    ({"text": "x" * 1001}, "text"), ({"text": "A claim about taxes.", "link": "javascript:alert(1)"}, "link"),
    ({"text": "A claim about taxes.", "link": "https://e.org/" + "a" * 2000}, "link"),
    ({"text": "A claim about taxes.", "seen_where": "w" * 501}, "seen_where"),
    ({"text": "A claim about taxes.", "contact": "not an email"}, "contact"),
    ({"text": "A claim about taxes.", "wants_updates": True}, "contact"),
])
def test_bad_tips_are_refused_naming_the_field_and_nothing_is_stored(session, fields, field):
    text = fields.pop("text")
    with pytest.raises(ValidationError) as refused:
        submit(session, text, **fields)
    assert refused.value.field == field
    assert session.scalar(select(Tip)) is None and session.scalar(select(Claim)) is None


@pytest.mark.parametrize("text", ['"the" * NEAR(a b) : - ^ budget cut', "'; DROP TABLE claims; -- rates rose",
                                  "the of and to in"])
def test_search_syntax_and_sql_characters_are_text(session, text):
    assert submit(session, text).status is TipStatus.QUEUED
    assert session.scalar(select(Tip.text)) == text.strip()


def test_the_contact_is_never_in_a_desk_query(session, make_claim):
    """Desk queries (queue, claim rows, tips list) never carry the contact: it is a table apart."""
    submit(session, "Water bills rose by 30 percent in 2023 in Kent.", contact="marker-7731@example.org")
    rows = queue_page(session, QueueFilter()).rows + tips.recent(session)
    assert all("marker-7731" not in repr(vars(row)) for row in rows)
