#!/usr/bin/env bash
# The test command: setup (idempotent), build, run every test project of the solution, print the total.
# Last line: "N passed, M failed[, K skipped]". Exits non-zero on any failure or build error.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export FLUENCE_COMPONENTS_DIR="${FLUENCE_COMPONENTS_DIR:-$ROOT/.components}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash eng/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

log="$(mktemp)"
dotnet build Fluence.Kernel.sln -c Release 2>&1 | tee "$log" | grep -E "error|Warn|Elapsed" | sort -u | tail -40
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Fluence.Kernel.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project summaries that follow each "Total tests: N" line ("     Passed: N", "     Failed: N", "    Skipped: N").
read -r passed failed skipped < <(awk '
  /^[[:space:]]*Passed:[[:space:]]*[0-9]+[[:space:]]*$/  { p += $2 }
  /^[[:space:]]*Failed:[[:space:]]*[0-9]+[[:space:]]*$/  { f += $2 }
  /^[[:space:]]*Skipped:[[:space:]]*[0-9]+[[:space:]]*$/ { s += $2 }
  END { print p+0, f+0, s+0 }' "$log")
projects=$(grep -cE "^[[:space:]]*Total tests:" "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # a test host crashed or a project did not report
fi
if [ "$projects" -eq 0 ]; then
  echo "no test project reported results"
  failed=$((failed + 1))
fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
