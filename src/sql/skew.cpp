// Skew of bucket sets: analyze_partition_skew(parent, exact) and partition_distribution() (the
// view's function). Row counts come from pg_class.reltuples (no scan; -1 = never analyzed =
// unknown) or, with exact => true, from ONE scan of the parent (src/engine/skew.cpp); the math
// lives in core/skew.hpp.
#include "engine/skew.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

PMX_FUNCTION(partman_analyze_partition_skew);
PMX_FUNCTION(partman_partition_distribution);

namespace pg {
namespace {

void notice_unknown(const SetSkew& s) {
    if (s.exact || s.unanalyzed == 0) return;
    int n = s.unanalyzed;
    const char* parent = s.set.parent_text.c_str();
    call([&] {
        ereport(NOTICE, (errmsg("%d partition(s) of %s have never been analyzed: their row counts are unknown", n, parent),
                         errdetail("pg_class.reltuples is -1 until the first ANALYZE or VACUUM; the statuses of this set are INSUFFICIENT_DATA."),
                         errhint("Run ANALYZE %s, or count rows with analyze_partition_skew('%s', exact => true).", parent, parent)));
    });
}

Datum analyze_impl(FunctionCallInfo fcinfo) {
    bool exact = PG_NARGS() > 1 && !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    Spi spi;
    std::vector<BucketSet> sets = sets_for(PG_NARGS() > 0 && !PG_ARGISNULL(0) ? std::optional<Oid>(PG_GETARG_OID(0)) : std::nullopt);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        SetSkew s = measure_set(set, exact, true);
        notice_unknown(s);
        int64_t all_rows = s.result.summary.total_rows + (s.default_index >= 0 && s.rows[s.default_index] ? *s.rows[s.default_index] : 0);
        size_t b = 0;
        for (size_t i = 0; i < s.parts.size(); ++i) {
            const auto& rows = s.rows[i];
            TextRow row{set.parent_text, s.parts[i].name, rows ? std::optional<std::string>(std::to_string(*rows)) : std::nullopt,
                        s.bytes[i] ? std::optional<std::string>(std::to_string(*s.bytes[i])) : std::nullopt};
            if (s.parts[i].is_default) {
                bool known = rows && s.result.summary.unknown_partitions == 0 && all_rows > 0;
                row.push_back(known ? std::optional<std::string>(fmt_double(double(*rows) / all_rows)) : std::nullopt);
                row.push_back(std::string("0"));
                row.push_back(std::nullopt);
                row.push_back(std::nullopt);
                row.push_back(std::string(core::skew_status_name(s.default_status)));
            } else {
                const core::PartitionSkew& p = s.result.partitions[b++];
                auto fig = [&](double v) { return p.has_figures ? std::optional<std::string>(fmt_double(v)) : std::nullopt; };
                row.push_back(fig(p.share));
                row.push_back(fmt_double(p.expected_share));
                row.push_back(fig(p.skew_factor));
                row.push_back(fig(p.z_score));
                row.push_back(std::string(core::skew_status_name(p.status)));
            }
            out.add(row);
        }
    }
    return (Datum)0;
}

Datum distribution_impl(FunctionCallInfo fcinfo) {
    Spi spi;
    std::vector<BucketSet> sets = load_bucket_sets(std::nullopt);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        SetSkew s = measure_set(set, false, false);
        const core::SkewSummary& m = s.result.summary;
        bool known = m.unknown_partitions == 0;
        auto num = [&](double v) { return known ? std::optional<std::string>(fmt_double(v)) : std::nullopt; };
        auto whole = [&](int64_t v) { return known ? std::optional<std::string>(std::to_string(v)) : std::nullopt; };
        std::optional<std::string> default_rows;
        if (s.default_index >= 0 && s.rows[s.default_index]) default_rows = std::to_string(*s.rows[s.default_index]);
        out.add(TextRow{set.parent_text, std::to_string(m.partitions), whole(m.total_rows), num(m.mean_rows), num(m.stddev_rows),
                        num(m.cv), num(m.max_skew), num(m.max_mean_ratio), std::string(core::skew_status_name(s.status())),
                        whole(m.min_rows), whole(m.max_rows), default_rows, std::to_string(s.unanalyzed)});
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_analyze_partition_skew(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::analyze_impl(fcinfo); }); }
Datum partman_partition_distribution(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::distribution_impl(fcinfo); }); }
