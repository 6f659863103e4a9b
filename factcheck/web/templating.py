"""Filters and globals the templates share."""
from __future__ import annotations

import functools
import re
from datetime import date, datetime

from flask import Flask

from factcheck.db import utcnow
from factcheck.models.research import SOURCE_KIND_LABELS
from factcheck.web.confirmation import CONFIRM
from factcheck.workflow import ACTION_LABELS, Role, Status, action_label


def age(moment: datetime | None) -> str:
    if moment is None:
        return ""
    seconds = max(0, int((utcnow() - moment).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def machine_time(moment: datetime | date | None) -> str:
    """A <time datetime> value: whole seconds in UTC (the desk stores naive UTC), or a plain date;
    HTML allows at most three digits of a fraction of a second, isoformat() gives six."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def status_label(status: Status | str) -> str:
    return Status(status).label


def colour_class(colour: str | None) -> str:
    """The class that carries a published rating's own colour (ratings.css defines one per colour in use)."""
    return f"rating-c-{colour[1:].lower()}" if colour and re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else ""


@functools.cache
def scorer_in_use() -> dict:
    """The check-worthiness scorer this process uses (read once: it is chosen by the environment)."""
    from factcheck.extraction.scorers import scorer_info

    info = scorer_info()
    return {"name": info["name"], "fallback_reason": info.get("fallback_reason")}


def register(app: Flask) -> None:
    from factcheck.extraction import CLAIM_TYPE_LABELS

    app.jinja_env.filters["age"] = age
    app.jinja_env.filters["machine_time"] = machine_time
    app.jinja_env.filters["status_label"] = status_label
    app.jinja_env.filters["action_label"] = action_label
    app.jinja_env.filters["colour_class"] = colour_class
    app.jinja_env.filters["claim_type"] = lambda key: CLAIM_TYPE_LABELS.get(key, key)
    app.jinja_env.globals.update(Role=Role, Status=Status, ACTION_LABELS=ACTION_LABELS,
                                 SOURCE_KIND_LABELS=SOURCE_KIND_LABELS, CONFIRM=CONFIRM,
                                 scorer_in_use=scorer_in_use)
