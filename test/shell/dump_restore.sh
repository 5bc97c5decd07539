#!/usr/bin/env bash
# Configuration survives pg_dump / restore: part_config is an extension configuration table, so
# the registered sets (with their settings and anchors) come back in the restored database and
# maintenance there has nothing to do.
set -euo pipefail
src=partman_dump_src
dst=partman_dump_dst
dropdb --if-exists "$src"; dropdb --if-exists "$dst"
createdb "$src"
psql -X -q -v ON_ERROR_STOP=1 -d "$src" <<'SQL'
CREATE EXTENSION partman_ext;
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema".events (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT count(*) FROM partman_ext.register_partition_set('"Odd Schema".events', 'ts', '1 day', premake => 3,
    retention => '30 days', retention_mode => 'detach', time_zone => 'Europe/Berlin', lock_timeout => '750ms');
SELECT count(*) FROM partman_ext.run_partition_maintenance(NULL, false);
INSERT INTO "Odd Schema".events SELECT g, now() - g * interval '1 minute' FROM generate_series(1, 100) g;
SQL
pg_dump -Fc -d "$src" -f /tmp/partman_dump_$$.dump
createdb "$dst"
pg_restore -d "$dst" /tmp/partman_dump_$$.dump
rm -f /tmp/partman_dump_$$.dump
q="SELECT parent_table, control_column, strategy, partition_interval, anchor, premake, retention, retention_mode,
          default_partition, time_zone, lock_timeout FROM partman_ext.part_config ORDER BY 1"
a=$(psql -X -At -d "$src" -c "$q")
b=$(psql -X -At -d "$dst" -c "$q")
[ -n "$a" ] || { echo "no configuration in the source database"; exit 1; }
if [ "$a" != "$b" ]; then echo "configuration differs after restore:"; echo "$a"; echo "---"; echo "$b"; exit 1; fi
rows=$(psql -X -At -d "$dst" -c 'SELECT count(*) FROM "Odd Schema".events')
[ "$rows" = 100 ] || { echo "expected 100 rows after restore, got $rows"; exit 1; }
todo=$(psql -X -At -d "$dst" -c "SELECT count(*) FROM partman_ext.run_partition_maintenance(NULL, true)")
[ "$todo" = 0 ] || { echo "maintenance in the restored database plans $todo actions, expected none"; exit 1; }
echo "ok: configuration, rows and partitions survive pg_dump/pg_restore"
dropdb "$src"; dropdb "$dst"
