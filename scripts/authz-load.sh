#!/usr/bin/env bash
# authz-load.sh — throughput and latency of `dockpol authz serve` beside the
# transport floor, measured in the same run with the shared tools
# (../shared/tools/authz-loadgen and authz-floor): 1 and 16 clients, the
# decision log on, and the policy reloaded (SIGHUP: a full recompile) every
# RELOAD seconds during the dockpol runs. Loopback unix sockets only; bounded by DURATION.
#
#   scripts/authz-load.sh            # DURATION=10s ROUNDS=1 RELOAD=2
#   DURATION=5s ROUNDS=3 RELOAD=0 scripts/authz-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${TOOLS:-../shared/tools}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-1}
RELOAD=${RELOAD:-2}   # seconds between SIGHUP reloads; 0: none
work=$(mktemp -d /tmp/dpload.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/dockpol" ./cmd/dockpol
(cd "$TOOLS/authz-loadgen" && go build -o "$work/loadgen" .)
(cd "$TOOLS/authz-floor" && go build -o "$work/floor" .)
body="$TOOLS/authz-loadgen/create.json"

mkdir -p "$work/policy"
cat > "$work/policy/team.rego" <<'REGO'
package team.load

deny contains msg if {
	input.request.path == "/never"
	msg := "never"
}
REGO

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
	"$work/floor" -sock "$work/floor.sock" & floor=$!
	while [ ! -S "$work/floor.sock" ]; do sleep 0.05; done
	for c in 1 16; do
		echo "== floor c=$c round $round"
		"$work/loadgen" -sock "$work/floor.sock" -c "$c" -d "$DURATION" -body "$body" -pid "$floor"
	done
	kill "$floor"; wait "$floor" 2>/dev/null || true

	"$work/dockpol" authz serve --socket "$work/dp.sock" --policy "$work/policy" \
		--decision-log "$work/decisions.jsonl" --watch-interval 0 --log-level warn 2>"$work/serve.log" & dp=$!
	while [ ! -S "$work/dp.sock" ]; do sleep 0.05; done
	touch "$work/reloading"
	if [ "$RELOAD" != 0 ]; then
		( while [ -e "$work/reloading" ]; do
			sleep "$RELOAD"
			[ -e "$work/reloading" ] && kill -HUP "$dp" 2>/dev/null
		done ) & reloader=$!
	fi
	for c in 1 16; do
		echo "== dockpol c=$c round $round (decision log on, SIGHUP reload every ${RELOAD}s)"
		"$work/loadgen" -sock "$work/dp.sock" -c "$c" -d "$DURATION" -body "$body" -pid "$dp"
	done
	rm -f "$work/reloading"
	kill -INT "$dp"; wait "$dp" || { echo "dockpol exited non-zero"; cat "$work/serve.log"; exit 1; }
	echo "decision log lines: $(wc -l < "$work/decisions.jsonl"), reload errors: $(grep -c 'reload failed' "$work/serve.log" || true)"
	rm -f "$work/decisions.jsonl"
done
