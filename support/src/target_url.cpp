#include "swarmgate/target_url.h"

#include <arpa/inet.h>

#include <charconv>

namespace swarmgate {

std::string TargetUrl::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + resource;
}

namespace {

// scheme is "ws" or "http"; its TLS variant (wss, https) is refused with a pointer to it.
std::optional<TargetUrl> ParseUrl(std::string_view text, const std::string& scheme,
                                  std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "URL \"" + std::string(text) + "\": " + why;
    return std::nullopt;
  };
  const std::string prefix = scheme + "://";
  const std::string tls_prefix = scheme + "s://";
  if (text.substr(0, tls_prefix.size()) == tls_prefix) {
    return fail(tls_prefix + " (TLS) is not supported yet; use " + prefix);
  }
  if (text.substr(0, prefix.size()) != prefix) {
    return fail("expected " + prefix + "host:port/path");
  }
  std::string_view rest = text.substr(prefix.size());
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  TargetUrl url;
  url.scheme = scheme;
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
  for (char c : url.resource) {
    if (static_cast<unsigned char>(c) <= ' ')
      return fail("whitespace or control character in path");
  }
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return fail("bad port \"" + std::string(port_text) + "\"");
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

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4{};
  const std::string h(host);
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  return false;
}

}  // namespace swarmgate
