// GoogleTest for the text bars shared by partition_report() and the partman_ext client.
#include "core/bars.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

namespace {
BarStyle unicode(int width) { return BarStyle{width, Charset::Unicode}; }
BarStyle ascii(int width) { return BarStyle{width, Charset::Ascii}; }
}  // namespace

TEST(Bars, UnicodeEighths) {
    EXPECT_EQ(bar(10, 10, unicode(4)), "\u2588\u2588\u2588\u2588");
    EXPECT_EQ(bar(5, 10, unicode(4)), "\u2588\u2588  ");
    // 3.3 of 10 on 10 cells: 3 cells and 2/8 (26.4 eighths rounded).
    EXPECT_EQ(bar(3.3, 10, unicode(10)), "\u2588\u2588\u2588\u258E      ");
    EXPECT_EQ(bar(0.5, 10, unicode(10)), "\u258C         ");  // half a cell
    EXPECT_EQ(bar(7.0 / 8, 1, unicode(1)), "\u2589");       // 7/8
    EXPECT_EQ(bar(1.0 / 8, 1, unicode(1)), "\u258F");       // 1/8
}

TEST(Bars, AsciiWholeCells) {
    EXPECT_EQ(bar(3.3, 10, ascii(10)), "###       ");
    EXPECT_EQ(bar(3.6, 10, ascii(10)), "####      ");
    EXPECT_EQ(bar(10, 10, ascii(5)), "#####");
}

TEST(Bars, SmallButNotNothing) {
    EXPECT_EQ(bar(0.001, 10, unicode(3)), "\u258F  ");
    EXPECT_EQ(bar(0.001, 10, ascii(3)), ".  ");
    EXPECT_EQ(bar(0, 10, unicode(3)), "   ");
    EXPECT_EQ(bar(0, 10, ascii(3)), "   ");
}

TEST(Bars, ClampedAndDegenerate) {
    EXPECT_EQ(bar(20, 10, ascii(4)), "####");  // beyond the scale fills the line
    EXPECT_EQ(bar(-5, 10, ascii(4)), "    ");
    EXPECT_EQ(bar(5, 0, ascii(4)), "    ");    // no scale: nothing to draw
    EXPECT_EQ(bar(5, -1, unicode(4)), "    ");
    EXPECT_EQ(bar(std::nan(""), 10, ascii(2)), "  ");
}

TEST(Bars, MarkInsideAndBeyond) {
    // Line of 10 cells + 1 for the mark; mark at 5 of 10 -> cell 5.
    EXPECT_EQ(bar(5, 10, ascii(10), 5.0), "#####|     ");
    EXPECT_EQ(bar(2, 10, ascii(10), 5.0), "##   |     ");
    EXPECT_EQ(bar(8, 10, ascii(10), 5.0), "#####|##   ");  // the mark takes a cell; the bar still ends at 8
    EXPECT_EQ(bar(10, 10, unicode(4), 10.0), "\u2588\u2588\u2588\u2588\u2502");  // ends at the mark
    EXPECT_EQ(bar(0, 10, unicode(4), 5.0), "  \u2502  ");
}

TEST(Bars, ConstantWidth) {
    for (double v : {0.0, 0.01, 1.0, 2.5, 3.3, 7.77, 9.99, 10.0, 50.0}) {
        EXPECT_EQ(display_width(bar(v, 10, unicode(12))), 12u) << v;
        EXPECT_EQ(display_width(bar(v, 10, ascii(12))), 12u) << v;
        EXPECT_EQ(display_width(bar(v, 10, unicode(12), 4.0)), 13u) << v;
        EXPECT_EQ(display_width(bar(v, 10, ascii(12), 40.0)), 13u) << v;  // a mark beyond the scale is clamped
    }
}

TEST(Bars, WidthChecked) {
    EXPECT_THROW(bar(1, 1, ascii(0)), InvalidArgument);
    EXPECT_THROW(bar(1, 1, ascii(1001)), InvalidArgument);
    EXPECT_NO_THROW(bar(1, 1, ascii(1000)));
}

TEST(Bars, DisplayWidthAndCharsetNames) {
    EXPECT_EQ(display_width("abc"), 3u);
    EXPECT_EQ(display_width("\u2588\u258F|"), 3u);
    EXPECT_EQ(display_width("caf\u00e9"), 4u);
    EXPECT_EQ(parse_charset("Unicode"), Charset::Unicode);
    EXPECT_EQ(parse_charset("UTF8"), Charset::Unicode);
    EXPECT_EQ(parse_charset("ascii"), Charset::Ascii);
    EXPECT_FALSE(parse_charset("latin1").has_value());
}

}  // namespace pmx
