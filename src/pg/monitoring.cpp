// Catalog reads for the monitoring views (sql/install/50_monitoring.sql) that never wait for a lock:
// monitoring must keep answering while maintenance or an application holds a table.
//  * _bounds: partition bounds of many sets at once, from the relcache partition descriptor through
//    pg::read_parent (never partition names, never relpartbound text). list_partitions() also
//    measures every partition; the views measure only what they show.
//  * _rel_sizes: heap, total and index bytes of one relation.
//  * _lockable: whether a relation can be read now.
// Each takes AccessShareLock only if it is free at once; a relation locked by another session is
// skipped (no rows / NULL / false). _rel_sizes releases it at once (one per partition); _bounds and
// _lockable keep it to the end of the transaction (one per set, or per probed default partition).
#include "pg/catalog.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/syscache.h"
}

#include <vector>

extern "C" {
PG_FUNCTION_INFO_V1(partman_monitoring_bounds);
PG_FUNCTION_INFO_V1(partman_monitoring_rel_sizes);
PG_FUNCTION_INFO_V1(partman_monitoring_lockable);
Datum partman_monitoring_bounds(PG_FUNCTION_ARGS);
Datum partman_monitoring_rel_sizes(PG_FUNCTION_ARGS);
Datum partman_monitoring_lockable(PG_FUNCTION_ARGS);
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
// that is locked, gone or no longer partitioned has no rows.
Datum bounds_impl(FunctionCallInfo fcinfo) {
    std::vector<Oid> parents = oid_array_arg(fcinfo, 0);
    SrfOut out(fcinfo);
    for (Oid parent : parents) {
        if (!lock_now(parent)) continue;
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

// (heap_bytes, total_bytes, index_bytes) of a relation: pg_relation_size (main fork),
// pg_table_size + pg_indexes_size (= pg_total_relation_size), pg_indexes_size; NULLs when it is
// locked by another session or gone.
Datum rel_sizes_impl(FunctionCallInfo fcinfo) {
    Oid relid = PG_GETARG_OID(0);
    TupleDesc desc = nullptr;
    call([&] {
        if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
            elog(ERROR, "_rel_sizes must return a composite type");
        desc = BlessTupleDesc(desc);
    });
    Datum values[3] = {0, 0, 0};
    bool nulls[3] = {true, true, true};
    if (lock_now(relid)) {
        values[0] = call([&] {
            return DirectFunctionCall2(pg_relation_size, ObjectIdGetDatum(relid), CStringGetTextDatum("main"));
        });
        // total = table (heap forks + TOAST) + indexes, as pg_total_relation_size adds them; asking
        // for both parts separately measures each file once.
        Datum table = call([&] { return DirectFunctionCall1(pg_table_size, ObjectIdGetDatum(relid)); });
        values[2] = call([&] { return DirectFunctionCall1(pg_indexes_size, ObjectIdGetDatum(relid)); });
        values[1] = Int64GetDatum(DatumGetInt64(table) + DatumGetInt64(values[2]));
        nulls[0] = nulls[1] = nulls[2] = false;
        // Released at once, as the size functions do: a view over thousands of partitions must not
        // fill the lock table (max_locks_per_transaction).
        call([&] { UnlockRelationOid(relid, AccessShareLock); });
    }
    return call([&] { return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)); });
}

}  // namespace
}  // namespace pg

Datum partman_monitoring_bounds(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::bounds_impl(fcinfo); }); }
Datum partman_monitoring_rel_sizes(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::rel_sizes_impl(fcinfo); }); }
Datum partman_monitoring_lockable(PG_FUNCTION_ARGS) {
    return pg::entry([&] { return BoolGetDatum(pg::lock_now(PG_GETARG_OID(0))); });
}
