"""rasa-sdk's action server with a shared token: ``python -m bot.action_server --actions actions``.

Rasa sends the token of ``action_endpoint`` as the ``token`` query parameter; every request but
``GET /health`` (which the run scripts wait on) must carry it, or gets 401. The token is
``bot.security.action_token()``. It binds to ``SANIC_HOST`` (127.0.0.1 unless set: only the Rasa
server on the same machine calls it). Warnings and log records pass the same masking as Rasa's.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from sanic import response
from sanic.request import Request

from bot.security import action_token, same

OPEN_PATHS = ("/health",)


def require_token(app: Any, token: str) -> Any:
    """Add the token check in front of every route of rasa-sdk's Sanic ``app``."""

    @app.on_request
    async def check_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not same(request.args.get("token"), token):
            return response.json({"error": "missing or wrong token"}, status=401)
        return None

    return app


def main() -> None:
    import rasa_sdk.endpoint as endpoint
    from rasa_sdk.__main__ import main as sdk_main

    from bot.logs import install_output_masking

    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    token = action_token()
    create_app = endpoint.create_app

    def create_guarded_app(*args: Any, **kwargs: Any) -> Any:
        return require_token(create_app(*args, **kwargs), token)

    endpoint.create_app = create_guarded_app
    install_output_masking()
    sys.argv[0] = "rasa_sdk"
    sdk_main()


if __name__ == "__main__":
    main()
