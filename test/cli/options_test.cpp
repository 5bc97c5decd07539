// GoogleTest for the partman_ext client's command line (src/cli/lib/options.cpp).
#include "cli/lib/options.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace cli;

namespace {
Options parse(std::initializer_list<const char*> args) {
    return parse_args(std::vector<std::string>(args.begin(), args.end()));
}
}  // namespace

TEST(CliOptions, CommandAndDefaults) {
    Options o = parse({"health"});
    EXPECT_EQ(o.command, "health");
    EXPECT_EQ(o.format, Format::Table);
    EXPECT_FALSE(o.parent);
    EXPECT_FALSE(o.charset);
    EXPECT_EQ(o.bar_width, 30);
    EXPECT_FALSE(o.host || o.port || o.user || o.dbname);
    for (const std::string& c : command_names()) EXPECT_EQ(parse({c.c_str()}).command, c);
}

TEST(CliOptions, LongOptionsBothForms) {
    Options o = parse({"--format=json", "skew", "--parent", "app.events", "--exact", "--bar-width=12",
                       "--charset", "ascii", "--set", "statement_timeout=5s", "--set=partman_ext.mock_now=2026-06-15 12:00+00"});
    EXPECT_EQ(o.command, "skew");
    EXPECT_EQ(o.format, Format::Json);
    EXPECT_EQ(o.parent, "app.events");
    EXPECT_TRUE(o.exact);
    EXPECT_EQ(o.bar_width, 12);
    EXPECT_EQ(o.charset, core::Charset::Ascii);
    ASSERT_EQ(o.settings.size(), 2u);
    EXPECT_EQ(o.settings[0], std::make_pair(std::string("statement_timeout"), std::string("5s")));
    EXPECT_EQ(o.settings[1].first, "partman_ext.mock_now");
    EXPECT_EQ(o.settings[1].second, "2026-06-15 12:00+00");  // only the first '=' splits
    EXPECT_FALSE(parse({"hot", "--charset=unicode", "--charset=auto"}).charset);
}

TEST(CliOptions, PsqlConnectionOptions) {
    Options o = parse({"-h", "/tmp", "-p5433", "-U", "alice", "-d", "host=db1 dbname=app", "-w", "plan"});
    EXPECT_EQ(o.host, "/tmp");
    EXPECT_EQ(o.port, "5433");
    EXPECT_EQ(o.user, "alice");
    EXPECT_EQ(o.dbname, "host=db1 dbname=app");
    EXPECT_TRUE(o.no_password);
    Options l = parse({"--host=h", "--port", "1", "--username=u", "--dbname=postgresql://x/y", "--password", "sizes"});
    EXPECT_EQ(l.host, "h");
    EXPECT_EQ(l.port, "1");
    EXPECT_EQ(l.user, "u");
    EXPECT_EQ(l.dbname, "postgresql://x/y");
    EXPECT_TRUE(l.force_password);
    EXPECT_EQ(parse({"--db-url", "postgresql://a/b", "full"}).dbname, "postgresql://a/b");  // seed 000's option
}

TEST(CliOptions, PositionalDatabaseAndUser) {
    Options o = parse({"health", "appdb", "bob"});
    EXPECT_EQ(o.dbname, "appdb");
    EXPECT_EQ(o.user, "bob");
    EXPECT_THROW(parse({"health", "-d", "x", "appdb"}), UsageError);
    EXPECT_THROW(parse({"health", "-U", "x", "appdb", "bob"}), UsageError);
    EXPECT_THROW(parse({"health", "a", "b", "c"}), UsageError);
}

TEST(CliOptions, BundledFlagsAndDoubleDash) {
    Options o = parse({"-w?"});
    EXPECT_TRUE(o.no_password);
    EXPECT_TRUE(o.help);
    Options d = parse({"health", "--", "-weird-db-name"});
    EXPECT_EQ(d.dbname, "-weird-db-name");
}

TEST(CliOptions, HelpAndVersionNeedNoCommand) {
    EXPECT_TRUE(parse({"--help"}).help);
    EXPECT_TRUE(parse({"-?"}).help);
    EXPECT_TRUE(parse({"-V"}).version);
    EXPECT_TRUE(parse({"--version", "no-such-command"}).version);
    EXPECT_NE(usage_text().find("--format=FORMAT"), std::string::npos);
    for (const std::string& c : command_names()) EXPECT_NE(usage_text().find("  " + c + " "), std::string::npos) << c;
    EXPECT_EQ(version_text().rfind("partman_ext", 0), 0u);
}

TEST(CliOptions, Mistakes) {
    EXPECT_THROW(parse({}), UsageError);
    EXPECT_THROW(parse({"status"}), UsageError);
    EXPECT_THROW(parse({"health", "--format=xml"}), UsageError);
    EXPECT_THROW(parse({"health", "--format"}), UsageError);
    EXPECT_THROW(parse({"health", "--frmat=json"}), UsageError);
    EXPECT_THROW(parse({"health", "-x"}), UsageError);
    EXPECT_THROW(parse({"health", "--exact=yes"}), UsageError);
    EXPECT_THROW(parse({"health", "--bar-width=0"}), UsageError);
    EXPECT_THROW(parse({"health", "--bar-width=wide"}), UsageError);
    EXPECT_THROW(parse({"health", "--set", "novalue"}), UsageError);
    EXPECT_THROW(parse({"health", "--set", "=x"}), UsageError);
    EXPECT_THROW(parse({"health", "--charset=latin1"}), UsageError);
    EXPECT_THROW(parse({"health", "--parent="}), UsageError);
    EXPECT_THROW(parse({"health", "-w", "-W"}), UsageError);
    EXPECT_THROW(parse({"health", "-p"}), UsageError);
    try {
        parse({"health", "--format=xml"});
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(), "invalid --format \"xml\": use table or json");
    }
}

}  // namespace pmx
