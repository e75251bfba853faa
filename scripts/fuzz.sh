#!/usr/bin/env bash
# fuzz.sh — run every fuzz target of the module for FUZZTIME each (make fuzz).
#
# A crasher is written to the package's testdata/fuzz/ and fails the run:
# fix it and keep it as a regression seed. One failure is not the target's:
# Go's fuzzing coordinator (before Go 1.27, go.dev/issue/75804) can report
# its own -fuzztime deadline as "context deadline exceeded" when a worker is
# mid-input as time runs out, having found nothing and written no input.
# Only that failure is run again, at most twice.
#
#   FUZZTIME=15s FUZZMINIMIZE=5s scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-15s}
FUZZMINIMIZE=${FUZZMINIMIZE:-5s}

files=$(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go')
pkgs=$(grep -l '^func Fuzz' $files | xargs -n1 dirname | sort -u)
[ -n "$pkgs" ] || { echo "no fuzz targets found"; exit 1; }
for pkg in $pkgs; do
	for t in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$pkg"/*_test.go | sed 's/^func //'); do
		for try in 1 2 3; do
			echo "== ./$pkg $t"
			if out=$("$GO" test -run '^$' -fuzz "^$t\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZE" "./$pkg" 2>&1); then
				printf '%s\n' "$out"
				break
			fi
			printf '%s\n' "$out"
			if [ "$try" -lt 3 ] && grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written to' <<<"$out"; then
				echo "== ./$pkg $t: the fuzzing coordinator's own deadline (go.dev/issue/75804), no failing input: again"
				continue
			fi
			exit 1
		done
	done
done
