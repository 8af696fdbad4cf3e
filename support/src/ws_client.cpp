#include "ws_client.h"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <cstring>
#include <random>
#include <vector>
#include <websocketpp/base64/base64.hpp>
#include <websocketpp/sha1/sha1.hpp>

#include "byte_stream.h"
#include "expiry_queue.h"
#include "resolve_target.h"
#include "source_address.h"
#include "tls_context.h"
#include "ws_frame.h"

namespace swarmgate {
namespace {

using asio::ip::tcp;

class Conn;

// Connect + handshake, and close frame -> the server's end of TCP: one span for both, so that
// one queue serves the deadlines in the order they were set.
constexpr Micros kHandshakeDeadlineUs = 5 * kMicrosPerSecond;
constexpr Micros kDeadlineGranularityUs = 100 * kMicrosPerMilli;
constexpr std::size_t kMaxHandshakeBytes = 16 * 1024;
constexpr std::size_t kReadBufferBytes = 64 * 1024;  // shared by a thread's connections

std::string AcceptFor(const std::string& key) {
  const std::string text = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char hash[20];
  websocketpp::sha1::calc(text.data(), text.size(), hash);
  return websocketpp::base64_encode(hash, sizeof hash);
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The value of header `name` in an HTTP head (status line and headers, CRLF separated).
std::string_view HeaderValue(std::string_view head, std::string_view name) {
  std::size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const std::size_t start = pos + 2;
    const std::size_t end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, end - start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && EqualsIgnoringCase(line.substr(0, colon), name)) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
        value.remove_suffix(1);
      }
      return value;
    }
    pos = end;
  }
  return {};
}

// Frees a buffer's memory once it is empty, so that an idle connection holds none.
void Release(std::string* buffer) {
  if (buffer->empty() && buffer->capacity() > 64) std::string().swap(*buffer);
}

}  // namespace

struct WsClient::Impl {
  explicit Impl(asio::io_context* io_context) : io(io_context) {}

  asio::io_context* io;
  TargetUrl target;
  std::size_t max_frame_bytes;
  tcp::resolver::results_type endpoints;
  std::string resolve_error;
  std::string resource;             // the default path and query
  std::string request_rest;         // the handshake request after the path, up to the extra headers
  std::string headers;              // the default extra headers
  std::unique_ptr<TlsContext> tls;  // wss:// only
  std::string tls_error;
  SourceAddressCycle sources;
  std::vector<char> read_buffer = std::vector<char>(kReadBufferBytes);
  std::string message;  // the complete message handed to a sink
  std::string frame;    // a frame being built
  std::mt19937_64 rng{std::random_device{}()};
  std::int64_t frames_written = 0;
  std::int64_t frames_read = 0;
  Micros received_us = 0;  // of the bytes being consumed (ByteStream::ReadSome)
  ExpiryQueue<Conn> deadlines{io, kHandshakeDeadlineUs, kDeadlineGranularityUs};
};

namespace {

class Conn final : public std::enable_shared_from_this<Conn> {
 public:
  Conn(WsClient::Impl* client, ClientSink* sink)
      : client_(client), sink_(sink), stream_(*client->io, client->tls.get()) {}

  // Connects, then sends the handshake request for this resource with these headers.
  void Start(std::string_view resource, std::string_view headers);
  bool Send(Opcode opcode, std::string_view payload);
  void Close();
  void Abort();
  // From the client's deadlines: the handshake that began with this deadline is over time.
  void Expired(Micros deadline_us);

 private:
  // kSecuring: the TLS handshake (wss://); kHandshaking: the WebSocket upgrade.
  enum class State : std::uint8_t { kConnecting, kSecuring, kHandshaking, kOpen, kClosing, kDone };

  // options_set: the socket is non-blocking with TCP_NODELAY already (ConnectNonBlocking).
  void OnConnected(const std::error_code& ec, bool options_set = false);
  void Secure();
  void Upgrade();
  void WaitReadable();
  void OnReadable(const std::error_code& ec);
  void Consume(const char* data, std::size_t n);
  bool ReadHandshake();  // false when more bytes are needed or the handshake failed
  std::size_t ReadFrames(const char* p, std::size_t n);  // bytes consumed
  void OnMessage(Opcode opcode, bool fin, const char* payload, std::size_t n);
  void OnCloseFrame(const char* payload, std::size_t n);
  void Flush();
  void WaitWritable();
  void SetDeadline(const char* what);
  void ProtocolError(std::uint16_t code, const std::string& why);
  void Fail(ConnectError error, const std::string& reason);
  void Closed(const std::string& reason);
  void Shut();

