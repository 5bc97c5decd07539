-- Comments on every object of the extension that the parts above leave without one: the event
-- trigger, the triggers, the row-level security policy, the sequences behind the id
-- columns, and each column of the tables and of the public composite type partition_action
-- (issue 12, item 8). sql/comments.sql checks that nothing is left uncommented.

COMMENT ON EVENT TRIGGER partman_ext_forget_dropped_sets IS
'partman_ext: on DROP TABLE of a registered parent, removes its partition set from part_config (forget_dropped_sets()); the data was dropped by the user, nothing else is touched.';
COMMENT ON TRIGGER part_config_schedule ON @extschema@.part_config IS
'partman_ext: a set registered or changed (and enabled) asks its maintenance jobs for a run (without moving their schedule) and wakes the scheduler (_part_config_changed()).';
COMMENT ON TRIGGER writes_total ON @extschema@.partition_activity_samples IS
'partman_ext: computes writes_total of each new sample from the partition''s previous sample (_activity_writes_total()).';
COMMENT ON SEQUENCE @extschema@.alert_state_alert_id_seq IS 'partman_ext: ids of alert_state.alert_id.';
COMMENT ON SEQUENCE @extschema@.job_job_id_seq IS 'partman_ext: ids of job.job_id (dumped with the jobs users added).';
COMMENT ON SEQUENCE @extschema@.job_run_run_id_seq IS 'partman_ext: ids of job_run.run_id.';
COMMENT ON SEQUENCE @extschema@.maintenance_log_log_id_seq IS 'partman_ext: ids of maintenance_log.log_id.';

COMMENT ON COLUMN @extschema@.part_config.parent_table IS 'The partitioned parent table of the set.';
COMMENT ON COLUMN @extschema@.part_config.control_column IS 'The partition key column (time, integer) or the bucket key column.';
COMMENT ON COLUMN @extschema@.part_config.strategy IS 'time, integer or bucket.';
COMMENT ON COLUMN @extschema@.part_config.partition_interval IS 'Width of one partition: an interval of whole months, days or hours (time sets) or a positive integer (integer sets); NULL for bucket sets.';
COMMENT ON COLUMN @extschema@.part_config.anchor IS 'First bound of slot 0, from which every partition bound is counted (the lowest partition adopted at registration, else 2000-01-01 / Monday 2000-01-03 / 0).';
COMMENT ON COLUMN @extschema@.part_config.premake IS 'Intervals that must exist after the current one (counted from now in time_zone, or from max(control) in integer sets).';
COMMENT ON COLUMN @extschema@.part_config.retention IS 'Partitions whose upper bound is at or before now - retention (interval; integer sets: max(control) - retention) are retired by retention_mode; NULL keeps everything.';
COMMENT ON COLUMN @extschema@.part_config.retention_mode IS 'What retention does: drop (DROP TABLE), detach (the table stays) or archive (detach and move to archive_schema).';
COMMENT ON COLUMN @extschema@.part_config.archive_schema IS 'Schema that retention_mode archive moves retired partitions into.';
COMMENT ON COLUMN @extschema@.part_config.default_partition IS 'Whether the set keeps a DEFAULT partition for rows no partition covers.';
COMMENT ON COLUMN @extschema@.part_config.time_zone IS 'Time zone whose local midnights bound day and month partitions, and in which "now" is read for premake and retention.';
COMMENT ON COLUMN @extschema@.part_config.lock_timeout IS 'lock_timeout of every DDL statement on the set; NULL: the setting partman_ext.lock_timeout.';
COMMENT ON COLUMN @extschema@.part_config.buckets IS 'Number of buckets (bucket sets); NULL otherwise.';
COMMENT ON COLUMN @extschema@.part_config.skew_warning IS '|skew factor| from which a bucket is reported WARNING (default 0.3).';
COMMENT ON COLUMN @extschema@.part_config.skew_rebalance IS '|skew factor| from which a bucket is reported REBALANCE_RECOMMENDED (default 0.4).';
COMMENT ON COLUMN @extschema@.part_config.skew_critical IS '|skew factor| from which a bucket is reported CRITICAL (default 0.5).';
COMMENT ON COLUMN @extschema@.part_config.max_partition_bytes IS 'Size in bytes above which a partition is reported TOO_LARGE (default 5 GiB).';
COMMENT ON COLUMN @extschema@.part_config.max_partition_rows IS 'Estimated rows above which a partition is reported TOO_MANY_ROWS (default 10 million).';
COMMENT ON COLUMN @extschema@.part_config.enabled IS 'Whether maintenance (run_partition_maintenance() for all sets, the scheduler) includes the set.';
COMMENT ON COLUMN @extschema@.part_config.created_at IS 'When the set was registered.';
COMMENT ON COLUMN @extschema@.part_config.updated_at IS 'When the set''s settings last changed.';

