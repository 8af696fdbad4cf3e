#include "http_client.h"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <cctype>
#include <deque>
#include <vector>

#include "byte_stream.h"
#include "http_response.h"
#include "resolve_target.h"
#include "source_address.h"
#include "tls_context.h"

namespace swarmgate {

using asio::ip::tcp;

namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kAnswerTimeout = std::chrono::seconds(10);  // request written -> answer complete
constexpr std::size_t kReadBufferBytes = 64 * 1024;        // shared by a thread's sockets

}  // namespace

struct HttpClient::Impl {
  asio::io_context* io;
  std::string host_header;
  std::string extra_headers;  // "Name: value\r\n" each
  std::size_t max_body_bytes;
  tcp::resolver::results_type endpoints;
  std::string resolve_error;
  std::unique_ptr<TlsContext> tls;  // https:// only
  SourceAddressCycle sources;
  std::vector<char> read_buffer = std::vector<char>(kReadBufferBytes);
  std::string body;  // the body handed to a sink
};

namespace {

class Session;

// One keep-alive socket and the requests waiting for it, answered in order.
class Lane {
 public:
  Lane(Session* session, bool polls);
  void Submit(std::string_view request);  // queues; starts at once when idle
  void Shut();
  bool polls() const { return polls_; }
  std::deque<std::string>& queue() { return queue_; }

 private:
  friend class Session;
  enum class State : std::uint8_t { kClosed, kConnecting, kIdle, kBusy };

  void Connect();
  void OnConnected(const std::error_code& ec);
  void Secure();     // one step of the TLS handshake (https://)
  void Connected();  // TCP (and TLS) up: ready for requests
  void WriteNext();
  void Flush();  // writes what the socket takes of the request; the rest when it is writable
  void Read();
  void OnReadable(const std::error_code& ec);
  void OnRead(const std::error_code& ec, std::size_t n);
  void TryComplete(bool at_eof);
  void Answered(int status, std::string_view what);
  // socket_died: the socket broke under the request (closed, reset), rather than the answer
  // being late or malformed.
  void Failed(const std::string& why, bool socket_died = false);
  void Reset();

  Session* session_;
  const bool polls_;
  State state_ = State::kClosed;
  std::unique_ptr<ByteStream> socket_;
  asio::steady_timer timer_;       // connect or answer deadline
  std::deque<std::string> queue_;  // messages (METHOD path\nbody); the front is in flight
  std::string in_;
  std::string wire_;         // the request being written
  std::size_t written_ = 0;  // bytes of wire_ the socket has taken
  Micros sent_us_ = 0;
  std::uint64_t generation_ = 0;  // bumps with each socket; stale handlers are ignored
  bool reading_ = false;
  int answered_on_socket_ = 0;  // answers read on the current socket
};

class Session final : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpClient::Impl* client, ClientSink* sink, std::string_view headers)
      : client_(client),
        sink_(sink),
        headers_(headers),
        actions_(this, false),
        poll_(this, true),
        poll_timer_(*client->io) {}

  void Open() { actions_.Connect(); }
  // This user's own extra headers ("Name: value\r\n" each); empty: the client's.
  std::string_view headers() const { return headers_; }
  bool Send(std::string_view request) {  // queued while opening, sent once connected
    if (!live()) return false;
    actions_.Submit(request);
    return true;
  }
  void Poll(std::string_view request, Micros interval_us) {
    if (!open_) return;
    poll_request_ = std::string(request);
    poll_interval_us_ = interval_us;
    poll_.Submit(poll_request_);
  }
  void Close() {
    if (!open_ && !opening_) return;
    const bool was_open = open_;
    open_ = opening_ = false;
    actions_.Shut();
    poll_.Shut();
    poll_timer_.cancel();
    asio::post(*client_->io, [self = shared_from_this(), was_open] {
      if (was_open) {
        self->sink_->OnClosed("closed by the client");
      } else {
        self->sink_->OnFail(ConnectError::kConnect, "closed by the client before it opened");
      }
    });
  }

  HttpClient::Impl* client() { return client_; }
  ClientSink* sink() { return sink_; }
  bool live() const { return open_ || opening_; }

  // The action socket's first connect decides whether the connection opened.
  void LaneConnected(Lane* lane) {
    if (lane == &actions_ && opening_) {
      opening_ = false;
      open_ = true;
      sink_->OnOpen();
    }
  }
  bool LaneConnectFailed(Lane* lane, const std::string& why) {
    if (lane != &actions_ || !opening_) return false;
    opening_ = false;
    auto self = shared_from_this();
    sink_->OnFail(why.find("timed out") != std::string::npos ? ConnectError::kTimeout
                                                             : ConnectError::kConnect,
                  why);
    return true;
  }
  void PollAnswered() {
    if (!open_) return;
    poll_timer_.expires_after(std::chrono::microseconds(poll_interval_us_));
    poll_timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
      if (!ec && self->open_) self->poll_.Submit(self->poll_request_);
    });
  }

 private:
  HttpClient::Impl* client_;
  ClientSink* sink_;
  std::string headers_;
  Lane actions_;
  Lane poll_;
  asio::steady_timer poll_timer_;
  std::string poll_request_;
  Micros poll_interval_us_ = 0;
  bool opening_ = true;
  bool open_ = false;
};

