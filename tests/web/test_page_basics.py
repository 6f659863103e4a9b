"""What a newsroom notices on every page: the skip link, the favicon, right-to-left text, labels, landing pages,
the duplicate key and what a 429 says was limited."""
import re

import pytest

from factcheck import create_app
from tests.conftest import PASSWORD

FOCUSABLE = re.compile(r"<(a\s[^>]*href|button|input(?![^>]*type=\"hidden\")|select|textarea|[a-z]+\s[^>]*tabindex)[^>]*>")
ARABIC = "ارتفعت البطالة إلى 9 بالمئة في 2023"


def first_focusable(page_html: str) -> str:
    body = page_html.split("<body", 1)[1]
    return FOCUSABLE.search(body).group(0)


@pytest.mark.parametrize("path,role", [("/", None), ("/verdicts/", None), ("/login", None), ("/nowhere", None),
                                        ("/desk/", "reviewer"), ("/admin/audit", "admin")])
def test_the_skip_link_is_the_first_thing_to_focus_and_reaches_the_main_content(client, login, path, role):
    if role:
        login(role)
    page = client.get(path)
    assert first_focusable(page.text) == '<a class="skip-link" href="#main">'
    assert page.text.count('<main id="main">') == 1
    assert 'rel="icon" href="/static/favicon.svg"' in page.text


def test_the_favicon_answers(client):
    for path in ("/favicon.ico", "/static/favicon.svg"):
        icon = client.get(path)
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data, path


def test_every_queue_label_names_an_input_and_the_search_label_is_tied_to_its_box(client, login, make_claim):
    make_claim("new")
    login("reviewer")
    page = client.get("/desk/").text
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    targets = re.findall(r'<label for="([^"]+)"', page)
    assert targets and set(targets) <= ids
    assert re.search(r'<label for="queue-search">Search</label>', page)
    assert re.search(r'<input[^>]*id="queue-search"', page)


def right_to_left_shown_with_dir_auto(page_html: str, text: str) -> bool:
    return bool(re.search(r'<[a-z0-9]+ [^>]*dir="auto"[^>]*>[“#\d ]*' + re.escape(text[:20]), page_html))


def test_right_to_left_text_gets_its_own_direction_on_the_desk(client, login, make_user, make_article, make_claim,
                                                              session):
    editor = login("editor")
    article = make_article(title=ARABIC, body=ARABIC + " قال الوزير.")
    make_claim("new", text=ARABIC, article=article)
    make_claim("in_review", text=ARABIC + " !", assignee=editor)
    pages = {"queue": "/desk/", "articles": "/desk/articles", "article": f"/desk/articles/{article.id}",
             "my work": f"/desk/people/{editor.id}", "review queue": "/desk/review/", "board": "/desk/board"}
    for name, path in pages.items():
        assert right_to_left_shown_with_dir_auto(client.get(path).text, ARABIC), name


def test_right_to_left_text_gets_its_own_direction_on_public_lists(client, publish):
    publish(headline=ARABIC, claim_text=ARABIC, summary=ARABIC)
    for path in ("/", "/verdicts/"):
        page = client.get(path).text
        assert page.count('dir="auto"') >= 3 and right_to_left_shown_with_dir_auto(page, ARABIC), path


@pytest.mark.parametrize("role,landing", [("reviewer", "/desk/"), ("editor", "/desk/review/"),
                                          ("admin", "/desk/review/")])
def test_each_role_lands_where_its_work_waits(client, make_user, role, landing):
    user = make_user(role)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == landing
    assert client.get("/login").headers["Location"] == landing  # already logged in


def test_next_wins_over_the_landing_page(client, make_user):
    user = make_user("editor")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": "/desk/articles"})
    assert response.headers["Location"] == "/desk/articles"


def test_the_queue_lists_and_binds_a_key_for_duplicate(client, login, make_claim, app):
    make_claim("new")
    login("reviewer")
    page = client.get("/desk/").text
    assert "<dt><kbd>m</kbd></dt><dd>mark as a duplicate" in page
    assert 'id="duplicate-dialog"' in page and 'id="duplicate-of"' in page and 'id="bulk-duplicate"' in page
    script = client.get("/static/queue.js").get_data(as_text=True)
    assert '"m": openDuplicate' in script and 'submitWith("mark_duplicate")' in script


@pytest.fixture
def limited_app(database, tmp_path):
    url, engine, installed = database
    from tests.conftest import reset

    reset(engine, installed)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "tests",
                      "WTF_CSRF_ENABLED": False, "LOGIN_RATE_LIMIT": "2 per minute", "API_RATE_LIMIT": "3 per minute"})
    yield app
    app.extensions["factcheck.engine"].dispose()


def test_a_429_says_what_was_limited(limited_app):
    client = limited_app.test_client()
    logins = [client.post("/login", data={"email": "x@example.org", "password": "wrong"}) for _ in range(3)]
    assert [r.status_code for r in logins] == [401, 401, 429]
    assert "Too many failed login attempts: the limit is 2 per minute." in logins[-1].text
    answers = [client.get("/api/v1/verdicts") for _ in range(4)]
    assert answers[-1].status_code == 429 and answers[-1].is_json
    assert answers[-1].json["message"].startswith("Too many API requests: the limit is 3 per minute.")
