#!/usr/bin/env bash
# Terminal chat: starts the action server in the background, then the chat in this terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap stop_children EXIT
echo "starting the action server (log: var/log/actions.log)…"
start_action_server
"$PYTHON" -m bot.channels.cli --model "$(cat var/build/current_model)" --actions "http://localhost:$ACTION_PORT/webhook"
