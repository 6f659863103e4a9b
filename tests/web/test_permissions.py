"""Every route against anonymous, reviewer, editor and admin."""
import pytest

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
    ("GET", "/admin/users", "admin"),
    ("POST", "/admin/users", "admin"),
    ("POST", "/admin/users/{user}/role", "admin"),
    ("POST", "/admin/users/{user}/deactivate", "admin"),
    ("POST", "/admin/users/{user}/activate", "admin"),
]
RANK = {"anonymous": 0, "reviewer": 1, "editor": 2, "admin": 3}


def body_for(path):
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
    url = path.format(claim=claim.id, dismissed=dismissed.id, article=claim.article_id, user=target.id)
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
