#include "swarmgate/target_url.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(TargetUrl, ParsesHostPortAndResource) {
  std::string error;
  auto url = ParseTargetUrl("ws://127.0.0.1:8080/ws?room=1", &error);
  ASSERT_TRUE(url) << error;
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->resource, "/ws?room=1");
  EXPECT_EQ(url->ToString(), "ws://127.0.0.1:8080/ws?room=1");

  url = ParseTargetUrl("ws://localhost", &error);
  ASSERT_TRUE(url);
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->resource, "/");

  url = ParseTargetUrl("ws://[::1]:9000/socket", &error);
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->ToString(), "ws://[::1]:9000/socket");
}

TEST(TargetUrl, RejectsMalformedWithAOneLineReasonQuotingTheText) {
  for (const char* bad : {"", "http://127.0.0.1/", "127.0.0.1:80", "ws://", "ws://:80/",
                          "ws://host:/", "ws://host:0/", "ws://host:70000/", "ws://host:8x/",
                          "ws://[::1/", "ws://u@host/", "ws://host/a b", "wss://127.0.0.1/"}) {
    std::string error;
    EXPECT_FALSE(ParseTargetUrl(bad, &error)) << bad;
    EXPECT_NE(error.find(std::string("\"") + bad + "\""), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
}

TEST(TargetUrl, LoopbackIsOnly127SlashEightLocalhostAndV6Loopback) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.3.2.1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_FALSE(IsLoopbackHost("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("example.com"));
  EXPECT_FALSE(IsLoopbackHost("127.0.0.1.example.com"));
  EXPECT_FALSE(IsLoopbackHost("::2"));
}

}  // namespace
}  // namespace swarmgate
