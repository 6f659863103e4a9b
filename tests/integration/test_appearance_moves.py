"""'Mark duplicate' is 'another appearance of claim #N': the appearances move (nothing deleted), the
denormalised article and date follow the original, the index follows, and an editor's reopen undoes it."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from factcheck import matching
from factcheck.errors import ValidationError
from factcheck.models import Appearance, AppearanceKind, AuditEvent, Claim
from factcheck.services import bulk, editorial, triage

OLD = "The city spent 40 million euros on the new bridge over the river last spring."
NEW = "The city spent 40 million euros on a new bridge over the river in spring."


def fresh(session, claim_id: int) -> Claim:
    session.expire_all()
    return session.get(Claim, claim_id)


def events(session, claim_id: int, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.claim_id == claim_id, AuditEvent.action == action)
                                .order_by(AuditEvent.id)))


@pytest.fixture
def pair(session, make_claim, make_article):
    """An older claim (from an older article) and a newer one with an extra reader's tip appearance."""
    old = make_claim("queued", text=OLD, speaker="Mayor Ines Ortiz",
                     article=make_article(title="Bridge opens", outlet="City Post", url="https://post.example/bridge",
                                          published_date=date(2024, 4, 2)))
    new = make_claim("new", text=NEW, article=make_article(title="Bridge costs", outlet="Daily", url="https://d.example/b",
                                                          published_date=date(2024, 6, 1)))
    new.add_appearance(Appearance(kind=AppearanceKind.TIP, text="they spent 40 million on that bridge!",
                                  where="a reader's email", appeared_on=date(2024, 6, 3)))
    session.commit()
    for claim in (old, new):
        matching.index_claim(session, claim)
    session.commit()
    return old, new


def found(session, text: str) -> list[int]:
    return [m.claim_id for m in matching.similar(session, text, limit=5, sources=["claim"])]


def test_a_repeat_moves_its_appearances_and_an_editor_undoes_it(session, make_user, pair):
    old, new = pair
    new_ids, old_version, new_version = [a.id for a in new.appearances], old.version, new.version
    triage.mark_duplicate(session, make_user("reviewer"), new.id, new.version, old.id)

    old, new = fresh(session, old.id), fresh(session, new.id)
    assert [a.id for a in old.appearances][1:] == new_ids and new.appearances == []
    assert (new.status, new.duplicate_of_id) == ("duplicate", old.id)
    assert old.original.article.title == "Bridge opens" and old.appeared_on == date(2024, 4, 2)
    assert (new.article.title, new.appeared_on) == ("Bridge costs", date(2024, 6, 1))  # where it was found
    assert old.version > old_version and new.version > new_version
    [merge] = events(session, new.id, "mark_duplicate")
    assert merge.data == {"duplicate_of": old.id, "appearances": new_ids}
    assert events(session, old.id, "appearances_joined")[0].data == {"from_claim": new.id, "appearances": new_ids}
    assert found(session, NEW) == [old.id]  # the emptied claim left the index; its words find the claim it joined

    editorial.reopen(session, make_user("editor"), new.id, new.version, "not the same bridge")
    old, new = fresh(session, old.id), fresh(session, new.id)
    assert [a.id for a in new.appearances] == new_ids and len(old.appearances) == 1
    assert (new.status, new.duplicate_of_id, new.article.title) == ("new", None, "Bridge costs")
    assert old.appeared_on == date(2024, 4, 2) and new.appeared_on == date(2024, 6, 1)
    assert events(session, new.id, "appearances_restored")[0].data["appearances"] == new_ids
    assert set(found(session, NEW)) == {old.id, new.id}


def test_an_older_repeat_becomes_the_original_of_the_claim_it_joins(session, make_user, pair):
    old, new = pair
    triage.mark_duplicate(session, make_user("reviewer"), old.id, old.version, new.id)
    new = fresh(session, new.id)
    assert new.original.article.title == "Bridge opens"  # the lowest id: where the claim was first found
    assert (new.article.title, new.appeared_on) == ("Bridge opens", date(2024, 4, 2))
    editorial.reopen(session, make_user("editor"), old.id, fresh(session, old.id).version)
    new = fresh(session, new.id)
    assert (new.article.title, new.appeared_on, len(new.appearances)) == ("Bridge costs", date(2024, 6, 1), 2)


def test_undo_follows_appearances_that_moved_on_down_a_chain(session, make_user, make_claim, pair):
    old, new = pair
    third = make_claim("new", text="The bridge cost the city 40 million euros.")
    reviewer, editor = make_user("reviewer"), make_user("editor")
    triage.mark_duplicate(session, reviewer, new.id, new.version, old.id)
    triage.mark_duplicate(session, reviewer, old.id, fresh(session, old.id).version, third.id)
    assert len(fresh(session, third.id).appearances) == 4
    editorial.reopen(session, editor, new.id, fresh(session, new.id).version)
    assert len(fresh(session, new.id).appearances) == 2 and len(fresh(session, third.id).appearances) == 2


def test_a_dismissed_or_duplicate_target_is_refused_and_a_published_one_works(session, make_user, make_claim,
                                                                               publish, pair):
    old, new = pair
    reviewer = make_user("reviewer")
    dismissed = make_claim("dismissed")
    with pytest.raises(ValidationError, match="dismissed"):
        triage.mark_duplicate(session, reviewer, new.id, new.version, dismissed.id)
    assert len(fresh(session, new.id).appearances) == 2
    verdict = publish()
    triage.mark_duplicate(session, reviewer, new.id, new.version, verdict.claim_id)
    checked = fresh(session, verdict.claim_id)
    assert checked.status == "published" and len(checked.appearances) == 3


def test_bulk_duplicate_moves_every_selected_claims_appearances(session, make_user, make_claim, pair):
    old, new = pair
    other = make_claim("new")
    result = bulk.apply(session, make_user("reviewer"), "mark_duplicate",
                        {new.id: new.version, other.id: other.version, old.id: old.version}, duplicate_of=old.id)
    assert sorted(result.changed) == sorted([new.id, other.id]) and result.refused[0][0] == old.id
    old = fresh(session, old.id)
    assert len(old.appearances) == 4 and old.appeared_on == date(2024, 4, 2)
    assert fresh(session, other.id).appearances == []
