// Bucket sets: the parent's bucket key, the value range of a LIST bucket expression, and the
// configuration of registered bucket sets (shared by buckets.cpp, skew.cpp, keystats.cpp).
#pragma once

#include "core/buckets.hpp"
#include "core/skew.hpp"
#include "pg/guard.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// What partman_ext needs to know about a HASH or LIST parent's key.
struct BucketKey {
    Oid parent = InvalidOid;
    std::string shown;    // schema-qualified parent, quoted as needed
    char strategy = 0;    // 'h' or 'l'
    std::string column;   // the one column the key is computed from
    bool expression = false;
    std::string keydef;   // pg_get_partkeydef: "LIST (mod(hashtext((id)::text), 100))"
    Oid key_type = InvalidOid;  // type of the key (expression result)
    Oid owner = InvalidOid;
};

// Reads the key of parent; throws UserError (with SQLSTATE, DETAIL, HINT) when parent is not
// partitioned by HASH or LIST on one column or one expression over one column.
BucketKey bucket_key(Oid parent);

// The values a LIST bucket expression can take, derived from its expression tree.
core::ValueRange bucket_expression_range(Oid parent);

// Buckets and LIST values the existing partitions take (from the relcache partition descriptor).
struct BucketBounds {
    std::set<int64_t> covered;        // HASH: remainders; LIST: values
    std::vector<int64_t> list_values;  // LIST: every value of every partition
    bool has_default = false;
    std::optional<std::string> default_name;
    Oid default_oid = InvalidOid;
    int moduli_mismatch = 0;          // HASH partitions whose modulus is not the bucket count
    int other_modulus = 0;
    std::string schema, relname;
};
BucketBounds read_bucket_bounds(const BucketKey& k, int buckets);

// A registered bucket set (part_config row with strategy 'bucket').
struct BucketSet {
    Oid parent = InvalidOid;
    std::string parent_text;  // as regclass prints it
    std::string control;
    int buckets = 0;
    core::SkewThresholds thresholds;
};
std::vector<BucketSet> load_bucket_sets(std::optional<Oid> parent);

// The set's configuration when registered, else defaults (any HASH/LIST parent can be analyzed).
BucketSet bucket_set_or_default(Oid parent);

// Partitions of parent (non-default, and the default one) with the leaves below each.
struct BucketPartition {
    Oid oid = InvalidOid;
    std::string name;       // schema-qualified for display
    bool is_default = false;
    std::vector<Oid> leaves;  // the partition itself, or its leaf partitions when sub-partitioned
};
std::vector<BucketPartition> bucket_partitions(Oid parent);

}  // namespace pg

}  // namespace pmx
