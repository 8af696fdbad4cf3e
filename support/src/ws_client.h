#pragma once
// A WebSocket client for one swarm thread, written on standalone Asio for a small footprint
// per held connection: no read buffer of its own (an idle connection waits for readiness and
// reads into the thread's shared buffer), no kept handshake, no per-connection timers once
// open. Single-threaded: no strands, no locks. Answers pings; TCP_NODELAY.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "swarmgate/target_url.h"

namespace asio {
class io_context;
}

namespace swarmgate {

enum class ConnectError { kConnect, kHandshake, kTimeout };

// Receives one connection's events, on the thread that runs the client's io_context.
class WsSink {
 public:
  virtual void OnOpen() = 0;
  virtual void OnFrame(std::string* payload) = 0;  // the sink may parse it in place
  virtual void OnFail(ConnectError error, std::string_view reason) = 0;  // never opened
  virtual void OnClosed(std::string_view reason) = 0;  // was open; closed by either side

 protected:
  ~WsSink() = default;
};

class WsClient {
 public:
  using Connection = std::shared_ptr<void>;  // keeps the connection alive while held

  using Headers = std::vector<std::pair<std::string, std::string>>;

  // max_frame_bytes: a larger incoming message closes its connection (1009), never grows
  // memory without bound. headers: extra handshake headers (an auth token, an Origin).
  WsClient(asio::io_context* io, const TargetUrl& target, std::size_t max_frame_bytes,
           const Headers& headers = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Starts connecting; the sink hears OnOpen or OnFail. Returns null (and sets *error) when
  // the attempt could not even start.
  Connection Connect(WsSink* sink, std::string* error);

  // Queues a text frame; false when the connection is not open.
  static bool Send(const Connection& connection, std::string_view text);
  // Starts the closing handshake (code 1000); the sink hears OnClosed.
  static void Close(const Connection& connection);

  struct Impl;  // opaque; public so that the connections in ws_client.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace swarmgate