COMMENT ON COLUMN @extschema@.maintenance_log.log_id IS 'Row id, in the order actions were logged.';
COMMENT ON COLUMN @extschema@.maintenance_log.logged_at IS 'When the action was logged (clock_timestamp()).';
COMMENT ON COLUMN @extschema@.maintenance_log.operation IS 'What was done: create_partition, create_default, drop_partition, detach_partition, archive_partition, empty_default (rows moved out of the default partition), create_bucket_partitions, maintenance (a whole set failed or was skipped).';
COMMENT ON COLUMN @extschema@.maintenance_log.parent_table IS 'The set''s parent, schema-qualified, as the action named it (text: a history stays readable after tables are dropped; parent_relid is the regclass).';
COMMENT ON COLUMN @extschema@.maintenance_log.partition_name IS 'The partition acted on, schema-qualified; NULL for a whole set.';
COMMENT ON COLUMN @extschema@.maintenance_log.success IS 'true when the action was done; false when it failed or was skipped (lock timeout).';
COMMENT ON COLUMN @extschema@.maintenance_log.sqlstate IS 'SQLSTATE of the error when it failed or was skipped (55P03: lock timeout).';
COMMENT ON COLUMN @extschema@.maintenance_log.message IS 'The action taken, or the error.';
COMMENT ON COLUMN @extschema@.maintenance_log.rows_moved IS 'Rows moved out of the default partition by this action.';
COMMENT ON COLUMN @extschema@.maintenance_log.duration_ms IS 'How long the action took, in milliseconds.';
COMMENT ON COLUMN @extschema@.maintenance_log.run_by IS 'The session user that ran maintenance.';

COMMENT ON COLUMN @extschema@.job.job_id IS 'Job id.';
COMMENT ON COLUMN @extschema@.job.kind IS 'maintenance, analyze, vacuum, health or sampling.';
COMMENT ON COLUMN @extschema@.job.parent_table IS 'The set the job works on; NULL: every registered set.';
COMMENT ON COLUMN @extschema@.job.schedule_interval IS 'Time between runs; NULL: run once.';
COMMENT ON COLUMN @extschema@.job.next_run IS 'When the job is due next.';
COMMENT ON COLUMN @extschema@.job.enabled IS 'Whether the scheduler runs the job (pause_job() / resume_job()).';
COMMENT ON COLUMN @extschema@.job.max_runtime IS 'A run still going after this long is cancelled and recorded as cancelled.';
COMMENT ON COLUMN @extschema@.job.max_retries IS 'Retries after a failed run before waiting for the next scheduled time.';
COMMENT ON COLUMN @extschema@.job.retry_backoff IS 'Wait before the first retry; doubled for each further one.';
COMMENT ON COLUMN @extschema@.job.options IS 'Options of the job''s kind as a JSON object, e.g. vacuum: {"full": true, "analyze": true}.';
COMMENT ON COLUMN @extschema@.job.consecutive_failures IS 'Failed runs in a row; reset by a success or by enabling the job.';
COMMENT ON COLUMN @extschema@.job.requested IS 'Run again as soon as the current run ends (a set registered or changed during it).';
COMMENT ON COLUMN @extschema@.job.builtin IS 'One of the default jobs CREATE EXTENSION adds (not dumped: CREATE EXTENSION adds them again).';
COMMENT ON COLUMN @extschema@.job.created_by IS 'The role that added the job.';
COMMENT ON COLUMN @extschema@.job.created_at IS 'When the job was added.';

