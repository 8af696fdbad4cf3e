#include "swarmgate/target_url.h"

#include <gtest/gtest.h>

#include <asio/io_context.hpp>

#include "resolve_target.h"

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

TEST(TargetUrl, TlsSchemesDefaultToPort443) {
  std::string error;
  auto url = ParseTargetUrl("wss://chat.example/ws", &error);
  ASSERT_TRUE(url) << error;
  EXPECT_TRUE(url->tls());
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->ToString(), "wss://chat.example:443/ws");
  url = ParseServerUrl("https://[::1]:8443/api", &error);
  ASSERT_TRUE(url) << error;
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->port, 8443);
  EXPECT_FALSE(ParseServerUrl("ws://127.0.0.1/", &error)->tls());
}

TEST(TargetUrl, RejectsMalformedWithAOneLineReasonQuotingTheText) {
  for (const char* bad : {"", "http://127.0.0.1/", "127.0.0.1:80", "ws://", "ws://:80/",
                          "ws://host:/", "ws://host:0/", "ws://host:70000/", "ws://host:8x/",
                          "ws://[::1/", "ws://u@host/", "ws://host/a b", "wss:/127.0.0.1/",
                          "ws://127.0.0.1:80:80/", "ws://[zz]:80/", "ws://ho%st/"}) {
    std::string error;
    EXPECT_FALSE(ParseTargetUrl(bad, &error)) << bad;
    EXPECT_NE(error.find(std::string("\"") + bad + "\""), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
}

TEST(TargetUrl, LoopbackIsOnly127SlashEightAndV6Loopback) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("127.3.2.1"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_FALSE(IsLoopbackAddress("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackAddress("::ffff:10.0.0.1"));
  EXPECT_FALSE(IsLoopbackAddress("::2"));
  EXPECT_FALSE(IsLoopbackAddress("localhost"));  // a name, not an address
}

// Names are judged by what they resolve to (localhost from /etc/hosts; literals are their
// own address; nothing here asks a DNS server).
TEST(TargetUrl, AHostIsLoopbackWhenEveryAddressItResolvesToIs) {
  EXPECT_EQ(NotLoopbackReason("localhost"), "");
  EXPECT_EQ(NotLoopbackReason("127.0.0.1"), "");
  EXPECT_EQ(NotLoopbackReason("::1"), "");
  EXPECT_EQ(NotLoopbackReason("2130706433"), "");  // 127.0.0.1 written as one number
  EXPECT_EQ(NotLoopbackReason("10.0.0.1"), "host 10.0.0.1 is not loopback (127.0.0.0/8, ::1)");
  EXPECT_EQ(NotLoopbackReason("0.0.0.0"), "host 0.0.0.0 is not loopback (127.0.0.0/8, ::1)");
  EXPECT_EQ(NotLoopbackReason("167772161"),  // 10.0.0.1 as one number
            "host \"167772161\" resolves to 10.0.0.1, not loopback (127.0.0.0/8, ::1)");
}

// The check at the socket: a client never connects off loopback unless the URL allows it.
TEST(TargetUrl, ClientsRefuseAddressesOffLoopbackBeforeConnecting) {
  asio::io_context io;
  TargetUrl url;
  url.host = "10.0.0.1";
  url.port = 9;
  std::string error;
  EXPECT_TRUE(ResolveTarget(io, url, &error).empty());
  EXPECT_EQ(error,
            "host \"10.0.0.1\" resolves to 10.0.0.1, not loopback (127.0.0.0/8, ::1); load goes "
            "to loopback only");
  url.remote_allowed = true;
  error.clear();
  EXPECT_FALSE(ResolveTarget(io, url, &error).empty()) << error;
  url.host = "127.0.0.1";
  url.remote_allowed = false;
  EXPECT_FALSE(ResolveTarget(io, url, &error).empty());
}

}  // namespace
}  // namespace swarmgate

namespace swarmgate {
namespace {

// One process with more connections than one address carries well spreads them itself.
TEST(SourceAddresses, ManyConnectionsToIpv4LoopbackSpreadOverAddresses) {
  EXPECT_TRUE(SpreadSourceAddresses("127.0.0.1", kConnectionsPerSourceAddress).empty());
  EXPECT_EQ(SpreadSourceAddresses("127.0.0.1", 18'000),
            (std::vector<std::string>{"127.0.0.1", "127.0.0.2"}));
  EXPECT_EQ(SpreadSourceAddresses("127.0.0.1", 30'001).size(), 4u);
  EXPECT_TRUE(SpreadSourceAddresses("::1", 50'000).empty());  // ::1 has no neighbours
  EXPECT_TRUE(SpreadSourceAddresses("10.1.2.3", 50'000).empty());
}

// A name spreads as the address the client connects to does: its first, as Asio resolves it.
TEST(SourceAddresses, ANameSpreadsAsTheAddressItConnectsTo) {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  std::error_code ec;
  const auto endpoints = resolver.resolve("localhost", "80", ec);
  ASSERT_FALSE(ec) << ec.message();
  const asio::ip::address first = endpoints.begin()->endpoint().address();
  EXPECT_EQ(ConnectsToIpv4Loopback("localhost"), first.is_v4() && first.is_loopback());
  if (first.is_v4()) {
    EXPECT_EQ(SpreadSourceAddresses("localhost", 25'000),
              (std::vector<std::string>{"127.0.0.1", "127.0.0.2", "127.0.0.3"}));
  } else {
    EXPECT_TRUE(SpreadSourceAddresses("localhost", 25'000).empty());
  }
  EXPECT_TRUE(ConnectsToIpv4Loopback("127.3.2.1"));
  EXPECT_FALSE(ConnectsToIpv4Loopback("::1"));
  EXPECT_FALSE(ConnectsToIpv4Loopback("10.1.2.3"));
}

TEST(SourceAddresses, ListsAndRangesOfLoopbackAddresses) {
  std::string error;
  EXPECT_EQ(*ParseSourceAddresses("127.0.1.1,127.0.2.1,::1", &error),
            (std::vector<std::string>{"127.0.1.1", "127.0.2.1", "::1"}));
  EXPECT_EQ(*ParseSourceAddresses("127.0.1.254-127.0.1.255", &error),
            (std::vector<std::string>{"127.0.1.254", "127.0.1.255"}));
  EXPECT_FALSE(ParseSourceAddresses("10.0.0.1", &error));
  EXPECT_EQ(error, "\"10.0.0.1\" is not a loopback address (127.0.0.0/8 or ::1)");
  EXPECT_FALSE(ParseSourceAddresses("127.0.1.9-127.0.1.2", &error));
  EXPECT_EQ(error,
            "\"127.0.1.9-127.0.1.2\": a range runs over the last byte, low to high "
            "(127.0.1.1-127.0.1.8)");
  EXPECT_FALSE(ParseSourceAddresses("127.0.1.1-127.0.2.1", &error));
  EXPECT_FALSE(ParseSourceAddresses("127.0.1.1,", &error));
  EXPECT_FALSE(ParseSourceAddresses("localhost", &error));
  EXPECT_EQ(error,
            "\"localhost\" is not an address (give 127.0.1.1,127.0.1.2 or "
            "127.0.1.1-127.0.1.8)");
}

}  // namespace
}  // namespace swarmgate
