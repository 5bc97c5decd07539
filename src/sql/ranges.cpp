// SQL entry point create_partitions(parent, from, to, dry_run) (issue 10 item 4).
#include "engine/ranges.hpp"
#include "engine/checks.hpp"
#include "engine/maintenance.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_create_partitions);

namespace pg {
namespace {

Datum create_partitions_impl(FunctionCallInfo fcinfo) {
    const char* fn = "create_partitions";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "from", fn);
    require_arg(fcinfo, 2, "to", fn);
    require_arg(fcinfo, 3, "dry_run", fn);
    Spi spi;
    SetConfig cfg = require_set(PG_GETARG_OID(0));
    require_owner(cfg.parent, cfg.parent_text);
    if (cfg.strategy == core::Strategy::bucket)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, cfg.parent_text + " is a bucket set",
                        "create_partitions applies to time and integer sets.",
                        "A bucket set has all its buckets; see create_bucket_partitions().");
    MaintenanceRequest req;
    req.create = req.retire = req.ensure_default = req.reapply_privileges = false;
    req.dry_run = PG_GETARG_BOOL(3);
    {
        SetRuntime rt = open_set(cfg);
        req.range = requested_range(rt, *text_arg(fcinfo, 1), *text_arg(fcinfo, 2));
    }
    std::vector<ActionRow> rows;
    maintain_set(cfg, req, rows);
    if (!req.dry_run) write_log(rows, 0);
    SrfOut out(fcinfo);
    for (const ActionRow& r : rows) out.add(action_columns(r));
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_create_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::create_partitions_impl(fcinfo); }); }

}  // namespace pmx
