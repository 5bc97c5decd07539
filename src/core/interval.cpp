// Interval arithmetic (see interval.hpp).
#include "core/interval.hpp"

#include "core/error.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

namespace {
int64_t months_index(int64_t year, int month) { return (year - 2000) * 12 + (month - 1); }

// Days since 2000-01-01 of a proleptic Gregorian date (astronomical years: 0 is 1 BC, -1 is 2 BC),
// and back: the days-from-civil algorithm (H. Hinnant), exact over the whole int64 day range,
// which contains PostgreSQL's (date2j / j2date, 4713 BC .. 5874897 AD).
constexpr int64_t kDaysFrom0000To2000 = 730425;  // 0000-03-01 era origin to 2000-01-01
int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;                                        // [0, 399]
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;       // [0, 365]
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                // [0, 146096]
    return era * 146097 + doe - kDaysFrom0000To2000;
}
void civil_from_days(int64_t days, int64_t& y, int& m, int& d) {
    const int64_t z = days + kDaysFrom0000To2000;
    const int64_t era = floor_div(z, 146097);
    const int64_t doe = z - era * 146097;                                        // [0, 146096]
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;   // [0, 399]
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                 // [0, 365]
    const int64_t mp = (5 * doy + 2) / 153;                                      // [0, 11]
    d = int(doy - (153 * mp + 2) / 5 + 1);
    m = int(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2);
}
}  // namespace

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

Interval time_interval(int32_t months, int32_t days, int64_t usecs, bool date_column) {
    const std::string hint =
        "Use a positive interval of whole months (e.g. '1 month', '3 months', '1 year'), or of whole days "
        "or hours (e.g. '1 day', '7 days', '6 hours').";
    if (months < 0 || days < 0 || usecs < 0 || (months == 0 && days == 0 && usecs == 0))
        throw InvalidArgument("partition interval must be positive",
                              "The interval is zero or negative.", hint);
    if (months > 0) {
        if (days != 0 || usecs != 0)
            throw InvalidArgument("partition interval mixes months with days or hours",
                                  "Months have different lengths, so such an interval has no fixed boundaries.", hint);
        return Interval{Interval::Kind::Months, months};
    }
    int64_t total = 0;
    if (__builtin_mul_overflow(int64_t(days), kUsecPerDay, &total) || __builtin_add_overflow(total, usecs, &total))
        throw InvalidArgument("partition interval is too long", "It does not fit in 64-bit microseconds.", hint);
    if (date_column && total % kUsecPerDay != 0)
        throw InvalidArgument("partition interval for a date column must be whole days or months",
                              "A date column cannot be split into parts of a day.", hint);
    if (total % kUsecPerHour != 0)
        throw InvalidArgument("partition interval must be whole hours, days or months",
                              "Minutes and seconds are not supported as partition intervals.", hint);
    return Interval{Interval::Kind::Micros, total};
}

Interval integer_interval(int64_t width) {
    if (width <= 0)
        throw InvalidArgument("partition interval must be positive",
                              "An integer partition set needs a width of at least 1.",
                              "Give the width as a positive integer, e.g. '100000'.");
    return Interval{Interval::Kind::Integer, width};
}

int64_t default_anchor(const Interval& iv) {
    switch (iv.kind) {
        case Interval::Kind::Integer:
            return 0;
        case Interval::Kind::Months:
            return 0;  // 2000-01-01 00:00
        case Interval::Kind::Micros:
            return iv.step % (7 * kUsecPerDay) == 0 ? 2 * kUsecPerDay : 0;  // Monday 2000-01-03
    }
    return 0;
}

Civil to_civil(LocalTime t) {
    int64_t days = floor_div(t, kUsecPerDay);
    int64_t rem = t - days * kUsecPerDay;
    int64_t y = 0;
    int m = 1, d = 1;
    civil_from_days(days, y, m, d);
    int64_t secs = rem / kUsecPerSec;
    return Civil{int(y), m, d, int(secs / 3600), int(secs / 60 % 60), int(secs % 60)};
}

LocalTime from_civil(int year, int month, int day, int hour, int minute, int second) {
    return days_from_civil(year, month, day) * kUsecPerDay + (int64_t(hour) * 3600 + minute * 60 + second) * kUsecPerSec;
}

bool in_timestamp_range(LocalTime t) { return t >= kMinLocalTime && t < kEndLocalTime; }

bool is_month_start(LocalTime t) {
    Civil c = to_civil(t);
    return c.day == 1 && t == from_civil(c.year, c.month, 1);
}

int64_t slot_of(const Interval& iv, int64_t anchor, int64_t t) {
    if (iv.kind == Interval::Kind::Months) {
        Civil a = to_civil(anchor), c = to_civil(t);
        return floor_div(months_index(c.year, c.month) - months_index(a.year, a.month), iv.step);
    }
    // (t - anchor) can overflow only for values near the int64 limits; clamp through __int128.
    __int128 diff = (__int128)t - anchor;
    __int128 q = diff / iv.step;
    if (diff % iv.step != 0 && diff < 0) --q;
    return int64_t(q);
}

int64_t slot_start(const Interval& iv, int64_t anchor, int64_t slot) {
    if (iv.kind == Interval::Kind::Months) {
        Civil a = to_civil(anchor);
        int64_t m = 0;
        if (__builtin_mul_overflow(slot, iv.step, &m) || __builtin_add_overflow(m, months_index(a.year, a.month), &m))
            throw InvalidArgument("partition bound out of range", "Slot " + std::to_string(slot) + " is too far away.");
        int64_t y = 2000 + floor_div(m, 12);
        int mon = int(m - floor_div(m, 12) * 12) + 1;
        // Outside PostgreSQL's timestamp range (4713 BC .. 294276 AD) no key can hold the bound.
        if (y < -4713 || y > 294277 || !in_timestamp_range(from_civil(int(y), mon, 1)))
            throw InvalidArgument("partition bound out of range",
                                  "Year " + std::to_string(y) + " is outside PostgreSQL's timestamp range (4713 BC .. 294276 AD).");
        return from_civil(int(y), mon, 1);
    }
    int64_t offset = 0, out = 0;
    if (__builtin_mul_overflow(slot, iv.step, &offset) || __builtin_add_overflow(anchor, offset, &out))
        throw InvalidArgument("partition bound out of range", "Slot " + std::to_string(slot) + " lies beyond 64-bit values.");
    return out;
}

bool is_boundary(const Interval& iv, int64_t anchor, int64_t t) {
    return slot_start(iv, anchor, slot_of(iv, anchor, t)) == t;
}

std::string describe(const Interval& iv) {
    auto plural = [](int64_t n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    };
    switch (iv.kind) {
        case Interval::Kind::Integer:
            return std::to_string(iv.step);
        case Interval::Kind::Months:
            if (iv.step % 12 == 0) return plural(iv.step / 12, "year");
            return plural(iv.step, "month");
        case Interval::Kind::Micros:
            if (iv.step % kUsecPerDay == 0) return plural(iv.step / kUsecPerDay, "day");
            return plural(iv.step / kUsecPerHour, "hour");
    }
    return {};
}

}  // namespace core

}  // namespace pmx
