"""The /submit page's work (its route is in web/public.py): the form, the honeypot, the answer."""
from __future__ import annotations

from flask import current_app, render_template, url_for

from factcheck.db import db_session
from factcheck.errors import DomainError, ValidationError
from factcheck.services import tips
from factcheck.services.public import markup
from factcheck.web.tip_forms import TipForm, address_hash


def verdict_url(org: dict, slug: str) -> str:
    return markup.site_url(org) + url_for("public.verdict", slug=slug)


def answer_record(answer: tips.TipAnswer, org: dict, *, on_this_site: bool = False) -> dict:
    """The answer as a reader (or a partner's bot) sees it: never the desk's claim number."""
    checked = None
    if answer.checked is not None:
        c = answer.checked
        checked = {"checked_by": c.checked_by, "headline": c.headline, "rating": c.rating,
                   "date_published": c.published_on.isoformat() if c.published_on else None,
                   "url": c.url}
        if c.slug:  # the page links to our verdict on this site; the API gives the site's public URL
            checked["url"] = url_for("public.verdict", slug=c.slug) if on_this_site else verdict_url(org, c.slug)
    status = "answered" if answer.status is tips.TipStatus.ANSWERED else "received"
    return {"status": status, "message": answer.message, "checked": checked}


def submit_page(org: dict):
    form = TipForm()
    context = {"org": org, "form": form, "retention_days": current_app.config["TIP_RETENTION_DAYS"],
               "answer": None, "problems": {}, "notice": None}
    if not form.is_submitted():
        return render_template("public/submit.html", **context)
    if not form.validate():
        context["notice"] = "This form has expired; reload the page and send your tip again."
        return render_template("public/submit.html", **context), 400
    if form.website.data:  # a bot filled the hidden field: thank it, keep nothing
        context["answer"] = {"status": "received", "message": "Thank you: our desk will look at it.", "checked": None}
        return render_template("public/submit.html", **context)
    entry = tips.TipInput(form.text.data or "", form.link.data or "", form.seen_where.data or "",
                          form.contact.data or "", bool(form.wants_updates.data))
    try:
        answer = tips.submit_tip(db_session(), entry, address_hash=address_hash())
    except ValidationError as refused:
        context["problems"] = {field: message for field, message in refused.problems}
        context["notice"] = "Your tip was not sent: " + refused.message
        return render_template("public/submit.html", **context), 422
    except DomainError as refused:
        context["notice"] = refused.message
        return render_template("public/submit.html", **context), refused.status
    context["answer"], context["form"] = answer_record(answer, org, on_this_site=True), TipForm(formdata=None)
    return render_template("public/submit.html", **context)
