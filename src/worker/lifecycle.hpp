// What DROP EXTENSION partman_ext leaves behind: nothing of its own (docs/scheduler.md, "Removing
// the extension"). The schema and every object of the install script go with the extension; the
// scheduler leaves the database at commit (shared.cpp); this file removes the role.
#pragma once

namespace pmx::worker {

// Called by the utility hook right after DROP EXTENSION partman_ext ran (same transaction):
// drops the role partman_ext_admin when CREATE EXTENSION created it (its comment says so), no
// role is a member of it and nothing in any database depends on it (the extension installed in
// another database grants it privileges there). A role with members is kept, with a NOTICE.
void extension_dropped();

}  // namespace pmx::worker
