#include "source_address.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace swarmgate {
namespace {

using asio::ip::make_address;
using asio::ip::tcp;

tcp::resolver::results_type Resolved(const std::vector<std::string>& addresses) {
  std::vector<tcp::endpoint> endpoints;
  for (const std::string& a : addresses) endpoints.emplace_back(make_address(a), 9000);
  return tcp::resolver::results_type::create(endpoints.begin(), endpoints.end(), "localhost",
                                             "9000");
}

// A name may resolve to ::1 first: an IPv4 source goes to the target's IPv4 address.
TEST(SourceAddressCycle, EachSourceGoesToTheTargetsAddressOfItsFamily) {
  SourceAddressCycle cycle;
  std::string error;
  ASSERT_TRUE(cycle.Set({"127.0.9.1", "::1", "127.0.9.2"}, Resolved({"::1", "127.0.0.1"}), &error))
      << error;
  const std::vector<std::pair<std::string, std::string>> expected = {{"127.0.9.1", "127.0.0.1"},
                                                                     {"::1", "::1"},
                                                                     {"127.0.9.2", "127.0.0.1"},
                                                                     {"127.0.9.1", "127.0.0.1"}};
  for (const auto& [from, to] : expected) {
    const SourceAddressCycle::Route& route = cycle.Next();
    EXPECT_EQ(route.from.to_string(), from);
    EXPECT_EQ(route.to.address().to_string(), to);
    EXPECT_EQ(route.to.port(), 9000);
  }
}

TEST(SourceAddressCycle, RefusesASourceNoTargetAddressCanBeReachedFrom) {
  SourceAddressCycle cycle;
  std::string error;
  EXPECT_FALSE(cycle.Set({"127.0.9.1"}, Resolved({"::1"}), &error));
  EXPECT_EQ(error,
            "source address 127.0.9.1 is IPv4 but the target resolves to IPv6 addresses only");
  EXPECT_FALSE(cycle.Set({"::1"}, Resolved({"127.0.0.1"}), &error));
  EXPECT_EQ(error, "source address ::1 is IPv6 but the target resolves to IPv4 addresses only");
  EXPECT_FALSE(cycle.Set({"localhost"}, Resolved({"127.0.0.1"}), &error));
  EXPECT_EQ(error, "source address \"localhost\" is not an IP address");
}

}  // namespace
}  // namespace swarmgate
