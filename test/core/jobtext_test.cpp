#include "core/jobtext.hpp"

#include <gtest/gtest.h>

namespace pmx {  // the project's one namespace (docs/architecture.md)

TEST(JsonQuote, EscapesSpecialCharacters) {
    EXPECT_EQ(core::json_quote("plain"), "\"plain\"");
    EXPECT_EQ(core::json_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(core::json_quote("line\nnext\ttab"), "\"line\\nnext\\ttab\"");
    EXPECT_EQ(core::json_quote(std::string("\x01", 1)), "\"\\u0001\"");
    EXPECT_EQ(core::json_quote("h\xc3\xa9"), "\"h\xc3\xa9\"");  // UTF-8 passes through
}

TEST(Abbreviate, CutsOnCharacterBoundary) {
    EXPECT_EQ(core::abbreviate("short", 10), "short");
    EXPECT_EQ(core::abbreviate("abcdefghij", 8), "abcde...");
    // "é" is two bytes; a cut inside it backs off to before it.
    std::string s = "abcd\xc3\xa9xyz";
    std::string c = core::abbreviate(s, 8);  // keeps at most 5 bytes, never half of é
    EXPECT_EQ(c, "abcd...");
}

}  // namespace pmx
