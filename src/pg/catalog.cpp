// Catalog access for partition sets (see catalog.hpp).
#include "pg/catalog.hpp"

#include "core/error.hpp"
#include "core/planner.hpp"
#include "pg/citus.hpp"
#include "pg/range_bounds.hpp"
#include "pg/settings.hpp"

extern "C" {
#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/xact.h"
#include "utils/fmgroids.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "optimizer/plancat.h"
#include "storage/bufpage.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "datatype/timestamp.h"
#include "miscadmin.h"
#include "partitioning/partbounds.h"
#include "partitioning/partdesc.h"
#include "pgtime.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/partcache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
}

#include <cstdio>
#include <exception>
#include <vector>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

const char* key_type_name(KeyType t) {
    switch (t) {
        case KeyType::TimestampTz: return "timestamptz";
        case KeyType::Timestamp: return "timestamp";
        case KeyType::Date: return "date";
        case KeyType::Int2: return "smallint";
        case KeyType::Int4: return "integer";
        case KeyType::Int8: return "bigint";
        case KeyType::Unsupported: return "unsupported";
    }
    return "unsupported";
}

KeyType key_type_of(Oid type) {
    switch (type) {
        case TIMESTAMPTZOID: return KeyType::TimestampTz;
        case TIMESTAMPOID: return KeyType::Timestamp;
        case DATEOID: return KeyType::Date;
        case INT2OID: return KeyType::Int2;
        case INT4OID: return KeyType::Int4;
        case INT8OID: return KeyType::Int8;
        default: return KeyType::Unsupported;
    }
}

ValueMap::ValueMap(KeyType type, const std::string& time_zone, const core::Interval& iv)
    : type_(type), tz_(nullptr), in_utc_(iv.kind == core::Interval::Kind::Micros && iv.step < core::kUsecPerDay) {
    if (type_ == KeyType::TimestampTz || type_ == KeyType::Timestamp || type_ == KeyType::Date) {
        const char* name = time_zone.c_str();
        tz_ = call([&] { return static_cast<void*>(pg_tzset(name)); });
        if (!tz_)
            throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "time zone \"" + time_zone + "\" not recognized",
                            "partman_ext computes time boundaries in this zone.",
                            "Use a name from pg_timezone_names, e.g. 'UTC' or 'Europe/Berlin'.");
    }
}

int64_t ValueMap::local_to_instant(int64_t local) const {
    return in_utc_ ? local : wall_to_instant(local);
}

// A wall-clock time of the set's zone -> the instant (PostgreSQL's rule for skipped/repeated times).
int64_t ValueMap::wall_to_instant(int64_t local) const {
    return call([&] {
        struct pg_tm tm;
        fsec_t fsec;
        if (timestamp2tm(local, nullptr, &tm, &fsec, nullptr, nullptr) != 0)
            ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
        int offset = DetermineTimeZoneOffset(&tm, static_cast<pg_tz*>(tz_));
        TimestampTz out;
        if (tm2timestamp(&tm, fsec, &offset, &out) != 0)
            ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
        return out;
    });
}

int64_t ValueMap::instant_to_local(int64_t instant) const {
    if (in_utc_) return instant;
    return call([&] {
        struct pg_tm tm;
        fsec_t fsec;
        int offset;
        if (timestamp2tm(instant, &offset, &tm, &fsec, nullptr, static_cast<pg_tz*>(tz_)) != 0)
            ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
        Timestamp out;
        if (tm2timestamp(&tm, fsec, nullptr, &out) != 0)
            ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
        return out;
    });
}

// A time value that no partition bound can equal: infinite, or a date past the timestamp range.
[[noreturn]] static void time_out_of_range(const char* what) {
    call([&] {
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("%s out of range", what)));
    });
    throw std::logic_error("unreachable");
}

int64_t ValueMap::to_units(Datum d) const {
    switch (type_) {
        case KeyType::TimestampTz:
            if (TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(d))) time_out_of_range("timestamp");
            return instant_to_local(DatumGetTimestampTz(d));
        case KeyType::Timestamp:
            if (TIMESTAMP_NOT_FINITE(DatumGetTimestamp(d))) time_out_of_range("timestamp");
            return DatumGetTimestamp(d);
        case KeyType::Date: {
            DateADT day = DatumGetDateADT(d);
            int64_t units = 0;
            if (DATE_NOT_FINITE(day) || __builtin_mul_overflow(int64_t(day), core::kUsecPerDay, &units) ||
                !core::in_timestamp_range(units))
                time_out_of_range("date");
            return units;
        }
        case KeyType::Int2: return DatumGetInt16(d);
        case KeyType::Int4: return DatumGetInt32(d);
        case KeyType::Int8: return DatumGetInt64(d);
        case KeyType::Unsupported: break;
    }
    throw std::logic_error("unsupported key type");
}

