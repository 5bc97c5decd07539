// GoogleTest for cron schedules: parsing (pg_cron's five fields) and the next firing time in a
// time zone, including the DST change days of America/New_York and Europe/London in 2026.
#include "core/cron.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

using namespace core;

namespace {

// Instants are microseconds since 2000-01-01 00:00 UTC: from_civil of the UTC wall clock.
int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) { return from_civil(y, mo, d, h, mi, s); }

// The 2026 rules of two zones (enough for instants inside 2026).
int64_t new_york(int64_t t) {
    bool dst = t >= utc(2026, 3, 8, 7) && t < utc(2026, 11, 1, 6);
    return (dst ? -4 : -5) * kUsecPerHour;
}
int64_t london(int64_t t) {
    bool bst = t >= utc(2026, 3, 29, 1) && t < utc(2026, 10, 25, 1);
    return bst ? kUsecPerHour : 0;
}
int64_t utc_zone(int64_t) { return 0; }

// The next `n` firings after `after`.
std::vector<int64_t> fires(const std::string& cron, const ZoneOffset& zone, int64_t after, int n) {
    CronSpec spec = parse_cron(cron);
    std::vector<int64_t> out;
    for (int i = 0; i < n; ++i) {
        std::optional<int64_t> t = next_fire(spec, zone, after);
        if (!t) break;
        out.push_back(*t);
        after = *t;
    }
    return out;
}

std::string detail_of(const std::string& cron) {
    try {
        parse_cron(cron);
    } catch (const InvalidArgument& e) {
        return e.detail();
    }
    return "(accepted)";
}

}  // namespace

TEST(CronParse, AcceptsPgCronSyntax) {
    CronSpec s = parse_cron("*/15 0-6,22 1,15 jan-mar,Dec mon-fri");
    EXPECT_TRUE(s.minute.test(0) && s.minute.test(15) && s.minute.test(45) && !s.minute.test(1));
    EXPECT_TRUE(s.hour.test(0) && s.hour.test(6) && s.hour.test(22) && !s.hour.test(7));
    EXPECT_TRUE(s.day_of_month.test(1) && s.day_of_month.test(15) && !s.day_of_month.test(2));
    EXPECT_TRUE(s.month.test(1) && s.month.test(3) && s.month.test(12) && !s.month.test(4));
    EXPECT_TRUE(s.day_of_week.test(1) && s.day_of_week.test(5) && !s.day_of_week.test(0) && !s.day_of_week.test(6));
    EXPECT_FALSE(s.dom_star || s.dow_star || s.hour_star);
    EXPECT_TRUE(parse_cron("0 0 * * 7").day_of_week.test(0));  // 7 is Sunday
    EXPECT_TRUE(parse_cron("0 0 * * 5-7").day_of_week.test(0));
    EXPECT_TRUE(parse_cron("5/20 * * * *").minute.test(45));    // 5-59/20
    EXPECT_EQ(parse_cron("10-20/5 * * * *").minute.count(), 3u);
    CronSpec star = parse_cron("0 */2 * * *");
    EXPECT_TRUE(star.hour_star && star.dom_star && star.dow_star);
    EXPECT_EQ(star.hour.count(), 12u);
}

TEST(CronParse, Macros) {
    EXPECT_EQ(parse_cron("@daily").minute, parse_cron("0 0 * * *").minute);
    EXPECT_EQ(parse_cron("@hourly").hour.count(), 24u);
    EXPECT_EQ(parse_cron("@weekly").day_of_week, parse_cron("0 0 * * 0").day_of_week);
    EXPECT_TRUE(parse_cron("@YEARLY").month.test(1));
    EXPECT_NE(detail_of("@reboot").find("unknown macro"), std::string::npos);
}

TEST(CronParse, RejectsBadSchedulesWithDetail) {
    EXPECT_NE(detail_of("0 3 * *").find("4 fields"), std::string::npos);
    EXPECT_NE(detail_of("0 3 * * * *").find("6 fields"), std::string::npos);
    EXPECT_NE(detail_of("60 * * * *").find("minute 60 is out of range 0-59"), std::string::npos);
    EXPECT_NE(detail_of("0 24 * * *").find("hour 24"), std::string::npos);
    EXPECT_NE(detail_of("0 0 0 * *").find("day of month 0"), std::string::npos);
    EXPECT_NE(detail_of("0 0 * 13 *").find("month 13"), std::string::npos);
    EXPECT_NE(detail_of("0 0 * * 8").find("day of week 8"), std::string::npos);
    EXPECT_NE(detail_of("*/0 * * * *").find("step"), std::string::npos);
    EXPECT_NE(detail_of("0 5-3 * * *").find("backwards"), std::string::npos);
    EXPECT_NE(detail_of("0 0 * foo *").find("not a valid month"), std::string::npos);
    EXPECT_NE(detail_of("0 0 * * 1,").find("empty"), std::string::npos);
    EXPECT_NE(detail_of("0 0 30 2 *").find("no day matches"), std::string::npos);
    EXPECT_NE(detail_of("0 0 31 4,6,9,11 *").find("no day matches"), std::string::npos);
    EXPECT_EQ(detail_of("0 0 29 2 *"), "(accepted)");
    EXPECT_THROW(parse_cron(""), InvalidArgument);
}

