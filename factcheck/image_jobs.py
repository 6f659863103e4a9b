"""The `ocr_image` background job, the media store of the running app, and `factcheck import photo.png`.

Glue between the app's configuration and the image services: the only image module that reads
current_app.config (TESSERACT_CMD, OCR_TIMEOUT, OCR_LANG, MEDIA_STORAGE, MAX_IMAGE_*).
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from factcheck import ocr
from factcheck.errors import DomainError
from factcheck.images import Limits, open_stored
from factcheck.models import Article, Job, JobState, OcrState
from factcheck.services import image_text, jobs
from factcheck.services import images as image_service
from factcheck.services.intake import IngestResult
from factcheck.storage import Storage, StorageError
from factcheck.storage import from_config as storage_from_config
from factcheck.workflow import Role


def media() -> Storage:
    """The app's media store (made once per app)."""
    app = current_app._get_current_object()
    store = app.extensions.get("factcheck.media")
    if store is None:
        store = app.extensions["factcheck.media"] = storage_from_config(app.config, app.instance_path)
    return store


def limits() -> Limits:
    return Limits.from_config(current_app.config)


def ocr_available() -> bool:
    return ocr.available(current_app.config.get("TESSERACT_CMD"))


@jobs.handler("ocr_image", role=Role.REVIEWER)
def ocr_image(session, job: Job) -> dict:
    image_id = int(job.args["image"])
    image = image_text.get_image(session, image_id)
    try:
        data = media().get(image.storage_key)
    except StorageError as error:
        raise DomainError(str(error)) from None
    config = current_app.config
    try:
        text = ocr.read_text(open_stored(data), command=config.get("TESSERACT_CMD"),
                             timeout=float(config.get("OCR_TIMEOUT") or 60), lang=str(config.get("OCR_LANG") or "eng"))
    except ocr.OcrUnavailable as error:
        image_text.mark(session, image_id, OcrState.UNAVAILABLE, error.message)
        raise
    except ocr.OcrFailed as error:
        image_text.mark(session, image_id, OcrState.FAILED, error.message)
        raise
    return image_text.use_text(session, job.created_by, image_id, text, dict(job.args))


def import_image_file(session, path: Path) -> IngestResult:
    """`factcheck import photo.png`: store the image, read it now (in this process), ingest its text."""
    upload = image_service.Upload(name=path.name, data=path.read_bytes())
    image = image_service.add_source(session, None, upload, limits(), media())
    sessions = current_app.extensions["factcheck.sessionmaker"]

    def run_here(job_id: int) -> None:
        worker_session = sessions()
        try:
            jobs.run(worker_session, job_id)
        finally:
            worker_session.close()

    job = image_service.queue_ocr(session, None, image, run_here)
    if job.state is not JobState.DONE:
        raise DomainError(job.error or f"Reading {path.name} did not finish ({job.state.label}).")
    article = session.get(Article, int(job.result["article"]))
    return IngestResult(article, created="already_on_the_desk" not in job.result, claims=int(job.result.get("claims", 0)))
