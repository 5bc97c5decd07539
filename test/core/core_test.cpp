// GoogleTest for the pure C++ core: interval arithmetic, planning, naming.
#include "core/error.hpp"
#include "core/interval.hpp"
#include "core/naming.hpp"
#include "core/planner.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

TEST(Interval, ParsesMonthsDaysHours) {
    EXPECT_EQ(time_interval(1, 0, 0, false), (Interval{Interval::Kind::Months, 1}));
    EXPECT_EQ(time_interval(12, 0, 0, false), (Interval{Interval::Kind::Months, 12}));
    EXPECT_EQ(time_interval(0, 7, 0, false), (Interval{Interval::Kind::Micros, 7 * kUsecPerDay}));
    EXPECT_EQ(time_interval(0, 0, 6 * kUsecPerHour, false), (Interval{Interval::Kind::Micros, 6 * kUsecPerHour}));
}

TEST(Interval, RejectsBadIntervals) {
    EXPECT_THROW(time_interval(0, 0, 0, false), InvalidArgument);
    EXPECT_THROW(time_interval(-1, 0, 0, false), InvalidArgument);
    EXPECT_THROW(time_interval(1, 1, 0, false), InvalidArgument);
    EXPECT_THROW(time_interval(0, 0, 30 * 60 * kUsecPerSec, false), InvalidArgument);
    EXPECT_THROW(time_interval(0, 0, kUsecPerHour, true), InvalidArgument);
    EXPECT_THROW(integer_interval(0), InvalidArgument);
    EXPECT_THROW(integer_interval(-5), InvalidArgument);
}

TEST(Interval, MonthlySlots) {
    Interval m{Interval::Kind::Months, 1};
    LocalTime anchor = from_civil(2022, 1, 1);
    EXPECT_EQ(slot_of(m, anchor, from_civil(2022, 1, 1)), 0);
    EXPECT_EQ(slot_of(m, anchor, from_civil(2022, 1, 31, 23, 59, 59)), 0);
    EXPECT_EQ(slot_of(m, anchor, from_civil(2022, 2, 1)), 1);
    EXPECT_EQ(slot_of(m, anchor, from_civil(2021, 12, 31)), -1);
    EXPECT_EQ(slot_start(m, anchor, 13), from_civil(2023, 2, 1));
    EXPECT_EQ(slot_start(m, anchor, -13), from_civil(2020, 12, 1));
    EXPECT_TRUE(is_boundary(m, anchor, from_civil(2026, 11, 1)));
    EXPECT_FALSE(is_boundary(m, anchor, from_civil(2026, 11, 2)));
}

TEST(Interval, QuarterlySlotsFollowAnchor) {
    Interval q{Interval::Kind::Months, 3};
    LocalTime anchor = from_civil(2022, 2, 1);  // quarters Feb/May/Aug/Nov
    EXPECT_EQ(slot_start(q, anchor, slot_of(q, anchor, from_civil(2026, 12, 15))), from_civil(2026, 11, 1));
    EXPECT_FALSE(is_boundary(q, anchor, from_civil(2026, 1, 1)));
}

TEST(Interval, WeeklyDefaultAnchorIsMonday) {
    Interval w = time_interval(0, 7, 0, false);
    LocalTime a = default_anchor(w);
    EXPECT_EQ(a, from_civil(2000, 1, 3));
    // 2026-11-21 is a Saturday; its week starts Monday 2026-11-16.
    EXPECT_EQ(slot_start(w, a, slot_of(w, a, from_civil(2026, 11, 21, 12))), from_civil(2026, 11, 16));
}

TEST(Interval, IntegerSlotsFloorBelowAnchor) {
    Interval i = integer_interval(100);
    EXPECT_EQ(slot_of(i, 0, 99), 0);
    EXPECT_EQ(slot_of(i, 0, 100), 1);
    EXPECT_EQ(slot_of(i, 0, -1), -1);
    EXPECT_EQ(slot_start(i, 0, -1), -100);
    EXPECT_EQ(slot_of(i, 0, INT64_MAX), INT64_MAX / 100);
}

TEST(Interval, OverflowIsAnErrorNotUndefinedBehaviour) {
    EXPECT_THROW(time_interval(0, INT32_MAX, INT64_MAX - 1, false), InvalidArgument);
    Interval i = integer_interval(INT64_MAX / 2);
    EXPECT_THROW(slot_start(i, 0, 3), InvalidArgument);
    EXPECT_THROW(slot_start(Interval{Interval::Kind::Months, 1}, 0, INT64_MAX / 2), InvalidArgument);
}

