// Lock-free catalog reads for the monitoring views (see monitoring.hpp).
#include "engine/monitoring.hpp"

#include "pg/catalog.hpp"

extern "C" {
#include "storage/lmgr.h"
#include "utils/builtins.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::vector<BoundRow> partition_bounds(const std::vector<Oid>& parents) {
    std::vector<BoundRow> out;
    for (Oid parent : parents) {
        if (!lock_now(parent)) continue;
        ParentInfo info;
        try {
            info = read_parent(parent, nullptr);
        } catch (const UserError&) {
            continue;  // dropped or not partitioned: nothing to show
        }
        const bool range = info.strategy == 'r' && info.key_count == 1;
        for (const PartitionInfo& p : info.partitions) {
            BoundRow row{parent, p.oid, false, std::nullopt, std::nullopt};
            if (range) {
                row.lower = p.lo_open ? std::string("MINVALUE") : datum_text(p.lo_datum, info.key_type_oid);
                row.upper = p.hi_open ? std::string("MAXVALUE") : datum_text(p.hi_datum, info.key_type_oid);
            }
            out.push_back(std::move(row));
        }
        if (info.default_partition)
            out.push_back(BoundRow{parent, info.default_partition->oid, true, std::nullopt, std::nullopt});
    }
    return out;
}

std::optional<RelSizes> rel_sizes(Oid relid) {
    if (!lock_now(relid)) return std::nullopt;
    RelSizes s;
    s.heap = call([&] {
        return (int64)DatumGetInt64(DirectFunctionCall2(pg_relation_size, ObjectIdGetDatum(relid), CStringGetTextDatum("main")));
    });
    // total = table (heap forks + TOAST) + indexes, as pg_total_relation_size adds them; asking
    // for both parts separately measures each file once.
    int64_t table = call([&] { return (int64)DatumGetInt64(DirectFunctionCall1(pg_table_size, ObjectIdGetDatum(relid))); });
    s.index = call([&] { return (int64)DatumGetInt64(DirectFunctionCall1(pg_indexes_size, ObjectIdGetDatum(relid))); });
    s.total = table + s.index;
    // Released at once, as the size functions do: a view over thousands of partitions must not
    // fill the lock table (max_locks_per_transaction).
    call([&] { UnlockRelationOid(relid, AccessShareLock); });
    return s;
}

}  // namespace pg

}  // namespace pmx
