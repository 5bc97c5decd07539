// Next regular maintenance run of a set (see schedule.hpp).
#include "pg/schedule.hpp"

#include "pg/catalog.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

#include <algorithm>

namespace pg {

namespace {

constexpr int64_t kFallbackUsec = USECS_PER_HOUR;  // no maintenance job: one hour from now

// The first instant base + k * step (k >= 0) strictly after `now`. Estimates k from the interval's
// length, then steps with PostgreSQL's own interval arithmetic (months and days in the session's
// TimeZone, as the scheduler adds them).
int64_t first_after(int64_t base, Datum step, int64_t now) {
    if (base > now) return base;
    return call([&] {
        Interval* iv = DatumGetIntervalP(step);
        double approx = double(iv->time) + double(iv->day) * USECS_PER_DAY + double(iv->month) * DAYS_PER_MONTH * USECS_PER_DAY;
        int64 k = approx > 0 ? int64(double(now - base) / approx) : 0;
        auto at = [&](int64 n) {
            Datum times = DirectFunctionCall2(interval_mul, step, Float8GetDatum(double(n)));
            return DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(base), times));
        };
        TimestampTz t = at(k);
        while (k > 0 && t > now) t = at(--k);
        for (int guard = 0; t <= now && guard < 1000; ++guard) t = at(++k);
        return t > now ? t : now + kFallbackUsec;
    });
}

}  // namespace

RegularRun next_regular_maintenance(Oid parent, bool as_if_changed) {
    const int64_t now = pmx::clock_now();
    Rows jobs = query_cached(
        "SELECT job_id, ((extract(epoch FROM next_run) - 946684800) * 1000000)::bigint, schedule_interval::text "
        "FROM partman_ext.job WHERE kind = 'maintenance' AND enabled AND schedule_interval IS NOT NULL "
        "AND (parent_table IS NULL OR parent_table::oid = $1) ORDER BY job_id",
        {oid_param(parent)}, false);  // not read-only: sees what this transaction's part_config trigger did
    RegularRun best{now + kFallbackUsec, std::nullopt};
    for (size_t i = 0; i < jobs.size(); ++i) {
        int64_t base = jobs.int8(i, 1);
        if (as_if_changed) base = std::min(base, now);  // what the part_config trigger does
        std::string interval = jobs.str(i, 2);
        int64_t at = 0;
        // A schedule whose arithmetic overflows cannot say when it runs: that job is left out.
        auto err = in_subtransaction([&] {
            const char* text = interval.c_str();
            Datum step = call([&] {
                return DirectFunctionCall3(interval_in, CStringGetDatum(text), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
            });
            at = first_after(base, step, now);
        });
        if (err) continue;
        if (!best.job_id || at < best.at) best = RegularRun{at, jobs.int8(i, 0)};
    }
    return best;
}

std::string timestamptz_text(int64_t ts) { return datum_text(TimestampTzGetDatum(ts), TIMESTAMPTZOID); }

}  // namespace pg
