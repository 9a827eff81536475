"""The server's secret and what is derived from it: the HTTP API token, the action server's
token, signed widget session ids, one-time codes, the tracker store's encryption key.

The secret is made on first use (``var/secret``, git-ignored, mode 600) or given by the operator
as ``BOT_SECRET`` (several processes or machines must share it). Every token is an HMAC of the
secret with its purpose, so one leaked token opens nothing else.

``python -m bot.security api-token|action-token`` prints a token for the run scripts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET_BYTES = 32
#: Widget session ids: 128 random bits (32 hex) + "." + 128-bit signature (32 hex).
SESSION_RANDOM_BYTES = 16
SESSION_SIGNATURE_CHARS = 32


def secret_file() -> Path:
    return Path(os.environ.get("BOT_SECRET_FILE") or ROOT / "var" / "secret")


def secret() -> bytes:
    """The operator's ``BOT_SECRET``, else the one under ``var/``, made on first use."""
    given = os.environ.get("BOT_SECRET")
    if given:
        return given.encode("utf-8")
    path = secret_file()
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(SECRET_BYTES))
    return path.read_bytes().strip()


def derive(purpose: str) -> str:
    return hmac.new(secret(), purpose.encode("utf-8"), hashlib.sha256).hexdigest()


def api_token() -> str:
    """Rasa's ``--auth-token`` (``?token=`` on the HTTP API) and the REST channel's token."""
    return os.environ.get("RASA_TOKEN") or derive("rasa-api")[:40]


def action_token() -> str:
    """What Rasa sends the action server as ``?token=`` (endpoints.yml ``action_endpoint.token``)."""
    return os.environ.get("ACTION_SERVER_TOKEN") or derive("action-server")[:40]


def tracker_store_key() -> bytes:
    """The Fernet key (32 bytes, URL-safe base64) that encrypts the conversations in the tracker
    store (``bot/tracker_store.py``): without the secret they cannot be read."""
    return base64.urlsafe_b64encode(bytes.fromhex(derive("tracker-store")))


def same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(
        given.encode("utf-8", "replace"), expected.encode("utf-8")
    )


# --- widget session ids ----------------------------------------------------------------------
def _session_signature(channel: str, random_part: str) -> str:
    return derive(f"session:{channel}:{random_part}")[:SESSION_SIGNATURE_CHARS]


def new_session_id(channel: str) -> str:
    """A session id for ``channel``: random and signed, checked later without server state."""
    random_part = secrets.token_hex(SESSION_RANDOM_BYTES)
    return f"{random_part}.{_session_signature(channel, random_part)}"


def is_session_id(value: object, channel: str) -> bool:
    """True for an id this server issued for ``channel`` (made-up ids and other channels' fail)."""
    if not isinstance(value, str) or value.count(".") != 1:
        return False
    random_part, signature = value.split(".")
    if len(random_part) != 2 * SESSION_RANDOM_BYTES or len(signature) != SESSION_SIGNATURE_CHARS:
        return False
    return hmac.compare_digest(signature, _session_signature(channel, random_part))


def main(argv: list) -> int:
    tokens = {"api-token": api_token, "action-token": action_token}
    if len(argv) != 1 or argv[0] not in tokens:
        print(f"usage: python -m bot.security {'|'.join(tokens)}", file=sys.stderr)
        return 2
    print(tokens[argv[0]]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
