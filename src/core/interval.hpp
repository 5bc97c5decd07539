// Interval arithmetic for partition sets (pure C++, no PostgreSQL headers).
//
// A partition set divides its control column into *slots* of one interval each, counted from an
// *anchor*: slot k covers [start(k), start(k+1)). Time sets work on local time — microseconds since
// 2000-01-01 00:00 (PostgreSQL's Timestamp epoch) in the set's time zone; the PostgreSQL layer
// converts instants to local time and back. Integer sets work on the values themselves.
#pragma once

#include <cstdint>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

constexpr int64_t kUsecPerSec = 1000000;
constexpr int64_t kUsecPerHour = 3600 * kUsecPerSec;
constexpr int64_t kUsecPerDay = 24 * kUsecPerHour;

// Local time: microseconds since 2000-01-01 00:00 in the set's time zone.
using LocalTime = int64_t;

struct Interval {
    enum class Kind { Months, Micros, Integer };
    Kind kind = Kind::Months;
    int64_t step = 1;  // months, microseconds, or integer width; always > 0

    bool operator==(const Interval& o) const { return kind == o.kind && step == o.step; }
};

// Builds a time interval from PostgreSQL Interval fields (months, days, microseconds).
// Accepted: whole months (any count), or whole hours/days without months. For date columns only
// whole days or months. Throws InvalidArgument (zero, negative, mixed months and days, minutes).
Interval time_interval(int32_t months, int32_t days, int64_t usecs, bool date_column);

// Builds an integer width. Throws InvalidArgument when width <= 0.
Interval integer_interval(int64_t width);

// The anchor used when no partition exists yet: 2000-01-01 00:00 (January, midnight), or Monday
// 2000-01-03 for intervals that are whole weeks; 0 for integer sets.
int64_t default_anchor(const Interval& iv);

// Slot containing value t (floor division; works for values before the anchor).
int64_t slot_of(const Interval& iv, int64_t anchor, int64_t t);
// First value of slot k.
int64_t slot_start(const Interval& iv, int64_t anchor, int64_t slot);
// True when t is exactly a slot boundary.
bool is_boundary(const Interval& iv, int64_t anchor, int64_t t);

// Validates an anchor for a Months interval: it must be the first of a month at 00:00.
bool is_month_start(LocalTime t);

// Civil date/time of a local time, proleptic Gregorian with astronomical years (0 is 1 BC, -1 is
// 2 BC), as PostgreSQL counts internally. Exact over the whole LocalTime range.
struct Civil {
    int year, month, day, hour, minute, second;
};
Civil to_civil(LocalTime t);
LocalTime from_civil(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

// PostgreSQL's timestamp range in local time units (MIN_TIMESTAMP = 4714-11-24 BC 00:00 and
// END_TIMESTAMP = 294277-01-01 00:00, datatype/timestamp.h): [kMinLocalTime, kEndLocalTime).
constexpr LocalTime kMinLocalTime = -211813488000000000LL;
constexpr LocalTime kEndLocalTime = 9223371331200000000LL;
bool in_timestamp_range(LocalTime t);

// "1 month", "3 months", "1 day", "7 days", "6 hours", "1000" — for display and configuration.
std::string describe(const Interval& iv);

// Floor division and modulo for signed values.
int64_t floor_div(int64_t a, int64_t b);

}  // namespace core

}  // namespace pmx
