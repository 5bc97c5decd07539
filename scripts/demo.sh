#!/usr/bin/env bash
# The main job: build and install partman_ext, start a throw-away PostgreSQL 15 cluster with the
# extension preloaded, load real data (pagila's payment table, shipped in test/data/pagila),
# register payment as a monthly partition set
# (premake 4, retention 36 months, mode detach), run maintenance, and print what it did.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
echo "== build and install"
make -s -j"$(nproc)" >/dev/null
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
$sudo make -s install >/dev/null
chmod a+rx "$PWD" 2>/dev/null || true
port=$((5500 + RANDOM % 3000))
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$((5500 + RANDOM % 3000)); done
exec pg_virtualenv -t -c "-p $port" \
  -o "shared_preload_libraries=partman_ext" \
  -o "partman_ext.naptime=1" \
  -o "lc_messages=C" \
  bash "$PWD/scripts/demo-in-cluster.sh"
