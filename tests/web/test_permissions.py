"""Every route against anonymous, reviewer, editor and admin."""
import pytest
from sqlalchemy import select

from factcheck.models import Evidence, RatingLevel, Setting, Verdict
from tests.conftest import PASSWORD, claim_status

ROLES = ["anonymous", "reviewer", "editor", "admin"]

# (method, path, minimum role or None for public) — `{claim}` and `{article}` and `{user}` are filled in
ROUTES = [
    ("GET", "/", None),
    ("GET", "/login", None),
    ("GET", "/desk/", "reviewer"),
    ("GET", "/desk/articles", "reviewer"),
    ("GET", "/desk/articles/new", "reviewer"),
    ("GET", "/desk/articles/{article}", "reviewer"),
    ("GET", "/desk/claims/{claim}", "reviewer"),
    ("GET", "/desk/claims/{claim}/edit", "reviewer"),
    ("POST", "/desk/claims/{claim}/edit", "reviewer"),
    ("POST", "/desk/articles/new", "reviewer"),
    ("POST", "/desk/claims/{claim}/accept", "reviewer"),
    ("POST", "/desk/claims/{dismissed}/reopen", "editor"),
    ("POST", "/desk/claims/{claim}/matches/{match}/attach", "reviewer"),
    ("POST", "/desk/claims/{claim}/matches/{match}/reject", "editor"),
    ("GET", "/desk/?status=queued&sort=oldest", "reviewer"),
    ("POST", "/desk/bulk", "reviewer"),
    ("GET", "/desk/claims/new", "reviewer"),
    ("POST", "/desk/claims/new", "reviewer"),
    ("GET", "/desk/board", "reviewer"),
    ("GET", "/desk/mine", "reviewer"),
    ("GET", "/desk/people/{user}", "reviewer"),
    ("POST", "/desk/claims/{queued}/evidence", "reviewer"),
    ("GET", "/desk/claims/{queued}/evidence/{evidence}/edit", "reviewer"),
    ("POST", "/desk/claims/{queued}/evidence/{evidence}", "reviewer"),
    ("POST", "/desk/claims/{queued}/evidence/{evidence}/remove", "reviewer"),
    ("POST", "/desk/claims/{claim}/notes", "reviewer"),
    ("GET", "/desk/claims/{in_review}/draft", "reviewer"),
    ("POST", "/desk/claims/{in_review}/draft", "reviewer"),
    ("POST", "/desk/claims/{in_review}/draft/preview", "reviewer"),
    ("GET", "/desk/review/", "editor"),
    ("GET", "/desk/review/{in_review}", "editor"),
    ("POST", "/desk/review/{in_review}/return", "editor"),
    ("POST", "/desk/review/{in_review}/publish", "editor"),
    ("POST", "/desk/review/{in_review}/vote", "editor"),
    ("GET", "/admin/ratings", "admin"),
    ("POST", "/admin/ratings", "admin"),
    ("POST", "/admin/ratings/{level}", "admin"),
    ("POST", "/admin/ratings/{level}/retire", "admin"),
    ("POST", "/admin/ratings/{level}/restore", "admin"),
    ("POST", "/admin/ratings/{level}/delete", "admin"),
    ("POST", "/admin/ratings/{level}/move", "admin"),
    ("GET", "/admin/settings", "admin"),
    ("POST", "/admin/settings", "admin"),
    # the public site, its feeds and API (anonymous), and the editors' corrections desk
    ("GET", "/verdicts/", None),
    ("GET", "/verdicts/?rating=false&page=1", None),
    ("GET", "/verdicts/{slug}", None),
    ("GET", "/verdicts/{slug}/revisions/1", None),
    ("GET", "/verdicts/{slug}/share.png", None),
    ("GET", "/search?q=crime", None),
    ("GET", "/speakers/", None),
    ("GET", "/speakers/pat-public", None),
    ("GET", "/speakers/pat-public/feed.atom", None),
    ("GET", "/methodology", None),
    ("GET", "/corrections", None),
    ("GET", "/submit", None),
    ("GET", "/ratings.css", None),
    ("GET", "/feeds/verdicts.atom", None),
    ("GET", "/sitemap.xml", None),
    ("GET", "/robots.txt", None),
    ("GET", "/api/v1/verdicts", None),
    ("GET", "/api/v1/verdicts/{slug}", None),
    ("GET", "/api/v1/claimreview.json", None),
    ("GET", "/api/v1/openapi.json", None),
    ("GET", "/desk/published/", "editor"),
    ("GET", "/desk/published/{verdict}/correct", "editor"),
    ("POST", "/desk/published/{verdict}/correct", "editor"),
    ("GET", "/desk/published/{verdict}/retract", "editor"),
    ("POST", "/desk/published/{verdict}/retract", "editor"),
    ("GET", "/admin/users", "admin"),
    ("POST", "/admin/users", "admin"),
    ("POST", "/admin/users/{user}/role", "admin"),
    ("POST", "/admin/users/{user}/deactivate", "admin"),
    ("POST", "/admin/users/{user}/activate", "admin"),
    ("POST", "/admin/users/{user}/end-sessions", "admin"),
    ("GET", "/admin/audit", "admin"),
    ("GET", "/admin/audit?action=setting&since=2026-01-01", "admin"),
    ("GET", "/admin/audit.csv", "admin"),
    ("GET", "/account/password", "reviewer"),
    ("POST", "/account/password", "reviewer"),
    ("GET", "/favicon.ico", None),
    # the tip line: the public form and API, the editors' tips list
    ("POST", "/submit", None),
    ("POST", "/api/v1/tips", None),
    ("GET", "/desk/tips/", "editor"),
    ("POST", "/desk/tips/{tip}/spam", "editor"),
    ("POST", "/desk/tips/{tip}/contact", "editor"),
]
RANK = {"anonymous": 0, "reviewer": 1, "editor": 2, "admin": 3}


