"""A web server on 127.0.0.1 in a thread, serving what a test puts on it: article pages, feeds,
sitemaps, and the misbehaving kinds (a server that never answers, a redirect loop, 50 MB of body)."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ("The minister said unemployment fell to 4.2 percent last year, the lowest level since 2008, "
         "while critics argued that the figures ignored part-time work and the number of people who had "
         "stopped looking. According to the statistics office, 120,000 jobs were created in the north. ").split()


def article_html(title: str, words: int = 300, *, outlet: str = "Lakeshore Gazette", author: str = "Lois Lane",
                 published: str = "2024-03-05", seed: int = 0) -> str:
    """A news page with navigation, a byline and `words` words of article text."""
    text = [WORDS[(seed + n) % len(WORDS)] for n in range(words)]
    paragraphs = "".join(f"<p>{' '.join(text[i:i + 60])} (part {seed}.{i // 60}).</p>" for i in range(0, words, 60))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{published}T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{title}</h1><p class="byline">By {author}</p>{paragraphs}</article></main>
<footer>© {outlet}. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""


def rss(items: list[tuple[str, str, str]], title: str = "Lakeshore Gazette") -> bytes:
    """An RSS 2.0 feed of (guid, link, title)."""
    entries = "".join(f"<item><guid>{guid}</guid><link>{link}</link><title>{name}</title>"
                      f"<pubDate>Tue, 05 Mar 2024 0{n % 10}:00:00 GMT</pubDate></item>"
                      for n, (guid, link, name) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://gazette.example/</link><description>News</description>{entries}</channel></rss>").encode()


def sitemap(urls: list[tuple[str, str]]) -> bytes:
    """A <urlset> of (loc, lastmod)."""
    body = "".join(f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>" for loc, lastmod in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{body}</urlset>").encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><link>http://127.0.0.1/x</link><title>&lol9;</title></item>
</channel></rss>"""


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    behaviour: str = "serve"  # serve, hang (accept, never answer), huge (stream `size` bytes)
    size: int = 0


class Pages:
    """`pages.put("/a", html)`, `pages.url("/a")`; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.hosts: list[str] = []  # the Host header of each request
        self.stopping = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                owner.hits[self.path] = owner.hits.get(self.path, 0) + 1
                owner.hosts.append(self.headers.get("Host", ""))
                route = owner.routes.get(self.path)
                if route is None:
                    return self._send(Route(b"not here", 404, "text/plain"))
                if route.behaviour == "hang":
                    owner.stopping.wait(60)
                    return None
                if route.behaviour == "huge":
                    return self._stream(route)
                return self._send(route)

            def _send(self, route: Route) -> None:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(route.body)

            def _stream(self, route: Route) -> None:
                """No Content-Length: the client can only find the size by reading."""
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk, sent = b"<p>" + b"x" * 65_530 + b"</p>", 0
                try:
                    while sent < route.size and not owner.stopping.is_set():
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client refused the rest: what the test wants
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Pages":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def put(self, path: str, body: str | bytes = b"", **route) -> str:
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **route)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.put(path, b"", status=status, headers={"Location": to}, content_type="text/plain")
