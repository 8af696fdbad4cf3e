#include "resolve_target.h"

#include "printable.h"

namespace swarmgate {

asio::ip::tcp::resolver::results_type ResolveTarget(asio::io_context& io, const TargetUrl& url,
                                                    std::string* error) {
  asio::ip::tcp::resolver resolver(io);
  std::error_code ec;
  auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec) {
    *error = "cannot resolve \"" + Printable(url.host, 60) + "\": " + ec.message();
    return {};
  }
  if (url.remote_allowed) return endpoints;
  for (const auto& entry : endpoints) {
    const auto address = entry.endpoint().address();
    if (!address.is_loopback()) {
      *error = "host \"" + Printable(url.host, 60) + "\" resolves to " + address.to_string() +
               ", not loopback (127.0.0.0/8, ::1); load goes to loopback only";
      return {};
    }
  }
  return endpoints;
}

}  // namespace swarmgate
