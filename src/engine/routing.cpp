// Routing a key to its partition exactly as PostgreSQL's tuple routing does (DESIGN.md §6):
// the partition key is evaluated (columns, or partexprs through ExecPrepareExprList) on a row
// holding the value, and the partition is found in the relcache partition descriptor with
// compute_partition_hash_value / partition_list_bsearch / partition_range_datum_bsearch; a
// sub-partitioned child is descended into; no match goes to the DEFAULT partition, or is an error.
//
// SQL: partman_ext.get_partition_for_value(parent regclass, value anyelement) RETURNS regclass
//      partman_ext.get_partition_for_collection(collection_id uuid [, parent regclass]) RETURNS regclass
//      (0.1.0's definition RETURNS text; entry points in src/sql/routing.cpp)
//
// The value is the value of the COLUMN the key is computed from (for PARTITION BY LIST
// (mod(hashtext(id::text), 100)) it is an id, not a bucket number), converted to that column's
// type with the explicit cast (so '550e...' or a text value works for a uuid column). A value of
// the parent's row type (get_partition_for_value('t', t) or ROW(...)::t) routes a whole row,
// which is needed when the key uses several columns.
//
// Speed: everything routing needs (key, support functions, bounds, expression states, the
// sub-partition tree) is copied once per query into fn_extra and rebuilt only after a relcache
// invalidation or in a new transaction; a call then does no catalog access and no SPI. Common
// key expressions (routing_key.hpp) are computed natively, and when every step of a route is
// native code or a built-in support function that cannot raise (route_native), the call needs
// neither the executor nor pg::call; anything else, and every error, goes through route().
#include "engine/routing.hpp"

#include "engine/routing_key.hpp"
#include "pg/guard.hpp"

#include <algorithm>

extern "C" {
#include "access/attmap.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "partitioning/partbounds.h"
#include "partitioning/partdesc.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"
#include "utils/uuid.h"
}

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace {

// Bumped by every relcache invalidation this backend processes: cached routers are rebuilt.
uint64 g_relcache_generation = 0;
bool g_callback_registered = false;

void on_relcache_invalidation(Datum, Oid) { ++g_relcache_generation; }

// One partitioned table of the tree (the parent, or a sub-partitioned child).
struct Level {
    Oid relid;
    char strategy;
    int partnatts;
    AttrNumber* partattrs;
    FmgrInfo* partsupfunc;
    Oid* partcollation;
    Oid* parttypid;
    PartitionBoundInfo bound;  // NULL when the table has no partitions
    int nparts;
    Oid* oids;
    Level** children;  // NULL entry = leaf
    text** names;      // leaf names for get_partition_for_collection, filled on first use
    TupleDesc desc;
    TupleTableSlot* slot;
    List* exprstates;        // one per expression column of the key, in order
    AttrNumber value_attno;  // scalar mode: column that holds the value at this level
    // Scalar mode, one-column key: the key is the value itself, or computed from it natively.
    bool key_is_value;
    const routing::KeyOp* key_op;
    bool safe_support;  // every support function is a built-in that cannot raise an ERROR
    AttrMap* from_parent;    // row mode: parent column for each column (NULL = same layout)
    // LIST on int2/int4/int8 with the standard btree comparison: a direct table from value - dense_lo
    // to bound offset (-1 = no bound), equivalent to partition_list_bsearch but without comparisons.
    int64 dense_lo;
    int dense_n;
    int* dense;
    // RANGE on one int2/int4/int8/date/timestamp[tz] column with the standard btree comparison: the
    // bounds as int64 in order, searched natively (equivalent to partition_range_datum_bsearch).
    int range_n;
    int64* range;
};

struct Router {
    Oid parent;
    Oid argtype;
    uint64 generation;
    LocalTransactionId lxid;
    MemoryContext cxt;
    EState* estate;
    ExprContext* econtext;
    bool row_mode;               // value is a whole row of the parent
    TupleTableSlot* in_slot;     // scalar mode: one column of argtype
    ExprState* coerce;           // scalar mode: argtype -> column type (NULL = same type)
    Level* top;
    OverrideSearchPath* default_path;  // get_partition_for_collection(id): the search_path "chunks" was found with
    int levels, native_levels;         // partitioned tables in the tree; those whose key needs no executor
    // top itself when the value is its key, it has L->range and no sub-partitioned child.
    Level* flat_range;
};

[[noreturn]] void no_single_column(Oid relid, Oid top, const char* why) {
    char* keydef = text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_get_partkeydef, ObjectIdGetDatum(relid))));
    char* name = get_rel_name(top);
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("cannot route a single value in \"%s\": %s", get_rel_name(relid), why),
                    errdetail("The partition key of \"%s\" is %s.", get_rel_name(relid), keydef),
                    errhint("Pass a whole row of the parent instead, e.g. get_partition_for_value('%s', ROW(...)::%s).",
                            name, name)));
}

