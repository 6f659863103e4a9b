"""Broadcast transcripts with times: SRT, WebVTT and stamped transcripts through the desk's upload and
`factcheck import`, the moment on the claim page, the verdict's link to it, and bad files refused."""
import io
import json

import extruct
import pytest
from sqlalchemy import func, select

from factcheck.cli import main
from factcheck.models import Appearance, Article, Claim, Setting

SRT = """1
00:00:01,000 --> 00:00:03,500
MODERATOR: Good evening. Our first question

2
00:00:03,600 --> 00:00:05,000
is on the economy.

3
00:14:32,000 --> 00:14:36,000
>> HART: When I took office, unemployment in this state
was 7.1%.

4
00:14:36,200 --> 00:14:39,000
We created 210,000 jobs in four years.

5
01:02:05,000 --> 01:02:09,000
>> MORALES: Rents in the capital have doubled since 2015.
"""

VTT = """WEBVTT

00:10.000 --> 00:14.000
<v Jane Doe>Violent crime fell by 20% last year.</v>

00:15.000 --> 00:18.000
<v Tom Reyes>The prison population doubled since 2010.</v>
"""

STAMPED = """Mayoral forum

[00:05] MODERATOR: Welcome to the forum.
[02:10]
OKAFOR: Bus fares rose by 40% in three years.
[1:00:00] PARKER: The city hired 300 new teachers.
"""


