-- Real data: pagila's payment table (monthly partitions payment_p2022_01 .. _07, some bounds
-- written with +01 offsets that are UTC midnights). Registered with retention 36 months in
-- detach mode; every one of the 16,049 rows must stay in a table. The test clock says it is
-- 2026-06-15, so retention keeps 2023-06 onwards and the 2022 partitions are beyond it.
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
\set ECHO none
\o /dev/null
\i test/data/pagila/payment.sql
\o
\set ECHO all
SET search_path = public;
SELECT count(*) AS payment_rows FROM payment;
SELECT parent_table, strategy, control_column, partition_interval, premake, retention, retention_mode, adopted_partitions, default_partition,
       created_partitions
  FROM partman_ext.register_partition_set('payment', 'payment_date', '1 month', premake => 4, retention => '36 months', retention_mode => 'detach');
-- the seven 2022 partitions are adopted (bounds read from the catalog) and still attached;
-- retention will detach them at the next regular maintenance run, not now
SELECT partition_name, lower_bound::timestamptz AT TIME ZONE 'UTC' AS lower_utc, upper_bound::timestamptz AT TIME ZONE 'UTC' AS upper_utc, status,
       retention_at IS NOT NULL AS retention_scheduled
  FROM partman_ext.list_partitions('payment') WHERE NOT is_default AND lower_bound::timestamptz < '2023-01-01' ORDER BY lower_bound::timestamptz;
-- registration created every month from the one retention keeps (2026-06 - 36 months = 2023-06)
-- through the current month + 4 (2026-10), and nothing older
SELECT count(*) AS created_count,
       count(DISTINCT lower_bound::timestamptz) AS distinct_months,
       min(lower_bound::timestamptz) AS first_lower,
       max(upper_bound::timestamptz) AS last_upper
  FROM partman_ext.list_partitions('payment') WHERE NOT is_default AND lower_bound::timestamptz >= '2023-01-01';
SELECT count(*) AS nothing_left_to_create FROM partman_ext.create_future_partitions('payment', 4);
-- the dry run lists exactly the 2022 partitions and drops nothing
SELECT partition_name, action FROM partman_ext.drop_old_partitions('payment', 36, true) ORDER BY partition_name;
SELECT count(*) AS still_attached FROM pg_inherits WHERE inhparent = 'payment'::regclass AND inhrelid::regclass::text LIKE 'payment_p2022%';
-- the real run detaches them; every row is still in a table
SELECT partition_name, action FROM partman_ext.drop_old_partitions('payment', 36, false) ORDER BY partition_name;
SELECT count(*) AS attached_2022 FROM pg_inherits WHERE inhparent = 'payment'::regclass AND inhrelid::regclass::text LIKE 'payment_p2022%';
SELECT (SELECT count(*) FROM payment_p2022_01) + (SELECT count(*) FROM payment_p2022_02) + (SELECT count(*) FROM payment_p2022_03)
     + (SELECT count(*) FROM payment_p2022_04) + (SELECT count(*) FROM payment_p2022_05) + (SELECT count(*) FROM payment_p2022_06)
     + (SELECT count(*) FROM payment_p2022_07) + (SELECT count(*) FROM payment) AS rows_in_tables;
-- maintenance has nothing left to do (the default partition was created at registration)
SELECT partition_name, action FROM partman_ext.run_partition_maintenance('payment', false);
SELECT count(*) AS second_pass FROM partman_ext.run_partition_maintenance('payment', false);