  WsClient::Impl* client_;
  ClientSink* sink_;
  ByteStream stream_;
  Micros deadline_us_ = 0;          // of the opening or closing handshake; 0: none
  const char* deadline_what_ = "";  // what its passing means, for the report
  std::string in_;                  // bytes not yet parsed: handshake response, partial frame
  std::string out_;                 // bytes the socket has not taken yet
  std::string fragments_;           // a fragmented message so far
  std::string key_;                 // Sec-WebSocket-Key, while handshaking
  std::string problem_;             // why the connection is being torn down, for the report
  State state_ = State::kConnecting;
  std::uint8_t fragment_opcode_ = 0;
  bool write_waiting_ = false;
  bool abandoned_ = false;  // closed by the client before it opened
  std::uint16_t close_code_ = 1005;
};

void Conn::Start(std::string_view resource, std::string_view headers) {
  unsigned char nonce[16];
  for (int i = 0; i < 16; i += 8) {
    const std::uint64_t r = client_->rng();
    std::memcpy(nonce + i, &r, 8);
  }
  key_ = websocketpp::base64_encode(nonce, sizeof nonce);
  // Written once connected.
  out_ = "GET ";
  out_ += resource;
  out_ += client_->request_rest;
  out_ += headers;
  out_ += "Sec-WebSocket-Key: " + key_ + "\r\n\r\n";
  SetDeadline("The opening handshake timed out");
  const SourceAddressCycle::Route* route =
      client_->sources.empty() ? nullptr : &client_->sources.Next();
  if (client_->endpoints.size() > 1 && !route) {  // tried in turn, as Asio does
    AsyncConnectFrom(
        stream_.socket(), client_->endpoints, nullptr,
        [self = shared_from_this()](const std::error_code& ec) { self->OnConnected(ec); });
    return;
  }
  // One address: the request is written at once and its answer awaited; a connect that is
  // still under way makes the write wait, and one that fails ends the read.
  std::error_code ec;
  if (route) {
    ConnectNonBlocking(stream_.socket(), route->to, &route->from, &ec);
  } else {
    ConnectNonBlocking(stream_.socket(), *client_->endpoints.begin(), nullptr, &ec);
  }
  // Never from inside the caller's call: the sink hears of it from the loop.
  asio::post(*client_->io, [self = shared_from_this(), ec] { self->OnConnected(ec, true); });
}

void Conn::SetDeadline(const char* what) {
  deadline_what_ = what;
  deadline_us_ = client_->deadlines.Add(weak_from_this());
}

void Conn::Expired(Micros deadline_us) {
  if (deadline_us != deadline_us_ || state_ == State::kDone) return;  // dropped or replaced
  deadline_us_ = 0;
  if (state_ == State::kConnecting || state_ == State::kSecuring || state_ == State::kHandshaking) {
    Fail(ConnectError::kTimeout, deadline_what_);
  } else {
    Closed(deadline_what_);
  }
}

void Conn::OnConnected(const std::error_code& ec, bool options_set) {
  if (state_ == State::kDone) return;
  if (abandoned_) return Fail(ConnectError::kConnect, "closed by the client before it opened");
  if (ec) return Fail(ConnectError::kConnect, ec.message());
  if (!options_set) {
    std::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);  // no Nagle delay on small frames
    stream_.socket().non_blocking(true, ignored);
  }
  if (!stream_.secure()) {
    stream_.StampReceives();
    return Upgrade();
  }
  state_ = State::kSecuring;
  Secure();
}

// One step of the TLS handshake; the next when the socket is ready for it.
void Conn::Secure() {
  std::string error;
  const ByteStream::Step step = stream_.Handshake(&error);
  if (step == ByteStream::Step::kDone) return Upgrade();
  if (step == ByteStream::Step::kFailed) return Fail(ConnectError::kHandshake, error);
  stream_.socket().async_wait(
      step == ByteStream::Step::kWantRead ? tcp::socket::wait_read : tcp::socket::wait_write,
      [self = shared_from_this()](const std::error_code& ec) {
        if (self->state_ != State::kSecuring) return;
        if (self->abandoned_) {
          return self->Fail(ConnectError::kConnect, "closed by the client before it opened");
        }
        if (ec) return self->Fail(ConnectError::kConnect, ec.message());
        self->Secure();
      });
}

