"""A media rating on a verdict about an image, a video or audio: set on the draft page, published as a
MediaReview beside the ClaimReview (page, DataFeed, static export), corrected through the editorial gate."""
from __future__ import annotations

import io
import json
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from factcheck.export import export_site, file_for
from factcheck.models import Appearance, AppearanceKind, Claim, Evidence, ImageAsset, Verdict, VerdictRevision
from factcheck.publishing.mediareview import MediaKind, MediaRating
from factcheck.services import editorial, research
from tests.conftest import PASSWORD, rating_id
from tests.support.images import encode, picture
from tests.support.schemaorg import require_vocabulary, validate

IMAGE_URL = "https://social.example.net/posts/77/photo.jpg"
POST_URL = "https://social.example.net/posts/77"


def blocks(text: str) -> list[dict]:
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


def version(session, claim_id: int) -> int:
    session.expire_all()
    return session.get(Claim, claim_id).version


def with_image(session, claim: Claim, url: str = IMAGE_URL) -> Claim:
    """The claim also appeared as an image (the text read off it), linked at `url`."""
    claim.add_appearance(Appearance(kind=AppearanceKind.IMAGE, text=claim.text, url=url, appeared_on=date(2026, 2, 1)))
    session.commit()
    return claim


def add_source(session, claim: Claim, author_id: int) -> None:
    session.add(Evidence(claim_id=claim.id, number=1, url="https://archive.example.org/rally-2019",
                         title="The full photo, 2019", publisher="Archive", source_kind="primary", added_by_id=author_id))
    session.commit()


def draft_data(session, claim_id: int, **media) -> dict:
    return {"version": version(session, claim_id), "rating": rating_id(session, "false"),
            "headline": "The rally photo was cropped", "summary": "The full photo shows an empty square.",
            "body": "The original [1] is wider.", **media}


@pytest.fixture
def researching(make_claim, login, session):
    """A claim the logged-in reviewer is researching, with one source; image=True adds an image appearance."""
    def make(image: bool = True, role: str = "reviewer"):
        author = login(role)
        claim = make_claim("researching", assignee=author, text="This photo shows a packed square at the rally.",
                           url=POST_URL)
        if image:
            with_image(session, claim)
        add_source(session, claim, author.id)
        return claim, author
    return make


def publish_as(session, make_user, claim: Claim, author) -> Verdict:
    research.submit(session, author, claim.id, version(session, claim.id))
    return editorial.publish(session, make_user("editor"), claim.id, version(session, claim.id))


def test_a_reviewer_rates_the_image_and_readers_get_a_mediareview_beside_the_claimreview(
        client, session, researching, make_user):
    vocab = require_vocabulary()
    claim, author = researching()
    draft = client.get(f"/desk/claims/{claim.id}/draft")
    assert '<details class="media-fields" id="media" open>' in draft.text  # offered: the claim has an image
    saved = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(
        session, claim.id, media_rating="EditedOrCroppedContent", media_kind="", media_url=""))
    assert saved.status_code == 302
    again = client.get(f"/desk/claims/{claim.id}/draft").text
    assert '<option selected value="EditedOrCroppedContent">edited or cropped</option>' in again
    verdict = publish_as(session, make_user, claim, author)
    client.post("/logout")

    page = client.get(f"/verdicts/{verdict.slug}")
    assert re.search(r'class="media-rating">The image: <strong>edited or cropped</strong>', page.text)
    claim_block, media_block = blocks(page.text)
    assert validate(claim_block, vocab) == [] and validate(media_block, vocab) == []
    assert media_block["@type"] == "MediaReview"
    assert media_block["mediaAuthenticityCategory"] == "https://schema.org/EditedOrCroppedContent"
    assert media_block["itemReviewed"] == {"@type": "ImageObject", "contentUrl": IMAGE_URL,
                                           "isPartOf": {"@type": "CreativeWork", "url": POST_URL}}
    assert media_block["url"] == claim_block["url"] and media_block["url"].endswith(f"/verdicts/{verdict.slug}")
    assert media_block["author"] == claim_block["author"] and media_block["datePublished"] == claim_block["datePublished"]
    assert claim_block["associatedMediaReview"] == {"@id": media_block["@id"]}
    assert media_block["associatedClaimReview"] == {"@id": claim_block["@id"]}

    record = client.get(f"/api/v1/verdicts/{verdict.slug}").get_json()
    assert record["claimreview"]["associatedMediaReview"]["@type"] == "MediaReview"
    feed = client.get("/api/v1/claimreview.json").get_json()
    assert validate(feed, vocab) == []
    assert [e["@type"] for e in feed["dataFeedElement"]] == ["ClaimReview", "MediaReview"]
    assert feed["dataFeedElement"][1]["itemReviewed"]["contentUrl"] == IMAGE_URL


