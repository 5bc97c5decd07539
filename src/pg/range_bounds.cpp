// The session cache of RANGE parents' partitions (see range_bounds.hpp).
#include "pg/range_bounds.hpp"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/indexing.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_partitioned_table.h"
#include "nodes/parsenodes.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
}

#include <algorithm>
#include <unordered_map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// One partition as read from pg_class.relpartbound (plain data: filled inside pg::call), with the
// version of its pg_inherits row (TID and inserting transaction) that it was read under.
struct RawPartition {
    Oid oid;
    bool is_default, lo_open, hi_open;
    Datum lo, hi;
    ItemPointerData inh_tid;
    TransactionId inh_xmin;
};

struct Entry {
    bool stale = false;
    std::string key_column;
    Oid key_type_oid = InvalidOid;
    KeyType key_type = KeyType::Unsupported;
    std::optional<PartitionInfo> default_partition;
    std::vector<PartitionInfo> partitions;  // bound order, as in the relcache descriptor
    std::vector<RawPartition> raw;          // by partition OID: what a rebuild may reuse
};

// Session state. The callback only sets flags: it may run inside any PostgreSQL call (whenever
// invalidations are processed), also while an entry is being read.
std::unordered_map<Oid, Entry>* g_cache = nullptr;
bool g_registered = false;
Oid g_reading = InvalidOid;  // the parent being read now
bool g_reading_hit = false;  // an invalidation of it (or of everything) arrived meanwhile

void on_relcache_invalidation(Datum, Oid relid) {
    if (!OidIsValid(relid) || relid == g_reading) g_reading_hit = true;
    if (!g_cache) return;
    if (!OidIsValid(relid)) {
        for (auto& kv : *g_cache) kv.second.stale = true;
        return;
    }
    auto it = g_cache->find(relid);
    if (it != g_cache->end()) it->second.stale = true;
}

// Reads the range bound of one key column from a PartitionRangeDatum list.
bool range_datum(List* datums, bool& open, Datum& value) {
    if (list_length(datums) != 1) return false;
    PartitionRangeDatum* d = (PartitionRangeDatum*)linitial(datums);
    if (!IsA(d, PartitionRangeDatum)) return false;
    open = d->kind != PARTITION_RANGE_DATUM_VALUE;
    value = 0;
    if (open) return true;
    if (!d->value || !IsA(d->value, Const) || ((Const*)d->value)->constisnull || !((Const*)d->value)->constbyval)
        return false;
    value = ((Const*)d->value)->constvalue;
    return true;
}

int raw_by_oid(const void* a, const void* b) {
    Oid x = ((const RawPartition*)a)->oid, y = ((const RawPartition*)b)->oid;
    return x < y ? -1 : x > y ? 1 : 0;
}

