// SQL entry points of data movement (docs/data-movement.md): _relocate_step,
// default_relocation_plan, _progress.
#include "engine/relocate.hpp"
#include "engine/checks.hpp"
#include "pg/progress.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "utils/timestamp.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_relocate_step);
PMX_FUNCTION(partman_relocate_plan);
PMX_FUNCTION(partman_progress);

namespace pg {
namespace {

SetConfig range_set(FunctionCallInfo fcinfo, const char* fn) {
    require_arg(fcinfo, 0, "parent", fn);
    SetConfig cfg = require_set(PG_GETARG_OID(0));
    require_owner(cfg.parent, cfg.parent_text);
    if (cfg.strategy == core::Strategy::bucket)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, cfg.parent_text + " is a bucket set",
                        std::string(fn) + " applies to time and integer sets.",
                        "A bucket set's DEFAULT partition (LIST sets) is emptied by create_bucket_partitions().");
    return cfg;
}

std::optional<std::string> opt(const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); }

// One transaction's share of empty_default_partition_proc (and of the scheduler's relocation).
// A lock that stays busy (55P03) is not an error here: the row says 'waiting' and the caller
// tries again after a pause.
Datum relocate_step_impl(FunctionCallInfo fcinfo) {
    const char* fn = "_relocate_step";
    Spi spi;
    SetConfig cfg = range_set(fcinfo, fn);
    int64_t batch = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);
    if (!PG_ARGISNULL(1) && batch <= 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "batch_size must be positive", "Got " + std::to_string(batch) + ".",
                        "Leave it out to use partman_ext.batch_size.");
    bool all = PG_ARGISNULL(2) || PG_GETARG_BOOL(2);
    RelocateStep step;
    std::optional<StepError> err = in_subtransaction([&] { step = relocate_step(cfg, batch, all); });
    if (err && err->sqlstate != "55P03") {
        const char* s = err->sqlstate.c_str();
        const int code = MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
        call([&] {
            ereport(ERROR, (errcode(code), errmsg("%s", err->message.c_str()),
                            err->detail.empty() ? 0 : errdetail("%s", err->detail.c_str())));
        });
    }
    if (err) {
        step = RelocateStep{};
        step.row.action = core::RelocateAction::waiting;
        step.row.sqlstate = err->sqlstate;
        step.row.message = "55P03: " + err->message + "; trying again";
    }
    SrfOut out(fcinfo);
    out.add({std::string(step.done ? "true" : "false"), std::string(core::to_text(step.row.action)), opt(step.row.partition), step.row.lower,
             step.row.upper, std::to_string(step.row.rows), opt(step.row.message),
             step.movement ? std::optional<std::string>(std::to_string(step.movement)) : std::nullopt});
    return (Datum)0;
}

Datum relocate_plan_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    SetConfig cfg = range_set(fcinfo, "default_relocation_plan");
    bool all = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    SrfOut out(fcinfo);
    for (const RelocateRow& r : relocate_plan(cfg, all))
        out.add({std::string(core::to_text(r.action)), opt(r.partition), r.lower, r.upper, std::to_string(r.rows), opt(r.message)});
    return (Datum)0;
}

std::string timestamp_text(TimestampTz t) {
    return call([&] { return static_cast<const char*>(timestamptz_to_str(t)); });
}

Datum progress_impl(FunctionCallInfo fcinfo) {
    SrfOut out(fcinfo);
    for (const progress::Slot& s : progress::snapshot())
        out.add({std::to_string(s.pid), std::to_string(s.parent),
                 s.movement ? std::optional<std::string>(std::to_string(s.movement)) : std::nullopt, std::string(s.step),
                 std::string(s.target), std::to_string(s.rows_done),
                 s.rows_estimated >= 0 ? std::optional<std::string>(std::to_string(s.rows_estimated)) : std::nullopt,
                 timestamp_text(s.started), timestamp_text(s.updated)});
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_relocate_step(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::relocate_step_impl(fcinfo); }); }
Datum partman_relocate_plan(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::relocate_plan_impl(fcinfo); }); }
Datum partman_progress(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::progress_impl(fcinfo); }); }

}  // namespace pmx
