-- Coming from pg_partman (issue 12, item 7; docs/migrating-from-pg_partman.md): register every
-- native partition set of a pg_partman 4.x/5.x part_config through register_partition_set().

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
