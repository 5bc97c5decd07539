-- Advice before conversion (issue 10 item 5; docs/data-movement.md): which plain tables are worth
-- partitioning, by which column, interval and premake, and the partition_table(...) call that does
-- it. Figures come from the catalog and the statistics views (no table scan unless exact => true
-- and an index leads with the column); the interval/premake math is src/core/advice.cpp.

CREATE FUNCTION @extschema@._advice_plan(key text, lo float8, hi float8, now float8, rows float8, bytes float8,
                                         target_bytes float8, rows_per_day float8)
RETURNS TABLE (strategy text, partition_interval text, premake integer, partitions bigint,
               bytes_per_partition bigint, rows_per_partition bigint, worth boolean, reasons text[])
LANGUAGE c IMMUTABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_advice_plan';
COMMENT ON FUNCTION @extschema@._advice_plan(text, float8, float8, float8, float8, float8, float8, float8) IS
'partman_ext internal: the recommendation of partitioning_advice() for one candidate control column (key time, date or integer; lo, hi, now: seconds since 1970 for time keys, values for integer keys; rows; bytes; target_bytes per partition; rows_per_day of growth): strategy, partition_interval (NULL when none can be chosen), premake, partitions covering the values present, bytes and rows per partition, worth (at least two partitions of about target_bytes), reasons in plain words.';

CREATE FUNCTION @extschema@._advice_blockers(source regclass, control name)
RETURNS text[]
LANGUAGE c STABLE CALLED ON NULL INPUT AS 'MODULE_PATHNAME', 'partman_advice_blockers';
COMMENT ON FUNCTION @extschema@._advice_blockers(regclass, name) IS
'partman_ext internal: what stops partition_table(source, control, ...) (read from the catalog, the same checks partition_table makes); empty when nothing does.';

CREATE FUNCTION @extschema@.partitioning_advice(
    schema_name name DEFAULT NULL,
    min_bytes bigint DEFAULT 1073741824,
    target_partition_bytes bigint DEFAULT 268435456,
    exact boolean DEFAULT false,
    all_candidates boolean DEFAULT false)
RETURNS TABLE (table_name regclass, total_bytes bigint, size text, rows_estimated bigint, rows_inserted bigint,
               rows_deleted bigint, stats_since timestamptz, rows_per_day bigint, growth_source text,
               candidate_rank integer, control name, control_type text, indexed boolean, control_default text,
               lowest_value text, highest_value text, range_source text, where_calls bigint, strategy text,
               partition_interval text, premake integer, partitions bigint, rows_per_partition bigint,
               bytes_per_partition bigint, verdict text, reasons text[], call text)
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
    c record;
    p record;
    pss name;
    pss_queries text[];
    pss_calls bigint[];
    since timestamptz;
    now_s float8 := extract(epoch FROM @extschema@.clock());
    lo_t text; hi_t text; lo_n float8; hi_n float8; src text;
    kind text; numexpr text; finite text;
    rank integer;
    table_rx text; col_rx text;
    why text[];
    blockers text[];
    growth float8; growth_src text;
    weak boolean;
