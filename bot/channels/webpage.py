"""The website chat page on :8080 (``make serve``): web/ plus the rasa-webchat bundle.

The widget bundle comes from npm at setup (``bot.build``), pinned and integrity-checked, and is
served from here: the page never loads anything from a CDN. The page's HTML and JavaScript name
the hotline as ``${hotline}`` / ``${hotlines}``, filled in from ``knowledge/hotline.yml`` as they
are served.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from bot.knowledge.hotline import with_hotline

ROOT = Path(__file__).resolve().parents[2]
PAGE_DIR = ROOT / "web"
WIDGET_BUNDLE = ROOT / "var" / "build" / "web" / "rasa-webchat.js"
#: The page's own files that name the hotline (filled in as they are served).
FILLED = (".html", ".js")
#: How the page joins the hotline numbers (「4006-100-100 / 950711」).
SLASH = " / "


class PageHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
    }

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == "/vendor/rasa-webchat.js":
            return str(WIDGET_BUNDLE)
        return super().translate_path(path)

    def send_head(self) -> BinaryIO | None:
        """The page's HTML and JavaScript with the hotline numbers filled in; anything else as it is."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if (
            not path.startswith(str(PAGE_DIR))
            or not path.endswith(FILLED)
            or not os.path.isfile(path)
        ):
            return super().send_head()
        body = with_hotline(Path(path).read_text(encoding="utf-8"), joiner=SLASH).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; connect-src *; img-src * data:; style-src 'self' 'unsafe-inline'",
        )
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quiet: access logs go nowhere
        pass


def serve(port: int, host: str = "0.0.0.0") -> None:
    handler = functools.partial(PageHandler, directory=str(PAGE_DIR))
    with ThreadingHTTPServer((host, port), handler) as server:
        server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the chat page.")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="0.0.0.0")
    args = parser.parse_args(argv)
    if not WIDGET_BUNDLE.exists():
        print(
            "note: the widget bundle is missing (run `make setup` with npm available); the page will say so."
        )
    serve(args.port, args.host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
