// Implementation of the C++/PostgreSQL error boundary (see guard.hpp).
#include "pg/guard.hpp"

#include <cstdio>

extern "C" {
#include "access/xact.h"
#include "utils/memutils.h"
}
#include <cstring>

namespace pg {

std::string PgError::sqlstate() const {
    return unpack_sql_state(sqlerrcode());
}

namespace detail {

static void copy_text(char* dst, size_t cap, const char* src) noexcept {
    if (!src) src = "";
    std::snprintf(dst, cap, "%s", src);
}

void capture_user(PendingError& p, const UserError& e) noexcept {
    p.kind = PendingError::User;
    p.code = e.sqlerrcode();
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

void raise(const PendingError& p) {
    if (p.kind == PendingError::Pg && p.pg) ReThrowError(p.pg);
    if (p.kind == PendingError::User)
        ereport(ERROR, (errcode(p.code), errmsg("%s", p.message),
                        p.detail[0] ? errdetail("%s", p.detail) : 0,
                        p.hint[0] ? errhint("%s", p.hint) : 0));
    ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                    errmsg("partman_ext internal error: %s", p.message),
                    errhint("This is a bug in partman_ext; the statement was rolled back and nothing was changed.")));
    pg_unreachable();
}

MemoryContext entry_context = nullptr;

ErrorData* take_error(MemoryContext resume) {
    MemoryContextSwitchTo(entry_context ? entry_context : (IsTransactionState() ? TopTransactionContext : TopMemoryContext));
    ErrorData* e = CopyErrorData();
    FlushErrorState();
    MemoryContextSwitchTo(resume);
    return e;
}

}  // namespace detail
}  // namespace pg
