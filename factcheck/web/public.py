"""Reader pages. (The full public site, its markup and feeds, is built on top of this.)"""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from factcheck.models import Verdict
from factcheck.web import db_session

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    verdicts = db_session().scalars(
        select(Verdict).options(joinedload(Verdict.rating)).where(Verdict.published_at.is_not(None))
        .order_by(Verdict.published_at.desc()).limit(20))
    return render_template("public/home.html", verdicts=list(verdicts))
