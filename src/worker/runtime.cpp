// The scheduler's run-time state (see runtime.hpp).
#include "worker/runtime.hpp"

extern "C" {
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
}

#include <cerrno>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

volatile sig_atomic_t got_sigterm = false;
volatile sig_atomic_t runtime_exceeded = false;

namespace {

// Interrupt whatever statement runs now: the ERROR it raises ends the job, which then sees why.
void interrupt_statement() {
    InterruptPending = true;
    QueryCancelPending = true;
    SetLatch(MyLatch);
}

}  // namespace

void on_sigterm(SIGNAL_ARGS) {
    int save_errno = errno;
    got_sigterm = true;
    interrupt_statement();
    errno = save_errno;
}

void on_runtime_exceeded() {
    runtime_exceeded = true;
    interrupt_statement();
}

bool stop_requested() { return got_sigterm || runtime_exceeded; }

void report_activity(const std::string& what) {
    pgstat_report_activity(what.empty() ? STATE_IDLE : STATE_RUNNING, what.empty() ? nullptr : what.c_str());
}

}  // namespace pmx::worker

}  // namespace pmx
