// partman_ext.create_bucket_partitions(parent, buckets, lock_timeout, skew_warning,
// skew_rebalance, skew_critical) (the work: src/engine/bucket_create.cpp).
#include "engine/bucket_create.hpp"
#include "engine/checks.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_create_bucket_partitions);

namespace pg {
namespace {

std::optional<double> float_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_FLOAT8(n);
}

Datum create_impl(FunctionCallInfo fcinfo) {
    const char* fn = "create_bucket_partitions";
    require_arg(fcinfo, 0, "parent", fn);
    require_arg(fcinfo, 1, "buckets", fn);
    BucketRequest req;
    req.parent = PG_GETARG_OID(0);
    req.buckets = PG_GETARG_INT32(1);
    if (PG_NARGS() > 2 && !PG_ARGISNULL(2)) req.lock_timeout = PG_GETARG_DATUM(2);
    req.warning = float_arg(fcinfo, 3);
    req.rebalance = float_arg(fcinfo, 4);
    req.critical = float_arg(fcinfo, 5);
    Spi spi;
    std::vector<ActionRow> rows = create_bucket_partitions(req);
    SrfOut out(fcinfo);
    for (const ActionRow& r : rows) out.add(action_columns(r));
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_create_bucket_partitions(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::create_impl(fcinfo); }); }

}  // namespace pmx
