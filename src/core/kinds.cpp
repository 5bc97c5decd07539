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

std::optional<Strategy> parse_strategy(const std::string& t) { return parse<Strategy>(kStrategy, t); }
std::optional<RetentionMode> parse_retention_mode(const std::string& t) { return parse<RetentionMode>(kRetentionMode, t); }
std::optional<JobKind> parse_job_kind(const std::string& t) { return parse<JobKind>(kJobKind, t); }
std::optional<RunStatus> parse_run_status(const std::string& t) { return parse<RunStatus>(kRunStatus, t); }

bool per_set(JobKind k) {
    return k == JobKind::maintenance || k == JobKind::analyze || k == JobKind::vacuum || k == JobKind::statistics;
}

}  // namespace core

}  // namespace pmx
