#pragma once
// The address of the server under test, ws://host:port/path?query, and of the HTTP endpoints
// beside it (http://host:port/metrics), and the rule that load goes to loopback only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swarmgate {

struct TargetUrl {
  std::string scheme = "ws";  // ws or http, or over TLS: wss or https
  std::string host;           // as written; IPv6 without brackets
  std::uint16_t port = 80;
  std::string resource = "/";  // path and query
  // The user opted in to addresses off loopback (SWARMGATE_ALLOW_REMOTE=1). Unset, clients
  // refuse to connect anywhere the host resolves to off loopback.
  bool remote_allowed = false;
  // wss and https: verify the server's certificate (against tls_ca_file when set, else the
  // system's store) and that it names host. Off only by the user's explicit opt-out.
  bool tls_verify = true;
  std::string tls_ca_file;
  // Loopback addresses the connections come from, each in turn (IP literals); empty: the
  // kernel's choice. Past 28,232 connections to one server port, more than one is needed.
  std::vector<std::string> source_addresses;
  bool tls() const { return scheme == "wss" || scheme == "https"; }
  std::string ToString() const;  // scheme://host:port/resource
};

// Longer URLs are refused (and quoted shortened): no server address needs more.
inline constexpr std::size_t kMaxUrlBytes = 4096;

// Parses "ws://host[:port][/path][?query]" or "wss://..." (TLS; port 443 by default). On
// failure returns nullopt and sets *error to a one-line reason that quotes the text
// (shortened). The host is a name, an IPv4 literal or a bracketed IPv6 literal.
std::optional<TargetUrl> ParseTargetUrl(std::string_view text, std::string* error);

// Parses "http://host[:port][/path][?query]" or "https://..." the same way.
std::optional<TargetUrl> ParseHttpUrl(std::string_view text, std::string* error);

// Either of the two, by its scheme: a server spoken to over WebSocket or over HTTP.
std::optional<TargetUrl> ParseServerUrl(std::string_view text, std::string* error);

// Why load may not go to `host`: empty when every address it resolves to (a literal is its
// own) is loopback (127.0.0.0/8, ::1), else a one-line reason naming the first address that
// is not, or that the name does not resolve.
std::string NotLoopbackReason(const std::string& host);

// Source addresses as the command line gives them: "127.0.1.1,127.0.1.2", or a range of the
// last IPv4 byte, "127.0.1.1-127.0.1.8"; each loopback. nullopt with *error naming the part.
std::optional<std::vector<std::string>> ParseSourceAddresses(std::string_view text,
                                                             std::string* error);

// Whether an address, as text (inet_ntop), is loopback: 127.0.0.0/8 or ::1.
bool IsLoopbackAddress(std::string_view address);

// Connections one source address carries to one server port before its connect cost climbs:
// the kernel's search for a free ephemeral port grows with the ports in use (a cliff past
// about 14,000 here), so a swarm spreads its connections over more loopback addresses.
constexpr int kConnectionsPerSourceAddress = 10'000;

// Whether the swarm's connections to `host` go to IPv4 loopback: a literal in 127.0.0.0/8, or
// a name whose first address (the one connected to) is; localhost may be ::1 or 127.0.0.1.
bool ConnectsToIpv4Loopback(const std::string& host);

// The source addresses that keep `connections` to an IPv4 loopback host
// (ConnectsToIpv4Loopback) under that share: 127.0.0.1, 127.0.0.2, ...; empty when one address
// is enough or the host is not IPv4 loopback (::1 has no neighbours).
std::vector<std::string> SpreadSourceAddresses(const std::string& host, std::int64_t connections);

}  // namespace swarmgate