// The single column the key of rel is computed from (scalar mode); errors when there is none or several.
AttrNumber key_column(Relation rel, PartitionKey key, Oid top) {
    Bitmapset* cols = nullptr;
    for (int i = 0; i < key->partnatts; ++i)
        if (key->partattrs[i] != 0) cols = bms_add_member(cols, key->partattrs[i] - FirstLowInvalidHeapAttributeNumber);
    pull_varattnos((Node*)key->partexprs, 1, &cols);
    if (bms_num_members(cols) != 1) no_single_column(RelationGetRelid(rel), top, "the partition key uses more than one column");
    AttrNumber att = bms_singleton_member(cols) + FirstLowInvalidHeapAttributeNumber;
    if (att <= 0) no_single_column(RelationGetRelid(rel), top, "the partition key uses a whole-row or system column");
    return att;
}

int64 int_datum(Datum d, Oid type) {
    return type == INT2OID ? DatumGetInt16(d) : (type == INT4OID || type == DATEOID) ? DatumGetInt32(d) : DatumGetInt64(d);
}

// The key type compares as a plain integer with this btree support function.
bool integer_ordered(Oid t, PGFunction cmp) {
    return (t == INT2OID && cmp == btint2cmp) || (t == INT4OID && cmp == btint4cmp) || (t == INT8OID && cmp == btint8cmp) ||
           (t == DATEOID && cmp == date_cmp) || ((t == TIMESTAMPOID || t == TIMESTAMPTZOID) && cmp == timestamp_cmp);
}

// A single-column RANGE level whose key compares as an integer: its bounds as int64. MINVALUE can
// only be the first bound (it is <= every key: INT64_MIN) and MAXVALUE only the last (it is <= no
// key: left out of the search).
void build_native_range(Level* L) {
    PartitionBoundInfo bi = L->bound;
    if (L->strategy != PARTITION_STRATEGY_RANGE || L->partnatts != 1 || !bi || bi->ndatums == 0) return;
    Oid t = L->parttypid[0];
    if (!integer_ordered(t, L->partsupfunc[0].fn_addr)) return;
    int n = bi->ndatums;
    if (bi->kind[n - 1][0] == PARTITION_RANGE_DATUM_MAXVALUE) --n;
    int64* range = (int64*)palloc(sizeof(int64) * (n + 1));
    for (int i = 0; i < n; ++i) {
        PartitionRangeDatumKind k = bi->kind[i][0];
        if (k == PARTITION_RANGE_DATUM_VALUE)
            range[i] = int_datum(bi->datums[i][0], t);
        else if (k == PARTITION_RANGE_DATUM_MINVALUE && i == 0)
            range[i] = PG_INT64_MIN;
        else
            return;  // not a shape PostgreSQL produces for one column: keep the generic search
    }
    L->range = range;
    L->range_n = n;
}

void build_dense_list(Level* L) {
    constexpr int64 kMaxDense = 65536;
    PartitionBoundInfo bi = L->bound;
    if (L->strategy != PARTITION_STRATEGY_LIST || !bi || bi->ndatums == 0) return;
    Oid t = L->parttypid[0];
    if ((t != INT2OID && t != INT4OID && t != INT8OID) || !integer_ordered(t, L->partsupfunc[0].fn_addr)) return;
    int64 lo = int_datum(bi->datums[0][0], t), hi = int_datum(bi->datums[bi->ndatums - 1][0], t);  // sorted
    if (uint64(hi) - uint64(lo) >= uint64(kMaxDense)) return;  // unsigned: no overflow for any int8 span
    L->dense_lo = lo;
    L->dense_n = int(hi - lo + 1);
    L->dense = (int*)palloc(sizeof(int) * L->dense_n);
    for (int i = 0; i < L->dense_n; ++i) L->dense[i] = -1;
    for (int b = 0; b < bi->ndatums; ++b) L->dense[int_datum(bi->datums[b][0], t) - lo] = b;
}

