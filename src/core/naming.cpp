// Partition naming (see naming.hpp).
#include "core/naming.hpp"

#include "core/error.hpp"

#include <cctype>
#include <cstdio>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

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

// ---- Naming templates ----------------------------------------------------------------------------

namespace {

struct TokenWord {
    const char* word;
    Naming::Token token;
};
// Longer words first where one begins another would not matter; none does.
constexpr TokenWord kWords[] = {{"PARENT", Naming::Token::Parent}, {"YYYY", Naming::Token::Year},
                                {"HH24", Naming::Token::Hour},     {"LOWER", Naming::Token::Lower},
                                {"MM", Naming::Token::Month},      {"MI", Naming::Token::Minute},
                                {"DD", Naming::Token::Day}};

const char* word_of(Naming::Token t) {
    for (const TokenWord& w : kWords)
        if (w.token == t) return w.word;
    return "";
}

bool is_bound(Naming::Token t) { return t != Naming::Token::Literal && t != Naming::Token::Parent; }
bool is_date(Naming::Token t) { return is_bound(t) && t != Naming::Token::Lower; }

// Separators: ASCII characters other than letters, digits and the double quote.
bool is_sep(char ch) {
    unsigned char u = static_cast<unsigned char>(ch);
    return u < 0x80 && !std::isalnum(u) && ch != '"';
}

bool has_capital(const std::string& s) {
    for (char ch : s)
        if (ch >= 'A' && ch <= 'Z') return true;
    return false;
}

std::string two(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

std::string year_text(int year) {
    char buf[24];
    if (year > 0)
        std::snprintf(buf, sizeof buf, "%04d", year);
    else
        std::snprintf(buf, sizeof buf, "%04dbc", 1 - year);
    return buf;
}

std::string lower_text(int64_t v) {
    if (v >= 0) return std::to_string(v);
    return "m" + std::to_string(static_cast<unsigned long long>(-(v + 1)) + 1ULL);
}

// The most bytes a token after the head can take.
size_t max_width(Naming::Token t) {
    switch (t) {
        case Naming::Token::Year: return 6;    // 294276, 4713bc
        case Naming::Token::Lower: return 20;  // m9223372036854775808
        default: return 2;
    }
}

// The coarsest tokens that still tell a set's partitions apart: YYYY, then MM unless partitions
// are whole years, DD for day intervals, HH24 for hour intervals.
std::vector<Naming::Token> required_tokens(const Interval& iv) {
    using T = Naming::Token;
    if (iv.kind == Interval::Kind::Integer) return {T::Lower};
    if (iv.kind == Interval::Kind::Months) return iv.step % 12 == 0 ? std::vector<T>{T::Year} : std::vector<T>{T::Year, T::Month};
    if (iv.step % kUsecPerDay == 0) return {T::Year, T::Month, T::Day};
    return {T::Year, T::Month, T::Day, T::Hour};
}

}  // namespace

Naming Naming::parse(const std::string& tmpl, const Interval& iv) {
    const std::string hint =
        "Write the name of a partition with tokens for its bound, e.g. 'PARENT_YYYY_MM' or 'events_YYYY_MM' (time sets), "
        "'PARENT_pLOWER' (integer sets); text in double quotes is taken as it is.";
    if (tmpl.empty()) throw InvalidArgument("naming template is empty", "A template names the partitions a set creates.", hint);
    Naming n;
    n.iv_ = iv;
    std::string lit;
    auto flush = [&] {
        if (!lit.empty()) n.parts_.push_back(Part{Token::Literal, lit});
        lit.clear();
    };
    for (size_t i = 0; i < tmpl.size();) {
        if (tmpl[i] == '"') {
            size_t j = tmpl.find('"', i + 1);
            if (j == std::string::npos)
                throw InvalidArgument("naming template \"" + tmpl + "\" has an unclosed double quote",
                                      "Text in double quotes is literal; the quote at byte " + std::to_string(i + 1) + " is not closed.", hint);
            lit += tmpl.substr(i + 1, j - i - 1);
            i = j + 1;
            continue;
        }
        bool matched = false;
        for (const TokenWord& w : kWords) {
            size_t len = std::char_traits<char>::length(w.word);
            if (tmpl.compare(i, len, w.word) == 0) {
                flush();
                n.parts_.push_back(Part{w.token, {}});
                i += len;
                matched = true;
                break;
            }
        }
        if (!matched) lit += tmpl[i++];
    }
    flush();

    const bool integer = iv.kind == Interval::Kind::Integer;
    size_t first_bound = n.parts_.size();
    for (size_t k = 0; k < n.parts_.size(); ++k) {
        Token t = n.parts_[k].token;
        if (is_bound(t) && first_bound == n.parts_.size()) first_bound = k;
        if (integer && is_date(t))
            throw InvalidArgument("naming template \"" + tmpl + "\" uses " + word_of(t) + " in an integer set",
                                  "Integer sets name partitions by their lower bound: LOWER.", hint);
        if (!integer && t == Token::Lower)
            throw InvalidArgument("naming template \"" + tmpl + "\" uses LOWER in a time set",
                                  "Time sets name partitions by the date of their lower bound: YYYY, MM, DD, HH24, MI.", hint);
    }
    std::string missing;
    for (Token t : required_tokens(iv)) {
        bool found = false;
        for (const Part& p : n.parts_) found = found || p.token == t;
        if (!found) missing += std::string(missing.empty() ? "" : ", ") + word_of(t);
    }
    if (!missing.empty())
        throw InvalidArgument("naming template \"" + tmpl + "\" cannot tell the partitions of this set apart",
                              "Partitions of " + describe(iv) + " need the token(s) " + missing + ".", hint);

    // The head: up to the last PARENT, else the text before the separator ahead of the first bound token.
    size_t last_parent = n.parts_.size();
    for (size_t k = 0; k < n.parts_.size(); ++k)
        if (n.parts_[k].token == Token::Parent) last_parent = k;
    if (last_parent < n.parts_.size()) {
        n.keep_from_ = last_parent + 1;
    } else {
        n.keep_from_ = first_bound;
        if (first_bound > 0 && n.parts_[first_bound - 1].token == Token::Literal) {
            const std::string& head = n.parts_[first_bound - 1].text;
            size_t sep = head.size();
            while (sep > 0 && !is_sep(head[sep - 1])) --sep;
            if (sep > 0) {
                n.keep_from_ = first_bound - 1;
                n.keep_split_ = sep - 1;
            }
        }
    }
    size_t rest = 0;
    for (size_t k = n.keep_from_; k < n.parts_.size(); ++k) {
        const Part& p = n.parts_[k];
        rest += p.token == Token::Literal ? p.text.size() - (k == n.keep_from_ ? n.keep_split_ : 0) : max_width(p.token);
    }
    if (rest > kMaxIdentifierBytes)
        throw InvalidArgument("naming template \"" + tmpl + "\" can make names longer than 63 bytes",
                              "Its part after the head can take " + std::to_string(rest) + " bytes; PostgreSQL names have at most 63.",
                              "Shorten the text after the first bound token.");
    return n;
}

std::string Naming::render(const std::string& parent, int64_t start, const std::string& extra) const {
    Civil c{};
    if (iv_.kind != Interval::Kind::Integer) c = to_civil(start);
    std::string head, rest;
    for (size_t k = 0; k < parts_.size(); ++k) {
        const Part& p = parts_[k];
        std::string s;
        switch (p.token) {
            case Token::Literal: s = p.text; break;
            case Token::Parent: s = parent; break;
            case Token::Year: s = year_text(c.year); break;
            case Token::Month: s = two(c.month); break;
            case Token::Day: s = two(c.day); break;
            case Token::Hour: s = two(c.hour); break;
            case Token::Minute: s = two(c.minute); break;
            case Token::Lower: s = lower_text(start); break;
        }
        if (k < keep_from_) {
            head += s;
        } else if (k == keep_from_ && keep_split_ > 0) {
            head += s.substr(0, keep_split_);
            rest += s.substr(keep_split_);
        } else {
            rest += s;
        }
    }
    rest += extra;
    if (head.size() + rest.size() > kMaxIdentifierBytes) head = clip_utf8(head, kMaxIdentifierBytes - rest.size());
    return head + rest;
}

std::string Naming::text() const {
    std::string out;
    for (const Part& p : parts_)
        out += p.token != Token::Literal ? std::string(word_of(p.token)) : has_capital(p.text) ? "\"" + p.text + "\"" : p.text;
    return out;
}

namespace {

// The template one partition's name suggests: head + its lower bound written as digits.
std::optional<std::string> suggest(const std::string& name, int64_t start, const std::string& parent, const Interval& iv) {
    if (name.find('"') != std::string::npos) return std::nullopt;
    size_t b = name.size();
    while (b > 0 && (std::isdigit(static_cast<unsigned char>(name[b - 1])) || is_sep(name[b - 1]))) --b;
    while (b < name.size() && is_sep(name[b])) ++b;
    if (b == name.size()) return std::nullopt;
    std::string head = name.substr(0, b), bound = name.substr(b), tokens;
    if (iv.kind == Interval::Kind::Integer) {
        if (bound != std::to_string(start < 0 ? -start : start)) return std::nullopt;
        if (start < 0) {
            if (head.empty() || head.back() != 'm') return std::nullopt;
            head.pop_back();
        }
        tokens = "LOWER";
    } else {
        Civil c = to_civil(start);
        if (c.year < 1 || c.year > 9999) return std::nullopt;
        const std::vector<std::pair<std::string, std::string>> parts = {
            {"YYYY", year_text(c.year)}, {"MM", two(c.month)}, {"DD", two(c.day)}, {"HH24", two(c.hour)}, {"MI", two(c.minute)}};
        std::string digits;
        for (char ch : bound)
            if (!is_sep(ch)) digits += ch;
        size_t n = 0;
        std::string want;
        while (n < parts.size() && want.size() < digits.size()) want += parts[n++].second;
        if (want != digits) return std::nullopt;
        // Tokens in place of their digits; a separator inside a token's digits is no template.
        size_t t = 0, used = 0;
        for (char ch : bound) {
            if (is_sep(ch)) {
                if (used != 0) return std::nullopt;
                tokens += ch;
                continue;
            }
            if (used == 0) tokens += parts[t].first;
            if (++used == parts[t].second.size()) {
                ++t;
                used = 0;
            }
        }
    }
    std::string lead;
    if (!parent.empty() && head.compare(0, parent.size(), parent) == 0) {
        lead = "PARENT";
        head = head.substr(parent.size());
    }
    if (has_capital(head)) head = "\"" + head + "\"";
    return lead + head + tokens;
}

}  // namespace

std::optional<std::string> infer_naming(const std::vector<std::pair<std::string, int64_t>>& partitions,
                                        const std::string& parent, const Interval& iv) {
    if (partitions.empty()) return std::nullopt;
    bool all_default = true;
    for (const auto& p : partitions)
        all_default = all_default && p.first == partition_name(parent, partition_suffix(iv, p.second));
    if (all_default) return std::nullopt;
    std::optional<std::string> tmpl = suggest(partitions[0].first, partitions[0].second, parent, iv);
    if (!tmpl) return std::nullopt;
    std::optional<Naming> n;
    try {
        n = Naming::parse(*tmpl, iv);
    } catch (const InvalidArgument&) {
        return std::nullopt;
    }
    for (const auto& p : partitions)
        if (n->render(parent, p.second) != p.first) return std::nullopt;
    return n->text();
}

}  // namespace core

}  // namespace pmx
