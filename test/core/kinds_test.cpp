#include "core/kinds.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

// Every action with the exact text partition_action.action shows (expected/*.out hold them).
TEST(Kinds, ActionTexts) {
    using core::Action;
    const std::vector<std::pair<Action, std::string>> all{
        {Action::created, "created"},
        {Action::created_and_moved_rows, "created and moved rows"},
        {Action::dropped, "dropped"},
        {Action::detached, "detached"},
        {Action::archived, "archived"},
        {Action::granted, "granted"},
        {Action::revoked, "revoked"},
        {Action::would_create, "would create"},
        {Action::would_create_and_move_rows, "would create and move rows"},
        {Action::would_drop, "would drop"},
        {Action::would_detach, "would detach"},
        {Action::would_archive, "would archive"},
        {Action::would_grant, "would grant"},
        {Action::would_revoke, "would revoke"},
        {Action::would_fail, "would fail"},
        {Action::retention_pending, "retention pending"},
        {Action::deferred, "deferred"},
        {Action::skipped, "skipped"},
        {Action::failed, "failed"},
    };
    for (const auto& [a, text] : all) {
        EXPECT_EQ(core::to_text(a), text);
        auto back = core::parse_action(text);
        ASSERT_TRUE(back.has_value()) << text;
        EXPECT_EQ(*back, a) << text;
    }
    EXPECT_EQ(all.size(), static_cast<size_t>(Action::failed) + 1);  // every enumerator listed
    EXPECT_FALSE(core::parse_action("would"));
    EXPECT_FALSE(core::parse_action("Created"));
}

// The dry-run form of each done action is its "would ..." text; retention's action follows the mode.
TEST(Kinds, PlannedAndRetiredActions) {
    using core::Action;
    for (Action a : {Action::created, Action::created_and_moved_rows, Action::dropped, Action::detached,
                     Action::archived, Action::granted, Action::revoked, Action::failed}) {
        const Action p = core::planned(a);
        EXPECT_TRUE(core::is_would(p)) << core::to_text(a);
        const std::string text = core::to_text(p);
        EXPECT_EQ(text.rfind("would ", 0), 0u) << text;
    }
    EXPECT_EQ(core::planned(Action::created_and_moved_rows), Action::would_create_and_move_rows);
    EXPECT_EQ(core::planned(Action::deferred), Action::deferred);
    EXPECT_EQ(core::planned(Action::would_drop), Action::would_drop);
    EXPECT_EQ(core::retired(core::RetentionMode::drop), Action::dropped);
    EXPECT_EQ(core::retired(core::RetentionMode::detach), Action::detached);
    EXPECT_EQ(core::retired(core::RetentionMode::archive), Action::archived);
    // "would <mode>": what a dry run of retention shows.
    for (auto m : {core::RetentionMode::drop, core::RetentionMode::detach, core::RetentionMode::archive})
        EXPECT_EQ(std::string(core::to_text(core::planned(core::retired(m)))), std::string("would ") + core::to_text(m));
}

// Plans are exactly the rows whose text starts with "would", plus 'retention pending'.
TEST(Kinds, PlannedActionsAreTheWouldRows) {
    for (size_t i = 0; i <= static_cast<size_t>(core::Action::failed); ++i) {
        const auto a = static_cast<core::Action>(i);
        const std::string text = core::to_text(a);
        EXPECT_EQ(core::is_would(a), text.rfind("would", 0) == 0) << text;
        EXPECT_EQ(core::is_planned(a), text.rfind("would", 0) == 0 || text == "retention pending") << text;
        EXPECT_EQ(core::creates(a), text.find("create") != std::string::npos) << text;
    }
}

// The result rows of relocation, ANALYZE and conversion: every enumerator with the exact text the
// SQL functions and the scheduler's run details show (expected/*.out and the worker tests hold them).
template <typename E, typename Parse>
void texts_exactly(const std::vector<std::pair<E, std::string>>& all, E last, Parse parse) {
    for (const auto& [a, text] : all) {
        EXPECT_EQ(core::to_text(a), text);
        auto back = parse(text);
        ASSERT_TRUE(back.has_value()) << text;
        EXPECT_EQ(*back, a) << text;
    }
    EXPECT_EQ(all.size(), static_cast<size_t>(last) + 1);  // every enumerator listed
}

TEST(Kinds, RowActionTexts) {
    using R = core::RelocateAction;
    texts_exactly<R>({{R::started, "started"}, {R::moved, "moved"}, {R::attached, "attached"}, {R::kept, "kept"},
                      {R::failed, "failed"}, {R::nothing_to_do, "nothing to do"}, {R::in_progress, "in progress"},
                      {R::waiting, "waiting"}, {R::would_relocate, "would relocate"}, {R::stays, "stays"},
                      {R::relocated, "relocated"}, {R::lock_timeout, "lock timeout"}},
                     R::lock_timeout, core::parse_relocate_action);
    using A = core::AnalyzeAction;
    texts_exactly<A>({{A::analyzed, "analyzed"}, {A::skipped, "skipped"}, {A::failed, "failed"}}, A::failed,
                     core::parse_analyze_action);
    using C = core::ConvertAction;
    texts_exactly<C>({{C::ok, "ok"}, {C::blocked, "blocked"}, {C::note, "note"}, {C::paused, "paused"},
                      {C::queued, "queued"}, {C::resumed, "resumed"}, {C::created, "created"},
                      {C::would_copy, "would copy"}, {C::would_create, "would create"}, {C::would_rename, "would rename"},
                      {C::partitions, "partitions"}, {C::copied, "copied"}, {C::verified, "verified"},
                      {C::swapped, "swapped"}, {C::waiting, "waiting"}, {C::done, "done"}, {C::abandoned, "abandoned"}},
                     C::abandoned, core::parse_convert_action);
    EXPECT_FALSE(core::parse_relocate_action("nothing_to_do"));
    EXPECT_FALSE(core::parse_convert_action("Blocked"));
}

TEST(Kinds, PerSetJobKinds) {
    EXPECT_TRUE(core::per_set(core::JobKind::maintenance));
    EXPECT_TRUE(core::per_set(core::JobKind::statistics));
    EXPECT_FALSE(core::per_set(core::JobKind::health));
    EXPECT_FALSE(core::per_set(core::JobKind::sampling));
}

}  // namespace pmx
