// Naming templates (src/core/naming.hpp): parsing, rendering, the 63-byte limit, inference.
#include "core/error.hpp"
#include "core/naming.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

namespace {

const Interval kMonth{Interval::Kind::Months, 1};
const Interval kYear{Interval::Kind::Months, 12};
const Interval kDay{Interval::Kind::Micros, kUsecPerDay};
const Interval kHour{Interval::Kind::Micros, kUsecPerHour};
const Interval kInt{Interval::Kind::Integer, 1000};

std::string render(const std::string& tmpl, const Interval& iv, const std::string& parent, int64_t start) {
    return Naming::parse(tmpl, iv).render(parent, start);
}

}  // namespace

TEST(NamingTemplate, RendersTokens) {
    EXPECT_EQ(render("events_YYYY_MM", kMonth, "events", from_civil(2026, 11, 1)), "events_2026_11");
    EXPECT_EQ(render("PARENT_YYYY_MM", kMonth, "events", from_civil(2027, 1, 1)), "events_2027_01");
    EXPECT_EQ(render("PARENT_pYYYYMMDD", kDay, "log", from_civil(2026, 2, 3)), "log_p20260203");
    EXPECT_EQ(render("PARENT_YYYY_MM_DD_HH24MI", kHour, "m", from_civil(2026, 2, 3, 6)), "m_2026_02_03_0600");
    EXPECT_EQ(render("PARENT_y_YYYY", kYear, "t", from_civil(2026, 1, 1)), "t_y_2026");
    EXPECT_EQ(render("PARENT_MM_YYYY", kMonth, "t", from_civil(2026, 3, 1)), "t_03_2026");
    EXPECT_EQ(render("PARENT_pYYYY_MM", kMonth, "t", from_civil(-43, 3, 1)), "t_p0044bc_03");
    EXPECT_EQ(render("ids_LOWER", kInt, "ids", 3000), "ids_3000");
    EXPECT_EQ(render("PARENT_pLOWER", kInt, "ids", -1000), "ids_pm1000");
    EXPECT_EQ(render("PARENT_pLOWER", kInt, "ids", INT64_MIN), "ids_pm9223372036854775808");
}

TEST(NamingTemplate, QuotedTextIsLiteral) {
    // MI and DD inside MIDDLE would be tokens without the quotes.
    EXPECT_EQ(render("\"MIDDLE\"_YYYY_MM", kMonth, "x", from_civil(2026, 5, 1)), "MIDDLE_2026_05");
    Naming n = Naming::parse("\"MIDDLE\"_YYYY_MM", kMonth);
    EXPECT_EQ(n.text(), "\"MIDDLE_\"YYYY_MM");
    EXPECT_EQ(Naming::parse(n.text(), kMonth).render("x", from_civil(2026, 5, 1)), "MIDDLE_2026_05");
    EXPECT_EQ(Naming::parse("events_YYYY_MM", kMonth).text(), "events_YYYY_MM");
}

TEST(NamingTemplate, RefusesTemplatesThatCannotNameTheSet) {
    EXPECT_THROW(Naming::parse("", kMonth), InvalidArgument);
    EXPECT_THROW(Naming::parse("events", kMonth), InvalidArgument);            // no bound token
    EXPECT_THROW(Naming::parse("events_YYYY", kMonth), InvalidArgument);       // months collide
    EXPECT_THROW(Naming::parse("events_YYYY_MM", kDay), InvalidArgument);      // days collide
    EXPECT_THROW(Naming::parse("events_YYYY_MM_DD", kHour), InvalidArgument);  // hours collide
    EXPECT_THROW(Naming::parse("events_LOWER", kMonth), InvalidArgument);      // LOWER in a time set
    EXPECT_THROW(Naming::parse("ids_YYYY", kInt), InvalidArgument);            // a date in an integer set
    EXPECT_THROW(Naming::parse("\"events_YYYY_MM", kMonth), InvalidArgument);  // unclosed quote
    EXPECT_THROW(Naming::parse("PARENT_" + std::string(60, 'x') + "YYYY_MM", kMonth), InvalidArgument);  // > 63 bytes after the head
    EXPECT_NO_THROW(Naming::parse("events_YYYY", kYear));
    EXPECT_NO_THROW(Naming::parse("events_YYYY_MM_DD", kDay));
    try {
        Naming::parse("events_YYYY", kMonth);
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_NE(e.detail().find("MM"), std::string::npos);
        EXPECT_FALSE(e.hint().empty());
    }
}

