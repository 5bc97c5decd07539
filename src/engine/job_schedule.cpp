// Job schedules (see schedule.hpp): PostgreSQL's time-zone code feeding the pure cron core.
#include "engine/job_schedule.hpp"

#include "core/cron.hpp"
#include "core/error.hpp"
#include "pg/guard.hpp"
#include "pg/spi.hpp"

#include <climits>

extern "C" {
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

namespace {

using pg::UserError;

constexpr __int128 kLongestUsecs = static_cast<__int128>(100) * 12 * 30 * USECS_PER_DAY;  // '100 years'

Interval parse_interval(const std::string& text) {
    const char* s = text.c_str();
    Interval* iv = pg::call([&] {
        return DatumGetIntervalP(DirectFunctionCall3(interval_in, CStringGetDatum(s), ObjectIdGetDatum(InvalidOid),
                                                     Int32GetDatum(-1)));
    });
    return *iv;
}

__int128 usecs_of(const Interval& iv) {
    return static_cast<__int128>(iv.month) * 30 * USECS_PER_DAY + static_cast<__int128>(iv.day) * USECS_PER_DAY + iv.time;
}

pg_tz* zone(const std::string& name) {
    const char* n = name.c_str();
    pg_tz* tz = name.empty() ? nullptr : pg::call([&] { return pg_tzset(n); });
    if (!tz)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "time zone \"" + name + "\" is not recognized",
                        "A job's schedule is evaluated in its time_zone.",
                        "Use a name from pg_timezone_names, e.g. 'UTC', 'Europe/London' or 'America/New_York'.");
    return tz;
}

// Local minus UTC (microseconds) at an instant, from PostgreSQL's tz database.
int64 offset_at(pg_tz* tz, int64 utc) {
    int tzoff = 0;
    struct pg_tm tm;
    fsec_t fsec;
    if (timestamp2tm(utc, &tzoff, &tm, &fsec, nullptr, tz) != 0) return 0;
    return -static_cast<int64>(tzoff) * USECS_PER_SEC;
}

// t + iv in the zone, the way timestamptz_pl_interval does it with TimeZone = tz: months, then
// days on the local calendar (clamping the day of month), then the time part as real time.
std::optional<TimestampTz> plus(TimestampTz t, const Interval& iv, pg_tz* tz) {
    struct pg_tm tm;
    fsec_t fsec;
    int tzoff;
    if (iv.month != 0) {
        if (timestamp2tm(t, &tzoff, &tm, &fsec, nullptr, tz) != 0) return std::nullopt;
        int64 mon = static_cast<int64>(tm.tm_mon) - 1 + iv.month;
        int64 year = tm.tm_year + (mon >= 0 ? mon / 12 : (mon - 11) / 12);
        mon = mon - (year - tm.tm_year) * 12 + 1;
        if (year > 300000 || year < -5000) return std::nullopt;
        tm.tm_year = static_cast<int>(year);
        tm.tm_mon = static_cast<int>(mon);
        int mdays = day_tab[isleap(tm.tm_year)][tm.tm_mon - 1];
        if (tm.tm_mday > mdays) tm.tm_mday = mdays;
        tzoff = DetermineTimeZoneOffset(&tm, tz);
        if (tm2timestamp(&tm, fsec, &tzoff, &t) != 0) return std::nullopt;
    }
    if (iv.day != 0) {
        if (timestamp2tm(t, &tzoff, &tm, &fsec, nullptr, tz) != 0) return std::nullopt;
        int64 julian = static_cast<int64>(date2j(tm.tm_year, tm.tm_mon, tm.tm_mday)) + iv.day;
        if (julian < 0 || julian > INT_MAX) return std::nullopt;
        j2date(static_cast<int>(julian), &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
        tzoff = DetermineTimeZoneOffset(&tm, tz);
        if (tm2timestamp(&tm, fsec, &tzoff, &t) != 0) return std::nullopt;
    }
    if (__builtin_add_overflow(t, iv.time, &t) || !IS_VALID_TIMESTAMP(t)) return std::nullopt;
    return t;
}

std::optional<Interval> times(const Interval& iv, int64 k) {
    Interval out;
    int64 m, d;
    if (__builtin_mul_overflow(static_cast<int64>(iv.month), k, &m) || m > INT_MAX || m < INT_MIN ||
        __builtin_mul_overflow(static_cast<int64>(iv.day), k, &d) || d > INT_MAX || d < INT_MIN ||
        __builtin_mul_overflow(iv.time, k, &out.time))
        return std::nullopt;
    out.month = static_cast<int32>(m);
    out.day = static_cast<int32>(d);
    return out;
}

[[noreturn]] void out_of_range(const std::string& what) {
    throw UserError(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "the next run of " + what + " lies beyond the timestamp range",
                    "", "Use a shorter schedule, or set next_run explicitly.");
}

void check_interval(const char* name, const Interval& iv, const std::string& text) {
    std::string what = std::string(name) + " '" + text + "'";
    if (iv.month < 0 || iv.day < 0 || iv.time < 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, what + " has a negative part",
                        "Months, days and time of the interval must each be zero or more.",
                        "Write it as a positive interval, e.g. '1 day' or '90 minutes'.");
    __int128 us = usecs_of(iv);
    if (us <= 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, what + " must be a positive interval", "",
                        "For example '1 hour' or '1 day'.");
    if (us > kLongestUsecs)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, what + " is too long",
                        std::string("The longest ") + name + " accepted is " + kLongestInterval + ".",
                        "Use an interval of at most 100 years (longer ones overflow the timestamp range when repeated).");
}

}  // namespace

