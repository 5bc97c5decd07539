// SQL function reapply_privileges: make each partition's privileges match the parent's now.
#include "pg/checks.hpp"
#include "pg/maintenance.hpp"
#include "pg/privileges.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
PG_FUNCTION_INFO_V1(partman_reapply_privileges);
Datum partman_reapply_privileges(PG_FUNCTION_ARGS);
}

namespace pg {
namespace {

Datum reapply_impl(FunctionCallInfo fcinfo) {
    const char* fn = "reapply_privileges";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "revoke_extra", fn);
    require_arg(fcinfo, 2, "dry_run", fn);
    const bool revoke_extra = PG_GETARG_BOOL(1), dry_run = PG_GETARG_BOOL(2);
    Spi spi;
    Oid parent = PG_GETARG_OID(0);
    ParentInfo info = read_parent(parent, nullptr);
    require_owner(parent, info.qualified());
    std::optional<SetConfig> cfg = load_set(parent);
    int64_t lock_ms = cfg && cfg->lock_timeout_ms ? *cfg->lock_timeout_ms : pmx::default_lock_timeout_ms;

    std::vector<PrivilegeChange> changes = privilege_changes(info, revoke_extra);
    std::vector<ActionRow> rows;
    std::vector<Oid> partitions;  // of each row
    for (size_t i = 0; i < changes.size();) {
        size_t j = i;
        while (j < changes.size() && changes[j].relid == changes[i].relid) ++j;
        std::optional<StepError> err;
        std::string skipped;
        if (changes[i].foreign_owner) {
            const std::string& role = changes[i].owner;
            skipped = "owned by " + role + ", not by the parent's owner: left alone (run the statement as " + role + ")";
        } else if (!dry_run) {
            err = in_subtransaction([&] {
                GucScope guc;
                guc.set("lock_timeout", std::to_string(lock_ms));
                apply_privilege_changes(info.owner, changes, i, j);
            });
        }
        for (size_t k = i; k < j; ++k) {
            const PrivilegeChange& c = changes[k];
            ActionRow r;
            r.parent = info.qualified();
            r.parent_oid = parent;
            r.partition = c.partition;
            r.operation = c.grant ? "grant_privileges" : "revoke_privileges";
            r.lower = c.privileges;  // carried to the privileges column below
            r.upper = c.grantee;
            r.message = c.statement();
            if (!skipped.empty()) {
                r.action = "skipped";
                r.message = *r.message + ": " + skipped;
            } else if (dry_run) {
                r.action = c.grant ? "would grant" : "would revoke";
            } else {
                mark_outcome(r, err, c.grant ? "granted" : "revoked");
                if (err) r.message = c.statement() + ": " + r.message.value_or("");
            }
            rows.push_back(r);
            partitions.push_back(c.relid);
        }
        i = j;
    }
    if (!dry_run) write_log(rows, 0);
    SrfOut out(fcinfo);
    for (size_t i = 0; i < rows.size(); ++i) {
        const ActionRow& r = rows[i];
        out.add({rel_value(parent), rel_value(partitions[i]), r.action, r.lower, r.upper, r.message});
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_reapply_privileges(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::reapply_impl(fcinfo); }); }
