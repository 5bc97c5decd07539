-- The native range search (RANGE on one integer-ordered column) and the batch form
-- get_partitions_for_values, both against PostgreSQL's own tuple routing (tableoid).
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA rb;
SET search_path = rb, public;

-- Every key type the native search covers, with MINVALUE, MAXVALUE, a gap and a DEFAULT partition:
-- each row's tableoid is compared with both forms.
CREATE FUNCTION check_range(t regclass, col text) RETURNS TABLE (tab regclass, rows bigint, single_wrong bigint, batch_wrong bigint)
LANGUAGE plpgsql AS $$
DECLARE keys text; parts regclass[];
BEGIN
    EXECUTE format('SELECT array_agg(%I ORDER BY tableoid, ctid) FROM %s', col, t) INTO keys;
    EXECUTE format('SELECT partman_ext.get_partitions_for_values(%L, %L::%s[])', t, keys,
                   (SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = t AND attname = col)) INTO parts;
    RETURN QUERY EXECUTE format(
        'SELECT %L::regclass, count(*), count(*) FILTER (WHERE partman_ext.get_partition_for_value(%L, %I) <> tableoid),
                count(*) FILTER (WHERE $1[n] <> tableoid)
           FROM (SELECT tableoid, %I, row_number() OVER (ORDER BY tableoid, ctid) AS n FROM %s) s', t, t, col, col, t) USING parts;
END $$;

CREATE TABLE i2 (k int2) PARTITION BY RANGE (k);
CREATE TABLE i2_lo PARTITION OF i2 FOR VALUES FROM (MINVALUE) TO (-100);
CREATE TABLE i2_mid PARTITION OF i2 FOR VALUES FROM (-100) TO (100);
CREATE TABLE i2_hi PARTITION OF i2 FOR VALUES FROM (200) TO (MAXVALUE);
CREATE TABLE i2_d PARTITION OF i2 DEFAULT;
INSERT INTO i2 SELECT g FROM generate_series(-32768, 32767, 97) g UNION ALL VALUES (-32768), (32767), (-100), (99), (100), (199), (200);

CREATE TABLE i4 (k int4) PARTITION BY RANGE (k);
CREATE TABLE i4_a PARTITION OF i4 FOR VALUES FROM (-2147483648) TO (0);
CREATE TABLE i4_b PARTITION OF i4 FOR VALUES FROM (0) TO (2147483647);
INSERT INTO i4 VALUES (-2147483648), (-1), (0), (1), (2147483646);

CREATE TABLE i8 (k int8) PARTITION BY RANGE (k);
DO $$ BEGIN FOR i IN 0..20 LOOP EXECUTE format('CREATE TABLE i8_%s PARTITION OF i8 FOR VALUES FROM (%s) TO (%s)', i, i * 50000, (i + 1) * 50000); END LOOP; END $$;
CREATE TABLE i8_top PARTITION OF i8 FOR VALUES FROM (9223372036854775000) TO (MAXVALUE);
CREATE TABLE i8_d PARTITION OF i8 DEFAULT;
INSERT INTO i8 SELECT g FROM generate_series(-1000, 1060000, 777) g
  UNION ALL VALUES (0), (49999), (50000), (1049999), (1050000), (-9223372036854775808), (9223372036854775807), (9223372036854774999), (9223372036854775000);

CREATE TABLE d (k date) PARTITION BY RANGE (k);
CREATE TABLE d_old PARTITION OF d FOR VALUES FROM (MINVALUE) TO ('2026-01-01');
CREATE TABLE d_2026 PARTITION OF d FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE d_d PARTITION OF d DEFAULT;
INSERT INTO d VALUES ('-infinity'), ('4713-01-01 BC'), ('2025-12-31'), ('2026-01-01'), ('2026-12-31'), ('2027-01-01'), ('5874897-12-31'), ('infinity');

CREATE TABLE ts (k timestamp) PARTITION BY RANGE (k);
CREATE TABLE ts_a PARTITION OF ts FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE ts_b PARTITION OF ts FOR VALUES FROM ('2026-02-01') TO ('infinity');
CREATE TABLE ts_d PARTITION OF ts DEFAULT;
INSERT INTO ts VALUES ('-infinity'), ('2025-12-31 23:59:59.999999'), ('2026-01-01'), ('2026-01-31 23:59:59.999999'), ('2026-02-01'), ('294276-12-31'), ('infinity');

CREATE TABLE tz (k timestamptz) PARTITION BY RANGE (k);
CREATE TABLE tz_a PARTITION OF tz FOR VALUES FROM ('2026-01-01 00:00+00') TO ('2026-01-01 01:00+00');
CREATE TABLE tz_b PARTITION OF tz FOR VALUES FROM ('2026-01-01 01:00+00') TO ('2026-01-01 02:00+00');
INSERT INTO tz VALUES ('2026-01-01 00:00+00'), ('2026-01-01 00:59:59.999999+00'), ('2026-01-01 02:00+01'), ('2026-01-01 01:59:59+00');

SELECT c.* FROM (VALUES ('i2'::regclass), ('i4'), ('i8'), ('d'), ('ts'), ('tz')) v(t), LATERAL check_range(v.t, 'k') c;

-- The batch form: same shape as the input, NULL elements routed like a NULL key, casts of the
-- element type, an empty array; errors are those of the single form and name the failing key.
SELECT partman_ext.get_partitions_for_values('i8', ARRAY[0, 50000, NULL, 9223372036854775807]::int8[]) AS with_null;
SELECT partman_ext.get_partitions_for_values('i8', ARRAY[[1, 2], [3, 50001]]::int8[]) AS two_dims,
       array_dims(partman_ext.get_partitions_for_values('i8', '[5:6]={1,60000}'::int8[])) AS lower_bound_kept;
SELECT partman_ext.get_partitions_for_values('i8', ARRAY['7', '100000']) AS from_text,
       partman_ext.get_partitions_for_values('i8', '{}'::int4[]) AS empty,
       partman_ext.get_partitions_for_values('i8', NULL::int8[]) AS null_array;
SELECT partman_ext.get_partitions_for_values('i4', ARRAY[1, NULL]::int4[]);
SELECT partman_ext.get_partitions_for_values('tz', ARRAY['2026-01-01 00:30+00', '2026-01-01 03:00+00']::timestamptz[]);
SELECT partman_ext.get_partitions_for_values('i8', ARRAY['x']);
SELECT partman_ext.get_partitions_for_values('i8', ARRAY[true]);
-- Other strategies go through the general router: HASH and a LIST bucket expression, whole rows.
CREATE TABLE h (id int8) PARTITION BY HASH (id);
DO $$ BEGIN FOR i IN 0..7 LOOP EXECUTE format('CREATE TABLE h_%s PARTITION OF h FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i); END LOOP; END $$;
INSERT INTO h SELECT g FROM generate_series(1, 2000) g;
CREATE TABLE l (id int8, note text) PARTITION BY LIST (((hashtext(id::text)::bigint & 2147483647) % 4));
DO $$ BEGIN FOR i IN 0..3 LOOP EXECUTE format('CREATE TABLE l_%s PARTITION OF l FOR VALUES IN (%s)', i, i); END LOOP; END $$;
INSERT INTO l SELECT g, 'n' FROM generate_series(1, 2000) g;
SELECT c.* FROM (VALUES ('h'::regclass), ('l')) v(t), LATERAL check_range(v.t, 'id') c;
SELECT count(*) AS rows, count(*) FILTER (WHERE p[n] <> l.tableoid) AS wrong_rows
  FROM (SELECT partman_ext.get_partitions_for_values('l', array_agg(l ORDER BY tableoid, ctid)) AS p FROM l) a,
       (SELECT tableoid, row_number() OVER (ORDER BY tableoid, ctid) AS n FROM l) l;
-- Not partitioned.
CREATE TABLE plain (k int8);
SELECT partman_ext.get_partitions_for_values('plain', ARRAY[1::int8]);

RESET search_path;
DROP SCHEMA rb CASCADE;
