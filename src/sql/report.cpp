// partman_ext._bar(): the bars of partition_report(format => 'text') (sql/install/58_report.sql),
// drawn by the same code as the command-line client's (src/core/bars.cpp).
#include "core/bars.hpp"
#include "core/error.hpp"
#include "pg/srf.hpp"

extern "C" {
#include "utils/builtins.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_report_bar);

namespace pg {
namespace {

// _bar(value float8, scale float8, width int, charset text, mark float8): NULL value -> NULL.
Datum bar_impl(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    const double value = PG_GETARG_FLOAT8(0);
    const double scale = PG_ARGISNULL(1) ? 0.0 : PG_GETARG_FLOAT8(1);
    core::BarStyle style;
    if (!PG_ARGISNULL(2)) style.width = PG_GETARG_INT32(2);
    const std::string charset = text_arg(fcinfo, 3).value_or("unicode");
    const std::optional<core::Charset> cs = core::parse_charset(charset);
    if (!cs)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "unknown charset \"" + charset + "\" for bars",
                        "Bars are drawn with Unicode block characters or with ASCII '#'.",
                        "Use 'unicode' or 'ascii'.");
    style.charset = *cs;
    std::optional<double> mark;
    if (PG_NARGS() > 4 && !PG_ARGISNULL(4)) mark = PG_GETARG_FLOAT8(4);
    std::string drawn;
    try {
        drawn = core::bar(value, scale, style, mark);
    } catch (const core::InvalidArgument& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), e.detail(), e.hint());
    }
    text* out = call([&] { return cstring_to_text_with_len(drawn.data(), static_cast<int>(drawn.size())); });
    PG_RETURN_TEXT_P(out);
}

}  // namespace
}  // namespace pg

extern "C" Datum partman_report_bar(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::bar_impl(fcinfo); }); }

}  // namespace pmx
