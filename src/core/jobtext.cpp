// Text helpers for the scheduler's job history (see jobtext.hpp).
#include "core/jobtext.hpp"

#include "core/naming.hpp"


namespace core {

namespace {
bool code_char(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }
bool word_char(char c) { return code_char(c) || (c >= 'a' && c <= 'z') || c == '_'; }
}  // namespace

std::string find_sqlstate(const std::string& m) {
    for (size_t i = 0; i + 5 <= m.size(); ++i) {
        if (i > 0 && word_char(m[i - 1])) continue;
        if (i + 5 < m.size() && word_char(m[i + 5])) continue;
        bool ok = true, digit = false;
        for (size_t k = i; k < i + 5; ++k) {
            ok = ok && code_char(m[k]);
            digit = digit || (m[k] >= '0' && m[k] <= '9');
        }
        if (ok && digit) return m.substr(i, 5);
    }
    return "";
}

std::string abbreviate(const std::string& s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    return clip_utf8(s, max_bytes >= 3 ? max_bytes - 3 : 0) + "...";
}

}  // namespace core
