#!/usr/bin/env bash
# partman_ext benchmark suite: ONE command, `bash test/bench/run.sh` (see docs/benchmarks.md).
# Builds partman_ext, installs it into test/bench/.stage (extension_destdir, like scripts/test.sh),
# makes sure Debian's postgresql-15-partman is installed (the peer), starts a throw-away cluster
# (pg_virtualenv -t, random loopback port, shared_preload_libraries=partman_ext, pg_partman's
# background worker NOT loaded) and runs every case in test/bench/in-cluster.sh.
# Results: printed and written to test/bench/results/latest.txt (and a time-stamped copy).
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/../.." && pwd)
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
libdir=$($PG_CONFIG --pkglibdir)
sharedir=$($PG_CONFIG --sharedir)

echo "== peer: pg_partman (postgresql-15-partman)"
if [ ! -f "$sharedir/extension/pg_partman.control" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql-15-partman >/dev/null
  else
    echo "pg_partman is missing and we are not root: the peer columns will say NOT AVAILABLE" >&2
  fi
fi
dpkg-query -W -f='${Package} ${Version}\n' postgresql-15-partman 2>/dev/null || true

echo "== valgrind (the create_ir case counts instructions with it)"
if ! command -v valgrind >/dev/null && [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends valgrind >/dev/null || true
fi
command -v valgrind >/dev/null || echo "valgrind is missing: the create_ir case will say NOT AVAILABLE" >&2

echo "== build (make -j2) and stage into $bench/.stage"
make -s -C "$root" -j2 PG_CONFIG="$PG_CONFIG" >/dev/null
rm -rf "$bench/.stage"
make -s -C "$root" install DESTDIR="$bench/.stage" PG_CONFIG="$PG_CONFIG" >/dev/null
chmod -R a+rX "$bench/.stage"
# The server runs as postgres: it must read the staged files and the generated scripts.
for d in "$root" "$root/test" "$bench"; do chmod a+rx "$d" 2>/dev/null || true; done

mkdir -p "$bench/results"
export BENCH_RESULTS=${BENCH_RESULTS:-$bench/results/latest.txt}
export BENCH_REPEAT=${BENCH_REPEAT:-3}

port=${BENCH_PORT:-}
while [ -z "$port" ] || ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((5500 + RANDOM % 3000)); done

# The benchmark database is paused (partman_ext.pause_scheduler, in-cluster.sh), so that the
# scheduler's jobs do not run in the middle of a timed case (BENCH_WORKER=on to keep it running).
# max_locks_per_transaction: one maintenance pass over 200 sets (4,200 tables) locks them all in
# one transaction, for partman_ext and pg_partman alike; the default (64) is too small for that.
pg_virtualenv -t -c "-p $port" \
  -o "listen_addresses=localhost" \
  -o "extension_destdir=$bench/.stage" \
  -o "dynamic_library_path=$bench/.stage$libdir:$libdir" \
  -o "shared_preload_libraries=partman_ext" \
  -o "max_worker_processes=16" \
  -o "max_locks_per_transaction=512" \
  -o "timezone=UTC" \
  -o "lc_messages=C" \
  bash "$bench/in-cluster.sh"
cp "$BENCH_RESULTS" "$bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "== results written to $BENCH_RESULTS"