BEGIN
    IF min_bytes IS NULL OR target_partition_bytes IS NULL OR exact IS NULL OR all_candidates IS NULL THEN
        RAISE EXCEPTION 'min_bytes, target_partition_bytes, exact and all_candidates must not be NULL'
            USING ERRCODE = '22004', DETAIL = 'Only schema_name may be NULL (every schema).',
                  HINT = 'Leave an argument out to use its default.';
    END IF;
    IF min_bytes < 0 THEN
        RAISE EXCEPTION 'min_bytes must be zero or positive' USING ERRCODE = '22023',
            DETAIL = format('Got %s. Tables smaller than min_bytes (total size, bytes) are not listed.', min_bytes),
            HINT = 'Pass min_bytes => 0 to list every plain table.';
    END IF;
    IF target_partition_bytes <= 0 THEN
        RAISE EXCEPTION 'target_partition_bytes must be positive' USING ERRCODE = '22023',
            DETAIL = format('Got %s. It is the size (bytes) the recommended interval aims at for one partition.', target_partition_bytes),
            HINT = 'Leave it out for 256 MB, or pass e.g. 1073741824 for 1 GB.';
    END IF;
    IF schema_name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = schema_name) THEN
        RAISE EXCEPTION 'schema "%" does not exist', schema_name USING ERRCODE = '3F000',
            DETAIL = 'partitioning_advice(schema_name) lists the plain tables of that schema.',
            HINT = 'Pass an existing schema name, or NULL for every schema.';
    END IF;

    -- pg_stat_statements, when installed and loaded: the texts of this database's queries.
    SELECT n.nspname INTO pss FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF pss IS NOT NULL THEN
        BEGIN
            EXECUTE format('SELECT array_agg(s.query), array_agg(s.calls) FROM %I.pg_stat_statements s'
                           ' WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())', pss)
               INTO pss_queries, pss_calls;
            pss_queries := coalesce(pss_queries, '{}');
            pss_calls := coalesce(pss_calls, '{}');
        EXCEPTION WHEN OTHERS THEN
            pss_queries := NULL;  -- installed but not loaded (shared_preload_libraries), or not readable
        END;
    END IF;
    SELECT d.stats_reset INTO since FROM pg_stat_database d WHERE d.datname = current_database();

    FOR t IN
        SELECT cl.oid, n.nspname, cl.relname, pg_total_relation_size(cl.oid) AS bytes,
               CASE WHEN cl.reltuples >= 0 THEN cl.reltuples::bigint END AS reltuples,
               s.n_tup_ins, s.n_tup_del,
               -- being converted (partition_table): it carries the trigger that mirrors its writes
               -- (read from the catalog: data_movement is not readable by every caller)
               EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = cl.oid
                          AND tg.tgfoid = '@extschema@._sync_row()'::regprocedure) AS converting
          FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
          LEFT JOIN pg_stat_user_tables s ON s.relid = cl.oid
         WHERE cl.relkind = 'r' AND NOT cl.relispartition AND cl.relpersistence <> 't'
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
           AND (schema_name IS NULL OR n.nspname = schema_name)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = cl.oid
                             AND d.deptype = 'e')
           AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = cl.oid)
           AND pg_total_relation_size(cl.oid) >= min_bytes
         ORDER BY 4 DESC, n.nspname, cl.relname
    LOOP
        table_name := t.oid;
        total_bytes := t.bytes;
        size := pg_size_pretty(t.bytes);
        rows_estimated := t.reltuples;
        rows_inserted := t.n_tup_ins;
        rows_deleted := t.n_tup_del;
        stats_since := since;
        table_rx := '\m' || regexp_replace(t.relname, '([^[:alnum:]_])', '\\\1', 'g') || '\M';
        rank := 0;
        -- Candidates, scored: an index leading with the column, a default of now() or a sequence,
        -- queries filtering on it, values in the order rows arrive, a time column over an integer one.
        FOR c IN
            WITH cand AS (
                SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS typ,
                       CASE WHEN a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype) THEN 'time'
                            WHEN a.atttypid = 'date'::regtype THEN 'date' ELSE 'integer' END AS kind,
                       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = t.oid AND i.indkey[0] = a.attnum) AS idx,
                       pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity <> '' AS ident,
                       st.histogram_bounds::text AS hist, st.most_common_vals::text AS mcv, st.correlation,
                       CASE WHEN pss_queries IS NOT NULL THEN
                           (SELECT coalesce(sum(q.calls), 0)::bigint FROM unnest(pss_queries, pss_calls) q(query, calls)
                             WHERE q.query ~* table_rx
                               AND q.query ~* ('\mwhere\M.*\m' || regexp_replace(a.attname, '([^[:alnum:]_])', '\\\1', 'g') || '\M'))
                       END AS wc
                  FROM pg_attribute a
                  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  LEFT JOIN pg_stats st ON st.schemaname = t.nspname AND st.tablename = t.relname
                                       AND st.attname = a.attname AND NOT st.inherited
                 WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   AND a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype,
                                      'int2'::regtype, 'int4'::regtype, 'int8'::regtype))
            , scored AS (
                SELECT cand.*,
                       coalesce(cand.kind <> 'integer' AND cand.def ~* '\m(now|clock_timestamp|current_timestamp|statement_timestamp|transaction_timestamp|localtimestamp|current_date|clock)\M', false) AS def_now,
                       coalesce(cand.kind = 'integer' AND (cand.ident OR cand.def ~* '\mnextval\M'), false) AS def_seq
                  FROM cand)
            SELECT * FROM scored
             ORDER BY (CASE WHEN scored.idx THEN 2 ELSE 0 END + CASE WHEN scored.def_now OR scored.def_seq THEN 2 ELSE 0 END
                       + CASE WHEN scored.wc > 0 THEN 1 ELSE 0 END
                       + CASE WHEN abs(scored.correlation) >= 0.9 THEN 1 ELSE 0 END
                       + CASE WHEN scored.kind <> 'integer' THEN 1 ELSE 0 END) DESC,
                      scored.wc DESC NULLS LAST, scored.attnum
        LOOP
            rank := rank + 1;
            EXIT WHEN rank > 1 AND NOT all_candidates;
            candidate_rank := rank;
            control := c.attname;
            control_type := c.typ;
            indexed := c.idx;
            control_default := CASE WHEN c.ident THEN 'identity' ELSE c.def END;
            where_calls := c.wc;
            why := '{}';
            IF c.idx THEN why := array_append(why, format('an index leads with %I', c.attname)); END IF;
            IF c.def_now THEN why := array_append(why, 'its default is the current time: rows arrive in its order'); END IF;
            IF c.def_seq THEN why := array_append(why, 'filled by a sequence: rows arrive in its order'); END IF;
            IF c.wc > 0 THEN why := array_append(why, format('%s call%s in pg_stat_statements filter on it in a WHERE', c.wc, CASE WHEN c.wc = 1 THEN '' ELSE 's' END)); END IF;
            IF abs(c.correlation) >= 0.9 THEN
                why := array_append(why, format('its values follow the physical order of the rows (correlation %s, pg_stats)',
                                                round(c.correlation::numeric, 2)));
            END IF;
            -- Value range: the statistics (histogram bounds and most common values), or the index.
            kind := c.kind;
            finite := CASE WHEN kind = 'integer' THEN 'true' ELSE 'isfinite(v)' END;
            numexpr := CASE WHEN kind = 'integer' THEN '%s::float8' ELSE 'extract(epoch FROM %s)::float8' END;
            lo_t := NULL; hi_t := NULL; lo_n := NULL; hi_n := NULL; src := NULL;
            IF exact AND c.idx AND has_column_privilege(t.oid, c.attnum, 'SELECT') THEN
                EXECUTE format('SELECT l::text, h::text, ' || format(numexpr, 'l') || ', ' || format(numexpr, 'h') ||
                               ' FROM (SELECT (SELECT %1$I FROM ONLY %2$s WHERE %1$I IS NOT NULL AND %3$s ORDER BY %1$I LIMIT 1) AS l,'
                               ' (SELECT %1$I FROM ONLY %2$s WHERE %1$I IS NOT NULL AND %3$s ORDER BY %1$I DESC LIMIT 1) AS h) r',
                               c.attname, t.oid::regclass, replace(finite, '(v)', format('(%I)', c.attname)))
                   INTO lo_t, hi_t, lo_n, hi_n;
                src := format('min and max read through the index on %I (exact)', c.attname);
            ELSIF c.hist IS NOT NULL OR c.mcv IS NOT NULL THEN
                EXECUTE format('SELECT min(v)::text, max(v)::text, ' || format(numexpr, 'min(v)') || ', ' || format(numexpr, 'max(v)') ||
                               ' FROM (SELECT unnest(%1$L::%2$s[]) AS v UNION ALL SELECT unnest(%3$L::%2$s[])) x WHERE %4$s',
                               coalesce(c.hist, '{}'), c.typ, coalesce(c.mcv, '{}'), finite)
                   INTO lo_t, hi_t, lo_n, hi_n;
                src := 'pg_stats (histogram bounds and most common values of the last ANALYZE)';
                IF exact THEN src := src || '; exact => true needs an index leading with the column and SELECT on it'; END IF;
            ELSE
                src := 'none: no statistics (run ANALYZE, or no SELECT privilege on the column)';
            END IF;
            lowest_value := lo_t;
            highest_value := hi_t;
            range_source := src;
            -- Growth: the statistics counters since their reset, else rows over the time range.
            growth := NULL; growth_src := NULL;
            IF since IS NOT NULL AND t.n_tup_ins IS NOT NULL AND now_s > extract(epoch FROM since) THEN
                growth := (t.n_tup_ins - t.n_tup_del) / ((now_s - extract(epoch FROM since)) / 86400);
                growth_src := 'pg_stat_user_tables (n_tup_ins - n_tup_del) since pg_stat_database.stats_reset';
            ELSIF kind <> 'integer' AND hi_n > lo_n AND t.reltuples IS NOT NULL THEN
                growth := t.reltuples / ((hi_n - lo_n) / 86400);
                growth_src := format('reltuples over the range of %I (statistics; counters were never reset)', c.attname);
            END IF;
            rows_per_day := round(growth)::bigint;
            growth_source := growth_src;
            SELECT * INTO p FROM @extschema@._advice_plan(kind, lo_n, hi_n, CASE WHEN kind <> 'integer' THEN now_s END,
                                                          t.reltuples, t.bytes, target_partition_bytes, growth);
            strategy := p.strategy;
            partition_interval := p.partition_interval;
            premake := p.premake;
            partitions := CASE WHEN p.partition_interval IS NOT NULL THEN p.partitions END;
            rows_per_partition := CASE WHEN p.partition_interval IS NOT NULL THEN p.rows_per_partition END;
            bytes_per_partition := CASE WHEN p.partition_interval IS NOT NULL THEN p.bytes_per_partition END;
            blockers := @extschema@._advice_blockers(t.oid, c.attname);
            weak := NOT (c.idx OR c.def_now OR c.def_seq OR coalesce(c.wc, 0) > 0 OR coalesce(abs(c.correlation), 0) >= 0.9);
            IF weak THEN
                why := array_append(why, format('a weak candidate: no index leads with it, its default is neither now() nor a sequence, '
                                                'no query is known to filter on it, and its values do not follow the order rows '
                                                'arrive in (correlation %s): ranges of it would not match how rows are written or read',
                                                coalesce(round(c.correlation::numeric, 2)::text, 'unknown')));
            END IF;
            reasons := why || p.reasons || blockers;
            verdict := CASE WHEN t.converting THEN 'converting'
                            WHEN cardinality(blockers) > 0 THEN 'blocked'
                            WHEN p.partition_interval IS NULL OR lo_n IS NULL THEN 'no statistics'
                            WHEN weak THEN 'weak candidate'
                            WHEN p.worth THEN 'recommended'
                            ELSE 'not worth it' END;
            IF t.converting THEN reasons := array_append(reasons, 'a conversion of it is in progress (partman_ext.progress)'); END IF;
            call := CASE WHEN p.partition_interval IS NOT NULL THEN
                format('SELECT * FROM @extschema@.partition_table(%L, %L, %L, premake => %s);',
                       format('%I.%I', t.nspname, t.relname), c.attname, p.partition_interval, p.premake) END;
            RETURN NEXT;
        END LOOP;
        IF rank = 0 THEN
            candidate_rank := NULL; control := NULL; control_type := NULL; indexed := NULL; control_default := NULL;
            lowest_value := NULL; highest_value := NULL; range_source := NULL; where_calls := NULL;
            rows_per_day := NULL; growth_source := NULL;
            strategy := NULL; partition_interval := NULL; premake := NULL; partitions := NULL;
            rows_per_partition := NULL; bytes_per_partition := NULL; call := NULL;
            verdict := 'no candidate column';
            reasons := ARRAY['no timestamptz, timestamp, date, smallint, integer or bigint column to partition by'];
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.partitioning_advice(name, bigint, bigint, boolean, boolean) IS
'partman_ext: plain tables worth partitioning (of schema_name, or every schema; at least min_bytes total bytes, 0 lists all), one row per table with its best candidate control column (all_candidates => true: one per candidate, candidate_rank 1 is the best): size (pg_total_relation_size), rows_estimated (pg_class.reltuples, an estimate, NULL before the first ANALYZE), rows_inserted/rows_deleted (pg_stat_user_tables since stats_since, pg_stat_database.stats_reset), rows_per_day and where it comes from, the column (timestamptz, timestamp, date, smallint, integer, bigint; preferring an index, a default of now() or a sequence, queries filtering on it, values in row order), its lowest and highest value (pg_stats, no table scan; exact => true reads them through an index leading with the column), where_calls (calls in pg_stat_statements whose text filters on it in a WHERE; NULL when pg_stat_statements is not installed and loaded), the strategy, partition_interval and premake it recommends (partitions of about target_partition_bytes, at most 1000), verdict (recommended, not worth it, weak candidate, blocked, no statistics, no candidate column, converting), reasons in plain words, and the partition_table(...) call that carries it out. Changes nothing. Errors: 22004, 22023, 3F000.';