Lane::Lane(Session* session, bool polls)
    : session_(session), polls_(polls), timer_(*session->client()->io) {}

void Lane::Submit(std::string_view request) {
  queue_.emplace_back(request);
  if (state_ == State::kIdle) {
    WriteNext();
  } else if (state_ == State::kClosed) {
    Connect();
  }
}

void Lane::Connect() {
  state_ = State::kConnecting;
  socket_ = std::make_unique<ByteStream>(*session_->client()->io, session_->client()->tls.get());
  const std::uint64_t generation = ++generation_;
  timer_.expires_after(kConnectTimeout);
  timer_.async_wait(
      [this, generation, s = session_->shared_from_this()](const std::error_code& ec) {
        if (!ec && generation == generation_ && state_ == State::kConnecting) {
          Failed(std::string(socket_->secure() ? "TLS" : "TCP") + " connect timed out after " +
                 std::to_string(kConnectTimeout.count()) + " s");
        }
      });
  HttpClient::Impl& c = *session_->client();
  AsyncConnectFrom(socket_->socket(), c.endpoints, c.sources.empty() ? nullptr : &c.sources.Next(),
                   [this, generation, s = session_->shared_from_this()](const std::error_code& ec) {
                     if (generation == generation_) OnConnected(ec);
                   });
}

void Lane::OnConnected(const std::error_code& ec) {
  if (state_ != State::kConnecting) return;
  if (ec) {
    timer_.cancel();
    return Failed("TCP connect failed: " + ec.message());
  }
  std::error_code ignored;
  socket_->socket().set_option(tcp::no_delay(true), ignored);
  socket_->socket().non_blocking(true, ignored);
  if (!socket_->secure()) {
    timer_.cancel();
    return Connected();
  }
  Secure();  // the connect deadline covers the TLS handshake too
}

void Lane::Secure() {
  std::string error;
  const ByteStream::Step step = socket_->Handshake(&error);
  if (step == ByteStream::Step::kDone) {
    timer_.cancel();
    return Connected();
  }
  if (step == ByteStream::Step::kFailed) {
    timer_.cancel();
    return Failed(error);
  }
  const std::uint64_t generation = generation_;
  socket_->socket().async_wait(
      step == ByteStream::Step::kWantRead ? tcp::socket::wait_read : tcp::socket::wait_write,
      [this, generation, s = session_->shared_from_this()](const std::error_code& ec) {
        if (generation != generation_ || state_ != State::kConnecting) return;
        if (ec) {
          timer_.cancel();
          return Failed("TLS handshake failed: " + ec.message());
        }
        Secure();
      });
}

void Lane::Connected() {
  state_ = State::kIdle;
  session_->LaneConnected(this);
  Read();  // also while idle: a server closing a kept-alive socket is noticed at once
  if (state_ == State::kIdle && !queue_.empty()) WriteNext();
}

void Lane::WriteNext() {
  if (queue_.empty()) return;
  state_ = State::kBusy;
  const std::string_view message = queue_.front();
  const std::size_t newline = message.find('\n');
  const std::string_view line = message.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : message.substr(newline + 1);
  HttpClient::Impl& c = *session_->client();
  wire_.assign(line);
  wire_ += " HTTP/1.1\r\nHost: ";
  wire_ += c.host_header;
  wire_ += "\r\nUser-Agent: swarmgate\r\n";
  wire_ += session_->headers().empty() ? std::string_view(c.extra_headers) : session_->headers();
  if (!body.empty() || line.substr(0, 4) == "POST" || line.substr(0, 3) == "PUT") {
    wire_ += "Content-Type: application/json\r\nContent-Length: ";
    wire_ += std::to_string(body.size());
    wire_ += "\r\n";
  }
  wire_ += "\r\n";
  wire_ += body;
  sent_us_ = NowMicros();
  in_.clear();
  const std::uint64_t generation = generation_;
  timer_.expires_after(kAnswerTimeout);
  timer_.async_wait(
      [this, generation, s = session_->shared_from_this()](const std::error_code& ec) {
        if (!ec && generation == generation_ && state_ == State::kBusy) {
          Failed("no answer within " + std::to_string(kAnswerTimeout.count()) + " s");
        }
      });
  written_ = 0;
  Flush();
}

