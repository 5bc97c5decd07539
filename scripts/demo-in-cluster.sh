#!/usr/bin/env bash
# Called by scripts/demo.sh inside pg_virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
createdb pagila
export PGDATABASE=pagila
echo "== loading pagila's payment table (test/data/pagila, MIT licence): 16,049 rows, monthly partitions 2022-01 .. 2022-07"
psql -X -q -v ON_ERROR_STOP=1 -f test/data/pagila/payment.sql >/dev/null
psql -X -v ON_ERROR_STOP=1 -f scripts/demo.sql
