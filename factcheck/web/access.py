"""Who may see a page: login plus a minimum role."""
from __future__ import annotations

import functools
from urllib.parse import urlparse

from flask import abort
from flask_login import current_user, login_required

from factcheck.workflow import Role


def role_required(role: Role):
    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role < role:
                abort(403, description=f"This page needs the {role.label} role.")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def is_local_path(target: str | None) -> bool:
    """Only redirect to a path on this site: no scheme, no host, no `//` or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parsed = urlparse(target)
    return not parsed.scheme and not parsed.netloc and not any(ord(c) < 32 for c in target)
