// GoogleTest for the partman_ext client's commands (src/cli/lib/commands.cpp) over a fake database:
// which views and functions each command asks, with which parameters, and how it judges.
#include "cli/lib/commands.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace cli;

namespace {

struct Call {
    std::string sql;
    std::vector<Value> params;
};

// Answers each query with the first canned result whose key the SQL contains (empty otherwise).
class FakeDb : public Db {
public:
    std::vector<Call> calls;
    std::vector<std::pair<std::string, ResultSet>> answers;

    ResultSet query(const std::string& sql, const std::vector<Value>& params) override {
        calls.push_back({sql, params});
        for (const auto& [key, rs] : answers)
            if (sql.find(key) != std::string::npos) return rs;
        return ResultSet{};
    }
    bool asked(const std::string& part) const {
        for (const Call& c : calls)
            if (c.sql.find(part) != std::string::npos) return true;
        return false;
    }
    const Call& call_with(const std::string& part) const {
        for (const Call& c : calls)
            if (c.sql.find(part) != std::string::npos) return c;
        throw std::runtime_error("no query with " + part);
    }
};

ResultSet column_of(const char* name, std::vector<const char*> values) {
    ResultSet r;
    r.columns = {{name, Kind::Text}};
    for (const char* v : values) {
        r.rows.push_back({std::string(v)});
        r.json.push_back(std::string("{\"") + name + "\":\"" + v + "\"}");
    }
    return r;
}

Options opts(std::vector<std::string> args) { return parse_args(args); }

}  // namespace

TEST(CliStatus, Words) {
    EXPECT_EQ(status_of("HEALTHY"), Status::Ok);
    EXPECT_EQ(status_of("CLEANUP_NEEDED"), Status::Ok);
    EXPECT_EQ(status_of("INSUFFICIENT_DATA"), Status::Ok);
    EXPECT_EQ(status_of("WARNING"), Status::Warning);
    EXPECT_EQ(status_of("REBALANCE_RECOMMENDED"), Status::Warning);
    EXPECT_EQ(status_of("CRITICAL"), Status::Critical);
    EXPECT_EQ(status_of("NO_PARTITIONS"), Status::Critical);
    EXPECT_EQ(status_of("SOMETHING_NEW"), Status::Unknown);
    EXPECT_EQ(worst(Status::Ok, Status::Warning), Status::Warning);
    EXPECT_EQ(worst(Status::Critical, Status::Warning), Status::Critical);
    EXPECT_EQ(worst(Status::Unknown, Status::Ok), Status::Unknown);
    EXPECT_EQ(worst(Status::Unknown, Status::Warning), Status::Warning);
}

TEST(CliCommands, HealthJudgesBySetStatus) {
    FakeDb db;
    db.answers = {{"partition_health_summary", column_of("status", {"HEALTHY", "CRITICAL", "WARNING", "HEALTHY"})}};
    Output out = run_command(db, opts({"health"}));
    ASSERT_TRUE(out.status);
    EXPECT_EQ(*out.status, Status::Critical);
    EXPECT_EQ(exit_status(out), 2);
    EXPECT_EQ(out.summary, "4 sets: 1 CRITICAL, 1 WARNING, 2 HEALTHY");
    ASSERT_EQ(out.sections.size(), 2u);
    EXPECT_EQ(out.sections[0].key, "sets");
    EXPECT_EQ(out.sections[1].key, "alerts");
    EXPECT_EQ(out.sections[1].style, Section::Style::Alerts);
    EXPECT_TRUE(db.asked("partman_ext.check_partition_health($1::regclass)"));
    EXPECT_FALSE(db.asked("part_config"));  // no --parent: no lookup
    // NULL parent: every set.
    EXPECT_FALSE(db.call_with("partition_health_summary").params.at(0).has_value());

    FakeDb healthy;
    healthy.answers = {{"partition_health_summary", column_of("status", {"HEALTHY", "CLEANUP_NEEDED"})}};
    EXPECT_EQ(exit_status(run_command(healthy, opts({"health"}))), 0);
    FakeDb none;
    Output empty = run_command(none, opts({"health"}));
    EXPECT_EQ(exit_status(empty), 0);
    EXPECT_EQ(empty.summary, "no partition set is registered");
}

