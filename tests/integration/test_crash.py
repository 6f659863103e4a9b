"""The crash test: the whole server is SIGKILLed in the middle of a load of reviewers and editors and
started again; nothing acknowledged is lost, nothing half-applied shows, SQLite stays intact."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sigkill_mid_load_loses_nothing_acknowledged(tmp_path):
    pytest.importorskip("gunicorn")
    url = os.environ.get("FACTCHECK_TEST_DATABASE_URL")
    extra = []
    if url:  # PostgreSQL: a database of its own, so the suite's database is left alone
        from sqlalchemy import create_engine, text
        admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS factcheck_crash"))
            connection.execute(text("CREATE DATABASE factcheck_crash"))
        admin.dispose()
        extra = ["--database-url", url.rsplit("/", 1)[0] + "/factcheck_crash"]
    run = subprocess.run([sys.executable, "benchmarks/soak.py", "--users", "6", "--seconds", "12", "--kill-at", "5",
                          "--workers", "2", "--claims", "60", *extra],
                         cwd=ROOT, capture_output=True, text=True, timeout=240,
                         env={**os.environ, "TMPDIR": str(tmp_path)})
    out = run.stdout
    assert run.returncode == 0, run.stderr[-3000:]
    assert "SIGKILL of the whole server at 5 s; serving again" in out
    assert re.search(r"^5xx: 0$", out, re.M), out
    assert re.search(r"^lost_writes: 0$", out, re.M), out
    assert re.search(r"^half_applied: 0 of [1-9]\d* claims with transitions$", out, re.M), out
    if not url:
        assert re.search(r"^integrity_check: ok$", out, re.M), out
