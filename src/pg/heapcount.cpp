// Exact row counts of heap tables page by page (see heapcount.hpp).
#include "pg/heapcount.hpp"

#include "pg/guard.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_class.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// Visible rows of one open heap relation under `snapshot`, its pages read through `ring` (a
// BAS_BULKREAD strategy shared by all the relations counted, or nullptr: shared buffers as usual).
int64 count_heap(Relation rel, Snapshot snapshot, BufferAccessStrategy ring) {
    // No synchronized scan (it would start mid-table), nor a ring of the scan's own.
    TableScanDesc scan = table_beginscan_strat(rel, snapshot, 0, nullptr, false, false);
    HeapScanDesc heap = reinterpret_cast<HeapScanDesc>(scan);
    heap->rs_strategy = ring;
    int64 n = 0;
    if (scan->rs_flags & SO_ALLOW_PAGEMODE) {
        for (BlockNumber block = 0; block < heap->rs_nblocks; ++block) {
            heapgetpage(scan, block);  // checks for interrupts once per page
            n += heap->rs_ntuples;
        }
    } else {
        while (heap_getnext(scan, ForwardScanDirection) != nullptr) ++n;
    }
    heap->rs_strategy = nullptr;  // the ring is the caller's (heap_endscan would free it)
    table_endscan(scan);
    return n;
}

// Can count_heap count rel as a query would see it?
bool countable(Relation rel) {
    return rel->rd_rel->relkind == RELKIND_RELATION && rel->rd_tableam == GetHeapamTableAmRoutine() && !RELATION_IS_OTHER_TEMP(rel);
}

// 1 = counted, 0 = one of them is not countable here (nothing counted). The relations are read as
// one: through a ring of buffers when together they are larger than a quarter of shared buffers,
// the rule a sequential scan applies to one table (so that counting a large set neither evicts
// the rest of the buffer pool nor costs more than a scan of one table of its size).
int count_all(const Oid* rels, size_t n, int64* out) {
    Relation* open = static_cast<Relation*>(palloc0(sizeof(Relation) * (n + 1)));
    int ok = 1;
    double blocks = 0;
    for (size_t i = 0; i < n; ++i) {
        open[i] = try_table_open(rels[i], AccessShareLock);  // nullptr: dropped since it was listed
        if (open[i] == nullptr) continue;
        if (!countable(open[i])) ok = 0;
        else if (!RelationUsesLocalBuffers(open[i])) blocks += RelationGetNumberOfBlocks(open[i]);
    }
    if (ok) {
        // The calling statement's snapshot, the one a read-only SPI query (and the SQL fallback) uses.
        Snapshot snapshot = RegisterSnapshot(ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot());
        BufferAccessStrategy ring = blocks > NBuffers / 4 ? GetAccessStrategy(BAS_BULKREAD) : nullptr;
        for (size_t i = 0; i < n; ++i) out[i] = open[i] == nullptr ? 0 : count_heap(open[i], snapshot, ring);
        if (ring) FreeAccessStrategy(ring);
        UnregisterSnapshot(snapshot);
    }
    for (size_t i = 0; i < n; ++i)
        if (open[i] != nullptr) table_close(open[i], NoLock);  // locked until the end of the transaction, as by a query
    pfree(open);
    return ok;
}

}  // namespace

bool heap_row_counts(const std::vector<Oid>& rels, std::vector<int64_t>& out) {
    out.assign(rels.size(), 0);
    static_assert(sizeof(int64) == sizeof(int64_t), "int64 is int64_t");
    const Oid* in = rels.data();
    int64* counts = reinterpret_cast<int64*>(out.data());
    size_t n = rels.size();
    return call([&] { return count_all(in, n, counts); }) == 1;
}

}  // namespace pg

}  // namespace pmx
