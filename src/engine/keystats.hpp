// Heavy keys of bucket sets: refresh_key_statistics (fills partman_ext.key_statistics) and
// rebalancing_recommendations (advice from skew + key statistics, see core/rebalance.hpp).
#pragma once

#include "core/rebalance.hpp"
#include "pg/guard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pg {

struct RefreshOptions {
    int top_keys = 10;
    int64_t exact_below_rows = 200000;
    int64_t sample_rows = 200000;
};

// One set refreshed.
struct KeyStatsSummary {
    std::string parent;
    int64_t partitions = 0, keys = 0;
    bool sampled = false;
    std::optional<std::string> sample_percent;  // TABLESAMPLE BERNOULLI percent, as written in the query
    int64_t rows_examined = 0, estimated_rows = 0;
    double max_error_bound = 0, duration_ms = 0;
};

// Refreshes the key statistics of one registered bucket set (the caller must own it) or of every
// registered bucket set the caller may maintain. 22023 for options out of range, 42704 when
// parent is not a registered bucket set.
std::vector<KeyStatsSummary> refresh_key_statistics(std::optional<Oid> parent, const RefreshOptions& opt);

struct Recommendation {
    std::string parent;
    core::Advice advice;
};

// Advice for one HASH/LIST parent (registered or not) or every registered bucket set.
std::vector<Recommendation> rebalancing_recommendations(std::optional<Oid> parent);

// "{a,b}" or, quoted, {"a","b"}: an array literal of the items.
std::string array_literal(const std::vector<std::string>& items, bool quote);

}  // namespace pg
