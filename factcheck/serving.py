"""`factcheck serve`: gunicorn, run from inside the package, with the configuration's settings.

- `options(config)` turns SERVE_BIND, SERVE_WORKERS, SERVE_THREADS, SERVE_TIMEOUT and
  SERVE_GRACEFUL_TIMEOUT into gunicorn settings; each worker process builds its own app
  (`create_app`, no preloading: no database connection or file handle crosses a fork).
- `trust_proxies(app)` wraps the app in werkzeug's ProxyFix only when PROXY_FIX names how many
  proxies stand in front; otherwise X-Forwarded-* headers are ignored (gunicorn's own scheme
  headers are switched off too, so there is one rule, not two).
- The public URL is the organisation's website (the `org_url` setting, Admin → Settings): canonical
  links, feeds, the sitemap and ClaimReview are built on it (services/public/markup.site_url).
  `serve` refuses to start while it is a development address such as the http://127.0.0.1:5000
  the migrations install.
"""
from __future__ import annotations

import ipaddress
import logging
import sys
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Setting
from factcheck.rendering.markdown import safe_url
from factcheck.services.common import audit, commit, use_case

PUBLIC_URL_KEY = "org_url"
DEMO_URL = "http://127.0.0.1:5000"  # what `make demo` serves
OPTIONAL = {"control_socket_disable"}  # settings older gunicorns do not have


class ServeSettingsError(ValueError):
    """A SERVE_* or PROXY_FIX value gunicorn or ProxyFix cannot use; the message says which."""


def _whole(config: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise ServeSettingsError(f"{key} must be a whole number from {low} to {high} (it is {value!r}).")
    number = int(value)
    if not low <= number <= high:
        raise ServeSettingsError(f"{key} must be a whole number from {low} to {high} (it is {number}).")
    return number


def proxy_count(config: Mapping[str, Any]) -> int:
    """PROXY_FIX: how many proxies to believe (True counts as one, False/None/0 as none)."""
    value = config.get("PROXY_FIX")
    if value in (None, False, "", 0):
        return 0
    if value is True:
        return 1
    return _whole(config, "PROXY_FIX", 0, 10)


def options(config: Mapping[str, Any]) -> dict[str, Any]:
    """gunicorn's settings from the configuration (raises ServeSettingsError naming a bad value)."""
    bind = str(config.get("SERVE_BIND") or "").strip()
    if not bind:
        raise ServeSettingsError("SERVE_BIND must be host:port (such as 127.0.0.1:8000) or unix:/path/to.sock.")
    threads = _whole(config, "SERVE_THREADS", 1, 256)
    return {
        "bind": [bind],
        "workers": _whole(config, "SERVE_WORKERS", 1, 64),
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": _whole(config, "SERVE_TIMEOUT", 1, 3600),
        "graceful_timeout": _whole(config, "SERVE_GRACEFUL_TIMEOUT", 1, 3600),
        "keepalive": 5,
        "accesslog": None,       # factcheck.requests writes one JSON line per request instead
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "factcheck",
        "secure_scheme_headers": {},  # the scheme comes from ProxyFix (PROXY_FIX) or from nothing
        "forwarded_allow_ips": "127.0.0.1,::1",
        "preload_app": False,
        "control_socket_disable": True,  # gunicorn >= 25: no shared ~/.gunicorn/gunicorn.ctl between desks
    }


def trust_proxies(app: Flask) -> None:
    """Wrap the app in ProxyFix when, and only when, PROXY_FIX is set."""
    count = proxy_count(app.config)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count)


def log_requests_to_stderr() -> None:
    """The request log (factcheck.requests, web/request_log.py) as bare JSON lines on standard error."""
    logger = logging.getLogger("factcheck.requests")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    limits = logging.getLogger("flask-limiter")  # "storage unreachable - falling back to in-memory": only a
    limits.addHandler(logging.StreamHandler(sys.stderr))  # NullHandler of its own, so nobody would see it


def server(settings: Mapping[str, Any], factory: Callable[[], Flask]):
    """A gunicorn application (BaseApplication) whose workers each call `factory()`."""
    from gunicorn.app.base import BaseApplication

    class FactcheckServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in settings.items():
                if key in self.cfg.settings or key not in OPTIONAL:
                    self.cfg.set(key, value)

        def load(self):
            return factory()

    return FactcheckServer(prog="factcheck serve")


# -- the public URL -------------------------------------------------------------------------------

def development_host(host: str | None) -> bool:
    """localhost, loopback and unspecified addresses: what a reader's browser cannot reach."""
    host = (host or "").strip("[]").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def public_url_problem(url: str | None) -> str | None:
    """None when `url` can be the site's public address; else why not, in words."""
    checked = safe_url(url or "")
    if not checked:
        return "the site's public URL is not set (it must start with https:// or http://)"
    if development_host(urlsplit(checked).hostname):
        return (f"the site's public URL is {checked.rstrip('/')}, a development address: canonical links, "
                "feeds, the sitemap and ClaimReview would point readers and search engines there")
    return None


def stored_public_url(session: Session) -> str | None:
    value = session.scalar(select(Setting.value).where(Setting.key == PUBLIC_URL_KEY))
    return value if isinstance(value, str) else None


@use_case
def set_public_url(session: Session, url: str, *, only_if_unset: bool = False) -> str:
    """Store the site's public URL (from the command line: the audit log shows no person). With
    `only_if_unset`, a URL already set to a public address is kept. Returns the URL in force."""
    checked = safe_url(url or "")
    if not checked:
        raise ValueError(f"{url!r} is not a web address: write it as https://checks.example.org")
    current = stored_public_url(session)
    if only_if_unset and current and public_url_problem(current) is None:
        return current
    checked = checked.rstrip("/")
    if current != checked:
        audit(session, None, "setting", data={"key": PUBLIC_URL_KEY, "from": current, "to": checked})
        row = session.get(Setting, PUBLIC_URL_KEY) or Setting(key=PUBLIC_URL_KEY)
        row.value = checked
        session.add(row)
        commit(session)
    return checked
