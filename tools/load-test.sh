#!/usr/bin/env bash
# Load and crash-safety figures for the API (issue 6). Not a test: it prints numbers.
#
#   tools/load-test.sh [CLIENTS] [SECONDS]     32 clients posting 1080p photos for 120 s by default
#   tools/load-test.sh crash                   kill -9 the app in the middle of a batch, restart, check
#
# Uses a temporary data folder and a free port; the app and platectl are the Release builds.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-load}"
clients="${1:-32}"; seconds="${2:-120}"
[[ "$mode" == crash ]] && { clients=16; seconds=20; }

dotnet build src/PlateWeb.Web -c Release -v q -nologo >/dev/null
dotnet build src/PlateWeb.Cli -c Release -v q -nologo >/dev/null
web=src/PlateWeb.Web/bin/Release/net10.0/PlateWeb.Web.dll
cli=src/PlateWeb.Cli/bin/Release/net10.0/platectl.dll
data="$(mktemp -d /tmp/plateweb-load-XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
export PLATEWEB_DATA="$data"

start_app() {
  dotnet "$web" --urls "$url" >>"$data/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do curl -sf "$url/health" >/dev/null && return 0; sleep 0.5; done
  echo "the app did not start; see $data/app.log" >&2; exit 1
}
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

start_app
key="$(dotnet "$cli" keys --data "$data" create load-test 2>/dev/null)"
echo "app pid $app on $url, data in $data"

if [[ "$mode" == crash ]]; then
  dotnet "$cli" load --url "$url" --key "$key" --clients "$clients" --seconds "$seconds" --distinct 16 >"$data/load.out" 2>&1 &
  loader=$!
  sleep $((seconds / 2))
  kill -9 "$app"; echo "killed the app with SIGKILL in the middle of the batch"
  wait "$loader" || true
  echo "--- data folder as the crash left it:"
  dotnet "$cli" check --data "$data" | sed -n '1,4p;/orphan files/p' || true
  start_app
  echo "--- after restart (migrations + orphan sweep):"
  dotnet "$cli" check --data "$data" | grep -v '^  '
  kill "$app"; wait "$app" 2>/dev/null || true
else
  # A chat question asked while the load runs must be answered (queued, not dropped).
  ( sleep $((seconds / 3)); curl -s -m $((seconds * 2)) -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
      -d '{"question":"How many plates were read today?"}' "$url/api/chat" >"$data/chat.out" 2>&1 || true ) &
  asker=$!
  dotnet "$cli" load --url "$url" --key "$key" --clients "$clients" --seconds "$seconds" | tee "$data/load.out"
  wait "$asker" || true
  echo "chat answer during the load: $(head -c 300 "$data/chat.out")"
  echo "app peak RSS: $(peak_rss_mb "$app") MB"
  kill "$app"; wait "$app" 2>/dev/null || true
  dotnet "$cli" check --data "$data" | grep -v '^  '
fi
echo "logs and outputs: $data"