// Sends the upgrade request and waits for its answer.
void Conn::Upgrade() {
  state_ = State::kHandshaking;
  Flush();
  WaitReadable();
}

void Conn::WaitReadable() {
  stream_.socket().async_wait(
      tcp::socket::wait_read,
      [self = shared_from_this()](const std::error_code& ec) { self->OnReadable(ec); });
}

void Conn::OnReadable(const std::error_code& ec) {
  if (state_ == State::kDone) return;
  if (abandoned_) return Fail(ConnectError::kConnect, "closed by the client before it opened");
  if (ec) {
    const std::string why = problem_.empty() ? ec.message() : problem_;
    if (state_ == State::kHandshaking) return Fail(ConnectError::kConnect, why);
    return Closed("close code 1006 (" + why + ")");
  }
  // The reactor signals edges: drain the socket, or the rest would never be announced. A
  // plain socket that filled less than the buffer is drained: what arrives after that read
  // is a new edge, so the read that would only say "would block" is skipped. (TLS hands out
  // a record at a time: read until it says so.)
  std::vector<char>& buffer = client_->read_buffer;
  for (;;) {
    std::error_code read_ec;
    const std::size_t n =
        stream_.ReadSome(buffer.data(), buffer.size(), read_ec, &client_->received_us);
    if (read_ec == asio::error::would_block || read_ec == asio::error::try_again) break;
    if (read_ec) {
      const bool eof = read_ec == asio::error::eof;
      if (state_ == State::kHandshaking) {
        return Fail(
            ConnectError::kConnect,
            eof ? "the server closed the connection during the handshake" : read_ec.message());
      }
      // After the close frames, the server ending TCP is the normal end; before, it is not.
      if (state_ == State::kClosing) return Closed("close code " + std::to_string(close_code_));
      return Closed("close code 1006 (" + (eof ? std::string("End of File") : read_ec.message()) +
                    ")");
    }
    Consume(buffer.data(), n);
    if (state_ == State::kDone) return;
    if (!stream_.secure() && n < buffer.size()) break;
  }
  WaitReadable();
}

void Conn::Consume(const char* data, std::size_t n) {
  if (state_ == State::kHandshaking) {
    in_.append(data, n);
    if (!ReadHandshake()) return;
    const std::string rest = std::move(in_);
    in_.clear();
    if (!rest.empty()) Consume(rest.data(), rest.size());
    return;
  }
  if (in_.empty()) {
    const std::size_t used = ReadFrames(data, n);
    if (state_ != State::kDone && used < n) in_.assign(data + used, n - used);
    return;
  }
  in_.append(data, n);
  const std::size_t used = ReadFrames(in_.data(), in_.size());
  if (state_ == State::kDone) return;
  in_.erase(0, used);
  Release(&in_);
}

bool Conn::ReadHandshake() {
  const std::size_t end = in_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (in_.size() > kMaxHandshakeBytes) {
      Fail(ConnectError::kHandshake, "handshake response larger than 16 KiB");
    }
    return false;
  }
  const std::string_view head(in_.data(), end + 2);
  const std::size_t space = head.find(' ');
  const std::string status =
      space == std::string_view::npos ? std::string() : std::string(head.substr(space + 1, 3));
  if (head.substr(0, 5) != "HTTP/" || status.size() != 3) {
    Fail(ConnectError::kHandshake,
         "the answer to the upgrade request is not HTTP: \"" + in_.substr(0, 40) + "\"");
    return false;
  }
  if (status != "101") {
    Fail(ConnectError::kHandshake, "HTTP " + status + " instead of 101 Switching Protocols");
    return false;
  }
  if (HeaderValue(head, "Sec-WebSocket-Accept") != AcceptFor(key_)) {
    Fail(ConnectError::kHandshake, "Sec-WebSocket-Accept does not match the key sent");
    return false;
  }
  in_.erase(0, end + 4);
  std::string().swap(key_);
  deadline_us_ = 0;  // the opening handshake is done in time
  state_ = State::kOpen;
  sink_->OnOpen();
  return state_ != State::kDone;
}

