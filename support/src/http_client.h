#pragma once
// HTTP/1.1 as a virtual user's connection, for relay-style servers whose clients send with
// requests and receive by polling. One connection is two keep-alive sockets, as a browser
// would hold: one carries the user's actions in order, the other the poll, so that a slow
// poll never delays a send. A message handed to Send is a request written by the dialect as
//   METHOD /path?query\n<body>
// (an empty body is sent without one); response bodies of 2xx answers reach the sink as
// frames, after OnHttpResponse has told it the status and the time taken. Sockets the server
// closed while idle are opened again for the next request. Single-threaded, like WsClient.

#include <memory>
#include <string>
#include <string_view>

#include "client.h"
#include "swarmgate/target_url.h"

namespace swarmgate {

class HttpClient final : public Client {
 public:
  HttpClient(asio::io_context* io, const TargetUrl& target, std::size_t max_body_bytes,
             const Headers& headers = {});
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Opens the action socket; the sink hears OnOpen once TCP is connected.
  Connection Connect(ClientSink* sink, std::string* error, std::string_view resource = {},
                     std::string_view headers = {}) override;
  // Queues a request on the action socket (also while it opens); answers come back in order.
  bool Send(const Connection& connection, std::string_view request) override;
  // Closes both sockets; the sink hears OnClosed (from the event loop, not from inside Close).
  void Close(const Connection& connection) override;
  void StartPolling(const Connection& connection, std::string_view request,
                    Micros interval_us) override;

  struct Impl;  // opaque; public so that the sessions in http_client.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace swarmgate
