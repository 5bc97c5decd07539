// Cron schedules (pure C++, no PostgreSQL headers): pg_cron's five-field syntax and the next time
// a schedule fires in a time zone.
//
// The core has no time-zone database. A schedule matches *local civil times* (minute resolution,
// LocalTime = microseconds since 2000-01-01 00:00 on the wall clock); the caller supplies the zone
// as a function from an instant to its UTC offset (the PostgreSQL layer answers it with
// PostgreSQL's own tz code), and next_fire() turns matching civil times into instants:
//   * a civil time that exists once fires once;
//   * a civil time that exists twice (the repeated hour when clocks go back) fires at both
//     instants when the hour field is a wildcard ('*', '*/2'), at the first one only otherwise
//     (a job pinned to 01:30 runs once that night, as Vixie cron does);
//   * a civil time that does not exist (the hour skipped when clocks go forward) is skipped when
//     the hour field is a wildcard; otherwise it fires at the instant PostgreSQL gives that civil
//     time (read with the offset before the change, i.e. one hour later on the wall clock).
#pragma once

#include "core/interval.hpp"

#include <bitset>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

struct CronSpec {
    std::bitset<60> minute;
    std::bitset<24> hour;
    std::bitset<32> day_of_month;  // 1..31
    std::bitset<13> month;         // 1..12
    std::bitset<7> day_of_week;    // 0..6, 0 = Sunday (7 is folded into 0)
    bool dom_star = false;         // the field starts with '*': see day_matches
    bool dow_star = false;
    bool hour_star = false;

    // Vixie cron: when either day field starts with '*', a day must match both; when both are
    // restricted, a day matching either one fires ('0 0 1 * mon' = the 1st and every Monday).
    bool day_matches(int year, int month, int day) const;
};

// True when text has the shape of a cron schedule (five fields, or an @macro), as opposed to an
// interval such as '15 minutes'. Says nothing about validity.
bool looks_like_cron(const std::string& text);

// Parses five fields "minute hour day-of-month month day-of-week" (pg_cron / Vixie cron):
// '*', numbers, ranges 'a-b', lists 'a,b', steps '*/n', 'a-b/n' and 'a/n' (= a-max/n), month
// names jan..dec, day names sun..sat (0 and 7 are Sunday), and the macros @yearly @annually
// @monthly @weekly @daily @midnight @hourly. Throws InvalidArgument (message, detail, hint),
// also for a schedule that can never fire (e.g. '0 0 30 2 *').
CronSpec parse_cron(const std::string& text);

// The first civil time (whole minute) strictly after `after` that the schedule matches; nullopt
// when none within ten years.
std::optional<LocalTime> next_match(const CronSpec& spec, LocalTime after);

// The UTC offset (local minus UTC, microseconds) in effect at an instant (microseconds since
// 2000-01-01 00:00 UTC). Zones are assumed to change their offset at most once in 80 hours and
// by at most 3 hours at a time (true of every zone in the tz database since 1970).
using ZoneOffset = std::function<int64_t(int64_t utc)>;

// The instants (ascending) at which civil time `local` fires in the zone, by the rules above:
// zero, one or two instants.
struct Firing {
    int count = 0;
    int64_t at[2] = {0, 0};
};
Firing instants_of(LocalTime local, const ZoneOffset& zone, bool hour_wildcard);

// The first instant strictly after `after` (UTC microseconds) at which the schedule fires in the
// zone; nullopt when it never fires within ten years.
std::optional<int64_t> next_fire(const CronSpec& spec, const ZoneOffset& zone, int64_t after);

}  // namespace core

}  // namespace pmx
