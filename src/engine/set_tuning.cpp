// Naming template and health thresholds of a set (see set_tuning.hpp).
#include "engine/set_tuning.hpp"

#include "core/error.hpp"
#include "core/naming.hpp"
#include "core/skew.hpp"
#include "engine/ddl.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
}

#include <cmath>
#include <cstdio>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// The settings reset => .. may put back to their defaults (the column defaults of part_config).
constexpr const char* kResettable[] = {"naming",          "skew_warning",       "skew_rebalance",
                                       "skew_critical",   "max_partition_bytes", "max_partition_rows",
                                       "max_monthly_growth", "min_future_partitions"};

std::string resettable_list() {
    std::string s;
    for (const char* n : kResettable) s += std::string(s.empty() ? "" : ", ") + n;
    return s;
}

std::optional<double> float_at(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_FLOAT8(n);
}

std::optional<int64_t> int8_at(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_INT64(n);
}

std::optional<int64_t> int4_at(FunctionCallInfo fcinfo, int n) {
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_INT32(n);
}

std::vector<std::string> text_array_at(FunctionCallInfo fcinfo, int n) {
    std::vector<std::string> out;
    if (PG_NARGS() <= n || PG_ARGISNULL(n)) return out;
    ArrayType* a = PG_GETARG_ARRAYTYPE_P(n);
    Datum* items = nullptr;
    bool* nulls = nullptr;
    int count = 0;
    call([&] { deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &count); });
    for (int i = 0; i < count; ++i)
        if (!nulls[i]) out.push_back(call([&] { return static_cast<const char*>(TextDatumGetCString(items[i])); }));
    return out;
}

Param float_param(std::optional<double> v) {
    if (!v) return Param{FLOAT8OID, std::nullopt};
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", *v);
    return Param{FLOAT8OID, std::string(buf)};
}

// Reported at the check that called it (its caller's place, not this line).
[[noreturn]] void bad(const std::string& message, const std::string& detail, const std::string& hint,
                      SourceLocation where = SourceLocation::here()) {
    throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, message, detail, hint, where);
}

void require_positive(std::optional<double> v, const char* what, const char* unit) {
    if (v && !(*v > 0 && std::isfinite(*v)))
        bad(std::string(what) + " must be a positive number", std::string(what) + " was " + std::to_string(*v) + ".",
            std::string("It is ") + unit + "; leave it NULL to keep the set's value, or reset => '{" + what + "}' for the default.");
}

}  // namespace

std::optional<std::string> registration_naming(const std::optional<std::string>& given, const ParentInfo& info,
                                               const core::Interval& iv) {
    if (given) {
        if (given->empty()) return std::nullopt;
        return set_naming(*given, iv).text();
    }
    std::vector<std::pair<std::string, int64_t>> adopted;
    for (const PartitionInfo& p : info.partitions)
        if (!p.lo_open) adopted.emplace_back(p.name(), p.lo);
    return core::infer_naming(adopted, info.name, iv);
}

void update_tuning(FunctionCallInfo fcinfo, int first, const SetConfig& cfg) {
    if (PG_NARGS() <= first) return;  // an older definition without these arguments
    const std::optional<std::string> naming = text_arg(fcinfo, first);
    const std::optional<double> warning = float_at(fcinfo, first + 1), rebalance = float_at(fcinfo, first + 2),
                                critical = float_at(fcinfo, first + 3), growth = float_at(fcinfo, first + 6);
    const std::optional<int64_t> max_bytes = int8_at(fcinfo, first + 4), max_rows = int8_at(fcinfo, first + 5),
                                 min_future = int4_at(fcinfo, first + 7);
    const std::vector<std::string> reset = text_array_at(fcinfo, first + 8);
    if (!naming && !warning && !rebalance && !critical && !growth && !max_bytes && !max_rows && !min_future && reset.empty())
        return;

    std::string reset_sql;
    for (const std::string& r : reset) {
        bool known = false;
        for (const char* n : kResettable) known = known || r == n;
        if (!known)
            bad("update_partition_set cannot reset \"" + r + "\"", "reset names settings to put back to their defaults.",
                "Settings that reset takes: " + resettable_list() + ".");
        reset_sql += std::string(reset_sql.empty() ? "" : ", ") + ident(r) + " = DEFAULT";
    }
    std::optional<std::string> template_text;
    if (naming) {
        if (cfg.strategy == core::Strategy::bucket)
            bad("naming applies to time and integer sets", cfg.parent_text + " is a bucket set; its buckets are named <parent>_part_NN.",
                "Leave naming NULL for bucket sets.");
        if (!naming->empty()) template_text = set_naming(*naming, open_set(cfg).interval).text();
    }
    require_positive(growth, "max_monthly_growth", "a fraction: 0.5 raises HIGH_GROWTH when a month has over 50% more rows than the month before");
    if ((max_bytes && *max_bytes <= 0) || (max_rows && *max_rows <= 0))
        bad("max_partition_bytes and max_partition_rows must be positive",
            "A partition above them is reported PARTITION_TOO_LARGE / PARTITION_TOO_MANY_ROWS.",
            "Defaults: 5368709120 bytes (5 GB) and 10000000 rows (seed 003); reset => '{max_partition_bytes}' puts one back.");
    if (min_future && *min_future < 0)
        bad("min_future_partitions must be 0 or more", "It was " + std::to_string(*min_future) + ".",
            "INSUFFICIENT_PREMAKE is raised when fewer future partitions exist; NULL (reset) follows premake.");

    AsUser ext(extension_owner());
    if (!reset_sql.empty())
        exec("UPDATE partman_ext.part_config SET " + reset_sql + " WHERE parent_table = $1::oid", {oid_param(cfg.parent)});
    Rows r = query(
        "UPDATE partman_ext.part_config SET "
        "naming = CASE WHEN $2 THEN NULL ELSE coalesce($3, naming) END, "
        "skew_warning = coalesce($4, skew_warning), skew_rebalance = coalesce($5, skew_rebalance), "
        "skew_critical = coalesce($6, skew_critical), max_partition_bytes = coalesce($7, max_partition_bytes), "
        "max_partition_rows = coalesce($8, max_partition_rows), max_monthly_growth = coalesce($9, max_monthly_growth), "
        "min_future_partitions = coalesce($10, min_future_partitions), updated_at = now() "
        "WHERE parent_table = $1::oid RETURNING skew_warning, skew_rebalance, skew_critical",
        {oid_param(cfg.parent), bool_param(naming && naming->empty()), text_param(template_text), float_param(warning),
         float_param(rebalance), float_param(critical), int8_param(max_bytes), int8_param(max_rows), float_param(growth),
         int8_param(min_future)});
    core::SkewThresholds t;
    t.warning = std::stod(r.str(0, 0));
    t.rebalance = std::stod(r.str(0, 1));
    t.critical = std::stod(r.str(0, 2));
    try {
        core::validate_thresholds(t);  // what the set ends up with: an error undoes the call
    } catch (const core::InvalidArgument& e) {
        bad(e.what(), e.detail(), e.hint());
    }
}

}  // namespace pg

}  // namespace pmx