def test_a_verdict_without_a_media_rating_has_no_mediareview(client, publish):
    verdict = publish()
    page = client.get(f"/verdicts/{verdict.slug}")
    assert [b["@type"] for b in blocks(page.text)] == ["ClaimReview"]
    assert "associatedMediaReview" not in page.text and "MediaReview" not in page.text
    assert 'class="media-rating"' not in page.text
    feed = client.get("/api/v1/claimreview.json").get_json()
    assert [e["@type"] for e in feed["dataFeedElement"]] == ["ClaimReview"]


def test_a_claim_not_about_media_offers_the_media_rating_closed_and_refuses_it_alone(client, session, researching):
    claim, _ = researching(image=False)
    draft = client.get(f"/desk/claims/{claim.id}/draft")
    assert '<details class="media-fields" id="media">' in draft.text
    refused = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(
        session, claim.id, media_rating="StagedContent", media_kind="", media_url=""))
    assert refused.status_code == 422
    assert "This claim has no image appearance: say whether the claim is about an image" in refused.text
    assert 'value="The rally photo was cropped"' in refused.text  # everything typed is kept
    assert '<option selected value="StagedContent">staged</option>' in refused.text
    assert session.scalar(select(Verdict).where(Verdict.claim_id == claim.id)) is None  # nothing saved


def test_a_reviewer_can_say_the_claim_is_about_a_video_and_give_its_address(client, session, researching, make_user):
    vocab = require_vocabulary()
    claim, author = researching(image=False)
    saved = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(
        session, claim.id, media_rating="DecontextualizedContent", media_kind="video",
        media_url="https://video.example.net/clip.mp4"))
    assert saved.status_code == 302
    research.submit(session, author, claim.id, version(session, claim.id))
    editor = make_user("editor")
    client.post("/logout")
    client.post("/login", data={"email": editor.email, "password": PASSWORD})
    review = client.get(f"/desk/review/{claim.id}")  # the editor sees what they are about to publish
    assert "The video: <strong>missing context</strong> (<a href=\"https://video.example.net/clip.mp4\"" in review.text
    verdict = editorial.publish(session, editor, claim.id, version(session, claim.id))
    page = client.get(f"/verdicts/{verdict.slug}")
    assert "The video: <strong>missing context</strong>" in page.text
    media_block = blocks(page.text)[1]
    assert validate(media_block, vocab) == []
    assert media_block["itemReviewed"] == {"@type": "VideoObject", "contentUrl": "https://video.example.net/clip.mp4",
                                           "isPartOf": {"@type": "CreativeWork", "url": POST_URL}}
    assert media_block["originalMediaContextDescription"] == "The full photo shows an empty square."


@pytest.mark.parametrize("image,media,field,message", [
    (True, {"media_rating": "MissingContext"}, "media_rating",
     "&#39;MissingContext&#39; is not a media rating: choose one of original, missing context"),
    (True, {"media_rating": "StagedContent", "media_kind": "hologram"}, "media_kind", "is not a kind of media"),
    (True, {"media_rating": "StagedContent", "media_url": "javascript:alert(1)"}, "media_url",
     "The media&#39;s address must be a full http:// or https:// link."),
    (False, {"media_kind": "audio"}, "media_url", "There is no address for the audio recording"),
])
def test_bad_media_input_is_a_422_with_the_form_kept(client, session, researching, image, media, field, message):
    claim, _ = researching(image=image)
    page = client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id, **media))
    assert page.status_code == 422 and message in page.text
    assert f'href="#{field}"' in page.text  # the error summary leads to the field
    assert 'value="The rally photo was cropped"' in page.text and "The full photo shows an empty square." in page.text
    assert session.scalar(select(Verdict).where(Verdict.claim_id == claim.id)) is None


def test_the_draft_fields_follow_the_draft_rules_for_every_role(client, session, make_claim, make_user, login):
    """Only the claim's researcher saves a media rating; anyone else is sent to log in or refused."""
    researcher = make_user("reviewer")
    claim = with_image(session, make_claim("researching", assignee=researcher))
    data = lambda: draft_data(session, claim.id, media_rating="OriginalMediaContent")  # noqa: E731
    anonymous = client.post(f"/desk/claims/{claim.id}/draft", data=data())
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    for role in ("reviewer", "editor", "admin"):
        login(role)
        other = client.post(f"/desk/claims/{claim.id}/draft", data=data())
        assert other.status_code == 422 and "Only the person researching this claim" in other.text, role
        client.post("/logout")
    assert session.scalar(select(Verdict).where(Verdict.claim_id == claim.id)) is None
    client.post("/login", data={"email": researcher.email, "password": PASSWORD})
    assert client.post(f"/desk/claims/{claim.id}/draft", data=data()).status_code == 302
    session.expire_all()
    assert session.scalar(select(Verdict.media_rating).where(Verdict.claim_id == claim.id)) is MediaRating.ORIGINAL


