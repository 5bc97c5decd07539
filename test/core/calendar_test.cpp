// GoogleTest for the core's calendar (src/core/interval.cpp): proleptic Gregorian over
// PostgreSQL's whole timestamp range, checked against Boost.Date_Time where Boost reaches
// (1400..9999) and against PostgreSQL's own range limits and known dates outside it.
#include "core/error.hpp"
#include "core/interval.hpp"
#include "core/naming.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>
#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

TEST(Calendar, AgreesWithBoostOverItsRange) {
    const boost::gregorian::date epoch(2000, 1, 1);
    for (boost::gregorian::date d(1400, 1, 1); d < boost::gregorian::date(9999, 12, 31); d += boost::gregorian::days(97)) {
        LocalTime t = from_civil(d.year(), d.month(), d.day(), 13, 5, 7);
        EXPECT_EQ(t, (d - epoch).days() * kUsecPerDay + (13 * 3600 + 5 * 60 + 7) * kUsecPerSec);
        Civil c = to_civil(t);
        ASSERT_EQ(c.year, d.year());
        ASSERT_EQ(c.month, d.month());
        ASSERT_EQ(c.day, d.day());
        ASSERT_EQ(c.hour, 13);
        ASSERT_EQ(c.minute, 5);
        ASSERT_EQ(c.second, 7);
    }
}

TEST(Calendar, PostgresTimestampRange) {
    // MIN_TIMESTAMP is 4714-11-24 BC (astronomical -4713), END_TIMESTAMP 294277-01-01.
    EXPECT_EQ(from_civil(-4713, 11, 24), kMinLocalTime);
    EXPECT_EQ(from_civil(294277, 1, 1), kEndLocalTime);
    Civil lo = to_civil(kMinLocalTime);
    EXPECT_EQ(lo.year, -4713);
    EXPECT_EQ(lo.month, 11);
    EXPECT_EQ(lo.day, 24);
    Civil hi = to_civil(kEndLocalTime - 1);
    EXPECT_EQ(hi.year, 294276);
    EXPECT_EQ(hi.month, 12);
    EXPECT_EQ(hi.day, 31);
    EXPECT_EQ(hi.hour, 23);
    EXPECT_TRUE(in_timestamp_range(kMinLocalTime));
    EXPECT_FALSE(in_timestamp_range(kMinLocalTime - 1));
    EXPECT_FALSE(in_timestamp_range(kEndLocalTime));
}

TEST(Calendar, RoundTripsEveryDayAtTheExtremes) {
    for (int64_t day : {kMinLocalTime / kUsecPerDay, int64_t(-800000), int64_t(-1), int64_t(0), int64_t(59),
                        int64_t(60), int64_t(36524), int64_t(73000000), (kEndLocalTime - 1) / kUsecPerDay}) {
        for (int64_t k = 0; k < 800; ++k) {
            LocalTime t = (day + k) * kUsecPerDay;
            if (!in_timestamp_range(t)) continue;
            Civil c = to_civil(t);
            ASSERT_EQ(from_civil(c.year, c.month, c.day), t) << "day " << day + k;
        }
    }
}

TEST(Calendar, LeapYears) {
    EXPECT_EQ(to_civil(from_civil(1600, 2, 28) + kUsecPerDay).day, 29);   // divisible by 400
    EXPECT_EQ(to_civil(from_civil(1700, 2, 28) + kUsecPerDay).month, 3);  // by 100, not 400
    EXPECT_EQ(to_civil(from_civil(-4, 2, 28) + kUsecPerDay).day, 29);     // 5 BC was a leap year
    EXPECT_EQ(to_civil(from_civil(200000, 2, 28) + kUsecPerDay).day, 29);
    EXPECT_EQ(from_civil(1, 1, 1) - from_civil(0, 1, 1), 366 * kUsecPerDay);  // 1 BC: leap
}

TEST(Calendar, MonthlySlotsBeyondBoostsRange) {
    Interval m{Interval::Kind::Months, 1};
    LocalTime anchor = from_civil(1399, 12, 1);
    EXPECT_EQ(slot_start(m, anchor, 1), from_civil(1400, 1, 1));
    EXPECT_EQ(slot_of(m, anchor, from_civil(1399, 12, 31, 23)), 0);
    Interval y{Interval::Kind::Months, 12};
    LocalTime far = from_civil(200000, 1, 1);
    EXPECT_EQ(slot_start(y, far, 1), from_civil(200001, 1, 1));
    EXPECT_EQ(slot_start(y, far, 94276), from_civil(294276, 1, 1));
    EXPECT_THROW(slot_start(y, far, 94277), InvalidArgument);  // 294277-01-01 is END_TIMESTAMP
    LocalTime bc = from_civil(-4712, 1, 1);
    EXPECT_EQ(slot_start(y, bc, 0), from_civil(-4712, 1, 1));
    EXPECT_THROW(slot_start(y, bc, -1), InvalidArgument);  // 4714-01-01 BC: before MIN_TIMESTAMP
}

TEST(Calendar, NamesOfFarYears) {
    Interval m{Interval::Kind::Months, 1};
    EXPECT_EQ(partition_suffix(m, from_civil(1399, 12, 1)), "_p1399_12");
    EXPECT_EQ(partition_suffix(m, from_civil(200000, 3, 1)), "_p200000_03");
    EXPECT_EQ(partition_suffix(m, from_civil(-43, 3, 1)), "_p0044bc_03");
    Interval d{Interval::Kind::Micros, kUsecPerDay};
    EXPECT_EQ(partition_suffix(d, from_civil(0, 12, 31)), "_p0001bc_12_31");
}

}  // namespace pmx