Level* build_level(Router* r, Oid relid, Level* parent, const char* value_column) {
    Level* L = (Level*)palloc0(sizeof(Level));
    Relation rel = relation_open(relid, AccessShareLock);
    PartitionKey key = RelationGetPartitionKey(rel);
    PartitionDesc pd = RelationGetPartitionDesc(rel, true);
    L->relid = relid;
    L->strategy = key->strategy;
    L->partnatts = key->partnatts;
    L->partattrs = (AttrNumber*)palloc(sizeof(AttrNumber) * L->partnatts);
    L->partsupfunc = (FmgrInfo*)palloc0(sizeof(FmgrInfo) * L->partnatts);
    L->partcollation = (Oid*)palloc(sizeof(Oid) * L->partnatts);
    L->parttypid = (Oid*)palloc(sizeof(Oid) * L->partnatts);
    for (int i = 0; i < L->partnatts; ++i) {
        L->partattrs[i] = key->partattrs[i];
        fmgr_info_copy(&L->partsupfunc[i], &key->partsupfunc[i], r->cxt);
        L->partcollation[i] = key->partcollation[i];
        L->parttypid[i] = key->parttypid[i];
    }
    L->safe_support = true;
    for (int i = 0; i < L->partnatts; ++i) L->safe_support &= routing::support_cannot_raise(L->partsupfunc[i].fn_addr);
    L->bound = pd->boundinfo ? partition_bounds_copy(pd->boundinfo, key) : nullptr;
    L->nparts = pd->nparts;
    L->oids = (Oid*)palloc(sizeof(Oid) * (L->nparts + 1));
    bool* is_leaf = (bool*)palloc(sizeof(bool) * (L->nparts + 1));
    for (int i = 0; i < L->nparts; ++i) {
        L->oids[i] = pd->oids[i];
        is_leaf[i] = pd->is_leaf[i];
    }
    build_dense_list(L);
    build_native_range(L);
    L->desc = CreateTupleDescCopy(RelationGetDescr(rel));
    L->slot = MakeSingleTupleTableSlot(L->desc, &TTSOpsVirtual);
    for (int i = 0; i < L->desc->natts; ++i) L->slot->tts_isnull[i] = true;
    L->exprstates = key->partexprs ? ExecPrepareExprList(key->partexprs, r->estate) : NIL;
    if (r->row_mode) {
        if (parent) L->from_parent = build_attrmap_by_name_if_req(parent->desc, L->desc);
    } else {
        AttrNumber att = key_column(rel, key, r->parent);
        if (!parent) {
            L->value_attno = att;
        } else {
            L->value_attno = get_attnum(relid, value_column);
            if (L->value_attno != att)
                no_single_column(relid, r->parent, psprintf("this sub-partitioned table is not partitioned by column \"%s\"", value_column));
        }
    }
    if (!r->row_mode && L->partnatts == 1) {
        if (L->partattrs[0] == L->value_attno)
            L->key_is_value = true;
        else if (L->partattrs[0] == 0)
            L->key_op = routing::compile_key((Node*)linitial(key->partexprs), L->value_attno);
    }
    ++r->levels;
    if (L->key_is_value || L->key_op) ++r->native_levels;
    const char* column = r->row_mode ? nullptr : pstrdup(NameStr(TupleDescAttr(L->desc, L->value_attno - 1)->attname));
    relation_close(rel, NoLock);  // the lock is kept until the end of the transaction
    // Children are opened only after everything of rel has been copied: opening them may
    // process invalidations that rebuild rel's relcache entry.
    L->children = (Level**)palloc0(sizeof(Level*) * (L->nparts + 1));
    for (int i = 0; i < L->nparts; ++i)
        if (!is_leaf[i]) L->children[i] = build_level(r, L->oids[i], L, column);
    return L;
}

