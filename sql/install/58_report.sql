-- partition_report(): the whole picture in one call (issue 4, item 8; docs/monitoring.md).
-- The document is built once as jsonb; the text form is rendered from it.

CREATE FUNCTION @extschema@._report_document(parent regclass, top integer)
RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    set_name text;
    doc jsonb;
    part jsonb;
BEGIN
    IF parent IS NOT NULL THEN
        SELECT format('%I.%I', n.nspname, r.relname) INTO set_name
          FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
         WHERE r.oid = parent;
    END IF;

    doc := jsonb_build_object(
        'generated_at', @extschema@.clock(),
        'parent_table', set_name,
        'sets', (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.parent_table), '[]')
                   FROM @extschema@.partition_health_summary s
                  WHERE set_name IS NULL OR s.parent_table = set_name),
        'alerts', (SELECT coalesce(jsonb_agg(to_jsonb(a)), '[]')
                     FROM @extschema@.check_partition_health(parent) a),
        'sizes', (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.bytes DESC, v.partition_name), '[]')
                    FROM (SELECT * FROM @extschema@.v_partition_sizes z
                           WHERE set_name IS NULL OR z.parent_table = set_name
                           ORDER BY z.bytes DESC, z.partition_name LIMIT top) v),
        'hot_spots', (SELECT coalesce(jsonb_agg(to_jsonb(h) ORDER BY h.writes_hour DESC, h.writes_day DESC, h.partition_name), '[]')
                        FROM (SELECT * FROM @extschema@.partition_hot_spots z
                               WHERE (set_name IS NULL OR z.parent_table = set_name) AND z.writes_week > 0
                               ORDER BY z.writes_hour DESC, z.writes_day DESC, z.partition_name LIMIT top) h),
        'skew', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                            'parent_table', o.parent_table, 'partition_name', o.partition_name,
                            'share', s.share, 'expected_share', s.expected_share,
                            'skew_factor', s.skew_factor, 'z_score', s.z_score, 'status', s.status)
                        ORDER BY abs(s.skew_factor) DESC NULLS LAST, o.partition_name), '[]')
                   FROM @extschema@._bucket_skew(parent) s
                   JOIN @extschema@._partitions(parent) o ON o.partition_relid = s.partition_relid
                  WHERE s.status NOT IN ('HEALTHY', 'INSUFFICIENT_DATA')));

    -- The bucket helpers' relations, when installed.
    part := '[]';
    IF to_regclass('@extschema@.partition_distribution') IS NOT NULL THEN
        EXECUTE 'SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.parent_table), ''[]'')
                   FROM @extschema@.partition_distribution d WHERE $1 IS NULL OR d.parent_table = $1'
           INTO part USING set_name;
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
'partman_ext internal: the partition_report() document (sets, alerts, distribution, sizes, hot spots, skew, heavy keys) as jsonb.';

-- One line per element of a jsonb array, through a format with the named keys.
CREATE FUNCTION @extschema@._report_lines(items jsonb, title text, fmt text, VARIADIC keys text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT E'\n== ' || title || E' ==\n' ||
           coalesce(string_agg(format(fmt, VARIADIC ARRAY(SELECT coalesce(i.e ->> k, '-') FROM unnest(keys) k)),
                               E'\n' ORDER BY i.n),
                    '(none)')
      FROM jsonb_array_elements(coalesce(items, '[]')) WITH ORDINALITY i(e, n)
$$;
COMMENT ON FUNCTION @extschema@._report_lines(jsonb, text, text, text[]) IS
'partman_ext internal: a titled section of the text report, one formatted line per array element.';

CREATE FUNCTION @extschema@.partition_report(format text DEFAULT 'text', parent regclass DEFAULT NULL,
                                             top integer DEFAULT 20)
RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    doc jsonb;
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
    IF parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.part_config c WHERE c.parent_table = parent) THEN
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
                                      ELSE format('%s ahead (premake %s)', e ->> 'future_coverage', e ->> 'premake') END,
                        'dflt', CASE WHEN e ->> 'rows_in_default' IS NOT NULL
                                     THEN format(', default partition ~%s rows', e ->> 'rows_in_default') ELSE '' END)
                    ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sets') WITH ORDINALITY x(e, n)),
            'Partition sets', '%s (%s): %s; %s partitions, %s, %s pending cleanup, ~%s rows, %s%s',
            'parent_table', 'strategy', 'status', 'partitions', 'ahead', 'partitions_pending_cleanup',
            'total_rows', 'total_size', 'dflt') ||
        @extschema@._report_lines(doc -> 'alerts', 'Alerts', E'%s %s %s %s: %s\n    -> %s',
            'severity', 'code', 'parent_table', 'partition_name', 'message', 'recommendation') ||
        @extschema@._report_lines(doc -> 'distribution', 'Distribution (bucket sets)',
            '%s: %s partitions, ~%s rows, mean %s, stddev %s, cv %s, max skew %s: %s',
            'parent_table', 'partitions', 'total_rows', 'mean_rows', 'stddev_rows', 'cv', 'max_skew', 'status') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object('range', CASE WHEN e ->> 'start_date' IS NOT NULL
                                                                    THEN format(', %s .. %s', e ->> 'start_date', e ->> 'end_date') ELSE '' END)
                              ORDER BY n)
               FROM jsonb_array_elements(doc -> 'sizes') WITH ORDINALITY x(e, n)),
            'Largest partitions', '%s: %s MB, ~%s rows%s', 'partition_name', 'size_mb', 'row_count', 'range') ||
        @extschema@._report_lines(doc -> 'hot_spots', 'Hot spots (writes)',
            '%s: hour %s (%s%%), day %s (%s%%), week %s (%s%%)', 'partition_name', 'writes_hour', 'hour_percentage',
            'writes_day', 'day_percentage', 'writes_week', 'week_percentage') ||
        @extschema@._report_lines(
            (SELECT jsonb_agg(e || jsonb_build_object(
                        'share_pct', round((e ->> 'share')::numeric * 100, 2),
                        'expected_pct', round((e ->> 'expected_share')::numeric * 100, 2),
                        'skew', round((e ->> 'skew_factor')::numeric, 2)) ORDER BY n)
               FROM jsonb_array_elements(doc -> 'skew') WITH ORDINALITY x(e, n)),
            'Skewed partitions', '%s: %s%% of the rows against %s%%, skew %s: %s',
            'partition_name', 'share_pct', 'expected_pct', 'skew', 'status') ||
        @extschema@._report_lines((SELECT jsonb_agg(jsonb_build_object('row', e::text)) FROM jsonb_array_elements(doc -> 'heavy_keys') e),
            'Heavy keys', '%s', 'row') || E'\n';
END
$$;
COMMENT ON FUNCTION @extschema@.partition_report(text, regclass, integer) IS
'partman_ext: the whole picture in one call: set health summary, alerts, distribution of bucket sets, largest partitions, hot spots, skewed partitions and heavy keys. format ''text'' gives lines for psql, ''json'' one JSON document (cast it to jsonb); parent limits it to one set; top caps the per-partition lists. An unknown format raises SQLSTATE 22023.';
