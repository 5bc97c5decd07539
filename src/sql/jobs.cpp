// SQL-callable job functions: add_job, alter_job (and pause_job/resume_job, SQL wrappers),
// remove_job, run_job, analyze_partitions, vacuum_partitions. Argument decoding and rows only:
// the work is src/engine/jobs.cpp and src/engine/analyze.cpp.
// SECURITY INVOKER: the caller must own the set's parent (or be a member of partman_ext_admin);
// jobs over all sets, health and sampling jobs need partman_ext_admin (or superuser). The job
// table is written as the extension owner.
#include "engine/analyze.hpp"
#include "engine/jobs.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"
#include "worker/presence.hpp"
#include "worker/shared.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/lsyscache.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_add_job);
PMX_FUNCTION(partman_alter_job);
PMX_FUNCTION(partman_remove_job);
PMX_FUNCTION(partman_run_job);
PMX_FUNCTION(partman_analyze_partitions);
PMX_FUNCTION(partman_vacuum_partitions);

namespace {

using pg::UserError;

// Argument n as its type's text output (nullopt for NULL).
std::optional<std::string> arg_text(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    Datum d = PG_GETARG_DATUM(n);
    char* s = pg::call([&] {
        Oid type = get_fn_expr_argtype(fcinfo->flinfo, n);
        Oid out;
        bool varlena;
        getTypeOutputInfo(type, &out, &varlena);
        return OidOutputFunctionCall(out, d);
    });
    return std::string(s);
}

// Copies query rows (text) into the function's materialized result.
void return_rows(FunctionCallInfo fcinfo, const pg::Rows& rows) {
    pg::SrfOut out(fcinfo);
    for (const auto& row : rows.rows) out.add(row);
}

int64_t required_id(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "job_id must not be NULL");
    return PG_GETARG_INT64(0);
}

// Wakes the scheduler and returns the job's row.
void return_job(FunctionCallInfo fcinfo, int64_t id) {
    pmx::worker::wake_scheduler(MyDatabaseId);
    return_rows(fcinfo, pg::job_view(id));
}

}  // namespace

// add_job(kind, parent, schedule_interval, next_run, max_runtime, max_retries, retry_backoff,
//         options, enabled, schedule, time_zone)
extern "C" Datum partman_add_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        auto kind = arg_text(fcinfo, 0);
        if (!kind) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "kind must not be NULL",
                                   "", "Job kinds are maintenance, analyze, vacuum, statistics, health and sampling.");
        Oid parent = PG_ARGISNULL(1) ? InvalidOid : PG_GETARG_OID(1);
        pg::JobSettings s{arg_text(fcinfo, 2), arg_text(fcinfo, 3), arg_text(fcinfo, 4), arg_text(fcinfo, 5),
                          arg_text(fcinfo, 6), arg_text(fcinfo, 7), arg_text(fcinfo, 8), arg_text(fcinfo, 9),
                          arg_text(fcinfo, 10)};
        int64_t id = pg::add_job(*kind, parent, s);
        pmx::worker::warn_if_no_scheduler("add_job()");
        return_job(fcinfo, id);
        return Datum(0);
    });
}

// alter_job(job_id, schedule_interval, next_run, enabled, max_runtime, max_retries, retry_backoff,
//           options, schedule, time_zone). NULL leaves a setting as it is.
extern "C" Datum partman_alter_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        int64_t id = required_id(fcinfo);
        pg::JobSettings s;
        s.schedule_interval = arg_text(fcinfo, 1);
        s.next_run = arg_text(fcinfo, 2);
        s.enabled = arg_text(fcinfo, 3);
        s.max_runtime = arg_text(fcinfo, 4);
        s.max_retries = arg_text(fcinfo, 5);
        s.retry_backoff = arg_text(fcinfo, 6);
        s.options = arg_text(fcinfo, 7);
        s.schedule = arg_text(fcinfo, 8);
        s.time_zone = arg_text(fcinfo, 9);
        pg::alter_job(id, s);
        return_job(fcinfo, id);
        return Datum(0);
    });
}

// remove_job(job_id): deletes the job (its run history stays) and returns it as it was.
extern "C" Datum partman_remove_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        return_rows(fcinfo, pg::remove_job(required_id(fcinfo)));
        return Datum(0);
    });
}

// run_job(job_id): asks for a run now and wakes the scheduler, which runs it within a tick (never
// while another run of the same job is going on). Returns the job.
extern "C" Datum partman_run_job(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        int64_t id = required_id(fcinfo);
        pg::request_run(id);
        return_job(fcinfo, id);
        return Datum(0);
    });
}

// vacuum_partitions(parent, full): VACUUM cannot run inside a function, so this queues a one-off
// vacuum job for the scheduler and returns its job id.
extern "C" Datum partman_vacuum_partitions(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "parent must not be NULL");
        int64_t id = pg::queue_vacuum(PG_GETARG_OID(0), !PG_ARGISNULL(1) && PG_GETARG_BOOL(1));
        pmx::worker::wake_scheduler(MyDatabaseId);
        return Int64GetDatum(id);
    });
}

// analyze_partitions(parent): ANALYZE every leaf partition now; one row per partition.
extern "C" Datum partman_analyze_partitions(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        pg::Spi spi;
        if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "parent must not be NULL");
        std::vector<pg::AnalyzeRow> rows = pg::analyze_partitions(PG_GETARG_OID(0));
        pg::SrfOut out(fcinfo);
        for (const pg::AnalyzeRow& r : rows)
            out.add({pg::rel_value(r.parent_oid), pg::rel_value(r.partition_oid), r.rows_before, r.rows_after, std::string(core::to_text(r.action)), r.message, r.duration_ms});
        return Datum(0);
    });
}

}  // namespace pmx
