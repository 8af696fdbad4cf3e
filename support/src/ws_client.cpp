#include "ws_client.h"

#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include "swarmgate_internal/lean_websocketpp_config.h"

namespace swarmgate {
namespace {

// A 512-byte read buffer: chat frames are a few hundred bytes (larger ones take more reads),
// and each byte here is paid once per held connection.
struct LeanClientConfig : internal::LeanWebsocketppConfig<websocketpp::config::asio_client, 512> {
  // The stock client's masking-key generator locks a mutex; this one runs on one thread.
  using rng_type =
      websocketpp::random::random_device::int_generator<uint32_t, websocketpp::concurrency::none>;
};

using Endpoint = websocketpp::client<LeanClientConfig>;
using ConnectionType = Endpoint::connection_type;

ConnectError Classify(ConnectionType* con, const std::error_code& ec) {
  if (ec == websocketpp::error::open_handshake_timeout ||
      ec == websocketpp::transport::error::timeout) {
    return ConnectError::kTimeout;
  }
  if (con->get_response_code() != 0) return ConnectError::kHandshake;
  return ConnectError::kConnect;
}

std::string Describe(ConnectionType* con, const std::error_code& ec) {
  if (const int status = con->get_response_code(); status != 0 && status != 101) {
    return "HTTP " + std::to_string(status) + " instead of 101 Switching Protocols";
  }
  return ec ? ec.message() : std::string("unknown error");
}

}  // namespace

struct WsClient::Impl {
  Endpoint endpoint;
  websocketpp::uri_ptr uri;
};

WsClient::WsClient(asio::io_context* io, const TargetUrl& target, std::size_t max_frame_bytes)
    : impl_(std::make_unique<Impl>()) {
  impl_->endpoint.init_asio(io);
  impl_->endpoint.set_max_message_size(max_frame_bytes);
  impl_->endpoint.set_user_agent("swarmgate");
  impl_->uri = std::make_shared<websocketpp::uri>(target.ToString());
}

WsClient::~WsClient() = default;

WsClient::Connection WsClient::Connect(WsSink* sink, std::string* error) {
  std::error_code ec;
  Endpoint::connection_ptr con = impl_->endpoint.get_connection(impl_->uri, ec);
  if (ec) {
    *error = ec.message();
    return nullptr;
  }
  // Handlers live inside the connection, so a raw pointer back to it cannot dangle.
  ConnectionType* raw = con.get();
  con->set_tcp_post_init_handler([raw](websocketpp::connection_hdl) {
    // Without TCP_NODELAY, Nagle + delayed ACK put tens of ms on small frames.
    std::error_code ignored;
    raw->get_raw_socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  });
  con->set_open_handler([sink, raw](websocketpp::connection_hdl) {
    // websocketpp keeps the handshake's request and response (header maps, ~1 KB) for the
    // connection's life but reads them after open only to log a failure that can no longer
    // happen. The members are not const, so resetting them through the const accessors is
    // well-defined; it cuts a held connection's footprint by an eighth.
    const_cast<LeanClientConfig::request_type&>(raw->get_request()) = {};
    const_cast<LeanClientConfig::response_type&>(raw->get_response()) = {};
    sink->OnOpen();
  });
  con->set_fail_handler([sink, raw](websocketpp::connection_hdl) {
    const std::error_code ec = raw->get_ec();
    sink->OnFail(Classify(raw, ec), Describe(raw, ec));
  });
  con->set_close_handler([sink, raw](websocketpp::connection_hdl) {
    const std::error_code ec = raw->get_ec();
    std::string reason = "close code " + std::to_string(raw->get_remote_close_code());
    if (ec) reason += " (" + ec.message() + ")";
    sink->OnClosed(reason);
  });
  con->set_message_handler([sink](websocketpp::connection_hdl, Endpoint::message_ptr message) {
    sink->OnFrame(&message->get_raw_payload());
  });
  impl_->endpoint.connect(con);
  return con;
}

bool WsClient::Send(const Connection& connection, std::string_view text) {
  auto* con = static_cast<ConnectionType*>(connection.get());
  return !con->send(text.data(), text.size(), websocketpp::frame::opcode::text);
}

void WsClient::Close(const Connection& connection) {
  auto* con = static_cast<ConnectionType*>(connection.get());
  std::error_code ec;
  con->close(websocketpp::close::status::normal, "", ec);
  if (ec) con->terminate(ec);  // not open yet: drop the attempt
}

}  // namespace swarmgate
