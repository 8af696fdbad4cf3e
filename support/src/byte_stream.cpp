#include "byte_stream.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <asio/error.hpp>
#include <asio/ssl/error.hpp>
#include <cerrno>

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

std::size_t ByteStream::ReadSome(char* data, std::size_t size, std::error_code& ec) {
  if (!ssl_) return socket_.read_some(asio::buffer(data, size), ec);
  ERR_clear_error();
  errno = 0;
  std::size_t n = 0;
  const int result = SSL_read_ex(ssl_, data, size, &n);
  ec = result == 1 ? std::error_code() : Error(result);
  return n;
}

std::size_t ByteStream::WriteSome(const char* data, std::size_t size, std::error_code& ec) {
  if (!ssl_) return socket_.write_some(asio::buffer(data, size), ec);
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