Router* build_router(FmgrInfo* flinfo, Oid parent, Oid argtype) {
    MemoryContext cxt = AllocSetContextCreate(flinfo->fn_mcxt, "partman_ext router", ALLOCSET_SMALL_SIZES);
    MemoryContext old = MemoryContextSwitchTo(cxt);
    Router* r = (Router*)palloc0(sizeof(Router));
    r->cxt = cxt;
    r->parent = parent;
    r->argtype = argtype;
    r->generation = g_relcache_generation;
    r->lxid = MyProc->lxid;
    r->estate = CreateExecutorState();
    r->econtext = CreateExprContext(r->estate);
    if (get_rel_relkind(parent) != RELKIND_PARTITIONED_TABLE)
        ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE), errmsg("\"%s\" is not a partitioned table", get_rel_name(parent)),
                        errdetail("get_partition_for_value routes keys of tables declared with PARTITION BY."),
                        errhint("Pass the partitioned parent table.")));
    r->row_mode = argtype == get_rel_type_id(parent);
    r->top = build_level(r, parent, nullptr, nullptr);
    if (!r->row_mode) {
        Form_pg_attribute col = TupleDescAttr(r->top->desc, r->top->value_attno - 1);
        if (argtype != col->atttypid) {
            TupleDesc in = CreateTemplateTupleDesc(1);
            TupleDescInitEntry(in, 1, "value", argtype, -1, 0);
            r->in_slot = MakeSingleTupleTableSlot(in, &TTSOpsVirtual);
            Node* var = (Node*)makeVar(1, 1, argtype, -1, get_typcollation(argtype), 0);
            Node* conv = coerce_to_target_type(nullptr, var, argtype, col->atttypid, col->atttypmod, COERCION_EXPLICIT,
                                               COERCE_EXPLICIT_CAST, -1);
            if (!conv)
                ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                                errmsg("cannot route a value of type %s in \"%s\"", format_type_be(argtype), get_rel_name(parent)),
                                errdetail("Its partition key is computed from column \"%s\" of type %s, and there is no cast.",
                                          NameStr(col->attname), format_type_be(col->atttypid)),
                                errhint("Pass a value of type %s.", format_type_be(col->atttypid))));
            r->coerce = ExecInitExpr(expression_planner((Expr*)conv), nullptr);
        }
    }
    if (!r->row_mode && !r->coerce && r->top->key_is_value && r->top->range && r->top->safe_support &&
        std::none_of(r->top->children, r->top->children + r->top->nparts, [](Level* c) { return c != nullptr; }))
        r->flat_range = r->top;
    ereport(DEBUG1, (errmsg_internal("partman_ext: routing into \"%s\": key computed natively at %d of %d partitioned tables%s",
                                     get_rel_name(parent), r->native_levels, r->levels, r->coerce ? ", after a cast of the value" : "")));
    MemoryContextSwitchTo(old);
    return r;
}

// Index into L->oids of the partition whose range holds the key (L->range), without the DEFAULT.
inline int native_range_index(const Level* L, Datum key) {
    const int64 v = int_datum(key, L->parttypid[0]);
    // The greatest bound <= key is the lower bound of that partition (-1: below every bound).
    int off = int(std::upper_bound(L->range, L->range + L->range_n, v) - L->range) - 1;
    return L->bound->indexes[off + 1];
}

// Index into L->oids of the partition that takes the key, or -1.
int find_partition(Level* L, Datum* values, bool* isnull) {
    PartitionBoundInfo bi = L->bound;
    if (!bi) return -1;
    int idx = -1;
    switch (L->strategy) {
        case PARTITION_STRATEGY_HASH: {
            uint64 h = compute_partition_hash_value(L->partnatts, L->partsupfunc, L->partcollation, values, isnull);
            idx = bi->indexes[h % bi->nindexes];
            break;
        }
        case PARTITION_STRATEGY_LIST:
            if (isnull[0]) {
                if (partition_bound_accepts_nulls(bi)) idx = bi->null_index;
            } else if (L->dense) {
                uint64 v = uint64(int_datum(values[0], L->parttypid[0])) - uint64(L->dense_lo);
                int off = v < uint64(L->dense_n) ? L->dense[v] : -1;
                if (off >= 0) idx = bi->indexes[off];
            } else {
                bool equal = false;
                int off = partition_list_bsearch(L->partsupfunc, L->partcollation, bi, values[0], &equal);
                if (off >= 0 && equal) idx = bi->indexes[off];
            }
            break;
        case PARTITION_STRATEGY_RANGE: {
            bool anynull = false;
            for (int i = 0; i < L->partnatts; ++i) anynull |= isnull[i];
            if (!anynull && L->range) {
                idx = native_range_index(L, values[0]);
            } else if (!anynull) {
                bool equal = false;
                int off = partition_range_datum_bsearch(L->partsupfunc, L->partcollation, bi, L->partnatts, values, &equal);
                idx = bi->indexes[off + 1];  // the greatest bound <= key is the lower bound of that partition
            }
            break;
        }
    }
    if (idx < 0 && partition_bound_has_default(bi)) idx = bi->default_index;
    return idx;
}

