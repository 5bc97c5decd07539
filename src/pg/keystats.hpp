// Key statistics of bucket sets (keystats.cpp): what refresh_key_statistics and the key profile
// of the skew test (keyprofile.cpp) share.
#pragma once

#include "pg/buckets.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pg {

// Write counters (pg_stat n_tup_ins/upd/del) summed over a partition's leaves, and the storage
// (relfilenode) of each leaf: a partition whose figures are unchanged has not been written to.
struct PartitionWrites {
    int64_t ins = 0, upd = 0, del = 0;
    std::string storage;  // "{relfilenode,...}" in leaf oid order
    bool operator==(const PartitionWrites& o) const { return ins == o.ins && upd == o.upd && del == o.del && storage == o.storage; }
};
std::vector<PartitionWrites> partition_writes(const std::vector<BucketPartition>& parts);

// "{1,2,3}" -> {1, 2, 3}
std::vector<int64_t> parse_int_array(const std::string& text);

}  // namespace pg
