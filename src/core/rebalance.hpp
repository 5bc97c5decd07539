// Heavy keys and rebalancing advice for bucket sets (pure C++).
#pragma once

#include "core/skew.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

struct HotKey {
    std::string key;
    double share = 0;            // of the set's rows
    double partition_share = 0;  // of its partition's rows
};

struct PartitionView {
    std::string name;
    bool is_default = false;
    std::optional<int64_t> rows;
    PartitionSkew skew;          // meaningless for the default partition
    std::vector<HotKey> keys;    // heaviest first; empty when key statistics are missing
};

struct SetView {
    std::string parent, column, keydef;
    std::string key_expression;  // LIST on an expression: the expression as pg_get_expr prints it (pretty)
    bool hash = true;            // HASH (key); false: LIST on a bucket expression
    bool expression = false;     // the partition key is an expression (equality on the column does not prune)
    bool expression_exact = true;  // LIST: the expression's range is known (a recognised hash)
    std::string uncovered;       // LIST: values of the expression no bucket takes ("-99..-1"), or empty
    int buckets = 0;
    SkewThresholds thresholds;
    SkewSummary summary;
    bool key_stats = false;      // key statistics exist for this set
    std::vector<PartitionView> partitions;
};

struct Advice {
    std::string partition;       // empty: the whole set
    std::string kind;            // fix_bucket_expression, empty_default, analyze, insufficient_data,
                                 // split_hot_key, more_buckets, refresh_key_statistics, use_hash,
                                 // investigate_hot_bucket, investigate_cold_bucket, none, expression_key
    std::string status;          // the partition's (or set's) skew status
    std::optional<double> skew_factor;
    std::vector<std::string> keys;  // the keys the advice is about
    std::string text;            // what to do, in plain words
};

std::vector<Advice> recommend(const SetView& set);

// expr with every whole-word occurrence of column (as pg_get_partkeydef prints it) replaced.
std::string substitute_column(const std::string& expr, const std::string& column, const std::string& replacement);

// "12.5%" style percentages used in advice texts.
std::string percent(double share);

}  // namespace core

}  // namespace pmx
