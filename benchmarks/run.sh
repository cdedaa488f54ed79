#!/usr/bin/env bash
# Codemate benchmarks (issue #11): one run, one machine, Codemate side by side with its baselines.
# Prints a markdown table of ratios and writes it to benchmarks/results.md. Loopback only; bounded
# (each load run BENCH_DURATION seconds after BENCH_WARMUP seconds of warm-up; the SQLite intake cases alternate
# Codemate and the peer in BENCH_INTAKE_ROUNDS rounds of BENCH_INTAKE_SECONDS); every process it starts is
# stopped on exit. Needs: dotnet, node/npm, git, tmux, openssl, curl, wrk (installed with apt-get if missing).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
work="$here/.work"
duration=${BENCH_DURATION:-10}
rounds=${BENCH_INTAKE_ROUNDS:-8}          # the intake cases: rounds per server, alternating with the peer
round_seconds=${BENCH_INTAKE_SECONDS:-4}  # and each round's measured seconds
warmup=${BENCH_WARMUP:-3}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-1}        # 2 cores: the load generator gets one thread, the servers the rest
commits=${BENCH_COMMITS:-20000}
files=${BENCH_FILES:-5000}
sessions=${BENCH_SESSIONS:-200}
comments=${BENCH_COMMENTS:-50}
parts=" ${BENCH_PARTS:-intake workspace prompt footprint takeover} "   # a subset reruns only those parts
footprint_agent=${BENCH_FOOTPRINT_AGENT:-bash}   # bash (benchmarks/idle-agent.sh) or scripted (one .NET process per session)
codemate_port=${BENCH_CODEMATE_PORT:-18080}
peer_port=${BENCH_PEER_PORT:-18081}
postgres=${BENCH_POSTGRES:-1}      # 1: the intake part also measures accepted intake with state in PostgreSQL
postgres_port=${BENCH_POSTGRES_PORT:-18082}
replica2_port=${BENCH_REPLICA2_PORT:-18083}   # the second replica of the two-replica intake run
lease=${BENCH_LEASE_SECONDS:-3}    # takeover part: CODEMATE_LEASE_SECONDS of both replicas
takeover_rounds=${BENCH_TAKEOVER_ROUNDS:-3}

