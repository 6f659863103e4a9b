"""The admins' audit log: every kind of event in words with before → after, filters, keyset pages, CSV."""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from factcheck.db import utcnow
from factcheck.models import AuditEvent, RatingLevel
from factcheck.services import accounts, evidence, ratings, research, triage
from factcheck.services.evidence import EvidenceInput
from factcheck.services.ratings import LevelInput
from factcheck.services.settings import update_settings

ROW = re.compile(r'<tr id="event-(\d+)">(.*?)</tr>', re.S)


def rows(page_html: str) -> dict[int, str]:
    """Each event's row as the reader sees it: tags stripped, entities decoded, spaces collapsed."""
    return {int(event_id): " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
            for event_id, body in ROW.findall(page_html)}


def texts(page_html: str) -> list[str]:
    return list(rows(page_html).values())


def the_row(page_html: str, *words: str) -> str:
    matching = [text for text in texts(page_html) if all(word in text for word in words)]
    assert len(matching) == 1, (words, texts(page_html))
    return matching[0]


@pytest.fixture
def desk_day(session, make_user, make_claim):
    """A day of the desk, made through the real services: who did what, by name."""
    admin = make_user("admin", name="Ada Admin")
    rosa = make_user("reviewer", name="Rosa Reviewer")
    newcomer = make_user("reviewer", name="Nia Newcomer", email="nia@example.org")
    claim = make_claim("new", text="Unemployment fell to 3 percent last year.")
    triage.accept(session, rosa, claim.id, 1)
    research.take(session, rosa, claim.id, 2)
    evidence.add(session, rosa, claim.id, EvidenceInput(url="https://stats.example.org/jobs", title="Jobs table"))
    update_settings(session, admin, {"two_person_rule": False})
    accounts.change_role(session, admin, newcomer.id, "editor")
    level = session.scalar(select(RatingLevel).where(RatingLevel.slug == "unproven"))
    ratings.update(session, admin, level.id, LevelInput("Not proven yet", level.description, level.colour, level.value))
    return {"admin": admin, "rosa": rosa, "newcomer": newcomer, "claim": claim, "level": level}


def test_every_kind_of_event_shows_who_what_object_and_before_after(client, login, desk_day):
    login("admin")
    page = client.get("/admin/audit")
    assert page.status_code == 200
    claim = desk_day["claim"].id
    assert "status: new → queued" in the_row(page.text, "Rosa Reviewer", "accept", f"claim #{claim}: Unemployment")
    assert "status: queued → researching" in the_row(page.text, "Rosa Reviewer", "take")
    added = the_row(page.text, "add evidence")
    assert f"claim #{claim}" in added and "https://stats.example.org/jobs" in added
    assert "two_person_rule: yes → no" in the_row(page.text, "Ada Admin", "change setting",
                                                   "setting two_person_rule")
    assert "role: reviewer → editor" in the_row(page.text, "Ada Admin", "change role",
                                                "account Nia Newcomer (nia@example.org)")
    assert "label: Unproven → Not proven yet" in the_row(page.text, "Ada Admin", "edit rating level")
    assert f'href="/desk/claims/{claim}"' in page.text  # the claim is a link


def test_a_claim_edit_shows_its_before_and_after(client, login, session, make_user, make_claim):
    claim_edits = pytest.importorskip("factcheck.services.claim_edits")
    editor = make_user("editor", name="Eve Editor")
    claim = make_claim("queued", text="Kabulov claimed, according to Tass, that the US sponsored ISIS-K.")
    claim_edits.edit_claim(session, editor, claim.id, claim.version,
                           claim_edits.ClaimEdit(text="The US secretly sponsored ISIS-K in Afghanistan"))
    login("admin")
    row = the_row(client.get(f"/admin/audit?claim={claim.id}").text, "Eve Editor")
    assert "text: Kabulov claimed, according to Tass, that the US sponsored ISIS-K. → " \
           "The US secretly sponsored ISIS-K in Afghanistan" in row
    assert "status:" not in row  # an edit does not move the claim


def test_markup_in_what_people_typed_is_shown_as_text(client, login, session, make_user):
    admin = make_user("admin", name="<b>Bold</b> Admin")
    update_settings(session, admin, {"org_name": "<script>alert(1)</script>"})
    login("admin")
    page = client.get("/admin/audit")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<b>Bold</b>" not in page.text


def test_filter_by_person_claim_and_action(client, login, make_claim, session, desk_day):
    other = make_claim("new")
    triage.accept(session, desk_day["admin"], other.id, 1)
    login("admin")
    mine = texts(client.get(f"/admin/audit?person={desk_day['rosa'].id}").text)
    assert len(mine) == 3 and all("Rosa Reviewer" in text for text in mine)
    on_claim = texts(client.get(f"/admin/audit?claim={other.id}").text)
    assert len(on_claim) == 1 and "Ada Admin" in on_claim[0] and "accept" in on_claim[0]
    settings = texts(client.get("/admin/audit?action=setting").text)
    assert len(settings) == 1 and "two_person_rule" in settings[0]
    both = texts(client.get(f"/admin/audit?action=accept&person={desk_day['rosa'].id}").text)
    assert len(both) == 1 and f"#{desk_day['claim'].id}" in both[0]


