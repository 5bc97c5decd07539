// rebalancing_recommendations(parent): the SQL entry point; the work is src/engine/rebalance.cpp.
#include "engine/rebalance.hpp"
#include "pg/spi.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_rebalancing_recommendations);

namespace pg {
namespace {

Datum recommend_impl(FunctionCallInfo fcinfo) {
    std::optional<Oid> parent = PG_NARGS() > 0 && !PG_ARGISNULL(0) ? std::optional<Oid>(PG_GETARG_OID(0)) : std::nullopt;
    Spi spi;
    std::vector<TextRow> rows = rebalancing_recommendations(parent);
    SrfOut out(fcinfo);
    for (const TextRow& r : rows) out.add(r);
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_rebalancing_recommendations(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::recommend_impl(fcinfo); }); }

}  // namespace pmx
