// Partition set configuration and runtime (see sets.hpp).
#include "engine/sets.hpp"

#include "core/error.hpp"
#include "engine/set_cache.hpp"
#include "pg/settings.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
}

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <climits>
#include <cstdio>
#include <cstdlib>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// A part_config value the CHECK constraints admit, typed; 22000-class corruption otherwise.
template <typename E>
E stored(const std::optional<E>& v, const char* column, const std::string& text, const std::string& set) {
    if (!v)
        throw UserError(ERRCODE_DATA_CORRUPTED, "invalid " + std::string(column) + " \"" + text + "\" in partman_ext.part_config",
                        "Partition set " + set + ".", "Correct the row with partman_ext.update_partition_set().");
    return *v;
}

core::Interval interval_of(const SetConfig& cfg, KeyType key);
int64_t anchor_from_text(bool integer, const std::string& text);

// cfg.interval and cfg.anchor from their texts; left nullopt when a text does not parse (open_set
// parses it again and raises the error where maintenance needs the value).
void parse_interval_and_anchor(SetConfig& c) {
    if (c.strategy == core::Strategy::bucket) return;
    const bool integer = c.strategy == core::Strategy::integer;
    try {
        c.interval = interval_of(c, integer ? KeyType::Int8 : KeyType::Timestamp);
        c.anchor = c.anchor_text ? anchor_from_text(integer, *c.anchor_text) : core::default_anchor(*c.interval);
    } catch (const UserError&) {
    }
}

// One part_config row as read from the heap, as plain data (filled inside pg::call). Strings are
// palloc'd; nullptr is SQL NULL.
struct RawConfig {
    Oid parent;
    char *parent_text, *control, *strategy, *interval, *anchor, *retention, *retention_mode, *archive_schema,
        *time_zone, *naming;
    int32 premake;
    bool default_partition, enabled, has_lock_timeout, has_not_before;
    int64 lock_timeout_ms, not_before;
    char version[64];  // the row version: part_config's oid / xmin / ctid (set_cache.hpp)
};

// The attribute numbers of part_config's columns, looked up by name (an upgraded installation
// has them in another order than a fresh one).
struct Columns {
    AttrNumber parent, control, strategy, interval, anchor, premake, retention, retention_mode, archive_schema,
        default_partition, time_zone, lock_timeout, enabled, not_before, naming;
};

Columns columns_of(TupleDesc desc) {
    Columns c{};
    const std::pair<const char*, AttrNumber*> names[] = {
        {"parent_table", &c.parent}, {"control_column", &c.control}, {"strategy", &c.strategy},
        {"partition_interval", &c.interval}, {"anchor", &c.anchor}, {"premake", &c.premake},
        {"retention", &c.retention}, {"retention_mode", &c.retention_mode}, {"archive_schema", &c.archive_schema},
        {"default_partition", &c.default_partition}, {"time_zone", &c.time_zone}, {"lock_timeout", &c.lock_timeout},
        {"enabled", &c.enabled}, {"retention_not_before", &c.not_before}, {"naming", &c.naming}};
    for (int i = 0; i < desc->natts; ++i) {
        Form_pg_attribute a = TupleDescAttr(desc, i);
        if (a->attisdropped) continue;
        for (const auto& n : names)
            if (strcmp(NameStr(a->attname), n.first) == 0) *n.second = a->attnum;
    }
    return c;
}

char* text_or_null(HeapTuple t, TupleDesc d, AttrNumber a) {
    bool isnull = true;
    Datum v = a > 0 ? heap_getattr(t, a, d, &isnull) : 0;
    return isnull ? nullptr : TextDatumGetCString(v);
}

char* name_or_null(HeapTuple t, TupleDesc d, AttrNumber a) {
    bool isnull = true;
    Datum v = a > 0 ? heap_getattr(t, a, d, &isnull) : 0;
    return isnull ? nullptr : pstrdup(NameStr(*DatumGetName(v)));
}