TEST(NamingTemplate, LongNamesKeepTheirSuffix) {
    const std::string parent(70, 'a');
    std::string n = render("PARENT_pYYYY_MM", kMonth, parent, from_civil(2026, 11, 1));
    EXPECT_EQ(n.size(), kMaxIdentifierBytes);
    EXPECT_EQ(n.substr(n.size() - 9), "_p2026_11");
    // Without PARENT the head is the text before the separator ahead of the first bound token.
    const std::string head(60, 'e');
    n = render(head + "_YYYY_MM", kMonth, "x", from_civil(2026, 11, 1));
    EXPECT_EQ(n.size(), kMaxIdentifierBytes);
    EXPECT_EQ(n.substr(n.size() - 8), "_2026_11");
    // A UTF-8 character is never cut in half.
    std::string utf(30, 'a');
    for (int i = 0; i < 20; ++i) utf += "\xc3\xa9";  // é
    n = render("PARENT_YYYY_MM", kMonth, utf, from_civil(2026, 11, 1));
    EXPECT_LE(n.size(), kMaxIdentifierBytes);
    EXPECT_EQ(n.substr(n.size() - 8), "_2026_11");
    EXPECT_NE(static_cast<unsigned char>(n[n.size() - 9]), 0xc3);
}

TEST(NamingInference, AdoptedStyleIsFound) {
    std::vector<std::pair<std::string, int64_t>> parts = {{"events_2026_11", from_civil(2026, 11, 1)},
                                                          {"events_2026_12", from_civil(2026, 12, 1)}};
    std::optional<std::string> t = infer_naming(parts, "events", kMonth);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, "PARENT_YYYY_MM");
    EXPECT_EQ(Naming::parse(*t, kMonth).render("events", from_civil(2027, 1, 1)), "events_2027_01");

    t = infer_naming({{"ev202611", from_civil(2026, 11, 1)}}, "events", kMonth);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, "evYYYYMM");

    t = infer_naming({{"log_2026-02-03", from_civil(2026, 2, 3)}, {"log_2026-02-04", from_civil(2026, 2, 4)}}, "log", kDay);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, "PARENT_YYYY-MM-DD");

    t = infer_naming({{"ids_0", 0}, {"ids_1000", 1000}, {"ids_m1000", -1000}}, "ids", kInt);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, "PARENT_LOWER");
    EXPECT_EQ(Naming::parse(*t, kInt).render("ids", -2000), "ids_m2000");

    t = infer_naming({{"Events_2026_11", from_civil(2026, 11, 1)}}, "events", kMonth);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, "\"Events_\"YYYY_MM");
}

TEST(NamingInference, NoTemplateWhenNamesDisagreeOrAreDefault) {
    // Two styles in one set.
    EXPECT_FALSE(infer_naming({{"events_2026_11", from_civil(2026, 11, 1)}, {"events_p2026_12", from_civil(2026, 12, 1)}},
                              "events", kMonth));
    // Names that do not say the bound.
    EXPECT_FALSE(infer_naming({{"events_a", from_civil(2026, 11, 1)}}, "events", kMonth));
    EXPECT_FALSE(infer_naming({{"events_2026_10", from_civil(2026, 11, 1)}}, "events", kMonth));
    // Too coarse for the interval: a monthly set named by years.
    EXPECT_FALSE(infer_naming({{"events_2026", from_civil(2026, 1, 1)}}, "events", kMonth));
    // The default style: nothing to remember.
    EXPECT_FALSE(infer_naming({{"payment_p2022_01", from_civil(2022, 1, 1)}, {"payment_p2022_02", from_civil(2022, 2, 1)}},
                              "payment", kMonth));
    EXPECT_FALSE(infer_naming({}, "events", kMonth));
}

}  // namespace pmx
