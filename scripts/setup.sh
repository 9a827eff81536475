#!/usr/bin/env bash
# Set the project up: a Python 3.10 virtualenv from the lock file, then the generated
# dictionary and the trained model. Safe to run again: it only does what is out of date.
# --install-only: the virtualenv and its packages, nothing built or trained (make install).
set -euo pipefail
cd "$(dirname "$0")/.."

INSTALL_ONLY=false
case "${1:-}" in
  --install-only) INSTALL_ONLY=true ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--install-only]" >&2; exit 2 ;;
esac

VENV=.venv
STAMP="$VENV/.installed-lock"

find_python310() {
  if command -v python3.10 >/dev/null 2>&1 && python3.10 -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v python3.10; return 0
  fi
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}" candidate
  for candidate in $(ls -d "$pyenv_root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PYTHON=$(find_python310); then
    cat >&2 <<'MSG'
Python 3.10 was not found. Rasa 3.6 runs on Python 3.8-3.10 only; this project uses 3.10.
Install it, then run the command again. For example:
  Debian/Ubuntu:  sudo apt-get install python3.10 python3.10-venv
  pyenv:          pyenv install 3.10.13
  macOS:          brew install python@3.10
MSG
    exit 1
  fi
  echo "creating $VENV with $PYTHON"
  "$PYTHON" -m venv "$VENV"
fi

lock_hash=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$lock_hash" ]; then
  echo "installing pinned packages from requirements.lock (first run: a few minutes)…"
  # (the grep drops this machine's notes about missing local package mirrors)
  { "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check pip==24.0 setuptools==70.3.0 wheel==0.45.1 2>&1; } \
    | { grep -v "WARNING: Location" || true; }
  { "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1; } \
    | { grep -v "WARNING: Location" || true; }
  echo "$lock_hash" > "$STAMP"
fi

if [ "$INSTALL_ONLY" = true ]; then
  exit 0
fi

"$VENV/bin/python" -m bot.build
