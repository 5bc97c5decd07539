// Bucket keys, bucket-expression ranges and bucket-set configuration (see buckets.hpp).
#include "engine/buckets.hpp"

#include "core/error.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/relation.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_language.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "access/htup_details.h"
#include "utils/syscache.h"
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "partitioning/partbounds.h"
#include "catalog/namespace.h"
#include "partitioning/partdesc.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"
}

#include <cstring>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

std::string regclass_text(Oid relid) {
    return call([&] { return static_cast<const char*>(DatumGetCString(DirectFunctionCall1(regclassout, ObjectIdGetDatum(relid)))); });
}

int int_bits(Oid type) {
    switch (type) {
        case INT2OID: return 16;
        case INT4OID: return 32;
        case INT8OID: return 64;
        default: return 0;
    }
}

}  // namespace

BucketKey bucket_key(Oid parent) {
    BucketKey k;
    k.parent = parent;
    char relkind = call([&] { return get_rel_relkind(parent); });
    if (relkind == '\0')
        throw UserError(ERRCODE_UNDEFINED_TABLE, "relation with OID " + std::to_string(parent) + " does not exist");
    k.shown = regclass_text(parent);
    if (relkind != RELKIND_PARTITIONED_TABLE)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, k.shown + " is not a partitioned table",
                        "A bucket set is a table declared with PARTITION BY HASH (key) or PARTITION BY LIST (bucket expression).",
                        "Create it with e.g. PARTITION BY HASH (collection_id), then call create_bucket_partitions.");
    int ncols = 0;
    AttrNumber col = 0;
    char* colname = nullptr;
    bool multi = false;
    call([&] {
        Relation rel = relation_open(parent, AccessShareLock);
        PartitionKey key = RelationGetPartitionKey(rel);
        k.strategy = key->strategy;
        k.owner = rel->rd_rel->relowner;
        ncols = key->partnatts;
        k.key_type = key->parttypid[0];
        k.expression = key->partattrs[0] == 0;
        Bitmapset* cols = nullptr;
        for (int i = 0; i < key->partnatts; ++i)
            if (key->partattrs[i] != 0) cols = bms_add_member(cols, key->partattrs[i] - FirstLowInvalidHeapAttributeNumber);
        pull_varattnos((Node*)key->partexprs, 1, &cols);
        multi = bms_num_members(cols) != 1;
        if (!multi) {
            col = bms_singleton_member(cols) + FirstLowInvalidHeapAttributeNumber;
            if (col > 0) colname = get_attname(parent, col, false);
        }
        relation_close(rel, NoLock);
    });
    k.keydef = call([&] {
        return static_cast<const char*>(text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_get_partkeydef, ObjectIdGetDatum(parent)))));
    });
    if (k.strategy == PARTITION_STRATEGY_RANGE)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, k.shown + " is partitioned by RANGE, not HASH or LIST",
                        "Its partition key is " + k.keydef + ". Bucket sets spread keys by hashing.",
                        "Register RANGE tables with partman_ext.register_partition_set(); use PARTITION BY HASH (key) for buckets.");
    if (ncols != 1 || multi || !colname)
        throw UserError(ERRCODE_FEATURE_NOT_SUPPORTED, k.shown + " has a partition key partman_ext cannot use for buckets",
                        "Its partition key is " + k.keydef + "; a bucket set needs one column, or one expression over one column.",
                        "Partition by HASH (key) or by LIST (bucket expression of key).");
    k.column = colname;
    if (k.strategy == PARTITION_STRATEGY_LIST && !int_bits(k.key_type))
        throw UserError(ERRCODE_DATATYPE_MISMATCH, "the LIST key of " + k.shown + " is not an integer",
                        "Its partition key is " + k.keydef + "; bucket numbers 0..N-1 need an integer bucket expression.",
                        "Partition by LIST (((hashtext(" + k.column + "::text)::bigint & 2147483647) % N)) or by HASH (" + k.column + ").");
    return k;
}

