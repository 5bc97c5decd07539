// GoogleTest for printing the partman_ext client's output (src/cli/lib/render.cpp).
#include "cli/lib/render.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace cli;

namespace {

ResultSet rows(std::vector<Column> cols, std::vector<std::vector<Value>> data, std::vector<std::string> json = {}) {
    ResultSet r;
    r.columns = std::move(cols);
    r.rows = std::move(data);
    r.json = std::move(json);
    return r;
}

RenderStyle ascii(int width) {
    RenderStyle s;
    s.bars = core::BarStyle{width, core::Charset::Ascii};
    return s;
}

}  // namespace

TEST(CliRender, CellText) {
    EXPECT_EQ(cell_text(std::nullopt, Kind::Text), "");
    EXPECT_EQ(cell_text(std::string("0.6144000000000001"), Kind::Number), "0.6144");
    EXPECT_EQ(cell_text(std::string("-0.19440000000000002"), Kind::Number), "-0.1944");
    EXPECT_EQ(cell_text(std::string("0.250000001"), Kind::Number), "0.25");
    EXPECT_EQ(cell_text(std::string("-0.0000001"), Kind::Number), "0");
    EXPECT_EQ(cell_text(std::string("40.36"), Kind::Number), "40.36");       // 4 decimals or fewer: as printed
    EXPECT_EQ(cell_text(std::string("1e-05"), Kind::Number), "1e-05");
    EXPECT_EQ(cell_text(std::string("12345"), Kind::Number), "12345");
    EXPECT_EQ(cell_text(std::string("0.123456789"), Kind::Text), "0.123456789");  // text is never touched
}

TEST(CliRender, AlignedTable) {
    Section s;
    s.title = "Partition sets";
    s.result = rows({{"parent_table", Kind::Text}, {"partitions", Kind::Number}, {"status", Kind::Text}},
                    {{std::string("app.events"), std::string("12"), std::string("HEALTHY")},
                     {std::string("b"), std::string("4"), std::nullopt}});
    EXPECT_EQ(render_table(s, ascii(10)),
              "Partition sets\n"
              " parent_table | partitions | status\n"
              "--------------+------------+---------\n"
              " app.events   |         12 | HEALTHY\n"
              " b            |          4 |\n"
              "(2 rows)\n");
}

TEST(CliRender, ShownColumnsSkipWhatTheServerLacks) {
    Section s;
    s.result = rows({{"a", Kind::Text}, {"b", Kind::Text}}, {{std::string("x"), std::string("y")}});
    s.shown = {"b", "gone", "a"};
    EXPECT_EQ(render_table(s, ascii(10)), " b | a\n---+---\n y | x\n(1 row)\n");
}

TEST(CliRender, BarsScaledPerGroupWithMarks) {
    Section s;
    s.result = rows({{"set", Kind::Text}, {"strategy", Kind::Text}, {"v", Kind::Number}, {"even", Kind::Number}},
                    {{std::string("s1"), std::string("bucket"), std::string("10"), std::string("5")},
                     {std::string("s1"), std::string("bucket"), std::string("5"), std::string("5")},
                     {std::string("s2"), std::string("time"), std::string("1"), std::string("5")},
                     {std::string("s2"), std::string("time"), std::nullopt, std::string("5")}});
    s.shown = {"set", "v"};
    s.chart = Chart{"v", "even", "set", "bar", "strategy", "bucket"};
    // s1: scale 10 with the even line at 5 (the mark takes a cell of the longer bar); s2 is not a
    // bucket set: no mark, and its own scale (1); NULL: no bar.
    const std::string t = render_table(s, ascii(10));
    EXPECT_NE(t.find(" s1  | 10 | #####|####\n"), std::string::npos) << t;
    EXPECT_NE(t.find(" s1  |  5 | #####|\n"), std::string::npos) << t;
    EXPECT_NE(t.find(" s2  |  1 | ##########\n"), std::string::npos) << t;
    EXPECT_NE(t.find(" s2  |    |\n"), std::string::npos) << t;
}

