-- The C++/PostgreSQL error boundary: errors on both sides reach the client as ordinary SQL
-- errors with a SQLSTATE; C++ destructors run; the server does not restart.
CREATE EXTENSION partman_ext;
-- The self-test is not part of the product (0.2.0 has no _boundary_selftest); it lives in the
-- test-only module partman_ext_test (test/module), which `make installcheck` builds and whose
-- path it stores in partman_ext_test.module.
SELECT to_regprocedure('partman_ext._boundary_selftest(text)') IS NULL AS not_in_product;
SELECT current_setting('partman_ext_test.module') AS module \gset
CREATE FUNCTION public._boundary_selftest(kind text) RETURNS integer LANGUAGE c STRICT
    AS :'module', 'partman_boundary_selftest';
SELECT pg_postmaster_start_time() AS started \gset
SELECT public._boundary_selftest('ok') AS before \gset
SELECT public._boundary_selftest('pg_error');
\echo :LAST_ERROR_SQLSTATE
SELECT public._boundary_selftest('spi_error');
\echo :LAST_ERROR_SQLSTATE
SELECT public._boundary_selftest('cpp_exception');
\echo :LAST_ERROR_SQLSTATE
SELECT public._boundary_selftest('bad_alloc');
\echo :LAST_ERROR_SQLSTATE
SELECT public._boundary_selftest('user_error');
\echo :LAST_ERROR_SQLSTATE
SELECT public._boundary_selftest('palloc_huge');
\echo :LAST_ERROR_SQLSTATE
-- Each failing call destroyed both of its C++ objects (2 per call, 6 calls), plus 2 for 'ok'.
SELECT public._boundary_selftest('destructors') - :before AS destructors_run_since;
-- Same session, same server: nothing restarted.
SELECT pg_postmaster_start_time() = :'started' AS same_server;
-- A transaction survives an error caught in a subtransaction, as with any SQL error.
BEGIN;
SAVEPOINT s;
SELECT public._boundary_selftest('cpp_exception');
ROLLBACK TO SAVEPOINT s;
SELECT 1 AS still_usable;
COMMIT;

-- An ERROR raised outside pg::call skips pg::entry's own exit; the transaction callbacks forget its
-- error context, so later calls copy their errors into live memory (at the top level and inside a
-- savepoint).
SELECT public._boundary_selftest('contexts') AS contexts_before;
SELECT public._boundary_selftest('unwrapped_error');
SELECT public._boundary_selftest('contexts') AS contexts_after_abort;
BEGIN;
SAVEPOINT s;
SELECT public._boundary_selftest('unwrapped_error');
ROLLBACK TO SAVEPOINT s;
SELECT public._boundary_selftest('contexts') AS contexts_after_rollback;
-- Inside a call: a nested call's frame is forgotten when its subtransaction aborts, the caller's stays.
SELECT public._boundary_selftest('nested_contexts') AS contexts_inside_caller;
SELECT public._boundary_selftest('pg_error');
ROLLBACK;
SELECT public._boundary_selftest('spi_error');
SELECT pg_postmaster_start_time() = :'started' AS same_server;
-- Errors report a place in the code that raised them, never the boundary's own file: a UserError
-- the line that threw it (1), another C++ exception the line of its pg::entry (2).
SELECT public._boundary_selftest('locations') AS locations;
DROP FUNCTION public._boundary_selftest(text);