void read_row(HeapTuple t, TupleDesc d, const Columns& c, Oid table, RawConfig& r) {
    bool isnull;
    r.parent = DatumGetObjectId(heap_getattr(t, c.parent, d, &isnull));
    r.parent_text = DatumGetCString(DirectFunctionCall1(regclassout, ObjectIdGetDatum(r.parent)));  // parent_table::text
    r.control = name_or_null(t, d, c.control);
    r.strategy = text_or_null(t, d, c.strategy);
    r.interval = text_or_null(t, d, c.interval);
    r.anchor = text_or_null(t, d, c.anchor);
    Datum v = heap_getattr(t, c.premake, d, &isnull);
    r.premake = isnull ? 0 : DatumGetInt32(v);
    r.retention = text_or_null(t, d, c.retention);
    r.retention_mode = text_or_null(t, d, c.retention_mode);
    r.archive_schema = name_or_null(t, d, c.archive_schema);
    v = heap_getattr(t, c.default_partition, d, &isnull);
    r.default_partition = !isnull && DatumGetBool(v);
    r.time_zone = text_or_null(t, d, c.time_zone);
    v = c.lock_timeout > 0 ? heap_getattr(t, c.lock_timeout, d, &isnull) : (isnull = true, Datum(0));
    r.has_lock_timeout = !isnull;
    if (!isnull)  // extract(epoch FROM lock_timeout) * 1000, as milliseconds
        r.lock_timeout_ms = int64(std::llround(
            DatumGetFloat8(DirectFunctionCall2(interval_part, CStringGetTextDatum("epoch"), v)) * 1000.0));
    v = heap_getattr(t, c.enabled, d, &isnull);
    r.enabled = isnull || DatumGetBool(v);
    v = c.not_before > 0 ? heap_getattr(t, c.not_before, d, &isnull) : (isnull = true, Datum(0));
    r.has_not_before = !isnull;
    if (!isnull) r.not_before = DatumGetTimestampTz(v);  // µs since 2000-01-01 UTC
    r.naming = text_or_null(t, d, c.naming);
    snprintf(r.version, sizeof r.version, "%u/%u/(%u,%u)", table, HeapTupleHeaderGetXmin(t->t_data),
             ItemPointerGetBlockNumber(&t->t_self), ItemPointerGetOffsetNumber(&t->t_self));
}

// Rows of partman_ext.part_config (only `parent`'s when it is valid, through the primary key),
// read straight from the table with the snapshot a non-read-only statement would take now: it
// sees this transaction's own changes (registration) and, in READ COMMITTED, every commit so far.
// No statement is planned: this is what every maintenance call starts with. Returns the count.
int read_config(Oid parent, RawConfig** out) {
    *out = nullptr;
    Oid relid = extension_relid("part_config");
    if (!OidIsValid(relid)) return 0;
    Relation rel = table_open(relid, AccessShareLock);
    TupleDesc desc = RelationGetDescr(rel);
    Columns cols = columns_of(desc);
    Snapshot snap = statement_snapshot();
    int n = 0, cap = 16;
    RawConfig* rows = (RawConfig*)palloc0(cap * sizeof(RawConfig));
    auto add = [&](HeapTuple t) {
        if (n == cap) {
            rows = (RawConfig*)repalloc(rows, (cap *= 2) * sizeof(RawConfig));
            memset(rows + n, 0, (cap - n) * sizeof(RawConfig));
        }
        read_row(t, desc, cols, relid, rows[n++]);
    };
    HeapTuple t;
    if (OidIsValid(parent)) {
        Oid pkey = extension_relid("part_config_pkey");
        ScanKeyData key;
        ScanKeyInit(&key, cols.parent, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(parent));
        SysScanDesc scan = systable_beginscan(rel, pkey, OidIsValid(pkey), snap, 1, &key);
        while ((t = systable_getnext(scan)) != nullptr) add(t);
        systable_endscan(scan);
    } else {
        TableScanDesc scan = table_beginscan(rel, snap, 0, nullptr);
        while ((t = heap_getnext(scan, ForwardScanDirection)) != nullptr) add(t);
        table_endscan(scan);
    }
    UnregisterSnapshot(snap);
    table_close(rel, AccessShareLock);
    *out = rows;
    return n;
}

