// Statuses of the partman_ext client; see output.hpp.
#include "cli/lib/output.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace cli {

Status status_of(std::string_view w) {
    if (w == "HEALTHY" || w == "CLEANUP_NEEDED" || w == "NORMAL" || w == "INSUFFICIENT_DATA") return Status::Ok;
    if (w == "WARNING" || w == "REBALANCE_RECOMMENDED") return Status::Warning;
    if (w == "CRITICAL" || w == "NO_PARTITIONS") return Status::Critical;
    return Status::Unknown;
}

namespace {
int rank(Status s) {
    switch (s) {
        case Status::Ok: return 0;
        case Status::Unknown: return 1;
        case Status::Warning: return 2;
        case Status::Critical: return 3;
    }
    return 1;
}
}  // namespace

Status worst(Status a, Status b) { return rank(a) >= rank(b) ? a : b; }

const char* status_name(Status s) {
    switch (s) {
        case Status::Ok: return "HEALTHY";
        case Status::Warning: return "WARNING";
        case Status::Critical: return "CRITICAL";
        case Status::Unknown: return "UNKNOWN";
    }
    return "UNKNOWN";
}

int exit_status(const Output& out) { return out.status ? static_cast<int>(*out.status) : 0; }

}  // namespace cli

}  // namespace pmx
