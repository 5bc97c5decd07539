-- The product's clock. Everything in partman_ext that asks "what time is it" (premake, gap fill,
-- retention cutoffs, the past/current/future status, health checks, alerts, reports, activity
-- samples, the scheduler's due times) reads this function, never now() directly, so that tests
-- can pin the date with the superuser-only setting partman_ext.mock_now.
CREATE FUNCTION @extschema@.clock()
RETURNS timestamptz LANGUAGE c STABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'partman_clock';
COMMENT ON FUNCTION @extschema@.clock() IS
'partman_ext: the instant partman_ext takes as "now": the value of partman_ext.mock_now when a superuser has set it (tests), else now() (the start of the current transaction).';
