"""Look-alike images and image text raise the "already checked" signal; nothing is half-stored."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from factcheck.images import Limits
from factcheck.models import Appearance, ClaimMatch, ImageAsset, ImageHash
from factcheck.services import image_views, match_banners
from factcheck.services import images as image_service
from factcheck.storage import LocalStorage, StorageError
from tests.support.images import cropped_and_recompressed, encode, picture, sentence


@pytest.fixture
def store(app):
    return LocalStorage(app.instance_path + "/media")


@pytest.fixture
def add(app, session, store, make_user):
    reviewer = make_user("reviewer")

    def add_image(claim_id: int, data: bytes, name: str = "post.png"):
        with app.test_request_context():
            from factcheck.tasks import dispatch

            image = image_service.add_to_claim(session, reviewer, claim_id, image_service.Upload(name, data),
                                               Limits(), store)
            image_service.queue_ocr(session, reviewer, image, dispatch)
        session.expire_all()
        return session.get(ImageAsset, image.id)

    return add_image


def test_a_cropped_recompressed_repost_of_a_checked_image_raises_the_banner(session, publish, make_claim, add):
    verdict = publish("The jobless figure did not rise by 40%")
    add(verdict.claim_id, encode(picture(5)))
    repost = make_claim("new", text="A chart shared in a group")
    add(repost.id, cropped_and_recompressed(picture(5), share=0.10, quality=40), "repost.jpg")
    match = session.scalar(select(ClaimMatch).where(ClaimMatch.claim_id == repost.id))
    assert match.other_claim_id == verdict.claim_id and "look-alike image" in match.reason
    banner = match_banners.panel(session, repost.id).banners[0]
    assert banner.kind == "already_checked" and banner.headline == "The jobless figure did not rise by 40%"
    views = image_views.claim_images(session, session.get(type(repost), repost.id))
    (alike, checks), = views[0].look_alikes
    assert checks[0].claim_id == verdict.claim_id and checks[0].slug == verdict.slug


def test_an_unrelated_image_matches_nothing(session, publish, make_claim, add):
    verdict = publish()
    add(verdict.claim_id, encode(picture(5)))
    other = make_claim("new", text="Something else entirely")
    add(other.id, encode(picture(13)))
    assert session.scalar(select(func.count()).select_from(ClaimMatch).where(ClaimMatch.claim_id == other.id)) == 0
    assert image_views.claim_images(session, other)[0].look_alikes == []


@pytest.mark.parametrize("share", [0.05, 0.10, 0.15])
def test_crops_up_to_fifteen_percent_off_one_side_are_found(session, make_claim, add, share):
    first = make_claim("queued", text="The original post")
    stored = add(first.id, encode(picture(8)))
    found = image_service.look_alikes(session, image_service_hash(cropped_and_recompressed(picture(8), share)))
    assert [a.image.id for a in found] == [stored.id] and found[0].claim_ids == (first.id,)


def image_service_hash(data: bytes) -> int:
    from factcheck.images import prepare

    return prepare("query.jpg", data).fingerprints.phash


def test_an_image_whose_text_says_a_checked_claim_raises_the_banner(session, publish, make_claim, add):
    verdict = publish("Unemployment did not rise by 40 percent", claim_text="Unemployment rose by 40 percent in 2023.",
                      speaker=None)
    meme = make_claim("new", text="A meme about jobs")
    image = add(meme.id, sentence("Unemployment rose by 40 percent in 2023."))
    assert "Unemployment rose by 40 percent in 2023" in image.ocr_text
    banners = match_banners.panel(session, meme.id).banners
    assert [(b.kind, b.claim_id) for b in banners] == [("already_checked", verdict.claim_id)]
    assert session.get(Appearance, image.appearance_id).text.startswith("Unemployment rose by 40 percent")


def test_a_failed_row_leaves_no_file_and_a_failed_store_leaves_no_row(app, session, store, make_user, make_claim,
                                                                      monkeypatch):
    reviewer, claim = make_user("reviewer"), make_claim("queued")
    upload = image_service.Upload("post.png", encode(picture(3)))

    def broken_commit(_session):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(image_service, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        image_service.add_to_claim(session, reviewer, claim.id, upload, Limits(), store)
    monkeypatch.undo()
    assert store.keys() == []

    class FullDisk(LocalStorage):
        def put(self, key, data):
            if key.startswith("thumb/"):
                raise StorageError("no space left on the device")
            return super().put(key, data)

    with pytest.raises(StorageError):
        image_service.add_to_claim(session, reviewer, claim.id, upload, Limits(), FullDisk(store.root))
    session.expire_all()
    assert store.keys() == []  # the image written before the thumbnail failed was taken back
    for model in (ImageAsset, ImageHash):
        assert session.scalar(select(func.count()).select_from(model)) == 0
    assert session.scalar(select(func.count()).select_from(Appearance)) == 1  # the claim's original only
