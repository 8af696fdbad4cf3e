#include "client.h"

#include "http_client.h"
#include "swarmgate/target_url.h"
#include "ws_client.h"

namespace swarmgate {

WireTransport TransportOf(const TargetUrl& target) {
  const bool http = target.scheme == "http" || target.scheme == "https";
  return http ? WireTransport::kHttp : WireTransport::kWebSocket;
}

std::unique_ptr<Client> MakeClient(WireTransport transport, asio::io_context* io,
                                   const TargetUrl& target, std::size_t max_frame_bytes,
                                   const Client::Headers& headers) {
  if (transport == WireTransport::kHttp) {
    return std::make_unique<HttpClient>(io, target, max_frame_bytes, headers);
  }
  return std::make_unique<WsClient>(io, target, max_frame_bytes, headers);
}

}  // namespace swarmgate
