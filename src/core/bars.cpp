// Horizontal bars in text; see bars.hpp.
#include "core/bars.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {
namespace {

const char* const kFull = "\u2588";
// 1/8 .. 7/8 of a cell, left-aligned: U+258F U+258E U+258D U+258C U+258B U+258A U+2589.
const char* const kEighths[8] = {"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589"};
const char* const kMarkUnicode = "\u2502";

double clamp_to_scale(double v, double scale) {
    if (!std::isfinite(v) || v <= 0) return 0;
    return std::min(v, scale);
}

}  // namespace

std::string bar(double value, double scale, const BarStyle& style, std::optional<double> mark) {
    if (style.width < 1 || style.width > 1000)
        throw InvalidArgument("bar width must be between 1 and 1000",
                              "The width given is " + std::to_string(style.width) + ".");
    const bool unicode = style.charset == Charset::Unicode;
    const int cells_total = style.width + (mark ? 1 : 0);
    std::vector<std::string> cells(cells_total, " ");
    const bool drawable = std::isfinite(scale) && scale > 0;

    if (drawable) {
        const double v = clamp_to_scale(value, scale);
        const double length = style.width * v / scale;  // in cells
        if (unicode) {
            long eighths = std::lround(length * 8);
            if (eighths == 0 && v > 0) eighths = 1;
            const long full = eighths / 8;
            for (long i = 0; i < full; ++i) cells[i] = kFull;
            if (eighths % 8) cells[full] = kEighths[eighths % 8];
        } else {
            const long full = std::lround(length);
            for (long i = 0; i < full; ++i) cells[i] = "#";
            if (full == 0 && v > 0) cells[0] = ".";
        }
        if (mark) {
            const double m = clamp_to_scale(*mark, scale);
            const long at = std::lround(style.width * m / scale);
            cells[at] = unicode ? kMarkUnicode : "|";
        }
    }
    std::string out;
    out.reserve(cells_total * 3);
    for (const std::string& c : cells) out += c;
    return out;
}

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;  // count every byte that starts a code point
    return n;
}

std::optional<Charset> parse_charset(std::string_view name) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "unicode" || lower == "utf8" || lower == "utf-8") return Charset::Unicode;
    if (lower == "ascii") return Charset::Ascii;
    return std::nullopt;
}

}  // namespace core

}  // namespace pmx
