"""Images on the desk through the web: uploads where a claim appeared and onto evidence, an image as
a new article, the stored file and thumbnail (who may see them), and bad files refused with a 4xx."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import func, select

from factcheck.models import Appearance, AppearanceKind, Article, Claim, Evidence, ImageAsset, Job, JobState
from factcheck.storage import LocalStorage
from tests.support.images import encode, picture, sentence

ROLES = ("reviewer", "editor", "admin")


def media(app) -> LocalStorage:
    return LocalStorage(app.instance_path + "/media")


def rows(session, model=ImageAsset) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def upload(client, claim_id, data, name="shot.png", **fields):
    return client.post(f"/desk/claims/{claim_id}/images", data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def test_an_image_where_a_claim_appeared_is_stored_clean_read_and_shown(app, client, session, login, make_claim):
    login("reviewer")
    claim = make_claim("queued")
    jpeg = encode(picture(2), "JPEG", quality=90, exif=gps_exif())
    response = upload(client, claim.id, jpeg, name="post.jpg", seen_url="https://social.example.org/p/1",
                      where="a WhatsApp group")
    assert response.status_code == 303 and response.location.endswith(f"/desk/claims/{claim.id}#images")
    image = session.scalar(select(ImageAsset))
    assert image.claim_id == claim.id and image.mime == "image/jpeg" and image.seen_url.startswith("https://social")
    appearance = session.get(Appearance, image.appearance_id)
    assert appearance.kind is AppearanceKind.IMAGE and appearance.where == "a WhatsApp group"
    page = client.get(f"/desk/claims/{claim.id}")
    assert f'src="/desk/images/{image.id}/thumbnail"' in page.text and "Add an image where this claim appeared" in page.text
    assert "2 appearances" in page.text and "a WhatsApp group" in page.text
    served = client.get(f"/desk/images/{image.id}")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(served.data)).getexif()  # the GPS position is gone
    thumb = client.get(f"/desk/images/{image.id}/thumbnail")
    assert thumb.status_code == 200 and max(Image.open(io.BytesIO(thumb.data)).size) <= 320
    job = session.get(Job, image.ocr_job_id)
    assert job.kind == "ocr_image" and job.state is JobState.DONE and image.ocr_state == "done"


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    return exif.tobytes()


def png_bomb(width=30_000, height=30_000) -> bytes:
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    squeeze, row = zlib.compressobj(9), b"\x00" * (1 + (width + 7) // 8)
    body = b"".join(squeeze.compress(row * 1000) for _ in range(height // 1000)) + squeeze.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def animated_gif(frames=1000) -> bytes:
    pictures = [Image.new("RGB", (8, 8), (n % 256, (n // 256) * 60, 0)) for n in range(frames)]
    return encode(pictures[0], "GIF", save_all=True, append_images=pictures[1:])


PNG = encode(picture(4))
BAD = [
    ("tool.png", b"MZ\x90\x00" + b"\x00" * 500, "a Windows program"),
    ("tool.png", b"\x7fELF\x02\x01" + b"\x00" * 500, "a Linux program"),
    ("bomb.png", png_bomb(), "900,000,000 pixels, a decompression bomb"),
    ("moving.gif", animated_gif(), "a GIF image, not a PNG, JPEG or WebP"),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "an SVG drawing"),
    ("cut.png", PNG[: len(PNG) // 2], "damaged or truncated"),
    ("empty.png", b"", "is empty (0 bytes)"),
]


@pytest.mark.parametrize("name, data, says", BAD, ids=[b[2][:14] for b in BAD])
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(app, client, session, login, make_claim,
                                                                          name, data, says):
    login("reviewer")
    claim = make_claim("queued")
    response = upload(client, claim.id, data, name=name)
    assert response.status_code == 422 and says in response.text and "The image was not added" in response.text
    assert rows(session) == 0 and media(app).keys() == []
    assert rows(session, Appearance) == 1  # only the claim's original


def test_a_file_over_the_image_limit_is_refused(app, client, session, login, make_claim):
    app.config["MAX_IMAGE_MB"] = 1
    login("reviewer")
    claim = make_claim("queued")
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024 + 100)
    response = upload(client, claim.id, big)
    assert response.status_code == 422 and "images up to 1 MB are accepted" in response.text
    huge = upload(client, claim.id, b"\x00" * (app.config["MAX_CONTENT_LENGTH"] + 10))
    assert huge.status_code == 413
    assert rows(session) == 0 and media(app).keys() == []


def test_a_link_that_is_not_http_is_refused_before_anything_is_stored(app, client, session, login, make_claim):
    login("reviewer")
    claim = make_claim("queued")
    response = upload(client, claim.id, PNG, seen_url="javascript:alert(1)")
    assert response.status_code == 422 and "must be a web address" in response.text
    assert rows(session) == 0 and media(app).keys() == []


def test_without_tesseract_the_image_is_kept_and_the_page_and_job_say_ocr_is_unavailable(app, client, session, login,
                                                                                        make_claim):
    app.config["TESSERACT_CMD"] = "/nonexistent/bin/tesseract"
    login("reviewer")
    claim = make_claim("queued")
    response = upload(client, claim.id, sentence("Prices doubled in a year"))
    assert response.status_code == 303
    image = session.scalar(select(ImageAsset))
    job = session.get(Job, image.ocr_job_id)
    unavailable = "OCR is unavailable on this server (tesseract is not installed)"
    assert job.state is JobState.FAILED and unavailable in job.error and image.ocr_state == "unavailable"
    page = client.get(f"/desk/claims/{claim.id}")
    assert page.status_code == 200 and page.text.count(unavailable) >= 2  # the notice and the image's state
    assert unavailable in client.get(f"/desk/jobs/{job.id}").text


def test_an_image_attached_to_evidence_is_shown_in_the_evidence_list(app, client, session, login, make_claim):
    user = login("reviewer")
    claim = make_claim("researching", assignee=user)
    source = Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/t1", title="Table 1")
    session.add(source)
    session.commit()
    response = client.post(f"/desk/claims/{claim.id}/evidence/{source.id}/image",
                           data={"file": (io.BytesIO(encode(picture(7))), "chart.png")}, content_type="multipart/form-data")
    assert response.status_code == 303
    image = session.scalar(select(ImageAsset))
    assert image.evidence_id == source.id and image.appearance_id is None
    page = client.get(f"/desk/claims/{claim.id}")
    assert f'src="/desk/images/{image.id}/thumbnail"' in page.text and 'alt="Evidence image' in page.text
    other = make_claim("researching", assignee=user)
    wrong = client.post(f"/desk/claims/{other.id}/evidence/{source.id}/image",
                        data={"file": (io.BytesIO(encode(picture(7))), "chart.png")}, content_type="multipart/form-data")
    assert wrong.status_code == 422 and "is not among this claim" in wrong.text


def test_an_image_uploaded_as_a_new_article_becomes_its_text_and_claims(app, client, session, login):
    login("reviewer")
    data = sentence("The minister said unemployment rose by 40 percent in 2023.", size=(1500, 220))
    response = client.post("/desk/articles/new", data={"file": (io.BytesIO(data), "meme.png"), "outlet": "Social"},
                           content_type="multipart/form-data")
    assert response.status_code == 303, response.text
    article = session.scalar(select(Article))
    assert response.location.endswith(f"/desk/articles/{article.id}")
    assert "40 percent in 2023" in article.body and article.title == "Image: meme.png" and article.outlet == "Social"
    claim = session.scalar(select(Claim))
    assert claim is not None and claim.original.kind is AppearanceKind.IMAGE
    page = client.get(f"/desk/claims/{claim.id}")
    image = session.scalar(select(ImageAsset))
    assert image.article_id == article.id and f"/desk/images/{image.id}/thumbnail" in page.text
    refused = client.post("/desk/articles/new", data={"file": (io.BytesIO(b"MZ" + b"\x00" * 99), "x.png")},
                          content_type="multipart/form-data")
    assert refused.status_code == 422 and "a Windows program" in refused.text


def stored_image(app, client, session, login, make_claim, status="queued") -> tuple[Claim, ImageAsset]:
    claim = make_claim(status)
    login("reviewer")
    assert upload(client, claim.id, encode(picture(9))).status_code == 303
    client.post("/logout")
    return claim, session.scalar(select(ImageAsset))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/desk/images/{id}", "/desk/images/{id}/thumbnail"])
def test_every_desk_role_may_see_a_stored_image(app, client, session, login, make_claim, role, path):
    _, image = stored_image(app, client, session, login, make_claim)
    login(role)
    assert client.get(path.format(id=image.id)).status_code == 200


@pytest.mark.parametrize("path", ["/desk/images/{id}", "/desk/images/{id}/thumbnail"])
def test_a_reader_sees_an_image_only_once_its_verdict_is_published(app, client, session, login, make_claim, publish,
                                                                  path):
    claim, image = stored_image(app, client, session, login, make_claim)
    assert client.get(path.format(id=image.id)).status_code == 404  # not published: as if it did not exist
    assert client.get(path.format(id=image.id + 1000)).status_code == 404
    verdict = publish()
    session.get(ImageAsset, image.id).appearance_id = session.get(Claim, verdict.claim_id).appearances[0].id
    session.commit()
    assert client.get(path.format(id=image.id)).status_code == 200


@pytest.mark.parametrize("role", [None, *ROLES])
def test_the_upload_routes_need_a_desk_login(app, client, session, login, make_claim, role):
    claim = make_claim("queued")
    source = Evidence(claim_id=claim.id, number=1, url="https://stats.example.org/t1", title="Table 1")
    session.add(source)
    session.commit()
    if role:
        login(role)
    for path in (f"/desk/claims/{claim.id}/images", f"/desk/claims/{claim.id}/evidence/{source.id}/image"):
        response = client.post(path, data={"file": (io.BytesIO(PNG), "a.png")}, content_type="multipart/form-data")
        if role is None:
            assert response.status_code == 302 and "/login" in response.location
        else:
            assert response.status_code == 303, (role, path, response.text[:300])
    assert rows(session) == (0 if role is None else 2)
