#include "byte_stream.h"

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/error.hpp>
#include <asio/ssl/error.hpp>
#include <cerrno>
#include <cstring>

#include "tls_context.h"

namespace swarmgate {

ByteStream::ByteStream(asio::io_context& io, const TlsContext* tls) : socket_(io), tls_(tls) {}

ByteStream::~ByteStream() {
  if (!ssl_) return;
  // No close_notify is written here (the socket may be closed and its descriptor reused);
  // marked as shut down, the session stays resumable for the connections after this one.
  SSL_set_shutdown(ssl_, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  SSL_free(ssl_);
}

ByteStream::Step ByteStream::Handshake(std::string* error) {
  if (!tls_) return Step::kDone;
  if (!ssl_) {
    ssl_ = tls_->NewConnection();
    if (!ssl_ || SSL_set_fd(ssl_, static_cast<int>(socket_.native_handle())) != 1) {
      *error = "TLS: cannot start a session";
      return Step::kFailed;
    }
  }
  ERR_clear_error();
  const int result = SSL_connect(ssl_);
  if (result == 1) return Step::kDone;
  const int why = SSL_get_error(ssl_, result);
  if (why == SSL_ERROR_WANT_READ) return Step::kWantRead;
  if (why == SSL_ERROR_WANT_WRITE) return Step::kWantWrite;
  const long verified = SSL_get_verify_result(ssl_);
  if (verified != X509_V_OK) {
    *error = std::string("TLS: the server's certificate is not trusted (") +
             X509_verify_cert_error_string(verified) +
             "); set SWARMGATE_CA_FILE to its CA, or SWARMGATE_TLS_INSECURE=1 to skip the check";
  } else if (const unsigned long e = ERR_peek_error(); e != 0) {
    const char* reason = ERR_reason_error_string(e);
    *error = std::string("TLS handshake failed: ") + (reason ? reason : "unknown error");
  } else if (why == SSL_ERROR_SYSCALL || why == SSL_ERROR_ZERO_RETURN) {
    *error = "TLS handshake failed: the server closed the connection (does it speak TLS?)";
  } else {
    *error = "TLS handshake failed";
  }
  ERR_clear_error();
  return Step::kFailed;
}

namespace {

bool StampsArrive() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const int on = 1;
  sockaddr_in self{};
  self.sin_family = AF_INET;
  self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof self;
  const timeval wait{0, 20'000};
  if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) != 0 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&self), sizeof self) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&self), &length) != 0) {
    ::close(fd);
    return false;
  }
  // Deliberately never closed: while it is open, the kernel keeps stamping for every socket.
  for (int attempt = 0; attempt < 10; ++attempt) {
    const char probe = 's';
    if (::sendto(fd, &probe, 1, 0, reinterpret_cast<sockaddr*>(&self), sizeof self) != 1) break;
    char got;
    iovec io{&got, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    msghdr message{};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    if (::recvmsg(fd, &message, 0) != 1) continue;
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) return true;
    }
    ::usleep(20'000);
  }
  return false;
}

}  // namespace

bool KernelReceiveStampsReady() {
  static const bool ready = StampsArrive();
  return ready;
}

bool ByteStream::StampReceives() {
  const int on = 1;
  stamped_ = !tls_ && KernelReceiveStampsReady() &&
             setsockopt(socket_.native_handle(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) == 0;
  return stamped_;
}

std::size_t ByteStream::ReadSome(char* data, std::size_t size, std::error_code& ec,
                                 Micros* received_us) {
  if (ssl_) {
    if (received_us) *received_us = NowMicros();
    ERR_clear_error();
    errno = 0;
    std::size_t n = 0;
    const int result = SSL_read_ex(ssl_, data, size, &n);
    ec = result == 1 ? std::error_code() : Error(result);
    return n;
  }
  // Plain: the socket's own calls, never blocking whatever Asio believes of the socket.
  iovec io{data, size};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  if (stamped_) {
    message.msg_control = control;
    message.msg_controllen = sizeof control;
  }
  ssize_t n;
  do {
    n = ::recvmsg(socket_.native_handle(), &message, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    ec = std::error_code(errno, asio::error::get_system_category());
    return 0;
  }
  if (n == 0 && size > 0) {
    ec = asio::error::eof;
    return 0;
  }
  ec.clear();
  if (!received_us) return static_cast<std::size_t>(n);
  *received_us = NowMicros();
  for (cmsghdr* c = stamped_ ? CMSG_FIRSTHDR(&message) : nullptr; c != nullptr;
       c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec stamp{};
    std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
    // The stamp is wall-clock time: how long ago it was, taken from now on the steady clock.
    const std::int64_t stamp_unix_us =
        static_cast<std::int64_t>(stamp.tv_sec) * 1'000'000 + stamp.tv_nsec / 1000;
    const std::int64_t ago_us = UnixMicros() - stamp_unix_us;
    if (ago_us > 0 && ago_us < kMicrosPerSecond * 60) *received_us -= ago_us;
  }
  return static_cast<std::size_t>(n);
}

std::size_t ByteStream::WriteSome(const char* data, std::size_t size, std::error_code& ec) {
  if (!ssl_) {
    ssize_t n;
    do {
      n = ::send(socket_.native_handle(), data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      ec = std::error_code(errno, asio::error::get_system_category());
      return 0;
    }
    ec.clear();
    return static_cast<std::size_t>(n);
  }
  if (size == 0) {
    ec.clear();
    return 0;
  }
  ERR_clear_error();
  errno = 0;
  std::size_t n = 0;
  const int result = SSL_write_ex(ssl_, data, size, &n);
  ec = result == 1 ? std::error_code() : Error(result);
  return n;
}

std::error_code ByteStream::Error(int result) {
  switch (SSL_get_error(ssl_, result)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      return asio::error::would_block;
    case SSL_ERROR_ZERO_RETURN:
      return asio::error::eof;
    case SSL_ERROR_SYSCALL:
      if (errno != 0) return {errno, std::system_category()};
      return asio::error::eof;
    default: {
      const unsigned long e = ERR_get_error();
      ERR_clear_error();
      return {static_cast<int>(e), asio::error::get_ssl_category()};
    }
  }
}

}  // namespace swarmgate
