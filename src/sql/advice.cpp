// SQL entry points of partitioning_advice() (issue 10 item 5; docs/data-movement.md). The function
// itself is SQL (sql/install/72_advice.sql: catalog and statistics reads); these two give it the
// recommendation math (src/core/advice.hpp) and the conversion's blockers (engine read_shape, the
// same checks partition_table makes).
#include "core/advice.hpp"
#include "core/error.hpp"
#include "engine/table_shape.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type_d.h"
#include "utils/array.h"
#include "utils/builtins.h"
}

#include <cmath>

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_advice_plan);
PMX_FUNCTION(partman_advice_blockers);

namespace pg {
namespace {

std::optional<double> float_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_FLOAT8(n);
}

// A text[] literal of strings.
std::string array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        out += i ? ",\"" : "\"";
        for (char c : items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string text_of(double v) { return std::to_string(std::llround(v)); }

// _advice_plan(key text, lo, hi, now, rows, bytes, target_bytes, rows_per_day float8): one row.
Datum advice_plan_impl(FunctionCallInfo fcinfo) {
    const std::optional<std::string> key = text_arg(fcinfo, 0);
    core::PartitioningInput in;
    if (key == std::string("time"))
        in.key = core::PartitioningKey::Timestamp;
    else if (key == std::string("date"))
        in.key = core::PartitioningKey::Date;
    else if (key == std::string("integer"))
        in.key = core::PartitioningKey::Integer;
    else
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "unknown key kind \"" + key.value_or("NULL") + "\"",
                        "The kinds are time, date and integer.", "partitioning_advice() calls this function.");
    in.lo = float_arg(fcinfo, 1);
    in.hi = float_arg(fcinfo, 2);
    in.now = float_arg(fcinfo, 3);
    in.rows = float_arg(fcinfo, 4).value_or(-1);
    in.bytes = float_arg(fcinfo, 5).value_or(0);
    in.target_bytes = float_arg(fcinfo, 6).value_or(0);
    in.rows_per_day = float_arg(fcinfo, 7);
    core::PartitioningAdvice a;
    try {
        a = core::advise_partitioning(in);
    } catch (const core::InvalidArgument& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), e.detail(), e.hint());
    }
    SrfOut out(fcinfo);
    out.add({a.strategy, a.interval.empty() ? std::nullopt : std::optional<std::string>(a.interval),
             std::to_string(a.premake), std::to_string(a.partitions), text_of(a.bytes_per_partition),
             text_of(a.rows_per_partition), a.worth ? "true" : "false", array_literal(a.reasons)});
    return Datum(0);
}

// _advice_blockers(source regclass, control name) -> text[]: what stops partition_table.
Datum advice_blockers_impl(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
        throw UserError(ERRCODE_NULL_VALUE_NOT_ALLOWED, "source and control must not be NULL",
                        "_advice_blockers reads what stops partition_table(source, control, ...).",
                        "partitioning_advice() calls this function.");
    const Oid relid = PG_GETARG_OID(0);
    const std::string control = *text_arg(fcinfo, 1);
    Spi spi;
    TableShape s = read_shape(relid, control, true);
    const int n = static_cast<int>(s.blockers.size());
    const std::vector<std::string>& b = s.blockers;
    ArrayType* arr = call([&] {
        Datum* items = static_cast<Datum*>(palloc0(sizeof(Datum) * (n + 1)));
        for (int i = 0; i < n; ++i) items[i] = PointerGetDatum(cstring_to_text_with_len(b[i].data(), static_cast<int>(b[i].size())));
        return construct_array(items, n, TEXTOID, -1, false, TYPALIGN_INT);
    });
    PG_RETURN_ARRAYTYPE_P(arr);
}

}  // namespace
}  // namespace pg

extern "C" Datum partman_advice_plan(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::advice_plan_impl(fcinfo); }); }
extern "C" Datum partman_advice_blockers(PG_FUNCTION_ARGS) {
    return pg::entry([&] { return pg::advice_blockers_impl(fcinfo); });
}

}  // namespace pmx
