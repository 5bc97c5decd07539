// The one boundary between C++ exceptions and PostgreSQL's longjmp errors (DESIGN.md §6).
//
//  * pg::call(f)   runs a small piece of code that calls PostgreSQL under PG_TRY. An ERROR raised
//                  inside becomes a C++ pg::PgError (carrying the copied ErrorData); nothing
//                  longjmps through C++ frames. f must not own objects with destructors.
//  * pg::entry(f)  wraps the body of every SQL-callable function and worker entry point. It
//                  catches every C++ exception and, only after the catch block has ended,
//                  re-raises it as an ordinary ereport(ERROR): a PgError keeps its SQLSTATE,
//                  a pg::UserError carries ours, anything else becomes XX000 "internal error".
//  * pg::UserError records where it was thrown (file, line, function: the call site of its
//                  constructor), and the ERROR reports that place, not this file.
//
// Rules for the rest of the code: PostgreSQL functions that can raise ERROR are only called
// through pg::call (or helpers built on it, see spi.hpp); C++ code between them may throw freely.
// No PostgreSQL function is called inside a C++ catch block (copy what is needed, leave the block,
// then call); destructors that must call PostgreSQL do it under PG_TRY themselves.
//
// Where a caught PostgreSQL error is copied: the memory context of the innermost pg::entry (so it
// outlives SPI connections and subtransactions opened inside), or of a pg::ErrorContextScope (the
// scheduler's per-tick context). Entries are tracked with the subtransaction they started in; a
// transaction callback forgets those of an aborted (sub)transaction, so an ERROR that skipped an
// entry's own exit (raised outside pg::call) never leaves a freed context behind.
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

namespace pmx {  // the project's one namespace (docs/architecture.md)

// Declares an SQL-callable C function (extern "C", PG_FUNCTION_INFO_V1) exported from the library.
// The library is built with -fvisibility=hidden: only these functions, their pg_finfo_ records,
// Pg_magic_func, _PG_init and the background worker entry points are exported. PostgreSQL 15
// leaves PGDLLEXPORT empty on Linux; the Makefile defines it as default visibility.
#define PMX_FUNCTION(name)                              \
    extern "C" PGDLLEXPORT Datum name(PG_FUNCTION_ARGS); \
    extern "C" {                                        \
    PG_FUNCTION_INFO_V1(name);                          \
    }

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

// Where an error was raised: the call site of the constructor that took it (GCC's __builtin_FILE
// and friends as default arguments are evaluated where the call is written, like
// std::source_location::current()).
struct SourceLocation {
    const char* file = nullptr;  // string literals: static storage
    int line = 0;
    const char* function = nullptr;
    static constexpr SourceLocation here(const char* file = __builtin_FILE(), int line = __builtin_LINE(),
                                         const char* function = __builtin_FUNCTION()) noexcept {
        return SourceLocation{file, line, function};
    }
};

// An error of ours, reported with a SQLSTATE, message, DETAIL and HINT, and the place it was thrown.
class UserError : public std::exception {
public:
    UserError(int sqlerrcode, std::string message, std::string detail = {}, std::string hint = {},
              SourceLocation where = SourceLocation::here())
        : code_(sqlerrcode), message_(std::move(message)), detail_(std::move(detail)), hint_(std::move(hint)),
          where_(where) {}
    const char* what() const noexcept override { return message_.c_str(); }
    int sqlerrcode() const noexcept { return code_; }
    // Five-character SQLSTATE, e.g. "22023".
    std::string sqlstate() const;
    const std::string& detail() const noexcept { return detail_; }
    const std::string& hint() const noexcept { return hint_; }
    const SourceLocation& where() const noexcept { return where_; }

private:
    int code_;
    std::string message_, detail_, hint_;
    SourceLocation where_;
};

// Five characters of a SQLSTATE code (as unpack_sql_state, without calling PostgreSQL: safe in a
// catch block).
std::string sqlstate_text(int sqlerrcode);

namespace detail {
// Fixed-size POD copy of an error: survives past the catch block without destructors.
struct PendingError {
    enum Kind { None, Pg, User, Other } kind = None;
    ErrorData* pg = nullptr;
    int code = 0;
    SourceLocation where;
    char message[1024];
    char detail[1024];
    char hint[512];
};
void capture_user(PendingError& p, const UserError& e) noexcept;
void capture_other(PendingError& p, const char* what) noexcept;
void capture_static(PendingError& p, int code, const char* message, const char* detail) noexcept;
[[noreturn]] void raise(const PendingError& p, const SourceLocation& entry);
// Copies the current PostgreSQL error and clears the error state. The copy lives in the memory
// context of the innermost pg::entry or pg::ErrorContextScope, or in TopTransactionContext outside
// them (TopMemoryContext outside a transaction); `resume` becomes current again.
ErrorData* take_error(MemoryContext resume);
// The stack of error contexts (pg::entry, pg::ErrorContextScope). Never raise. push returns the
// depth before the push; pop gives that depth back (frames above it, or the frame itself, may
// already be gone: forgotten when their (sub)transaction ended).
int push_error_context(MemoryContext ctx) noexcept;
void pop_error_context(int level) noexcept;
// How many error contexts are open (for the boundary self-test).
int error_context_depth() noexcept;
}  // namespace detail

// Registers the transaction callbacks that forget the error contexts of aborted (sub)transactions.
// Called once per library from _PG_init.
void register_boundary_callbacks();

// While alive, PostgreSQL errors caught by pg::call outside any pg::entry are copied into ctx
// (the scheduler's and the launcher's per-tick context, reset after each tick).
class ErrorContextScope {
public:
    explicit ErrorContextScope(MemoryContext ctx) noexcept : level_(detail::push_error_context(ctx)) {}
    ~ErrorContextScope() { detail::pop_error_context(level_); }
    ErrorContextScope(const ErrorContextScope&) = delete;
    ErrorContextScope& operator=(const ErrorContextScope&) = delete;

private:
    int level_;
};

// The fault-injection test build (make FAULTS=1, test/faults/run.sh): every pg::call may raise an
// ERROR before it runs f, at the call that partman_ext.fault_after counts down to. Absent from the
// product build.
#ifdef PMX_FAULT_INJECTION
namespace detail {
void fault_point();
}
#define PMX_FAULT_POINT() ::pg::detail::fault_point()
#else
#define PMX_FAULT_POINT() ((void)0)
#endif

// Run f (which calls PostgreSQL) and turn a PostgreSQL ERROR into pg::PgError.
template <typename F>
auto call(F&& f) -> decltype(f()) {
    MemoryContext volatile ctx = CurrentMemoryContext;
    ErrorData* volatile err = nullptr;
    if constexpr (std::is_void_v<decltype(f())>) {
        PG_TRY();
        {
            PMX_FAULT_POINT();
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
            PMX_FAULT_POINT();
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

// Body of an SQL-callable function or worker entry point: no C++ exception escapes. An error
// without a place of its own (a C++ exception other than UserError) is reported at the entry.
template <typename F>
Datum entry(F&& f, SourceLocation where = SourceLocation::here()) {
    detail::PendingError pending;
    const int level = detail::push_error_context(CurrentMemoryContext);
    try {
        Datum result = f();
        detail::pop_error_context(level);
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
    detail::pop_error_context(level);
    detail::raise(pending, where);
}

}  // namespace pg

}  // namespace pmx