std::optional<std::string> opt(const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; }

SetConfig from_raw(const RawConfig& r) {
    SetConfig c;
    c.parent = r.parent;
    c.parent_text = r.parent_text;
    c.control = r.control ? r.control : "";
    const std::string strategy = r.strategy ? r.strategy : "", mode = r.retention_mode ? r.retention_mode : "";
    c.strategy = stored(core::parse_strategy(strategy), "strategy", strategy, c.parent_text);
    c.interval_text = opt(r.interval);
    c.anchor_text = opt(r.anchor);
    c.premake = r.premake;
    c.retention = opt(r.retention);
    c.retention_mode = stored(core::parse_retention_mode(mode), "retention_mode", mode, c.parent_text);
    c.archive_schema = opt(r.archive_schema);
    c.default_partition = r.default_partition;
    c.time_zone = r.time_zone ? r.time_zone : "UTC";
    if (r.has_lock_timeout) c.lock_timeout_ms = r.lock_timeout_ms;
    c.enabled = r.enabled;
    if (r.has_not_before) c.retention_not_before = r.not_before;
    c.naming = opt(r.naming);
    parse_interval_and_anchor(c);
    return c;
}

// The configurations read, each typed once per transaction and row version (set_cache.hpp).
std::vector<SetConfig> typed_configs(Oid parent) {
    RawConfig* raw = nullptr;
    int n = call([&] { return read_config(parent, &raw); });
    std::vector<SetConfig> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i) {
        const RawConfig& r = raw[i];
        out.push_back(typed_set(std::string(r.version) + "/" + r.parent_text, [&] { return from_raw(r); }));
    }
    return out;
}

}  // namespace

std::optional<SetConfig> load_set(Oid parent) {
    std::vector<SetConfig> sets = typed_configs(parent);
    if (sets.empty()) return std::nullopt;
    return sets.front();
}

std::vector<SetConfig> load_sets() {
    std::vector<SetConfig> out = typed_configs(InvalidOid);
    // Ordered by parent OID: the same lock order in every session.
    std::sort(out.begin(), out.end(), [](const SetConfig& a, const SetConfig& b) { return a.parent < b.parent; });
    return out;
}

// PostgreSQL's interval input; a syntax error becomes 22023 with the given hint.
static Interval* parse_pg_interval(const std::string& text, const char* what, const char* hint) {
    const char* s = text.c_str();
    try {
        return call([&] {
            return DatumGetIntervalP(
                DirectFunctionCall3(interval_in, CStringGetDatum(s), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
        });
    } catch (const PgError& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, std::string("invalid ") + what + " \"" + text + "\"", e.what(),
                        hint);
    }
}

core::Interval parse_time_interval(const std::string& text, bool date_column, const char* what) {
    Interval* iv = parse_pg_interval(text, what, "Write an interval such as '1 month', '3 months', '1 day', '7 days' or '6 hours'.");
    try {
        return core::time_interval(iv->month, iv->day, iv->time, date_column);
    } catch (const core::InvalidArgument& e) {
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, std::string(e.what()) + ": \"" + text + "\"", e.detail(),
                        e.hint());
    }
}

int64_t parse_positive_int(const std::string& text, const char* what) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    while (end && *end == ' ') ++end;
    if (text.empty() || errno != 0 || !end || *end != '\0')
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, std::string("invalid ") + what + " \"" + text + "\"",
                        "Integer partition sets take a whole number.", "Give a positive integer, e.g. '100000'.");
    if (v <= 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, std::string(what) + " must be positive",
                        "Got " + text + ".", "Give a positive integer, e.g. '100000'.");
    return v;
}

void validate_retention(core::Strategy strategy, const std::string& text) {
    if (strategy == core::Strategy::integer) {
        parse_positive_int(text, "retention");
        return;
    }
    // Retention may be any positive interval (e.g. '90 days' on monthly partitions).
    Interval* iv = parse_pg_interval(text, "retention", "Write an interval such as '12 months' or '90 days'.");
    if (iv->month < 0 || iv->day < 0 || iv->time < 0 || (iv->month == 0 && iv->day == 0 && iv->time == 0))
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "retention must be a positive interval",
                        "Got \"" + text + "\".", "Write an interval such as '12 months' or '90 days'.");
}

