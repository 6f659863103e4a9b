"""Fetching a URL someone outside the newsroom chose, safely: pure, no Flask, no database.

Every hop of a fetch (the first request and each redirect, at most `max_redirects`, followed by hand)
is checked before anything is sent: the scheme is http or https, the host resolves, and every address
it resolves to is a public one (no private, loopback, link-local such as 169.254.169.254, multicast,
reserved or unspecified address, IPv4 or IPv6, IPv4-mapped included) unless the host is in the admin's
allow list. The connection then goes to the address that was checked, with the name kept for the Host
header and for TLS (SNI and certificate), so a DNS answer that changes between check and connect
cannot point the request elsewhere. The body is read in chunks and refused as soon as it passes the
size limit; a connect timeout, a per-read timeout and a deadline for the whole fetch bound the time.

The client is urllib3 (already installed as trafilatura's and requests' dependency, and kept by the
same maintainers as requests): its connection pools take the address to connect to apart from the
name to send and verify, which is exactly what pinning the checked address needs; requests and httpx
hide that behind their own resolution.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

import urllib3
from urllib3.exceptions import HTTPError, MaxRetryError, NewConnectionError, ProtocolError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from factcheck.errors import ValidationError

SCHEMES = {"http": 80, "https": 443}
CHUNK = 64 * 1024
MAX_URL = 2000  # the articles.url column
MB = 1024 * 1024
USER_AGENT = "factcheck-desk/0.1 (fact-check intake)"


class FetchError(ValidationError):
    """A link that cannot be fetched; the message says why in words a reviewer can act on."""


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout: float = 5.0
    timeout: float = 30.0          # the whole fetch, every hop and the body; also the longest single read
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allowed_hosts: frozenset[str] = frozenset()  # "host" or "host:port", lower case: any address allowed
    user_agent: str = USER_AGENT

    @classmethod
    def from_config(cls, config: Mapping) -> "FetchPolicy":
        hosts = config.get("FETCH_ALLOWED_HOSTS") or []
        if isinstance(hosts, str):
            hosts = [part for part in re.split(r"[\s,]+", hosts) if part]
        return cls(connect_timeout=float(config.get("FETCH_CONNECT_TIMEOUT", 5)),
                   timeout=float(config.get("FETCH_TIMEOUT", 30)),
                   max_bytes=int(float(config.get("FETCH_MAX_MB", 10)) * MB),
                   max_redirects=int(config.get("FETCH_MAX_REDIRECTS", 5)),
                   allowed_hosts=frozenset(str(h).strip().lower() for h in hosts))


@dataclass(frozen=True)
class Fetched:
    url: str                 # the final URL, after redirects
    status: int
    content_type: str        # "text/html", without parameters
    charset: str | None
    body: bytes
    redirects: tuple[str, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """The body as text: the header's charset, else a <meta charset>, else UTF-8 (bad bytes replaced)."""
        charset = self.charset or sniff_charset(self.body)
        try:
            return self.body.decode(charset or "utf-8", errors="replace").replace("\x00", "")
        except LookupError:
            return self.body.decode("utf-8", errors="replace").replace("\x00", "")


@dataclass(frozen=True)
class Target:
    """One hop, checked: where to connect and what to call it."""

    scheme: str
    host: str          # the name as written (lower case, no brackets)
    port: int
    address: str       # the checked address the connection goes to
    path: str          # path and query


