-- partman_ext 0.1.0 -> 0.2.0. Every change to SQL objects between the two releases, in the order
-- they were made; sets, jobs, log rows and alerts are kept. test/shell/upgrade.sh proves that the
-- result equals a fresh 0.2.0 install (docs/releasing.md).
\echo Use "ALTER EXTENSION partman_ext UPDATE TO '0.2.0'" to load this file. \quit

-- The product's clock (partman_ext.mock_now for tests); every "now" reads it.
CREATE FUNCTION @extschema@.clock()
RETURNS timestamptz LANGUAGE c STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'partman_clock';
COMMENT ON FUNCTION @extschema@.clock() IS
'partman_ext: the instant partman_ext takes as "now": the value of partman_ext.mock_now when a superuser has set it (tests), else now() (the start of the current transaction).';
ALTER TABLE @extschema@.job ALTER COLUMN next_run SET DEFAULT @extschema@.clock();

-- Issue 12 (packaging, peers): import_pg_partman() -- sql/install/60_import.sql
-- An interval as people write it ('1 month', '3 months', '7 days', '1 hour'); other intervals as
-- PostgreSQL prints them.
CREATE FUNCTION @extschema@._interval_words(iv interval)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    months integer := (extract(year FROM iv) * 12 + extract(month FROM iv))::integer;
    days integer := extract(day FROM iv)::integer;
    secs numeric := extract(epoch FROM iv - make_interval(months => months, days => days));
BEGIN
    IF months > 0 AND days = 0 AND secs = 0 THEN
        RETURN months || CASE WHEN months = 1 THEN ' month' ELSE ' months' END;
    ELSIF months = 0 AND days > 0 AND secs = 0 THEN
        RETURN days || CASE WHEN days = 1 THEN ' day' ELSE ' days' END;
    ELSIF months = 0 AND days = 0 AND secs > 0 AND secs % 3600 = 0 THEN
        RETURN (secs / 3600)::bigint || CASE WHEN secs = 3600 THEN ' hour' ELSE ' hours' END;
    END IF;
    RETURN iv::text;
END
$$;
COMMENT ON FUNCTION @extschema@._interval_words(interval) IS
'partman_ext internal: an interval of whole months, days or hours written as ''3 months'', ''7 days'', ''1 hour''; any other interval as PostgreSQL prints it.';

CREATE FUNCTION @extschema@.import_pg_partman(
    schema name DEFAULT 'partman',
    dry_run boolean DEFAULT false,
    time_zone text DEFAULT NULL)
