// Text helpers for the scheduler's job history (see jobtext.hpp).
#include "core/jobtext.hpp"

#include "core/naming.hpp"

#include <cstdio>

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

std::string json_quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string abbreviate(const std::string& s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    return clip_utf8(s, max_bytes >= 3 ? max_bytes - 3 : 0) + "...";
}

}  // namespace core
