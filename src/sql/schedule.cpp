// SQL functions about schedules: job_next_run(job_id, after) and schedule_next_runs(schedule,
// time_zone, after, count). Both compute with the scheduler's own code (src/engine/job_schedule.cpp).
#include "engine/job_schedule.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_job_next_run);
PMX_FUNCTION(partman_schedule_next_runs);

namespace {

using pg::UserError;
using pmx::worker::Schedule;

std::string text_arg(FunctionCallInfo fcinfo, int n) {
    return pg::call([&] { return static_cast<const char*>(TextDatumGetCString(PG_GETARG_DATUM(n))); });
}

TimestampTz after_arg(FunctionCallInfo fcinfo, int n) {
    return PG_ARGISNULL(n) ? pmx::clock_now() : PG_GETARG_TIMESTAMPTZ(n);
}

}  // namespace

// job_next_run(job_id, after): the job's first regular run strictly after `after`.
extern "C" Datum partman_job_next_run(PG_FUNCTION_ARGS) {
    return pg::entry([&]() -> Datum {
        if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "job_id must not be NULL");
        int64_t id = PG_GETARG_INT64(0);
        TimestampTz after = after_arg(fcinfo, 1);
        pg::Spi spi;
        std::optional<TimestampTz> t = pmx::worker::job_next_run(id, after);
        if (!t) {
            fcinfo->isnull = true;
            return (Datum)0;
        }
        return TimestampTzGetDatum(*t);
    });
}

// schedule_next_runs(schedule, time_zone, after, count): the next `count` firings of a schedule.
extern "C" Datum partman_schedule_next_runs(PG_FUNCTION_ARGS) {
    return pg::entry([&] {
        if (PG_ARGISNULL(0)) throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "schedule must not be NULL");
        Schedule s = pmx::worker::schedule_from_text(text_arg(fcinfo, 0),
                                                     PG_ARGISNULL(1) ? std::string("UTC") : text_arg(fcinfo, 1));
        TimestampTz after = after_arg(fcinfo, 2);
        int count = PG_ARGISNULL(3) ? 5 : PG_GETARG_INT32(3);
        if (count < 1 || count > 1000)
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "count must be between 1 and 1000", "",
                            "Ask for fewer runs, e.g. count => 10.");
        pmx::worker::check_schedule(s);
        auto* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        if (!rsinfo || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
            throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED, "schedule_next_runs() must be called where a set is accepted",
                            "", "Call it in FROM: SELECT * FROM partman_ext.schedule_next_runs('0 3 * * *').");
        std::vector<TimestampTz> runs = pmx::worker::next_runs(s, after, count);
        pg::call([&] {
            MemoryContext old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
            TupleDesc desc = CreateTemplateTupleDesc(1);
            TupleDescInitEntry(desc, 1, "schedule_next_runs", TIMESTAMPTZOID, -1, 0);
            rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
            rsinfo->setDesc = desc;
            rsinfo->returnMode = SFRM_Materialize;
            MemoryContextSwitchTo(old);
        });
        for (TimestampTz t : runs) {
            Datum value = TimestampTzGetDatum(t);
            bool isnull = false;
            pg::call([&] { tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull); });
        }
        return (Datum)0;
    });
}

}  // namespace pmx
