"""Configuration: defaults in code → instance/config.py → FACTCHECK_* environment → the mapping passed in."""
from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, Mapping

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,                 # None: SQLite at instance/factcheck.db
    "SECRET_KEY": None,                   # None: generated into instance/secret_key on first run
    "SECURE_COOKIES": False,
    "MAX_UPLOAD_MB": 5,
    "LOGIN_RATE_LIMIT": "10 per minute",  # failed logins per client address
    "API_RATE_LIMIT": "300 per minute",   # public API requests per client address
    "RATELIMIT_STORAGE_URI": None,        # None: instance/ratelimits.db, shared by every worker on this
                                          # machine ("memory://" under TESTING); redis://… for several hosts
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,  # storage unreachable: per-process limits, logged
    "PAGE_SIZE": 50,
    "TESTING": False,
    "WTF_CSRF_ENABLED": True,
    "WTF_CSRF_TIME_LIMIT": None,          # the token lives as long as the session
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "CHECK_MIGRATIONS": True,             # refuse to serve a database behind the code
    "TIP_RATE_LIMIT": "5 per minute",     # reader tips per client address (the /submit form and the API)
    "TIP_RETENTION_DAYS": 90,             # what the form promises; `factcheck purge-tips` deletes contacts
    "SMTP_HOST": "",                      # empty: no email is sent (tipsters are not told of a verdict)
    "SMTP_PORT": 25,
    "SMTP_FROM": "",                      # the From: address of the emails to tipsters
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": False,
    "MATCHING_SEMANTIC": False,           # sentence embeddings beside the light matcher (needs .[semantic])
    "TASK_QUEUE": None,                   # None: "sqlite" (instance/tasks.db; "immediate" under TESTING),
                                          # "sqlite:PATH", "immediate", or redis://host:6379/0 for several hosts
    "JOB_STALE_MINUTES": 30,              # a job "running" this long when a worker starts is marked failed
    "FETCH_ALLOWED_HOSTS": [],            # hosts ("name" or "name:port") fetched even on private addresses
    "FETCH_CONNECT_TIMEOUT": 5,           # seconds; FETCH_TIMEOUT bounds a whole fetch (factcheck/fetching.py)
    "FETCH_TIMEOUT": 30,
    "FETCH_MAX_MB": 10,                   # a fetched page or feed larger than this is refused while streaming
    "WATCH_INTERVAL_MINUTES": 15,         # the worker polls watched feeds and sitemaps this often (0: never)
    "WATCH_MAX_ITEMS": 25,                # new items ingested per source per run (the rest wait for the next)
    "MAX_IMAGE_MB": 10,                   # uploaded images (docs/intake.md "Images"); MAX_IMAGE_PIXELS, _SIDE bound them
    "MAX_IMAGE_PIXELS": 40_000_000,
    "MAX_IMAGE_SIDE": 12_000,
    "MEDIA_STORAGE": "local",             # "local" (instance/media), "file:/path" or "s3://bucket/prefix" (the s3 extra)
    "MEDIA_S3_ENDPOINT": None, "MEDIA_S3_REGION": None, "MEDIA_S3_ACCESS_KEY": None, "MEDIA_S3_SECRET_KEY": None,
    "TESSERACT_CMD": "tesseract",         # OCR of images, in the ocr_image job; OCR_TIMEOUT seconds per image
    "OCR_TIMEOUT": 60,
    "OCR_LANG": "eng",
    "SERVE_BIND": "127.0.0.1:8000",       # factcheck serve (gunicorn, factcheck/serving.py): host:port or unix:PATH
    "SERVE_WORKERS": 2,                   # processes
    "SERVE_THREADS": 4,                   # threads per process (the gthread worker when more than 1)
    "SERVE_TIMEOUT": 30,                  # seconds a request may run before its worker is replaced
    "SERVE_GRACEFUL_TIMEOUT": 30,         # seconds requests in flight get to finish on a restart or stop
    "PROXY_FIX": 0,                       # proxies in front (nginx: 1) whose X-Forwarded-For/-Proto/-Host/-Port
                                          # are believed (werkzeug's ProxyFix); 0: none, the headers are ignored
    "REQUEST_LOG": True,                  # request ids (X-Request-ID, error pages) and one JSON line per
                                          # request on the factcheck.requests logger (web/request_log.py)
    "PUBLIC_FOLDER": None,                # page files written at publish time (publishing/page_files.py), sent to
                                          # readers by the app or nginx; None: instance/public (off under TESTING); "": off
}

ENV_PREFIX = "FACTCHECK_"


def parse_env_value(raw: str) -> Any:
    """Environment values are strings; read numbers, booleans and JSON where they parse as such."""
    lowered = raw.strip().lower()
    if lowered in {"true", "yes", "on"}:
        return True
    if lowered in {"false", "no", "off", ""}:
        return False
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    return {
        key[len(ENV_PREFIX):]: parse_env_value(value)
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and key != ENV_PREFIX + "INSTANCE"
    }


def from_instance_file(instance_path: Path) -> dict[str, Any]:
    path = instance_path / "config.py"
    if not path.is_file():
        return {}
    namespace: dict[str, Any] = {"__file__": str(path)}
    # the admin's own instance/config.py, as Flask's from_pyfile (bandit B102)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # nosec B102
    return {key: value for key, value in namespace.items() if key.isupper()}


def resolve(instance_path: Path, overrides: Mapping[str, Any] | None, environ: Mapping[str, str]) -> dict[str, Any]:
    config = dict(DEFAULTS)
    config.update(from_instance_file(instance_path))
    config.update(from_environment(environ))
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'factcheck.db'}"
    config["SQLALCHEMY_URL"] = config["DATABASE_URL"]
    if not config["RATELIMIT_STORAGE_URI"]:
        config["RATELIMIT_STORAGE_URI"] = ("memory://" if config["TESTING"]
                                           else f"factcheck-sqlite:///{instance_path / 'ratelimits.db'}")
    config["MAX_CONTENT_LENGTH"] = int(float(max(config["MAX_UPLOAD_MB"], config["MAX_IMAGE_MB"])) * 1024 * 1024) + 64 * 1024
    config["SESSION_COOKIE_SECURE"] = bool(config["SECURE_COOKIES"])
    config["REMEMBER_COOKIE_SECURE"] = bool(config["SECURE_COOKIES"])
    return config


def instance_secret_key(instance_path: Path) -> str:
    """Read the instance's secret key, creating it (mode 0600) on first run."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def default_instance_path() -> Path:
    """FACTCHECK_INSTANCE, else the checkout's instance/ (or ./instance when installed as a wheel)."""
    if os.environ.get(ENV_PREFIX + "INSTANCE"):
        return Path(os.environ[ENV_PREFIX + "INSTANCE"]).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file():
        return checkout / "instance"
    return Path.cwd() / "instance"
