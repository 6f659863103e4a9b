"""Admin: the rating scale (ordered, retire rather than delete when in use) and the settings page."""
from sqlalchemy import select

from factcheck.models import RatingLevel, Setting, Verdict
from factcheck.services.settings import all_settings


def levels(session):
    session.expire_all()
    return list(session.scalars(select(RatingLevel).order_by(RatingLevel.position)))


def by_slug(session, slug):
    return next(level for level in levels(session) if level.slug == slug)


def test_the_default_scale_is_listed_in_order(client, login):
    login("admin")
    page = client.get("/admin/ratings")
    assert page.status_code == 200
    assert page.text.index("Mostly true") < page.text.index("Half true") < page.text.index("Unproven")


def test_add_edit_and_move_a_level(client, login, session):
    login("admin")
    page = client.post("/admin/ratings", data={"label": "Satire", "description": "A joke.", "colour": "#123abc"},
                       follow_redirects=True)
    assert "Level &#39;Satire&#39; added" in page.text
    satire = by_slug(session, "satire")
    assert satire.value is None and satire.position == len(levels(session))
    client.post(f"/admin/ratings/{satire.id}", data={f"level{satire.id}-label": "Satire or parody",
                                                     f"level{satire.id}-colour": "#445566",
                                                     f"level{satire.id}-description": "Not meant literally."})
    client.post(f"/admin/ratings/{satire.id}/move", data={"step": -1})
    moved = by_slug(session, "satire")
    assert (moved.label, moved.colour, moved.slug) == ("Satire or parody", "#445566", "satire")
    assert [level.slug for level in levels(session)][-2:] == ["satire", "unproven"]


def test_bad_levels_are_refused(client, login, session):
    login("admin")
    count = len(levels(session))
    for data, message in (({"label": "False", "colour": "#000000"}, "already a level called"),
                          ({"label": "Odd", "colour": "red"}, "hex code"),
                          ({"label": "", "colour": "#000000"}, "This field is required"),
                          ({"label": "Odd", "colour": "#000000", "value": "0"}, "between 1 and 100")):
        page = client.post("/admin/ratings", data=data)
        assert page.status_code == 422 and message in page.text, message
    assert len(levels(session)) == count
    top = levels(session)[0]
    assert client.post(f"/admin/ratings/{top.id}/move", data={"step": -1}).status_code == 422


def test_a_level_in_use_is_retired_not_deleted(client, login, session, make_claim):
    false = by_slug(session, "false")
    session.add(Verdict(claim_id=make_claim("in_review").id, rating_id=false.id))
    session.commit()
    login("admin")
    page = client.post(f"/admin/ratings/{false.id}/delete")
    assert page.status_code == 422 and "cannot be deleted; retire it" in page.text
    client.post(f"/admin/ratings/{false.id}/retire")
    assert by_slug(session, "false").retired
    unproven = by_slug(session, "unproven")
    client.post(f"/admin/ratings/{unproven.id}/delete")
    assert "unproven" not in [level.slug for level in levels(session)]


def test_settings_are_edited_and_validated(client, login, session):
    login("admin")
    page = client.get("/admin/settings")
    assert 'value="Factcheck Desk"' in page.text
    data = {"org_name": "City Checks", "org_url": "https://checks.example", "org_logo": "", "org_contact": "desk@checks.example",
            "language": "pt-BR", "sourcing_rule": "primary", "rating_panel_size": "3"}
    page = client.post("/admin/settings", data=data, follow_redirects=True)
    assert "Settings saved." in page.text
    session.expire_all()
    saved = all_settings(session)
    assert (saved["org_name"], saved["language"], saved["two_person_rule"], saved["rating_panel_size"]) == \
        ("City Checks", "pt-BR", False, 3)
    bad = client.post("/admin/settings", data={**data, "org_url": "javascript:alert(1)", "org_name": "Evil"})
    assert bad.status_code == 422 and "must start with http" in bad.text
    bad = client.post("/admin/settings", data={**data, "rating_panel_size": "2"})
    assert bad.status_code == 422
    session.expire_all()
    assert session.get(Setting, "org_name").value == "City Checks"


def test_a_rating_colour_no_text_can_read_on_warns_the_admin(client, login):
    login("admin")
    page = client.post("/admin/ratings", data={"label": "Grey area", "colour": "#777777", "description": ""},
                       follow_redirects=True)
    assert page.status_code == 200 and "reaches a contrast of only 4.4:1" in page.text
    page = client.post("/admin/ratings", data={"label": "Dark", "colour": "#1a7f37", "description": ""},
                       follow_redirects=True)
    assert "Level &#39;Dark&#39; added" in page.text and "contrast of only" not in page.text
