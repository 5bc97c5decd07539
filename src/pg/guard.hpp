// The one boundary between C++ exceptions and PostgreSQL's longjmp errors (DESIGN.md §6).
//
//  * pg::call(f)   runs a small piece of code that calls PostgreSQL under PG_TRY. An ERROR raised
//                  inside becomes a C++ pg::PgError (carrying the copied ErrorData); nothing
//                  longjmps through C++ frames. f must not own objects with destructors.
//  * pg::entry(f)  wraps the body of every SQL-callable function and worker entry point. It
//                  catches every C++ exception and, only after the catch block has ended,
//                  re-raises it as an ordinary ereport(ERROR): a PgError keeps its SQLSTATE,
//                  a pg::UserError carries ours, anything else becomes XX000 "internal error".
//
// Rules for the rest of the code: PostgreSQL functions that can raise ERROR are only called
// through pg::call (or helpers built on it, see spi.hpp); C++ code between them may throw freely.
#pragma once

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "utils/elog.h"
}

#include <exception>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <string>
#include <utility>

namespace pg {

// A PostgreSQL ERROR caught by pg::call. Owns a copy of the ErrorData (palloc'd in the memory
// context that was current when call() began). Destructor is trivial by design.
class PgError : public std::exception {
public:
    explicit PgError(ErrorData* data) noexcept : data_(data) {}
    const char* what() const noexcept override { return data_ && data_->message ? data_->message : "PostgreSQL error"; }
    ErrorData* data() const noexcept { return data_; }
    int sqlerrcode() const noexcept { return data_ ? data_->sqlerrcode : ERRCODE_INTERNAL_ERROR; }
    // Five-character SQLSTATE, e.g. "55P03".
    std::string sqlstate() const;

private:
    ErrorData* data_;
};

// An error of ours, reported with a SQLSTATE, message, DETAIL and HINT.
class UserError : public std::exception {
public:
    UserError(int sqlerrcode, std::string message, std::string detail = {}, std::string hint = {})
        : code_(sqlerrcode), message_(std::move(message)), detail_(std::move(detail)), hint_(std::move(hint)) {}
    const char* what() const noexcept override { return message_.c_str(); }
    int sqlerrcode() const noexcept { return code_; }
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    int code_;
    std::string message_, detail_, hint_;
};

namespace detail {
// Fixed-size POD copy of an error: survives past the catch block without destructors.
struct PendingError {
    enum Kind { None, Pg, User, Other } kind = None;
    ErrorData* pg = nullptr;
    int code = 0;
    char message[1024];
    char detail[1024];
    char hint[512];
};
void capture_user(PendingError& p, const UserError& e) noexcept;
void capture_other(PendingError& p, const char* what) noexcept;
void capture_static(PendingError& p, int code, const char* message, const char* detail) noexcept;
[[noreturn]] void raise(const PendingError& p);
// Copies the current PostgreSQL error and clears the error state. The copy lives in the memory
// context of the innermost pg::entry (so it outlives SPI connections and subtransactions opened
// inside), or in TopTransactionContext outside any entry; `resume` becomes current again.
ErrorData* take_error(MemoryContext resume);
// The innermost pg::entry's memory context (nullptr outside any entry).
extern MemoryContext entry_context;
}  // namespace detail

// Run f (which calls PostgreSQL) and turn a PostgreSQL ERROR into pg::PgError.
template <typename F>
auto call(F&& f) -> decltype(f()) {
    MemoryContext volatile ctx = CurrentMemoryContext;
    ErrorData* volatile err = nullptr;
    if constexpr (std::is_void_v<decltype(f())>) {
        PG_TRY();
        {
            f();
        }
        PG_CATCH();
        {
            err = detail::take_error(ctx);
        }
        PG_END_TRY();
        if (err) throw PgError(err);
    } else {
        using R = decltype(f());
        static_assert(std::is_trivially_destructible_v<R>, "pg::call may only return trivially destructible values");
        R volatile result{};
        PG_TRY();
        {
            result = f();
        }
        PG_CATCH();
        {
            err = detail::take_error(ctx);
        }
        PG_END_TRY();
        if (err) throw PgError(err);
        return result;
    }
}

// Body of an SQL-callable function or worker entry point: no C++ exception escapes.
template <typename F>
Datum entry(F&& f) {
    detail::PendingError pending;
    MemoryContext outer = detail::entry_context;
    detail::entry_context = CurrentMemoryContext;
    try {
        Datum result = f();
        detail::entry_context = outer;
        return result;
    } catch (const PgError& e) {
        pending.kind = detail::PendingError::Pg;
        pending.pg = e.data();
    } catch (const UserError& e) {
        detail::capture_user(pending, e);
    } catch (const std::bad_alloc&) {
        detail::capture_static(pending, ERRCODE_OUT_OF_MEMORY, "out of memory", "A C++ allocation in partman_ext failed.");
    } catch (const std::exception& e) {
        detail::capture_other(pending, e.what());
    } catch (...) {
        detail::capture_other(pending, "unknown C++ exception");
    }
    // The catch block has ended: the exception object is destroyed, now it is safe to longjmp.
    detail::entry_context = outer;
    detail::raise(pending);
}

}  // namespace pg
