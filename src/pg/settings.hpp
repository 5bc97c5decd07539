// partman_ext GUCs (documented in docs/reference.md).
#pragma once

namespace pmx {

// partman_ext.lock_timeout: default lock_timeout (ms) for sets that name none.
extern int default_lock_timeout_ms;

// Defines every partman_ext.* setting; called once from _PG_init.
void define_settings();

}  // namespace pmx