void check_premake(int premake) {
    if (premake > 10000)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "premake must be at most 10000",
                        "Got " + std::to_string(premake) + "; every premade interval is a table.",
                        "Use a wider interval, or a smaller premake.");
    if (premake <= 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "premake must be at least 1",
                        "Got " + std::to_string(premake) + "; premake counts intervals to keep ready after the current one.",
                        "Pass a positive number of intervals, e.g. premake => 4 (the default).");
}

int64_t check_lock_timeout(Datum interval) {
    int64_t ms = interval_ms(interval);
    if (ms > INT_MAX)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "lock_timeout is too long",
                        "PostgreSQL's lock_timeout holds at most 2147483647 ms (about 24 days).",
                        "Pass a shorter interval; a few seconds is typical.");
    if (ms <= 0)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "lock_timeout must be positive",
                        "Every DDL statement waits at most lock_timeout for its lock.",
                        "Pass lock_timeout => '2s' or another positive interval.");
    return ms;
}

void validate_mode(const std::string& mode, const std::optional<std::string>& archive_schema) {
    if (mode != "drop" && mode != "detach" && mode != "archive")
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "invalid retention_mode \"" + mode + "\"",
                        "retention_mode says what happens to a partition past retention.",
                        "Use 'drop', 'detach' (keep the table) or 'archive' (detach and move to archive_schema).");
    if (mode == "archive" && !archive_schema)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "retention_mode 'archive' needs archive_schema",
                        "Archived partitions are detached and moved into archive_schema.",
                        "Pass archive_schema => 'name_of_an_existing_schema'.");
    if (archive_schema) {
        const char* s = archive_schema->c_str();
        Oid nsp = call([&] { return get_namespace_oid(s, true); });
        if (!OidIsValid(nsp))
            throw UserError(ERRCODE_INVALID_SCHEMA_NAME, "archive schema \"" + *archive_schema + "\" does not exist",
                            "Archived partitions are moved into this schema.", "Create it first: CREATE SCHEMA ...;");
    }
}

void validate_time_zone(const std::string& tz) {
    const char* s = tz.c_str();
    void* z = call([&] { return static_cast<void*>(pg_tzset(s)); });
    if (!z)
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE, "time zone \"" + tz + "\" not recognized",
                        "partman_ext computes time boundaries in this zone.",
                        "Use a name from pg_timezone_names, e.g. 'UTC' or 'Europe/Berlin'.");
}

int64_t interval_ms(Datum d) {
    Interval* iv = DatumGetIntervalP(d);
    return (int64_t(iv->month) * 30 * core::kUsecPerDay + int64_t(iv->day) * core::kUsecPerDay + iv->time) / 1000;
}

std::string anchor_to_text(bool integer, int64_t anchor) {
    if (integer) return std::to_string(anchor);
    core::Civil c = core::to_civil(anchor);
    char buf[40];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

std::string anchor_to_text(const SetRuntime& rt, int64_t anchor) {
    return anchor_to_text(rt.cfg.strategy == core::Strategy::integer, anchor);
}

namespace {

int64_t anchor_from_text(bool integer, const std::string& text) {
    if (integer) return std::strtoll(text.c_str(), nullptr, 10);
    int y = 2000, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3)
        throw UserError(ERRCODE_DATA_CORRUPTED, "invalid anchor \"" + text + "\" in partman_ext.part_config",
                        "The anchor is the first bound of slot 0, written as YYYY-MM-DD HH:MM:SS.",
                        "Fix the row or re-register the set.");
    return core::from_civil(y, mo, d, h, mi, s);
}

core::Interval interval_of(const SetConfig& cfg, KeyType key) {
    // Parsed when the row was read; a date key takes only whole days or months (the parse below
    // says so otherwise).
    if (cfg.interval && (key != KeyType::Date || cfg.interval->kind != core::Interval::Kind::Micros ||
                         cfg.interval->step % core::kUsecPerDay == 0))
        return *cfg.interval;
    if (!cfg.interval_text)
        throw UserError(ERRCODE_DATA_CORRUPTED, "partition set " + cfg.parent_text + " has no partition_interval");
    if (cfg.strategy == core::Strategy::integer)
        return core::integer_interval(parse_positive_int(*cfg.interval_text, "partition_interval"));
    return parse_time_interval(*cfg.interval_text, key == KeyType::Date, "partition_interval");
}

}  // namespace

