#pragma once
// A blocking HTTP GET with a deadline, for the few requests the suite makes beside its load:
// scraping a server's Prometheus endpoint once a second, asking a server for its health.

#include <optional>
#include <string>

#include "swarmgate/target_url.h"

namespace swarmgate {

// Fetches url (http:// or https://) over a fresh connection of the swarm's own HTTP client.
// Returns the body of a 200 answer; otherwise nullopt with *error set to one line naming the
// URL (refused, timed out, HTTP 404, oversized answer, ...).
std::optional<std::string> HttpGet(const TargetUrl& url, double timeout_s, std::string* error);

}  // namespace swarmgate
