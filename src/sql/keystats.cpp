// Heavy keys of bucket sets: refresh_key_statistics(parent, top_keys, exact_below_rows,
// sample_rows) and rebalancing_recommendations(parent) (the work: src/engine/keystats.cpp).
#include "engine/keystats.hpp"
#include "engine/skew.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

PMX_FUNCTION(partman_refresh_key_statistics);
PMX_FUNCTION(partman_rebalancing_recommendations);

namespace pg {
namespace {

std::optional<Oid> parent_arg(FunctionCallInfo fcinfo) {
    return PG_NARGS() > 0 && !PG_ARGISNULL(0) ? std::optional<Oid>(PG_GETARG_OID(0)) : std::nullopt;
}

Datum refresh_impl(FunctionCallInfo fcinfo) {
    RefreshOptions opt;
    if (PG_NARGS() > 1 && !PG_ARGISNULL(1)) opt.top_keys = PG_GETARG_INT32(1);
    if (PG_NARGS() > 2 && !PG_ARGISNULL(2)) opt.exact_below_rows = PG_GETARG_INT64(2);
    if (PG_NARGS() > 3 && !PG_ARGISNULL(3)) opt.sample_rows = PG_GETARG_INT64(3);
    Spi spi;
    std::vector<KeyStatsSummary> rows = refresh_key_statistics(parent_arg(fcinfo), opt);
    SrfOut out(fcinfo);
    for (const KeyStatsSummary& r : rows)
        out.add({r.parent, std::to_string(r.partitions), std::to_string(r.keys), std::string(r.sampled ? "true" : "false"),
                 r.sample_percent, std::to_string(r.rows_examined), std::to_string(r.estimated_rows),
                 fmt_double(r.max_error_bound), fmt_double(r.duration_ms)});
    return (Datum)0;
}

Datum recommend_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    std::vector<Recommendation> rows = rebalancing_recommendations(parent_arg(fcinfo));
    SrfOut out(fcinfo);
    for (const Recommendation& r : rows) {
        const core::Advice& a = r.advice;
        out.add(TextRow{r.parent, a.partition.empty() ? std::nullopt : std::optional<std::string>(a.partition), a.text,
                        a.kind, a.status, a.skew_factor ? std::optional<std::string>(fmt_double(*a.skew_factor)) : std::nullopt,
                        array_literal(a.keys, true)});
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_refresh_key_statistics(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::refresh_impl(fcinfo); }); }
Datum partman_rebalancing_recommendations(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::recommend_impl(fcinfo); }); }
