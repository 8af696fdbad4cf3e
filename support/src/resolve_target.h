#pragma once
// The addresses a client connects to: the target's host resolved once, and every address
// off loopback refused unless the user opted in (TargetUrl::remote_allowed). The run checks
// the same before it starts (ReadSettings); this is the check at the socket, so that no code
// path can connect elsewhere.

#include <asio/ip/tcp.hpp>
#include <string>

#include "swarmgate/target_url.h"

namespace swarmgate {

// The endpoints of url (empty, with *error set to one line naming the host, on failure).
asio::ip::tcp::resolver::results_type ResolveTarget(asio::io_context& io, const TargetUrl& url,
                                                    std::string* error);

}  // namespace swarmgate