[[noreturn]] void no_partition(Level* L, Datum* values, bool* isnull) {
    StringInfoData vals;
    initStringInfo(&vals);
    for (int i = 0; i < L->partnatts; ++i) {
        if (i) appendStringInfoString(&vals, ", ");
        if (isnull[i]) {
            appendStringInfoString(&vals, "NULL");
        } else {
            Oid out;
            bool varlena;
            getTypeOutputInfo(L->parttypid[i], &out, &varlena);
            appendStringInfoString(&vals, OidOutputFunctionCall(out, values[i]));
        }
    }
    char* keydef = text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_get_partkeydef, ObjectIdGetDatum(L->relid))));
    ereport(ERROR, (errcode(ERRCODE_CHECK_VIOLATION),
                    errmsg("no partition of relation \"%s\" accepts the key (%s)", get_rel_name(L->relid), vals.data),
                    errdetail("The partition key is %s; no partition's bound contains (%s) and there is no DEFAULT partition.",
                              keydef, vals.data),
                    errhint("An INSERT of this row would fail too. Create a partition for it (for a bucket set: "
                            "partman_ext.create_bucket_partitions), or fix a bucket expression that yields values outside the buckets.")));
}

// Fills L->slot for this level: from the value (scalar mode) or from the parent level's row.
void fill_slot(Router* r, Level* L, Level* parent, Datum value, bool isnull) {
    TupleTableSlot* s = L->slot;
    ExecClearTuple(s);
    int n = L->desc->natts;
    if (!r->row_mode) {  // the other columns stay NULL from build_level
        s->tts_values[L->value_attno - 1] = value;
        s->tts_isnull[L->value_attno - 1] = isnull;
        ExecStoreVirtualTuple(s);
        return;
    }
    for (int i = 0; i < n; ++i) s->tts_isnull[i] = true;
    if (!parent) {
        if (!isnull) {
            HeapTupleHeader td = DatumGetHeapTupleHeader(value);
            HeapTupleData tuple;
            tuple.t_len = HeapTupleHeaderGetDatumLength(td);
            ItemPointerSetInvalid(&tuple.t_self);
            tuple.t_tableOid = InvalidOid;
            tuple.t_data = td;
            heap_deform_tuple(&tuple, L->desc, s->tts_values, s->tts_isnull);
        }
    } else {
        TupleTableSlot* ps = parent->slot;
        for (int i = 0; i < n; ++i) {
            AttrNumber from = L->from_parent ? L->from_parent->attnums[i] : (i < parent->desc->natts ? i + 1 : 0);
            if (from > 0) {
                s->tts_values[i] = ps->tts_values[from - 1];
                s->tts_isnull[i] = ps->tts_isnull[from - 1];
            }
        }
    }
    ExecStoreVirtualTuple(s);
}


// The leaf for the value: its level and index in that level's oids.
struct Leaf {
    Level* level;
    int index;
    Oid oid() const { return level->oids[index]; }
};

// The key of level L straight from a non-NULL value (scalar mode); false when only the executor can compute it.
inline bool native_key(const Level* L, Datum value, Datum* values, bool* nulls) {
    if (L->key_is_value)
        values[0] = value;
    else if (!L->key_op || !routing::eval_key(L->key_op, value, &values[0]))
        return false;
    nulls[0] = false;
    return true;
}

