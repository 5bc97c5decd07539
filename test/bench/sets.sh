# Monthly partition sets shared by the create, maintenance and retention cases (sourced after lib.sh).
# A set is bench parent SCHEMA.t_N (ts timestamptz NOT NULL, id bigint, payload text)
# PARTITION BY RANGE (ts); partitions are named t_N_pYYYY_MM (partman_ext's and pg_partman's naming),
# bounds are UTC month starts (the cluster runs with timezone=UTC).

# make_parents SCHEMA COUNT: a fresh schema with COUNT empty parents.
make_parents() {
  q -c "DROP SCHEMA IF EXISTS $1 CASCADE" -c "CREATE SCHEMA $1" >/dev/null
  q >/dev/null <<SQL
SELECT format('CREATE TABLE %I.%I (ts timestamptz NOT NULL, id bigint, payload text) PARTITION BY RANGE (ts)',
              '$1', 't_' || i)
FROM generate_series(1, $2) i \gexec
SQL
}

# month_partitions_sql SCHEMA COUNT FIRST_OFFSET MONTHS DEFAULT(true|false) [STMT]: prints one line
# per set; each line holds that set's statements joined with \; so psql sends them as one query,
# which PostgreSQL runs as one transaction. STMT is 'create' (default: CREATE TABLE .. PARTITION OF,
# the default partition first), 'attach' (CREATE TABLE (LIKE parent INCLUDING ALL) and ALTER TABLE
# .. ATTACH PARTITION, the default partition last, as partman_ext orders them: the statements
# partman_ext runs, as a plain script) or 'drop'. Months run from date_trunc('month', now()) +
# FIRST_OFFSET months, MONTHS of them.
month_partitions_sql() {
  local schema=$1 count=$2 first=$3 months=$4 dflt=$5 stmt=${6:-create}
  q <<SQL
WITH p AS (
  SELECT i, m, 't_' || i || '_p' || to_char(lo, 'YYYY_MM') AS part,
         format(' FOR VALUES FROM (%L) TO (%L)', lo, lo + interval '1 month') AS bound
  FROM (SELECT i, m, date_trunc('month', now()) + make_interval(months => $first + m) AS lo
          FROM generate_series(1, $count) i, generate_series(0, $months - 1) m) l
  UNION ALL
  SELECT i, CASE '$stmt' WHEN 'attach' THEN $months ELSE -1 END, 't_' || i || '_default', ' DEFAULT'
  FROM generate_series(1, $count) i WHERE $dflt AND '$stmt' <> 'drop')
SELECT string_agg(CASE '$stmt'
         WHEN 'create' THEN format('CREATE TABLE %I.%I PARTITION OF %I.%I', '$schema', part, '$schema', 't_' || i) || bound
         WHEN 'attach' THEN format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING ALL) \; ALTER TABLE %I.%I ATTACH PARTITION %I.%I',
                                   '$schema', part, '$schema', 't_' || i, '$schema', 't_' || i, '$schema', part) || bound
         ELSE format('DROP TABLE %I.%I', '$schema', part) END, ' \; ' ORDER BY m) || ';'
FROM p GROUP BY i ORDER BY i
SQL
}

# partition_fingerprint SCHEMA: "<count> <md5 of names and bounds>" of SCHEMA's partitions.
partition_fingerprint() {
  q -F' ' -c "SELECT count(*), md5(coalesce(string_agg(c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid), ',' ORDER BY c.relname), ''))
              FROM pg_class c WHERE c.relnamespace = '$1'::regnamespace AND c.relispartition"
}

# forget_sets SCHEMA: unregisters the schema's sets from partman_ext and pg_partman; the tables stay.
forget_sets() {
  q >/dev/null <<SQL
SELECT format('SELECT count(*) FROM partman_ext.unregister_partition_set(%L::regclass)', parent_table)
FROM partman_ext.part_config WHERE parent_table::regclass::text LIKE '$1.%'
  AND to_regproc('partman_ext.unregister_partition_set') IS NOT NULL \gexec
DELETE FROM partman_ext.part_config WHERE parent_table::regclass::text LIKE '$1.%';
SELECT to_regclass('partman.part_config') IS NOT NULL AS bench_has_pm \gset
\if :bench_has_pm
SELECT format('DELETE FROM partman.part_config WHERE parent_table = %L', parent_table)
FROM partman.part_config WHERE parent_table LIKE '$1.%' \gexec
\endif
SQL
}

# drop_sets SCHEMA: forget_sets, then drops each parent (one transaction per set, so no huge lock
# table is needed), pg_partman's template tables of the schema, and the schema.
drop_sets() {
  forget_sets "$1"
  q >/dev/null <<SQL
SELECT format('DROP TABLE partman.%I', relname) FROM pg_class
WHERE relnamespace = to_regnamespace('partman') AND relkind IN ('r', 'p') AND relname LIKE 'template\_$1\_%' \gexec
SELECT format('DROP TABLE %I.%I CASCADE', '$1', relname) FROM pg_class
WHERE relnamespace = to_regnamespace('$1') AND relkind = 'p' AND NOT relispartition \gexec
DROP SCHEMA IF EXISTS $1 CASCADE;
SQL
}

# ext_create_sql SCHEMA COUNT: partman_ext's statements for the create case (premake 19 = this
# month + 19 = 20 partitions, default partition on).
ext_create_sql() {
  q -c "SELECT format('SELECT * FROM partman_ext.register_partition_set(%L, %L, %L, premake => 19, default_partition => true);
SELECT * FROM partman_ext.create_future_partitions(%L);', '$1.t_' || i, 'ts', '1 month', '$1.t_' || i)
        FROM generate_series(1, $2) i"
}

# pm_create_sql SCHEMA COUNT: pg_partman's statements for the create case (this month + 19 = 20
# partitions; pg_partman 4.7 always adds a default partition to native sets).
pm_create_sql() {
  q -c "SELECT format('SELECT partman.create_parent(%L, %L, %L, %L, p_premake := 19, p_start_partition := %L);',
                      '$1.t_' || i, 'ts', 'native', 'monthly', date_trunc('month', now()))
        FROM generate_series(1, $2) i"
}

# create_case_sql VARIANT SCHEMA COUNT: the create case's statements for COUNT sets of SCHEMA, 20
# months from this one and a default partition each, one line per set (two for ext): floor (CREATE
# TABLE .. PARTITION OF), attach (CREATE TABLE (LIKE) + ATTACH PARTITION), ext, pm. The create_ir
# case counts the same scripts.
create_case_sql() {
  case $1 in
    floor) month_partitions_sql "$2" "$3" 0 20 true ;;
    attach) month_partitions_sql "$2" "$3" 0 20 true attach ;;
    ext) ext_create_sql "$2" "$3" ;;
    pm) pm_create_sql "$2" "$3" ;;
  esac
}

# registered_sets SCHEMA: how many of SCHEMA's parents partman_ext / pg_partman know ("EXT PM").
registered_sets() {
  local pm=0
  [ "$(q -c "SELECT to_regclass('partman.part_config') IS NOT NULL")" = t ] \
    && pm=$(q -c "SELECT count(*) FROM partman.part_config WHERE parent_table LIKE '$1.%'")
  echo "$(q -c "SELECT count(*) FROM partman_ext.part_config WHERE parent_table::regclass::text LIKE '$1.%'") $pm"
}
