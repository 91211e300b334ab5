#!/usr/bin/env bash
# Throughput of recognition through RabbitMQ with 1, 2 and 4 `platectl worker` processes (docs/PERFORMANCE.md).
# Starts a throwaway RabbitMQ node (Debian's rabbitmq-server) on free-looking ports in a temporary folder, runs
# `platectl enqueue --rendered N --wait` against a fresh data folder for each worker count, then stops everything.
# Worker k is pinned to core (k-1) modulo the cores (taskset), so 4 workers on 2 cores share them two by two.
# Then one worker again, sent one job at a time (`enqueue --serial`): the queue's own latency without a backlog.
# Usage: tools/queue-bench.sh [N images, default 80] [concurrency per worker, default 1] [worker counts, default "1 2 4"]
set -euo pipefail
root="$(dirname "$(readlink -f "$0")")/.."
cd "$root"
n="${1:-80}"
concurrency="${2:-1}"
counts="${3:-1 2 4}"
cores=$(getconf _NPROCESSORS_ONLN)
dotnet build src/PlateWeb.Cli -c Release -v quiet >/dev/null
platectl=(dotnet src/PlateWeb.Cli/bin/Release/net10.0/platectl.dll)
export OMP_THREAD_LIMIT="${OMP_THREAD_LIMIT:-1}"

dir="$(mktemp -d "${TMPDIR:-/tmp}/plateweb-queue-bench-XXXX")"
port=$((20000 + RANDOM % 20000))
cat > "$dir/rabbitmq.conf" <<EOC
listeners.tcp.default = 127.0.0.1:$port
loopback_users = none
EOC
echo "[]." > "$dir/enabled_plugins"
# Its own node name, epmd port and cookie (HOME): never a system broker's.
export HOME="$dir" RABBITMQ_NODENAME="plateweb-bench-$$@localhost" RABBITMQ_NODE_PORT=$port \
  RABBITMQ_DIST_PORT=$((port + 1)) ERL_EPMD_PORT=$((port + 2)) RABBITMQ_MNESIA_BASE="$dir/mnesia" \
  RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
  RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
/usr/lib/rabbitmq/bin/rabbitmq-server >"$dir/server.out" 2>&1 &
server=$!
cleanup() {
  /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  epmd -kill >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
for _ in $(seq 1 120); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.5; done
uri="amqp://guest:guest@127.0.0.1:$port/"

declare -A rate
for workers in $counts; do
  data="$dir/data-$workers"
  mkdir -p "$data"
  queue="plateweb.bench$workers"
  export PLATEWEB_Queue__RabbitMq__JobsQueue=$queue PLATEWEB_Queue__RabbitMq__DeadLetterQueue=$queue.dead \
    PLATEWEB_Queue__RabbitMq__DeadLetterExchange=$queue.dlx PLATEWEB_Queue__RabbitMq__Concurrency=$concurrency
  pids=()
  for k in $(seq 1 "$workers"); do
    taskset -c $(((k - 1) % cores)) "${platectl[@]}" worker --data "$data" --rabbitmq "$uri" --name "bench-$k" \
      >"$dir/w$workers-$k.out" 2>"$dir/w$workers-$k.err" &
    pids+=($!)
    # One at a time: the first worker migrates the new database alone.
    for _ in $(seq 1 240); do grep -q "Consuming" "$dir/w$workers-$k.err" && break; sleep 0.5; done
  done
  echo "== $workers worker(s), $concurrency image(s) at a time each; $cores cores, load average $(cut -d' ' -f1 /proc/loadavg)"
  "${platectl[@]}" enqueue --data "$data" --rabbitmq "$uri" --rendered "$n" --wait 2>"$dir/enqueue-$workers.err" | tee "$dir/enqueue-$workers.out"
  grep -h "published and confirmed" "$dir/enqueue-$workers.err" | sed 's/^platectl enqueue: /   /' || true
  rate[$workers]=$(grep -o '[0-9.]* images/s' "$dir/enqueue-$workers.out" | tail -1 | cut -d' ' -f1)
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  for k in $(seq 1 "$workers"); do echo "   worker $k read $(wc -l <"$dir/w$workers-$k.out") jobs"; done
done
first="${counts%% *}"
if [[ -n "${rate[$first]:-}" ]]; then
  for workers in $counts; do
    if [[ -n "${rate[$workers]:-}" ]]; then echo "scaling, $workers worker(s) against $first: $(awk "BEGIN { printf \"%.2f\", ${rate[$workers]} / ${rate[$first]} }")x"; fi
  done
fi

# Latency without a backlog: one worker, one job at a time, each published after the last one's reply.
serial=$(( n < 50 ? n : 50 ))
data="$dir/data-serial"
mkdir -p "$data"
queue="plateweb.benchserial"
export PLATEWEB_Queue__RabbitMq__JobsQueue=$queue PLATEWEB_Queue__RabbitMq__DeadLetterQueue=$queue.dead \
  PLATEWEB_Queue__RabbitMq__DeadLetterExchange=$queue.dlx PLATEWEB_Queue__RabbitMq__Concurrency=1
taskset -c 0 "${platectl[@]}" worker --data "$data" --rabbitmq "$uri" --name bench-serial >"$dir/serial.out" 2>"$dir/serial.err" &
worker=$!
for _ in $(seq 1 240); do grep -q "Consuming" "$dir/serial.err" && break; sleep 0.5; done
echo "== latency: 1 worker, $serial jobs one at a time"
"${platectl[@]}" enqueue --data "$data" --rabbitmq "$uri" --rendered "$serial" --serial 2>/dev/null
kill "$worker"
wait "$worker" 2>/dev/null || true