int64_t ValueMap::units_from_text(const std::string& text) const {
    Oid type = InvalidOid;
    switch (type_) {
        case KeyType::TimestampTz: type = TIMESTAMPTZOID; break;
        case KeyType::Timestamp: type = TIMESTAMPOID; break;
        case KeyType::Date: type = DATEOID; break;
        case KeyType::Int2: type = INT2OID; break;
        case KeyType::Int4: type = INT4OID; break;
        case KeyType::Int8: type = INT8OID; break;
        case KeyType::Unsupported: throw std::logic_error("unsupported key type");
    }
    const char* s = text.c_str();
    Datum d = call([&] {
        Oid input, ioparam;
        getTypeInputInfo(type, &input, &ioparam);
        return OidInputFunctionCall(input, const_cast<char*>(s), ioparam, -1);
    });
    return to_units(d);
}

std::string ValueMap::to_literal(int64_t units) const {
    char buf[64];
    if (type_ == KeyType::Int2 || type_ == KeyType::Int4 || type_ == KeyType::Int8) return std::to_string(units);
    int64_t t = type_ == KeyType::TimestampTz ? local_to_instant(units) : units;
    core::Civil c = core::to_civil(t);  // for timestamptz: the instant written in UTC
    // PostgreSQL reads years before 1 AD as "N BC" (astronomical year 0 is 1 BC).
    const int year = c.year > 0 ? c.year : 1 - c.year;
    const char* era = c.year > 0 ? "" : " BC";
    if (type_ == KeyType::Date)
        snprintf(buf, sizeof buf, "'%04d-%02d-%02d%s'", year, c.month, c.day, era);
    else
        snprintf(buf, sizeof buf, "'%04d-%02d-%02d %02d:%02d:%02d%s%s'", year, c.month, c.day, c.hour, c.minute,
                 c.second, type_ == KeyType::TimestampTz ? "+00" : "", era);
    return buf;
}

std::string ValueMap::to_display(int64_t units) const {
    switch (type_) {
        case KeyType::TimestampTz: return datum_text(TimestampTzGetDatum(local_to_instant(units)), TIMESTAMPTZOID);
        case KeyType::Timestamp: return datum_text(TimestampGetDatum(units), TIMESTAMPOID);
        case KeyType::Date: return datum_text(DateADTGetDatum(DateADT(units / core::kUsecPerDay)), DATEOID);
        default: return std::to_string(units);
    }
}

static_assert(core::kMinLocalTime == MIN_TIMESTAMP && core::kEndLocalTime == END_TIMESTAMP,
              "the core's timestamp range is PostgreSQL's");

int64_t ValueMap::now_units() const {
    TimestampTz now = pmx::clock_now();
    switch (type_) {
        case KeyType::TimestampTz: return instant_to_local(now);
        case KeyType::Timestamp:
        case KeyType::Date: {
            // Columns without a zone hold local values: "now" is the wall-clock time in the set's zone.
            return call([&] {
                struct pg_tm tm;
                fsec_t fsec;
                int offset;
                Timestamp out = 0;
                if (timestamp2tm(now, &offset, &tm, &fsec, nullptr, static_cast<pg_tz*>(tz_)) == 0)
                    tm2timestamp(&tm, fsec, nullptr, &out);
                return out;
            });
        }
        default: return 0;
    }
}