PUBLIC_BODIES = {"/correct": {"version": 1, "kind": "correction", "rating": 5, "headline": "A corrected headline",
                              "summary": "A corrected ruling.", "note": "We misread the table.", "confirmed": "1"},
                 "/retract": {"version": 1, "note": "The source was withdrawn.", "confirmed": "1"}}


def public_objects(session) -> dict:
    """A published verdict (on a published claim at version 1) with its first revision."""
    from factcheck.db import utcnow
    from factcheck.models import Claim, VerdictRevision

    claim = Claim(text="Crime rose by half.", speaker="Pat Public", status="published", reasons=[])
    session.add(claim)
    session.flush()
    now = utcnow()
    verdict = Verdict(claim_id=claim.id, rating_id=5, headline="Crime did not rise by half", summary="No.",
                      body="Body.", slug="public-verdict", published_at=now, modified_at=now)
    session.add(verdict)
    session.flush()
    session.add(VerdictRevision(verdict_id=verdict.id, number=1, rating_id=5, headline=verdict.headline,
                                summary="No.", body="Body."))
    session.commit()
    return {"slug": verdict.slug, "verdict": verdict.id}


EVIDENCE = {"url": "https://stats.example.org/a", "title": "Table", "stance": "refutes", "source_kind": "primary",
            "version": 1}
DESK_BODIES = {
    "/desk/bulk": {"action": "accept", "ids": ["{claim}:1"]},
    "/desk/claims/new": {"text": "Bus fares doubled in 2023.", "url": "https://social.example/p/1"},
    "/desk/claims/{claim}/edit": {"version": 1, "text": "Crime rose by half in 2022.", "speaker_kind": "person"},
    "/evidence": EVIDENCE, "/evidence/{evidence}": EVIDENCE, "/remove": {"version": 1},
    "/notes": {"body": "Asked the ministry."}, "/draft": {"version": 1, "preview": "1", "body": "See [1]."},
    "/draft/preview": {"body": "See [1]."}, "/return": {"version": 1, "note": "Name the police data."},
    "/publish": {"version": 1, "confirmed": "1"}, "/vote": {"rating": 1},
    "/admin/ratings": {"label": "Satire", "colour": "#123456"}, "/admin/ratings/{level}": {
        "level{level}-label": "Unproven yet", "level{level}-colour": "#57606a"},
    "/account/password": {"current": PASSWORD, "new": "another long password", "confirm": "another long password"},
    "/move": {"step": -1}, "/admin/settings": {"org_name": "Desk", "org_url": "https://desk.example", "language": "en",
                                               "sourcing_rule": "any", "rating_panel_size": "1"},
}