// The leaf for a non-NULL value, found by native code only: no executor, no support function that
// could raise, so no pg::call needed. {nullptr} when some level needs more (then route() does all).
Leaf route_native(Router* r, Datum value) {
    // The commonest shape in one step: a RANGE parent on the column itself, no sub-partitions.
    if (Level* L = r->flat_range) {
        int idx = native_range_index(L, value);
        return idx < 0 ? Leaf{nullptr, -1} : Leaf{L, idx};  // the DEFAULT or an error: route() decides
    }
    if (r->row_mode || r->coerce) return Leaf{nullptr, -1};
    for (Level* L = r->top;;) {
        Datum key[1];
        bool isnull[1];
        if (!L->safe_support || !native_key(L, value, key, isnull)) return Leaf{nullptr, -1};
        int idx = find_partition(L, key, isnull);
        if (idx < 0) return Leaf{nullptr, -1};  // no partition: route() raises the error
        if (!L->children[idx]) return Leaf{L, idx};
        L = L->children[idx];
    }
}

// The key of level L the way the executor computes it: from a row holding the value (or the parent's row).
void key_from_row(Router* r, Level* L, Level* parent, Datum value, bool isnull, Datum* values, bool* nulls) {
    fill_slot(r, L, parent, value, isnull);
    ExprContext* ec = r->econtext;
    ListCell* expr = list_head(L->exprstates);
    ec->ecxt_scantuple = L->slot;
    for (int i = 0; i < L->partnatts; ++i) {
        AttrNumber att = L->partattrs[i];
        if (att != 0) {
            values[i] = L->slot->tts_values[att - 1];
            nulls[i] = L->slot->tts_isnull[att - 1];
        } else {
            values[i] = ExecEvalExprSwitchContext((ExprState*)lfirst(expr), ec, &nulls[i]);
            expr = lnext(L->exprstates, expr);
        }
    }
}

Leaf route(Router* r, Datum value, bool isnull) {
    if (!isnull) {
        Leaf leaf = route_native(r, value);
        if (leaf.level) return leaf;
    }
    ResetExprContext(r->econtext);
    ExprContext* ec = r->econtext;
    if (r->coerce && !isnull) {
        TupleTableSlot* in = r->in_slot;
        ExecClearTuple(in);
        in->tts_values[0] = value;
        in->tts_isnull[0] = false;
        ExecStoreVirtualTuple(in);
        ec->ecxt_scantuple = in;
        value = ExecEvalExprSwitchContext(r->coerce, ec, &isnull);
    }
    Level* parent = nullptr;
    for (Level* L = r->top;;) {
        Datum values[PARTITION_MAX_KEYS];
        bool nulls[PARTITION_MAX_KEYS];
        if (isnull || !native_key(L, value, values, nulls)) key_from_row(r, L, parent, value, isnull, values, nulls);
        int idx = find_partition(L, values, nulls);
        if (idx < 0) no_partition(L, values, nulls);
        if (!L->children[idx]) return Leaf{L, idx};
        parent = L;
        L = L->children[idx];
    }
}

// Built for this parent and argument type, in this transaction, since the last relcache invalidation.
bool fresh(const Router* r, Oid parent, Oid argtype) {
    return r->parent == parent && r->argtype == argtype && r->generation == g_relcache_generation && r->lxid == MyProc->lxid;
}

// The router cached in fn_extra, rebuilt when stale.
Router* router_for(FmgrInfo* flinfo, Oid parent, Oid argtype) {
    if (!g_callback_registered) {
        CacheRegisterRelcacheCallback(on_relcache_invalidation, (Datum)0);
        g_callback_registered = true;
    }
    Router* r = (Router*)flinfo->fn_extra;
    if (r && fresh(r, parent, argtype)) return r;
    if (r) {
        flinfo->fn_extra = nullptr;
        MemoryContextDelete(r->cxt);
    }
    r = build_router(flinfo, parent, argtype);
    flinfo->fn_extra = r;
    return r;
}

Oid default_collection_parent() {
    Oid relid = RangeVarGetRelid(makeRangeVar(nullptr, pstrdup("chunks"), -1), NoLock, true);
    if (!OidIsValid(relid))
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE), errmsg("relation \"chunks\" does not exist"),
                        errdetail("get_partition_for_collection(collection_id) looks up the bucket set \"chunks\" in the search_path."),
                        errhint("Name the parent: get_partition_for_collection(collection_id, 'my_table').")));
    return relid;
}

}  // namespace

