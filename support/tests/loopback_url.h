#pragma once
// The URL of a test's own server on loopback.

#include <cstdint>

#include "swarmgate/target_url.h"

namespace swarmgate {

inline TargetUrl LoopbackUrl(const char* scheme, std::uint16_t port, const char* resource) {
  TargetUrl url;
  url.scheme = scheme;
  url.host = "127.0.0.1";
  url.port = port;
  url.resource = resource;
  return url;
}

}  // namespace swarmgate
