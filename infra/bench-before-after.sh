#!/usr/bin/env bash
# Measures a change side by side in one run: builds BASELINE (a commit) in a worktree of its own beside
# the working tree, then runs each benchmark section for the baseline and for the working tree in turn
# (fresh processes, same machine, same minutes) and writes both to one Markdown file.
# Without --postgres it starts a throwaway PostgreSQL with fsync and synchronous_commit on, as infra/bench.sh does.
#   infra/bench-before-after.sh <baseline-commit> [--out docs/performance.md] [--quick] [--postgres "<cs>"] [--sections "calls memory writes inbound lists"]
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?"usage: infra/bench-before-after.sh <baseline-commit> [--out FILE] [--quick] [--postgres CS] [--sections LIST]"}; shift
out=docs/performance.md; sections="calls memory writes inbound lists"; pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --sections) sections=$2; shift 2 ;;
    --quick) pass+=(--quick); shift ;;
    --postgres) pass+=(--postgres "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

own_pg_stop=""
if ! printf '%s\n' "${pass[@]}" | grep -qx -- --postgres; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"; $sudo apt-get update -qq && $sudo apt-get install -y -qq postgresql >/dev/null; }
  source infra/postgres/throwaway.sh durable
  own_pg_stop=$PG_THROWAWAY_STOP
  pass+=(--postgres "$INBOX_TEST_PG;Max Auto Prepare=32")
fi

before_commit=$(git rev-parse --short "$baseline")
after_commit=$(git rev-parse --short HEAD)$( [ -n "$(git status --porcelain)" ] && echo "+changes" || true)
tree=$(mktemp -d /tmp/inbox-baseline.XXXXXX)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"; [ -n "${own_pg_stop:-}" ] && eval "$own_pg_stop"' EXIT
git worktree add --detach "$tree" "$baseline" >/dev/null
echo "Building the baseline $before_commit and the working tree $after_commit (Release)…"
dotnet build -c Release -nologo -v q "$tree/tests/Inbox.Benchmarks" >/dev/null
dotnet build -c Release -nologo -v q tests/Inbox.Benchmarks >/dev/null
before_dll="$tree/tests/Inbox.Benchmarks/bin/Release/net10.0/Inbox.Benchmarks.dll"
after_dll="$PWD/tests/Inbox.Benchmarks/bin/Release/net10.0/Inbox.Benchmarks.dll"

body=$(mktemp)
{
  echo "# Performance: before and after"
  echo
  echo "Written by \`infra/bench-before-after.sh $baseline\`: each section ran for the baseline, then for the change, each in a fresh process, one after the other in one run."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "- Before: \`$before_commit\`; after: \`$after_commit\`"
} > "$out.tmp"
for section in $sections; do
  for side in before after; do
    dll=$before_dll; [ $side = after ] && dll=$after_dll
    echo "  $section: $side"
    (cd "$( [ $side = before ] && echo "$tree" || echo "$PWD")" && dotnet "$dll" --only "$section" --body "$body" "${pass[@]}" >/dev/null)
    { echo; echo "## $section — $side (\`$( [ $side = before ] && echo "$before_commit" || echo "$after_commit")\`)"; echo; sed 's/^## /### /' "$body"; } >> "$out.tmp"
  done
done
rm -f "$body"
mv "$out.tmp" "$out"
echo "Wrote $out"
