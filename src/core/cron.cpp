// Cron schedules (see cron.hpp).
#include "core/cron.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {

namespace {

constexpr int64_t kUsecPerMinute = 60 * kUsecPerSec;
constexpr int64_t kMaxShift = 3 * kUsecPerHour;    // largest offset change handled
constexpr int64_t kTransitionGap = 40 * kUsecPerHour;  // offsets looked up this far on either side
constexpr int kSearchDays = 366 * 10 + 3;

const char* const kHint =
    "A cron schedule has five fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or jan-dec) "
    "and day of week (0-7 or sun-sat; 0 and 7 are Sunday), e.g. '0 3 * * *' or '*/15 * * * *'.";

struct Field {
    const char* name;
    int low, high;
    const char* const* names;  // 3-letter names for low.., or nullptr
};
const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", nullptr};
const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};
const Field kFields[] = {{"minute", 0, 59, nullptr},
                         {"hour", 0, 23, nullptr},
                         {"day of month", 1, 31, nullptr},
                         {"month", 1, 12, kMonths},
                         {"day of week", 0, 7, kDays}};

[[noreturn]] void bad(const std::string& text, const std::string& detail) {
    throw InvalidArgument("invalid cron schedule \"" + text + "\"", detail, kHint);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A number or a name of field f.
int value_of(const std::string& text, const Field& f, const std::string& token) {
    if (token.empty()) bad(text, std::string("empty value in the ") + f.name + " field");
    if (std::isdigit(static_cast<unsigned char>(token[0]))) {
        if (token.size() > 4 || !std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            bad(text, "\"" + token + "\" is not a number (" + f.name + " field)");
        int v = std::stoi(token);
        if (v < f.low || v > f.high)
            bad(text, std::string(f.name) + " " + token + " is out of range " + std::to_string(f.low) + "-" +
                          std::to_string(f.high));
        return v;
    }
    if (f.names) {
        std::string t = lower(token);
        for (int i = 0; f.names[i]; ++i)
            if (t == f.names[i]) return f.low + i;
    }
    bad(text, "\"" + token + "\" is not a valid " + f.name);
}

// Sets the bits of one comma-separated field; returns whether it starts with '*'.
template <size_t N>
bool parse_field(const std::string& text, const std::string& src, const Field& f, std::bitset<N>& bits) {
    std::stringstream items(src);
    std::string item;
    size_t count = 0;
    while (std::getline(items, item, ',')) {
        ++count;
        std::string base = item, step_text;
        size_t slash = item.find('/');
        if (slash != std::string::npos) {
            base = item.substr(0, slash);
            step_text = item.substr(slash + 1);
        }
        int from, to;
        if (base == "*") {
            from = f.low;
            to = f.high;
        } else {
            size_t dash = base.find('-');
            from = value_of(text, f, dash == std::string::npos ? base : base.substr(0, dash));
            to = dash == std::string::npos ? (slash == std::string::npos ? from : f.high)
                                           : value_of(text, f, base.substr(dash + 1));
            if (to < from)
                bad(text, "range " + base + " runs backwards (" + f.name + " field)");
        }
        int step = 1;
        if (slash != std::string::npos) {
            if (step_text.empty() || step_text.size() > 4 ||
                !std::all_of(step_text.begin(), step_text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
                std::stoi(step_text) == 0)
                bad(text, "step \"" + step_text + "\" must be a positive number (" + f.name + " field)");
            step = std::stoi(step_text);
        }
        for (int v = from; v <= to; v += step) bits.set(static_cast<size_t>(v));
    }
    if (count == 0 || src.back() == ',') bad(text, std::string("empty value in the ") + f.name + " field");
    return src[0] == '*';
}

int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

bool CronSpec::day_matches(int year, int mon, int day) const {
    int64_t days = floor_div(from_civil(year, mon, day), kUsecPerDay);
    int dow = static_cast<int>(((days % 7) + 7 + 6) % 7);  // 2000-01-01 was a Saturday
    bool dom = day_of_month.test(static_cast<size_t>(day)), wd = day_of_week.test(static_cast<size_t>(dow));
    return (dom_star || dow_star) ? (dom && wd) : (dom || wd);
}

bool looks_like_cron(const std::string& text) {
    std::stringstream in(text);
    std::string word;
    int n = 0;
    while (in >> word) {
        if (n == 0 && word[0] == '@') return true;
        ++n;
    }
    return n == 5;
}

CronSpec parse_cron(const std::string& text) {
    static const std::pair<const char*, const char*> kMacros[] = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
        {"@daily", "0 0 * * *"},  {"@midnight", "0 0 * * *"}, {"@hourly", "0 * * * *"}};
    std::stringstream in(text);
    std::vector<std::string> fields;
    std::string word;
    while (in >> word) fields.push_back(word);
    if (fields.size() == 1 && fields[0][0] == '@') {
        for (const auto& [name, expansion] : kMacros)
            if (lower(fields[0]) == name) {
                CronSpec spec = parse_cron(expansion);
                return spec;
            }
        bad(text, "unknown macro " + fields[0] + " (known: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)");
    }
    if (fields.size() != 5)
        bad(text, "it has " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") + ", not 5");
    CronSpec s;
    parse_field(text, fields[0], kFields[0], s.minute);
    s.hour_star = parse_field(text, fields[1], kFields[1], s.hour);
    s.dom_star = parse_field(text, fields[2], kFields[2], s.day_of_month);
    parse_field(text, fields[3], kFields[3], s.month);
    std::bitset<8> dow;
    s.dow_star = parse_field(text, fields[4], kFields[4], dow);
    for (size_t d = 0; d < 7; ++d) s.day_of_week.set(d, dow.test(d));
    if (dow.test(7)) s.day_of_week.set(0);
    // Never fires (e.g. 30 February): no match in ten years from any start.
    if (!next_match(s, from_civil(2000, 1, 1) - 1))
        bad(text, "no day matches it (the day of month never occurs in the months given)");
    return s;
}

std::optional<LocalTime> next_match(const CronSpec& spec, LocalTime after) {
    LocalTime t = floor_div(after, kUsecPerMinute) * kUsecPerMinute + kUsecPerMinute;
    for (int n = 0; n < kSearchDays; ++n) {
        Civil c = to_civil(t);
        if (spec.month.test(static_cast<size_t>(c.month)) && c.day <= days_in_month(c.year, c.month) &&
            spec.day_matches(c.year, c.month, c.day)) {
            for (int h = c.hour; h < 24; ++h) {
                if (!spec.hour.test(static_cast<size_t>(h))) continue;
                for (int m = h == c.hour ? c.minute : 0; m < 60; ++m)
                    if (spec.minute.test(static_cast<size_t>(m))) return from_civil(c.year, c.month, c.day, h, m);
            }
        }
        t = from_civil(c.year, c.month, c.day) + kUsecPerDay;  // next day, 00:00
    }
    return std::nullopt;
}

Firing instants_of(LocalTime local, const ZoneOffset& zone, bool hour_wildcard) {
    // The offsets well before and well after: a civil time exists at local - offset for each
    // offset whose instant really shows that civil time.
    int64_t before = zone(local - kTransitionGap), after = zone(local + kTransitionGap);
    Firing f;
    for (int64_t off : {before, after}) {
        int64_t t = local - off;
        if (t + zone(t) != local) continue;
        if (f.count == 1 && f.at[0] == t) continue;
        f.at[f.count++] = t;
    }
    if (f.count == 2) {
        if (f.at[1] < f.at[0]) std::swap(f.at[0], f.at[1]);
        if (!hour_wildcard) f.count = 1;  // a pinned time runs once: at its first occurrence
    } else if (f.count == 0 && !hour_wildcard) {
        f.count = 1;  // skipped by the clock change: PostgreSQL's reading, with the earlier offset
        f.at[0] = local - before;
    }
    return f;
}

std::optional<int64_t> next_fire(const CronSpec& spec, const ZoneOffset& zone, int64_t after) {
    // Civil times a little before the wall-clock time of `after` can still lie ahead of it (the
    // repeated hour); civil times a little after the first hit can still fire earlier than it (a
    // skipped hour read with the earlier offset). Both margins are the largest clock change.
    LocalTime from = after + zone(after) - kMaxShift;
    std::optional<int64_t> best;
    std::optional<LocalTime> best_civil;
    for (int n = 0; n < 100000; ++n) {
        std::optional<LocalTime> c = next_match(spec, from);
        if (!c || (best_civil && *c > *best_civil + kMaxShift)) break;
        Firing f = instants_of(*c, zone, spec.hour_star);
        for (int i = 0; i < f.count; ++i) {
            if (f.at[i] <= after || (best && f.at[i] >= *best)) continue;
            best = f.at[i];
            if (!best_civil) best_civil = *c;
        }
        from = *c;
    }
    return best;
}

}  // namespace core

}  // namespace pmx
