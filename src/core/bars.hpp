// Horizontal bar charts in text (pure C++, no PostgreSQL headers): shared by partition_report()
// (through partman_ext._bar, src/pg/report.cpp) and the command-line client (src/cli), so that
// both draw the same pictures.
//
// A bar of `value` on a scale of `scale` fills width * value / scale cells of a line of `width`
// cells (value >= scale fills the line). Unicode bars use full blocks U+2588 and one partial
// block of 1/8 .. 7/8 (U+258F .. U+2589), so a bar is exact to an eighth of a cell; ASCII bars use
// '#', rounded to whole cells. A value above 0 too small to draw gets the smallest mark ('▏' or
// '.'), so "a little" never looks like "nothing".
//
// An optional mark (e.g. the even share 1/N of a bucket) is a vertical line: the line has one
// more cell (width + 1) and the mark takes cell round(width * mark / scale), inside the bar or
// beyond its end, drawn as U+2502 '│' or '|'. A bar that ends exactly at the mark stops just
// before it.
//
// The result always has the same display width (width cells, width + 1 with a mark), padded with
// spaces, so that text after it lines up.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

enum class Charset { Unicode, Ascii };

struct BarStyle {
    int width = 30;                     // cells for the full scale (1 .. 1000)
    Charset charset = Charset::Unicode;
};

// value and mark are clamped to [0, scale]; scale <= 0 (or not finite) draws an empty line.
// Throws core::InvalidArgument when width is out of range.
std::string bar(double value, double scale, const BarStyle& style, std::optional<double> mark = std::nullopt);

// Cells a string takes on a terminal: one per UTF-8 code point (the characters we print, block
// elements included, are one cell wide).
std::size_t display_width(std::string_view s);

// Parses "unicode" / "ascii" (any case); nullopt for anything else.
std::optional<Charset> parse_charset(std::string_view name);

}  // namespace core

}  // namespace pmx
