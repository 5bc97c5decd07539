-- partition_report(): the whole picture in one call (issue 4, item 8; docs/monitoring.md).
-- The document is built once as jsonb; the text form is rendered from it.

CREATE FUNCTION @extschema@._report_document(parent regclass, top integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
    part jsonb;
    -- The health model's inputs and alerts, read once: the sets and the alerts agree.
    overview @extschema@._overview_row[] := ARRAY(SELECT o FROM @extschema@._health_overview(parent) o);
    alert_rows @extschema@._alert_row[] := ARRAY(SELECT a FROM @extschema@._health_alerts(parent, overview) a);
BEGIN
    doc := jsonb_build_object(
        'generated_at', @extschema@.clock(),
        'parent_table', parent,
        'sets', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.parent_table::text), '[]')
                   FROM @extschema@._health_summary(parent, overview, alert_rows) s),
        'alerts', (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY @extschema@._severity_rank(a.severity),
                                             a.parent_table::text NULLS FIRST, a.code, a.partition_name::text), '[]')
                     FROM unnest(alert_rows) a),
        -- v_partition_sizes' columns, from the same inputs (a default partition probed empty has 0 rows)
        'sizes', (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.bytes DESC, v.partition_name::text), '[]')
                    FROM (SELECT o.partition_name, o.lower_time AS start_date, o.upper_time AS end_date,
                                 o.est_rows AS row_count, round(o.total_bytes / 1048576.0, 2) AS size_mb,
                                 o.parent_table, o.total_bytes AS bytes
                            FROM unnest(overview) o
                           ORDER BY o.total_bytes DESC, o.partition_name::text LIMIT top) v),
        'hot_spots', (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.writes_hour DESC, h.writes_day DESC, h.partition_name::text), '[]')
                        FROM (SELECT * FROM @extschema@.partition_hot_spots z
                               WHERE (parent IS NULL OR z.parent_table = parent) AND z.writes_week > 0
                               ORDER BY z.writes_hour DESC, z.writes_day DESC, z.partition_name::text LIMIT top) h),
        'writes_per_hour', (SELECT coalesce(jsonb_agg(jsonb_build_object('hour', w.hour, 'writes', w.writes) ORDER BY w.hour), '[]')
                              FROM (SELECT z.hour, sum(z.writes)::bigint AS writes
                                      FROM @extschema@.partition_writes_per_hour(parent, 24) z GROUP BY z.hour) w));

    -- Every bucket of the bucket sets (analyze_partition_skew, catalog estimates; a set locked by
    -- another session is left out), and those whose skew status is a deviation.
    part := (SELECT coalesce(jsonb_agg(jsonb_build_object(
                        'parent_table', k.parent_table, 'partition_name', k.partition_name, 'row_count', k.row_count,
                        'share', k.share, 'expected_share', k.expected_share, 'skew_factor', k.skew_factor,
                        'z_score', k.z_score, 'status', k.status)
                    ORDER BY k.parent_table::text, k.ordinality), '[]')
               FROM @extschema@.part_config c
              CROSS JOIN LATERAL @extschema@.analyze_partition_skew(c.parent_table, false) WITH ORDINALITY k
              WHERE c.strategy = 'bucket' AND (parent IS NULL OR c.parent_table = parent)
                AND @extschema@._lockable(c.parent_table::oid));
    doc := doc || jsonb_build_object('buckets', part, 'skew',
        (SELECT coalesce(jsonb_agg(e - 'row_count' ORDER BY abs((e ->> 'skew_factor')::float8) DESC NULLS LAST, e ->> 'partition_name'), '[]')
           FROM jsonb_array_elements(part) e
          WHERE e ->> 'status' NOT IN ('HEALTHY', 'INSUFFICIENT_DATA')));

    -- The bucket helpers' relations, when installed.
    part := '[]';
    IF to_regclass('@extschema@.partition_distribution') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.parent_table::text), ''[]'')
                   FROM @extschema@.partition_distribution d WHERE $1 IS NULL OR d.parent_table = $1'
           INTO part USING parent;
    END IF;
    doc := doc || jsonb_build_object('distribution', part);
    part := '[]';
    IF to_regclass('@extschema@.key_statistics') IS NOT NULL THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(k)), ''[]'') FROM (SELECT * FROM @extschema@.key_statistics k %s LIMIT %s) k',
                       CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                          WHERE a.attrelid = to_regclass('@extschema@.key_statistics')
                                            AND a.attname = 'row_count' AND NOT a.attisdropped)
                            THEN 'ORDER BY k.row_count DESC' ELSE '' END, top)
           INTO part;
    END IF;
    RETURN doc || jsonb_build_object('heavy_keys', part);
