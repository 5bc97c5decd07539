-- Fault injection (test/faults/run.sh, a build with FAULTS=1): each statement below is run again
-- and again, the n-th pg::call raising an ERROR on the n-th run, until a run needs fewer calls than
-- n; every run is rolled back. A statement either fails with the injected ERROR (possibly wrapped
-- in one of ours) or completes having handled it (a failed row); the session and the server live on.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET partman_ext.mock_now = '2026-06-15 12:00:00+00';
SELECT pg_postmaster_start_time() AS started \gset
CREATE EXTENSION IF NOT EXISTS partman_ext;
CREATE TABLE ev (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE ev_old PARTITION OF ev FOR VALUES FROM ('2025-01-01 00:00+00') TO ('2025-02-01 00:00+00');
INSERT INTO ev VALUES (1, '2025-01-15 00:00+00');
CREATE TABLE reg (id bigint, ts timestamptz NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE bk (id bigint, ts timestamptz NOT NULL) PARTITION BY HASH (id);
CREATE TABLE pt (id bigint PRIMARY KEY, ts timestamptz NOT NULL);
INSERT INTO pt VALUES (1, '2026-05-01 00:00+00'), (2, '2026-06-01 00:00+00');
SELECT count(*) AS registered FROM partman_ext.register_partition_set('ev', 'ts', '1 month', premake => 2, retention => '3 months');
INSERT INTO ev VALUES (2, '2026-06-15 00:00+00'), (3, '2031-01-01 00:00+00');

CREATE FUNCTION pg_temp.inject(stmt text, OUT calls int, OUT raised int, OUT handled int, OUT other text)
LANGUAGE plpgsql AS $$
DECLARE
    n int := 0;
    left_over int;
    msg text;
    det text;
    st text;
BEGIN
    raised := 0; handled := 0; other := '';
    BEGIN  -- without a fault first: a statement that fails by itself proves nothing
        EXECUTE stmt;
        RAISE EXCEPTION USING ERRCODE = 'PMX01';
    EXCEPTION
        WHEN SQLSTATE 'PMX01' THEN NULL;
        WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, st = RETURNED_SQLSTATE;
            other := format(E'\n  call 0: fails without a fault: %s %s', st, msg);
            calls := 0;
            RETURN;
    END;
    LOOP
        n := n + 1;
        IF n > 20000 THEN
            other := other || E'\n  call 20000: no end (the statement never finished without a fault)';
            EXIT;
        END IF;
        BEGIN
            PERFORM set_config('partman_ext.fault_after', n::text, true);
            EXECUTE stmt;
            RAISE EXCEPTION USING ERRCODE = 'PMX01', MESSAGE = current_setting('partman_ext.fault_after');
        EXCEPTION
            WHEN SQLSTATE 'PMX01' THEN
                left_over := SQLERRM::int;
                EXIT WHEN left_over > 0;   -- done before the n-th call: every call has failed once
                handled := handled + 1;    -- completed: the fault became a failed row or a notice
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
                IF msg LIKE '%fault injected%' OR det LIKE '%fault injected%' THEN
                    raised := raised + 1;
                ELSIF length(other) < 2000 THEN
                    other := other || format(E'\n  call %s: %s %s %s', n, st, msg, coalesce(det, ''));
                END IF;
        END;
    END LOOP;
    calls := n - 1;
END $$;

\echo 'statement | calls | raised | handled | other'
SELECT s.stmt, r.calls, r.raised, r.handled, r.other
FROM unnest(ARRAY[
    $q$SELECT count(*) FROM partman_ext.register_partition_set('reg', 'ts', '1 month', premake => 3)$q$,
    $q$SELECT count(*) FROM partman_ext.run_partition_maintenance('ev')$q$,
    $q$SELECT count(*) FROM partman_ext.run_partition_maintenance()$q$,
    $q$SELECT count(*) FROM partman_ext.create_future_partitions('ev', 4)$q$,
    $q$SELECT count(*) FROM partman_ext.drop_old_partitions('ev', interval '1 month')$q$,
    $q$SELECT count(*) FROM partman_ext.empty_default_partition('ev')$q$,
    $q$SELECT count(*) FROM partman_ext.list_partitions('ev')$q$,
    $q$SELECT count(*) FROM partman_ext.gap_fill_status()$q$,
    $q$SELECT partman_ext.get_partition_for_value('ev'::regclass, timestamptz '2026-06-20 00:00+00')$q$,
    $q$SELECT count(*) FROM partman_ext.update_partition_set('ev', premake => 5)$q$,
    $q$SELECT count(*) FROM partman_ext.create_bucket_partitions('bk', 4)$q$,
    $q$SELECT count(*) FROM partman_ext.analyze_partition_skew()$q$,
    $q$SELECT count(*) FROM partman_ext.check_partition_health('ev')$q$,
    $q$SELECT count(*) FROM partman_ext.create_partitions('ev', '2027-01', '2027-03')$q$,
    $q$SELECT count(*) FROM partman_ext.default_relocation_plan('ev')$q$,
    $q$SELECT count(*) FROM partman_ext.partition_table('pt', 'ts', '1 month')$q$,
    $q$SELECT count(*) FROM partman_ext.unregister_partition_set('ev')$q$
]) AS s(stmt), LATERAL pg_temp.inject(s.stmt) AS r;

SELECT pg_postmaster_start_time() = :'started' AS same_server;
