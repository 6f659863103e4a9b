"""Fetching links and ingesting them, against a real web server on 127.0.0.1: what is stored, what is
never stored twice, and every kind of bad link refused with its reason and nothing half-stored."""
from __future__ import annotations

import ipaddress
import socket
import ssl
import subprocess
import time

import pytest
from sqlalchemy import func, select

from factcheck.errors import ValidationError
from factcheck.fetching import FetchError, FetchPolicy, fetch, normalise_url, refused_reason
from factcheck.models import Article, ArticleArchive, Claim
from factcheck.services.link_intake import ingest_link
from tests.support.pages import Pages, article_html

LOOPBACK = FetchPolicy(connect_timeout=1, timeout=2, allowed_hosts=frozenset({"127.0.0.1"}))
NOWHERE_ALLOWED = FetchPolicy(connect_timeout=1, timeout=2)


@pytest.fixture
def pages():
    with Pages() as server:
        yield server


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def nothing_stored(session) -> bool:
    return count(session, Article) == count(session, Claim) == count(session, ArticleArchive) == 0


def test_a_link_becomes_an_article_with_its_metadata_claims_and_archived_html(session, pages, make_user):
    url = pages.put("/news/jobs", article_html("Unemployment falls to 4.2 percent", 400, author="Ada Byline"))
    result = ingest_link(session, make_user("reviewer"), url, LOOPBACK)
    article = result.article
    assert result.created and result.claims > 0
    assert (article.title, article.outlet, article.author, str(article.published_date), article.url) == (
        "Unemployment falls to 4.2 percent", "Lakeshore Gazette", "Ada Byline", "2024-03-05", url)
    assert "unemployment fell to 4.2 percent" in article.body and "All rights reserved" not in article.body
    archive = session.scalar(select(ArticleArchive))
    assert archive.article_id == article.id and "<nav>" in archive.raw_html and archive.final_url == url
    assert all(claim.original.url == url for claim in article.claims)


def test_the_same_link_or_the_same_text_is_never_ingested_twice(session, pages, make_user):
    user = make_user("reviewer")
    html = article_html("Housing starts double", 300, seed=3)
    url = pages.put("/a", html)
    first = ingest_link(session, user, url, LOOPBACK)
    again = ingest_link(session, user, url + "?utm_source=newsletter#comments", LOOPBACK)
    assert not again.created and again.article.id == first.article.id
    assert pages.hits["/a"] == 1  # known before fetching: not fetched again
    mirror = pages.put("/syndicated/copy", html)
    copy = ingest_link(session, user, mirror, LOOPBACK)
    assert not copy.created and copy.article.id == first.article.id
    assert count(session, Article) == 1
    ingest_link(session, user, mirror, LOOPBACK)  # the mirror's URL is remembered for the article
    assert pages.hits["/syndicated/copy"] == 1


def test_redirects_are_followed_by_hand_and_every_hop_is_checked(session, pages, make_user):
    target = pages.put("/story", article_html("Bridge repairs cost 40 million", 300, seed=5))
    pages.redirect("/short", "/middle")
    pages.redirect("/middle", target, status=301)
    result = ingest_link(session, make_user("reviewer"), pages.url("/short"), LOOPBACK)
    assert result.created and result.article.url == target
    assert {a.url for a in session.scalars(select(ArticleArchive))} == {pages.url("/short"), target}
    pages.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    pages.redirect("/to-file", "file:///etc/passwd")
    for path, reason in (("/to-metadata", "link-local address"), ("/to-file", "not file:")):
        with pytest.raises(FetchError, match=reason):
            fetch(pages.url(path), LOOPBACK)


def test_a_redirect_loop_is_given_up_after_five_hops(pages):
    pages.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        fetch(pages.url("/loop"), LOOPBACK)
    assert pages.hits["/loop"] == 6


def test_a_server_that_never_answers_times_out(session, pages, make_user):
    pages.put("/hang", behaviour="hang")
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer within the time limit"):
        ingest_link(session, make_user("reviewer"), pages.url("/hang"), LOOPBACK)
    assert time.monotonic() - started < 5
    assert nothing_stored(session)


def test_fifty_megabytes_are_refused_while_streaming(session, pages, make_user):
    pages.put("/huge", behaviour="huge", size=50 * 1024 * 1024)
    small = FetchPolicy(connect_timeout=1, timeout=10, max_bytes=2 * 1024 * 1024,
                        allowed_hosts=frozenset({"127.0.0.1"}))
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than the limit of 2 MB"):
        ingest_link(session, make_user("reviewer"), pages.url("/huge"), small)
    assert time.monotonic() - started < 5  # stopped at the limit, not after reading 50 MB
    pages.put("/declared", b"x" * 3 * 1024 * 1024)
    with pytest.raises(FetchError, match="is 3.0 MB; the limit is 2 MB"):
        fetch(pages.url("/declared"), small)
    assert nothing_stored(session)