// Every partition of parent with its bounds, palloc'd in the current memory context; -1 when the
// parent cannot be cached (a partition pending detach, one gone meanwhile, an unexpected bound).
// `known` (sorted by OID, nknown of them): partitions read before. One whose pg_inherits row is
// still the same version (same TID, same inserting transaction) keeps its bounds without a read
// of pg_class: a bound is stored only with a new pg_inherits row (CREATE .. PARTITION OF, ATTACH)
// and goes with it (DETACH deletes the row; DETACH CONCURRENTLY updates it first). Within one
// transaction a deleted row's TID is not reused; another transaction's row has another xmin.
int read_partitions(Oid parent, const RawPartition* known, int nknown, RawPartition** out) {
    ScanKeyData key;
    Relation inh = table_open(InheritsRelationId, AccessShareLock);
    ScanKeyInit(&key, Anum_pg_inherits_inhparent, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(parent));
    SysScanDesc scan = systable_beginscan(inh, InheritsParentIndexId, true, nullptr, 1, &key);
    int n = 0, cap = 32;
    RawPartition* parts = (RawPartition*)palloc0(cap * sizeof(RawPartition));
    bool* reused = (bool*)palloc0(cap * sizeof(bool));
    bool pending = false;
    HeapTuple tup;
    while ((tup = systable_getnext(scan)) != nullptr) {
        Form_pg_inherits f = (Form_pg_inherits)GETSTRUCT(tup);
        pending = pending || f->inhdetachpending;
        if (n == cap) {
            parts = (RawPartition*)repalloc(parts, (cap *= 2) * sizeof(RawPartition));
            reused = (bool*)repalloc(reused, cap * sizeof(bool));
        }
        RawPartition& p = parts[n];
        memset(&p, 0, sizeof(p));
        p.oid = f->inhrelid;
        p.inh_tid = tup->t_self;
        p.inh_xmin = HeapTupleHeaderGetRawXmin(tup->t_data);
        const RawPartition* k = nknown ? (const RawPartition*)bsearch(&p, known, nknown, sizeof(RawPartition), raw_by_oid)
                                       : nullptr;
        reused[n] = k && ItemPointerEquals(const_cast<ItemPointer>(&k->inh_tid), &p.inh_tid) && k->inh_xmin == p.inh_xmin;
        if (reused[n]) p = *k;
        ++n;
    }
    systable_endscan(scan);
    table_close(inh, AccessShareLock);
    if (pending) return -1;

    Relation cls = table_open(RelationRelationId, AccessShareLock);
    int result = n;
    for (int i = 0; i < n && result >= 0; ++i) {
        if (reused[i]) continue;
        // An index probe, not the syscache: no copy of the row is kept.
        ScanKeyInit(&key, Anum_pg_class_oid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(parts[i].oid));
        scan = systable_beginscan(cls, ClassOidIndexId, true, nullptr, 1, &key);
        tup = systable_getnext(scan);
        bool isnull = true;
        Datum bound = tup ? heap_getattr(tup, Anum_pg_class_relpartbound, RelationGetDescr(cls), &isnull) : 0;
        PartitionBoundSpec* spec = isnull ? nullptr : (PartitionBoundSpec*)stringToNode(TextDatumGetCString(bound));
        systable_endscan(scan);
        RawPartition& p = parts[i];
        if (!spec || !IsA(spec, PartitionBoundSpec)) {
            result = -1;
        } else if (spec->is_default) {
            p.is_default = true;
        } else if (spec->strategy != PARTITION_STRATEGY_RANGE || !range_datum(spec->lowerdatums, p.lo_open, p.lo) ||
                   !range_datum(spec->upperdatums, p.hi_open, p.hi)) {
            result = -1;
        }
    }
    table_close(cls, AccessShareLock);
    *out = parts;
    return result;
}

int64_t key_value(KeyType t, Datum d) {
    switch (t) {
        case KeyType::Int2: return DatumGetInt16(d);
        case KeyType::Int4:
        case KeyType::Date: return DatumGetInt32(d);
        default: return DatumGetInt64(d);  // int8, timestamp, timestamptz
    }
}

