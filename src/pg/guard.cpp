// Implementation of the C++/PostgreSQL error boundary (see guard.hpp).
#include "pg/guard.hpp"

#include <cstdio>

extern "C" {
#include "access/xact.h"
#include "utils/guc.h"
#include "utils/memutils.h"
}
#include <climits>
#include <cstring>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

std::string sqlstate_text(int code) {
    char s[6];
    for (int i = 0; i < 5; ++i) {
        s[i] = PGUNSIXBIT(code);
        code >>= 6;
    }
    s[5] = '\0';
    return s;
}

std::string PgError::sqlstate() const { return sqlstate_text(sqlerrcode()); }

std::string UserError::sqlstate() const { return sqlstate_text(code_); }

namespace detail {

static void copy_text(char* dst, size_t cap, const char* src) noexcept {
    if (!src) src = "";
    std::snprintf(dst, cap, "%s", src);
}

void capture_user(PendingError& p, const UserError& e) noexcept {
    p.kind = PendingError::User;
    p.code = e.sqlerrcode();
    p.where = e.where();
    copy_text(p.message, sizeof p.message, e.what());
    copy_text(p.detail, sizeof p.detail, e.detail().c_str());
    copy_text(p.hint, sizeof p.hint, e.hint().c_str());
}

void capture_other(PendingError& p, const char* what) noexcept {
    p.kind = PendingError::Other;
    p.code = ERRCODE_INTERNAL_ERROR;
    copy_text(p.message, sizeof p.message, what);
    p.detail[0] = p.hint[0] = '\0';
}

void capture_static(PendingError& p, int code, const char* message, const char* detail) noexcept {
    p.kind = PendingError::User;
    p.code = code;
    copy_text(p.message, sizeof p.message, message);
    copy_text(p.detail, sizeof p.detail, detail);
    p.hint[0] = '\0';
}

// ereport(ERROR, ...) reported at `at` (the throw site of a UserError, else the entry point).
void raise(const PendingError& p, const SourceLocation& entry) {
    if (p.kind == PendingError::Pg && p.pg) ReThrowError(p.pg);
    const SourceLocation& at = p.kind == PendingError::User && p.where.file ? p.where : entry;
    if (errstart(ERROR, TEXTDOMAIN)) {
        if (p.kind == PendingError::User) {
            errcode(p.code);
            errmsg("%s", p.message);
            if (p.detail[0]) errdetail("%s", p.detail);
            if (p.hint[0]) errhint("%s", p.hint);
        } else {
            errcode(ERRCODE_INTERNAL_ERROR);
            errmsg("partman_ext internal error: %s", p.message);
            errhint("This is a bug in partman_ext; the statement was rolled back and nothing was changed.");
        }
        errfinish(at.file, at.line, at.function);
    }
    pg_unreachable();
}

// The stack of error contexts. A frame pushed inside a transaction belongs to the
// (sub)transaction it was pushed in; one pushed outside any transaction (the scheduler's tick)
// belongs to the session. Entries nest as deeply as SQL calls do; past kMaxFrames only the depth
// is counted (the innermost recorded frame, an outer one, still lives).
namespace {

struct Frame {
    MemoryContext ctx;
    SubTransactionId subid;  // InvalidSubTransactionId: pushed outside a transaction
};
constexpr int kMaxFrames = 256;
Frame frames[kMaxFrames];
int depth = 0;

void forget_transaction_frames(SubTransactionId from) {
    if (depth > kMaxFrames) depth = kMaxFrames;
    while (depth > 0 && frames[depth - 1].subid != InvalidSubTransactionId && frames[depth - 1].subid >= from) --depth;
}

void on_xact(XactEvent event, void*) {
    switch (event) {
        case XACT_EVENT_ABORT:
        case XACT_EVENT_PARALLEL_ABORT:
        case XACT_EVENT_COMMIT:
        case XACT_EVENT_PARALLEL_COMMIT:
        case XACT_EVENT_PREPARE:
            forget_transaction_frames(TopSubTransactionId);
            break;
        default:
            break;
    }
}

void on_subxact(SubXactEvent event, SubTransactionId my_subid, SubTransactionId, void*) {
    if (event == SUBXACT_EVENT_ABORT_SUB) forget_transaction_frames(my_subid);
}

}  // namespace

int push_error_context(MemoryContext ctx) noexcept {
    if (depth < kMaxFrames)
        frames[depth] = Frame{ctx, IsTransactionState() ? GetCurrentSubTransactionId() : InvalidSubTransactionId};
    return depth++;
}

void pop_error_context(int level) noexcept {
    if (depth > level) depth = level;
}

int error_context_depth() noexcept { return depth; }

ErrorData* take_error(MemoryContext resume) {
    MemoryContext target = depth > 0 ? frames[(depth < kMaxFrames ? depth : kMaxFrames) - 1].ctx
                                     : (IsTransactionState() ? TopTransactionContext : TopMemoryContext);
    MemoryContextSwitchTo(target);
    ErrorData* e = CopyErrorData();
    FlushErrorState();
    MemoryContextSwitchTo(resume);
    return e;
}

}  // namespace detail

#ifdef PMX_FAULT_INJECTION
namespace detail {
// partman_ext.fault_after: the number of pg::call runs left before one fails (0: none fails). It
// counts down in place, so SHOW tells what happened: -1 once the fault was raised.
static int fault_after = 0;

void fault_point() {
    if (fault_after <= 0 || --fault_after > 0) return;
    fault_after = -1;
    ereport(ERROR, (errcode(ERRCODE_SYSTEM_ERROR), errmsg("partman_ext fault injected")));
}
}  // namespace detail
#endif

void register_boundary_callbacks() {
    static bool done = false;
    if (done) return;
#ifdef PMX_FAULT_INJECTION
    DefineCustomIntVariable("partman_ext.fault_after", "Test build: the pg::call that raises an injected ERROR.",
                            nullptr, &detail::fault_after, 0, -1, INT_MAX, PGC_SUSET, 0, nullptr, nullptr, nullptr);
#endif
    RegisterXactCallback(detail::on_xact, nullptr);
    RegisterSubXactCallback(detail::on_subxact, nullptr);
    done = true;
}

}  // namespace pg

}  // namespace pmx