RETURNS TABLE (parent_table text, control_column text, strategy text, partition_interval text,
               premake integer, retention text, retention_mode text, archive_schema name,
               default_partition boolean, enabled boolean, action text, not_mapped text[], message text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_variable
DECLARE
    cfg jsonb;
    subs text[] := '{}';
    rel regclass;
    key_type regtype;
    ptype text;
    tz text := coalesce(time_zone, current_setting('TimeZone'));
    tmpl regclass;
    n_idx integer;
    n_parts integer;
    err_state text;
    err_msg text;
    err_detail text;
    registered integer := 0;
BEGIN
    IF schema IS NULL OR dry_run IS NULL THEN
        RAISE EXCEPTION 'schema and dry_run must not be NULL'
              USING ERRCODE = 'null_value_not_allowed',
                    DETAIL = 'import_pg_partman() reads <schema>.part_config, the configuration table of pg_partman.',
                    HINT = 'Pass the schema pg_partman is installed in, e.g. import_pg_partman(''partman'').';
    END IF;
    IF to_regclass(format('%I.part_config', schema)) IS NULL THEN
        RAISE EXCEPTION 'there is no table %.part_config', quote_ident(schema)
              USING ERRCODE = 'undefined_table',
                    DETAIL = 'import_pg_partman() reads the configuration table of pg_partman 4.x or 5.x.',
                    HINT = 'Pass the schema pg_partman is installed in: SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = ''pg_partman'';';
    END IF;
    IF to_regclass(format('%I.part_config_sub', schema)) IS NOT NULL THEN
        EXECUTE format('SELECT coalesce(array_agg(sub_parent), ''{}'') FROM %I.part_config_sub', schema) INTO subs;
    END IF;

    FOR cfg IN EXECUTE format('SELECT to_jsonb(c) FROM %I.part_config c ORDER BY c.parent_table', schema) LOOP
        parent_table := cfg->>'parent_table';
        control_column := cfg->>'control';
        strategy := NULL; partition_interval := NULL; retention := NULL; retention_mode := NULL;
        archive_schema := NULL; default_partition := NULL; action := NULL; message := NULL;
        not_mapped := '{}';
        premake := (cfg->>'premake')::integer;
        enabled := coalesce(cfg->>'automatic_maintenance', 'on') <> 'off';
        ptype := cfg->>'partition_type';
        rel := to_regclass(parent_table);

        -- Sets partman_ext cannot take over: reported and left alone.
        IF rel IS NULL THEN
            action := 'skipped';
            message := 'the parent table does not exist';
        ELSIF ptype NOT IN ('native', 'range') THEN
            action := 'skipped';
            message := CASE ptype WHEN 'partman' THEN 'trigger-based (inheritance) partitioning: partman_ext manages declaratively partitioned (PARTITION BY RANGE) parents only'
                                  WHEN 'list' THEN 'LIST partitioning by single values: partman_ext manages RANGE time and integer sets (and bucket sets through create_bucket_partitions())'
                                  ELSE format('partition_type %s is not known', ptype) END;
        ELSIF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table p WHERE p.partrelid = rel AND p.partstrat = 'r') THEN
            action := 'skipped';
            message := 'the parent is not PARTITION BY RANGE';
        ELSIF coalesce(cfg->>'epoch', 'none') <> 'none' THEN
            action := 'skipped';
            message := format('epoch = %s: the control column holds times as numbers; partman_ext''s time sets need a timestamptz, timestamp or date column', cfg->>'epoch');
        ELSIF cfg->>'time_encoder' IS NOT NULL OR cfg->>'time_decoder' IS NOT NULL THEN
            action := 'skipped';
            message := 'time_encoder/time_decoder: the control column holds times in a custom encoding; partman_ext''s time sets need a timestamptz, timestamp or date column';
        ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = rel AND c.relispartition) THEN
            action := 'skipped';
            message := format('a sub-partition set of %s: partman_ext maintains the partitions of the top-level set as a whole',
                              (SELECT i.inhparent::regclass FROM pg_catalog.pg_inherits i WHERE i.inhrelid = rel));
        ELSIF EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = rel) THEN
            action := 'already registered';
            message := 'partman_ext manages this set already; its settings were not changed';
        END IF;

        IF action IS NULL THEN
            SELECT a.atttypid::regtype INTO key_type
              FROM pg_catalog.pg_attribute a WHERE a.attrelid = rel AND a.attname = control_column AND NOT a.attisdropped;
            IF key_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
                strategy := 'time';
                partition_interval := @extschema@._interval_words((cfg->>'partition_interval')::interval);
                retention := @extschema@._interval_words((cfg->>'retention')::interval);
            ELSE
                strategy := 'integer';
                partition_interval := cfg->>'partition_interval';
                retention := cfg->>'retention';
            END IF;
            IF cfg->>'retention_schema' IS NOT NULL THEN
                retention_mode := 'archive';
                archive_schema := cfg->>'retention_schema';
            ELSIF coalesce((cfg->>'retention_keep_table')::boolean, true) THEN
                retention_mode := 'detach';
            ELSE
                retention_mode := 'drop';
            END IF;
            -- pg_partman 5 says whether the set has a default partition; 4.x always made one.
            default_partition := CASE WHEN cfg ? 'default_table' THEN coalesce((cfg->>'default_table')::boolean, true)
                                      ELSE EXISTS (SELECT 1 FROM pg_catalog.pg_partitioned_table p
                                                    WHERE p.partrelid = rel AND p.partdefid <> 0) END;

            -- What pg_partman did that partman_ext does differently or not at all.
            IF retention IS NOT NULL AND retention_mode <> 'drop' AND NOT coalesce((cfg->>'retention_keep_index')::boolean, true) THEN
                not_mapped := not_mapped || 'retention_keep_index = false: partitions partman_ext detaches keep their indexes'::text;
            END IF;
            IF jsonb_typeof(cfg->'constraint_cols') = 'array' AND jsonb_array_length(cfg->'constraint_cols') > 0 THEN
                not_mapped := not_mapped || format('constraint_cols %s: partman_ext adds no constraints on other columns of older partitions', cfg->>'constraint_cols');
            END IF;
            tmpl := to_regclass(cfg->>'template_table');
            IF tmpl IS NOT NULL THEN
                SELECT count(*) INTO n_idx FROM pg_catalog.pg_index i WHERE i.indrelid = tmpl;
                IF n_idx > 0 THEN
                    not_mapped := not_mapped || format('template_table %s has %s index(es) that new partitions will not get: partman_ext takes indexes from the parent''s partitioned indexes', tmpl, n_idx);
                END IF;
            END IF;
            IF strategy = 'time' AND NOT coalesce((cfg->>'infinite_time_partitions')::boolean, false) THEN
                not_mapped := not_mapped || 'infinite_time_partitions = false: partman_ext keeps premake partitions ahead of now even while no new rows arrive'::text;
            END IF;
            IF jsonb_typeof(cfg->'publications') = 'array' THEN
                not_mapped := not_mapped || format('publications %s: partman_ext does not add new partitions to publications (publish the parent with publish_via_partition_root)', cfg->>'publications');
            END IF;
            IF cfg->>'subscription_refresh' IS NOT NULL THEN
                not_mapped := not_mapped || format('subscription_refresh %s: partman_ext does not refresh subscriptions', cfg->>'subscription_refresh');
            END IF;
            IF cfg->>'date_trunc_interval' IS NOT NULL THEN
                not_mapped := not_mapped || format('date_trunc_interval %s: partman_ext aligns new partitions to the existing bounds', cfg->>'date_trunc_interval');
            END IF;
            IF cfg->>'parent_table' = ANY (subs) THEN
                not_mapped := not_mapped || 'sub-partitioning (part_config_sub): partitions partman_ext creates are not sub-partitioned'::text;
            END IF;
            IF NOT enabled THEN
                not_mapped := not_mapped || 'automatic_maintenance = off: registered with enabled = false'::text;
            END IF;

            -- Register in a subtransaction: one set that fails never stops the others; a dry run
            -- registers too and rolls back, so it reports exactly what a real run would do.
            BEGIN
                IF strategy = 'time' THEN
                    PERFORM * FROM @extschema@.register_partition_set(
                        parent => rel, control => control_column, partition_interval => partition_interval,
                        premake => premake, retention => retention, retention_mode => retention_mode,
                        archive_schema => archive_schema, default_partition => default_partition, time_zone => tz);
                ELSE
                    PERFORM * FROM @extschema@.register_partition_set(
                        parent => rel, control => control_column, partition_interval => partition_interval,
                        premake => premake, retention => retention, retention_mode => retention_mode,
                        archive_schema => archive_schema, default_partition => default_partition);
                END IF;
                IF NOT enabled THEN
                    PERFORM * FROM @extschema@.update_partition_set(parent => rel, enabled => false);
                END IF;
                SELECT count(*) INTO n_parts FROM pg_catalog.pg_inherits i WHERE i.inhparent = rel;
                message := format('%s partition(s) adopted from the catalog%s', n_parts,
                                  CASE WHEN strategy = 'time' THEN ', bounds in time zone ' || tz ELSE '' END);
                IF dry_run THEN
                    RAISE EXCEPTION USING ERRCODE = 'PMXDR', MESSAGE = message;
                END IF;
                action := 'registered';
                registered := registered + 1;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_msg = MESSAGE_TEXT, err_detail = PG_EXCEPTION_DETAIL;
                IF err_state = 'PMXDR' THEN
                    action := 'would register';
                    message := err_msg;
                ELSE
                    action := CASE WHEN dry_run THEN 'would fail' ELSE 'failed' END;
                    message := format('[%s] %s%s', err_state, err_msg, coalesce(' ' || nullif(err_detail, ''), ''));
                END IF;
            END;
        END IF;
        RETURN NEXT;
    END LOOP;

    IF registered > 0 THEN
        RAISE NOTICE '% set(s) registered; pg_partman still maintains them too', registered
              USING HINT = format('Turn its maintenance off: UPDATE %I.part_config SET automatic_maintenance = ''off''; (docs/migrating-from-pg_partman.md)', schema);
    END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.import_pg_partman(name, boolean, text) IS
