-- What the demo shows (scripts/demo.sh).
\pset footer off
SET search_path = public;
CREATE EXTENSION partman_ext;
\echo
\echo == payment before: partitions from the catalog
SELECT partition_name, lower_bound, upper_bound, est_rows, bytes FROM partman_ext.list_partitions('payment');
SELECT count(*) AS payment_rows FROM payment \gset
\echo payment rows: :payment_rows
\echo
\echo == the built-in maintenance job runs hourly; for the demo its next regular run is 20 s from now
SELECT job_id, kind, next_run - now() AS next_run_in
  FROM partman_ext.alter_job((SELECT job_id FROM partman_ext.jobs WHERE kind = 'maintenance' AND parent_table IS NULL),
                             next_run => now() + interval '20 seconds');
\echo
\echo == register payment: monthly, premake 4, retention 36 months, retention mode detach
SELECT * FROM partman_ext.register_partition_set('payment', 'payment_date', '1 month',
    premake => 4, retention => '36 months', retention_mode => 'detach');
\echo == the partitions exist now; retention removes nothing before the next regular maintenance run
\echo == (the NOTICE above says what it will detach, and when); until then:
SELECT partition_name, action, message FROM partman_ext.run_partition_maintenance('payment', true)
 WHERE action = 'retention pending' ORDER BY lower_bound::timestamptz LIMIT 3;
\echo
\echo == no manual call: the partman_ext scheduler (background worker, tick 1 s) maintains the set.
\echo == waiting for the regular maintenance run (reason 'schedule') and the health check after it ...
DO $$ BEGIN FOR i IN 1..240 LOOP
  EXIT WHEN EXISTS (SELECT 1 FROM partman_ext.job_runs m
      JOIN partman_ext.job_runs h ON h.kind = 'health' AND h.status <> 'running' AND h.started_at >= m.finished_at
     WHERE m.kind = 'maintenance' AND m.status <> 'running' AND m.reason = 'schedule'
       AND m.started_at >= (SELECT created_at FROM partman_ext.part_config WHERE parent_table = 'payment'::regclass));
  PERFORM pg_sleep(0.5); END LOOP; END $$;
\echo
\echo == job history (partman_ext.job_runs)
SELECT run_id, job_id, kind, reason, status, items_done, round(extract(epoch FROM duration) * 1000, 1) AS ms, sqlstate, message
  FROM partman_ext.job_runs ORDER BY run_id;
\echo
\echo == what the maintenance runs did, per set and action
SELECT d->>'set' AS partition_set, d->>'action' AS action, count(*) AS partitions
  FROM partman_ext.job_runs r, jsonb_array_elements(r.details) d WHERE r.kind = 'maintenance' GROUP BY 1, 2 ORDER BY 1, 2;
\echo
\echo == scheduled jobs (partman_ext.jobs)
SELECT job_id, kind, coalesce(parent_table::text, 'all sets') AS covers, schedule_interval, last_status FROM partman_ext.jobs ORDER BY job_id;
\echo
\echo == partitions now
SELECT partition_name, lower_bound, upper_bound, est_rows, bytes, status, retention_at FROM partman_ext.list_partitions('payment');
\echo
\echo == summary
SELECT (SELECT count(*) FROM partman_ext.list_partitions('payment') WHERE NOT is_default) AS partitions,
       (SELECT count(*) FROM partman_ext.list_partitions('payment') WHERE status = 'future') AS future_partitions,
       (SELECT count(*) FROM partman_ext.list_partitions('payment') WHERE status = 'beyond retention') AS beyond_retention,
       (SELECT retention_not_before FROM partman_ext.part_config WHERE parent_table = 'payment'::regclass) AS retention_acts_from,
       (SELECT count(*) FROM pg_class WHERE relname LIKE 'payment_p2022%' AND relkind = 'r' AND NOT relispartition) AS detached_tables_kept;
-- Every row is still in a table: the set, plus the tables retention detached (none before it acts).
SELECT :payment_rows AS rows_before,
       (SELECT count(*) FROM payment)
       + coalesce((SELECT sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %s', c.oid::regclass),
                                                                 false, true, '')))[1]::text::bigint)
                     FROM pg_class c WHERE c.relname LIKE 'payment_p2022%' AND c.relkind = 'r' AND NOT c.relispartition), 0)
         AS rows_after_exact;
\echo
\echo == maintenance log
SELECT operation, count(*) AS actions, bool_and(success) AS all_succeeded, round(sum(duration_ms)::numeric, 1) AS total_ms
  FROM partman_ext.maintenance_log GROUP BY operation ORDER BY operation;
\echo
\echo == health: partition_health_summary (one row per set)
SELECT * FROM partman_ext.partition_health_summary;
\echo
\echo == alerts raised by the health job (partman_ext.alerts; also sent with NOTIFY partman_ext_alerts)
SELECT state, severity, code, parent_table, partition_name, message FROM partman_ext.alerts ORDER BY alert_id;
\echo
\echo == check_partition_health()
SELECT severity, code, parent_table, partition_name, message FROM partman_ext.check_partition_health();
\echo
\echo == v_partition_sizes (largest first)
SELECT * FROM partman_ext.v_partition_sizes ORDER BY size_mb DESC, start_date LIMIT 10;
