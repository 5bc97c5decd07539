// Partition naming (see naming.hpp).
#include "core/naming.hpp"

#include <cstdio>

namespace core {

std::string clip_utf8(const std::string& s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    size_t n = max_bytes;
    // Back up over continuation bytes (10xxxxxx) so the cut falls on a character boundary.
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

std::string partition_suffix(const Interval& iv, int64_t start) {
    char buf[64];
    if (iv.kind == Interval::Kind::Integer) {
        if (start < 0)
            std::snprintf(buf, sizeof buf, "_pm%llu", static_cast<unsigned long long>(-(start + 1)) + 1ULL);
        else
            std::snprintf(buf, sizeof buf, "_p%lld", static_cast<long long>(start));
        return buf;
    }
    Civil c = to_civil(start);
    // Years before 1 AD read as PostgreSQL writes them: "_p0044bc_03" is March 44 BC.
    char year[24];
    if (c.year > 0)
        std::snprintf(year, sizeof year, "%04d", c.year);
    else
        std::snprintf(year, sizeof year, "%04dbc", 1 - c.year);
    if (iv.kind == Interval::Kind::Months) {
        if (iv.step % 12 == 0 && c.month == 1)
            std::snprintf(buf, sizeof buf, "_p%s", year);
        else
            std::snprintf(buf, sizeof buf, "_p%s_%02d", year, c.month);
    } else if (iv.step % kUsecPerDay == 0 && c.hour == 0 && c.minute == 0) {
        std::snprintf(buf, sizeof buf, "_p%s_%02d_%02d", year, c.month, c.day);
    } else {
        std::snprintf(buf, sizeof buf, "_p%s_%02d_%02d_%02d%02d", year, c.month, c.day, c.hour, c.minute);
    }
    return buf;
}

std::string partition_name(const std::string& parent, const std::string& suffix) {
    return clip_utf8(parent, kMaxIdentifierBytes - suffix.size()) + suffix;
}


}  // namespace core
