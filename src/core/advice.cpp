// The recommendation of partitioning_advice(): interval, premake, worth (src/core/advice.hpp).
#include "core/advice.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

namespace {

constexpr double kHour = 3600, kDay = 24 * kHour, kWeek = 7 * kDay;
constexpr double kMonth = 365.2425 / 12 * kDay, kQuarter = 3 * kMonth, kYear = 12 * kMonth;

struct Step {
    double seconds;
    const char* text;  // as partition_table reads it
    const char* said;  // in a sentence
};
constexpr Step kSteps[] = {{kHour, "1 hour", "hour"},        {kDay, "1 day", "day"},
                           {kWeek, "7 days", "week"},        {kMonth, "1 month", "month"},
                           {kQuarter, "3 months", "quarter"}, {kYear, "1 year", "year"}};

constexpr int kMinPremake = 4, kMaxPremake = 24;

int clamp_premake(double x) {
    if (!(x > kMinPremake)) return kMinPremake;
    return static_cast<int>(std::min<double>(kMaxPremake, std::ceil(x)));
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string partitions_cover(int64_t n) {
    return n == 1 ? std::string("1 partition covers its values") : std::to_string(n) + " partitions cover its values";
}

void finish(PartitioningAdvice& a, const PartitioningInput& in) {
    const double two = 2 * in.target_bytes;
    a.worth = !a.interval.empty() && a.partitions >= 2 && in.bytes >= two;
    if (a.interval.empty()) return;
    if (in.bytes < two)
        a.reasons.push_back("not worth it yet: " + human_bytes(in.bytes) + " is less than two partitions of " +
                            human_bytes(in.target_bytes) + " (target_partition_bytes)");
    else if (a.partitions < 2)
        a.reasons.push_back("not worth it yet: its values fit in one partition");
}

PartitioningAdvice advise_time(const PartitioningInput& in) {
    PartitioningAdvice a;
    a.strategy = "time";
    const double bytes_per_row = in.rows > 0 ? in.bytes / in.rows : 0;
    double density = 0;  // bytes per second of the control range
    double rows_density = 0;
    double cover = 0;    // seconds from the lowest value up to the highest one or now
    if (in.lo && in.hi && *in.hi > *in.lo) {
        density = in.bytes / (*in.hi - *in.lo);
        rows_density = std::max(in.rows, 0.0) / (*in.hi - *in.lo);
        cover = std::max(*in.hi, in.now.value_or(*in.hi)) - *in.lo;
        a.reasons.push_back("its values span " + fmt("%.0f", (*in.hi - *in.lo) / kDay) + " days, about " +
                            human_bytes(density * kDay) + " (" + human_count(rows_density * kDay) + " rows) a day");
    } else if (in.rows_per_day && *in.rows_per_day > 0 && bytes_per_row > 0) {
        rows_density = *in.rows_per_day / kDay;
        density = rows_density * bytes_per_row;
        a.reasons.push_back("no value range known (the column holds one value, or no statistics): sized by its growth of " +
                            human_count(*in.rows_per_day) + " rows a day");
    } else {
        a.interval = "1 month";
        a.premake = kMinPremake;
        a.reasons.push_back("no value range or growth known (ANALYZE the table): monthly, the most common choice");
        return a;
    }
    const Step* best = nullptr;
    double best_score = 0;
    for (const Step& s : kSteps) {
        if (in.key == PartitioningKey::Date && s.seconds < kDay) continue;  // a date column has whole days
        const double count = std::max(1.0, std::ceil(cover / s.seconds));
        const int premake = clamp_premake(kWeek / s.seconds);
        if (count + premake > kAdviceMaxPartitions && &s != &kSteps[std::size(kSteps) - 1]) continue;
        const double per = density * s.seconds;
        const double score = std::fabs(std::log(std::max(per, 1.0) / in.target_bytes));
        if (!best || score < best_score) best = &s, best_score = score;
    }
    a.interval = best->text;
    a.premake = clamp_premake(kWeek / best->seconds);
    a.partitions = static_cast<int64_t>(std::max(1.0, std::ceil(cover / best->seconds)));
    a.bytes_per_partition = std::min(in.bytes, density * best->seconds);
    a.rows_per_partition = std::min(std::max(in.rows, 0.0), rows_density * best->seconds);
    a.reasons.push_back(std::string("one partition per ") + best->said + " holds about " +
                        human_bytes(a.bytes_per_partition) + " (" + human_count(a.rows_per_partition) +
                        " rows), nearest to the target of " + human_bytes(in.target_bytes));
    if (cover > 0)
        a.reasons.push_back(partitions_cover(a.partitions) +
                            (in.now && *in.now > *in.hi ? " up to now" : ""));
    a.reasons.push_back("premake " + std::to_string(a.premake) + ": partitions ready " +
                        (best->seconds * a.premake >= kWeek ? "at least a week" : "a few intervals") + " ahead");
    return a;
}

PartitioningAdvice advise_integer(const PartitioningInput& in) {
    PartitioningAdvice a;
    a.strategy = "integer";
    if (!(in.lo && in.hi && *in.hi > *in.lo)) {
        a.reasons.push_back("no value range known (the column holds one value, or no statistics: ANALYZE the table)");
        return a;
    }
    const double span = *in.hi - *in.lo + 1;
    const double density = in.bytes / span;  // bytes per value
    const double rows = std::max(in.rows, 0.0);
    int64_t width = nice_width(in.target_bytes / std::max(density, 1e-300));
    if (span / static_cast<double>(width) + kMinPremake > kAdviceMaxPartitions)
        width = nice_at_least(span / (kAdviceMaxPartitions - kMaxPremake));
    a.interval = std::to_string(width);
    a.partitions = static_cast<int64_t>(std::ceil(span / static_cast<double>(width)));
    a.bytes_per_partition = std::min(in.bytes, density * static_cast<double>(width));
    a.rows_per_partition = std::min(rows, rows / span * static_cast<double>(width));
    a.reasons.push_back("its values span " + fmt("%.0f", span) + ", about " +
                        (span >= 1000 ? human_bytes(density * 1000) + " per 1000 values" : human_bytes(density) + " per value"));
    a.reasons.push_back("a width of " + a.interval + " holds about " + human_bytes(a.bytes_per_partition) + " (" +
                        human_count(a.rows_per_partition) + " rows) a partition, nearest to the target of " +
                        human_bytes(in.target_bytes) + "; " + partitions_cover(a.partitions));
    if (in.rows_per_day && *in.rows_per_day > 0 && rows > 0) {
        const double values_per_week = *in.rows_per_day * 7 * span / rows;
        a.premake = clamp_premake(values_per_week / static_cast<double>(width));
        a.reasons.push_back("premake " + std::to_string(a.premake) + ": at its growth of " +
                            human_count(*in.rows_per_day) + " rows a day, partitions ready for at least a week");
    } else {
        a.premake = kMinPremake;
        a.reasons.push_back("premake " + std::to_string(a.premake) + " (growth unknown)");
    }
    return a;
}

}  // namespace

PartitioningAdvice advise_partitioning(const PartitioningInput& in) {
    if (!(in.target_bytes > 0))
        throw InvalidArgument("target_partition_bytes must be positive", "It is the size one partition should have.",
                              "Pass a size in bytes, e.g. 268435456 for 256 MB.");
    if (in.bytes < 0) throw InvalidArgument("the table size cannot be negative");
    if (in.lo && in.hi && *in.hi < *in.lo) throw InvalidArgument("the lowest value is above the highest one");
    PartitioningAdvice a = in.key == PartitioningKey::Integer ? advise_integer(in) : advise_time(in);
    finish(a, in);
    return a;
}

std::string human_bytes(double bytes) {
    static const char* const units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
    int u = 0;
    double v = bytes;
    while (std::fabs(v) >= 1024 && u < 5) v /= 1024, ++u;
    if (u == 0) return fmt("%.0f", v) + " bytes";
    return fmt(std::fabs(v) < 10 ? "%.1f" : "%.0f", v) + " " + units[u];
}

std::string human_count(double n) {
    if (n >= 1e9) return fmt(n < 1e10 ? "%.1f" : "%.0f", n / 1e9) + " billion";
    if (n >= 1e6) return fmt(n < 1e7 ? "%.1f" : "%.0f", n / 1e6) + " million";
    if (n >= 1e4) return fmt("%.0f", n / 1e3) + " thousand";
    return fmt("%.0f", n);
}

int64_t nice_width(double x) {
    if (!(x > 1)) return 1;
    if (x >= 9e17) return 1000000000000000000LL;
    const double p = std::pow(10.0, std::floor(std::log10(x)));
    double best = p, score = std::fabs(std::log(x / p));
    for (double m : {2.0, 5.0, 10.0}) {
        const double s = std::fabs(std::log(x / (m * p)));
        if (s < score) best = m * p, score = s;
    }
    return static_cast<int64_t>(std::llround(best));
}

int64_t nice_at_least(double x) {
    if (!(x > 1)) return 1;
    if (x >= 9e17) return 1000000000000000000LL;
    const double p = std::pow(10.0, std::floor(std::log10(x)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= x) return static_cast<int64_t>(std::llround(m * p));
    return static_cast<int64_t>(std::llround(10 * p));
}

}  // namespace core

}  // namespace pmx
