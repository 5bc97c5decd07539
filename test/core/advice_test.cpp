// partitioning_advice()'s recommendation (src/core/advice.hpp): interval, premake, worth.
#include "core/advice.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

namespace {

constexpr double kDay = 86400, kMB = 1024.0 * 1024, kGB = 1024 * kMB;

PartitioningInput time_table(double days, double bytes, double rows, double target = 256 * kMB) {
    PartitioningInput in;
    in.key = PartitioningKey::Timestamp;
    in.lo = 1.7e9;
    in.hi = 1.7e9 + days * kDay;
    in.now = *in.hi;
    in.bytes = bytes;
    in.rows = rows;
    in.target_bytes = target;
    return in;
}

}  // namespace

TEST(PartitioningAdvice, TimeIntervalNearestToTarget) {
    // 365 days, 100 GB: about 280 MB a day -> daily partitions.
    PartitioningAdvice a = advise_partitioning(time_table(365, 100 * kGB, 1e9));
    EXPECT_EQ(a.strategy, "time");
    EXPECT_EQ(a.interval, "1 day");
    EXPECT_EQ(a.premake, 7);
    EXPECT_EQ(a.partitions, 365);
    EXPECT_TRUE(a.worth);
    // 730 days, 8 GB: about 336 MB a month -> monthly.
    a = advise_partitioning(time_table(730, 8 * kGB, 1e8));
    EXPECT_EQ(a.interval, "1 month");
    EXPECT_EQ(a.premake, 4);
    EXPECT_EQ(a.partitions, 24);
    // 10 years, 4 GB: about 400 MB a year -> yearly.
    EXPECT_EQ(advise_partitioning(time_table(3652, 4 * kGB, 1e7)).interval, "1 year");
    // 30 days, 200 GB: hourly (about 280 MB an hour), premake a day ahead.
    a = advise_partitioning(time_table(30, 200 * kGB, 1e9));
    EXPECT_EQ(a.interval, "1 hour");
    EXPECT_EQ(a.premake, 24);
}

TEST(PartitioningAdvice, DateColumnsNeverHourly) {
    PartitioningInput in = time_table(30, 200 * kGB, 1e9);
    in.key = PartitioningKey::Date;
    EXPECT_EQ(advise_partitioning(in).interval, "1 day");
}

TEST(PartitioningAdvice, PartitionCountStaysBounded) {
    // 20 years of data, a tiny target: daily would need 7300 partitions -> a longer interval.
    PartitioningAdvice a = advise_partitioning(time_table(7300, 100 * kGB, 1e9, 1 * kMB));
    EXPECT_LE(a.partitions + a.premake, kAdviceMaxPartitions);
    EXPECT_EQ(a.interval, "1 month");
}

TEST(PartitioningAdvice, OldDataCountsPartitionsUpToNow) {
    PartitioningInput in = time_table(365, 100 * kGB, 1e9);
    in.now = *in.hi + 365 * kDay;  // no row written for a year
    PartitioningAdvice a = advise_partitioning(in);
    EXPECT_EQ(a.interval, "1 day");
    EXPECT_EQ(a.partitions, 730);
}

TEST(PartitioningAdvice, SmallTablesAreNotWorthIt) {
    PartitioningAdvice a = advise_partitioning(time_table(365, 100 * kMB, 1e6));
    EXPECT_FALSE(a.worth);
    EXPECT_NE(a.reasons.back().find("not worth it"), std::string::npos);
    EXPECT_TRUE(advise_partitioning(time_table(365, 600 * kMB, 1e6)).worth);
}

TEST(PartitioningAdvice, TimeWithoutRangeUsesGrowth) {
    PartitioningInput in = time_table(0, 10 * kGB, 1e8);
    in.rows_per_day = 3e6;  // about 300 MB a day
    PartitioningAdvice a = advise_partitioning(in);
    EXPECT_EQ(a.interval, "1 day");
    in.rows_per_day.reset();
    a = advise_partitioning(in);
    EXPECT_EQ(a.interval, "1 month");
    EXPECT_NE(a.reasons.front().find("ANALYZE"), std::string::npos);
}

