"""Reader pages: verdicts, lists, search, speakers, the scale, corrections. Thin: services do the work."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup

from factcheck.db import db_session
from factcheck.publishing.claimreview import jsonld_script
from factcheck.publishing.colours import text_colour_on, valid_colour
from factcheck.publishing.rating_chart import rating_distribution_svg
from factcheck.publishing.share_image import share_image_png
from factcheck.services.public import markup, queries, verdicts
from factcheck.services.public import search as searching
from factcheck.services.settings import all_settings
from factcheck.web.caching import Memo, PageCache, anonymous, cached, conditional, exporting
from factcheck.web.templating import colour_class
from factcheck.web.tip_forms import tip_limit

bp = Blueprint("public", __name__)


@bp.record_once
def setup(state) -> None:
    config = state.app.config
    state.app.extensions["factcheck.page_cache"] = PageCache(size=config.get("PAGE_CACHE_SIZE", 1024))
    ttl = config.get("PAGE_LOOKUP_TTL", 0.0 if config["TESTING"] else 1.0)
    state.app.extensions["factcheck.page_lookups"] = Memo(float(ttl))


@bp.app_context_processor
def site_context() -> dict:
    return {"static_export": exporting}


def settings() -> dict:
    """The organisation's settings, read once per request."""
    if "public_settings" not in g:
        g.public_settings = all_settings(db_session())
    return g.public_settings


def absolute(endpoint: str, **values) -> str:
    """The canonical URL of a page: the organisation's public address + the page's path."""
    return markup.site_url(settings()) + url_for(endpoint, **values)


def canonical_of(slug: str, base: str | None = None) -> str:
    return (base or markup.site_url(settings())) + url_for("public.verdict", slug=slug)


@bp.get("/")
def home():
    session = db_session()
    return conditional(render_template("public/home.html", latest=queries.latest(session, 12),
                                       speakers=queries.speakers_index(session)[:12], org=settings()).encode(),
                       "text/html")


@bp.get("/verdicts/")
def verdict_list():
    session = db_session()
    chosen = queries.parse_filter(session, request.args)
    page = queries.verdict_list(session, chosen, queries.Position.of(request.args))
    body = render_template("public/list.html", page=page, chosen=chosen, scale=queries.rating_scale(session),
                           speakers=[] if exporting() else queries.speakers_index(session),
                           claim_types=claim_type_choices())
    return conditional(body.encode(), "text/html")


def claim_type_choices() -> list[tuple[str, str]]:
    from factcheck.extraction import CLAIM_TYPE_LABELS, CLAIM_TYPES

    return [(key, CLAIM_TYPE_LABELS.get(key, key)) for key in CLAIM_TYPES]


def lookup(slug: str) -> verdicts.Lookup:
    """Find the page on a bare pooled connection (a cached page needs no ORM session); for readers,
    remember the answer for PAGE_LOOKUP_TTL seconds. Editors always see the database's answer."""
    def find() -> verdicts.Lookup:
        with current_app.extensions["factcheck.engine"].connect() as connection:
            return verdicts.find(connection, slug)

    if not anonymous():
        return find()
    return current_app.extensions["factcheck.page_lookups"].get(slug, find)


@bp.get("/verdicts/<slug>")
def verdict(slug: str):
    found = lookup(slug)
    if found.redirect_to:
        return redirect(url_for("public.verdict", slug=found.redirect_to), 301)
    key = found.key
    return cached(("verdict", key.id, key.modified_at), lambda: render_verdict(key.id, key.slug),
                  last_modified=key.modified_at)


def render_verdict(verdict_id: int, slug: str) -> str:
    org = settings()
    url = canonical_of(slug, markup.site_url(org))
    page = verdicts.view(db_session(), verdict_id, org, url)
    # jsonld_script escapes <, > and & (bandit B704)
    jsonld = Markup(jsonld_script(page.claimreview)) if page.claimreview else None  # nosec B704
    return render_template("public/verdict.html", v=page, org=org, canonical=url, jsonld=jsonld,
                           share_image=absolute("public.share_image", slug=slug))