pids=()
# The driver lists what it starts (codemate pids, private tmux servers, its temporary worlds) in this file, so
# nothing outlives the script even if the driver itself is killed.
export BENCH_CLEANUP_FILE="$here/.work/cleanup.list"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$BENCH_CLEANUP_FILE" ]; then
    while read -r kind value; do
      case "$kind" in
        pid) if grep -qs codemate.dll "/proc/$value/cmdline"; then kill "$value" 2>/dev/null || true; fi ;;
        tmux) for socket in "$value"/*; do [ -S "$socket" ] && tmux -S "$socket" kill-server 2>/dev/null || true; done ;;
        dir) case "$value" in /tmp/cm-world-*) rm -rf "$value" ;; esac ;;
        pg) case "$value" in /tmp/cm-bench-pg-*)
              $(pg_runas) "$(pg_bin)/pg_ctl" -D "$value/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$value" ;; esac ;;
      esac
    done < "$BENCH_CLEANUP_FILE"
    rm -f "$BENCH_CLEANUP_FILE"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '\n== %s\n' "$*" >&2; }

# PostgreSQL (Debian's packages): the highest installed version; it refuses to run as root, so as root it runs as nobody.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
pg_runas() { if [ "$(id -u)" = 0 ]; then echo "runuser -u nobody --"; fi; }

# A throwaway cluster on 127.0.0.1:$postgres_port with PostgreSQL's default durability; stopped and deleted on exit.
pg_start() {
  pg_dir=$(mktemp -d /tmp/cm-bench-pg-XXXXXX)
  echo "pg $pg_dir" >> "$BENCH_CLEANUP_FILE"
  if [ "$(id -u)" = 0 ]; then chown nobody: "$pg_dir"; fi
  log "starting a PostgreSQL cluster on 127.0.0.1:$postgres_port"
  $(pg_runas) "$(pg_bin)/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
  $(pg_runas) "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $postgres_port -k $pg_dir" start >/dev/null
}
pg_url() { echo "Host=127.0.0.1;Port=$postgres_port;Database=$1;Username=postgres"; }

# codemate serve for the intake part with state in PostgreSQL: replica-id port database workspaces tmux-socket
serve_pg() {
  exec env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    GITHUB_WEBHOOK_SECRET="$secret" GITHUB_TOKEN="ghp_benchmark$(openssl rand -hex 14)" \
    GITHUB_API_URL=http://127.0.0.1:1/api/v3/ GITHUB_SERVER_URL=http://127.0.0.1:1/ \
    WORKSPACES_ROOT="$4" CODEMATE_DATABASE_URL="$(pg_url "$3")" CODEMATE_REPLICA_ID="bench-$1" \
    CODEMATE_TMUX_SOCKET="$5" CODEMATE_ALLOWED_REPOSITORIES=bench/intake \
    dotnet "$work/codemate/codemate.dll" serve --urls "http://127.0.0.1:$2"
}
wait_pg() { # pid port log
  for attempt in $(seq 150); do
    kill -0 "$1" 2>/dev/null || { echo "benchmarks: codemate serve on PostgreSQL exited; see $3" >&2; tail -5 "$3" >&2; exit 1; }
    curl -sf -m 1 "http://127.0.0.1:$2/health" >/dev/null && return 0
    sleep 0.2
  done
  echo "benchmarks: codemate serve on PostgreSQL did not start within 30 s; see $3" >&2; exit 1
}

need() { command -v "$1" >/dev/null || { echo "benchmarks: '$1' is required" >&2; exit 1; }; }
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null; fi
fi
for tool in dotnet node npm git tmux openssl curl wrk; do need "$tool"; done
if [ "$postgres" = 1 ] && [[ $parts == *" intake "* || $parts == *" takeover "* ]] && [ -z "$(pg_bin)" ]; then
  log "installing postgresql (Debian package; no cluster of its own is started)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y postgresql >/dev/null || { apt-get update >/dev/null && apt-get install -y postgresql >/dev/null; }
  else sudo apt-get install -y postgresql >/dev/null; fi
fi

mkdir -p "$work"
: > "$BENCH_CLEANUP_FILE"
results="$work/results.txt"
: > "$results"
record() { echo "$1=$2" >> "$results"; }

record machine.nproc "$(nproc)"
record machine.memory "$(free -h | awk '/^Mem:/ {print $2}')"
record machine.cpu "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
record machine.load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
record machine.load_generator "wrk $threads thread(s), $connections connections, ${duration}s after ${warmup}s warm-up (intake: median of $rounds alternating rounds of ${round_seconds}s)"

log "building codemate (Release) and the benchmark driver"
dotnet build "$root/src/Codemate.Cli" -c Release -o "$work/codemate" -nologo -v q >/dev/null
dotnet build "$here/Codemate.Benchmarks" -c Release -o "$work/bench" -nologo -v q >/dev/null
bench() { dotnet "$work/bench/Codemate.Benchmarks.dll" "$@"; }

want() { [[ $parts == *" $1 "* ]]; }

if want intake; then
log "installing the peer (@octokit/webhooks) into .work/peer"
mkdir -p "$work/peer"
cp "$here/peer/package.json" "$here/peer/server.mjs" "$work/peer/"
(cd "$work/peer" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

log "generating ~12 KB payloads"
bench payloads "$work/payloads" bench intake >&2

# ---- 1. Webhook intake -------------------------------------------------------------------------------
secret=$(openssl rand -hex 32)                     # in the environment only, never in argv
sign() { printf 'sha256=%s' "$(openssl dgst -sha256 -hmac "$secret" -r < "$1" | cut -d' ' -f1)"; }
intake="$work/intake"
rm -rf "$intake" && mkdir -p "$intake"

log "starting codemate serve and the peer on 127.0.0.1"
# GitHub points at a closed loopback port: accepted work's background step fails fast and retries, nothing leaves the machine.
env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
  GITHUB_WEBHOOK_SECRET="$secret" GITHUB_TOKEN="ghp_benchmark$(openssl rand -hex 14)" \
  GITHUB_API_URL=http://127.0.0.1:1/api/v3/ GITHUB_SERVER_URL=http://127.0.0.1:1/ \
  WORKSPACES_ROOT="$intake/workspaces" CODEMATE_STATE_PATH="$intake/state.db" \
  CODEMATE_TMUX_SOCKET="codemate-bench-$$" CODEMATE_ALLOWED_REPOSITORIES=bench/intake \
  dotnet "$work/codemate/codemate.dll" serve --urls "http://127.0.0.1:$codemate_port" > "$intake/codemate.log" 2>&1 &
pids+=($!)
codemate_pid=$!
(cd "$work/peer" && GITHUB_WEBHOOK_SECRET="$secret" exec node server.mjs "$peer_port") > "$intake/peer.log" 2>&1 &
pids+=($!)
for attempt in $(seq 150); do
  kill -0 "$codemate_pid" 2>/dev/null || { echo "benchmarks: codemate serve exited; see $intake/codemate.log" >&2; tail -5 "$intake/codemate.log" >&2; exit 1; }
  curl -sf -m 1 "http://127.0.0.1:$codemate_port/health" >/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$peer_port") 2>/dev/null && break
  [ "$attempt" = 150 ] && { echo "benchmarks: servers did not start within 30 s" >&2; exit 1; }
  sleep 0.2
done

deliver() { # port event file -> "status body"
  curl -s -m 10 -w ' %{http_code}' -X POST "http://127.0.0.1:$1/webhook" -H 'Content-Type: application/json' \
    -H "X-GitHub-Event: $2" -H "X-GitHub-Delivery: check-$RANDOM$RANDOM" -H "X-Hub-Signature-256: $(sign "$3")" --data-binary @"$3"
}
check() { # what got expected
  if [[ $1 == $2 ]]; then echo "  ok: ${1:0:110}" >&2; else echo "benchmarks: expected $2, got: $1" >&2; exit 1; fi
}
log "checking that both servers parse the payloads"
check "$(deliver "$codemate_port" issues "$work/payloads/issues.edited.json")" '*"outcome":"ignored"* 200'
check "$(deliver "$codemate_port" issue_comment "$work/payloads/issue_comment.created.json")" '*"outcome":"accepted"* 202'
check "$(deliver "$peer_port" issues "$work/payloads/issues.edited.json")" '* 200'
check "$(deliver "$peer_port" issue_comment "$work/payloads/issue_comment.created.json")" '* 200'

load() { # name port event file seconds
  wrk -t"$threads" -c"$connections" -d"$5"s --latency -s "$here/webhook.lua" "http://127.0.0.1:$2/webhook" -- \
    "$4" "$3" "$(sign "$4")" "$1-$RANDOM$RANDOM" | grep '^RESULT'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/"; }   # one field of wrk's RESULT lines
# Each case alternates the two servers in $rounds rounds (Codemate first in odd rounds, the peer first in even ones)
# and reports each server's median round: on this shared machine a single run of either moves by 15% or more.
for case in ignored accepted; do
  if [ "$case" = ignored ]; then event=issues; file="$work/payloads/issues.edited.json"; else event=issue_comment; file="$work/payloads/issue_comment.created.json"; fi
  for server in codemate peer; do
    port=$codemate_port; [ "$server" = peer ] && port=$peer_port
    log "intake/$case/$server: ${warmup}s warm-up"
    load warmup "$port" "$event" "$file" "$warmup" >/dev/null
    : > "$intake/$case.$server.rounds"
  done
  for round in $(seq "$rounds"); do
    order="codemate peer"; (( round % 2 )) || order="peer codemate"
    for server in $order; do
      port=$codemate_port; [ "$server" = peer ] && port=$peer_port
      log "intake/$case/$server: round $round of $rounds, ${round_seconds}s measured"
      line=$(load "$case" "$port" "$event" "$file" "$round_seconds")
      echo "  $line" >&2
      echo "$line" >> "$intake/$case.$server.rounds"
    done
  done
  for server in codemate peer; do
    rounds_file="$intake/$case.$server.rounds"
    for metric in rps p50_ms p99_ms; do
      record "intake.$case.$server.$metric" "$(field "$metric" < "$rounds_file" | median)"
    done
    for metric in requests errors; do
      record "intake.$case.$server.$metric" "$(field "$metric" < "$rounds_file" | awk '{ n += $1 } END { print n }')"
    done
    record "intake.$case.$server.statuses" "$(field statuses < "$rounds_file" | tr ',' '\n' \
      | awk -F: '{ n[$1] += $2 } END { for (code in n) printf "%s%s:%d", (sep++ ? "," : ""), code, n[code] }')"
  done
  record "intake.$case.round_ratios" "$(paste -d' ' <(field rps < "$intake/$case.codemate.rounds") <(field rps < "$intake/$case.peer.rounds") \
    | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / $2 }')"
done
record intake.codemate.rss_kb "$(awk '/VmRSS/ {print $2}' "/proc/$codemate_pid/status")"
if command -v sqlite3 >/dev/null; then
  record intake.codemate.deliveries_recorded "$(sqlite3 "$intake/state.db" 'SELECT count(*) FROM deliveries')"
fi
cleanup; pids=()
: > "$BENCH_CLEANUP_FILE"

if [ "$postgres" = 1 ]; then
  # ---- 1b. Accepted intake with state in PostgreSQL: a throwaway local cluster with PostgreSQL's default durability
  # (fsync and synchronous commit on), the same codemate build, payloads and load as the SQLite run above; first one
  # replica, then two replicas on a fresh database of the same cluster, the load split across both.
  pg_start
  serve_pg one "$codemate_port" postgres "$intake/workspaces-pg" "codemate-bench-pg-$$" > "$intake/codemate-pg.log" 2>&1 &
  pids+=($!)
  wait_pg "$!" "$codemate_port" "$intake/codemate-pg.log"
  check "$(deliver "$codemate_port" issue_comment "$work/payloads/issue_comment.created.json")" '*"outcome":"accepted"* 202'
  log "intake/accepted/codemate on PostgreSQL: ${warmup}s warm-up, ${duration}s measured"
  load warmup "$codemate_port" issue_comment "$work/payloads/issue_comment.created.json" "$warmup" >/dev/null
  line=$(load accepted-pg "$codemate_port" issue_comment "$work/payloads/issue_comment.created.json" "$duration")
  echo "  $line" >&2
  for field in rps p50_ms p99_ms requests errors statuses; do
    record "intake.accepted.codemate_pg.$field" "$(sed -E "s/.* $field=([^ ]+).*/\1/" <<< "$line")"
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'

  # Two replicas, each with its own workspaces and tmux server as on two hosts. One wrk run with one thread per
  # replica (webhook.lua's BENCH_TARGETS) and the same 32 connections in all, so the latency percentiles are of all
  # requests together.
  "$(pg_bin)/psql" -h 127.0.0.1 -p "$postgres_port" -U postgres -qc 'CREATE DATABASE replicas' >/dev/null
  for replica in a b; do
    port=$codemate_port; [ "$replica" = b ] && port=$replica2_port
    serve_pg "$replica" "$port" replicas "$intake/workspaces-pg-$replica" "codemate-bench-pg-$replica-$$" > "$intake/codemate-pg-$replica.log" 2>&1 &
    pids+=($!)
    eval "replica_pid_$replica=$!"
  done
  wait_pg "$replica_pid_a" "$codemate_port" "$intake/codemate-pg-a.log"
  wait_pg "$replica_pid_b" "$replica2_port" "$intake/codemate-pg-b.log"
  for port in "$codemate_port" "$replica2_port"; do
    check "$(deliver "$port" issue_comment "$work/payloads/issue_comment.created.json")" '*"outcome":"accepted"* 202'
  done
  log "intake/accepted/codemate, two replicas on PostgreSQL: ${warmup}s warm-up, ${duration}s measured"
  export BENCH_TARGETS="127.0.0.1:$codemate_port 127.0.0.1:$replica2_port"
  threads_one=$threads; threads=2
  load warmup "$codemate_port" issue_comment "$work/payloads/issue_comment.created.json" "$warmup" >/dev/null
  line=$(load accepted-pg2 "$codemate_port" issue_comment "$work/payloads/issue_comment.created.json" "$duration")
  threads=$threads_one; unset BENCH_TARGETS
  echo "  $line" >&2
  for field in rps p50_ms p99_ms requests errors statuses; do
    record "intake.accepted.codemate_pg2.$field" "$(sed -E "s/.* $field=([^ ]+).*/\1/" <<< "$line")"
  done
  # Each replica's count of accepted deliveries (its /metrics): the load really was split across both.
  for replica in a b; do
    port=$codemate_port; [ "$replica" = b ] && port=$replica2_port
    accepted=$(curl -s -m 5 "http://127.0.0.1:$port/metrics" |
      awk '/^codemate_webhook_deliveries_total\{.*outcome="accepted"/ { sub(/^[^}]*\} /, ""); sum += $1 } END { print sum + 0 }')
    echo "  replica $replica accepted $accepted deliveries" >&2
    [ "$accepted" -gt 1 ] || { echo "benchmarks: replica $replica accepted no load; see $intake/codemate-pg-$replica.log" >&2; exit 1; }
    record "intake.accepted.codemate_pg2.$replica.accepted" "$accepted"
  done
  cleanup; pids=()
  : > "$BENCH_CLEANUP_FILE"