TEST(CronParse, LooksLikeCron) {
    EXPECT_TRUE(looks_like_cron("0 3 * * *"));
    EXPECT_TRUE(looks_like_cron("  */2 * * * *  "));
    EXPECT_TRUE(looks_like_cron("@daily"));
    EXPECT_FALSE(looks_like_cron("15 minutes"));
    EXPECT_FALSE(looks_like_cron("1 day 2 hours"));
    EXPECT_FALSE(looks_like_cron(""));
}

TEST(CronNext, EveryTwoMinutesFiresOnEvenMinutes) {
    std::vector<int64_t> got = fires("*/2 * * * *", utc_zone, utc(2026, 6, 15, 12, 0, 30), 4);
    std::vector<int64_t> want = {utc(2026, 6, 15, 12, 2), utc(2026, 6, 15, 12, 4), utc(2026, 6, 15, 12, 6),
                                 utc(2026, 6, 15, 12, 8)};
    EXPECT_EQ(got, want);
    // Strictly after: at an even minute, the next one.
    EXPECT_EQ(fires("*/2 * * * *", utc_zone, utc(2026, 6, 15, 12, 2), 1)[0], utc(2026, 6, 15, 12, 4));
    EXPECT_EQ(fires("*/2 * * * *", utc_zone, utc(2026, 6, 15, 12, 1, 59), 1)[0], utc(2026, 6, 15, 12, 2));
    // Across midnight and the end of a year.
    EXPECT_EQ(fires("*/2 * * * *", utc_zone, utc(2026, 12, 31, 23, 59, 59), 1)[0], utc(2027, 1, 1, 0, 0));
}

TEST(CronNext, DaysFollowVixieRules) {
    // 2026-06-01 is a Monday. Both day fields restricted: the 1st OR a Monday.
    EXPECT_EQ(fires("0 0 1 * mon", utc_zone, utc(2026, 6, 1, 0), 3),
              (std::vector<int64_t>{utc(2026, 6, 8), utc(2026, 6, 15), utc(2026, 6, 22)}));
    EXPECT_EQ(fires("0 0 1 * mon", utc_zone, utc(2026, 6, 29, 1), 1)[0], utc(2026, 7, 1));
    // Day of month '*': Mondays only.
    EXPECT_EQ(fires("0 0 * * 1", utc_zone, utc(2026, 6, 29, 1), 1)[0], utc(2026, 7, 6));
    // Day of week '*': the 31st only, skipping shorter months.
    EXPECT_EQ(fires("0 12 31 * *", utc_zone, utc(2026, 5, 31, 13), 2),
              (std::vector<int64_t>{utc(2026, 7, 31, 12), utc(2026, 8, 31, 12)}));
    // 29 February: the next leap year.
    EXPECT_EQ(fires("0 0 29 2 *", utc_zone, utc(2026, 3, 1, 0), 1)[0], utc(2028, 2, 29));
    EXPECT_EQ(fires("@monthly", utc_zone, utc(2026, 12, 15, 0), 1)[0], utc(2027, 1, 1));
}

TEST(CronNext, PinnedTimeKeepsItsWallClockAcrossDst) {
    // 03:00 in London every day from March to November: 02:00 UTC in summer, 03:00 UTC in winter.
    std::vector<int64_t> got = fires("0 3 * * *", london, utc(2026, 3, 27, 12), 4);
    EXPECT_EQ(got, (std::vector<int64_t>{utc(2026, 3, 28, 3), utc(2026, 3, 29, 2), utc(2026, 3, 30, 2),
                                         utc(2026, 3, 31, 2)}));
    got = fires("0 3 * * *", london, utc(2026, 10, 23, 12), 3);
    EXPECT_EQ(got, (std::vector<int64_t>{utc(2026, 10, 24, 2), utc(2026, 10, 25, 3), utc(2026, 10, 26, 3)}));
    // New York, 03:00 (exists on both change days).
    got = fires("0 3 * * *", new_york, utc(2026, 3, 7, 12), 2);
    EXPECT_EQ(got, (std::vector<int64_t>{utc(2026, 3, 8, 7), utc(2026, 3, 9, 7)}));
    got = fires("0 3 * * *", new_york, utc(2026, 10, 31, 12), 2);
    EXPECT_EQ(got, (std::vector<int64_t>{utc(2026, 11, 1, 8), utc(2026, 11, 2, 8)}));
}

