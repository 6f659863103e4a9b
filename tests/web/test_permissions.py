"""Every route against anonymous, reviewer, editor and admin."""
import pytest

from factcheck.models import Verdict

from tests.conftest import claim_status

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
    ("POST", "/desk/articles/new", "reviewer"),
    ("POST", "/desk/claims/{claim}/accept", "reviewer"),
    ("POST", "/desk/claims/{dismissed}/reopen", "editor"),
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
]
RANK = {"anonymous": 0, "reviewer": 1, "editor": 2, "admin": 3}


PUBLIC_BODIES = {"/correct": {"version": 1, "kind": "correction", "rating": 5, "headline": "A corrected headline",
                              "summary": "A corrected ruling.", "note": "We misread the table."},
                 "/retract": {"version": 1, "note": "The source was withdrawn."}}


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


def body_for(path):
    for suffix, body in PUBLIC_BODIES.items():
        if path.startswith("/desk/published/") and path.endswith(suffix):
            return body
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
    url = path.format(claim=claim.id, dismissed=dismissed.id, article=claim.article_id, user=target.id,
                      **public_objects(session))
    if role != "anonymous":
        login(role)
    response = client.open(url, method=method, data=body_for(path) if method == "POST" else None)
    allowed = minimum is None or RANK[role] >= RANK[minimum]
    if allowed:
        assert response.status_code in (200, 201, 302), response.text[:500]
    elif role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
    if url.endswith("/accept"):
        assert claim_status(session, claim.id) == ("queued" if allowed else "new")
