-- Privilege escalation attempts through search_path: objects planted by the caller must never
-- run as the extension owner or as a parent's owner. (Found in review; both attempts made the
-- caller superuser before the fix.)
CREATE EXTENSION IF NOT EXISTS partman_ext;
SET client_min_messages = warning;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';  -- the test clock: output never depends on today
CREATE ROLE regress_mallory;
CREATE SCHEMA mal AUTHORIZATION regress_mallory;
CREATE TABLE sec_sup (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT count(*) FROM partman_ext.register_partition_set('sec_sup', 'ts', '1 month', premake => 1);
INSERT INTO sec_sup VALUES (partman_ext.clock() + interval '3 months');  -- a row in the default partition
GRANT USAGE ON SCHEMA public TO regress_mallory;

SET ROLE regress_mallory;
SET search_path = mal, pg_catalog;
-- Operators that would run as whoever evaluates them, trying to become superuser.
CREATE FUNCTION mal.evil_times(bigint, interval) RETURNS interval LANGUAGE plpgsql AS $$
BEGIN
  BEGIN EXECUTE 'ALTER ROLE regress_mallory SUPERUSER'; EXCEPTION WHEN others THEN NULL; END;
  RETURN ($1::float8) * interval '1 millisecond';
END $$;
CREATE OPERATOR mal.* (LEFTARG = bigint, RIGHTARG = interval, FUNCTION = mal.evil_times);
CREATE FUNCTION mal.evil_ge(timestamptz, timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  BEGIN EXECUTE 'ALTER ROLE regress_mallory SUPERUSER'; EXCEPTION WHEN others THEN NULL; END;
  RETURN pg_catalog.timestamptz_ge($1, $2);
END $$;
CREATE OPERATOR mal.>= (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = mal.evil_ge);
-- 1. configuration written as the extension owner
CREATE TABLE mal.ev (ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
SELECT strategy FROM partman_ext.register_partition_set('mal.ev', 'ts', '1 month', lock_timeout => '1s', default_partition => false);
SELECT premake FROM partman_ext.update_partition_set('mal.ev', lock_timeout => '2s');
RESET ROLE;
SELECT rolsuper AS mallory_is_superuser FROM pg_roles WHERE rolname = 'regress_mallory';
-- 2. data movement as a superuser-owned parent's owner, by a partman_ext_admin member
GRANT partman_ext_admin TO regress_mallory;
SET ROLE regress_mallory;
SET search_path = mal, pg_catalog;
SELECT action, rows_moved FROM partman_ext.run_partition_maintenance('public.sec_sup', true) ORDER BY lower_bound::timestamptz;
SELECT action, rows_moved FROM partman_ext.create_future_partitions('public.sec_sup', 4, dry_run => true) ORDER BY lower_bound::timestamptz;
SELECT action, rows_moved FROM partman_ext.create_future_partitions('public.sec_sup', 4) ORDER BY lower_bound::timestamptz;
RESET ROLE;
RESET search_path;
SELECT rolsuper AS mallory_is_superuser FROM pg_roles WHERE rolname = 'regress_mallory';
SELECT count(*) AS rows_kept FROM sec_sup;
REVOKE partman_ext_admin FROM regress_mallory;
