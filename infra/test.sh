#!/usr/bin/env bash
# Runs every test. Installs what the tests need where it is missing (Chromium and PostgreSQL,
# from Debian's packages), starts a throwaway PostgreSQL unless INBOX_TEST_PG is set, and ends
# with the line "N passed, N failed, N skipped". In CI (CI=true) a skipped test fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing ${need[*]}…"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null || exit 1
fi

if [ -z "${INBOX_TEST_PG:-}" ]; then
  source infra/postgres/throwaway.sh || exit 1
  trap 'eval "$PG_THROWAWAY_STOP"' EXIT
fi

dotnet build Inbox.sln -nologo -v q || exit 1
log=$(mktemp)
dotnet test Inbox.sln --no-build -nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

read -r passed failed skipped < <(awk '/Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
  for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
} END { printf "%d %d %d\n", p, f, s }' "$log")
rm -f "$log"
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
  echo "CI runs every test: $skipped were skipped."
  rc=1
fi
[ "$passed" -gt 0 ] || rc=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