def correction_data(client, verdict_id: int, **media) -> dict:
    form = client.get(f"/desk/published/{verdict_id}/correct")
    assert form.status_code == 200
    version_ = int(re.search(r'name="version" value="(\d+)"', form.text).group(1))
    return {"version": version_, "kind": "correction", "headline": "The rally photo was cropped",
            "summary": "The full photo shows an empty square.", "body": "The original [1] is wider.",
            "note": "The photo was cropped, not staged.", **media}


def test_a_media_rating_correction_shows_only_after_the_gate_lets_it_through(
        client, session, make_claim, make_user, login):
    vocab = require_vocabulary()
    drafter = login("editor")  # an editor drafts: under the two-person rule their correction waits
    claim = with_image(session, make_claim("researching", assignee=drafter, url=POST_URL))
    add_source(session, claim, drafter.id)
    assert client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(
        session, claim.id, media_rating="StagedContent")).status_code == 302
    verdict = publish_as(session, make_user, claim, drafter)

    proposed = client.post(f"/desk/published/{verdict.id}/correct",
                           data=correction_data(client, verdict.id, media_rating="EditedOrCroppedContent",
                                                media_kind="image", media_url=""))
    assert proposed.status_code == 302
    client.post("/logout")
    waiting = client.get(f"/verdicts/{verdict.slug}")
    assert "The image: <strong>staged</strong>" in waiting.text
    assert blocks(waiting.text)[1]["mediaAuthenticityCategory"] == "https://schema.org/StagedContent"

    login("editor")
    amendment = editorial.pending_for(session, verdict.id)[0]
    assert amendment.changes == {"media_rating": "EditedOrCroppedContent"}
    shown = client.get(f"/desk/published/amendments/{amendment.id}").text
    assert re.search(r"media rating</th>\s*<td>staged</td><td>edited or cropped</td>", shown)
    assert client.post(f"/desk/published/amendments/{amendment.id}/approve",
                       data={"version": version(session, claim.id)}).status_code == 302
    client.post("/logout")

    page = client.get(f"/verdicts/{verdict.slug}")
    assert "The image: <strong>edited or cropped</strong>" in page.text
    assert "Correction:</strong> The photo was cropped, not staged." in page.text
    media_block = blocks(page.text)[1]
    assert validate(media_block, vocab) == []
    assert media_block["mediaAuthenticityCategory"] == "https://schema.org/EditedOrCroppedContent"
    kept = session.scalars(select(VerdictRevision).where(VerdictRevision.verdict_id == verdict.id)
                           .order_by(VerdictRevision.number)).all()
    assert [(r.number, r.media_rating) for r in kept] == [(1, MediaRating.STAGED), (2, MediaRating.EDITED_OR_CROPPED)]
    assert all(r.media_kind is MediaKind.IMAGE for r in kept)
    feed = client.get("/api/v1/claimreview.json").get_json()
    assert feed["dataFeedElement"][1]["mediaAuthenticityCategory"] == "https://schema.org/EditedOrCroppedContent"


def test_a_correction_cannot_put_a_media_rating_on_a_claim_not_about_media(client, publish, login, session):
    verdict = publish()
    login("editor")
    page = client.post(f"/desk/published/{verdict.id}/correct", data=correction_data(
        client, verdict.id, media_rating="SatireOrParodyContent", media_kind="", media_url="", headline="Crime did not rise by half",
        summary="Police figures show a 3% rise, not 50%.", body="The police statistics [1] show a rise of 3%."))
    assert page.status_code == 422 and "This claim has no image appearance" in page.text
    assert '<option selected value="SatireOrParodyContent">satire or parody</option>' in page.text
    assert editorial.pending_for(session, verdict.id) == []


