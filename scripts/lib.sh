# Shared by the run scripts: start the action server, wait for a port, stop children.
PYTHON=.venv/bin/python
export RASA_TELEMETRY_ENABLED=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
ACTION_PORT="${ACTION_PORT:-5055}"
RASA_PORT="${RASA_PORT:-5005}"
WEB_PORT="${WEB_PORT:-8080}"
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
  "$PYTHON" -m rasa_sdk --actions actions --port "$ACTION_PORT" >>var/log/actions.log 2>&1 &
  CHILDREN+=($!)
  wait_for_http "http://localhost:$ACTION_PORT/health" 60
}

stop_children() {
  local pid
  for pid in "${CHILDREN[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${CHILDREN[@]}"; do wait "$pid" 2>/dev/null || true; done
}
