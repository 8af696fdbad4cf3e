#include "swarmgate/target_url.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "printable.h"
#include "swarmgate/secrets.h"

namespace swarmgate {

std::string TargetUrl::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + resource;
}

namespace {

// A host name (RFC 1123 letters, digits, '-', '.'; '_' as some internal names use) or an
// IPv4 literal; anything else (a second ':', '%', spaces) is a malformed URL, not a host.
bool IsHostName(std::string_view host) {
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return !host.empty();
}

// scheme is "ws" or "http"; its TLS variant ("wss", "https") is accepted too, on port 443
// unless the URL names another.
std::optional<TargetUrl> ParseUrl(std::string_view text, const std::string& scheme,
                                  std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "URL \"" + Printable(RedactQuery(text), 120) + "\": " + why;  // no token shown
    return std::nullopt;
  };
  if (text.size() > kMaxUrlBytes) {
    return fail("longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  }
  const std::string prefix = scheme + "://";
  const std::string tls_prefix = scheme + "s://";
  const bool tls = text.substr(0, tls_prefix.size()) == tls_prefix;
  if (!tls && text.substr(0, prefix.size()) != prefix) {
    return fail("expected " + prefix + "host:port/path or " + tls_prefix + "host:port/path");
  }
  std::string_view rest = text.substr((tls ? tls_prefix : prefix).size());
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  TargetUrl url;
  url.scheme = tls ? scheme + "s" : scheme;
  if (tls) url.port = 443;
  if (slash != std::string_view::npos) {
    url.resource = std::string(rest.substr(slash));
    if (url.resource[0] == '?') url.resource.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) return fail("user info is not supported");

  std::string_view port_text;
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated [IPv6] host");
    url.host = std::string(authority.substr(1, close - 1));
    in6_addr v6{};
    if (inet_pton(AF_INET6, url.host.c_str(), &v6) != 1) {
      return fail("\"" + Printable(url.host, 60) + "\" in [] is not an IPv6 address");
    }
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return fail("expected :port after ]");
      port_text = after.substr(1);
      if (port_text.empty()) return fail("empty port");
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail("empty port");
    }
  }
  if (url.host.empty()) return fail("missing host");
  if (authority[0] != '[' && !IsHostName(url.host)) {
    return fail("bad host \"" + Printable(url.host, 60) + "\" (a name, an IPv4 address or [IPv6])");
  }
  for (char c : url.resource) {
    if (static_cast<unsigned char>(c) <= ' ')
      return fail("whitespace or control character in path");
  }
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return fail("bad port \"" + Printable(port_text, 20) + "\"");
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  return url;
}

}  // namespace

std::optional<TargetUrl> ParseTargetUrl(std::string_view text, std::string* error) {
  return ParseUrl(text, "ws", error);
}

std::optional<TargetUrl> ParseHttpUrl(std::string_view text, std::string* error) {
  return ParseUrl(text, "http", error);
}

std::optional<TargetUrl> ParseServerUrl(std::string_view text, std::string* error) {
  const bool http = text.substr(0, 7) == "http://" || text.substr(0, 8) == "https://";
  return http ? ParseHttpUrl(text, error) : ParseTargetUrl(text, error);
}

std::optional<std::vector<std::string>> ParseSourceAddresses(std::string_view text,
                                                             std::string* error) {
  constexpr std::size_t kMaxAddresses = 4096;
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part(text.substr(start, comma - start));
    start = comma + 1;
    const std::size_t dash = part.find('-');
    const std::string first = part.substr(0, dash);
    in_addr a{}, b{};
    if (inet_pton(AF_INET, first.c_str(), &a) != 1 &&
        (dash != std::string::npos || !IsLoopbackAddress(first))) {
      *error =
          "\"" + part + "\" is not an address (give 127.0.1.1,127.0.1.2 or 127.0.1.1-127.0.1.8)";
      return std::nullopt;
    }
    if (!IsLoopbackAddress(first)) {
      *error = "\"" + first + "\" is not a loopback address (127.0.0.0/8 or ::1)";
      return std::nullopt;
    }
    if (dash == std::string::npos) {
      out.push_back(first);
    } else {
      const std::string last = part.substr(dash + 1);
      if (inet_pton(AF_INET, last.c_str(), &b) != 1 ||
          (ntohl(a.s_addr) >> 8) != (ntohl(b.s_addr) >> 8) || ntohl(b.s_addr) < ntohl(a.s_addr)) {
        *error =
            "\"" + part + "\": a range runs over the last byte, low to high (127.0.1.1-127.0.1.8)";
        return std::nullopt;
      }
      for (std::uint32_t v = ntohl(a.s_addr); v <= ntohl(b.s_addr); ++v) {
        in_addr x{};
        x.s_addr = htonl(v);
        char buf[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &x, buf, sizeof buf);
        out.emplace_back(buf);
      }
    }
    if (out.size() > kMaxAddresses) {
      *error = "more than " + std::to_string(kMaxAddresses) + " source addresses";
      return std::nullopt;
    }
  }
  return out;
}

bool IsLoopbackAddress(std::string_view address) {
  const std::string a(address);
  in_addr v4{};
  if (inet_pton(AF_INET, a.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, a.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

namespace {

// The addresses `host` resolves to, in order, as text ("" for a family that is neither IPv4
// nor IPv6), asked for as Asio's resolver asks (any family, stream sockets); a literal is its
// own. *rc: getaddrinfo's result, non-zero when the name does not resolve.
std::vector<std::string> ResolvedAddresses(const std::string& host, int* rc) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  addrinfo* found = nullptr;
  std::vector<std::string> addresses;
  if ((*rc = getaddrinfo(host.c_str(), nullptr, &hints, &found)) != 0) return addresses;
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
  for (const addrinfo* a = found; a; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw =
        a->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    addresses.emplace_back(inet_ntop(a->ai_family, raw, text, sizeof text) ? text : "");
  }
  return addresses;
}

}  // namespace

std::string NotLoopbackReason(const std::string& host) {
  int rc = 0;
  for (const std::string& text : ResolvedAddresses(host, &rc)) {
    if (!IsLoopbackAddress(text)) {
      const std::string address = text.empty() ? "an address of another family" : text;
      return host == address ? "host " + address + " is not loopback (127.0.0.0/8, ::1)"
                             : "host \"" + host + "\" resolves to " + address +
                                   ", not loopback (127.0.0.0/8, ::1)";
    }
  }
  if (rc != 0) {
    return "host \"" + Printable(host, 60) + "\" does not resolve (" + gai_strerror(rc) + ")";
  }
  return "";
}

bool ConnectsToIpv4Loopback(const std::string& host) {
  // The first address is the one a client connects to.
  int rc = 0;
  const std::vector<std::string> addresses = ResolvedAddresses(host, &rc);
  return !addresses.empty() && addresses.front().find(':') == std::string::npos &&
         IsLoopbackAddress(addresses.front());
}

std::vector<std::string> SpreadSourceAddresses(const std::string& host, std::int64_t connections) {
  std::vector<std::string> addresses;
  if (connections <= kConnectionsPerSourceAddress || !ConnectsToIpv4Loopback(host)) {
    return addresses;
  }
  const std::int64_t count =
      (connections + kConnectionsPerSourceAddress - 1) / kConnectionsPerSourceAddress;
  for (std::int64_t i = 1; i <= count && i < 255; ++i) {
    addresses.push_back("127.0.0." + std::to_string(i));
  }
  return addresses;
}

}  // namespace swarmgate
