// Partition naming (pure C++). Names are for people only: bounds always come from the catalog.
#pragma once

#include "core/interval.hpp"

#include <cstddef>
#include <string>

namespace core {

constexpr size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1

// Suffix for the partition starting at `start`: "_p2024_01" (months), "_p2024" (whole years from
// January), "_p2024_01_15" (days), "_p2024_01_15_0600" (hours), "_p1000" / "_pm1000" (integers).
std::string partition_suffix(const Interval& iv, int64_t start);

// parent + suffix, with the parent part shortened so the whole name fits in 63 bytes and the
// suffix survives. Never cuts a UTF-8 character in half.
std::string partition_name(const std::string& parent, const std::string& suffix);

// Clip s to at most max_bytes without splitting a UTF-8 sequence.
std::string clip_utf8(const std::string& s, size_t max_bytes);

}  // namespace core
