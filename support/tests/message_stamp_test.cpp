#include "swarmgate/message_stamp.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(MessageStamp, RoundTripsAndPadsToPayloadSize) {
  std::string text;
  WriteStampedText({42, 7, 1'234'567'890'123LL, 1'234'567'890'456LL}, 128, &text);
  EXPECT_EQ(text.size(), 128u);
  EXPECT_EQ(text.rfind("sg1:42:7:1234567890123:1234567890456:", 0), 0u);
  MessageStamp s;
  ASSERT_TRUE(ReadStamp(text, &s));
  EXPECT_EQ(s.sender, 42u);
  EXPECT_EQ(s.sequence, 7u);
  EXPECT_EQ(s.intended_us, 1'234'567'890'123LL);
  EXPECT_EQ(s.sent_us, 1'234'567'890'456LL);
}

TEST(MessageStamp, StampLongerThanPayloadIsKeptWhole) {
  std::string text;
  WriteStampedText({1, 2, 3, 4}, 4, &text);
  EXPECT_EQ(text, "sg1:1:2:3:4:");
}

TEST(MessageStamp, RejectsTextsWithoutAValidStamp) {
  MessageStamp s;
  EXPECT_FALSE(ReadStamp("hello", &s));
  EXPECT_FALSE(ReadStamp("sg1:1:2", &s));
  EXPECT_FALSE(ReadStamp("sg1:1:2:3:", &s));  // no actual send time
  EXPECT_FALSE(ReadStamp("sg1:x:2:3:4:", &s));
  EXPECT_FALSE(ReadStamp("sg1:-1:2:3:4:", &s));
  EXPECT_FALSE(ReadStamp("", &s));
}

}  // namespace
}  // namespace swarmgate