@bp.get("/verdicts/<slug>/revisions/<int:number>")
def revision(slug: str, number: int):
    found = verdicts.find(db_session(), slug)
    if found.redirect_to:
        return redirect(url_for("public.revision", slug=found.redirect_to, number=number), 301)
    page = verdicts.view(db_session(), found.key.id, settings(), canonical_of(found.key.slug))
    shown = verdicts.revision(db_session(), found.key.id, number)
    body = render_template("public/revision.html", v=page, shown=shown, canonical=canonical_of(found.key.slug),
                           body_html=verdicts.render_body(shown.body, page.sources))
    return conditional(body.encode(), "text/html", last_modified=shown.created_at)


@bp.get("/verdicts/<slug>/share.png")
def share_image(slug: str):
    found = lookup(slug)
    if found.redirect_to:
        return redirect(url_for("public.share_image", slug=found.redirect_to), 301)
    key = found.key
    return cached(("share", key.id, key.modified_at), lambda: render_share_image(key.id), "image/png",
                  last_modified=key.modified_at)


def render_share_image(verdict_id: int) -> bytes:
    page = verdicts.view(db_session(), verdict_id, settings(), "http://localhost/")
    label = "Retracted" if page.verdict.retracted_at else (page.rating.label if page.rating else "Fact check")
    colour = "#57606a" if page.verdict.retracted_at or not page.rating else page.rating.colour
    return share_image_png(label, colour, page.claim.text, settings().get("org_name") or "")


@bp.get("/search")
def search():
    query = request.args.get("q", "")
    try:
        page = searching.search(db_session(), query, queries.Position.of(request.args))
    except queries.InvalidQuery as error:
        return render_template("public/search.html", query=query[:searching.MAX_QUERY], page=None,
                               error=error.message), 400
    return render_template("public/search.html", query=query, page=page, error=None)


@bp.get("/speakers/")
def speakers():
    return conditional(render_template("public/speakers.html", speakers=queries.speakers_index(db_session()))
                       .encode(), "text/html")


@bp.get("/speakers/<slug>")
def speaker(slug: str):
    session = db_session()
    name, page = queries.speaker_verdicts(session, slug, queries.Position.of(request.args))
    total, counts = queries.speaker_rating_counts(session, slug, queries.rating_scale(session))
    # the SVG escapes every text (bandit B704)
    chart = Markup(rating_distribution_svg(counts, f"Ratings of {name}'s checked claims"))  # nosec B704
    body = render_template("public/speaker.html", name=name, slug=slug, page=page, total=total, chart=chart,
                           counts=counts)
    return conditional(body.encode(), "text/html")


@bp.get("/methodology")
def methodology():
    session = db_session()
    scale = queries.rating_scale(session)
    return conditional(render_template("public/methodology.html", scale=scale, org=settings(),
                                       bounds=markup.scale_bounds(session)).encode(), "text/html")


@bp.get("/corrections")
def corrections():
    page = queries.corrections_log(db_session(), queries.Position.of(request.args))
    return conditional(render_template("public/corrections.html", page=page, org=settings()).encode(), "text/html")


@bp.route("/submit", methods=["GET", "POST"])
@tip_limit
def submit_claim():
    """The tip line: a reader's claim is matched at once and answered on the same page."""
    from factcheck.web.tips_public import submit_page

    return submit_page(settings())


@bp.get("/ratings.css")
def rating_styles():
    """Badge colours come from the admin's scale; a stylesheet keeps them out of style attributes (CSP)."""
    rules = []
    for level in queries.rating_scale(db_session()):
        if not re.fullmatch(r"[a-z0-9-]+", level.slug):
            continue
        colour = valid_colour(level.colour)
        rules.append(f".rating-{level.slug} {{ background: {colour}; color: {text_colour_on(colour)}; }}")
    for colour in queries.published_colours(db_session()):  # after the levels: a verdict keeps its own colour
        colour = valid_colour(colour)
        rules.append(f".{colour_class(colour)} {{ background: {colour}; color: {text_colour_on(colour)}; }}")
    return conditional("\n".join(rules).encode(), "text/css")