TEST(PartitioningAdvice, IntegerWidthIsNice) {
    PartitioningInput in;
    in.key = PartitioningKey::Integer;
    in.lo = 1;
    in.hi = 10000000;  // 10 million ids, 10 GB: 1 kB per value
    in.rows = 1e7;
    in.bytes = 10 * kGB;
    PartitioningAdvice a = advise_partitioning(in);
    EXPECT_EQ(a.strategy, "integer");
    EXPECT_EQ(a.interval, "200000");  // 250000 values of 1 kB hold 256 MB -> the nearest nice width
    EXPECT_EQ(a.partitions, 50);
    EXPECT_EQ(a.premake, 4);
    EXPECT_TRUE(a.worth);
    in.rows_per_day = 1e6;  // 7 million values a week = 35 partitions of 200000
    EXPECT_EQ(advise_partitioning(in).premake, 24);
    in.rows_per_day = 1e5;  // 700000 a week = 4 partitions
    EXPECT_EQ(advise_partitioning(in).premake, 4);
    in.rows_per_day = 2e5;  // 1.4 million a week = 7 partitions
    EXPECT_EQ(advise_partitioning(in).premake, 7);
}

TEST(PartitioningAdvice, IntegerPartitionCountStaysBounded) {
    PartitioningInput in;
    in.key = PartitioningKey::Integer;
    in.lo = 0;
    in.hi = 1e12;
    in.rows = 1e9;
    in.bytes = 1000 * kGB;
    in.target_bytes = 1 * kMB;
    PartitioningAdvice a = advise_partitioning(in);
    EXPECT_LE(a.partitions + a.premake, kAdviceMaxPartitions);
}

TEST(PartitioningAdvice, IntegerWithoutRangeHasNoInterval) {
    PartitioningInput in;
    in.key = PartitioningKey::Integer;
    in.bytes = 10 * kGB;
    PartitioningAdvice a = advise_partitioning(in);
    EXPECT_EQ(a.interval, "");
    EXPECT_FALSE(a.worth);
}

TEST(PartitioningAdvice, BadInput) {
    PartitioningInput in = time_table(10, kGB, 1e6, 0);
    EXPECT_THROW(advise_partitioning(in), InvalidArgument);
    in = time_table(10, kGB, 1e6);
    std::swap(in.lo, in.hi);
    EXPECT_THROW(advise_partitioning(in), InvalidArgument);
}

TEST(PartitioningAdvice, NiceNumbers) {
    EXPECT_EQ(nice_width(0.3), 1);
    EXPECT_EQ(nice_width(1.3), 1);
    EXPECT_EQ(nice_width(1.6), 2);
    EXPECT_EQ(nice_width(3.3), 5);
    EXPECT_EQ(nice_width(8), 10);
    EXPECT_EQ(nice_width(268435), 200000);
    EXPECT_EQ(nice_at_least(268435), 500000);
    EXPECT_EQ(nice_at_least(1000), 1000);
    EXPECT_EQ(human_bytes(512), "512 bytes");
    EXPECT_EQ(human_bytes(1536), "1.5 kB");
    EXPECT_EQ(human_bytes(300 * kMB), "300 MB");
    EXPECT_EQ(human_count(1.23e6), "1.2 million");
    EXPECT_EQ(human_count(35000), "35 thousand");
}

TEST(PartitioningAdvice, PerPartitionFiguresNeverExceedTheTable) {
    PartitioningInput in;
    in.key = PartitioningKey::Integer;
    in.lo = 1;
    in.hi = 10;
    in.rows = 10;
    in.bytes = 24576;
    in.target_bytes = 256 * 1024;
    PartitioningAdvice a = advise_partitioning(in);
    EXPECT_EQ(a.interval, "100");
    EXPECT_EQ(a.partitions, 1);
    EXPECT_EQ(a.rows_per_partition, 10);
    EXPECT_EQ(a.bytes_per_partition, 24576);
    EXPECT_FALSE(a.worth);
}

}  // namespace pmx
