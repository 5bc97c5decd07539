// Bucket sets (pure C++): partition names, and the value range of a bucket expression so that a
// LIST scheme that leaves values without a partition (the classic mod(hashtext(x), 100) over
// 0..99, which yields -99..99) is caught at registration.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

// "_part_07" for bucket 7 of 100: zero-padded to the number of digits of buckets - 1.
std::string bucket_suffix(int bucket, int buckets);
// parent + bucket_suffix, shortened to 63 bytes so the suffix survives (see naming.hpp).
std::string bucket_partition_name(const std::string& parent, int bucket, int buckets);

// Closed integer interval [lo, hi] that contains every value an expression can take.
// `exact` is true when every value of [lo, hi] can actually occur (a full-range hash such as
// hashtext() reduced with mod, %, & 2^k-1, casts, + and - of constants); it is false when the
// expression contains something we cannot see into (an unknown function, whose result is only
// bounded by its type), so that [lo, hi] may be wider than what really occurs.
struct ValueRange {
    int64_t lo = 0, hi = 0;
    bool exact = false;
    bool may_overflow = false;  // evaluating it can raise "integer out of range" (abs(INT_MIN))
    static ValueRange full(int bits, bool exact);  // whole range of int2/int4/int8
    static ValueRange constant(int64_t v);
};

// Range arithmetic of the operators bucket expressions are built from. `bits` is the result
// type width. Results are exact bounds for the shapes partman_ext recognises and safe
// over-approximations otherwise.
ValueRange range_mod(const ValueRange& a, const ValueRange& m);        // mod(a, m), a % m: sign of a
ValueRange range_and(const ValueRange& a, const ValueRange& b);        // a & b
ValueRange range_abs(const ValueRange& a, int bits);                   // abs(a)
ValueRange range_add(const ValueRange& a, const ValueRange& b, int bits);
ValueRange range_sub(const ValueRange& a, const ValueRange& b, int bits);
ValueRange range_cast(const ValueRange& a, int bits);                  // widening or narrowing cast

// Sub-ranges of r that no value in `covered` (any order, duplicates allowed) accepts.
std::vector<std::pair<int64_t, int64_t>> uncovered_ranges(const ValueRange& r, std::vector<int64_t> covered);
// Number of values in the ranges.
uint64_t count_values(const std::vector<std::pair<int64_t, int64_t>>& ranges);
// "-99..-1", "-99..-1, 100..120" (at most `max_items` ranges, then ", ..."), "5" for a single value.
std::string format_ranges(const std::vector<std::pair<int64_t, int64_t>>& ranges, size_t max_items = 5);

}  // namespace core

}  // namespace pmx
