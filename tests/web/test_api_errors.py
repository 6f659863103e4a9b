"""The API's refusals are JSON and documented: 429 (rate limited) and 503 (database busy or gone) on
every operation of the OpenAPI document, with Retry-After."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from factcheck import create_app


def test_every_operation_documents_429_and_503(client):
    spec = client.get("/api/v1/openapi.json").json
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status in ("429", "503"):
                assert status in operation["responses"], (method, path, status)
    assert "Retry-After" in spec["components"]["responses"]["TooManyRequests"]["headers"]


@pytest.fixture
def limited(database, tmp_path):
    url, _engine, _installed = database
    app = create_app({"TESTING": True, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path),
                      "API_RATE_LIMIT": "2 per minute", "SECRET_KEY": "x"})
    yield app
    app.extensions["factcheck.engine"].dispose()


def test_an_api_reader_over_the_limit_gets_json_with_when_to_retry(limited):
    client = limited.test_client()
    answers = [client.get("/api/v1/verdicts") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    refused = answers[-1]
    assert refused.mimetype == "application/json" and refused.json["status"] == 429
    assert "Too many API requests: the limit is 2 per minute" in refused.json["message"]
    assert "failed" not in refused.json["message"]  # reading is not a failed attempt
    assert int(refused.headers["Retry-After"]) > 0


def test_a_busy_database_under_the_api_is_json_503(app, client, monkeypatch):
    from factcheck.services.public import queries

    def locked(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(queries, "public_rows", locked)
    answer = client.get("/api/v1/verdicts")
    assert answer.status_code == 503 and answer.mimetype == "application/json"
    assert int(answer.headers["Retry-After"]) >= 2 and "nothing was saved" in answer.json["message"]
