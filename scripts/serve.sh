#!/usr/bin/env bash
# Action server :5055, Rasa server :5005 (REST, socket.io widget, HTTP API), chat page :8080.
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
trap 'echo; echo "stopping…"; stop_children' EXIT
trap 'exit 130' INT TERM

echo "action server on :$ACTION_PORT (log: var/log/actions.log)"
start_action_server
echo "Rasa server on $RASA_INTERFACE:$RASA_PORT, REST webhook: http://localhost:$RASA_PORT/webhooks/rest/webhook?token=… (python -m bot.security api-token)"
"$PYTHON" -m bot.server run --model "$(cat var/build/current_model)" --enable-api --port "$RASA_PORT" \
  --interface "$RASA_INTERFACE" --auth-token "$RASA_TOKEN" \
  --credentials credentials.yml --endpoints endpoints.yml --cors "${CORS_ORIGINS[@]}" \
  --logging-config-file config/logging.yml &
CHILDREN+=($!)
wait_for_http "http://localhost:$RASA_PORT/status?token=$RASA_TOKEN" 180
# Warm up: the first parse compiles the model's graph; do it before the first customer does.
curl -fs -o /dev/null -X POST "http://localhost:$RASA_PORT/model/parse?token=$RASA_TOKEN" -H 'Content-Type: application/json' -d '{"text":"你好"}' || true
"$PYTHON" -m bot.events --follow >>var/log/events.log 2>&1 & CHILDREN+=($!)  # event stream → review/analytics tables
"$PYTHON" -m bot.channels.webpage --port "$WEB_PORT" --host "$WEB_INTERFACE" &
CHILDREN+=($!)
echo "ready: chat page http://localhost:$WEB_PORT/ — Ctrl-C stops everything."
wait "${CHILDREN[@]}"
