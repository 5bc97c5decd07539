// Bounded planning (issue 9): the present first, gap fill capped per run, a lock budget per
// transaction.
#include "core/planner.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;
using Slots = core::SetList<int64_t>;

TEST(PlanCreation, PresentFirstThenNearestGap) {
    PlanInput in;
    in.existing = {{0, 1}, {4, 5}};
    in.current = 8;
    in.premake = 2;
    CreatePlan p = plan_creation(in, 100);
    EXPECT_EQ(p.present, (Slots{8, 9, 10}));
    EXPECT_EQ(p.gap, (Slots{7, 6, 5, 3, 2, 1}));  // nearest to the present first
    EXPECT_EQ(p.gap_left, 0);
}

TEST(PlanCreation, GapCappedAndRestCounted) {
    PlanInput in;
    in.existing = {{0, 1}};
    in.current = 21915 * 24;  // one partition ~2.5 years of hours back
    in.premake = 4;
    CreatePlan p = plan_creation(in, 100);
    ASSERT_EQ(p.present.size(), 5u);
    EXPECT_EQ(p.present.front(), in.current);
    ASSERT_EQ(p.gap.size(), 100u);
    EXPECT_EQ(p.gap.front(), in.current - 1);
    EXPECT_EQ(p.gap.back(), in.current - 100);
    EXPECT_EQ(p.gap_left, in.current - 1 - 100);
    EXPECT_EQ(p.gap_left_lo, 1);
    EXPECT_EQ(p.gap_left_hi, in.current - 101);
}

TEST(PlanCreation, GapLeftSpansSeveralHoles) {
    PlanInput in;
    in.existing = {{0, 1}, {3, 4}, {6, 7}};
    in.current = 10;
    in.premake = 0;
    CreatePlan p = plan_creation(in, 4);
    EXPECT_EQ(p.gap, (Slots{9, 8, 7, 5}));
    EXPECT_EQ(p.gap_left, 3);  // 4, 2, 1
    EXPECT_EQ(p.gap_left_hi, 4);
    EXPECT_EQ(p.gap_left_lo, 1);
    p = plan_creation(in, 0);
    EXPECT_TRUE(p.gap.empty());
    EXPECT_EQ(p.gap_left, 7);
    EXPECT_EQ(p.gap_left_hi, 9);
}

TEST(PlanCreation, HugeGapIsCountedNotListed) {
    // An integer set of width 1 whose max(control) is far above its only partition: the gap is
    // counted arithmetically, never enumerated.
    PlanInput in;
    in.existing = {{std::numeric_limits<int64_t>::min() + 5, std::numeric_limits<int64_t>::min() + 6}};
    in.current = std::numeric_limits<int64_t>::max() - 10;
    in.premake = 4;
    CreatePlan p = plan_creation(in, 3);
    EXPECT_EQ(p.present.size(), 5u);
    EXPECT_EQ(p.gap.size(), 3u);
    EXPECT_EQ(p.gap_left, std::numeric_limits<int64_t>::max());  // saturated
}

TEST(PlanCreation, PremakeAtTheTopOfTheRangeDoesNotOverflow) {
    PlanInput in;
    in.current = std::numeric_limits<int64_t>::max() - 1;
    in.premake = 10;
    CreatePlan p = plan_creation(in, 100);
    EXPECT_EQ(p.present, (Slots{std::numeric_limits<int64_t>::max() - 1, std::numeric_limits<int64_t>::max()}));
}

TEST(PlanCreation, RetentionAndOpenPartitions) {
    PlanInput in;
    in.existing = {{0, 1}};
    in.current = 50;
    in.premake = 2;
    in.keep_from = 45;
    CreatePlan p = plan_creation(in, 100);
    EXPECT_EQ(p.gap, (Slots{49, 48, 47, 46, 45}));
    EXPECT_EQ(p.gap_left, 0);
    // FROM (MINVALUE) TO (0), slot 10, FROM (49) TO (MAXVALUE): coverage starts at the lowest
    // bounded lower bound (10); the open-top partition covers the present.
    in.existing = {{0, 0, true, false}, {10, 11}, {49, 0, false, true}};
    in.keep_from.reset();
    p = plan_creation(in, 100);
    EXPECT_TRUE(p.present.empty());
    EXPECT_EQ(p.gap.size(), 38u);  // 11 .. 48
    EXPECT_EQ(p.gap.front(), 48);
    EXPECT_EQ(p.gap.back(), 11);
}

TEST(PlanCreation, SlotsToCreateIsTheWholePlanAscending) {
    PlanInput in;
    in.existing = {{0, 1}, {1, 2}, {4, 5}};
    in.current = 6;
    in.premake = 2;
    EXPECT_EQ(slots_to_create(in), (Slots{2, 3, 5, 6, 7, 8}));
}

TEST(LockBudget, CapsPartitionsPerTransaction) {
    EXPECT_EQ(locks_per_partition(0, 0, false), 2);
    EXPECT_EQ(locks_per_partition(3, 1, true), 11);
    LockBudget b(64, 6, 10, 8);  // (64 - 6 - 8) / 10 = 5
    int n = 0;
    while (b.take()) ++n;
    EXPECT_EQ(n, 5);
    EXPECT_EQ(b.taken(), 50);
}

TEST(LockBudget, FirstPartitionAllowedUnlessTransactionIsLoaded) {
    LockBudget wide(64, 4, 144);  // one partition needs more than the whole budget
    EXPECT_TRUE(wide.take());
    EXPECT_FALSE(wide.take());
    LockBudget loaded(64, 40, 4);  // holds more than half already
    int n = 0;
    while (loaded.take()) ++n;
    EXPECT_EQ(n, 4);  // (64 - 40 - 8) / 4
    LockBudget full(64, 60, 4);
    EXPECT_FALSE(full.take());
}

}  // namespace pmx