TEST(CronNext, SkippedHourNewYork) {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC). A job pinned to 02:30 runs at the
    // instant PostgreSQL gives '2026-03-08 02:30' (read as EST: 07:30 UTC, 03:30 EDT).
    EXPECT_EQ(fires("30 2 * * *", new_york, utc(2026, 3, 7, 12), 3),
              (std::vector<int64_t>{utc(2026, 3, 8, 7, 30), utc(2026, 3, 9, 6, 30), utc(2026, 3, 10, 6, 30)}));
    // A wildcard hour skips the civil times that do not exist: 01:30 EST, then 03:00 EDT.
    EXPECT_EQ(fires("*/30 * * * *", new_york, utc(2026, 3, 8, 6, 0), 4),
              (std::vector<int64_t>{utc(2026, 3, 8, 6, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 7, 30),
                                    utc(2026, 3, 8, 8, 0)}));
}

TEST(CronNext, RepeatedHourNewYork) {
    // 2026-11-01: 02:00 EDT goes back to 01:00 EST (06:00 UTC); 01:00-01:59 happens twice.
    // A pinned 01:30 runs once, at its first occurrence (01:30 EDT = 05:30 UTC).
    EXPECT_EQ(fires("30 1 * * *", new_york, utc(2026, 10, 31, 12), 2),
              (std::vector<int64_t>{utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)}));
    // A wildcard hour runs in both passes: every 30 minutes of real time.
    EXPECT_EQ(fires("*/30 * * * *", new_york, utc(2026, 11, 1, 4, 45), 5),
              (std::vector<int64_t>{utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 0),
                                    utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 7, 0)}));
    // Asked from inside the second pass, the next firing is still ahead of it.
    EXPECT_EQ(fires("*/30 * * * *", new_york, utc(2026, 11, 1, 6, 10), 1)[0], utc(2026, 11, 1, 6, 30));
    // Asked from inside the first pass, the second pass is not skipped.
    EXPECT_EQ(fires("0 * * * *", new_york, utc(2026, 11, 1, 5, 50), 2),
              (std::vector<int64_t>{utc(2026, 11, 1, 6, 0), utc(2026, 11, 1, 7, 0)}));
}

TEST(CronNext, ChangeDaysLondon) {
    // 2026-03-29: 01:00 GMT jumps to 02:00 BST. 01:30 does not exist: PostgreSQL reads it as GMT.
    EXPECT_EQ(fires("30 1 * * *", london, utc(2026, 3, 28, 12), 2),
              (std::vector<int64_t>{utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30)}));
    // Hourly on the hour: 00:00 GMT, then 02:00 BST (01:00 UTC); no run is lost or doubled.
    EXPECT_EQ(fires("0 * * * *", london, utc(2026, 3, 28, 23, 30), 3),
              (std::vector<int64_t>{utc(2026, 3, 29, 0), utc(2026, 3, 29, 1), utc(2026, 3, 29, 2)}));
    // 2026-10-25: 02:00 BST goes back to 01:00 GMT. Pinned 01:30: once (01:30 BST = 00:30 UTC).
    EXPECT_EQ(fires("30 1 * * *", london, utc(2026, 10, 24, 12), 2),
              (std::vector<int64_t>{utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)}));
    // Hourly: 01:00 BST, 01:00 GMT, 02:00 GMT.
    EXPECT_EQ(fires("0 * * * *", london, utc(2026, 10, 24, 23, 30), 3),
              (std::vector<int64_t>{utc(2026, 10, 25, 0), utc(2026, 10, 25, 1), utc(2026, 10, 25, 2)}));
}

TEST(CronNext, InstantsOfCivilTimes) {
    Firing f = instants_of(from_civil(2026, 11, 1, 1, 30), new_york, true);
    ASSERT_EQ(f.count, 2);
    EXPECT_EQ(f.at[0], utc(2026, 11, 1, 5, 30));
    EXPECT_EQ(f.at[1], utc(2026, 11, 1, 6, 30));
    EXPECT_EQ(instants_of(from_civil(2026, 3, 8, 2, 30), new_york, true).count, 0);
    f = instants_of(from_civil(2026, 3, 8, 2, 30), new_york, false);
    ASSERT_EQ(f.count, 1);
    EXPECT_EQ(f.at[0], utc(2026, 3, 8, 7, 30));
    f = instants_of(from_civil(2026, 6, 15, 12, 0), london, false);
    ASSERT_EQ(f.count, 1);
    EXPECT_EQ(f.at[0], utc(2026, 6, 15, 11, 0));
}

}  // namespace pmx
