-- Exercises the C++/PostgreSQL error boundary (used by the regression tests).
CREATE FUNCTION @extschema@._boundary_selftest(kind text)
RETURNS integer LANGUAGE c STRICT AS 'MODULE_PATHNAME', 'partman_boundary_selftest';
COMMENT ON FUNCTION @extschema@._boundary_selftest(text) IS
'partman_ext internal: raises an error on one side of the C++/PostgreSQL boundary (kind: ok, pg_error, spi_error, cpp_exception, bad_alloc, user_error, palloc_huge) and returns how many C++ destructors have run in this session (kind: destructors).';
REVOKE ALL ON FUNCTION @extschema@._boundary_selftest(text) FROM PUBLIC;
