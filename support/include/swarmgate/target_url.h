#pragma once
// The address of the server under test, ws://host:port/path?query, and of the HTTP endpoints
// beside it (http://host:port/metrics).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace swarmgate {

struct TargetUrl {
  std::string scheme = "ws";  // ws or http
  std::string host;           // as written; IPv6 without brackets
  std::uint16_t port = 80;
  std::string resource = "/";    // path and query
  std::string ToString() const;  // scheme://host:port/resource
};

// Parses "ws://host[:port][/path][?query]". On failure returns nullopt and sets *error to a
// one-line reason that quotes the text. wss:// is refused (TLS is not supported yet).
std::optional<TargetUrl> ParseTargetUrl(std::string_view text, std::string* error);

// Parses "http://host[:port][/path][?query]" the same way (https:// is refused).
std::optional<TargetUrl> ParseHttpUrl(std::string_view text, std::string* error);

// True for "localhost", IPv4 literals in 127.0.0.0/8 and "::1". Host names other than
// localhost are not resolved (and so not loopback): load may go to loopback only.
bool IsLoopbackHost(std::string_view host);

}  // namespace swarmgate
