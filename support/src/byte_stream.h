#pragma once
// One client socket, plain or TLS, used the way the swarm's clients use sockets: reactor
// style, reading and writing without blocking when readiness says so. Over TLS the bytes go
// through OpenSSL on the same non-blocking socket; "would block" means what it means for a
// plain socket (wait for readiness, then try again).

#include <openssl/ssl.h>

#include <asio/ip/tcp.hpp>
#include <cstddef>
#include <string>
#include <system_error>

#include "swarmgate/clock.h"

namespace swarmgate {

class TlsContext;

// Whether the kernel stamps received data here. Linux switches stamping on for the whole
// machine once a socket asks for it, a moment later, and off when the last such socket
// closes: the first call opens a loopback UDP socket that asks, keeps it open for the life of
// the process, and waits (at most 200 ms) until a datagram sent to itself arrives stamped.
bool KernelReceiveStampsReady();

class ByteStream {
 public:
  // tls null: a plain socket.
  ByteStream(asio::io_context& io, const TlsContext* tls);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  asio::ip::tcp::socket& socket() { return socket_; }
  bool secure() const { return tls_ != nullptr; }

  // The TLS handshake, once TCP is connected and the socket non-blocking: call until it is
  // kDone, waiting for the readiness it asks for. kFailed sets *error (one line: why, and
  // for a refused certificate what the user can do).
  enum class Step { kDone, kWantRead, kWantWrite, kFailed };
  Step Handshake(std::string* error);

  // Plain sockets: asks the kernel to stamp each received segment (SO_TIMESTAMPNS), so that
  // ReadSome can say when the bytes arrived, however late the thread reads them. Once
  // connected; false when the platform does not stamp.
  bool StampReceives();

  // As asio's read_some / write_some on a non-blocking socket: would_block when nothing can
  // be done now, eof when the server ended the stream. *received_us (when given): when the last of
  // the bytes read reached the socket (monotonic, as NowMicros), from the kernel's stamp when
  // StampReceives took, else now.
  std::size_t ReadSome(char* data, std::size_t size, std::error_code& ec,
                       Micros* received_us = nullptr);
  std::size_t WriteSome(const char* data, std::size_t size, std::error_code& ec);

 private:
  std::error_code Error(int result);

  asio::ip::tcp::socket socket_;
  const TlsContext* tls_;
  SSL* ssl_ = nullptr;
  bool stamped_ = false;
};

}  // namespace swarmgate
