# Shared by the run scripts: start the action server, wait for a port, stop children.
PYTHON=.venv/bin/python
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
ACTION_PORT="${ACTION_PORT:-5055}"
export ACTION_PORT  # endpoints.yml reads it
RASA_PORT="${RASA_PORT:-5005}"
WEB_PORT="${WEB_PORT:-8080}"
# Who may reach what (docs/security.md): the action server only from this machine; the Rasa
# server and the chat page from here unless the operator opens them (RASA_INTERFACE=0.0.0.0).
RASA_INTERFACE="${RASA_INTERFACE:-127.0.0.1}"
WEB_INTERFACE="${WEB_INTERFACE:-127.0.0.1}"
export SANIC_HOST="${SANIC_HOST:-127.0.0.1}"
# The secret under var/ (made on first run) gives the tokens: Rasa's HTTP API and REST channel
# (?token=), and the action server's (Rasa sends it as ?token=, endpoints.yml reads it).
RASA_TOKEN="${RASA_TOKEN:-$("$PYTHON" -m bot.security api-token)}"
ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$("$PYTHON" -m bot.security action-token)}"
export RASA_TOKEN ACTION_SERVER_TOKEN
# CORS: the chat page's own origin and those the operator lists (space-separated) in ALLOWED_ORIGINS.
CORS_ORIGINS=("http://localhost:$WEB_PORT" "http://127.0.0.1:$WEB_PORT")
read -r -a EXTRA_ORIGINS <<<"${ALLOWED_ORIGINS:-}"
CORS_ORIGINS+=("${EXTRA_ORIGINS[@]}")
CHILDREN=()

wait_for_http() {  # url seconds
  local url=$1 seconds=$2 i
  for ((i = 0; i < seconds * 4; i++)); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.25
  done
  echo "timed out waiting for $url" >&2
  return 1
}

start_action_server() {
  mkdir -p var/log
  "$PYTHON" -m bot.action_server --actions actions --port "$ACTION_PORT" >>var/log/actions.log 2>&1 &
  CHILDREN+=($!)
  wait_for_http "http://localhost:$ACTION_PORT/health" 60
}

stop_children() {
  local pid
  for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
}
