"""Hostile input stops at the door: control characters in the path, the query string or a form field
are refused with a 400 that names them, and `<int:…>` path pieces beyond what the database stores are
a 404 (they cannot name a row), on every route including the ones added later."""
from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from factcheck.inputs import ID_MAX, control_character
from factcheck.web.error_pages import respond


class DatabaseInt(IntegerConverter):
    """`<int:…>` with the databases' bound: /desk/claims/99999999999999999999 is not found, not a 500."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", ID_MAX)
        super().__init__(url_map, *args, **kwargs)


def refuse_control_characters():
    places = [("the address", request.path)]
    places += [(f"the parameter {name!r}", value) for name, value in request.args.items(multi=True)]
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        places += [(f"the field {name!r}", value) for name, value in request.form.items(multi=True)]
    for where, value in places:
        found = control_character(value)
        if found:
            return respond(400, f"{where.capitalize()} contains a control character ({found}), which text "
                                "never needs: remove it and send again.")
    return None


def register(app: Flask) -> None:
    """Call before any blueprint is registered (converters apply to rules as they are added)."""
    app.url_map.converters["int"] = DatabaseInt
    app.before_request(refuse_control_characters)