namespace {

// Range of an integer-valued expression tree (see core::ValueRange). Hash functions of
// PostgreSQL cover their whole result type; columns and unknown functions are bounded only by
// their type (not exact).
class RangeWalker {
public:
    core::ValueRange of(Node* n) {
        Oid type = call([&] { return exprType(n); });
        int bits = int_bits(type);
        if (!bits) return core::ValueRange::full(64, false);
        switch (nodeTag(n)) {
            case T_Const: {
                Const* c = reinterpret_cast<Const*>(n);
                if (c->constisnull) return core::ValueRange::full(bits, false);
                int64_t v = bits == 16 ? DatumGetInt16(c->constvalue) : bits == 32 ? DatumGetInt32(c->constvalue) : DatumGetInt64(c->constvalue);
                return core::ValueRange::constant(v);
            }
            case T_RelabelType: return of(reinterpret_cast<Node*>(reinterpret_cast<RelabelType*>(n)->arg));
            case T_FuncExpr: {
                FuncExpr* f = reinterpret_cast<FuncExpr*>(n);
                return func(f->funcid, f->args, bits);
            }
            case T_OpExpr: {
                OpExpr* o = reinterpret_cast<OpExpr*>(n);
                call([&] { set_opfuncid(o); });
                return func(o->opfuncid, o->args, bits);
            }
            default: return core::ValueRange::full(bits, false);
        }
    }

private:
    // Built-in functions are recognised by their C symbol (pg_proc.prosrc of an internal
    // function): mod(int4, int4) and the % operator are both int4mod, int8(int4) is int48.
    static std::string internal_symbol(Oid funcid) {
        return call([&] {
            const char* out = "";
            HeapTuple tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
            if (HeapTupleIsValid(tup)) {
                Form_pg_proc proc = (Form_pg_proc)GETSTRUCT(tup);
                if (proc->prolang == INTERNALlanguageId && proc->pronamespace == PG_CATALOG_NAMESPACE) {
                    bool isnull = false;
                    Datum src = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_prosrc, &isnull);
                    if (!isnull) out = TextDatumGetCString(src);
                }
                ReleaseSysCache(tup);
            }
            return out;
        });
    }

    core::ValueRange func(Oid funcid, List* args, int bits) {
        std::string name = internal_symbol(funcid);
        int nargs = list_length(args);
        if (name.empty()) return core::ValueRange::full(bits, false);
        auto arg = [&](int i) { return of(static_cast<Node*>(list_nth(args, i))); };
        // hashtext, hashint4, uuid_hash, hash_numeric, hashtextextended, ...: the whole type.
        if (name.rfind("hash", 0) == 0 || name.find("_hash") != std::string::npos) return core::ValueRange::full(bits, true);
        if (nargs == 2 && (name == "int2mod" || name == "int4mod" || name == "int8mod")) return core::range_cast(core::range_mod(arg(0), arg(1)), bits);
        if (nargs == 2 && (name == "int2and" || name == "int4and" || name == "int8and")) return core::range_cast(core::range_and(arg(0), arg(1)), bits);
        if (nargs == 1 && (name == "int2abs" || name == "int4abs" || name == "int8abs")) return core::range_abs(arg(0), bits);
        if (nargs == 2 && (name == "int2pl" || name == "int4pl" || name == "int8pl" || name == "int48pl" || name == "int84pl"))
            return core::range_add(arg(0), arg(1), bits);
        if (nargs == 2 && (name == "int2mi" || name == "int4mi" || name == "int8mi" || name == "int48mi" || name == "int84mi"))
            return core::range_sub(arg(0), arg(1), bits);
        if (nargs == 1 && (name == "int48" || name == "int84" || name == "int28" || name == "int82" || name == "i2toi4" || name == "i4toi2"))
            return core::range_cast(arg(0), bits);
        return core::ValueRange::full(bits, false);
    }
};

}  // namespace

core::ValueRange bucket_expression_range(Oid parent) {
    Node* expr = call([&] {
        Relation rel = relation_open(parent, AccessShareLock);
        PartitionKey key = RelationGetPartitionKey(rel);
        Node* e = key->partexprs ? static_cast<Node*>(copyObjectImpl(linitial(key->partexprs))) : nullptr;
        relation_close(rel, NoLock);
        return e;
    });
    // A plain integer column holds a bucket number the application computes: any value may come.
    if (!expr) return core::ValueRange::full(64, false);
    return RangeWalker().of(expr);
}

