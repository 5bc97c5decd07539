// Partition naming (pure C++). Names are for people only: bounds always come from the catalog.
#pragma once

#include "core/interval.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

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

// A naming template: how a set names the partitions it creates (part_config.naming). Tokens:
//   PARENT  the parent table's name
//   YYYY MM DD HH24 MI  the partition's lower bound in local time of the set's time zone (time
//           sets; YYYY is 0044bc for 44 BC, as the default names write it)
//   LOWER   the partition's lower bound (integer sets; m1000 for -1000)
// Any other text is literal; text in double quotes is literal too (for capital letters that would
// read as a token: "MIDDLE"_YYYY). Example: 'events_YYYY_MM' names the partition of November 2026
// events_2026_11. When a name would pass 63 bytes, its head is shortened and the rest survives: the
// head is everything up to and including the last PARENT, or else the text before the separator
// ahead of the first bound token ('events' in events_YYYY_MM).
class Naming {
public:
    enum class Token { Literal, Parent, Year, Month, Day, Hour, Minute, Lower };
    struct Part {
        Token token = Token::Literal;
        std::string text;  // a literal's text
    };

    // Parses and checks a template for a set with interval iv. Throws InvalidArgument when it
    // cannot name the set's partitions apart: empty, unbalanced quotes, no bound token, LOWER in a
    // time set or a date token in an integer set, tokens too coarse for the interval (monthly
    // partitions need YYYY and MM), or a part after the head that could pass 63 bytes.
    static Naming parse(const std::string& tmpl, const Interval& iv);

    // The name of the partition starting at `start` (units of the interval's kind); extra (e.g.
    // "_1" when the name is taken) follows it and survives the 63-byte limit too.
    std::string render(const std::string& parent, int64_t start, const std::string& extra = {}) const;

    // The template in its written form (literals with capital letters quoted).
    std::string text() const;

    const std::vector<Part>& parts() const { return parts_; }

private:
    std::vector<Part> parts_;
    Interval iv_;
    size_t keep_from_ = 0;   // parts before this index form the head (shortened first)
    size_t keep_split_ = 0;  // and this many bytes of that part's literal text too
};

// The template every adopted partition's name follows, when they all follow one: each name is a
// head (the parent's name becomes PARENT) then the partition's lower bound written as digits
// (YYYY, then MM, DD, HH24, MI as far as written, with any separators between them; LOWER for
// integer sets). partitions: (name, lower bound) of each partition with a lower bound. nullopt
// when there is none, when the names differ in style, when a template would not tell the set's
// partitions apart, or when every name is already the default one (partition_suffix).
std::optional<std::string> infer_naming(const std::vector<std::pair<std::string, int64_t>>& partitions,
                                        const std::string& parent, const Interval& iv);

}  // namespace core

}  // namespace pmx