int64_t ValueMap::minus_interval(int64_t units, const std::string& interval_text) const {
    const char* s = interval_text.c_str();
    return call([&] {
        Datum iv = DirectFunctionCall3(interval_in, CStringGetDatum(s), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
        return DatumGetTimestamp(DirectFunctionCall2(timestamp_mi_interval, TimestampGetDatum(units), iv));
    });
}

int64_t ValueMap::plus_interval(int64_t units, const std::string& interval_text) const {
    const char* s = interval_text.c_str();
    return call([&] {
        Datum iv = DirectFunctionCall3(interval_in, CStringGetDatum(s), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
        return DatumGetTimestamp(DirectFunctionCall2(timestamp_pl_interval, TimestampGetDatum(units), iv));
    });
}

int64_t ValueMap::to_instant(int64_t units) const {
    // timestamp and date keys hold wall-clock values of the set's zone (see now_units).
    return type_ == KeyType::TimestampTz ? local_to_instant(units) : wall_to_instant(units);
}

bool ValueMap::same_instant(int64_t a, int64_t b) const {
    if (a == b) return true;
    if (type_ != KeyType::TimestampTz || in_utc_) return false;
    return local_to_instant(a) == local_to_instant(b);
}

bool ValueMap::representable(int64_t units) const {
    switch (type_) {
        case KeyType::Int2: return units >= INT16_MIN && units <= INT16_MAX;
        case KeyType::Int4: return units >= INT32_MIN && units <= INT32_MAX;
        case KeyType::Int8: return true;
        // PostgreSQL's timestamp range, a day inside each end: a timestamptz bound is written in
        // UTC and may lie up to a day away from the local value.
        default: return units >= core::kMinLocalTime + core::kUsecPerDay && units < core::kEndLocalTime - core::kUsecPerDay;
    }
}

static std::string rel_name(Oid relid);
static std::string rel_schema(Oid relid);

void PartitionInfo::load_names() const {
    if (!name_.empty()) return;
    name_ = rel_name(oid);
    schema_ = rel_schema(oid);
}
const std::string& PartitionInfo::name() const {
    load_names();
    return name_;
}
const std::string& PartitionInfo::schema() const {
    load_names();
    return schema_;
}

// -infinity / infinity bounds of time keys behave like MINVALUE / MAXVALUE.
static bool infinite(KeyType type, Datum d) {
    switch (type) {
        case KeyType::TimestampTz:
        case KeyType::Timestamp: return TIMESTAMP_NOT_FINITE(DatumGetTimestamp(d));
        case KeyType::Date: return DATE_NOT_FINITE(DatumGetDateADT(d));
        default: return false;
    }
}

std::string bound_text(const PartitionInfo& p, bool upper, Oid key_type) {
    if (upper) return p.hi_open && !p.hi_infinite ? "MAXVALUE" : datum_text(p.hi_datum, key_type);
    return p.lo_open && !p.lo_infinite ? "MINVALUE" : datum_text(p.lo_datum, key_type);
}

void apply_map(ParentInfo& info, const ValueMap& map) {
    for (PartitionInfo& p : info.partitions) {
        if (!p.lo_open && infinite(map.type(), p.lo_datum)) p.lo_open = p.lo_infinite = true;
        if (!p.hi_open && infinite(map.type(), p.hi_datum)) p.hi_open = p.hi_infinite = true;
        if (!p.lo_open) p.lo = map.to_units(p.lo_datum);
        if (!p.hi_open) p.hi = map.to_units(p.hi_datum);
    }
}

std::string ParentInfo::qualified() const {
    return call([&] { return quote_qualified_identifier(schema.c_str(), name.c_str()); });
}

static std::string rel_name(Oid relid) {
    char* n = call([&] { return get_rel_name(relid); });
    return n ? n : "";
}

static std::string rel_schema(Oid relid) {
    char* n = call([&] { return get_namespace_name(get_rel_namespace(relid)); });
    return n ? n : "";
}

ParentInfo read_parent(Oid relid, const ValueMap* map) {
    ParentInfo p;
    // RANGE sets on one column: the session cache, no relcache descriptor (range_bounds.hpp).
    if (read_range_parent(relid, p)) {
        if (map) apply_map(p, *map);
        return p;
    }
    p = ParentInfo{};
    p.oid = relid;
    Relation rel = call([&] { return try_relation_open(relid, AccessShareLock); });
    if (!rel)
        throw UserError(ERRCODE_UNDEFINED_TABLE, "relation with OID " + std::to_string(relid) + " does not exist",
                        "The partition set's parent table was dropped.",
                        "Unregister it with partman_ext.unregister_partition_set().");
    // Copy what we need, then close (the lock stays until end of transaction).
    char relkind = rel->rd_rel->relkind;
    p.owner = rel->rd_rel->relowner;
    p.name = NameStr(rel->rd_rel->relname);
    call([&] { relation_close(rel, NoLock); });
    p.schema = rel_schema(relid);
    if (relkind != RELKIND_PARTITIONED_TABLE)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, "\"" + p.name + "\" is not a partitioned table",
                        "partman_ext manages tables declared with PARTITION BY.",
                        "Create the parent with PARTITION BY RANGE (column) (or HASH / LIST for bucket sets).");

    rel = call([&] { return relation_open(relid, NoLock); });
    std::exception_ptr failed;
    try {
        PartitionKey key = call([&] { return RelationGetPartitionKey(rel); });
        p.strategy = key->strategy;
        p.key_count = key->partnatts;
        p.key_is_expression = key->partattrs[0] == 0;
        p.key_type_oid = key->parttypid[0];
        p.key_type = key_type_of(p.key_type_oid);
        if (!p.key_is_expression) {
            AttrNumber att = key->partattrs[0];
            char* col = call([&] { return get_attname(relid, att, false); });
            p.key_column = col;
        }
        PartitionDesc desc = call([&] { return RelationGetPartitionDesc(rel, true); });
        PartitionBoundInfo bi = desc->boundinfo;
        core::SetList<int> position(desc->nparts, -1);  // descriptor index -> p.partitions index
        p.partitions.reserve(desc->nparts);
        for (int i = 0; i < desc->nparts; ++i) {
            PartitionInfo part;
            part.oid = desc->oids[i];
            part.is_default = bi && bi->default_index == i;
            if (part.is_default) {
                p.default_partition = part;
            } else {
                position[i] = static_cast<int>(p.partitions.size());
                p.partitions.push_back(part);
            }
        }
        // Range bounds: indexes[b] names the partition whose upper bound is datums[b]; its lower
        // bound is datums[b-1] (PostgreSQL keeps range bounds sorted and adjacent).
        if (bi && p.strategy == PARTITION_STRATEGY_RANGE && p.key_count == 1) {
            for (int b = 0; b < bi->ndatums; ++b) {
                int idx = bi->indexes[b];
                if (idx < 0 || position[idx] < 0) continue;
                PartitionInfo& part = p.partitions[position[idx]];
                part.hi_open = bi->kind[b][0] != PARTITION_RANGE_DATUM_VALUE;
                if (!part.hi_open) part.hi_datum = bi->datums[b][0];
                part.lo_open = b == 0 || bi->kind[b - 1][0] != PARTITION_RANGE_DATUM_VALUE;
                if (!part.lo_open) part.lo_datum = bi->datums[b - 1][0];
            }
        }
    } catch (...) {
        failed = std::current_exception();  // closed below, outside the catch block
    }
    call([&] { relation_close(rel, NoLock); });
    if (failed) std::rethrow_exception(failed);
    if (map) apply_map(p, *map);
    return p;
}

bool lock_now(Oid relid) {
    return call([&] {
        if (!ConditionalLockRelationOid(relid, AccessShareLock)) return false;
        if (SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid))) return true;
        UnlockRelationOid(relid, AccessShareLock);
        return false;
    });
}

