"""The website chat page on :8080 (``make serve``): web/ plus the rasa-webchat bundle.

The widget bundle comes from npm at setup (``bot.build``), pinned and integrity-checked, and is
served from here: the page never loads anything from a CDN.
"""
from __future__ import annotations

import argparse
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parents[2]
PAGE_DIR = ROOT / "web"
WIDGET_BUNDLE = ROOT / "var" / "build" / "web" / "rasa-webchat.js"


class PageHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript; charset=utf-8",
                      ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == "/vendor/rasa-webchat.js":
            return str(WIDGET_BUNDLE)
        return super().translate_path(path)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'; connect-src *; img-src * data:; style-src 'self' 'unsafe-inline'")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quiet: access logs go nowhere
        pass


def serve(port: int, host: str = "0.0.0.0") -> None:
    handler = functools.partial(PageHandler, directory=str(PAGE_DIR))
    with ThreadingHTTPServer((host, port), handler) as server:
        server.serve_forever()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the chat page.")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="0.0.0.0")
    args = parser.parse_args(argv)
    if not WIDGET_BUNDLE.exists():
        print("note: the widget bundle is missing (run `make setup` with npm available); the page will say so.")
    serve(args.port, args.host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
