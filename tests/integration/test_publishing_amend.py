"""Corrections and retractions through services.public.amend, against a real database."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.errors import PermissionDenied, ValidationError
from factcheck.models import Claim, Correction, SlugRedirect, Verdict, VerdictRevision
from factcheck.services.public import amend, verdicts
from tests.web.public_factories import publish  # noqa: F401  (fixture)


def version_of(session, verdict):
    session.expire_all()
    return session.get(Claim, verdict.claim_id).version


def test_correction_adds_a_revision_a_dated_note_and_moves_date_modified(session, publish):
    verdict = publish("Old headline")
    published_at, slug = verdict.published_at, verdict.slug
    amend.correct(session, publish.editor, verdict.id, version_of(session, verdict),
                  amend.Change(note="Headline overstated the rise.", headline="New headline"))
    session.expire_all()
    corrected = session.get(Verdict, verdict.id)
    assert corrected.slug == slug and corrected.headline == "New headline"
    assert corrected.modified_at > published_at
    assert [r.number for r in session.scalars(select(VerdictRevision).where(VerdictRevision.verdict_id == verdict.id))] == [1, 2]
    [entry] = session.scalars(select(Correction).where(Correction.verdict_id == verdict.id))
    assert (entry.kind, entry.note) == ("correction", "Headline overstated the rise.")
    assert session.scalar(select(SlugRedirect.old_slug).where(SlugRedirect.verdict_id == verdict.id)) == "new-headline"
    assert verdicts.find(session, "new-headline").redirect_to == slug


def test_a_headline_slug_taken_by_another_verdict_is_not_claimed(session, publish):
    publish("Taken headline")
    verdict = publish("Other headline")
    amend.correct(session, publish.editor, verdict.id, version_of(session, verdict),
                  amend.Change(note="Clearer.", headline="Taken headline"))
    assert session.scalar(select(SlugRedirect).where(SlugRedirect.old_slug == "taken-headline")) is None


def test_nothing_changed_and_reviewers_are_refused(session, publish, make_user):
    verdict = publish()
    with pytest.raises(ValidationError, match="Nothing was changed"):
        amend.correct(session, publish.editor, verdict.id, version_of(session, verdict),
                      amend.Change(note="n", headline=verdict.headline))
    with pytest.raises(PermissionDenied):
        amend.correct(session, make_user("reviewer"), verdict.id, version_of(session, verdict),
                      amend.Change(note="n", headline="Other"))


def test_retraction_keeps_the_row_and_logs_it(session, publish):
    verdict = publish()
    amend.retract(session, publish.editor, verdict.id, version_of(session, verdict), "The data was wrong.")
    session.expire_all()
    assert session.get(Verdict, verdict.id).retracted_at is not None
    assert verdicts.find(session, verdict.slug).key.retracted
    assert session.get(Claim, verdict.claim_id).status == "retracted"