COMMENT ON COLUMN @extschema@.job_run.run_id IS 'Run id, in the order runs started.';
COMMENT ON COLUMN @extschema@.job_run.job_id IS 'The job that ran (the run stays when the job is removed).';
COMMENT ON COLUMN @extschema@.job_run.kind IS 'The job''s kind at the time of the run.';
COMMENT ON COLUMN @extschema@.job_run.parent_table IS 'The job''s set at the time of the run, schema-qualified (text, readable after the set is dropped; parent_relid is the regclass); NULL: every set.';
COMMENT ON COLUMN @extschema@.job_run.started_at IS 'When the run started.';
COMMENT ON COLUMN @extschema@.job_run.finished_at IS 'When the run ended; NULL while it runs.';
COMMENT ON COLUMN @extschema@.job_run.status IS 'running, succeeded, failed, cancelled or skipped.';
COMMENT ON COLUMN @extschema@.job_run.sqlstate IS 'SQLSTATE of the error when the run failed.';
COMMENT ON COLUMN @extschema@.job_run.message IS 'Summary of the run, or its error.';
COMMENT ON COLUMN @extschema@.job_run.items_done IS 'Partitions created / dropped / moved / analyzed / vacuumed, or alerts sent.';
COMMENT ON COLUMN @extschema@.job_run.attempt IS '1 for a scheduled run, 2.. for its retries.';
COMMENT ON COLUMN @extschema@.job_run.pid IS 'Process id of the scheduler that ran it.';
COMMENT ON COLUMN @extschema@.job_run.details IS 'Per-set details as a JSON array (set, partition, action; errors with SQLSTATE).';

COMMENT ON COLUMN @extschema@.alert_state.alert_id IS 'Alert id.';
COMMENT ON COLUMN @extschema@.alert_state.severity IS 'critical, warning or info.';
COMMENT ON COLUMN @extschema@.alert_state.code IS 'Stable alert code (docs/monitoring.md), e.g. ROWS_IN_DEFAULT, INSUFFICIENT_PREMAKE.';
COMMENT ON COLUMN @extschema@.alert_state.parent_table IS 'The set concerned, schema-qualified (text, readable after the set is dropped; parent_relid is the regclass); NULL for an alert about every set.';
COMMENT ON COLUMN @extschema@.alert_state.partition_name IS 'The partition concerned, schema-qualified, when there is one (text: a cleared alert may name a partition dropped since).';
COMMENT ON COLUMN @extschema@.alert_state.message IS 'What is wrong, in plain words.';
COMMENT ON COLUMN @extschema@.alert_state.recommendation IS 'What to do about it, often a statement to run.';
COMMENT ON COLUMN @extschema@.alert_state.raised_at IS 'When the health job first found the alert.';
COMMENT ON COLUMN @extschema@.alert_state.last_seen_at IS 'When the health job last found it still present.';
COMMENT ON COLUMN @extschema@.alert_state.cleared_at IS 'When the health job found it gone; NULL while it is open.';

COMMENT ON COLUMN @extschema@.partition_activity_samples.sampled_at IS 'When the sample was taken.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.parent_relid IS 'OID of the set''s parent.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.partition_relid IS 'OID of the partition (a top-level partition; sub-partitions are summed into it).';
COMMENT ON COLUMN @extschema@.partition_activity_samples.n_tup_ins IS 'Cumulative rows inserted (pg_stat_user_tables.n_tup_ins) at sampled_at.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.n_tup_upd IS 'Cumulative rows updated (pg_stat_user_tables.n_tup_upd) at sampled_at.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.n_tup_del IS 'Cumulative rows deleted (pg_stat_user_tables.n_tup_del) at sampled_at.';
COMMENT ON COLUMN @extschema@.partition_activity_samples.writes_total IS 'Writes since the partition''s first sample, counted across counter resets.';


