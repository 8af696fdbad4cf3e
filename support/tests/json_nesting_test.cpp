// The nesting bound that keeps recursive JSON code off text from servers and files.
#include "json_nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace swarmgate {
namespace {

constexpr auto npos = std::string_view::npos;

TEST(JsonNesting, FlatAndModestTextPasses) {
  EXPECT_EQ(JsonTooDeepAt(""), npos);
  EXPECT_EQ(JsonTooDeepAt(R"({"type":"msg","data":{"text":"hi","history":[{"t":1}]}})"), npos);
  EXPECT_EQ(JsonTooDeepAt(std::string(64, '[') + std::string(64, ']')), npos);
}

TEST(JsonNesting, TheFirstBracketPastTheBoundIsNamed) {
  EXPECT_EQ(JsonTooDeepAt(std::string(65, '[')), 64u);
  EXPECT_EQ(JsonTooDeepAt(std::string(200000, '[')), 64u);
  EXPECT_EQ(JsonTooDeepAt(R"({"a":{"b":[1]}})", 2), 10u);
}

TEST(JsonNesting, LevelsCloseAgain) {
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "[[[]]],";
  EXPECT_EQ(JsonTooDeepAt("[" + many + "1]", 4), npos);
}

TEST(JsonNesting, BracketsInsideStringsDoNotCount) {
  const std::string text = "{\"t\":\"" + std::string(1000, '[') + "\\\"[[[\"}";
  EXPECT_EQ(JsonTooDeepAt(text, 1), npos);
  // An escaped backslash ends the escape: the quote after it closes the string.
  EXPECT_EQ(JsonTooDeepAt(R"(["\\",[[]])", 2), 7u);
}

TEST(JsonNesting, TruncatedAndStrayTextIsLeftToTheParser) {
  EXPECT_EQ(JsonTooDeepAt("]]]}}}[", 1), npos);
  EXPECT_EQ(JsonTooDeepAt("\"unterminated [[[[", 1), npos);
  EXPECT_EQ(JsonTooDeepAt("[\"\\", 1), npos);  // an escape at the very end
}

}  // namespace
}  // namespace swarmgate