@pytest.mark.parametrize("link,reason", [
    ("file:///etc/passwd", "Only http:// and https:// links can be fetched, not file:"),
    ("ftp://ftp.example.org/article.txt", "not ftp:"),
    ("javascript:alert(document.cookie)", "not javascript:"),
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[::1]:8080/", "::1 is a loopback address"),
    ("http://[::ffff:10.0.0.1]/", "private address (inside an IPv6 address)"),
    ("http://0.0.0.0/", "unspecified address"),
    ("http://localhost/", "localhost points at 127.0.0.1, a loopback address"),
    ("https://user:secret@news.example/", "user name or password"),
])
def test_links_that_must_not_be_fetched_are_refused_before_any_request(session, make_user, link, reason):
    with pytest.raises(FetchError, match=reason.replace(".", r"\.").replace("(", r"\(").replace(")", r"\)")):
        ingest_link(session, make_user("reviewer"), link, NOWHERE_ALLOWED)
    assert nothing_stored(session)


def test_the_allow_list_names_a_host_or_a_host_and_port(pages):
    url = pages.put("/a", article_html("Allowed", 100))
    assert fetch(url, FetchPolicy(allowed_hosts=frozenset({f"127.0.0.1:{pages.port}"}))).status == 200
    with pytest.raises(FetchError, match="loopback"):
        fetch(url, FetchPolicy(allowed_hosts=frozenset({"127.0.0.1:1"})))


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(pages):
    """No second lookup between check and connect: the resolver is asked once per hop, and the
    request reaches the address it gave while still naming the host."""
    pages.put("/a", article_html("Pinned", 100))
    asked = []

    def resolver(host, port):
        asked.append(host)
        return ["127.0.0.1"] if len(asked) == 1 else ["93.184.216.34"]  # a rebinding answer, never used

    fetched = fetch(f"http://news.example:{pages.port}/a", FetchPolicy(allowed_hosts=frozenset({"news.example"})),
                    resolve=resolver)
    assert fetched.status == 200 and asked == ["news.example"]
    assert pages.hosts[-1] == f"news.example:{pages.port}"


def test_a_page_with_no_article_text_is_refused_with_the_reason(session, pages, make_user):
    pages.put("/empty", "<html><head><title>Subscribe</title></head><body><nav>Home</nav>"
                        "<p>Subscribe to read.</p></body></html>")
    pages.put("/pdf", b"%PDF-1.4", content_type="application/pdf")
    pages.put("/gone", b"gone", status=404, content_type="text/plain")
    user = make_user("reviewer")
    with pytest.raises(ValidationError, match=r"No article text was found .*\(only \d words\).*Paste the text"):
        ingest_link(session, user, pages.url("/empty"), LOOPBACK)
    with pytest.raises(ValidationError, match="is application/pdf, not a web page"):
        ingest_link(session, user, pages.url("/pdf"), LOOPBACK)
    with pytest.raises(FetchError, match="answered 404"):
        ingest_link(session, user, pages.url("/gone"), LOOPBACK)
    assert nothing_stored(session)


@pytest.mark.parametrize("address,refused", [
    ("8.8.8.8", None), ("2606:4700::1111", None), ("192.168.1.1", "private"), ("100.64.0.1", "public"),
    ("fe80::1", "link-local"), ("fc00::1", "private"), ("ff02::1", "multicast"), ("240.0.0.1", "reserved"),
    ("::", "unspecified"), ("::ffff:169.254.169.254", "link-local"), ("2002:7f00:1::", "loopback"),
    ("64:ff9b::a00:1", "private"), ("224.0.0.1", "multicast"),
])
def test_which_addresses_are_refused(address, refused):
    reason = refused_reason(ipaddress.ip_address(address))
    assert (reason is None) if refused is None else (refused in reason)


def test_urls_that_differ_only_in_form_are_the_same_link():
    assert normalise_url("HTTPS://News.Example:443/a?id=3&utm_source=x#top") == "https://news.example/a?id=3"
    assert normalise_url("http://news.example:8080") == "http://news.example:8080/"


def test_a_closed_port_is_reported_as_unreachable_not_as_a_timeout():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match=r"could not be reached \(\[Errno 111\] Connection refused\)"):
        fetch(f"http://127.0.0.1:{port}/", LOOPBACK)


def test_https_certificates_are_verified_against_the_host_name(tmp_path):
    """A self-signed certificate is refused: TLS is verified even though the connection goes to an address."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                           "/CN=news.example", "-keyout", str(key), "-out", str(cert)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"openssl could not make a certificate: {made.stderr[-200:]!r}")
    with Pages() as pages:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        pages.server.socket = context.wrap_socket(pages.server.socket, server_side=True)
        pages.put("/a", article_html("Secure", 100))
        with pytest.raises(FetchError, match="secure connection failed"):
            fetch(f"https://news.example:{pages.port}/a", FetchPolicy(allowed_hosts=frozenset({"news.example"})),
                  resolve=lambda host, port: ["127.0.0.1"])
