// SQL entry points of conversions (issue 10 item 3): partition_table, undo_partition_table and
// _movement_step (one transaction of a conversion; the procedures and the scheduler loop over it).
#include "engine/convert.hpp"
#include "engine/movement.hpp"
#include "engine/checks.hpp"
#include "engine/sets.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"
#include "worker/presence.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_partition_table);
PMX_FUNCTION(partman_undo_partition_table);
PMX_FUNCTION(partman_movement_step);

namespace pg {
namespace {

void emit(SrfOut& out, std::optional<int64_t> movement, const std::vector<ConvertRow>& rows) {
    for (const ConvertRow& r : rows)
        out.add({movement ? std::optional<std::string>(std::to_string(*movement)) : std::nullopt, r.step, r.object,
                 std::string(core::to_text(r.action)), std::to_string(r.rows), r.message});
}

int64_t batch_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return 0;
    int32 b = PG_GETARG_INT32(n);
    if (b <= 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "batch_size must be positive", "Got " + std::to_string(b) + ".",
                        "Leave it out to use partman_ext.batch_size.");
    return b;
}

Datum partition_table_impl(FunctionCallInfo fcinfo) {
    const char* fn = "partition_table";
    require_arg(fcinfo, 0, "source", fn);
    require_arg(fcinfo, 1, "control", fn);
    require_arg(fcinfo, 2, "partition_interval", fn);
    for (int i : {3, 5, 7, 8, 11, 12})
        require_arg(fcinfo, i, i == 3 ? "premake" : i == 5 ? "retention_mode" : i == 7 ? "default_partition" : i == 8 ? "time_zone"
                                                                                  : i == 11 ? "drop_source" : "dry_run", fn);
    Spi spi;
    ConvertRequest r;
    r.source = PG_GETARG_OID(0);
    r.control = *text_arg(fcinfo, 1);
    r.interval_text = *text_arg(fcinfo, 2);
    r.premake = PG_GETARG_INT32(3);
    r.retention = text_arg(fcinfo, 4);
    r.retention_mode = *text_arg(fcinfo, 5);
    r.archive_schema = text_arg(fcinfo, 6);
    r.default_partition = PG_GETARG_BOOL(7);
    r.time_zone = *text_arg(fcinfo, 8);
    if (!PG_ARGISNULL(9)) r.lock_timeout_ms = check_lock_timeout(PG_GETARG_DATUM(9));
    r.batch_size = batch_arg(fcinfo, 10);
    r.drop_source = PG_GETARG_BOOL(11);
    const bool dry_run = PG_GETARG_BOOL(12);
    require_owner(r.source, qualified_name(r.source));
    check_premake(r.premake);
    validate_mode(r.retention_mode, r.archive_schema);
    validate_time_zone(r.time_zone);
    if (load_set(r.source))
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, qualified_name(r.source) + " is already a partition set",
                        "partition_table converts a plain table.", "To change the set, use update_partition_set().");
    SrfOut out(fcinfo);
    if (dry_run) {
        emit(out, conversion_of(r.source), plan_partition_table(r));
        return (Datum)0;
    }
    std::vector<ConvertRow> rows;
    int64_t id = start_partition_table(r, rows);
    pmx::worker::warn_if_no_scheduler("partition_table()");
    emit(out, id, rows);
    return (Datum)0;
}

Datum undo_impl(FunctionCallInfo fcinfo) {
    const char* fn = "undo_partition_table";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 2, "drop_source", fn);
    require_arg(fcinfo, 4, "dry_run", fn);
    Spi spi;
    ConvertRequest r;
    r.source = PG_GETARG_OID(0);
    r.batch_size = batch_arg(fcinfo, 1);
    r.drop_source = PG_GETARG_BOOL(2);
    if (!PG_ARGISNULL(3)) r.lock_timeout_ms = check_lock_timeout(PG_GETARG_DATUM(3));
    const bool dry_run = PG_GETARG_BOOL(4);
    require_owner(r.source, qualified_name(r.source));
    SrfOut out(fcinfo);
    if (dry_run) {
        emit(out, conversion_of(r.source), plan_undo_partition_table(r));
        return (Datum)0;
    }
    std::vector<ConvertRow> rows;
    int64_t id = start_undo_partition_table(r, rows);
    pmx::worker::warn_if_no_scheduler("undo_partition_table()");
    emit(out, id, rows);
    return (Datum)0;
}

// One transaction of a conversion. A lock that stays busy (55P03) is not an error here: the row
// says 'waiting' and the caller tries again after a pause.
Datum step_impl(FunctionCallInfo fcinfo) {
    require_arg(fcinfo, 0, "movement_id", "_movement_step");
    Spi spi;
    const int64_t id = PG_GETARG_INT64(0);
    const int64_t batch = batch_arg(fcinfo, 1);
    std::optional<Movement> m = load_movement(id);
    if (m) require_owner(m->source, qualified_name(m->source));
    ConvertStep step;
    std::optional<StepError> err = in_subtransaction([&] { step = conversion_step(id, batch); });
    if (err && err->sqlstate != "55P03") {
        const char* s = err->sqlstate.c_str();
        const int code = MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
        call([&] {
            ereport(ERROR, (errcode(code), errmsg("%s", err->message.c_str()),
                            err->detail.empty() ? 0 : errdetail("%s", err->detail.c_str())));
        });
    }
    if (err) {
        step = ConvertStep{};
        step.action = core::ConvertAction::waiting;
        step.message = "55P03: " + err->message + "; trying again";
    }
    SrfOut out(fcinfo);
    out.add({std::string(step.done ? "true" : "false"), std::string(core::to_text(step.action)), std::to_string(step.rows), step.message});
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_partition_table(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::partition_table_impl(fcinfo); }); }
Datum partman_undo_partition_table(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::undo_impl(fcinfo); }); }
Datum partman_movement_step(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::step_impl(fcinfo); }); }

}  // namespace pmx