def count(session, model):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def upload(client, name: str, data: bytes, **fields):
    return client.post("/desk/articles/new", data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def claim_with(session, words: str) -> Claim:
    return session.scalar(select(Claim).where(Claim.text.contains(words)))


def test_an_uploaded_srt_becomes_a_transcript_whose_claims_carry_speaker_and_moment(client, login, session):
    login("reviewer")
    page = upload(client, "second_debate.srt", SRT.encode(), url="https://tv.example/debate.mp4")
    assert page.status_code == 302
    article = session.scalar(select(Article))
    assert article.kind == "transcript" and article.title == "second debate"
    assert article.body.splitlines()[1] == "HART: When I took office, unemployment in this state was 7.1%. " \
                                           "We created 210,000 jobs in four years."
    jobs = claim_with(session, "210,000 jobs")
    original = jobs.original
    assert (original.kind, original.at_seconds, original.speaker_as_written, jobs.speaker) == \
        ("transcript", 14 * 60 + 36, "Hart", "Hart")
    assert claim_with(session, "unemployment").original.at_seconds == 14 * 60 + 32
    rents = claim_with(session, "Rents in the capital")
    assert (rents.speaker, rents.original.at_seconds) == ("Morales", 3725)
    shown = client.get(f"/desk/claims/{jobs.id}").text
    assert "at 00:14:36" in shown and "Hart" in shown
    assert "at 01:02:05" in client.get(f"/desk/claims/{rents.id}").text


def test_an_uploaded_vtt_keeps_its_voices(client, login, session):
    login("reviewer")
    assert upload(client, "town-hall.vtt", VTT.encode()).status_code == 302
    crime = claim_with(session, "Violent crime fell")
    prison = claim_with(session, "prison population")
    assert (crime.speaker, crime.original.at_seconds) == ("Jane Doe", 10)
    assert (prison.speaker, prison.original.at_seconds) == ("Tom Reyes", 15)


def test_an_uploaded_stamped_transcript_times_its_lines(client, login, session):
    login("reviewer")
    assert upload(client, "forum.txt", STAMPED.encode()).status_code == 302
    article = session.scalar(select(Article))
    assert article.kind == "transcript" and article.title == "Mayoral forum" and "[" not in article.body
    fares = claim_with(session, "Bus fares")
    teachers = claim_with(session, "300 new teachers")
    assert (fares.speaker, fares.original.at_seconds) == ("Okafor", 130)
    assert (teachers.speaker, teachers.original.at_seconds) == ("Parker", 3600)


def test_an_ordinary_article_has_no_moments(client, login, session):
    login("reviewer")
    client.post("/desk/articles/new", data={"body": "Crime fell by 12% in 2023, the police said."})
    assert session.scalar(select(Article)).time_map is None
    assert all(a.at_seconds is None for a in session.scalars(select(Appearance)))


def test_overlapping_cues_are_accepted_and_the_article_page_says_so(client, login, session):
    login("reviewer")
    overlapping = SRT.replace("00:14:36,200 --> 00:14:39,000", "00:14:35,000 --> 00:14:39,000")
    assert upload(client, "overlap.srt", overlapping.encode()).status_code == 302
    article = session.scalar(select(Article))
    page = client.get(f"/desk/articles/{article.id}").text
    assert "1 overlapping subtitle cue, kept in time order: cue 4 starts at 00:14:35 before cue 3 ends at 00:14:36" in page
    assert claim_with(session, "210,000 jobs").original.at_seconds == 14 * 60 + 35


@pytest.mark.parametrize("name,data,message", [
    ("bad.srt", SRT.replace("00:14:32,000 --> 00:14:36,000", "00:14:32,000 --> 00:1x:36,000").encode(),
     "bad.srt, line 10: cue 3 has malformed timestamps &#39;00:14:32,000 --&gt; 00:1x:36,000&#39;"),
    ("order.srt", SRT.replace("01:02:05,000 --> 01:02:09,000", "00:00:02,000 --> 00:00:04,000").encode(),
     "order.srt, line 19: cue 5 starts at 00:00:02, before cue 4 (00:14:36.200): the cues are out of order"),
    ("empty.srt", b"", "empty.srt is empty (0 bytes)"),
    ("blank.vtt", b"WEBVTT\n\n", "blank.vtt has no subtitle cues in it"),
    ("headless.vtt", VTT.replace("WEBVTT\n\n", "").encode(), "headless.vtt does not start with the WEBVTT header"),
    ("photo.srt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks like a binary file"),
    ("stamps.txt", b"[00:10] A: Crime fell.\n[00:05] B: No.\n", "stamps.txt, line 2: the stamp [00:05] goes back in time"),
])
def test_broken_subtitle_uploads_are_refused_with_the_reason_and_nothing_is_stored(client, login, session, name, data,
                                                                                  message):
    login("reviewer")
    page = upload(client, name, data)
    assert page.status_code == 422 and message in page.text
    assert count(session, Article) == 0 and count(session, Claim) == 0 and count(session, Appearance) == 0


def test_a_subtitle_file_over_the_upload_limit_is_refused(app, client, login, session):
    app.config["MAX_UPLOAD_MB"] = 0.01
    login("reviewer")
    page = upload(client, "long.srt", (SRT * 100).encode())
    assert page.status_code in (413, 422) and "limit" in page.text
    assert count(session, Article) == 0


def test_factcheck_import_reads_subtitles_and_stamped_transcripts(app, session, tmp_path):
    (tmp_path / "debate.srt").write_text(SRT)
    (tmp_path / "hall.vtt").write_text(VTT)
    (tmp_path / "forum.txt").write_text(STAMPED)
    (tmp_path / "broken.vtt").write_text("no header\n")
    result = app.test_cli_runner().invoke(main, ["import", str(tmp_path)])
    assert "Imported 3, skipped 0 already present, failed 1." in result.output
    assert "broken.vtt does not start with the WEBVTT header" in result.output
    assert claim_with(session, "210,000 jobs").original.at_seconds == 876
    assert claim_with(session, "prison population").original.at_seconds == 15
    assert claim_with(session, "Bus fares").original.at_seconds == 130
    assert {a.kind for a in session.scalars(select(Article))} == {"transcript"}


def test_factcheck_extract_json_gives_each_candidate_its_moment(app, tmp_path):
    (tmp_path / "debate.srt").write_text(SRT)
    (tmp_path / "plain.txt").write_text("Crime fell by 12% in 2023, the police said.")
    runner = app.test_cli_runner()
    rows = json.loads(runner.invoke(main, ["extract", str(tmp_path / "debate.srt"), "--json"]).output)
    at = {row["text"]: row["at"] for row in rows}
    assert at["We created 210,000 jobs in four years."] == 876
    assert at["Rents in the capital have doubled since 2015."] == 3725
    assert all({"text", "spans", "start", "end", "speaker", "score"} <= set(row) for row in rows)
    plain = json.loads(runner.invoke(main, ["extract", str(tmp_path / "plain.txt"), "--json"]).output)
    assert plain and all("at" not in row for row in plain)  # an article's JSON is as it was
    text = runner.invoke(main, ["extract", str(tmp_path / "debate.srt")]).output
    assert "at 00:14:36  We created 210,000 jobs in four years." in text


@pytest.fixture
def organisation(session):
    for key, value in {"org_url": "https://checks.example.org", "org_name": "Example Checks"}.items():
        session.merge(Setting(key=key, value=value))
    session.commit()


@pytest.mark.parametrize("url,linked", [
    ("https://tv.example/debate.mp4", "https://tv.example/debate.mp4#t=872"),
    ("https://www.youtube.com/watch?v=abc123", "https://www.youtube.com/watch?v=abc123&t=872"),
])
def test_the_verdict_links_to_the_moment_the_claim_was_said(client, session, publish, organisation, url, linked):
    verdict = publish(url=url, at_seconds=872)
    page = client.get(f"/verdicts/{verdict.slug}").text
    assert f'href="{linked.replace("&", "&amp;")}"' in page
    data = extruct.extract(page, base_url="https://checks.example.org", syntaxes=["json-ld"])["json-ld"]
    [review] = [item for item in data if item.get("@type") == "ClaimReview"]
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == [linked]


def test_an_untimed_appearance_links_to_the_page_as_before(client, session, publish, organisation):
    verdict = publish(url="https://news.example/story")
    page = client.get(f"/verdicts/{verdict.slug}").text
    assert 'href="https://news.example/story"' in page and "#t=" not in page