TEST(Interval, CivilRoundTrip) {
    for (int y : {1999, 2000, 2024, 2100})
        for (int m = 1; m <= 12; ++m) {
            Civil c = to_civil(from_civil(y, m, 28, 13, 5, 7));
            EXPECT_EQ(c.year, y);
            EXPECT_EQ(c.month, m);
            EXPECT_EQ(c.day, 28);
            EXPECT_EQ(c.hour, 13);
            EXPECT_EQ(c.minute, 5);
            EXPECT_EQ(c.second, 7);
        }
}

TEST(Planner, FillsGapsFromFirstPartitionThroughPremake) {
    PlanInput in;
    in.existing = {{0, 1}, {1, 2}, {4, 5}};
    in.current = 6;
    in.premake = 2;
    auto s = slots_to_create(in);
    EXPECT_EQ(s, (core::SetList<int64_t>{2, 3, 5, 6, 7, 8}));
}

TEST(Planner, RetentionStartsCreationAtKeptSlot) {
    PlanInput in;
    in.existing = {{0, 1}, {1, 2}};
    in.current = 58;
    in.premake = 4;
    in.keep_from = 22;
    auto s = slots_to_create(in);
    ASSERT_EQ(s.size(), size_t(58 + 4 - 22 + 1));
    EXPECT_EQ(s.front(), 22);
    EXPECT_EQ(s.back(), 62);
    auto r = partitions_to_retire(in);
    EXPECT_EQ(r, (core::SetList<size_t>{0, 1}));
}

TEST(Planner, NothingToDoWhenCovered) {
    PlanInput in;
    for (int64_t i = 0; i < 10; ++i) in.existing.push_back({i, i + 1});
    in.current = 5;
    in.premake = 4;
    EXPECT_TRUE(slots_to_create(in).empty());
    EXPECT_EQ(future_slots_covered(in), 4);
}

TEST(Planner, WideAndOpenPartitionsCount) {
    PlanInput in;
    in.existing = {{0, 12}};  // one partition spanning 12 slots
    in.current = 3;
    in.premake = 10;
    EXPECT_EQ(slots_to_create(in), (core::SetList<int64_t>{12, 13}));
    in.existing = {{0, 0, false, true}};  // FROM (x) TO (MAXVALUE)
    EXPECT_TRUE(slots_to_create(in).empty());
}

TEST(Planner, RetireNeverTakesCurrentOrOpen) {
    PlanInput in;
    in.existing = {{0, 1}, {1, 2}, {2, 3}, {0, 0, true, false}};  // last: FROM (MINVALUE) TO (slot 0)
    in.current = 2;
    in.premake = 0;
    in.keep_from = 3;  // retention would keep slot 3 onwards
    auto r = partitions_to_retire(in);
    // slot 2 holds current: kept. The open-below partition ends at 0 (<= 3): retired.
    EXPECT_EQ(r, (core::SetList<size_t>{3, 0, 1}));
}

TEST(Naming, Suffixes) {
    EXPECT_EQ(partition_suffix({Interval::Kind::Months, 1}, from_civil(2022, 8, 1)), "_p2022_08");
    EXPECT_EQ(partition_suffix({Interval::Kind::Months, 12}, from_civil(2022, 1, 1)), "_p2022");
    EXPECT_EQ(partition_suffix({Interval::Kind::Micros, kUsecPerDay}, from_civil(2022, 8, 9)), "_p2022_08_09");
    EXPECT_EQ(partition_suffix({Interval::Kind::Micros, kUsecPerHour}, from_civil(2022, 8, 9, 6)), "_p2022_08_09_0600");
    EXPECT_EQ(partition_suffix({Interval::Kind::Integer, 10}, 1000), "_p1000");
    EXPECT_EQ(partition_suffix({Interval::Kind::Integer, 10}, -1000), "_pm1000");
    EXPECT_EQ(partition_suffix({Interval::Kind::Integer, 10}, INT64_MIN), "_pm9223372036854775808");
}

TEST(Naming, TruncationKeepsSuffixAndUtf8) {
    std::string parent(70, 'x');
    std::string n = partition_name(parent, "_p2022_08");
    EXPECT_EQ(n.size(), 63u);
    EXPECT_EQ(n.substr(n.size() - 9), "_p2022_08");
    std::string accents;
    for (int i = 0; i < 40; ++i) accents += "\xC3\xA9";  // 'é' x40 = 80 bytes
    std::string m = partition_name(accents, "_default");
    EXPECT_LE(m.size(), 63u);
    EXPECT_EQ(m.substr(m.size() - 8), "_default");
    EXPECT_EQ((m.size() - 8) % 2, 0u);  // whole two-byte characters only
}

}  // namespace pmx
