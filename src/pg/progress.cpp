// Progress of data movements in shared memory (see progress.hpp).
#include "pg/progress.hpp"

extern "C" {
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/procarray.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <cstring>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg::progress {

namespace {

constexpr int kSlots = 64;

struct Shared {
    slock_t mutex;
    Slot slots[kSlots];
};

Shared* shared = nullptr;
shmem_request_hook_type prev_request = nullptr;
shmem_startup_hook_type prev_startup = nullptr;
bool exit_hook_registered = false;

void startup() {
    if (prev_startup) prev_startup();
    LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
    bool found = false;
    shared = static_cast<Shared*>(ShmemInitStruct("partman_ext progress", sizeof(Shared), &found));
    if (!found) {
        memset(shared, 0, sizeof(Shared));
        SpinLockInit(&shared->mutex);
    }
    LWLockRelease(AddinShmemInitLock);
}

void request() {
    if (prev_request) prev_request();
    RequestAddinShmemSpace(MAXALIGN(sizeof(Shared)));
}

// A backend that exits (FATAL, SIGTERM) gives its slots back.
void release_mine(int, Datum) {
    if (!shared) return;
    SpinLockAcquire(&shared->mutex);
    for (Slot& s : shared->slots)
        if (s.pid == MyProcPid) s.pid = 0;
    SpinLockRelease(&shared->mutex);
}

void copy_text(char* dst, size_t size, const std::string& src) {
    size_t n = std::min(src.size(), size - 1);
    // Cut on a UTF-8 character boundary.
    while (n > 0 && n < src.size() && (static_cast<unsigned char>(src[n]) & 0xC0) == 0x80) --n;
    memcpy(dst, src.data(), n);
    dst[n] = '\0';
}

}  // namespace

void request_shared_memory() {
    prev_request = shmem_request_hook;
    shmem_request_hook = request;
    prev_startup = shmem_startup_hook;
    shmem_startup_hook = startup;
}

Entry::Entry(Oid parent, const std::string& step, const std::string& target, int64_t estimated, int64_t movement) {
    if (!shared) return;
    if (!exit_hook_registered) {
        try {
            call([] { before_shmem_exit(release_mine, 0); });
        } catch (const PgError&) {
            return;  // too many exit callbacks: not shown, the work goes on
        }
        exit_hook_registered = true;
    }
    TimestampTz now = GetCurrentTimestamp();
    SpinLockAcquire(&shared->mutex);
    for (int i = 0; i < kSlots; ++i) {
        Slot& s = shared->slots[i];
        if (s.pid != 0) continue;  // a crash reinitializes shared memory; an exit gives slots back
        memset(&s, 0, sizeof(Slot));
        s.pid = MyProcPid;
        s.dboid = MyDatabaseId;
        s.parent = parent;
        s.movement = movement;
        s.rows_estimated = estimated;
        s.started = s.updated = now;
        copy_text(s.step, sizeof s.step, step);
        copy_text(s.target, sizeof s.target, target);
        slot_ = i;
        break;
    }
    SpinLockRelease(&shared->mutex);
}

Entry::~Entry() {
    if (slot_ < 0 || !shared) return;
    SpinLockAcquire(&shared->mutex);
    if (shared->slots[slot_].pid == MyProcPid) shared->slots[slot_].pid = 0;
    SpinLockRelease(&shared->mutex);
}

void Entry::add(int64_t rows) { set_done(done_ + rows); }

void Entry::set_done(int64_t rows) {
    done_ = rows;
    if (slot_ < 0 || !shared) return;
    TimestampTz now = GetCurrentTimestamp();
    SpinLockAcquire(&shared->mutex);
    Slot& s = shared->slots[slot_];
    s.rows_done = rows;
    if (s.rows_estimated >= 0 && s.rows_estimated < rows) s.rows_estimated = rows;
    s.updated = now;
    SpinLockRelease(&shared->mutex);
}

void Entry::set_estimated(int64_t rows) {
    if (slot_ < 0 || !shared) return;
    SpinLockAcquire(&shared->mutex);
    shared->slots[slot_].rows_estimated = rows;
    SpinLockRelease(&shared->mutex);
}

void Entry::set_step(const std::string& step) {
    if (slot_ < 0 || !shared) return;
    SpinLockAcquire(&shared->mutex);
    copy_text(shared->slots[slot_].step, sizeof shared->slots[slot_].step, step);
    SpinLockRelease(&shared->mutex);
}

std::vector<Slot> snapshot() {
    std::vector<Slot> out;
    if (!shared) return out;
    Slot copy[kSlots];
    SpinLockAcquire(&shared->mutex);
    memcpy(copy, shared->slots, sizeof copy);
    SpinLockRelease(&shared->mutex);
    for (const Slot& s : copy)
        if (s.pid != 0 && s.dboid == MyDatabaseId) out.push_back(s);
    return out;
}

}  // namespace pg::progress

}  // namespace pmx
