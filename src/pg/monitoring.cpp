// Partition bounds of many sets at once, for the monitoring views (sql/install/50_monitoring.sql).
// list_partitions() also measures every partition (rows, bytes) and works out its status; the views
// measure only what they show, so they read bounds here: the relcache partition descriptor through
// pg::read_parent, never partition names and never relpartbound text.
#include "pg/catalog.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

#include <vector>

extern "C" {
PG_FUNCTION_INFO_V1(partman_monitoring_bounds);
Datum partman_monitoring_bounds(PG_FUNCTION_ARGS);
}

namespace pg {
namespace {

std::vector<Oid> oid_array_arg(FunctionCallInfo fcinfo, int n) {
    std::vector<Oid> out;
    if (PG_ARGISNULL(n)) return out;
    Datum* elems = nullptr;
    bool* nulls = nullptr;
    int count = 0;
    call([&] {
        ArrayType* arr = PG_GETARG_ARRAYTYPE_P(n);
        deconstruct_array(arr, OIDOID, sizeof(Oid), true, TYPALIGN_INT, &elems, &nulls, &count);
    });
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        if (!nulls[i]) out.push_back(DatumGetObjectId(elems[i]));
    return out;
}

// One row per partition of each parent: parent, partition, is_default, lower and upper bound as the
// key type prints them (MINVALUE / MAXVALUE when open; NULL unless single-column RANGE). A parent
// that is gone or no longer partitioned has no rows.
Datum bounds_impl(FunctionCallInfo fcinfo) {
    std::vector<Oid> parents = oid_array_arg(fcinfo, 0);
    SrfOut out(fcinfo);
    for (Oid parent : parents) {
        ParentInfo info;
        try {
            info = read_parent(parent, nullptr);
        } catch (const UserError&) {
            continue;  // dropped or not partitioned: nothing to show
        }
        const std::string parent_oid = std::to_string(parent);
        const bool range = info.strategy == 'r' && info.key_count == 1;
        for (const PartitionInfo& p : info.partitions) {
            std::optional<std::string> lo, hi;
            if (range) {
                lo = p.lo_open ? std::string("MINVALUE") : datum_text(p.lo_datum, info.key_type_oid);
                hi = p.hi_open ? std::string("MAXVALUE") : datum_text(p.hi_datum, info.key_type_oid);
            }
            out.add({parent_oid, std::to_string(p.oid), std::string("false"), lo, hi});
        }
        if (info.default_partition)
            out.add({parent_oid, std::to_string(info.default_partition->oid), std::string("true"), std::nullopt,
                     std::nullopt});
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_monitoring_bounds(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::bounds_impl(fcinfo); }); }
