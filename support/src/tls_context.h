#pragma once
// TLS for one swarm thread's client (wss://, https://): OpenSSL, configured once through
// Asio's SSL context. Certificates are verified against the system store, or the user's CA
// (SWARMGATE_CA_FILE), and the host name or address the URL names; only the user's explicit
// opt-out (SWARMGATE_TLS_INSECURE=1) turns that off. The last session ticket the server gave
// is offered on every new connection (resumption: no certificate chain to check again), and
// idle connections hold no TLS buffers (SSL_MODE_RELEASE_BUFFERS).

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "swarmgate/target_url.h"

namespace asio::ssl {
class context;
}

namespace swarmgate {

class TlsContext {
 public:
  // nullptr with *error (one line naming the file) when the CA file cannot be used.
  static std::unique_ptr<TlsContext> Make(const TargetUrl& target, std::string* error);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A new connection's TLS state: SNI and the identity to verify set, a kept session offered.
  // The caller owns it (SSL_free).
  SSL* NewConnection() const;

 private:
  TlsContext() = default;
  static int OnNewSession(SSL* ssl, SSL_SESSION* session);

  std::unique_ptr<asio::ssl::context> context_;
  std::string host_;
  bool host_is_address_ = false;
  bool verify_ = true;
  SSL_SESSION* resumable_ = nullptr;  // owned; the newest ticket
};

}  // namespace swarmgate