namespace routing {

Oid cached_argtype(FmgrInfo* flinfo) noexcept {
    Router* cached = (Router*)flinfo->fn_extra;
    return cached ? cached->argtype : InvalidOid;
}

bool route_fast(FmgrInfo* flinfo, Oid parent, Datum value, Oid* part) noexcept {
    Router* cached = (Router*)flinfo->fn_extra;
    if (!cached || !fresh(cached, parent, cached->argtype)) return false;
    Leaf leaf = route_native(cached, value);
    if (!leaf.level) return false;
    *part = leaf.oid();
    return true;
}

Oid route_value(FmgrInfo* flinfo, Oid parent, Oid argtype, Datum value, bool isnull) {
    return pg::call([&] { return route(router_for(flinfo, parent, argtype), value, isnull).oid(); });
}

ArrayType* route_array(FmgrInfo* flinfo, Oid parent, Datum array) {
    return pg::call([&] {
        ArrayType* values = DatumGetArrayTypeP(array);
        Oid elemtype = ARR_ELEMTYPE(values);
        Router* r = router_for(flinfo, parent, elemtype);
        int n = ArrayGetNItems(ARR_NDIM(values), ARR_DIMS(values));
        Datum* out = (Datum*)palloc(sizeof(Datum) * (n > 0 ? n : 1));
        ArrayIterator it = array_create_iterator(values, 0, nullptr);
        Datum value;
        bool isnull;
        for (int i = 0; array_iterate(it, &value, &isnull); ++i) {
            out[i] = ObjectIdGetDatum(route(r, value, isnull).oid());
            CHECK_FOR_INTERRUPTS();
        }
        array_free_iterator(it);
        if (ARR_NDIM(values) == 0) return construct_empty_array(REGCLASSOID);
        return construct_md_array(out, nullptr, ARR_NDIM(values), ARR_DIMS(values), ARR_LBOUND(values), REGCLASSOID,
                                  sizeof(Oid), true, TYPALIGN_INT);
    });
}

namespace {

// The leaf a collection_id goes to: parent (named), or "chunks" found through the search_path (the
// router remembers the path it was found with). Raises PostgreSQL errors (inside pg::call).
Leaf collection_leaf(FmgrInfo* flinfo, bool named, Oid parent_arg, Datum value) {
    Router* cached = (Router*)flinfo->fn_extra;
    bool reuse = !named && cached && cached->default_path && cached->generation == g_relcache_generation &&
                 cached->lxid == MyProc->lxid && OverrideSearchPathMatchesCurrent(cached->default_path);
    Oid parent = named ? parent_arg : reuse ? cached->parent : default_collection_parent();
    Router* r = router_for(flinfo, parent, UUIDOID);
    if (!named && !r->default_path) r->default_path = GetOverrideSearchPath(r->cxt);
    return route(r, value, false);
}

}  // namespace

Oid route_collection_oid(FmgrInfo* flinfo, bool named, Oid parent_arg, Datum value) {
    return pg::call([&] { return collection_leaf(flinfo, named, parent_arg, value).oid(); });
}

text* route_collection(FmgrInfo* flinfo, bool named, Oid parent_arg, Datum value) {
    return pg::call([&] {
        Leaf leaf = collection_leaf(flinfo, named, parent_arg, value);
        Router* r = (Router*)flinfo->fn_extra;
        Level* L = leaf.level;
        if (!L->names) L->names = (text**)MemoryContextAllocZero(r->cxt, sizeof(text*) * (L->nparts + 1));
        if (!L->names[leaf.index]) {
            MemoryContext old = MemoryContextSwitchTo(r->cxt);
            L->names[leaf.index] = cstring_to_text(get_rel_name(leaf.oid()));
            MemoryContextSwitchTo(old);
        }
        text* name = L->names[leaf.index];
        text* copy = (text*)palloc(VARSIZE(name));
        memcpy(copy, name, VARSIZE(name));
        return copy;
    });
}

}  // namespace routing

}  // namespace pmx
