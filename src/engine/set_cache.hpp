// The typed configuration of the partition sets read in this transaction (see load_set): one
// entry per part_config row version, so a row is parsed (enums, interval, anchor) once per
// transaction however often it is read, and a changed row is a new entry.
#pragma once

#include "engine/sets.hpp"

#include <functional>
#include <string>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

// The configuration stored under `version` in this transaction, or parse() stored there now (a copy).
// `version` names one row version as this session sees it: part_config's oid, the row's xmin and
// ctid (a new version on every UPDATE, also within one transaction) and parent_table::text (which
// a rename or the search_path changes without a new version). The cache is emptied when the
// next transaction first uses it; outside a transaction nothing is kept.
SetConfig typed_set(const std::string& version, const std::function<SetConfig()>& parse);

}  // namespace pg

}  // namespace pmx
