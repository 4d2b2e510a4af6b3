#!/usr/bin/env bash
# Runs the benchmarks against SQLite and a throwaway PostgreSQL with fsync and synchronous_commit
# on (durable, unlike the test cluster), and writes docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"; $sudo apt-get update -qq && $sudo apt-get install -y -qq postgresql >/dev/null; }
source infra/postgres/throwaway.sh durable
trap 'eval "$PG_THROWAWAY_STOP"' EXIT
dotnet run -c Release --project tests/Inbox.Benchmarks -- --postgres "$INBOX_TEST_PG;Max Auto Prepare=32" --out docs/performance.md "$@"