SetRuntime open_set(const SetConfig& cfg) {
    if (cfg.strategy != core::Strategy::time && cfg.strategy != core::Strategy::integer)
        throw UserError(ERRCODE_WRONG_OBJECT_TYPE, "partition set " + cfg.parent_text + " is a bucket set",
                        "Premake and retention apply to time and integer sets.",
                        "Use create_bucket_partitions() for bucket sets.");
    ParentInfo info = read_parent(cfg.parent, nullptr);
    core::Interval iv = interval_of(cfg, info.key_type);
    ValueMap map(info.key_type, cfg.time_zone, iv);
    int64_t anchor = cfg.anchor        ? *cfg.anchor
                     : cfg.anchor_text ? anchor_from_text(cfg.strategy == core::Strategy::integer, *cfg.anchor_text)
                                       : core::default_anchor(iv);
    apply_map(info, map);
    SetRuntime rt{cfg, iv, anchor, map, std::move(info), cfg.lock_timeout_ms.value_or(pmx::default_lock_timeout_ms)};
    return rt;
}

std::optional<std::pair<int64_t, int64_t>> slot_bounds(const core::Interval& iv, int64_t anchor, const ValueMap& map,
                                                       int64_t slot) {
    if (slot == INT64_MAX) return std::nullopt;
    int64_t lo = 0, hi = 0;
    try {
        lo = core::slot_start(iv, anchor, slot);
        hi = core::slot_start(iv, anchor, slot + 1);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception&) {  // core::InvalidArgument, or a calendar date beyond Boost's range
        return std::nullopt;
    }
    if (!map.representable(lo) || !map.representable(hi)) return std::nullopt;
    return std::make_pair(lo, hi);
}

int64_t planning_now(const ParentInfo& info, const ValueMap& map, bool integer, int64_t anchor) {
    if (!integer) return map.now_units();
    std::optional<int64_t> top;
    for (const PartitionInfo& p : info.partitions)
        if (!p.lo_open && (!top || p.lo > *top)) top = p.lo;
    return top.value_or(anchor);
}

void check_reachable(const core::Interval& iv, int64_t anchor, const ValueMap& map, int64_t now_units, int premake,
                     const std::string& shown) {
    const int64_t current = core::slot_of(iv, anchor, now_units);
    auto fits = [&](int64_t k) { return current <= INT64_MAX - k && slot_bounds(iv, anchor, map, current + k).has_value(); };
    if (fits(premake)) return;
    // The largest premake that works (the slots are monotone: once one fails, all later ones do).
    int64_t ok = -1, lo = 0, hi = premake;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (fits(mid)) {
            ok = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    const std::string type = key_type_name(map.type());
    const std::string range = std::string("the range of ") + type +
                              (iv.kind != core::Interval::Kind::Integer ? std::string(" partman_ext creates partitions for (") + kTimeBoundRange + ")" : "");
    std::string detail =
        ok >= 0 ? "The current interval starts at " + map.to_display(slot_bounds(iv, anchor, map, current)->first) +
                      "; the partition " + std::to_string(premake) + " intervals after it would have bounds beyond " + range +
                      ", so maintenance could never create it (at most " + std::to_string(ok) + " intervals ahead fit)."
                : "Not even the current interval (the one holding " + map.to_display(now_units) + ") has bounds within " +
                      range + ".";
    std::string hint = ok >= 1 ? "Use premake => " + std::to_string(ok) + " or less, or a shorter partition_interval."
                               : "Use a shorter partition_interval.";
    throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                    "partition set " + shown + " cannot be maintained with partition_interval '" + core::describe(iv) +
                        "' and premake " + std::to_string(premake),
                    detail, hint + " Nothing was changed.");
}