BucketBounds read_bucket_bounds(const BucketKey& k, int buckets) {
    BucketBounds e;
    Oid parent = k.parent;
    Oid type = k.key_type;
    int ndatums = 0;
    int64_t* a = nullptr;
    int64_t* b = nullptr;
    Oid default_oid = InvalidOid;
    char* nsp = nullptr;
    char* rel = nullptr;
    call([&] {
        Relation r = relation_open(parent, AccessShareLock);
        PartitionDesc pd = RelationGetPartitionDesc(r, true);
        PartitionBoundInfo bi = pd->boundinfo;
        nsp = get_namespace_name(RelationGetNamespace(r));
        rel = pstrdup(RelationGetRelationName(r));
        if (bi) {
            ndatums = bi->ndatums;
            a = static_cast<int64_t*>(palloc(sizeof(int64_t) * (ndatums + 1)));
            b = static_cast<int64_t*>(palloc(sizeof(int64_t) * (ndatums + 1)));
            for (int i = 0; i < ndatums; ++i) {
                if (bi->strategy == PARTITION_STRATEGY_HASH) {
                    a[i] = DatumGetInt32(bi->datums[i][0]);  // modulus
                    b[i] = DatumGetInt32(bi->datums[i][1]);  // remainder
                } else {
                    Datum d = bi->datums[i][0];
                    a[i] = type == INT2OID ? DatumGetInt16(d) : type == INT4OID ? DatumGetInt32(d) : DatumGetInt64(d);
                }
            }
            if (partition_bound_has_default(bi)) default_oid = pd->oids[bi->default_index];
        }
        relation_close(r, NoLock);
    });
    e.schema = nsp;
    e.relname = rel;
    e.has_default = OidIsValid(default_oid);
    e.default_oid = default_oid;
    if (e.has_default) e.default_name = call([&] { return static_cast<const char*>(get_rel_name(default_oid)); });
    for (int i = 0; i < ndatums; ++i) {
        if (k.strategy == PARTITION_STRATEGY_HASH) {
            if (a[i] != buckets) {
                ++e.moduli_mismatch;
                e.other_modulus = static_cast<int>(a[i]);
            } else {
                e.covered.insert(b[i]);
            }
        } else {
            e.list_values.push_back(a[i]);
            e.covered.insert(a[i]);
        }
    }
    return e;
}

std::vector<BucketSet> load_bucket_sets(std::optional<Oid> parent) {
    std::string sql =
        "SELECT parent_table::oid, parent_table::text, control_column, coalesce(buckets, 0), skew_warning, "
        "skew_rebalance, skew_critical FROM partman_ext.part_config c WHERE strategy = 'bucket' "
        "AND EXISTS (SELECT FROM pg_catalog.pg_class r WHERE r.oid = c.parent_table AND r.relkind = 'p')";
    Rows r = parent ? query(sql + " AND parent_table = $1::oid", {oid_param(*parent)}, true)
                    : query(sql + " ORDER BY parent_table::text", {}, true);
    std::vector<BucketSet> out;
    for (size_t i = 0; i < r.size(); ++i) {
        BucketSet s;
        s.parent = static_cast<Oid>(r.int8(i, 0));
        s.parent_text = r.str(i, 1);
        s.control = r.str(i, 2);
        s.buckets = static_cast<int>(r.int8(i, 3));
        s.thresholds.warning = std::stod(r.str(i, 4));
        s.thresholds.rebalance = std::stod(r.str(i, 5));
        s.thresholds.critical = std::stod(r.str(i, 6));
        out.push_back(s);
    }
    return out;
}

BucketSet bucket_set_or_default(Oid parent) {
    auto sets = load_bucket_sets(parent);
    if (!sets.empty()) return sets[0];
    BucketKey k = bucket_key(parent);
    BucketSet s;
    s.parent = parent;
    s.parent_text = k.shown;
    s.control = k.column;
    return s;
}

std::vector<BucketPartition> bucket_partitions(Oid parent) {
    std::vector<BucketPartition> out;
    int n = 0;
    Oid* oids = nullptr;
    bool* leaf = nullptr;
    int default_index = -1;
    call([&] {
        Relation rel = relation_open(parent, AccessShareLock);
        PartitionDesc pd = RelationGetPartitionDesc(rel, true);
        n = pd->nparts;
        oids = static_cast<Oid*>(palloc(sizeof(Oid) * (n + 1)));
        leaf = static_cast<bool*>(palloc(sizeof(bool) * (n + 1)));
        std::memcpy(oids, pd->oids, sizeof(Oid) * n);
        std::memcpy(leaf, pd->is_leaf, sizeof(bool) * n);
        if (pd->boundinfo) default_index = pd->boundinfo->default_index;
        relation_close(rel, NoLock);
    });
    out.reserve(n);
    for (int i = 0; i < n; ++i) {
        BucketPartition p;
        p.oid = oids[i];
        p.name = regclass_text(p.oid);
        p.is_default = i == default_index;
        if (leaf[i]) {
            p.leaves.push_back(p.oid);
        } else {
            Oid sub = p.oid;
            List* all = call([&] { return find_all_inheritors(sub, AccessShareLock, nullptr); });
            ListCell* lc;
            foreach (lc, all) {
                Oid o = lfirst_oid(lc);
                char kind = call([&] { return get_rel_relkind(o); });
                if (kind != RELKIND_PARTITIONED_TABLE) p.leaves.push_back(o);
            }
        }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace pg

}  // namespace pmx
