#include "printable.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(Printable, KeepsTheBytesAsReceivedInValidUtf8) {
  EXPECT_EQ(Printable(R"({"type":"x","q":"a \"b\""})", 100), R"({"type":"x","q":"a \"b\""})");
  EXPECT_EQ(Printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 100),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(Printable(std::string("a\nb\r\tc\0d\x7f", 9), 100), "a\\nb\\r\\tc\\0d\\x7f");
  // Bytes that are not UTF-8: lone continuation, overlong, surrogate, truncated, past U+10FFFF.
  EXPECT_EQ(Printable("\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82|\xf5\x80\x80\x80", 100),
            "\\x80|\\xc0\\xaf|\\xed\\xa0\\x80|\\xe2\\x82|\\xf5\\x80\\x80\\x80");
}

TEST(Printable, CutsOnACharacterBoundaryAndIsIdempotent) {
  EXPECT_EQ(Printable("abcd\xc3\xa9xyz", 5), "abcd\xc3\xa9...");
  EXPECT_EQ(Printable(std::string(300, 'z'), 10), "zzzzzzzzzz...");
  const std::string once = Printable("bad \xff\x01 line\n", 100);
  EXPECT_EQ(Printable(once, 100), once);
}

}  // namespace
}  // namespace swarmgate
