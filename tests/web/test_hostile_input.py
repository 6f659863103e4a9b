"""Input that once reached the database as a 500 on PostgreSQL: a NUL byte anywhere, integers beyond
64 bits, Unicode digits that str.isdigit() accepts, dates at the end of the calendar; and a lost race
surfacing at a flush. Each gets a clear 4xx (or 503 when the database is busy), on both databases."""
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", ["/verdicts/a%00b", "/verdicts/?speaker=a%00b", "/search?q=crime%00",
                                  "/api/v1/verdicts?speaker=a%00b"])
def test_a_nul_byte_anywhere_is_a_clear_400(client, path):
    page = client.get(path)
    assert page.status_code == 400 and "control character (U+0000)" in page.text


def test_a_nul_byte_in_a_form_field_is_refused_and_nothing_saved(client, login, make_claim, session):
    login("reviewer")
    claim = make_claim("queued")
    page = client.post(f"/desk/claims/{claim.id}/notes", data={"body": "a note\x00with a NUL"})
    assert page.status_code == 400 and "control character (U+0000)" in page.text
    assert client.get(f"/desk/claims/{claim.id}").text.count("with a NUL") == 0


@pytest.mark.parametrize("path", [f"/desk/claims/{HUGE}", f"/desk/review/{HUGE}", f"/desk/people/{HUGE}"])
def test_ids_beyond_the_database_are_not_found(client, login, path):
    login("editor")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["page=²", "page=①", "page=٣", f"page={HUGE}"])
def test_unicode_and_huge_page_numbers_are_refused(client, query):
    assert client.get(f"/verdicts/?{query}").status_code == 400
    assert client.get(f"/api/v1/verdicts?{query.replace('page', 'per_page')}").status_code == 400


@pytest.mark.parametrize("path", ["/verdicts/?until=9999-12-31", "/verdicts/?since=0001-01-01",
                                  "/api/v1/verdicts?until=9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_refused(client, path):
    page = client.get(path)
    assert page.status_code == 400 and "between 1900 and 2999" in page.text


def test_huge_ids_in_forms_and_bulk_selections(client, login, make_claim):
    login("editor")
    claim = make_claim("new")
    page = client.post(f"/desk/claims/{claim.id}/mark_duplicate", data={"version": claim.version, "duplicate_of": HUGE})
    assert page.status_code == 422
    bulk = client.post("/desk/bulk", data={"action": "accept", "ids": [f"{HUGE}:1"]})
    assert bulk.status_code in (302, 422)  # refused with a reason, never a database error


def test_a_race_lost_at_a_flush_is_a_409_and_a_busy_database_a_503(app, client, login, make_claim, monkeypatch):
    from factcheck.services import triage

    login("reviewer")
    claim = make_claim("new")

    def stale(*_args, **_kwargs):
        raise StaleDataError("UPDATE statement on table 'claims' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(triage, "accept", stale)
    page = client.post(f"/desk/claims/{claim.id}/accept", data={"version": claim.version})
    assert page.status_code == 409 and "at the same moment" in page.text

    def locked(*_args, **_kwargs):
        raise OperationalError("UPDATE claims", {}, Exception("database is locked"))

    monkeypatch.setattr(triage, "accept", locked)
    page = client.post(f"/desk/claims/{claim.id}/accept", data={"version": claim.version})
    assert page.status_code == 503 and page.headers["Retry-After"] == "2" and "nothing was saved" in page.text
