#pragma once
// A WebSocket client for one swarm thread, written on standalone Asio for a small footprint
// per held connection: no read buffer of its own (an idle connection waits for readiness and
// reads into the thread's shared buffer), no kept handshake, no timer per connection (one
// queue holds the handshakes' deadlines). Single-threaded: no strands, no locks. Answers
// pings; TCP_NODELAY.

#include <memory>
#include <string>
#include <string_view>

#include "client.h"
#include "swarmgate/target_url.h"

namespace swarmgate {

class WsClient final : public Client {
 public:
  WsClient(asio::io_context* io, const TargetUrl& target, std::size_t max_frame_bytes,
           const Headers& headers = {});
  ~WsClient() override;
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  Connection Connect(ClientSink* sink, std::string* error, std::string_view resource = {},
                     std::string_view headers = {}) override;
  // Queues a text frame.
  bool Send(const Connection& connection, std::string_view text) override;
  // Starts the closing handshake (code 1000).
  void Close(const Connection& connection) override;
  void Abort(const Connection& connection) override;
  Micros received_us() const override;
  std::int64_t frames_written() const override;
  std::int64_t frames_read() const override;

  struct Impl;  // opaque; public so that the connections in ws_client.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace swarmgate