@pytest.mark.parametrize("role,status", [(None, 302), ("reviewer", 403), ("editor", 302), ("admin", 302)])
def test_the_correction_form_media_fields_for_every_role(client, session, make_claim, make_user, login, role, status):
    author = make_user("reviewer")
    claim = with_image(session, make_claim("queued"))
    claim = research.take(session, author, claim.id, claim.version)
    add_source(session, claim, author.id)
    research.save_draft(session, author, claim.id, version(session, claim.id), research.DraftInput(
        rating_id=rating_id(session, "false"), headline="The photo", summary="Old photo.", body="See [1].",
        media_rating=MediaRating.ORIGINAL))
    verdict = publish_as(session, make_user, claim, author)
    if role:
        login(role)
    data = {"version": version(session, claim.id), "kind": "correction", "headline": "The photo",
            "summary": "Old photo.", "body": "See [1].", "note": "It was cropped.",
            "media_rating": "EditedOrCroppedContent", "media_kind": "image", "media_url": ""}
    response = client.post(f"/desk/published/{verdict.id}/correct", data=data)
    assert response.status_code == status
    session.expire_all()
    changed = session.get(Verdict, verdict.id).media_rating
    if role in ("editor", "admin"):
        assert response.headers["Location"].endswith(f"/verdicts/{verdict.slug}")
        assert changed is MediaRating.EDITED_OR_CROPPED
    else:
        assert changed is MediaRating.ORIGINAL
        if role is None:
            assert "/login" in response.headers["Location"]


def test_the_static_export_carries_the_mediareview(app, session, make_claim, make_user, tmp_path):
    vocab = require_vocabulary()
    author = make_user("reviewer")
    claim = with_image(session, make_claim("queued"))
    claim = research.take(session, author, claim.id, claim.version)
    add_source(session, claim, author.id)
    research.save_draft(session, author, claim.id, version(session, claim.id), research.DraftInput(
        rating_id=rating_id(session, "false"), headline="The photo", summary="Old photo.", body="See [1].",
        media_rating=MediaRating.TRANSFORMED))
    verdict = publish_as(session, make_user, claim, author)
    export_site(app, tmp_path / "site", share_images=False)
    page = (tmp_path / "site" / file_for(f"/verdicts/{verdict.slug}")).read_text(encoding="utf-8")
    assert "The image: <strong>transformed</strong>" in page
    assert [b["@type"] for b in blocks(page)] == ["ClaimReview", "MediaReview"]
    feed = json.loads((tmp_path / "site" / file_for("/api/v1/claimreview.json")).read_text(encoding="utf-8"))
    assert [e["@type"] for e in feed["dataFeedElement"]] == ["ClaimReview", "MediaReview"]
    assert validate(feed, vocab) == []


def test_an_uploaded_image_is_the_media_and_readers_can_fetch_it(client, session, researching, make_user):
    """An image the desk stores (an upload where the claim appeared) is the contentUrl: our public copy."""
    vocab = require_vocabulary()
    claim, author = researching(image=False)
    uploaded = client.post(f"/desk/claims/{claim.id}/images", content_type="multipart/form-data", data={
        "file": (io.BytesIO(encode(picture(3), "PNG")), "shot.png"), "seen_url": POST_URL})
    assert uploaded.status_code == 303
    image = session.scalar(select(ImageAsset).where(ImageAsset.claim_id == claim.id))
    assert client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(
        session, claim.id, media_rating="TransformedContent")).status_code == 302
    verdict = publish_as(session, make_user, claim, author)
    client.post("/logout")
    media_block = blocks(client.get(f"/verdicts/{verdict.slug}").text)[1]
    assert validate(media_block, vocab) == []
    content = media_block["itemReviewed"]["contentUrl"]
    assert content.endswith(f"/desk/images/{image.id}") and content.startswith("http")
    assert media_block["itemReviewed"]["isPartOf"]["url"] == POST_URL
    served = client.get(urlsplit(content).path)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"


def test_the_media_pages_have_no_html_errors(client, session, researching, make_user, tmp_path):
    from tests.web.test_html_standards import check_html, require_vnu

    require_vnu()
    claim, author = researching()
    pages = {"refused draft": client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(
        session, claim.id, media_rating="MissingContext"))}
    client.post(f"/desk/claims/{claim.id}/draft", data=draft_data(session, claim.id, media_rating="StagedContent"))
    pages["draft"] = client.get(f"/desk/claims/{claim.id}/draft")
    verdict = publish_as(session, make_user, claim, author)
    client.post("/logout")
    pages["verdict"] = client.get(f"/verdicts/{verdict.slug}")
    client.post("/login", data={"email": make_user("editor").email, "password": PASSWORD})
    pages["correction form"] = client.get(f"/desk/published/{verdict.id}/correct")
    files = []
    for name, response in pages.items():
        assert response.status_code in (200, 422), name
        files.append(tmp_path / f"{name.replace(' ', '-')}.html")
        files[-1].write_text(response.text)
    assert check_html(files) == []
