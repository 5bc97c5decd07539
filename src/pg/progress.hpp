// Progress of long data movements (DESIGN.md §10; docs/data-movement.md), in shared memory so
// that another session reads it while the work runs, even inside one long transaction:
// partman_ext.progress. Without shared_preload_libraries = 'partman_ext' nothing is recorded
// (the view then shows only interrupted movements from partman_ext.data_movement).
#pragma once

#include "pg/guard.hpp"

extern "C" {
#include "datatype/timestamp.h"
}

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg::progress {

// One operation as shared memory holds it.
struct Slot {
    pid_t pid;  // 0: free
    Oid dboid;
    Oid parent;
    int64_t movement;
    int64_t rows_done, rows_estimated;
    TimestampTz started, updated;  // wall clock (a measurement, not product time)
    char step[128];
    char target[136];
};

// One operation shown in partman_ext.progress while the object lives (its slot is given back by
// the destructor, or when the backend exits). Never raises: when no slot is free the operation
// simply is not shown.
class Entry {
public:
    // parent: the partition set (or table) worked on; step: what is being done ("empty_default
    // [2026-03-01, 2026-04-01)"); target: the table being filled; estimated rows (-1: unknown);
    // movement: the partman_ext.data_movement row (0: none).
    Entry(Oid parent, const std::string& step, const std::string& target, int64_t estimated, int64_t movement = 0);
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

    void add(int64_t rows);             // rows done so far += rows
    void set_done(int64_t rows);        // rows done so far = rows (a resumed movement)
    void set_estimated(int64_t rows);
    void set_step(const std::string& step);
    int64_t done() const { return done_; }

private:
    int slot_ = -1;
    int64_t done_ = 0;
};

// Called from _PG_init while shared_preload_libraries is processed: reserves the shared array.
void request_shared_memory();

// The operations running in the current database now (copies).
std::vector<Slot> snapshot();

}  // namespace pg::progress

}  // namespace pmx
