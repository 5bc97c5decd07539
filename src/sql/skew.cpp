// analyze_partition_skew(parent, exact) and partition_distribution() (the view's function): the
// SQL entry points; the measuring is src/engine/skew.cpp, the math core/skew.hpp.
#include "engine/skew.hpp"
#include "pg/spi.hpp"
#include "pg/srf.hpp"

#include <cmath>

namespace pmx {  // the project's one namespace (docs/architecture.md)

PMX_FUNCTION(partman_analyze_partition_skew);
PMX_FUNCTION(partman_partition_distribution);

namespace pg {
namespace {

void notices(const SetSkew& s) {
    const char* parent = s.set.parent_text.c_str();
    if (!s.exact && s.unanalyzed > 0) {
        int n = s.unanalyzed;
        call([&] {
            ereport(NOTICE, (errmsg("%d partition(s) of %s have never been analyzed: their row counts are unknown", n, parent),
                             errdetail("pg_class.reltuples is -1 until the first ANALYZE or VACUUM; the statuses of this set are INSUFFICIENT_DATA."),
                             errhint("Run ANALYZE %s, or count rows with analyze_partition_skew('%s', exact => true).", parent, parent)));
        });
    }
    if (!s.no_profile.empty()) {
        const char* why = s.no_profile.c_str();
        call([&] {
            ereport(NOTICE, (errmsg("the key sizes of %s are unknown: its statuses are INSUFFICIENT_DATA", parent),
                             errdetail("The noise of uniform hashing depends on how many rows each key has; found %s.", why),
                             errhint("Run ANALYZE %s as a role that may read it, or partman_ext.refresh_key_statistics('%s').", parent, parent)));
        });
    }
}

std::optional<std::string> opt_double(bool known, double v) { return known ? std::optional<std::string>(fmt_double(v)) : std::nullopt; }

Datum analyze_impl(FunctionCallInfo fcinfo) {
    bool exact = PG_NARGS() > 1 && !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    Spi spi;
    std::vector<BucketSet> sets = sets_for(PG_NARGS() > 0 && !PG_ARGISNULL(0) ? std::optional<Oid>(PG_GETARG_OID(0)) : std::nullopt);
    SrfOut out(fcinfo);
    for (const BucketSet& set : sets) {
        SetSkew s = measure_set(set, exact, true);
        notices(s);
        const core::SkewSummary& m = s.result.summary;
        int64_t all_rows = m.total_rows + (s.default_index >= 0 && s.rows[s.default_index] ? *s.rows[s.default_index] : 0);
        std::optional<std::string> keys = opt_double(m.has_noise, m.effective_keys);
        std::optional<std::string> method = m.has_noise ? std::optional<std::string>(m.method) : std::nullopt;
        size_t b = 0;
        for (size_t i = 0; i < s.parts.size(); ++i) {
            const auto& rows = s.rows[i];
            TextRow row{rel_value(set.parent), rel_value(s.parts[i].oid), rows ? std::optional<std::string>(std::to_string(*rows)) : std::nullopt,
                        s.bytes[i] ? std::optional<std::string>(std::to_string(*s.bytes[i])) : std::nullopt};
            if (s.parts[i].is_default) {
                bool known = rows && m.unknown_partitions == 0 && all_rows > 0;
                row.push_back(opt_double(known, known ? double(*rows) / all_rows : 0));
                row.push_back(std::string("0"));
                row.push_back(std::nullopt);
                row.push_back(std::nullopt);
                row.push_back(std::string(core::skew_status_name(s.default_status)));
                row.insert(row.end(), {keys, method, std::nullopt});
            } else {
                const core::PartitionSkew& p = s.result.partitions[b++];
                row.push_back(opt_double(p.has_figures, p.share));
                row.push_back(fmt_double(p.expected_share));
                row.push_back(opt_double(p.has_figures, p.skew_factor));
                row.push_back(opt_double(p.has_figures && m.has_noise, p.z_score));
                row.push_back(std::string(core::skew_status_name(p.status)));
                row.insert(row.end(), {keys, method,
                                       m.has_noise ? std::optional<std::string>(std::to_string(std::llround(p.heavy_rows))) : std::nullopt});
            }
            row.resize(static_cast<size_t>(out.columns()));  // a 0.1.0 definition has 9 columns
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
        auto num = [&](double v) { return opt_double(known, v); };
        auto whole = [&](int64_t v) { return known ? std::optional<std::string>(std::to_string(v)) : std::nullopt; };
        std::optional<std::string> default_rows;
        if (s.default_index >= 0 && s.rows[s.default_index]) default_rows = std::to_string(*s.rows[s.default_index]);
        double expected = m.partitions > 0 ? double(m.total_rows) / m.partitions : 0;
        TextRow row{rel_value(set.parent), std::to_string(m.partitions), whole(m.total_rows), num(m.mean_rows), num(m.stddev_rows),
                    num(m.cv), num(m.max_skew), num(m.max_mean_ratio), std::string(core::skew_status_name(s.status())),
                    whole(m.min_rows), whole(m.max_rows), default_rows, std::to_string(s.unanalyzed),
                    opt_double(m.has_noise, m.effective_keys), m.has_noise ? std::optional<std::string>(m.method) : std::nullopt,
                    opt_double(m.has_noise && expected > 0, expected > 0 ? m.noise_upper / expected : 0)};
        row.resize(static_cast<size_t>(out.columns()));  // a 0.1.0 definition has 13 columns
        out.add(row);
    }
    return (Datum)0;
}

}  // namespace
}  // namespace pg

Datum partman_analyze_partition_skew(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::analyze_impl(fcinfo); }); }
Datum partman_partition_distribution(PG_FUNCTION_ARGS) { return pg::entry([&] { return pg::distribution_impl(fcinfo); }); }

}  // namespace pmx
