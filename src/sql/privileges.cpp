// SQL function reapply_privileges: make each partition's privileges match the parent's now
// (the work: src/engine/privileges.cpp); _may_maintain, the rule of who may maintain a set
// (pg::owner_or_admin) for the SQL procedures and views.
#include "engine/checks.hpp"
#include "engine/maintenance.hpp"
#include "engine/privileges.hpp"
#include "pg/catalog.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_reapply_privileges);
PMX_FUNCTION(partman_may_maintain);

namespace pg {
namespace {

Datum reapply_impl(FunctionCallInfo fcinfo) {
    const char* fn = "reapply_privileges";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "revoke_extra", fn);
    require_arg(fcinfo, 2, "dry_run", fn);
    const bool revoke_extra = PG_GETARG_BOOL(1), dry_run = PG_GETARG_BOOL(2);
    Spi spi;
    const Oid parent = PG_GETARG_OID(0);
    std::vector<Oid> partitions;  // of each row
    std::vector<ActionRow> rows = reapply_privileges(parent, revoke_extra, dry_run, &partitions);
    SrfOut out(fcinfo);
    for (size_t i = 0; i < rows.size(); ++i) {
        const ActionRow& r = rows[i];
        out.add({rel_value(parent), rel_value(partitions[i]), std::string(core::to_text(r.action)), r.lower, r.upper, r.message});
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_reapply_privileges(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::reapply_impl(fcinfo); }); }

// _may_maintain(parent regclass) (STRICT): the caller may maintain or change parent's set.
Datum partman_may_maintain(PG_FUNCTION_ARGS) {
    return pg::entry([&] { return BoolGetDatum(pg::owner_or_admin(PG_GETARG_OID(0))); });
}

}  // namespace pmx
