"""OCR for real (Debian's tesseract-ocr): a sentence rendered into a PNG is read back, becomes an
article whose claim is extracted from it, through the service, the job and `factcheck import`."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from factcheck import ocr
from factcheck.cli import main
from factcheck.images import open_stored, prepare
from factcheck.models import AppearanceKind, Article, Claim, ImageAsset, JobState, OcrState
from factcheck.services import images as image_service
from factcheck.storage import LocalStorage
from tests.support.images import sentence

SENTENCE = "Unemployment rose by 40 percent in 2023"
pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None and not __import__("os").environ.get("CI"),
                                reason="tesseract-ocr is not installed (CI installs it)")


def test_tesseract_reads_the_rendered_sentence():
    image = open_stored(prepare("line.png", sentence(SENTENCE + ".")).data)
    assert ocr.read_text(image, timeout=60) == SENTENCE + "."


def test_a_timeout_stops_tesseract_with_a_clear_reason():
    image = open_stored(prepare("line.png", sentence(SENTENCE, size=(3000, 2000))).data)
    with pytest.raises(ocr.OcrFailed, match="took longer than 0.01 s and was stopped"):
        ocr.read_text(image, timeout=0.01)


def test_an_image_source_becomes_an_article_and_its_claim(app, session, make_user):
    reviewer = make_user("reviewer")
    store = LocalStorage(app.instance_path + "/media")
    upload = image_service.Upload("post.png", sentence(f"{SENTENCE}, the minister said."))
    with app.test_request_context():
        from factcheck.tasks import dispatch

        image = image_service.add_source(session, reviewer, upload, image_service_limits(), store)
        job = image_service.queue_ocr(session, reviewer, image, dispatch)
    assert job.state is JobState.DONE, job.error
    session.expire_all()
    image = session.get(ImageAsset, image.id)
    assert image.ocr_state is OcrState.DONE and SENTENCE in image.ocr_text
    article = session.get(Article, job.result["article"])
    assert article.id == image.article_id and SENTENCE in article.body
    claims = list(session.scalars(select(Claim).where(Claim.article_id == article.id)))
    assert [c.text for c in claims] == [f"{SENTENCE}, the minister said."]
    assert claims[0].original.kind is AppearanceKind.IMAGE and claims[0].original.span_start == 0


def image_service_limits():
    from factcheck.images import Limits

    return Limits()


def test_factcheck_import_reads_an_image_file(app, session, tmp_path):
    (tmp_path / "meme.png").write_bytes(sentence(f"{SENTENCE}, the minister said."))
    (tmp_path / "fake.png").write_bytes(b"MZ" + b"\x00" * 300)
    result = app.test_cli_runner().invoke(main, ["import", str(tmp_path)])
    assert "Imported 1, skipped 0 already present, failed 1." in result.output, result.output
    assert "fake.png: fake.png is a Windows program" in result.output
    claim = session.scalar(select(Claim))
    assert claim.text == f"{SENTENCE}, the minister said." and claim.original.kind is AppearanceKind.IMAGE
