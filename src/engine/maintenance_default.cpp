// empty_default_partition's part of SetMaintainer (see maintainer.hpp): every row of the default
// partition moves into a partition of its own interval. Keys are visited in ascending order; a key
// that no partition can hold is reported with its SQLSTATE and the keys after it go on.
#include "engine/maintainer.hpp"

#include "pg/spi.hpp"

#include <limits>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

// The smallest value of the key type partman_ext creates partitions for.
int64_t lowest_value(KeyType t) {
    switch (t) {
        case KeyType::Int2: return std::numeric_limits<int16_t>::min();
        case KeyType::Int4: return std::numeric_limits<int32_t>::min();
        case KeyType::Int8: return std::numeric_limits<int64_t>::min();
        default: return core::kMinLocalTime + core::kUsecPerDay;  // see ValueMap::representable
    }
}

}  // namespace

std::optional<std::string> SetMaintainer::min_in_default(const std::string& def_name, const std::string& col,
                                                         const std::optional<std::string>& after, bool strict) {
    AsUser owner(rt_.parent.owner);
    std::string sql = "SELECT min(" + col + ") FROM ONLY " + def_name + " WHERE " + col + " IS NOT NULL";
    if (after) sql += " AND " + col + (strict ? " > " : " >= ") + *after;
    Rows r = query(sql, {}, true);
    return r.at(0, 0);
}

int64_t SetMaintainer::count_in_default(const std::string& def_name, const std::string& where) {
    AsUser owner(rt_.parent.owner);
    return query("SELECT count(*) FROM ONLY " + def_name + " WHERE " + where, {}, true).int8(0, 0);
}

void SetMaintainer::skip_keys(int64_t rows, const std::string& lower, const std::optional<std::string>& upper,
                              const std::string& sqlstate, const std::string& why) {
    const PartitionInfo& def = *rt_.parent.default_partition;
    ActionRow r = row("empty_default", qualified(def.schema(), def.name()));
    r.lower = lower;
    r.upper = upper;
    r.est_rows = rows;
    r.action = core::Action::skipped;
    r.success = false;
    r.sqlstate = sqlstate;
    r.message = sqlstate + ": " + std::to_string(rows) + " row(s) stay in the default partition: " + why;
    emit(r, kDefaultRows);
}

// Moves every row of the default partition into partitions of its own slot, creating them as
// needed (on demand only: this may create partitions outside premake and retention).
void SetMaintainer::empty_default() {
    if (!rt_.parent.default_partition) {
        ActionRow r = row("empty_default", "");
        r.action = core::Action::skipped;
        r.message = "the set has no default partition";
        r.success = true;
        emit(r, kDefaultRows);
        return;
    }
    const PartitionInfo& def = *rt_.parent.default_partition;
    const std::string def_name = qualified(def.schema(), def.name());
    const std::string col = ident(rt_.cfg.control);
    const std::string range_state = out_of_range_state();
    const std::string type = key_type_name(rt_.map.type());

    // Keys below the first slot whose bounds the key type holds can never be placed.
    std::optional<std::pair<int64_t, int64_t>> first_placeable;
    {
        int64_t s = core::slot_of(rt_.interval, rt_.anchor, lowest_value(rt_.map.type()));
        first_placeable = slot_bounds(s);
        if (!first_placeable && s < std::numeric_limits<int64_t>::max()) first_placeable = slot_bounds(s + 1);
    }

    std::optional<std::string> after;  // an SQL literal: keys >= it (> it when strict) are still to be placed
    bool strict = false;
    for (int guard = 0; guard < 100000; ++guard) {
        std::optional<std::string> key = min_in_default(def_name, col, after, strict);
        if (!key) break;
        const std::string key_lit = literal(*key);

        // The key in set units; an infinite or out-of-range value has none.
        // (In a subtransaction: the conversion's ERROR is rolled back like any step's.)
        std::optional<int64_t> units;
        std::optional<StepError> conversion = in_subtransaction([&] { units = rt_.map.units_from_text(*key); });
        if (!units) {
            std::string state = conversion ? conversion->sqlstate : range_state;
            std::string msg = conversion ? conversion->message : "value out of range";
            skip_keys(count_in_default(def_name, col + " = " + key_lit), *key, std::nullopt, state,
                      "no partition can hold the value " + *key + " (" + msg + ")");
            after = key_lit;
            strict = true;
            continue;
        }

        std::optional<int64_t> slot;
        try {
            slot = core::slot_of(rt_.interval, rt_.anchor, *units);
        } catch (const std::bad_alloc&) {
            throw;
        } catch (const std::exception&) {  // a calendar date beyond the range of the calendar
        }
        std::optional<std::pair<int64_t, int64_t>> b;
        if (slot) b = slot_bounds(*slot);

        if (b && core::is_covered(covered_, *slot)) {
            // A partition already covers (part of) this interval: a new one would overlap it.
            std::string hi = rt_.map.to_literal(b->second);
            skip_keys(count_in_default(def_name, col + " >= " + key_lit + " AND " + col + " < " + hi), *key,
                      display(b->second), "42P17",
                      "an existing partition already covers part of the interval from " + display(b->first) + " to " +
                          display(b->second) + ", so no partition of that whole interval can be created");
            after = hi;
            strict = false;
            continue;
        }
        if (b) {
            if (create(*slot, b->first, b->second) == Made::Deferred) {
                default_left_from_ = *key;
                outcome_.more_now = true;
                break;
            }
            after = rt_.map.to_literal(b->second);
            strict = false;
            continue;
        }
        if (first_placeable && *units < first_placeable->first) {
            // Below the first slot the key type holds: every key up to that slot is skipped at once.
            std::string upto = rt_.map.to_literal(first_placeable->first);
            skip_keys(count_in_default(def_name, col + " >= " + key_lit + " AND " + col + " < " + upto), *key,
                      display(first_placeable->first), range_state,
                      "their interval would start before the lowest bound of the key type " + type +
                          " partman_ext creates partitions for");
            after = upto;
            strict = false;
            continue;
        }
        // Above the last slot the key type holds: no key from here on can be placed.
        skip_keys(count_in_default(def_name, col + " >= " + key_lit), *key, std::nullopt, range_state,
                  "their interval would end beyond the highest bound of the key type " + type +
                      (rt_.cfg.strategy == core::Strategy::time ? std::string(" partman_ext creates partitions for (") + kTimeBoundRange + ")" : ""));
        break;
    }
    AsUser owner(rt_.parent.owner);
    Rows nulls = query("SELECT count(*) FROM ONLY " + def_name + " WHERE " + col + " IS NULL", {}, true);
    if (nulls.int8(0, 0) > 0) {
        ActionRow r = row("empty_default", def_name);
        r.action = core::Action::skipped;
        r.est_rows = nulls.int8(0, 0);
        r.message = std::to_string(nulls.int8(0, 0)) +
                    " rows with a NULL control value stay in the default partition (no range partition accepts NULL)";
        emit(r, kDefaultRows);
    }
}

}  // namespace pg

}  // namespace pmx
