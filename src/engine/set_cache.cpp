// Per-transaction cache of typed part_config rows (see set_cache.hpp).
#include "engine/set_cache.hpp"

extern "C" {
#include "storage/proc.h"
}

#include <unordered_map>

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace pg {

namespace {

struct Cache {
    LocalTransactionId lxid = InvalidLocalTransactionId;
    std::unordered_map<std::string, SetConfig> sets;
};

Cache& cache() {
    static Cache c;
    return c;
}

}  // namespace

SetConfig typed_set(const std::string& version, const std::function<SetConfig()>& parse) {
    Cache& c = cache();
    // MyProc->lxid: this backend's transaction (a plain field; a new value for every top-level
    // transaction, InvalidLocalTransactionId outside one).
    const LocalTransactionId lxid = MyProc ? MyProc->lxid : InvalidLocalTransactionId;
    if (c.lxid != lxid) {
        c.sets.clear();
        c.lxid = lxid;
    }
    if (lxid == InvalidLocalTransactionId) return parse();
    auto it = c.sets.find(version);
    if (it != c.sets.end()) return it->second;
    return c.sets.emplace(version, parse()).first->second;  // parse() throws: nothing stored
}

}  // namespace pg

}  // namespace pmx