std::string qualified_name(Oid relid) {
    std::string schema = rel_schema(relid), name = rel_name(relid);
    if (name.empty())
        throw UserError(ERRCODE_UNDEFINED_TABLE, "relation with OID " + std::to_string(relid) + " does not exist");
    return call([&] { return quote_qualified_identifier(schema.c_str(), name.c_str()); });
}

int64_t estimated_rows(Oid relid) {
    if (is_citus_table(relid)) return citus_figures(relid).est_rows.value_or(-1);
    return call([&] {
        HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
        int64 n = -1;
        if (HeapTupleIsValid(tup)) {
            n = (int64)((Form_pg_class)GETSTRUCT(tup))->reltuples;
            ReleaseSysCache(tup);
        }
        return n;
    });
}

int64_t planner_rows(Oid relid) {
    return call([&] {
        double rows = 0;
        List* rels = find_all_inheritors(relid, AccessShareLock, nullptr);
        ListCell* lc;
        foreach (lc, rels) {
            Relation r = relation_open(lfirst_oid(lc), NoLock);
            if (RELKIND_HAS_STORAGE(r->rd_rel->relkind)) {
                if (r->rd_rel->reltuples >= 0) {
                    rows += r->rd_rel->reltuples;
                } else {
                    BlockNumber blocks = RelationGetNumberOfBlocks(r);
                    int32 width = get_rel_data_width(r, nullptr);
                    double per_tuple = MAXALIGN(SizeofHeapTupleHeader) + MAXALIGN(width) + sizeof(ItemIdData);
                    rows += double(blocks) * floor((BLCKSZ - SizeOfPageHeaderData) / per_tuple);
                }
            }
            relation_close(r, NoLock);
        }
        return static_cast<int64>(rows);
    });
}

