// refresh_key_statistics(parent, value_column, time_column, full_refresh): the SQL entry point;
// the work is src/engine/keystats.cpp.
#include "engine/keystats.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_refresh_key_statistics);

namespace pg {
namespace {

Datum refresh_impl(FunctionCallInfo fcinfo) {
    if (PG_NARGS() > 1 && call([&] { return get_fn_expr_argtype(fcinfo->flinfo, 1); }) == INT4OID)
        throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED, "refresh_key_statistics(regclass, integer, bigint, bigint) is the partman_ext 0.1.0 form",
                        "The installed library is a newer version: key statistics now cover every key.",
                        "Run ALTER EXTENSION partman_ext UPDATE.");
    KeyStatsOptions opt;
    opt.value = text_arg(fcinfo, 1);
    opt.time = text_arg(fcinfo, 2);
    opt.full = PG_NARGS() > 3 && !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
    std::optional<Oid> parent = PG_NARGS() > 0 && !PG_ARGISNULL(0) ? std::optional<Oid>(PG_GETARG_OID(0)) : std::nullopt;
    Spi spi;
    std::vector<TextRow> rows = refresh_key_statistics(parent, opt);
    SrfOut out(fcinfo);
    for (const TextRow& r : rows) out.add(r);
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_refresh_key_statistics(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::refresh_impl(fcinfo); }); }

}  // namespace pmx