'partman_ext: registers every native RANGE set of pg_partman 4.x/5.x (<schema>.part_config) with register_partition_set(): interval, premake, retention, retention_keep_table (detach, else drop) / retention_schema (archive), default partition, automatic_maintenance off (enabled = false); time sets take their bounds in time_zone (default: the session''s TimeZone, as pg_partman did). One row per pg_partman set: the settings mapped, action (registered / would register / already registered / skipped / failed / would fail), what could not be mapped (not_mapped) and why a set was skipped or failed. Each set registers in its own subtransaction; dry_run => true registers and rolls back. pg_partman''s configuration is not changed. Errors: 22004 NULL schema, 42P01 no part_config in schema.';

-- Issue 12 (packaging): comments on the schema, the event trigger, triggers, policy, sequences and
-- every table column -- sql/install/90_comments.sql
COMMENT ON SCHEMA @extschema@ IS
'partman_ext: partition sets managed from inside PostgreSQL: registration, premake, retention, default-partition relocation, routing, skew, monitoring views, health alerts and the scheduler''s jobs. Start with README.md and docs/reference.md.';
COMMENT ON EVENT TRIGGER partman_ext_forget_dropped_sets IS
'partman_ext: on DROP TABLE of a registered parent, removes its partition set from part_config (forget_dropped_sets()); the data was dropped by the user, nothing else is touched.';
COMMENT ON TRIGGER part_config_schedule ON @extschema@.part_config IS
'partman_ext: a set registered or changed (and enabled) makes its maintenance jobs due now and wakes the scheduler (_part_config_changed()).';
COMMENT ON TRIGGER writes_total ON @extschema@.partition_activity_samples IS
'partman_ext: computes writes_total of each new sample from the partition''s previous sample (_activity_writes_total()).';
COMMENT ON POLICY key_statistics_readers ON @extschema@.key_statistics IS
'partman_ext: a role sees the heavy keys of a set only when it may SELECT the set''s parent table.';
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
COMMENT ON COLUMN @extschema@.maintenance_log.parent_table IS 'The set''s parent, as the action named it.';
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
COMMENT ON COLUMN @extschema@.job_run.parent_table IS 'The job''s set at the time of the run; NULL: every set.';
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
COMMENT ON COLUMN @extschema@.alert_state.parent_table IS 'The set concerned; NULL for an alert about every set.';
COMMENT ON COLUMN @extschema@.alert_state.partition_name IS 'The partition concerned, when there is one.';
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

