"""What the request log costs per request: the app's bare endpoint (/healthz: no database, no template)
with the request log on, with request ids but the log line filtered out, and with it switched off
(REQUEST_LOG = False), beside a 5-line Flask app answering the same JSON, in the same process,
interleaved round by round. WSGI calls straight into each app (no HTTP, no test client), so the
figures are the apps' own work; the log line goes through a real handler to /dev/null.

    python benchmarks/middleware.py [--rounds 30] [--requests 300] [--database-url URL]
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, jsonify  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from factcheck import create_app, migrate  # noqa: E402
from factcheck.db import make_engine  # noqa: E402


def five_line_app() -> Flask:
    app = Flask("reference")
    app.add_url_rule("/healthz", "healthz", lambda: jsonify({"status": "ok"}))
    return app


def caller(app: Flask, path: str = "/healthz"):
    """One request straight through the WSGI callable; returns its status line."""
    template = EnvironBuilder(path=path, environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
    seen = []

    def start_response(status, headers, exc_info=None):
        seen.append(status)

    def call() -> str:
        environ = dict(template)
        environ["wsgi.input"] = io.BytesIO()
        body = app(environ, start_response)
        for _ in body:
            pass
        if hasattr(body, "close"):
            body.close()
        return seen.pop()

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300, help="Requests per app per round.")
    parser.add_argument("--database-url", help="Default: a migrated SQLite file in a temporary folder.")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    migrate.upgrade(make_engine(url))
    base = {"DATABASE_URL": url, "SECRET_KEY": "bench", "TASK_QUEUE": "immediate"}
    logged = create_app({**base, "INSTANCE_PATH": f"{folder}/a"})
    quiet = create_app({**base, "INSTANCE_PATH": f"{folder}/b", "REQUEST_LOG": False})
    logger = logging.getLogger("factcheck.requests")
    handler = logging.StreamHandler(open(os.devnull, "w"))
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:], logger.propagate = [handler], False

    def at(level):
        def set_level():
            logger.setLevel(level)
        return set_level

    sides = [  # (name, call, before each round)
        ("factcheck /healthz, request log on", caller(logged), at(logging.INFO)),
        ("factcheck /healthz, ids only (line filtered)", caller(logged), at(logging.WARNING)),
        ("factcheck /healthz, REQUEST_LOG off", caller(quiet), at(logging.INFO)),
        ("5-line Flask app, same JSON", caller(five_line_app()), at(logging.INFO)),
    ]
    for _, call, prepare in sides:  # warm up: schema check, imports, first-request work
        prepare()
        assert all(call().startswith("200") for _ in range(50))
    timings: dict[str, list[float]] = {name: [] for name, _, _ in sides}
    for _ in range(args.rounds):
        for name, call, prepare in sides:
            prepare()
            start = time.perf_counter()
            for _ in range(args.requests):
                call()
            timings[name].append((time.perf_counter() - start) / args.requests * 1e6)
    print(f"{args.rounds} rounds x {args.requests} requests per app, interleaved; microseconds per request")
    print(f"{'':46}{'best':>8}{'median':>8}{'p90':>8}")
    for name, values in timings.items():
        ordered = sorted(values)
        print(f"{name:46}{ordered[0]:>8.1f}{statistics.median(values):>8.1f}{ordered[len(ordered) * 9 // 10]:>8.1f}")
    for label, pick in (("best rounds", min), ("median rounds", statistics.median)):  # best: least disturbed
        on, ids, off = (pick(timings[name]) for name, _, _ in sides[:3])
        print(f"{label}: the request log costs {on - off:.1f} µs per request ({(on - off) / off:.1%} of the bare "
              f"endpoint), the request id alone {ids - off:.1f} µs")


if __name__ == "__main__":
    main()