void Lane::Flush() {
  while (written_ < wire_.size()) {
    std::error_code ec;
    const std::size_t n = socket_->WriteSome(wire_.data() + written_, wire_.size() - written_, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      const std::uint64_t generation = generation_;
      socket_->socket().async_wait(
          tcp::socket::wait_write,
          [this, generation, s = session_->shared_from_this()](const std::error_code& wait_ec) {
            if (generation != generation_ || state_ != State::kBusy) return;
            if (wait_ec) return Failed("send failed: " + wait_ec.message(), true);
            Flush();
          });
      return;
    }
    if (ec) return Failed("send failed: " + ec.message(), true);
    written_ += n;
  }
}

// The read buffer is shared by the thread's sockets, so bytes are read only here, when the
// socket is readable: an asynchronous read could complete into it while another socket's
// handler is still waiting to consume what it holds.
void Lane::Read() {
  if (reading_) return;
  reading_ = true;
  const std::uint64_t generation = generation_;
  socket_->socket().async_wait(
      tcp::socket::wait_read,
      [this, generation, s = session_->shared_from_this()](const std::error_code& ec) {
        if (generation != generation_) return;
        reading_ = false;
        OnReadable(ec);
      });
}

// The reactor signals edges: drain the socket, or the rest would never be announced.
void Lane::OnReadable(const std::error_code& ec) {
  if (ec) return OnRead(ec, 0);
  std::vector<char>& buffer = session_->client()->read_buffer;
  const std::uint64_t generation = generation_;
  for (;;) {
    std::error_code read_ec;
    const std::size_t n = socket_->ReadSome(buffer.data(), buffer.size(), read_ec);
    if (read_ec == asio::error::would_block || read_ec == asio::error::try_again) break;
    OnRead(read_ec, n);
    if (read_ec || generation != generation_) return;  // ended, or the socket was replaced
  }
  if (state_ == State::kBusy || state_ == State::kIdle) Read();
}

void Lane::OnRead(const std::error_code& ec, std::size_t n) {
  if (state_ == State::kClosed || state_ == State::kConnecting) return;
  if (ec) {
    if (state_ == State::kBusy) {
      if (ec == asio::error::eof && !in_.empty()) return TryComplete(true);
      return Failed(ec == asio::error::eof ? "the server closed the connection without answering"
                                           : "receive failed: " + ec.message(),
                    true);
    }
    Reset();  // an idle socket closed by the server: the next request opens another
    return;
  }
  if (state_ == State::kIdle) {
    Failed("bytes from the server with no request in flight: \"" +
           PrintableSample({session_->client()->read_buffer.data(), n}) + "\"");
    return;
  }
  in_.append(session_->client()->read_buffer.data(), n);
  TryComplete(false);
}

void Lane::TryComplete(bool at_eof) {
  HttpClient::Impl& c = *session_->client();
  HttpResponseHead head;
  std::string error;
  const int parsed = ParseResponseHead(in_, &head, &error);
  if (parsed < 0) return Failed(error);
  if (parsed == 0) {
    if (at_eof) Failed("the server closed the connection inside a response head");
    return;
  }
  const std::string_view rest = std::string_view(in_).substr(head.head_bytes);
  std::size_t used = head.head_bytes;
  c.body.clear();
  if (head.status == 204 || head.status == 304 || (head.status >= 100 && head.status < 200)) {
    // no body
  } else if (head.chunked) {
    const long long n = DecodeChunked(rest, c.max_body_bytes, &c.body, &error);
    if (n < 0) return Failed(error);
    if (n == 0) {
      if (at_eof) Failed("the server closed the connection inside a chunked body");
      return;
    }
    used += static_cast<std::size_t>(n);
  } else if (head.content_length >= 0) {
    if (static_cast<std::size_t>(head.content_length) > c.max_body_bytes) {
      return Failed("a body of " + std::to_string(head.content_length) + " bytes (over " +
                    std::to_string(c.max_body_bytes) + ")");
    }
    if (rest.size() < static_cast<std::size_t>(head.content_length)) {
      if (at_eof) Failed("the server closed the connection inside a body");
      return;
    }
    c.body.assign(rest.substr(0, static_cast<std::size_t>(head.content_length)));
    used += static_cast<std::size_t>(head.content_length);
  } else {  // the body ends when the server closes
    if (rest.size() > c.max_body_bytes) return Failed("a body over the size limit");
    if (!at_eof) return;
    c.body.assign(rest);
    used = in_.size();
    head.keep_alive = false;
  }
  if (used < in_.size()) {
    return Failed("bytes after the response, with no request in flight: \"" +
                  PrintableSample(std::string_view(in_).substr(used)) + "\"");
  }
  in_.clear();
  ++answered_on_socket_;
  if (!head.keep_alive || at_eof) Reset();
  Answered(head.status, {});
}

