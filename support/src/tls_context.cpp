#include "tls_context.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <asio/ssl/context.hpp>

#include "printable.h"

namespace swarmgate {

namespace {

// The index of the TlsContext in each SSL_CTX's application data.
int ContextIndex() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

}  // namespace

std::unique_ptr<TlsContext> TlsContext::Make(const TargetUrl& target, std::string* error) {
  std::unique_ptr<TlsContext> tls(new TlsContext());
  tls->context_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  asio::ssl::context& c = *tls->context_;
  std::error_code ec;
  c.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1,
                ec);
  SSL_CTX* ctx = c.native_handle();
  // A server that ends TCP without close_notify is a closed connection, not an error.
  SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                            SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  tls->verify_ = target.tls_verify;
  if (tls->verify_) {
    c.set_verify_mode(asio::ssl::verify_peer, ec);
    if (target.tls_ca_file.empty()) {
      c.set_default_verify_paths(ec);
    } else {
      c.load_verify_file(target.tls_ca_file, ec);
      if (ec) {
        *error =
            "cannot use the CA file " + Printable(target.tls_ca_file, 200) + ": " + ec.message();
        return nullptr;
      }
    }
  } else {
    c.set_verify_mode(asio::ssl::verify_none, ec);
  }
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, &TlsContext::OnNewSession);
  SSL_CTX_set_ex_data(ctx, ContextIndex(), tls.get());
  tls->host_ = target.host;
  in6_addr address{};
  tls->host_is_address_ = inet_pton(AF_INET, target.host.c_str(), &address) == 1 ||
                          inet_pton(AF_INET6, target.host.c_str(), &address) == 1;
  return tls;
}

TlsContext::~TlsContext() {
  if (resumable_) SSL_SESSION_free(resumable_);
}

SSL* TlsContext::NewConnection() const {
  SSL* ssl = SSL_new(context_->native_handle());
  if (!ssl) return nullptr;
  if (!host_is_address_) SSL_set_tlsext_host_name(ssl, host_.c_str());  // SNI: names only
  if (verify_) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (host_is_address_) {
      X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str());
    } else {
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      X509_VERIFY_PARAM_set1_host(param, host_.c_str(), host_.size());
    }
  }
  if (resumable_) SSL_set_session(ssl, resumable_);
  return ssl;
}

int TlsContext::OnNewSession(SSL* ssl, SSL_SESSION* session) {
  auto* self = static_cast<TlsContext*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ContextIndex()));
  if (!self || !SSL_SESSION_is_resumable(session)) return 0;
  if (self->resumable_) SSL_SESSION_free(self->resumable_);
  self->resumable_ = session;
  return 1;  // the context keeps the reference OpenSSL handed over
}

}  // namespace swarmgate