// Reads parent's key and partitions into a new entry; nullptr when it cannot be cached. `stale`:
// the parent's entry an invalidation made stale, whose partitions' bounds may be reused.
Entry* build(Oid parent, const Entry* stale) {
    struct {
        char strategy;
        int natts;
        AttrNumber att;
    } k{};
    bool found = call([&] {
        HeapTuple t = SearchSysCache1(PARTRELID, ObjectIdGetDatum(parent));
        if (!HeapTupleIsValid(t)) return false;
        Form_pg_partitioned_table pt = (Form_pg_partitioned_table)GETSTRUCT(t);
        k.strategy = pt->partstrat;
        k.natts = pt->partnatts;
        k.att = pt->partattrs.values[0];
        ReleaseSysCache(t);
        return true;
    });
    if (!found || k.strategy != PARTITION_STRATEGY_RANGE || k.natts != 1 || k.att <= 0) return nullptr;
    Entry e;
    e.key_type_oid = call([&] { return get_atttype(parent, k.att); });
    e.key_type = key_type_of(e.key_type_oid);
    if (e.key_type == KeyType::Unsupported) return nullptr;
    e.key_column = call([&] { return get_attname(parent, k.att, false); });

    MemoryContext cxt = call([&] {
        return AllocSetContextCreate(CurrentMemoryContext, "partman_ext range bounds", ALLOCSET_DEFAULT_SIZES);
    });
    g_reading = parent;
    g_reading_hit = false;
    RawPartition* raw = nullptr;
    int n = -1;
    const bool same_key = stale && stale->key_type_oid == e.key_type_oid;  // Datums of the same type
    const RawPartition* known = same_key && !stale->raw.empty() ? stale->raw.data() : nullptr;
    const int nknown = known ? int(stale->raw.size()) : 0;
    try {
        n = call([&] {
            MemoryContext old = MemoryContextSwitchTo(cxt);
            int r = read_partitions(parent, known, nknown, &raw);
            MemoryContextSwitchTo(old);
            return r;
        });
    } catch (...) {
        g_reading = InvalidOid;
        throw;  // cxt goes with its parent context
    }
    g_reading = InvalidOid;
    if (n >= 0 && !g_reading_hit) {
        e.partitions.reserve(n);
        e.raw.assign(raw, raw + n);
        std::sort(e.raw.begin(), e.raw.end(), [](const RawPartition& a, const RawPartition& b) { return a.oid < b.oid; });
        for (int i = 0; i < n; ++i) {
            PartitionInfo p;
            p.oid = raw[i].oid;
            p.is_default = raw[i].is_default;
            p.lo_open = raw[i].lo_open;
            p.hi_open = raw[i].hi_open;
            p.lo_datum = raw[i].lo;
            p.hi_datum = raw[i].hi;
            if (p.is_default)
                e.default_partition = p;
            else
                e.partitions.push_back(p);
        }
    }
    call([&] { MemoryContextDelete(cxt); });
    if (n < 0 || g_reading_hit) return nullptr;
    // Bound order: ranges do not overlap, so the lower bounds order them (MINVALUE first).
    const KeyType t = e.key_type;
    std::sort(e.partitions.begin(), e.partitions.end(), [t](const PartitionInfo& a, const PartitionInfo& b) {
        if (a.lo_open != b.lo_open) return a.lo_open;
        return !a.lo_open && key_value(t, a.lo_datum) < key_value(t, b.lo_datum);
    });
    if (!g_cache) g_cache = new std::unordered_map<Oid, Entry>();
    Entry& slot = (*g_cache)[parent];
    slot = std::move(e);
    return &slot;
}

}  // namespace

bool read_range_parent(Oid relid, ParentInfo& out) {
    if (!g_registered) {
        call([] { CacheRegisterRelcacheCallback(on_relcache_invalidation, (Datum)0); });
        g_registered = true;
    }
    // The lock first, as relation_open takes it: it processes the invalidations pending. Then the
    // relation must still exist (gone: unlocked again, and the caller reports it).
    struct {
        char relkind;
        Oid owner, nsp;
        NameData name;
    } head{};
    bool exists = call([&] {
        LockRelationOid(relid, AccessShareLock);
        HeapTuple t = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
        if (!HeapTupleIsValid(t)) {
            UnlockRelationOid(relid, AccessShareLock);
            return false;
        }
        Form_pg_class c = (Form_pg_class)GETSTRUCT(t);
        head.relkind = c->relkind;
        head.owner = c->relowner;
        head.nsp = c->relnamespace;
        head.name = c->relname;
        ReleaseSysCache(t);
        return true;
    });
    if (!exists) return false;
    if (head.relkind != RELKIND_PARTITIONED_TABLE) return false;
    Entry* e = nullptr;
    const Entry* stale = nullptr;
    if (g_cache) {
        auto it = g_cache->find(relid);
        if (it != g_cache->end() && it->second.stale) stale = &it->second;
        else if (it != g_cache->end()) e = &it->second;
    }
    if (!e && !(e = build(relid, stale))) return false;
    out.oid = relid;
    out.owner = head.owner;
    out.name = NameStr(head.name);
    char* schema = call([&] { return get_namespace_name(head.nsp); });
    out.schema = schema ? schema : "";
    out.strategy = PARTITION_STRATEGY_RANGE;
    out.key_count = 1;
    out.key_is_expression = false;
    out.key_column = e->key_column;
    out.key_type_oid = e->key_type_oid;
    out.key_type = e->key_type;
    out.default_partition = e->default_partition;
    out.partitions = e->partitions;
    return true;
}

}  // namespace pg

}  // namespace pmx