// The front request is answered (status > 0) or given up (status 0, with why).
void Lane::Answered(int status, std::string_view why) {
  timer_.cancel();
  const std::string request = std::move(queue_.front());
  queue_.pop_front();
  if (state_ == State::kBusy) state_ = State::kIdle;
  const std::string_view line = std::string_view(request).substr(0, request.find('\n'));
  ClientSink* sink = session_->sink();
  HttpClient::Impl& c = *session_->client();
  auto keep = session_->shared_from_this();  // the sink may drop its reference
  std::string what(line);
  if (status == 0) {
    what += ": ";
    what += why;
  } else if (status >= 300) {
    what += ": HTTP " + std::to_string(status);
    if (!c.body.empty()) what += " \"" + PrintableSample(c.body) + "\"";
  }
  sink->OnHttpResponse(status, NowMicros() - sent_us_, polls_, what);
  if (!session_->live()) return;
  if (status >= 200 && status < 300 && !c.body.empty()) sink->OnFrame(&c.body);
  if (!session_->live()) return;
  if (polls_) session_->PollAnswered();
  if (state_ == State::kIdle) {
    WriteNext();
  } else if (state_ == State::kClosed && !queue_.empty()) {
    Connect();
  }
}

// The socket is unusable: the request in flight (if any) gets no answer; later ones retry on
// a new socket.
void Lane::Failed(const std::string& why, bool socket_died) {
  const bool busy = state_ == State::kBusy || state_ == State::kConnecting;
  // A kept-alive socket the server closed just as the request went out: the request was
  // never read, and an idempotent one is sent again once on a new socket (RFC 9112 9.3.1).
  const std::string_view front = queue_.empty() ? std::string_view() : queue_.front();
  const bool idempotent =
      front.rfind("GET ", 0) == 0 || front.rfind("PUT ", 0) == 0 || front.rfind("DELETE ", 0) == 0;
  const bool retry = socket_died && state_ == State::kBusy && in_.empty() &&
                     answered_on_socket_ > 0 &&
                     idempotent;  // a new socket has answered nothing: no second retry
  Reset();
  if (retry) return Connect();
  if (session_->LaneConnectFailed(this, why)) return;
  if (busy && !queue_.empty()) Answered(0, why);
}

void Lane::Reset() {
  ++generation_;
  timer_.cancel();
  if (socket_) {
    std::error_code ignored;
    socket_->socket().close(ignored);
  }
  socket_.reset();  // handlers hold the session, not the socket: safe to drop
  reading_ = false;
  in_.clear();
  answered_on_socket_ = 0;
  state_ = State::kClosed;
}

void Lane::Shut() {
  queue_.clear();
  Reset();
}

}  // namespace

HttpClient::HttpClient(asio::io_context* io, const TargetUrl& target, std::size_t max_body_bytes,
                       const Headers& headers)
    : impl_(std::make_unique<Impl>()) {
  impl_->io = io;
  impl_->max_body_bytes = max_body_bytes;
  const bool v6 = target.host.find(':') != std::string::npos;
  impl_->host_header =
      (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
  for (const auto& [name, value] : headers) impl_->extra_headers += name + ": " + value + "\r\n";
  impl_->endpoints = ResolveTarget(*io, target, &impl_->resolve_error);
  if (impl_->resolve_error.empty()) {
    impl_->sources.Set(target.source_addresses, impl_->endpoints, &impl_->resolve_error);
  }
  if (target.scheme == "https" && impl_->resolve_error.empty()) {
    impl_->tls = TlsContext::Make(target, &impl_->resolve_error);
  }
}

HttpClient::~HttpClient() = default;

Client::Connection HttpClient::Connect(ClientSink* sink, std::string* error,
                                       std::string_view /*resource: requests name their own*/,
                                       std::string_view headers) {
  if (!impl_->resolve_error.empty()) {
    *error = impl_->resolve_error;
    return nullptr;
  }
  auto session = std::make_shared<Session>(impl_.get(), sink, headers);
  session->Open();
  return session;
}

bool HttpClient::Send(const Connection& connection, std::string_view request) {
  return static_cast<Session*>(connection.get())->Send(request);
}

void HttpClient::Close(const Connection& connection) {
  static_cast<Session*>(connection.get())->Close();
}

void HttpClient::StartPolling(const Connection& connection, std::string_view request,
                              Micros interval_us) {
  static_cast<Session*>(connection.get())->Poll(request, interval_us);
}

}  // namespace swarmgate
