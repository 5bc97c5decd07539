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
