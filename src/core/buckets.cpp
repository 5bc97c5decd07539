// Bucket names and bucket-expression ranges (see buckets.hpp).
#include "core/buckets.hpp"

#include "core/naming.hpp"

#include <algorithm>
#include <cstdio>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

std::string bucket_suffix(int bucket, int buckets) {
    int width = static_cast<int>(std::to_string(buckets > 1 ? buckets - 1 : 0).size());
    char buf[32];
    std::snprintf(buf, sizeof buf, "_part_%0*d", width, bucket);
    return buf;
}

std::string bucket_partition_name(const std::string& parent, int bucket, int buckets) {
    return partition_name(parent, bucket_suffix(bucket, buckets));
}

using i128 = __int128;

static i128 type_min(int bits) { return -(i128(1) << (bits - 1)); }
static i128 type_max(int bits) { return (i128(1) << (bits - 1)) - 1; }

// Clips [lo, hi] to the type; a clipped bound means the operation can overflow.
static ValueRange make(i128 lo, i128 hi, int bits, bool exact, bool overflow) {
    ValueRange r;
    if (lo < type_min(bits)) lo = type_min(bits), overflow = true;
    if (hi > type_max(bits)) hi = type_max(bits), overflow = true;
    r.lo = static_cast<int64_t>(lo);
    r.hi = static_cast<int64_t>(hi);
    r.exact = exact;
    r.may_overflow = overflow;
    return r;
}

ValueRange ValueRange::full(int bits, bool exact) { return make(type_min(bits), type_max(bits), bits, exact, false); }

ValueRange ValueRange::constant(int64_t v) {
    ValueRange r;
    r.lo = r.hi = v;
    r.exact = true;
    return r;
}

ValueRange range_mod(const ValueRange& a, const ValueRange& m) {
    // The result's magnitude is below max|m| and its sign is the sign of a (or zero).
    i128 mmax = std::max<i128>(m.lo < 0 ? -i128(m.lo) : i128(m.lo), m.hi < 0 ? -i128(m.hi) : i128(m.hi));
    bool overflow = a.may_overflow || m.may_overflow || (m.lo <= 0 && m.hi >= 0);  // division by zero
    if (mmax == 0) return make(0, 0, 64, false, true);
    i128 lim = mmax - 1;
    i128 lo, hi;
    if (a.lo >= 0)  // non-negative dividend: [0, lim], or a itself when it fits
        lo = a.hi <= lim ? a.lo : 0, hi = std::min<i128>(a.hi, lim);
    else if (a.hi <= 0)
        lo = std::max<i128>(a.lo, -lim), hi = a.lo >= -lim ? a.hi : 0;
    else
        lo = std::max<i128>(a.lo, -lim), hi = std::min<i128>(a.hi, lim);
    // Every value occurs when a spans whole periods and the modulus is one constant.
    bool exact = a.exact && m.exact && m.lo == m.hi && (i128(a.hi) - a.lo + 1 >= 2 * mmax || (a.lo >= 0 && a.hi <= lim) || (a.hi <= 0 && a.lo >= -lim));
    return make(lo, hi, 64, exact, overflow);
}

ValueRange range_and(const ValueRange& a, const ValueRange& b) {
    bool overflow = a.may_overflow || b.may_overflow;
    // A non-negative operand bounds the result to [0, that operand's max].
    const ValueRange* mask = b.lo >= 0 ? &b : (a.lo >= 0 ? &a : nullptr);
    if (!mask) return make(type_min(64), type_max(64), 64, false, overflow);
    const ValueRange& other = mask == &b ? a : b;
    i128 hi = mask->hi;
    if (other.lo >= 0) hi = std::min<i128>(hi, other.hi);
    uint64_t c = static_cast<uint64_t>(mask->hi);
    // x & (2^k - 1) takes every value 0..2^k-1 when x covers a whole period.
    bool exact = mask->lo == mask->hi && (c & (c + 1)) == 0 && other.exact && i128(other.hi) - other.lo >= i128(c);
    return make(0, hi, 64, exact, overflow);
}

ValueRange range_abs(const ValueRange& a, int bits) {
    i128 lo, hi;
    if (a.lo >= 0) {
        lo = a.lo, hi = a.hi;
    } else if (a.hi <= 0) {
        lo = -i128(a.hi), hi = -i128(a.lo);
    } else {
        lo = 0, hi = std::max<i128>(-i128(a.lo), a.hi);
    }
    // abs(INT_MIN) raises "integer out of range".
    return make(lo, hi, bits, a.exact, a.may_overflow || i128(a.lo) == type_min(bits));
}

ValueRange range_add(const ValueRange& a, const ValueRange& b, int bits) {
    return make(i128(a.lo) + b.lo, i128(a.hi) + b.hi, bits, a.exact && b.exact && (a.lo == a.hi || b.lo == b.hi),
                a.may_overflow || b.may_overflow);
}

ValueRange range_sub(const ValueRange& a, const ValueRange& b, int bits) {
    return make(i128(a.lo) - b.hi, i128(a.hi) - b.lo, bits, a.exact && b.exact && (a.lo == a.hi || b.lo == b.hi),
                a.may_overflow || b.may_overflow);
}

ValueRange range_cast(const ValueRange& a, int bits) { return make(a.lo, a.hi, bits, a.exact, a.may_overflow); }

std::vector<std::pair<int64_t, int64_t>> uncovered_ranges(const ValueRange& r, std::vector<int64_t> covered) {
    std::sort(covered.begin(), covered.end());
    covered.erase(std::unique(covered.begin(), covered.end()), covered.end());
    std::vector<std::pair<int64_t, int64_t>> out;
    i128 next = r.lo;  // first value not yet accounted for
    for (int64_t v : covered) {
        if (v < r.lo) continue;
        if (v > r.hi) break;
        if (v > next) out.emplace_back(static_cast<int64_t>(next), v - 1);
        next = i128(v) + 1;
    }
    if (next <= r.hi) out.emplace_back(static_cast<int64_t>(next), r.hi);
    return out;
}

uint64_t count_values(const std::vector<std::pair<int64_t, int64_t>>& ranges) {
    unsigned __int128 n = 0;
    for (const auto& [lo, hi] : ranges) n += static_cast<unsigned __int128>(i128(hi) - lo + 1);
    return n > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(n);
}

std::string format_ranges(const std::vector<std::pair<int64_t, int64_t>>& ranges, size_t max_items) {
    std::string s;
    for (size_t i = 0; i < ranges.size(); ++i) {
        if (i == max_items) return s + ", ...";
        if (i) s += ", ";
        s += std::to_string(ranges[i].first);
        if (ranges[i].second != ranges[i].first) s += ".." + std::to_string(ranges[i].second);
    }
    return s;
}

}  // namespace core

}  // namespace pmx
