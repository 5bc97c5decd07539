#!/usr/bin/env bash
# Figures for docs/citus.md, measured on the two-node cluster of test/citus/cluster.sh (a
# coordinator and one worker on this machine; 32 shards per distributed table). Each figure is
# also taken for the same work on a plain local set on the coordinator. Not a test: it prints a
# table of milliseconds.
#
#   bash test/citus/bench.sh            # starts the cluster (if needed) in ./.citus-bench, leaves it running
#   CITUS_CLUSTER_DIR=... bash test/citus/bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export CITUS_CLUSTER_DIR=${CITUS_CLUSTER_DIR:-$PWD/.citus-bench}
rows=${BENCH_ROWS:-100000}
eval "$(bash test/citus/cluster.sh start)"
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS partman_ext;
SELECT count(*) FROM (SELECT partman_ext.pause_job(job_id) FROM partman_ext.jobs) p \g /dev/null
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
SET search_path = bench, public;
CREATE TABLE tenant (id int PRIMARY KEY);
SELECT create_reference_table('tenant') \g /dev/null
INSERT INTO tenant SELECT generate_series(1, 100);
-- d: distributed; f: distributed with a foreign key to a reference table; l: local
CREATE TABLE d (id bigint NOT NULL, tenant_id int NOT NULL, at timestamptz NOT NULL, v text) PARTITION BY RANGE (at);
CREATE TABLE f (id bigint NOT NULL, tenant_id int NOT NULL REFERENCES tenant (id), at timestamptz NOT NULL, v text)
    PARTITION BY RANGE (at);
CREATE TABLE l (LIKE d) PARTITION BY RANGE (at);
SELECT create_distributed_table('d', 'id') \g /dev/null
SELECT create_distributed_table('f', 'id') \g /dev/null
-- registered disabled: registration creates nothing, the timed create_future_partitions does
SELECT 1 FROM partman_ext.register_partition_set('d', 'at', '1 month', premake => 1, enabled => false) \g /dev/null
SELECT 1 FROM partman_ext.register_partition_set('f', 'at', '1 month', premake => 1, enabled => false) \g /dev/null
SELECT 1 FROM partman_ext.register_partition_set('l', 'at', '1 month', premake => 1, enabled => false) \g /dev/null

SET citus.enable_ddl_propagation = off;
CREATE FUNCTION pg_temp.ms(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN round(extract(epoch FROM clock_timestamp() - t)::numeric * 1000);
END $$;
RESET citus.enable_ddl_propagation;
CREATE TEMP TABLE fig (what text, local_ms numeric, citus_ms numeric, citus_fk_ms numeric);
-- 1. premake: 37 monthly partitions (now .. now + 36) (each distributed: 32 shards on the worker)
INSERT INTO fig SELECT 'create_future_partitions, 37 partitions',
       pg_temp.ms($$SELECT * FROM partman_ext.create_future_partitions('bench.l', 36)$$),
       pg_temp.ms($$SELECT * FROM partman_ext.create_future_partitions('bench.d', 36)$$),
       pg_temp.ms($$SELECT * FROM partman_ext.create_future_partitions('bench.f', 36)$$);
-- 2. relocation: rows of a month beyond premake wait in the default partition (enabled, the sets'
-- maintenance creates it; nothing else is left to create)
SELECT count(*) FROM unnest(ARRAY['bench.d', 'bench.f', 'bench.l']) t(s),
       LATERAL partman_ext.update_partition_set(t.s::regclass, enabled => true) u \g /dev/null
SELECT count(*) FROM unnest(ARRAY['bench.d', 'bench.f', 'bench.l']) t(s),
       LATERAL partman_ext.run_partition_maintenance(t.s::regclass, false) m \g /dev/null
INSERT INTO d SELECT g, g % 100 + 1, timestamptz '2029-08-01' + (g % 2600000) * interval '1 second', repeat('x', 40) FROM generate_series(1, :rows) g;
INSERT INTO f SELECT * FROM d;
INSERT INTO l SELECT * FROM d;
INSERT INTO fig SELECT 'relocation: ' || :rows || ' rows out of the default (premake 39)',
       pg_temp.ms($$SELECT * FROM partman_ext.create_future_partitions('bench.l', 39)$$),
       pg_temp.ms($$SELECT * FROM partman_ext.create_future_partitions('bench.d', 39)$$),
       pg_temp.ms($$SELECT * FROM partman_ext.create_future_partitions('bench.f', 39)$$);
ANALYZE d, f, l;
-- 3. monitoring over the 41 partitions of one set (1,312 shards)
INSERT INTO fig SELECT 'list_partitions', pg_temp.ms($$SELECT * FROM partman_ext.list_partitions('bench.l')$$),
       pg_temp.ms($$SELECT * FROM partman_ext.list_partitions('bench.d')$$),
       pg_temp.ms($$SELECT * FROM partman_ext.list_partitions('bench.f')$$);
INSERT INTO fig SELECT 'per-partition figures of one set (_partitions, behind every view)',
       pg_temp.ms($$SELECT * FROM partman_ext._partitions('bench.l')$$),
       pg_temp.ms($$SELECT * FROM partman_ext._partitions('bench.d')$$),
       pg_temp.ms($$SELECT * FROM partman_ext._partitions('bench.f')$$);
INSERT INTO fig SELECT 'partition_stats, all three sets', NULL, pg_temp.ms($$SELECT * FROM partman_ext.partition_stats$$), NULL;
INSERT INTO fig SELECT 'partition_health_summary, all three sets', NULL, pg_temp.ms($$SELECT * FROM partman_ext.partition_health_summary$$), NULL;
INSERT INTO fig SELECT '_citus_stats of one set''s partitions', NULL,
       pg_temp.ms($$SELECT * FROM partman_ext._citus_stats(ARRAY(SELECT inhrelid FROM pg_inherits WHERE inhparent = 'bench.d'::regclass))$$), NULL;
INSERT INTO fig SELECT 'citus_total_relation_size of each partition', NULL,
       pg_temp.ms($$SELECT sum(citus_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'bench.d'::regclass$$), NULL;
\pset footer off
SELECT what, local_ms, citus_ms, citus_fk_ms FROM fig;
SELECT (SELECT count(*) FROM d) AS d_rows, (SELECT count(*) FROM f) AS f_rows, (SELECT count(*) FROM l) AS l_rows,
       (SELECT count(*) FROM pg_inherits WHERE inhparent = 'bench.d'::regclass) AS d_partitions;
SQL
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores)"
