"""Acts readers will see at once (publish, retract, a rating change) ask first: a confirmation page
without JavaScript, a dialog with it (static/confirm.js), both ending in the same POST with `confirmed=1`."""
from __future__ import annotations

from flask import render_template, request

CONFIRM = {  # action -> the question; the claim page's and review page's forms carry it as data-confirm
    "publish": "Publish this verdict now? Readers, feeds and the API will show it at once.",
    "retract": "Retract this verdict? Its page will say it no longer stands, and its rating is withdrawn.",
    "rating": "Change the published rating? Readers will see the new rating and the public note.",
}


def confirmed() -> bool:
    return request.form.get("confirmed") == "1"


def ask(question: str, cancel_url: str, *, button: str = "Yes, go ahead"):
    """The no-JavaScript confirmation page: the same form again, every field kept, plus confirmed=1."""
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name not in {"csrf_token", "confirmed"}]
    return render_template("confirm.html", question=question, action=request.path, fields=fields,
                           cancel_url=cancel_url, button=button)