bool on_grid(const core::Interval& iv, int64_t anchor, const ValueMap& map, int64_t units) {
    int64_t start = core::slot_start(iv, anchor, core::slot_of(iv, anchor, units));
    // A local midnight that DST skips maps to the instant PostgreSQL gives it (01:00): same bound.
    return start == units || map.same_instant(start, units);
}

SlotRange slots_of(const SetRuntime& rt, const PartitionInfo& p) {
    SlotRange r{0, 0, p.lo_open, p.hi_open};
    if (!p.lo_open) r.lo = core::slot_of(rt.interval, rt.anchor, p.lo);
    if (!p.hi_open) {
        r.hi = core::slot_of(rt.interval, rt.anchor, p.hi);
        if (!on_grid(rt.interval, rt.anchor, rt.map, p.hi)) ++r.hi;  // partly covered slot counts as covered
    }
    return r;
}

core::PlanInput plan_input(const SetRuntime& rt, int64_t now_units, int premake,
                           const std::optional<std::string>& retention) {
    core::PlanInput in;
    for (const PartitionInfo& p : rt.parent.partitions) {
        SlotRange r = slots_of(rt, p);
        in.existing.push_back(core::Coverage{r.lo, r.hi, r.lo_open, r.hi_open});
    }
    in.current = core::slot_of(rt.interval, rt.anchor, now_units);
    in.premake = premake;
    if (retention) {
        int64_t cutoff = rt.cfg.strategy == core::Strategy::integer ? now_units - parse_positive_int(*retention, "retention")
                                                      : rt.map.minus_interval(now_units, *retention);
        in.keep_from = core::slot_of(rt.interval, rt.anchor, cutoff);
    }
    return in;
}

int64_t adopt_anchor(const ParentInfo& info, const core::Interval& iv, const ValueMap& map) {
    const PartitionInfo* lowest = nullptr;
    for (const PartitionInfo& p : info.partitions)
        if (!p.lo_open && (!lowest || p.lo < lowest->lo)) lowest = &p;
    if (!lowest) return core::default_anchor(iv);
    if (iv.kind == core::Interval::Kind::Months) {
        core::Civil c = core::to_civil(lowest->lo);
        return core::from_civil(c.year, c.month, 1);
    }
    if (iv.kind == core::Interval::Kind::Micros && iv.step % core::kUsecPerDay == 0) {
        int64_t midnight = core::floor_div(lowest->lo, core::kUsecPerDay) * core::kUsecPerDay;
        if (map.same_instant(midnight, lowest->lo)) return midnight;
    }
    return lowest->lo;
}

void check_alignment(const ParentInfo& info, const core::Interval& iv, int64_t anchor, const ValueMap& map) {
    for (const PartitionInfo& p : info.partitions) {
        bool lo_ok = p.lo_open || on_grid(iv, anchor, map, p.lo);
        bool hi_ok = p.hi_open || on_grid(iv, anchor, map, p.hi);
        if (lo_ok && hi_ok) continue;
        std::string lo = p.lo_open ? bound_text(p, false, info.key_type_oid) : map.to_display(p.lo);
        std::string hi = p.hi_open ? bound_text(p, true, info.key_type_oid) : map.to_display(p.hi);
        throw UserError(ERRCODE_INVALID_PARAMETER_VALUE,
                        "existing partition " + p.name() + " is not aligned with partition_interval '" +
                            core::describe(iv) + "'",
                        "Its bounds are FROM (" + lo + ") TO (" + hi + "); bounds must fall on " + core::describe(iv) +
                            " boundaries counted from " + map.to_display(anchor) + " in the set's time zone.",
                        "Use the interval and time zone the existing partitions follow, or re-create that partition "
                        "with aligned bounds. Nothing was changed.");
    }
}

}  // namespace pg

}  // namespace pmx