TEST(CliCommands, ParentIsLookedUpAndPassed) {
    FakeDb db;
    db.answers = {{"FROM partman_ext.part_config", column_of("strategy", {"time"})}};
    Output out = run_command(db, opts({"sizes", "--parent", "app.events"}));
    const Call& c = db.call_with("v_partition_sizes");
    ASSERT_EQ(c.params.size(), 1u);
    EXPECT_EQ(c.params[0], "app.events");
    EXPECT_NE(c.sql.find("parent_table::regclass = $1::regclass"), std::string::npos);
    EXPECT_TRUE(out.sections.at(0).chart.has_value());
    EXPECT_FALSE(out.status);  // sizes does not judge
    EXPECT_EQ(exit_status(out), 0);

    FakeDb unknown;  // not in part_config
    EXPECT_THROW(run_command(unknown, opts({"health", "--parent", "nope"})), DbError);
}

TEST(CliCommands, SkewOfANonBucketSetIsEmpty) {
    FakeDb db;
    db.answers = {{"FROM partman_ext.part_config", column_of("strategy", {"integer"})}};
    Output out = run_command(db, opts({"skew", "--parent", "app.ids"}));
    EXPECT_FALSE(db.asked("analyze_partition_skew"));
    EXPECT_EQ(out.summary, "app.ids is not a bucket set");
    EXPECT_EQ(exit_status(out), 0);
    EXPECT_TRUE(out.sections.at(0).result.json.empty());
}

TEST(CliCommands, SkewExactAndStatus) {
    FakeDb db;
    db.answers = {{"analyze_partition_skew", column_of("status", {"HEALTHY", "REBALANCE_RECOMMENDED", "INSUFFICIENT_DATA"})}};
    Output out = run_command(db, opts({"skew", "--exact"}));
    EXPECT_EQ(db.call_with("analyze_partition_skew").params.at(1), "true");
    EXPECT_EQ(exit_status(out), 1);
    EXPECT_EQ(out.summary, "3 partitions: 1 REBALANCE_RECOMMENDED, 1 HEALTHY, 1 INSUFFICIENT_DATA");
}

TEST(CliCommands, PlanIsADryRun) {
    FakeDb db;
    db.answers = {{"run_partition_maintenance", column_of("action", {"would create", "would drop", "would create"})}};
    Output out = run_command(db, opts({"plan"}));
    EXPECT_NE(db.call_with("run_partition_maintenance").sql.find("run_partition_maintenance($1::regclass, true)"),
              std::string::npos);
    EXPECT_EQ(out.summary, "3 actions: 2 would create, 1 would drop");
    FakeDb idle;
    EXPECT_EQ(run_command(idle, opts({"plan"})).summary, "nothing to do");
}

TEST(CliCommands, FullRunsEveryReportButRefresh) {
    FakeDb db;
    db.answers = {{"partition_distribution", column_of("status", {"WARNING"})},
                  {"partition_health_summary", column_of("status", {"HEALTHY"})}};
    Output out = run_command(db, opts({"full"}));
    std::vector<std::string> parts;
    for (const Output& p : out.parts) parts.push_back(p.command);
    EXPECT_EQ(parts, (std::vector<std::string>{"health", "distribution", "sizes", "hot", "skew", "collections", "plan"}));
    EXPECT_EQ(exit_status(out), 1);  // the worst of the parts
    EXPECT_FALSE(db.asked("refresh_key_statistics"));
    EXPECT_TRUE(db.asked("partition_writes_per_hour($1::regclass, 24)"));
}

TEST(CliCommands, QueriesNameTheirColumns) {
    for (const std::string& c : command_names()) {
        FakeDb db;
        run_command(db, opts({c}));
        for (const Call& call : db.calls) {
            EXPECT_EQ(call.sql.find("SELECT *"), std::string::npos) << c << ": " << call.sql;
            EXPECT_EQ(call.sql.find(" * FROM"), std::string::npos) << c << ": " << call.sql;
        }
        EXPECT_TRUE(db.asked("partman_ext.clock()")) << c;  // generated_at
    }
}

TEST(CliCommands, RowsBecomeJsonOnTheServer) {
    FakeDb db;
    run_command(db, opts({"collections"}));
    const Call& c = db.call_with("key_statistics");
    EXPECT_NE(c.sql.find("pg_catalog.to_json(t) AS " + std::string(kJsonColumn)), std::string::npos);
    EXPECT_NE(c.sql.find("ORDER BY t.parent_table::text, t.row_count DESC, t.key_value"), std::string::npos);
}

}  // namespace pmx