COMMENT ON COLUMN @extschema@.key_statistics.parent_table IS 'The bucket set.';
COMMENT ON COLUMN @extschema@.key_statistics.key_value IS 'The key as text; NULL for a NULL key.';
COMMENT ON COLUMN @extschema@.key_statistics.partition_name IS 'Top-level partition of the set holding the key.';
COMMENT ON COLUMN @extschema@.key_statistics.row_count IS 'Rows with this key: exact, or sampled rows / sampling fraction.';
COMMENT ON COLUMN @extschema@.key_statistics.share IS 'Share of all rows of the set.';
COMMENT ON COLUMN @extschema@.key_statistics.partition_share IS 'Share of the rows of its partition.';
COMMENT ON COLUMN @extschema@.key_statistics.rank IS '1 = the heaviest key of its partition.';
COMMENT ON COLUMN @extschema@.key_statistics.sampled IS 'false: an exact GROUP BY over the whole set; true: a TABLESAMPLE BERNOULLI sample.';
COMMENT ON COLUMN @extschema@.key_statistics.sample_percent IS 'TABLESAMPLE BERNOULLI percentage; NULL when exact.';
COMMENT ON COLUMN @extschema@.key_statistics.rows_examined IS 'Rows counted (the sample size when sampled).';
COMMENT ON COLUMN @extschema@.key_statistics.error_bound IS '95% half-width of share, 1.96 * sqrt(p (1 - p) / n); 0 when exact.';
COMMENT ON COLUMN @extschema@.key_statistics.refreshed_at IS 'When refresh_key_statistics() computed the row.';

COMMENT ON COLUMN @extschema@.partition_action.parent_table IS 'The set''s parent, schema-qualified.';
COMMENT ON COLUMN @extschema@.partition_action.partition_name IS 'The partition, schema-qualified.';
COMMENT ON COLUMN @extschema@.partition_action.lower_bound IS 'Inclusive lower bound as the key type prints it.';
COMMENT ON COLUMN @extschema@.partition_action.upper_bound IS 'Exclusive upper bound as the key type prints it.';
COMMENT ON COLUMN @extschema@.partition_action.est_rows IS 'Catalog row estimate (pg_class.reltuples; NULL = never analyzed); for created partitions the rows moved into them.';
COMMENT ON COLUMN @extschema@.partition_action.bytes IS 'Retention rows: catalog size estimate, relpages x 8 kB of the table, its TOAST table and indexes.';
COMMENT ON COLUMN @extschema@.partition_action.rows_moved IS 'Rows moved out of the default partition by this action.';
COMMENT ON COLUMN @extschema@.partition_action.action IS 'created / would create / dropped / would drop / detached / would detach / archived / would archive / moved / would move / skipped / failed.';
COMMENT ON COLUMN @extschema@.partition_action.message IS 'Why it was skipped or failed (with SQLSTATE), or other detail.';