END
$$;
COMMENT ON FUNCTION @extschema@._report_document(regclass, integer) IS
'partman_ext internal: the partition_report() document (sets, alerts, distribution, buckets, sizes, hot spots, writes per hour, skew, heavy keys) as jsonb.';

-- One line per element of a jsonb array, through a format with the named keys.
CREATE FUNCTION @extschema@._report_lines(items jsonb, title text, fmt text, VARIADIC keys text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT E'\n== ' || title || E' ==\n' ||
           coalesce(string_agg(format(fmt, VARIADIC ARRAY(SELECT coalesce(i.e ->> k, 'unknown') FROM unnest(keys) k)),
                               E'\n' ORDER BY i.n),
                    '(none)')
      FROM jsonb_array_elements(coalesce(items, '[]')) WITH ORDINALITY i(e, n)
$$;
COMMENT ON FUNCTION @extschema@._report_lines(jsonb, text, text, text[]) IS
'partman_ext internal: a titled section of the text report, one formatted line per array element.';

CREATE FUNCTION @extschema@._bar(value double precision, scale double precision, width integer DEFAULT 30,
                                 charset text DEFAULT 'unicode', mark double precision DEFAULT NULL)
RETURNS text LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'partman_report_bar';
COMMENT ON FUNCTION @extschema@._bar(double precision, double precision, integer, text, double precision) IS
'partman_ext internal: a horizontal bar of value on a scale (width cells for the whole scale; Unicode block characters, exact to 1/8 of a cell, or ASCII ''#''), with a vertical line at mark when given; always the same width (width + 1 with a mark), space-padded. NULL when value is NULL.';

-- A titled bar chart, one line per element of items: its label (padded to the longest), a bar of
-- its value on the scale of its group (the largest value or mark of the elements with the same
-- group; one scale for all without group_key), with the mark's line when it has one, then its
-- figures. An unknown value (NULL) draws no bar. Bars: partman_ext._bar (src/core/bars.cpp), 30 cells.
CREATE FUNCTION @extschema@._report_chart(items jsonb, title text, charset text, label_key text, value_key text,
                                          figures_key text, group_key text DEFAULT NULL, mark_key text DEFAULT NULL)
RETURNS text LANGUAGE sql STABLE AS $$
    WITH e AS (
        SELECT i.n, coalesce(i.e ->> label_key, '-') AS label, (i.e ->> value_key)::float8 AS v,
               (i.e ->> mark_key)::float8 AS m, i.e ->> group_key AS g, coalesce(i.e ->> figures_key, '') AS figures
          FROM jsonb_array_elements(coalesce(items, '[]')) WITH ORDINALITY i(e, n)
    ), s AS (
        SELECT e.*, max(greatest(e.v, e.m)) OVER (PARTITION BY e.g) AS scale,
               max(length(e.label)) OVER () AS label_width,
               30 + (bool_or(e.m IS NOT NULL) OVER ())::integer AS bar_width
          FROM e
    )
    SELECT E'\n== ' || title || E' ==\n' ||
           coalesce(string_agg(rpad(s.label, s.label_width) || '  ' ||
                               rpad(coalesce(@extschema@._bar(s.v, s.scale, 30, charset, s.m), ''), s.bar_width) ||
                               '  ' || s.figures, E'\n' ORDER BY s.n),
                    '(none)')
      FROM s
$$;
COMMENT ON FUNCTION @extschema@._report_chart(jsonb, text, text, text, text, text, text, text) IS
'partman_ext internal: a titled bar chart section of the text report: per array element a label, a bar of a value (scaled per group, with an optional mark line) and its figures.';

CREATE FUNCTION @extschema@.partition_report(format text DEFAULT 'text', parent regclass DEFAULT NULL,
                                             top integer DEFAULT 20, charset text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
    bars text;
    utf8 boolean := current_setting('server_encoding') = 'UTF8';
BEGIN
    IF format IS NULL OR lower(format) NOT IN ('text', 'json') THEN
        RAISE EXCEPTION 'unknown report format "%"', coalesce(format, 'NULL')
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() writes text for people or json for machines.',
                    HINT = 'Use format => ''text'' or format => ''json''.';
    END IF;
    IF top IS NULL OR top < 1 THEN
        RAISE EXCEPTION 'top must be at least 1'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('top was %s.', coalesce(top::text, 'NULL')),
                    HINT = 'top is how many partitions the size, hot-spot and heavy-key sections list (default 20).';
    END IF;
    -- Bars: Unicode block characters when both the database and the client speak UTF8, else ASCII.
    bars := lower(coalesce(charset, CASE WHEN utf8 AND current_setting('client_encoding') = 'UTF8'
                                         THEN 'unicode' ELSE 'ascii' END));
    IF bars NOT IN ('unicode', 'ascii') THEN
        RAISE EXCEPTION 'unknown charset "%" for the report''s bars', charset
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'Bars are drawn with Unicode block characters or with ASCII ''#''.',
                    HINT = 'Use charset => ''unicode'' or ''ascii'', or leave it NULL: Unicode when the database and client encodings are UTF8.';
    ELSIF bars = 'unicode' AND NOT utf8 THEN
        RAISE EXCEPTION 'Unicode bars need a UTF8 database'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('This database''s encoding is %s.', current_setting('server_encoding')),
                    HINT = 'Use charset => ''ascii''.';
    END IF;
    IF parent IS NOT NULL AND NOT @extschema@._is_registered(parent) THEN
        RAISE EXCEPTION '% is not a registered partition set', parent
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'partition_report() reports on the sets listed in partman_ext.part_config.',
                    HINT = 'Register it with partman_ext.register_partition_set(), or pass NULL for every set.';
    END IF;

    doc := @extschema@._report_document(parent, top);
    IF lower(format) = 'json' THEN
        RETURN doc::text;
    END IF;
    RETURN 'partman_ext partition report, ' || to_char(@extschema@.clock(), 'YYYY-MM-DD HH24:MI:SS TZ') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'ahead', CASE WHEN e ->> 'strategy' = 'bucket' THEN 'bucket set'
                                      ELSE format('%s ahead (premake %s)', coalesce(e ->> 'future_coverage', 'unknown'), e ->> 'premake') END,
                        'rows', coalesce('~' || (e ->> 'total_rows') || ' rows', 'rows unknown'),
                        'dflt', CASE WHEN e ->> 'default_partition' IS NULL THEN ''
                                     ELSE format(', default partition %s', coalesce('~' || (e ->> 'rows_in_default') || ' rows',
                                                                                    'holds rows (number unknown)')) END)
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sets') WITH ORDINALITY x(e, n)),
            'Partition sets', '%s (%s): %s; %s partitions, %s, %s pending cleanup, %s, %s%s',
            'parent_table', 'strategy', 'status', 'partitions', 'ahead', 'partitions_pending_cleanup',
            'rows', 'total_size', 'dflt') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'where', coalesce(e ->> 'parent_table', 'every set') || coalesce(' ' || (e ->> 'partition_name'), ''))
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'alerts') WITH ORDINALITY x(e, n)),
            'Alerts', E'%s %s %s: %s\n    -> %s', 'severity', 'code', 'where', 'message', 'recommendation') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'rows', coalesce('~' || (e ->> 'total_rows') || ' rows', 'rows unknown'),
                        'mean', coalesce(round((e ->> 'mean_rows')::numeric, 1)::text, 'unknown'),
                        'stddev', coalesce(round((e ->> 'stddev_rows')::numeric, 1)::text, 'unknown'),
                        'cv_r', coalesce(round((e ->> 'cv')::numeric, 3)::text, 'unknown'),
                        'skew', coalesce(round((e ->> 'max_skew')::numeric, 2)::text, 'unknown'))
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'distribution') WITH ORDINALITY x(e, n)),
            'Distribution (bucket sets)',
            '%s: %s partitions, %s, mean %s, stddev %s, cv %s, max skew %s: %s',
            'parent_table', 'partitions', 'rows', 'mean', 'stddev', 'cv_r', 'skew', 'status') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'mark', CASE WHEN (e ->> 'expected_share')::float8 > 0 THEN e -> 'expected_share' END,
                        'figures', format('%s, %s (even %s), skew %s: %s', coalesce('~' || (e ->> 'row_count') || ' rows', 'rows unknown'),
                                          coalesce(round((e ->> 'share')::numeric * 100, 2) || '%', 'share unknown'),
                                          coalesce(round((e ->> 'expected_share')::numeric * 100, 2) || '%', 'unknown'),
                                          coalesce(round((e ->> 'skew_factor')::numeric, 2)::text, 'unknown'), e ->> 'status'))
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'buckets') WITH ORDINALITY x(e, n)),
            'Rows per bucket (the vertical line is the even share 1/N)', bars,
            'partition_name', 'share', 'figures', 'parent_table', 'mark') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object('figures', format('%s MB, %s%s', e ->> 'size_mb',
                                                                         coalesce('~' || (e ->> 'row_count') || ' rows', 'rows unknown'),
                                                                         CASE WHEN e ->> 'start_date' IS NOT NULL
                                                                              THEN format(', %s .. %s', e ->> 'start_date', e ->> 'end_date') ELSE '' END))
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sizes') WITH ORDINALITY x(e, n)),
            'Largest partitions', bars, 'partition_name', 'bytes', 'figures') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object('figures', format('hour %s (%s), day %s (%s), week %s (%s)',
                                  coalesce(e ->> 'writes_hour', 'unknown'), coalesce((e ->> 'hour_percentage') || '%', 'share unknown'),
                                  coalesce(e ->> 'writes_day', 'unknown'), coalesce((e ->> 'day_percentage') || '%', 'share unknown'),
                                  coalesce(e ->> 'writes_week', 'unknown'), coalesce((e ->> 'week_percentage') || '%', 'share unknown')))
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'hot_spots') WITH ORDINALITY x(e, n)),
            'Hot spots (writes in the last hour)', bars, 'partition_name', 'writes_hour', 'figures') ||
        @extschema@._report_chart(
            (SELECT jsonb_agg(e || jsonb_build_object('label', to_char((e ->> 'hour')::timestamptz, 'YYYY-MM-DD HH24:00'),
                                                      'figures', coalesce((e ->> 'writes') || ' writes', 'no sample'))
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'writes_per_hour') WITH ORDINALITY x(e, n)
              WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(doc -> 'writes_per_hour') w WHERE w ->> 'writes' IS NOT NULL)),
            format('Writes per hour (%s, time zone %s)', coalesce(doc ->> 'parent_table', 'every set'), current_setting('TimeZone')),
            bars, 'label', 'writes', 'figures') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'share_pct', coalesce(round((e ->> 'share')::numeric * 100, 2) || '%', 'an unknown share'),
                        'expected_pct', coalesce(round((e ->> 'expected_share')::numeric * 100, 2) || '%', 'unknown'),
                        'skew', coalesce(round((e ->> 'skew_factor')::numeric, 2)::text, 'unknown')) ORDER BY n)
               FROM jsonb_array_elements(doc -> 'skew') WITH ORDINALITY x(e, n)),
            'Skewed partitions', '%s: %s of the rows against %s, skew %s: %s',
            'partition_name', 'share_pct', 'expected_pct', 'skew', 'status') ||
        @extschema@._report_lines((SELECT jsonb_agg(jsonb_build_object('row', e::text)) FROM jsonb_array_elements(doc -> 'heavy_keys') e),
            'Heavy keys', '%s', 'row') || E'\n';
END
$$;
COMMENT ON FUNCTION @extschema@.partition_report(text, regclass, integer, text) IS
'partman_ext: the whole picture in one call: set health summary, alerts, distribution of bucket sets, rows per bucket against the even share, largest partitions, hot spots, writes per hour (last 24 hours), skewed partitions and heavy keys. format ''text'' gives lines for psql with horizontal bar charts, ''json'' one JSON document (cast it to jsonb); parent limits it to one set; top caps the per-partition lists; charset draws the bars with ''unicode'' block characters or ''ascii'' (default: Unicode when the database and client encodings are UTF8). An unknown format or charset raises SQLSTATE 22023.';
