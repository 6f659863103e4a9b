"""What the /submit form and POST /api/v1/tips share: the form, the rate limit, the submitter's hash."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length

from factcheck.extensions import limiter
from factcheck.services.tips import LIMITS

# One budget per client address over the form and the API together; only POSTs count.
tip_limit = limiter.shared_limit(lambda: current_app.config["TIP_RATE_LIMIT"], scope="tips", methods=["POST"])


def address_hash() -> str:
    """A keyed hash of the client address: the desk can block a sender without storing the address."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, (request.remote_addr or "unknown").encode(), hashlib.sha256).hexdigest()


class TipForm(FlaskForm):
    # lengths are checked by the service (one message per field, the same for the form and the API)
    text = TextAreaField("The claim", description=f"What was said, in up to {LIMITS['text']:,} characters.")
    link = StringField("Link to where you saw it", description="A web address (http:// or https://), if there is one.")
    seen_where = StringField("Or say where you saw or heard it",
                             description="For example: a TV debate on Tuesday, a leaflet in Leeds.")
    contact = StringField("Your email (optional)", validators=[Length(max=10_000)])
    wants_updates = BooleanField("Tell me when you publish a verdict on it")
    website = StringField("Leave this empty")  # the honeypot: hidden by CSS, filled only by bots
