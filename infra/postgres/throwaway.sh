#!/usr/bin/env bash
# Source this: starts a throwaway PostgreSQL on 127.0.0.1 for tests, exports INBOX_TEST_PG and
# PG_THROWAWAY_STOP (a command that stops and deletes it). Test settings only: fsync is off.
# Pass "durable" as $1 for a cluster with fsync and synchronous_commit on (benchmarks).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; return 1; }

pg_port=55432
while (echo > /dev/tcp/127.0.0.1/$pg_port) 2>/dev/null; do pg_port=$((pg_port + 1)); done

pg_dir=$(mktemp -d /tmp/inbox-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$pg_dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

pg_settings="-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=200"
if [ "${1:-}" = durable ]; then
  pg_settings="$pg_settings -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
else
  pg_settings="$pg_settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "$pg_settings" start >/dev/null
as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "create database inbox_test" >/dev/null

export INBOX_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=inbox_test"
export PG_THROWAWAY_STOP="$( [ "$(id -u)" = 0 ] && echo 'runuser -u postgres --' ) $pg_bin/pg_ctl -D $pg_dir/data stop -m fast >/dev/null; rm -rf $pg_dir"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (${1:-test settings})"