TEST(CliRender, UnicodeWidthAligns) {
    Section s;
    s.result = rows({{"name", Kind::Text}, {"n", Kind::Number}},
                    {{std::string("caf\u00e9"), std::string("1")}, {std::string("ab"), std::string("2")}});
    s.chart = Chart{"n", "", "", "bar", "", ""};
    RenderStyle u;
    u.bars = core::BarStyle{4, core::Charset::Unicode};
    EXPECT_EQ(render_table(s, u),
              " name | n | bar\n"
              "------+---+------\n"
              " caf\u00e9 | 1 | \u2588\u2588\n"
              " ab   | 2 | \u2588\u2588\u2588\u2588\n"
              "(2 rows)\n");
}

TEST(CliRender, Alerts) {
    Section s;
    s.title = "Alerts";
    s.style = Section::Style::Alerts;
    s.result = rows({{"severity", Kind::Text}, {"code", Kind::Text}, {"parent_table", Kind::Text},
                     {"partition_name", Kind::Text}, {"message", Kind::Text}, {"recommendation", Kind::Text}},
                    {{std::string("warning"), std::string("ROWS_IN_DEFAULT"), std::string("a.e"), std::string("a.e_default"),
                      std::string("it holds rows"), std::string("Move them.")},
                     {std::string("info"), std::string("HIGH_GROWTH"), std::string("a.e"), std::nullopt,
                      std::string("it grew"), std::nullopt}});
    EXPECT_EQ(render_alerts(s),
              "Alerts\n"
              "warning ROWS_IN_DEFAULT a.e a.e_default: it holds rows\n"
              "    -> Move them.\n"
              "info HIGH_GROWTH a.e -: it grew\n");
    s.result.rows.clear();
    EXPECT_EQ(render_alerts(s), "Alerts\n(none)\n");
}

TEST(CliRender, TextOutputWithStatusAndParts) {
    Output part;
    part.command = "plan";
    part.summary = "nothing to do";
    Section a;
    a.title = "T";
    a.result = rows({{"x", Kind::Text}}, {});
    part.sections = {a};
    Output out;
    out.command = "full";
    out.status = Status::Warning;
    out.summary = "2 sets: 1 WARNING, 1 HEALTHY";
    out.parts = {part};
    EXPECT_EQ(render_text(out, ascii(5)),
              "full: WARNING - 2 sets: 1 WARNING, 1 HEALTHY\n"
              "\n=== plan ===\n"
              "plan: nothing to do\n"
              "\nT\n x\n---\n(0 rows)\n");
}

TEST(CliRender, JsonDocument) {
    Output part;
    part.command = "sizes";
    Section p;
    p.key = "partitions";
    p.result = rows({{"a", Kind::Number}}, {{std::string("1")}, {std::string("2")}}, {"{\"a\":1}", "{\"a\":2}"});
    part.sections = {p};
    Output out;
    out.command = "full";
    out.generated_at = "2026-06-15T12:00:00+00:00";
    out.status = Status::Critical;
    out.summary = "s";
    Section empty;
    empty.key = "alerts";
    out.sections = {empty};
    out.parts = {part};
    EXPECT_EQ(render_json(out),
              "{\n"
              "  \"command\": \"full\",\n"
              "  \"generated_at\": \"2026-06-15T12:00:00+00:00\",\n"
              "  \"status\": \"CRITICAL\",\n"
              "  \"summary\": \"s\",\n"
              "  \"alerts\": [],\n"
              "  \"sizes\": {\n"
              "    \"command\": \"sizes\",\n"
              "    \"partitions\": [\n"
              "      {\"a\":1},\n"
              "      {\"a\":2}\n"
              "    ]\n"
              "  }\n"
              "}\n");
}

}  // namespace pmx