fi
fi

# ---- 2-4. Issue to prompt, footprint, comment latency ---------------------------------------------------
if want workspace; then
sync   # the intake run's database and deletions are written back now, not during the timed checkouts
log "issue to workspace: generating a $commits-commit / $files-file repository, clone vs worktree vs Codemate"
bench workspace "$work/workspace" "$results" "$commits" "$files" >&2
fi

if want prompt; then
sync
log "issue to prompt and comment latency: codemate serve, the scripted agent in tmux, $comments comments"
bench prompt "$work/prompt" "$results" "$work/codemate/codemate.dll" "$work/workspace/github/repos/bench/big.git" "$commits" "$files" "$comments" >&2
fi

if want footprint; then
log "footprint: codemate serve idle and with $sessions live sessions (agent: $footprint_agent)"
bench footprint "$work/footprint" "$results" "$work/codemate/codemate.dll" "$sessions" "$footprint_agent" "$here/idle-agent.sh" >&2
fi

if want takeover && [ "$postgres" = 1 ]; then
  # ---- 5. Takeover after kill -9: two replicas on one database, the scripted agent; the replica running the agent and
  # its tmux server are killed, and the other one's new agent for the issue is timed.
  pg_start
  log "takeover: two replicas, lease ${lease}s, $takeover_rounds round(s) of kill -9"
  bench takeover "$work/takeover" "$results" "$work/codemate/codemate.dll" "$(pg_url postgres)" "$lease" "$takeover_rounds" >&2
  cleanup
  : > "$BENCH_CLEANUP_FILE"
fi

record machine.load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
log "results"
if [ "$parts" = " intake workspace prompt footprint takeover " ]; then bench report "$results" "$here/results.md" "$root/README.md"
else bench report "$results" "$work/results.partial.md"; fi   # a partial run never overwrites the published table
