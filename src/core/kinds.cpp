// Typed vocabularies and their text (see kinds.hpp).
#include "core/kinds.hpp"

#include <array>
#include <utility>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace core {
namespace {

// Each enum's texts, in the order of its enumerators.
constexpr std::array<const char*, 3> kStrategy{"time", "integer", "bucket"};
constexpr std::array<const char*, 3> kRetentionMode{"drop", "detach", "archive"};
constexpr std::array<const char*, 6> kJobKind{"maintenance", "analyze", "vacuum", "statistics", "health", "sampling"};
constexpr std::array<const char*, 5> kRunStatus{"running", "succeeded", "failed", "cancelled", "skipped"};
// The texts users see in partition_action.action (and in maintenance_log, the scheduler's details).
constexpr std::array<const char*, 19> kAction{
    "created",      "created and moved rows",     "dropped",    "detached",     "archived",
    "granted",      "revoked",                    "would create", "would create and move rows",
    "would drop",   "would detach",               "would archive", "would grant", "would revoke",
    "would fail",   "retention pending",          "deferred",   "skipped",      "failed"};

constexpr std::array<const char*, 12> kRelocateAction{
    "started", "moved", "attached", "kept", "failed", "nothing to do", "in progress", "waiting",
    "would relocate", "stays", "relocated", "lock timeout"};
constexpr std::array<const char*, 3> kAnalyzeAction{"analyzed", "skipped", "failed"};
constexpr std::array<const char*, 17> kConvertAction{
    "ok", "blocked", "note", "paused", "queued", "resumed", "created", "would copy", "would create", "would rename",
    "partitions", "copied", "verified", "swapped", "waiting", "done", "abandoned"};

template <typename E, size_t N>
std::optional<E> parse(const std::array<const char*, N>& texts, const std::string& text) {
    for (size_t i = 0; i < N; ++i)
        if (text == texts[i]) return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace

const char* to_text(Strategy s) { return kStrategy.at(static_cast<size_t>(s)); }
const char* to_text(RetentionMode m) { return kRetentionMode.at(static_cast<size_t>(m)); }
const char* to_text(JobKind k) { return kJobKind.at(static_cast<size_t>(k)); }
const char* to_text(RunStatus s) { return kRunStatus.at(static_cast<size_t>(s)); }
const char* to_text(Action a) { return kAction.at(static_cast<size_t>(a)); }
const char* to_text(RelocateAction a) { return kRelocateAction.at(static_cast<size_t>(a)); }
const char* to_text(AnalyzeAction a) { return kAnalyzeAction.at(static_cast<size_t>(a)); }
const char* to_text(ConvertAction a) { return kConvertAction.at(static_cast<size_t>(a)); }

std::optional<Strategy> parse_strategy(const std::string& t) { return parse<Strategy>(kStrategy, t); }
std::optional<RetentionMode> parse_retention_mode(const std::string& t) { return parse<RetentionMode>(kRetentionMode, t); }
std::optional<JobKind> parse_job_kind(const std::string& t) { return parse<JobKind>(kJobKind, t); }
std::optional<RunStatus> parse_run_status(const std::string& t) { return parse<RunStatus>(kRunStatus, t); }
std::optional<Action> parse_action(const std::string& t) { return parse<Action>(kAction, t); }
std::optional<RelocateAction> parse_relocate_action(const std::string& t) { return parse<RelocateAction>(kRelocateAction, t); }
std::optional<AnalyzeAction> parse_analyze_action(const std::string& t) { return parse<AnalyzeAction>(kAnalyzeAction, t); }
std::optional<ConvertAction> parse_convert_action(const std::string& t) { return parse<ConvertAction>(kConvertAction, t); }

Action planned(Action done) {
    switch (done) {
        case Action::created: return Action::would_create;
        case Action::created_and_moved_rows: return Action::would_create_and_move_rows;
        case Action::dropped: return Action::would_drop;
        case Action::detached: return Action::would_detach;
        case Action::archived: return Action::would_archive;
        case Action::granted: return Action::would_grant;
        case Action::revoked: return Action::would_revoke;
        case Action::failed: return Action::would_fail;
        default: return done;
    }
}

Action retired(RetentionMode m) {
    switch (m) {
        case RetentionMode::drop: return Action::dropped;
        case RetentionMode::detach: return Action::detached;
        case RetentionMode::archive: return Action::archived;
    }
    return Action::dropped;
}

bool is_would(Action a) { return a >= Action::would_create && a <= Action::would_fail; }

bool is_planned(Action a) { return is_would(a) || a == Action::retention_pending; }

bool creates(Action a) {
    return a == Action::created || a == Action::created_and_moved_rows || a == Action::would_create ||
           a == Action::would_create_and_move_rows;
}

bool per_set(JobKind k) {
    return k == JobKind::maintenance || k == JobKind::analyze || k == JobKind::vacuum || k == JobKind::statistics;
}

}  // namespace core

}  // namespace pmx