def sniff_charset(body: bytes) -> str | None:
    match = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-:.]+)""", body[:4096], re.IGNORECASE)
    return match.group(1).decode("ascii") if match else None


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path+query) of an http(s) URL, or FetchError saying what is wrong with it."""
    url = (url or "").strip()
    if not url:
        raise FetchError("Give the link to fetch.")
    if len(url) > MAX_URL:
        raise FetchError(f"The link is longer than {MAX_URL:,} characters.")
    if any(ord(c) < 32 or c == " " for c in url):
        raise FetchError("The link has spaces or control characters in it; copy it again from the address bar.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(f"Only http:// and https:// links can be fetched, not {shown} ({url[:100]}).")
    try:
        host, port = (parts.hostname or "").lower(), parts.port or SCHEMES[scheme]
    except ValueError:
        raise FetchError(f"The link's port is not a number between 1 and 65535 ({url[:100]}).") from None
    if not host:
        raise FetchError(f"The link has no host name ({url[:100]}).")
    if parts.username or parts.password:
        raise FetchError("Links with a user name or password in them are not fetched.")
    path = parts.path or "/"
    return scheme, host, port, path + (f"?{parts.query}" if parts.query else "")


def normalise_url(url: str) -> str:
    """The form two links to the same page share: lower-case scheme and host, no default port, no
    fragment, no tracking parameters (utm_*, fbclid, gclid)."""
    scheme, host, port, _ = split_url(url)
    parts = urlsplit(url.strip())
    netloc = f"[{host}]" if ":" in host else host
    if port != SCHEMES[scheme]:
        netloc += f":{port}"
    query = "&".join(p for p in parts.query.split("&")
                     if p and not re.match(r"(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=", p, re.I))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def refused_reason(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not one the desk fetches from, or None for an ordinary public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None:
            inner = refused_reason(embedded)
            return f"{inner} (inside an IPv6 address)" if inner else None
        if address in ipaddress.ip_network("64:ff9b::/96"):  # NAT64: the last 32 bits are an IPv4 address
            return refused_reason(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    for test, what in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                       ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                       ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(address, test):
            return f"a {what} address"
    if not address.is_global:
        return "not a public address"
    return None


def is_allowed(policy: FetchPolicy, host: str, port: int) -> bool:
    return host in policy.allowed_hosts or f"{host}:{port}" in policy.allowed_hosts or (
        ":" in host and f"[{host}]:{port}" in policy.allowed_hosts)


Resolver = Callable[[str, int], Iterable[str]]


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"The host {host} could not be found ({error}).") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_target(url: str, policy: FetchPolicy, resolve: Resolver = system_resolver) -> Target:
    """Check one hop before anything is sent: the scheme, the name, and every address it resolves to."""
    scheme, host, port, path = split_url(url)
    addresses = list(resolve(host, port))
    if not addresses:
        raise FetchError(f"The host {host} has no address.")
    if not is_allowed(policy, host, port):
        for raw in addresses:
            reason = refused_reason(ipaddress.ip_address(raw.split("%")[0]))
            if reason:
                where = f"{host} is {reason}" if host == raw else f"{host} points at {raw}, {reason}"
                raise FetchError(f"{where}: the desk only fetches pages from the public internet "
                                 "(an admin can allow a host with FETCH_ALLOWED_HOSTS).")
    return Target(scheme, host, port, addresses[0], path)


def _pool(target: Target, policy: FetchPolicy, read_timeout: float):
    timeout = urllib3.Timeout(connect=policy.connect_timeout, read=read_timeout)
    common = dict(port=target.port, timeout=timeout, retries=False, maxsize=1, block=False)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(target.address, server_hostname=target.host,
                                           assert_hostname=target.host, cert_reqs="CERT_REQUIRED", **common)
    return urllib3.HTTPConnectionPool(target.address, **common)


def _host_header(target: Target) -> str:
    name = f"[{target.host}]" if ":" in target.host else target.host
    return name if target.port == SCHEMES[target.scheme] else f"{name}:{target.port}"


def _read_body(response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"{url} is {int(declared) / MB:.1f} MB; the limit is {policy.max_bytes / MB:g} MB.")
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"{url} took longer than {policy.timeout:g} s to arrive; giving up.")
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > policy.max_bytes:  # refused while streaming: never more than the limit in memory
            raise FetchError(f"{url} is larger than the limit of {policy.max_bytes / MB:g} MB; not fetched.")
        chunks.append(chunk)


def _request(target: Target, url: str, policy: FetchPolicy, deadline: float, accept: str):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{url} took longer than {policy.timeout:g} s to arrive; giving up.")
    pool = _pool(target, policy, read_timeout=min(policy.timeout, remaining))
    headers = {"Host": _host_header(target), "User-Agent": policy.user_agent, "Accept": accept,
               "Accept-Encoding": "gzip, deflate"}
    try:
        response = pool.urlopen("GET", target.path, headers=headers, redirect=False, retries=False,
                                preload_content=False, assert_same_host=False, release_conn=False)
    except NewConnectionError as error:  # before timeouts: urllib3 makes it a subclass of ConnectTimeoutError
        raise FetchError(f"{url} could not be reached ({_short(error)}).") from None
    except (Urllib3Timeout, socket.timeout):
        raise FetchError(f"{url} did not answer within the time limit ({policy.timeout:g} s).") from None
    except SSLError as error:
        raise FetchError(f"{url}: the secure connection failed ({error.__class__.__name__}); "
                         "its certificate may be invalid.") from None
    except (MaxRetryError, ProtocolError, HTTPError, OSError) as error:
        raise FetchError(f"{url} could not be reached ({_short(error)}).") from None
    return pool, response


def _short(error: BaseException) -> str:
    """urllib3's messages name its objects (<HTTPConnection object at 0x…>): keep the part a person reads."""
    text = re.sub(r"<[^>]+>:?\s*|\b\w*Connection\([^)]*\):\s*", "", str(getattr(error, "reason", None) or error))
    return text.replace("Failed to establish a new connection: ", "").strip()[:200] or type(error).__name__


def fetch(url: str, policy: FetchPolicy, *, accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
          resolve: Resolver = system_resolver) -> Fetched:
    """GET `url` under `policy`; FetchError for anything refused, unreachable, too slow or too large."""
    deadline = time.monotonic() + policy.timeout
    hops: list[str] = []
    current = url.strip()
    while True:
        target = check_target(current, policy, resolve)
        pool, response = _request(target, current, policy, deadline, accept)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"{current} redirects ({response.status}) without saying where to.")
                if len(hops) >= policy.max_redirects:
                    raise FetchError(f"{url} redirects more than {policy.max_redirects} times; given up "
                                     "(a redirect loop?).")
                hops.append(current)
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise FetchError(f"{current} answered {response.status} {response.reason or ''}".rstrip() + ".")
            try:
                body = _read_body(response, current, policy, deadline)
            except (Urllib3Timeout, socket.timeout):
                raise FetchError(f"{current} stopped sending before the page was complete "
                                 f"(time limit {policy.timeout:g} s).") from None
            except (ProtocolError, HTTPError, OSError) as error:
                raise FetchError(f"{current}: the connection broke while reading ({_short(error)}).") from None
            media, _, params = (response.headers.get("Content-Type") or "").partition(";")
            charset = re.search(r"charset=\"?([^\";\s]+)", params, re.I)
            return Fetched(current, response.status, media.strip().lower(), charset.group(1) if charset else None,
                           body, tuple(hops))
        finally:
            response.release_conn()
            pool.close()