std::size_t Conn::ReadFrames(const char* p, std::size_t n) {
  std::size_t used = 0;
  while (state_ == State::kOpen || state_ == State::kClosing) {
    FrameHeader h;
    const char* why = "";
    const HeaderStatus status = ReadFrameHeader(p + used, n - used, &h, &why);
    if (status == HeaderStatus::kIncomplete) break;
    if (status == HeaderStatus::kInvalid) {
      ProtocolError(1002, why);
      break;
    }
    if (h.masked) {
      ProtocolError(1002, "the server masked a frame");
      break;
    }
    if (h.payload_bytes > client_->max_frame_bytes ||
        fragments_.size() + h.payload_bytes > client_->max_frame_bytes) {
      ProtocolError(1009,
                    "a message larger than " + std::to_string(client_->max_frame_bytes) + " bytes");
      break;
    }
    if (n - used - h.header_bytes < h.payload_bytes) break;  // the payload is still coming
    const char* payload = p + used + h.header_bytes;
    const auto length = static_cast<std::size_t>(h.payload_bytes);
    used += h.header_bytes + length;
    ++client_->frames_read;
    OnMessage(static_cast<Opcode>(h.opcode), h.fin, payload, length);
  }
  return used;
}

void Conn::OnMessage(Opcode opcode, bool fin, const char* payload, std::size_t n) {
  switch (opcode) {
    case Opcode::kText:
    case Opcode::kBinary:
      if (!fragments_.empty() || fragment_opcode_ != 0) {
        return ProtocolError(1002, "a new message inside a fragmented one");
      }
      if (!fin) {
        fragments_.assign(payload, n);
        fragment_opcode_ = static_cast<std::uint8_t>(opcode);
        return;
      }
      client_->message.assign(payload, n);
      if (state_ == State::kOpen) sink_->OnFrame(&client_->message);
      return;
    case Opcode::kContinuation:
      if (fragment_opcode_ == 0) return ProtocolError(1002, "a continuation of nothing");
      fragments_.append(payload, n);
      if (fin) {
        client_->message.swap(fragments_);
        fragments_.clear();
        Release(&fragments_);
        fragment_opcode_ = 0;
        if (state_ == State::kOpen) sink_->OnFrame(&client_->message);
      }
      return;
    case Opcode::kPing:
      Send(Opcode::kPong, std::string_view(payload, n));
      return;
    case Opcode::kPong:
      return;
    case Opcode::kClose:
      return OnCloseFrame(payload, n);
  }
}

void Conn::OnCloseFrame(const char* payload, std::size_t n) {
  close_code_ = n >= 2 ? static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                    static_cast<std::uint8_t>(payload[1]))
                       : 1005;
  if (state_ == State::kOpen) {
    // The server closes: echo its code, then wait for it to end the TCP connection.
    std::string echo;
    if (n >= 2) echo.assign(payload, 2);
    Send(Opcode::kClose, echo);
    state_ = State::kClosing;
    SetDeadline("close code 1006 (the server did not end the connection)");
    return;
  }
  // kClosing: the server answered our close frame; its end of TCP follows.
}

bool Conn::Send(Opcode opcode, std::string_view payload) {
  if (state_ != State::kOpen && !(state_ == State::kClosing && opcode == Opcode::kClose)) {
    return false;
  }
  const auto mask = static_cast<std::uint32_t>(client_->rng());
  ++client_->frames_written;
  if (!out_.empty() || write_waiting_) {
    AppendClientFrame(&out_, opcode, payload, mask);
    return true;
  }
  std::string& frame = client_->frame;
  frame.clear();
  AppendClientFrame(&frame, opcode, payload, mask);
  std::error_code ec;
  const std::size_t sent = stream_.WriteSome(frame.data(), frame.size(), ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
    problem_ = "send failed: " + ec.message();
    Shut();
    return false;
  }
  if (sent < frame.size()) {
    out_.assign(frame, sent, std::string::npos);
    WaitWritable();
  }
  return true;
}

void Conn::Flush() {
  while (!out_.empty()) {
    std::error_code ec;
    const std::size_t sent = stream_.WriteSome(out_.data(), out_.size(), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      // While handshaking, a write that fails is a connect that failed (it may be under way).
      problem_ = state_ == State::kHandshaking ? ec.message() : "send failed: " + ec.message();
      Shut();
      return;
    }
    out_.erase(0, sent);
  }
  if (out_.empty()) {
    Release(&out_);
  } else if (!write_waiting_) {
    WaitWritable();
  }
}

