#!/usr/bin/env bash
# Builds everything and runs every test; prints a one-line summary at the end.
set -euo pipefail
cd "$(dirname "$0")"
results="$(mktemp -d)"
status=0
dotnet build Codemate.sln -c Release --nologo -v quiet || exit 1
dotnet test Codemate.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$c")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
