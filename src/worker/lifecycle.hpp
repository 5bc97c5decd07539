// What DROP EXTENSION partman_ext leaves behind: nothing of its own (docs/scheduler.md, "Removing
// the extension"). Every object of the install script goes with the extension; the scheduler
// leaves the database at commit (shared.cpp); this file removes the schema (PostgreSQL keeps the
// schema CREATE EXTENSION made for the extension) and the role.
#pragma once

namespace pmx {  // the project's one namespace (docs/architecture.md)

namespace worker {

// Called by the utility hook right after DROP EXTENSION partman_ext ran (same transaction):
// drops the schema partman_ext when it is marked as the extension's (its comment) and empty (else
// a NOTICE says why it stays), and drops the role partman_ext_admin when CREATE EXTENSION created it (its comment says so), no
// role is a member of it and nothing in any database depends on it (the extension installed in
// another database grants it privileges there). A role with members is kept, with a NOTICE.
void extension_dropped();

}  // namespace pmx::worker

}  // namespace pmx