def desk_objects(session, make_claim, make_user) -> dict:
    """A queued claim with a source, a claim in review with another person's complete draft, an unused level."""
    queued, in_review = make_claim("queued"), make_claim("in_review", assignee=make_user("reviewer"))
    level = session.scalar(select(RatingLevel).where(RatingLevel.slug == "unproven"))
    session.add_all([Evidence(claim_id=queued.id, number=1, url="https://a.example/1", title="A"),
                     Evidence(claim_id=in_review.id, number=1, url="https://a.example/2", title="B", source_kind="primary"),
                     Verdict(claim_id=in_review.id, rating_id=level.id - 1, headline="H", summary="S", body="B [1]",
                             author_id=in_review.assignee_id)])
    session.commit()
    evidence = session.scalar(select(Evidence.id).where(Evidence.claim_id == queued.id))
    return {"queued": queued.id, "in_review": in_review.id, "evidence": evidence, "level": level.id}


def a_match(session, claim_id: int, other_id: int) -> int:
    """A suggested "same claim" match of the new claim with the queued one."""
    from factcheck.models import ClaimMatch

    match = ClaimMatch(claim_id=claim_id, other_claim_id=other_id, score=0.9, kind="same_claim", reason="same claim")
    session.add(match)
    session.commit()
    return match.id


def fill(value, ids):
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    return value.format(**ids) if isinstance(value, str) else value


def tip_object(session) -> int:
    from factcheck.models import Tip, TipStatus

    tip = Tip(text="Bus fares doubled in 2023.", status=TipStatus.QUEUED, address_hash="f" * 64)
    session.add(tip)
    session.commit()
    return tip.id


def body_for(path, pattern="", ids=None):
    if path == "/submit":
        return {"text": "Bus fares doubled in Leeds in 2023."}
    for suffix, body in PUBLIC_BODIES.items():
        if path.startswith("/desk/published/") and path.endswith(suffix):
            return body
    for suffix, body in DESK_BODIES.items():
        if pattern.endswith(suffix):
            return {fill(k, ids): fill(v, ids) for k, v in body.items()}
    if path.endswith("/articles/new"):
        return {"title": "Budget", "body": "The deficit grew by 4% in 2024, the treasury said."}
    if path.endswith("/role"):
        return {"role": "editor"}
    if path == "/admin/users":
        return {"email": "new.person@example.org", "name": "New Person", "role": "reviewer"}
    return {"version": 1, "note": "looked again"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,minimum", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_route_answers_each_role(client, login, make_user, make_claim, session, role, method, path, minimum):
    claim, dismissed, target = make_claim("new"), make_claim("dismissed"), make_user("reviewer")
    ids = {"claim": claim.id, "dismissed": dismissed.id, "article": claim.article_id, "user": target.id,
           **desk_objects(session, make_claim, make_user), **public_objects(session)}
    ids["match"] = a_match(session, claim.id, ids["queued"])
    if path.endswith("/vote"):  # votes are taken only when the rating panel has three editors
        session.get(Setting, "rating_panel_size").value = 3
        session.commit()
    ids["tip"] = tip_object(session)
    url = path.format(**ids)
    if role != "anonymous":
        login(role)
    response = client.open(url, method=method, data=body_for(url, path, ids) if method == "POST" else None)
    if url == "/api/v1/tips":  # JSON only
        response = client.post(url, json={"text": "Bus fares doubled in Leeds in 2023."})
    allowed = minimum is None or RANK[role] >= RANK[minimum]
    if allowed:
        assert response.status_code in (200, 201, 302), response.text[:500]
    elif role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    if url.endswith("/accept"):
        assert claim_status(session, claim.id) == ("queued" if allowed else "new")