void Conn::WaitWritable() {
  write_waiting_ = true;
  stream_.socket().async_wait(tcp::socket::wait_write,
                              [self = shared_from_this()](const std::error_code& ec) {
                                self->write_waiting_ = false;
                                if (ec || self->state_ == State::kDone) return;
                                self->Flush();
                              });
}

void Conn::Close() {
  if (state_ == State::kConnecting || state_ == State::kSecuring || state_ == State::kHandshaking) {
    abandoned_ = true;
    Shut();  // the pending connect or read hears operation_aborted and reports the failure
    return;
  }
  if (state_ != State::kOpen) return;
  close_code_ = 1000;
  state_ = State::kClosing;
  const char code[2] = {static_cast<char>(1000 >> 8), static_cast<char>(1000 & 0xFF)};
  Send(Opcode::kClose, std::string_view(code, 2));
  SetDeadline("close code 1000 (the server did not answer the close)");
}

void Conn::Abort() {
  if (state_ != State::kOpen && state_ != State::kClosing) return Close();
  std::error_code ignored;
  stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);  // close: a reset
  Closed("aborted by the client");
}

void Conn::ProtocolError(std::uint16_t code, const std::string& why) {
  const char payload[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  Send(Opcode::kClose, std::string_view(payload, 2));
  Closed("close code " + std::to_string(code) + " (" + why + ")");
}

void Conn::Shut() {
  std::error_code ignored;
  stream_.socket().close(ignored);  // pending waits complete with operation_aborted
}

void Conn::Fail(ConnectError error, const std::string& reason) {
  state_ = State::kDone;
  deadline_us_ = 0;
  Shut();
  auto self = shared_from_this();  // the sink may drop its reference
  sink_->OnFail(error, reason);
}

void Conn::Closed(const std::string& reason) {
  state_ = State::kDone;
  deadline_us_ = 0;
  Shut();
  auto self = shared_from_this();
  sink_->OnClosed(reason);
}

}  // namespace

WsClient::WsClient(asio::io_context* io, const TargetUrl& target, std::size_t max_frame_bytes,
                   const Headers& headers)
    : impl_(std::make_unique<Impl>(io)) {
  impl_->target = target;
  impl_->max_frame_bytes = max_frame_bytes;
  impl_->endpoints = ResolveTarget(*io, target, &impl_->resolve_error);
  if (impl_->resolve_error.empty()) {
    impl_->sources.Set(target.source_addresses, impl_->endpoints, &impl_->resolve_error);
  }
  if (target.scheme == "wss") impl_->tls = TlsContext::Make(target, &impl_->tls_error);
  const bool v6 = target.host.find(':') != std::string::npos;
  impl_->resource = target.resource;
  impl_->request_rest = " HTTP/1.1\r\nHost: " + (v6 ? "[" + target.host + "]" : target.host) + ":" +
                        std::to_string(target.port) +
                        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Version: 13\r\nUser-Agent: swarmgate\r\n";
  for (const auto& [name, value] : headers) impl_->headers += name + ": " + value + "\r\n";
}

WsClient::~WsClient() = default;

Client::Connection WsClient::Connect(ClientSink* sink, std::string* error,
                                     std::string_view resource, std::string_view headers) {
  if (!impl_->resolve_error.empty() || !impl_->tls_error.empty()) {
    *error = impl_->resolve_error.empty() ? impl_->tls_error : impl_->resolve_error;
    return nullptr;
  }
  auto connection = std::make_shared<Conn>(impl_.get(), sink);
  connection->Start(resource.empty() ? std::string_view(impl_->resource) : resource,
                    headers.empty() ? std::string_view(impl_->headers) : headers);
  return connection;
}

bool WsClient::Send(const Connection& connection, std::string_view text) {
  return static_cast<Conn*>(connection.get())->Send(Opcode::kText, text);
}

void WsClient::Close(const Connection& connection) {
  static_cast<Conn*>(connection.get())->Close();
}

void WsClient::Abort(const Connection& connection) {
  static_cast<Conn*>(connection.get())->Abort();
}

Micros WsClient::received_us() const { return impl_->received_us; }
std::int64_t WsClient::frames_written() const { return impl_->frames_written; }
std::int64_t WsClient::frames_read() const { return impl_->frames_read; }

}  // namespace swarmgate
