"""Images on the desk: upload one where a claim appeared or onto a piece of evidence, serve a stored
image or its thumbnail, and the new-article page's image upload (its text is read by the OCR job)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import Length, Optional

from factcheck import images as pictures
from factcheck.db import db_session
from factcheck.errors import DomainError, ValidationError
from factcheck.image_jobs import limits, media, ocr_available
from factcheck.models import Claim
from factcheck.ocr import UNAVAILABLE
from factcheck.services import image_views
from factcheck.services import images as image_service
from factcheck.storage import StorageError
from factcheck.tasks import dispatch
from factcheck.web.access import role_required
from factcheck.workflow import Role

bp = Blueprint("images", __name__, url_prefix="/desk")
ACCEPT = "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp"


class ImageForm(FlaskForm):
    file = FileField("Image", description="PNG, JPEG or WebP; location and camera data are removed")
    seen_url = StringField("Where it was seen (link)", validators=[Optional(), Length(max=2000)],
                           description="optional: https://… of the post")
    where = StringField("Where (in words)", validators=[Optional(), Length(max=200)],
                        description="optional: “a WhatsApp group”, “a leaflet”")


def read_upload(form: ImageForm) -> image_service.Upload:
    upload = form.file.data
    if not upload or not upload.filename:
        raise ValidationError("Choose an image file to upload.", field="file")
    data = upload.read(limits().max_bytes + 1)
    return image_service.Upload(name=upload.filename, data=data, seen_url=form.seen_url.data or "",
                                where=form.where.data or "")


def claim_context(claim: Claim) -> dict:
    """What the claim page shows of images: the claim's, the evidence's, the upload form."""
    session = db_session()
    return {"images": image_views.claim_images(session, claim), "images_of_evidence": image_views.of_evidence(session, claim.id),
            "image_form": ImageForm(formdata=None), "ocr_missing": None if ocr_available() else UNAVAILABLE,
            "image_accept": ACCEPT}


def refused(claim_id: int, error: DomainError):
    from factcheck.web.claim_page import render_claim

    return render_claim(claim_id, error.status if error.status >= 400 else 422,
                        notice=f"The image was not added: {error.message}")


def _after_upload(image, what: str) -> None:
    job = image_service.queue_ocr(db_session(), current_user, image, dispatch)
    if job.state.value == "failed":
        flash(f"{what} stored; its text could not be read: {job.error}")
    elif job.state.value == "done":
        flash(f"{what} stored and its text read.")
    else:
        flash(f"{what} stored; its text is being read in the background.")


@bp.post("/claims/<int:claim_id>/images")
@role_required(Role.REVIEWER)
def add_to_claim(claim_id: int):
    form = ImageForm()
    if not form.validate_on_submit():
        return refused(claim_id, ValidationError(_form_problems(form)))
    try:
        image = image_service.add_to_claim(db_session(), current_user, claim_id, read_upload(form), limits(), media())
    except ValidationError as error:
        return refused(claim_id, error)
    except StorageError as error:
        return refused(claim_id, DomainError(f"the media store failed ({error})"))
    _after_upload(image, "Image")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="images"), 303)


@bp.post("/claims/<int:claim_id>/evidence/<int:evidence_id>/image")
@role_required(Role.REVIEWER)
def add_to_evidence(claim_id: int, evidence_id: int):
    form = ImageForm()
    if not form.validate_on_submit():
        return refused(claim_id, ValidationError(_form_problems(form)))
    try:
        image = image_service.add_to_evidence(db_session(), current_user, claim_id, evidence_id, read_upload(form),
                                              limits(), media())
    except ValidationError as error:
        return refused(claim_id, error)
    except StorageError as error:
        return refused(claim_id, DomainError(f"the media store failed ({error})"))
    _after_upload(image, "Evidence image")
    return redirect(url_for("desk.claim", claim_id=claim_id, _anchor="evidence"), 303)


def _form_problems(form: FlaskForm) -> str:
    return "; ".join(f"{name}: {', '.join(errors)}" for name, errors in form.errors.items()) or "the form is incomplete"


def _send(image, key: str, mime: str):
    try:
        data = media().get(key)
    except StorageError:
        abort(404, description=f"The file of image {image.id} is missing from the media store.")
    response = make_response(data)
    response.headers["Content-Type"] = mime
    response.headers["Content-Disposition"] = f'inline; filename="image-{image.id}{key[key.rfind("."):]}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.set_etag(key.rsplit("/", 1)[-1])
    return response.make_conditional(request)


@bp.get("/images/<int:image_id>")
def show(image_id: int):
    image = image_views.viewable(db_session(), current_user, image_id)
    return _send(image, image.storage_key, image.mime)


@bp.get("/images/<int:image_id>/thumbnail")
def thumbnail(image_id: int):
    image = image_views.viewable(db_session(), current_user, image_id)
    return _send(image, image.thumbnail_key, "image/jpeg")


def is_image_name(name: str | None) -> bool:
    return bool(name) and name.lower().endswith(pictures.EXTENSIONS)


def image_article(form):
    """The new-article page with an image uploaded: stored now, read and ingested by the `ocr_image` job."""
    upload = form.file.data
    try:
        if form.body.data:
            raise ValidationError("Paste the text or upload an image — not both.")
        image = image_service.add_source(db_session(), current_user, image_service.Upload(
            name=upload.filename, data=upload.read(limits().max_bytes + 1), seen_url=form.url.data or ""),
            limits(), media())
    except (ValidationError, StorageError) as error:
        message = error.message if isinstance(error, DomainError) else f"The media store failed ({error})."
        form.file.errors = list(form.file.errors) + [message]
        return render_template("desk/article_new.html", form=form), 422
    published = form.published_date.data.isoformat() if form.published_date.data else None
    job = image_service.queue_ocr(db_session(), current_user, image, dispatch, extra={
        "title": form.title.data or "", "outlet": form.outlet.data or "", "author": form.author.data or "",
        "url": form.url.data or "", "published": published})
    if job.state.value == "done" and job.result and job.result.get("article"):
        flash(f"Image read: {job.result.get('claims', 0)} claims extracted from its text." if
              "already_on_the_desk" not in job.result else "This image's text is already on the desk.")
        return redirect(url_for("desk.article", article_id=job.result["article"]), 303)
    flash(f"Image stored as #{image.id}; the claims appear when its text has been read."
          if job.state.value != "failed" else f"Image stored as #{image.id}, but: {job.error}")
    return redirect(url_for("jobs.job_detail", job_id=job.id), 303)

