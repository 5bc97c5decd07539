// The C functions behind the monitoring views (sql/install/50_monitoring.sql): _bounds,
// _rel_sizes, _lockable, _partition_periods (the engine's periods.hpp). Lock-free reads (src/engine/monitoring.cpp): a relation locked by another
// session is skipped (no rows / NULL / false).
#include "engine/monitoring.hpp"
#include "engine/periods.hpp"
#include "pg/catalog.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
}

#include <unordered_set>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_monitoring_bounds);
PMX_FUNCTION(partman_monitoring_rel_sizes);
PMX_FUNCTION(partman_monitoring_lockable);
PMX_FUNCTION(partman_partition_periods);

namespace {

std::vector<Oid> oid_array_arg(FunctionCallInfo fcinfo, int n) {
    std::vector<Oid> out;
    if (PG_ARGISNULL(n)) return out;
    Datum* elems = nullptr;
    bool* nulls = nullptr;
    int count = 0;
    pg::call([&] {
        ArrayType* arr = PG_GETARG_ARRAYTYPE_P(n);
        deconstruct_array(arr, OIDOID, sizeof(Oid), true, TYPALIGN_INT, &elems, &nulls, &count);
    });
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        if (!nulls[i]) out.push_back(DatumGetObjectId(elems[i]));
    return out;
}

// _bounds(parents oid[]): parent, partition, is_default, lower, upper.
Datum bounds_impl(FunctionCallInfo fcinfo) {
    std::vector<pg::BoundRow> rows = pg::partition_bounds(oid_array_arg(fcinfo, 0));
    pg::SrfOut out(fcinfo);
    for (const pg::BoundRow& r : rows)
        out.add({std::to_string(r.parent), std::to_string(r.partition), std::string(r.is_default ? "true" : "false"),
                 r.lower, r.upper});
    return (Datum)0;
}

// _partition_periods(parents oid[], holding_rows oid[]): parent, partition, period, beyond_retention.
Datum periods_impl(FunctionCallInfo fcinfo) {
    std::vector<Oid> holding = oid_array_arg(fcinfo, 1);
    std::vector<pg::PeriodRow> rows;
    {
        pg::Spi spi;  // the sets' configuration
        rows = pg::partition_periods(oid_array_arg(fcinfo, 0), std::unordered_set<Oid>(holding.begin(), holding.end()));
    }
    pg::SrfOut out(fcinfo);
    for (const pg::PeriodRow& r : rows)
        out.add({std::to_string(r.parent), std::to_string(r.partition), std::string(pg::period_text(r.period)),
                 std::string(r.beyond_retention ? "true" : "false")});
    return (Datum)0;
}

// _rel_sizes(relid): (heap_bytes, total_bytes, index_bytes), NULLs when locked or gone.
Datum rel_sizes_impl(FunctionCallInfo fcinfo) {
    Oid relid = PG_GETARG_OID(0);
    TupleDesc desc = nullptr;
    pg::call([&] {
        if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
            elog(ERROR, "_rel_sizes must return a composite type");
        desc = BlessTupleDesc(desc);
    });
    Datum values[3] = {0, 0, 0};
    bool nulls[3] = {true, true, true};
    if (std::optional<pg::RelSizes> s = pg::rel_sizes(relid)) {
        values[0] = Int64GetDatum(s->heap);
        values[1] = Int64GetDatum(s->total);
        values[2] = Int64GetDatum(s->index);
        nulls[0] = nulls[1] = nulls[2] = false;
    }
    return pg::call([&] { return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)); });
}

}  // namespace

Datum partman_monitoring_bounds(PG_FUNCTION_ARGS) { return pg::entry([&] { return bounds_impl(fcinfo); }); }
Datum partman_monitoring_rel_sizes(PG_FUNCTION_ARGS) { return pg::entry([&] { return rel_sizes_impl(fcinfo); }); }
Datum partman_partition_periods(PG_FUNCTION_ARGS) { return pg::entry([&] { return periods_impl(fcinfo); }); }
Datum partman_monitoring_lockable(PG_FUNCTION_ARGS) {
    return pg::entry([&] { return BoolGetDatum(pg::lock_now(PG_GETARG_OID(0))); });
}

}  // namespace pmx