std::optional<int64_t> estimated_bytes(Oid relid) {
    if (is_citus_table(relid)) return citus_figures(relid).total_bytes;
    return call([&] {
        int64 pages = 0;
        Oid toast = InvalidOid;
        HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
        if (HeapTupleIsValid(tup)) {
            Form_pg_class c = (Form_pg_class)GETSTRUCT(tup);
            pages += Max(c->relpages, 0);
            toast = c->reltoastrelid;
            ReleaseSysCache(tup);
        }
        List* rels = NIL;
        if (OidIsValid(toast)) rels = lappend_oid(rels, toast);
        Relation idx = table_open(IndexRelationId, AccessShareLock);
        ScanKeyData key;
        ScanKeyInit(&key, Anum_pg_index_indrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
        SysScanDesc scan = systable_beginscan(idx, IndexIndrelidIndexId, true, NULL, 1, &key);
        for (HeapTuple t; HeapTupleIsValid(t = systable_getnext(scan));)
            rels = lappend_oid(rels, ((Form_pg_index)GETSTRUCT(t))->indexrelid);
        systable_endscan(scan);
        table_close(idx, AccessShareLock);
        ListCell* lc;
        foreach (lc, rels) {
            HeapTuple t = SearchSysCache1(RELOID, ObjectIdGetDatum(lfirst_oid(lc)));
            if (!HeapTupleIsValid(t)) continue;
            pages += Max(((Form_pg_class)GETSTRUCT(t))->relpages, 0);
            ReleaseSysCache(t);
        }
        return pages * (int64)BLCKSZ;
    });
}

std::optional<int64_t> total_bytes(Oid relid) {
    if (is_citus_table(relid)) return citus_figures(relid).total_bytes;
    return call([&] {
        return (int64)DatumGetInt64(DirectFunctionCall1(pg_total_relation_size, ObjectIdGetDatum(relid)));
    });
}

bool has_no_blocks(Oid relid) {
    if (is_citus_table(relid)) return citus_has_no_blocks(relid);
    return call([&] {
        Relation r = relation_open(relid, AccessShareLock);
        BlockNumber n = RELKIND_HAS_STORAGE(r->rd_rel->relkind) ? RelationGetNumberOfBlocks(r) : 1;
        relation_close(r, NoLock);
        return n == 0;
    });
}

std::string datum_text(Datum d, Oid type) {
    char* s = call([&] {
        Oid out;
        bool varlena;
        getTypeOutputInfo(type, &out, &varlena);
        return OidOutputFunctionCall(out, d);
    });
    return s;
}

bool acts_as(Oid role) {
    return call([&] { return superuser() || has_privs_of_role(GetUserId(), role); });
}

bool is_admin() {
    Oid admin = call([] { return get_role_oid("partman_ext_admin", true); });
    return call([] { return superuser(); }) || (OidIsValid(admin) && acts_as(admin));
}

bool owner_or_admin(Oid relid) {
    if (!call([&] { return SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)); })) return false;  // dropped meanwhile
    // pg_class_ownercheck: the privileges of the owner (has_privs_of_role), or a superuser
    return call([&] { return pg_class_ownercheck(relid, GetUserId()); }) || is_admin();
}

Oid extension_relid(const char* name) {
    Oid nsp = get_namespace_oid("partman_ext", true);
    return OidIsValid(nsp) ? get_relname_relid(name, nsp) : InvalidOid;
}

Snapshot statement_snapshot() {
    Snapshot base = GetTransactionSnapshot();
    Snapshot snap = RegisterSnapshot(base);
    if (snap != base) snap->curcid = GetCurrentCommandId(false);  // our own copy (REPEATABLE READ keeps an older one)
    return snap;
}

Oid extension_owner() {
    static Oid cached = InvalidOid;
    static Oid cached_ext = InvalidOid;
    // pg_extension has no syscache: its oid is looked up once per command of a transaction (DROP and
    // CREATE EXTENSION each end a command), which an idle maintenance pass over many sets never does.
    static LocalTransactionId seen_lxid = InvalidLocalTransactionId;
    static CommandId seen_cid = InvalidCommandId;
    if (OidIsValid(cached) && MyProc->lxid == seen_lxid && GetCurrentCommandId(false) == seen_cid) return cached;
    Oid ext = call([] { return get_extension_oid("partman_ext", true); });
    if (OidIsValid(cached) && ext == cached_ext) return cached;
    Oid owner = call([&] {
        Oid o = InvalidOid;
        Relation rel = table_open(ExtensionRelationId, AccessShareLock);
        ScanKeyData key;
        ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(ext));
        SysScanDesc scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
        HeapTuple tup = systable_getnext(scan);
        if (HeapTupleIsValid(tup)) o = ((Form_pg_extension)GETSTRUCT(tup))->extowner;
        systable_endscan(scan);
        table_close(rel, AccessShareLock);
        return o;
    });
    if (!OidIsValid(owner)) throw UserError(ERRCODE_UNDEFINED_OBJECT, "extension \"partman_ext\" is not installed in this database");
    cached = owner;
    cached_ext = ext;
    seen_lxid = MyProc->lxid;
    seen_cid = GetCurrentCommandId(false);
    return owner;
}

}  // namespace pg

}  // namespace pmx