def backdate(session, event_ids, when: datetime) -> None:
    session.execute(update(AuditEvent).where(AuditEvent.id.in_(event_ids)).values(created_at=when))
    session.commit()


def test_filter_by_date_range_includes_both_ends(client, login, session, desk_day):
    ids = list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))
    backdate(session, ids[:2], datetime(2026, 1, 10, 23, 59))  # accept, take
    backdate(session, ids[2:4], datetime(2026, 1, 12, 0, 0))   # evidence, setting
    login("admin")
    first_day = rows(client.get("/admin/audit?since=2026-01-10&until=2026-01-10").text)
    assert sorted(first_day) == ids[:2]
    both = rows(client.get("/admin/audit?since=2026-01-10&until=2026-01-12").text)
    assert sorted(both) == ids[:4]
    later = rows(client.get("/admin/audit?since=2026-01-11").text)
    assert sorted(later) == ids[2:]
    assert rows(client.get("/admin/audit?until=2026-01-11").text).keys() == set(ids[:2])


@pytest.mark.parametrize("query,message", [
    ("since=2026-02-31", "The from date 2026-02-31 does not exist"),
    ("until=31/01/2026", "The until date must be written YYYY-MM-DD"),
    ("claim=abc", "The claim number must be a whole number"),
    ("claim=-3", "The claim number must be a whole number"),
    ("person=ada", "The person must be a whole number"),
    ("action=delete_everything", "There is no action called"),
    ("since=2026-03-02&until=2026-03-01", "The range starts (2026-03-02) after it ends (2026-03-01)"),
    ("after=garbage", "This page link is damaged"),
])
def test_bad_filter_values_are_a_clear_422(client, login, query, message):
    login("admin")
    page = client.get(f"/admin/audit?{query}")
    assert page.status_code == 422 and message in html.unescape(page.text)
    assert 'name="since"' in page.text  # the filters are there to fix


def test_bad_filter_values_refuse_the_csv_too(client, login):
    login("admin")
    page = client.get("/admin/audit.csv?since=2026-02-31")
    assert page.status_code == 422 and "does not exist" in page.text


def test_keyset_pages_show_every_event_once_newest_first(client, login, session, make_user):
    admin = make_user("admin")
    same_moment = utcnow() - timedelta(hours=1)
    moments = [same_moment] * 60 + [same_moment - timedelta(seconds=n) for n in range(1, 71)]  # ties across pages
    session.add_all([AuditEvent(actor_id=admin.id, action="note", created_at=moment, data={"n": n})
                     for n, moment in enumerate(moments)])
    session.commit()
    expected = [e.id for e in session.scalars(select(AuditEvent).order_by(AuditEvent.created_at.desc(),
                                                                         AuditEvent.id.desc()))]
    login("admin")  # logging in writes no event; the newest 50 come first
    seen, url, pages = [], "/admin/audit?action=note", 0
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen += list(rows(page.text))
        pages += 1
        link = re.search(r'<a rel="next" href="([^"]+)"', page.text)
        url = html.unescape(link.group(1)) if link else None
        assert url is None or "action=note" in url  # the filters stay on the next page
    assert pages == 3 and seen == expected


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_csv_export_keeps_the_filters(client, login, desk_day):
    login("admin")
    header, *lines = read_csv(client.get(f"/admin/audit.csv?person={desk_day['rosa'].id}"))
    assert header[:4] == ["id", "when (UTC)", "who", "action"]
    assert [line[3] for line in lines] == ["add evidence", "take", "accept"]
    assert "status: new → queued" in lines[-1][header.index("before → after")]
    _, setting = read_csv(client.get("/admin/audit.csv?action=setting"))
    assert setting[header.index("object")] == "setting two_person_rule"
    assert setting[header.index("before → after")] == "two_person_rule: yes → no"


@pytest.mark.parametrize("name", ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_that_look_like_formulas_are_quoted(client, login, session, make_user, name):
    admin = make_user("admin", name=name)
    update_settings(session, admin, {"org_name": "=1+1"})
    login("admin")
    header, line = read_csv(client.get("/admin/audit.csv?action=setting"))
    assert line[header.index("who")] == "'" + name
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in line)


@pytest.mark.parametrize("role", ["reviewer", "editor"])
@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit.csv"])
def test_only_admins_read_the_log(client, login, desk_day, role, path):
    login(role)
    response = client.get(path)
    assert response.status_code == 403 and "Rosa Reviewer" not in response.text


def test_the_board_shows_reviewers_the_desk_work_but_not_admin_changes(client, login, desk_day):
    login("reviewer")
    board = client.get("/desk/board").text
    assert "accept" in board and "add evidence" in board
    assert "change setting" not in board and "change role" not in board and "edit rating level" not in board
    assert "audit log" not in board
