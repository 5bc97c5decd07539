#!/usr/bin/env bash
# Configuration survives pg_dump / restore: part_config is an extension configuration table, so
# the registered sets (with their settings and anchors) come back in the restored database and
# maintenance there has nothing to do. Jobs come back too, the built-in ones with their changes
# (schedule, time zone, retries), not as CREATE EXTENSION makes them afresh.
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
SELECT count(*) FROM partman_ext.alter_job(1, schedule => '0 3 * * *', time_zone => 'Europe/London', max_retries => 7);
SELECT count(*) FROM partman_ext.alter_job(3, schedule_interval => '10 minutes', enabled => false);
SELECT count(*) FROM partman_ext.add_job('analyze', '"Odd Schema".events', schedule => '30 4 * * sun', time_zone => 'America/New_York');
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
q="SELECT job_id, kind, parent_table, schedule, schedule_interval, time_zone, max_retries, enabled, builtin
   FROM partman_ext.job ORDER BY job_id"
a=$(psql -X -At -d "$src" -c "$q")
b=$(psql -X -At -d "$dst" -c "$q")
if [ "$a" != "$b" ]; then echo "jobs differ after restore:"; echo "$a"; echo "---"; echo "$b"; exit 1; fi
echo "$b" | grep -q '^1|maintenance||0 3 \* \* \*||Europe/London|7|t|t$' || { echo "built-in job 1 lost its changes: $b"; exit 1; }
rows=$(psql -X -At -d "$dst" -c 'SELECT count(*) FROM "Odd Schema".events')
[ "$rows" = 100 ] || { echo "expected 100 rows after restore, got $rows"; exit 1; }
todo=$(psql -X -At -d "$dst" -c "SELECT count(*) FROM partman_ext.run_partition_maintenance(NULL, true)")
[ "$todo" = 0 ] || { echo "maintenance in the restored database plans $todo actions, expected none"; exit 1; }
echo "ok: configuration, jobs (built-in ones with their changes), rows and partitions survive pg_dump/pg_restore"
dropdb "$src"; dropdb "$dst"