Schedule schedule_from_text(const std::string& text, const std::string& time_zone) {
    Schedule s;
    s.time_zone = time_zone;
    if (core::looks_like_cron(text)) {
        s.cron = text;
        return s;
    }
    std::string problem;
    try {
        (void)parse_interval(text);
    } catch (const pg::PgError& e) {
        problem = e.what();
    }
    if (!problem.empty())
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "invalid schedule \"" + text + "\"",
                        "A schedule is five cron fields or an interval; this is neither: " + problem,
                        "For example '0 3 * * *' (03:00 every day), '*/15 * * * *' or '15 minutes'.");
    s.interval = text;
    return s;
}

void check_duration(const char* name, const std::string& text) { check_interval(name, parse_interval(text), text); }

void check_schedule(const Schedule& s) {
    pg_tz* tz = zone(s.time_zone);
    (void)tz;
    if (s.cron && s.interval)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "a job has either a cron schedule or a schedule_interval, not both",
                        "", "Pass schedule => '0 3 * * *' or schedule_interval => '1 hour'.");
    if (s.interval) check_duration("schedule_interval", *s.interval);
    if (s.cron) {
        try {
            (void)core::parse_cron(*s.cron);
        } catch (const core::InvalidArgument& e) {
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), e.detail(), e.hint());
        }
    }
}

std::optional<TimestampTz> next_fire(const Schedule& s, TimestampTz anchor, TimestampTz after) {
    pg_tz* tz = zone(s.time_zone);
    if (s.cron) {
        core::CronSpec spec;
        try {
            spec = core::parse_cron(*s.cron);
        } catch (const core::InvalidArgument& e) {
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, e.what(), e.detail(), e.hint());
        }
        if (anchor > after) return anchor;
        std::optional<int64_t> t = core::next_fire(spec, [tz](int64_t utc) { return offset_at(tz, utc); }, after);
        if (t && !IS_VALID_TIMESTAMP(*t)) out_of_range("schedule '" + *s.cron + "'");
        return t;
    }
    if (!s.interval) return std::nullopt;
    if (anchor > after) return anchor;
    Interval iv = parse_interval(*s.interval);
    __int128 step = usecs_of(iv);
    if (step <= 0) out_of_range("schedule_interval '" + *s.interval + "'");
    __int128 guess = (static_cast<__int128>(after) - anchor) / step + 1;
    int64 k = guess > INT64_MAX / 2 ? INT64_MAX / 2 : static_cast<int64>(guess);
    auto at = [&](int64 n) -> TimestampTz {
        std::optional<Interval> m = times(iv, n);
        std::optional<TimestampTz> t = m ? plus(anchor, *m, tz) : std::nullopt;
        if (!t) out_of_range("schedule_interval '" + *s.interval + "'");
        return *t;
    };
    // The guess treats months as 30 days: step to the exact k (a few steps at most).
    for (int guard = 0; at(k) <= after; ++guard) {
        if (guard > 10000) out_of_range("schedule_interval '" + *s.interval + "'");
        ++k;
    }
    while (k > 1 && at(k - 1) > after) --k;
    return at(k);
}

std::optional<TimestampTz> add_interval(TimestampTz t, const std::string& text, int64 factor, const std::string& time_zone) {
    std::optional<Interval> iv = times(parse_interval(text), factor);
    return iv ? plus(t, *iv, zone(time_zone)) : std::nullopt;
}

int64 interval_usecs(const std::string& text) {
    __int128 us = usecs_of(parse_interval(text));
    return us > INT64_MAX ? INT64_MAX : us < 0 ? 0 : static_cast<int64>(us);
}

std::vector<TimestampTz> next_runs(const Schedule& s, TimestampTz after, int count) {
    std::vector<TimestampTz> out;
    TimestampTz anchor = after, prev = after;
    for (int i = 0; i < count; ++i) {
        std::optional<TimestampTz> t = next_fire(s, s.cron ? DT_NOBEGIN : anchor, prev);
        if (!t) break;
        prev = *t;
        out.push_back(*t);
    }
    return out;
}

std::optional<TimestampTz> job_next_run(int64 id, TimestampTz after) {
    pg::Rows r = pg::query(
        "SELECT schedule, schedule_interval::text, time_zone, "
        "       (extract(epoch FROM next_run - '2000-01-01 00:00:00+00'::timestamptz) * 1000000)::bigint, "
        "       next_run = 'infinity' "
        "FROM partman_ext.job WHERE job_id = $1",
        {pg::int8_param(id)}, true);
    if (r.size() == 0)
        throw UserError(ERRCODE_UNDEFINED_OBJECT, "job " + std::to_string(id) + " does not exist", "",
                        "See SELECT * FROM partman_ext.jobs.");
    if (r.boolean(0, 4)) return std::nullopt;  // a one-off job that has run
    Schedule s{r.at(0, 0), r.at(0, 1), r.str(0, 2)};
    return next_fire(s, r.int8(0, 3), after);
}

}  // namespace pmx::worker

}  // namespace pmx
