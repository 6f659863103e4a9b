"""The app served on a free loopback port against its own migrated SQLite file, for Chromium."""
from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from werkzeug.serving import make_server

from factcheck import create_app, migrate
from factcheck.db import make_engine, make_sessionmaker


@pytest.fixture
def live_app(tmp_path):
    """live_app(fill, **config) -> (base URL, session): `fill(session)` adds the test's rows first."""
    opened = []

    def serve(fill: Callable, **config):
        url = f"sqlite:///{tmp_path / 'browser.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        session = make_sessionmaker(engine)()
        fill(session)
        session.commit()
        app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance"),
                          "SECRET_KEY": "browser", "LOGIN_RATE_LIMIT": "1000 per minute", **config})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        opened.append((server, thread, session, engine, app))
        return f"http://127.0.0.1:{server.server_port}", session

    yield serve
    for server, thread, session, engine, app in opened:
        server.shutdown()
        thread.join(5)
        session.close()
        engine.dispose()
        app.extensions["factcheck.engine"].dispose()