COMMENT ON COLUMN @extschema@.partition_action.parent_table IS 'The set''s parent (regclass).';
COMMENT ON COLUMN @extschema@.partition_action.partition_name IS 'The partition, schema-qualified (text: a dry run names partitions that do not exist yet, a drop one that exists no more).';
COMMENT ON COLUMN @extschema@.partition_action.lower_bound IS 'Inclusive lower bound as the key type prints it.';
COMMENT ON COLUMN @extschema@.partition_action.upper_bound IS 'Exclusive upper bound as the key type prints it.';
COMMENT ON COLUMN @extschema@.partition_action.est_rows IS 'Catalog row estimate (pg_class.reltuples; NULL = never analyzed); for created partitions the rows moved into them.';
COMMENT ON COLUMN @extschema@.partition_action.bytes IS 'Retention rows: catalog size estimate, relpages x 8 kB of the table, its TOAST table and indexes.';
COMMENT ON COLUMN @extschema@.partition_action.rows_moved IS 'Rows moved out of the default partition by this action.';
COMMENT ON COLUMN @extschema@.partition_action.action IS 'created / would create / dropped / would drop / detached / would detach / archived / would archive / moved / would move / skipped / failed.';
COMMENT ON COLUMN @extschema@.partition_action.message IS 'Why it was skipped or failed (with SQLSTATE), or other detail.';
COMMENT ON COLUMN @extschema@.partition_action.sqlstate IS 'The five-character SQLSTATE of a step that was skipped or failed (55P03: lock timeout, will retry); NULL when the step succeeded or was skipped without an error (e.g. no default partition).';

-- The scheduler's columns and trigger of issue 8.
COMMENT ON COLUMN @extschema@.job.schedule IS 'Five-field cron schedule (pg_cron''s syntax, or an @macro), read on the wall clock of time_zone; NULL when the job has a schedule_interval or runs once.';
COMMENT ON COLUMN @extschema@.job.time_zone IS 'Time zone in which schedule and the day and month parts of schedule_interval are read (default UTC).';
COMMENT ON COLUMN @extschema@.job.retry_at IS 'When a failed run is retried (exponential backoff), before next_run; NULL when no retry is pending.';
COMMENT ON COLUMN @extschema@.job_run.reason IS 'Why the run happened: schedule (a regular run), requested (run_job(), a set registered or changed) or retry.';
COMMENT ON TRIGGER job_restore_builtin ON @extschema@.job IS 'partman_ext: on restore of a dump, a built-in job row replaces the one CREATE EXTENSION has just made (so changes to built-in jobs survive pg_dump / pg_restore).';

-- Issue 11: names, naming and health thresholds.
COMMENT ON COLUMN @extschema@.part_config.naming IS 'Template of the names of partitions the set creates (core tokens PARENT, YYYY, MM, DD, HH24, MI, LOWER; docs/reference.md, "Partition names"); NULL: the default <parent>_pYYYY_MM-style names. Registration takes it from the adopted partitions when they all follow one.';
COMMENT ON COLUMN @extschema@.part_config.max_monthly_growth IS 'Month-over-month growth in rows (a fraction) above which the set is reported HIGH_GROWTH (default 0.5: 50 %, seed 003).';
COMMENT ON COLUMN @extschema@.part_config.min_future_partitions IS 'Future partitions below which the set is reported INSUFFICIENT_PREMAKE; NULL (default): its premake (seed 003 warns below 2).';
COMMENT ON COLUMN @extschema@.maintenance_log.parent_relid IS 'The set''s parent as regclass (joins the monitoring views; prints as an OID once the table is dropped, when parent_table still names it).';
COMMENT ON COLUMN @extschema@.job_run.parent_relid IS 'The job''s set as regclass (prints as an OID once the table is dropped, when parent_table still names it); NULL: every set.';
COMMENT ON COLUMN @extschema@.alert_state.parent_relid IS 'The set concerned as regclass (prints as an OID once the table is dropped, when parent_table still names it).';
