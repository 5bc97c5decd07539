// Printing a command's output: aligned tables with bars (as psql's aligned format), or JSON
// (pure C++).
#pragma once

#include "cli/lib/output.hpp"
#include "core/bars.hpp"

#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

struct RenderStyle {
    core::BarStyle bars;
};

// A value as a table cell: NULL is empty; floating-point numbers with more than 4 decimals are
// rounded to 4 (trailing zeros dropped); everything else as PostgreSQL printed it.
std::string cell_text(const Value& v, Kind kind);

// psql-like aligned table of the shown columns (+ the chart's bars), with "(N rows)".
std::string render_table(const Section& s, const RenderStyle& style);
// "severity code set partition: message" and "    -> recommendation", one alert per two lines.
std::string render_alerts(const Section& s);
std::string render_text(const Output& out, const RenderStyle& style);

// {"command": .., "generated_at": .., "status": .., "summary": .., <section key>: [rows],
// <part command>: {...}} with one row object per line.
std::string render_json(const Output& out);

}  // namespace cli

}  // namespace pmx
