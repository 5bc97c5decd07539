#include "core/kinds.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace {

// Every enumerator's text parses back to it, and nothing else parses.
template <typename E, typename Parse>
void round_trip(std::initializer_list<E> all, Parse parse) {
    for (E e : all) {
        auto back = parse(core::to_text(e));
        ASSERT_TRUE(back.has_value()) << core::to_text(e);
        EXPECT_EQ(*back, e);
    }
}

}  // namespace

TEST(Kinds, TextsRoundTrip) {
    using namespace core;
    round_trip({Strategy::time, Strategy::integer, Strategy::bucket}, parse_strategy);
    round_trip({RetentionMode::drop, RetentionMode::detach, RetentionMode::archive}, parse_retention_mode);
    round_trip({JobKind::maintenance, JobKind::analyze, JobKind::vacuum, JobKind::statistics, JobKind::health,
                JobKind::sampling},
               parse_job_kind);
    round_trip({RunStatus::running, RunStatus::succeeded, RunStatus::failed, RunStatus::cancelled, RunStatus::skipped},
               parse_run_status);
}

TEST(Kinds, TextsAreWhatTheTablesStore) {
    EXPECT_STREQ(core::to_text(core::Strategy::integer), "integer");
    EXPECT_STREQ(core::to_text(core::RetentionMode::archive), "archive");
    EXPECT_STREQ(core::to_text(core::JobKind::statistics), "statistics");
    EXPECT_STREQ(core::to_text(core::RunStatus::cancelled), "cancelled");
}

TEST(Kinds, UnknownTextIsNotAValue) {
    EXPECT_FALSE(core::parse_strategy("Time"));  // exact, as stored
    EXPECT_FALSE(core::parse_strategy(""));
    EXPECT_FALSE(core::parse_retention_mode("truncate"));
    EXPECT_FALSE(core::parse_job_kind("vacuum full"));
    EXPECT_FALSE(core::parse_run_status("ok"));
}

TEST(Kinds, PerSetJobKinds) {
    EXPECT_TRUE(core::per_set(core::JobKind::maintenance));
    EXPECT_TRUE(core::per_set(core::JobKind::statistics));
    EXPECT_FALSE(core::per_set(core::JobKind::health));
    EXPECT_FALSE(core::per_set(core::JobKind::sampling));
}

}  // namespace pmx
