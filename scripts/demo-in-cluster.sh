#!/usr/bin/env bash
# Called by scripts/demo.sh inside pg_virtualenv.
set -euo pipefail
cd "$(dirname "$0")/.."
createdb pagila
export PGDATABASE=pagila
data=../shared/datasets/pagila
if [ -f "$data/pagila-schema.sql" ] && [ -f "$data/pagila-data.sql" ]; then
  echo "== loading the pagila sample database from $data"
  psql -X -q -v ON_ERROR_STOP=1 -f "$data/pagila-schema.sql" >/dev/null 2>&1
  psql -X -q -v ON_ERROR_STOP=1 -f "$data/pagila-data.sql" >/dev/null 2>&1
else
  echo "== $data not found: generating a payment table of the same shape (16,049 rows, monthly partitions 2022-01 .. 2022-07)"
  psql -X -q -v ON_ERROR_STOP=1 -f scripts/demo-generate.sql
fi
psql -X -v ON_ERROR_STOP=1 -f scripts/demo.sql
