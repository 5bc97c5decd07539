// create_bucket_partitions(parent, buckets, ...): registers a bucket set and creates its missing
// buckets <parent>_part_00 .. <parent>_part_NN.
#pragma once

#include "engine/maintenance.hpp"

#include <optional>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

struct BucketRequest {
    Oid parent = InvalidOid;
    int buckets = 0;
    std::optional<Datum> lock_timeout;  // an interval Datum; nullopt: the set's, or partman_ext.lock_timeout
    std::optional<double> warning, rebalance, critical;  // skew thresholds; nullopt: the set's, or the defaults
};

// Idempotent; every CREATE runs as the parent's owner, in its own subtransaction, under
// lock_timeout, and a LIST set's rows waiting in its DEFAULT partition move into their new
// buckets. A LIST bucket expression whose values the buckets do not cover is refused (or, with a
// DEFAULT partition, warned about). One row per bucket created (logged).
std::vector<ActionRow> create_bucket_partitions(const BucketRequest& req);

}  // namespace pg

}  // namespace pmx
