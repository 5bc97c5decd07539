// Text helpers for the scheduler's job history (see jobtext.hpp).
#include "core/jobtext.hpp"

#include "core/naming.hpp"

namespace pmx {  // the project's one namespace (docs/architecture.md)


namespace core {

std::string abbreviate(const std::string& s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    return clip_utf8(s, max_bytes >= 3 ? max_bytes - 3 : 0) + "...";
}

}  // namespace core

}  // namespace pmx
