#pragma once
// What a virtual user talks through: one "connection" to the server per user, whatever the
// transport. Over WebSocket it is one socket and its frames; over HTTP it is a small pool of
// keep-alive sockets whose response bodies arrive as frames (see http_client.h).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "swarmgate/clock.h"

namespace asio {
class io_context;
}

namespace swarmgate {

struct TargetUrl;

enum class ConnectError { kConnect, kHandshake, kTimeout };

// Receives one connection's events, on the thread that runs the client's io_context.
class ClientSink {
 public:
  virtual void OnOpen() = 0;
  virtual void OnFrame(std::string* payload) = 0;  // the sink may parse it in place
  virtual void OnFail(ConnectError error, std::string_view reason) = 0;  // never opened
  virtual void OnClosed(std::string_view reason) = 0;  // was open; closed by either side
  // HTTP only: one request's outcome, before its body (if any) reaches OnFrame. status 0:
  // no answer (the connection failed). polled: the request was the transport's poll, whose
  // body is a batch of messages rather than an answer to an action.
  virtual void OnHttpResponse(int /*status*/, Micros /*elapsed_us*/, bool /*polled*/,
                              std::string_view /*what*/) {}

 protected:
  ~ClientSink() = default;
};

class Client {
 public:
  using Connection = std::shared_ptr<void>;  // keeps the connection alive while held
  using Headers = std::vector<std::pair<std::string, std::string>>;

  virtual ~Client() = default;

  // Starts connecting; the sink hears OnOpen or OnFail. Returns null (and sets *error) when
  // the attempt could not even start. A non-empty resource (path and query) or headers
  // ("Name: value\r\n" each) replace the client's own for this connection: a user's own.
  virtual Connection Connect(ClientSink* sink, std::string* error, std::string_view resource = {},
                             std::string_view headers = {}) = 0;
  // Queues a message (a text frame; over HTTP, a request); false when not open.
  virtual bool Send(const Connection& connection, std::string_view message) = 0;
  // Ends the connection politely; the sink hears OnClosed.
  virtual void Close(const Connection& connection) = 0;
  // Drops the connection at once, as a failing network would (no close handshake; over TCP a
  // reset); the sink hears OnClosed. Over HTTP, where no connection state is kept, Close.
  virtual void Abort(const Connection& connection) { Close(connection); }
  // HTTP only: sends `request` now and again `interval_us` after each answer, until Close.
  virtual void StartPolling(const Connection& /*connection*/, std::string_view /*request*/,
                            Micros /*interval_us*/) {}
  // WebSocket frames (control frames included) this client has written and read, for the
  // swarm's CPU per frame; 0 over HTTP.
  // When the bytes of the event being handed to a sink (OnOpen, OnFrame) reached the socket:
  // the kernel's receive stamp where the transport has one, else now.
  virtual Micros received_us() const { return NowMicros(); }
  virtual std::int64_t frames_written() const { return 0; }
  virtual std::int64_t frames_read() const { return 0; }
};

enum class WireTransport { kWebSocket, kHttp };

// The transport a target URL names: http:// is spoken to with requests, ws:// with frames.
WireTransport TransportOf(const TargetUrl& target);

// max_frame_bytes: a larger incoming message or body ends its connection, never grows memory
// without bound. headers: extra handshake or request headers (an auth token, an Origin).
std::unique_ptr<Client> MakeClient(WireTransport transport, asio::io_context* io,
                                   const TargetUrl& target, std::size_t max_frame_bytes,
                                   const Client::Headers& headers);

}  // namespace swarmgate
