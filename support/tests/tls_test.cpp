// The swarm's TLS client against an in-process OpenSSL server on loopback, with certificates
// made for the test: what is verified, what is refused and why, SNI, and resumption.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <filesystem>
#include <thread>

#include "byte_stream.h"
#include "test_certificates.h"
#include "tls_context.h"

namespace swarmgate {
namespace {

using asio::ip::tcp;

// What the server saw of one handshake.
struct Accepted {
  bool ok = false;
  std::string server_name;  // SNI; empty when none was sent
  bool resumed = false;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("swarmgate-tls-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    std::string error;
    auto trusted = MakeTestCertificates((dir_ / "trusted").string(), false, &error);
    auto self_signed = MakeTestCertificates((dir_ / "self").string(), true, &error);
    ASSERT_TRUE(trusted && self_signed) << error;
    trusted_ = *trusted;
    self_signed_ = *self_signed;
  }
  void TearDown() override {
    if (server_ctx_) SSL_CTX_free(server_ctx_);
    std::filesystem::remove_all(dir_);
  }

  void Serve(const TestCertificates& certificates) {
    server_ctx_ = SSL_CTX_new(TLS_server_method());
    ASSERT_EQ(SSL_CTX_use_certificate_chain_file(server_ctx_, certificates.cert_file.c_str()), 1);
    ASSERT_EQ(
        SSL_CTX_use_PrivateKey_file(server_ctx_, certificates.key_file.c_str(), SSL_FILETYPE_PEM),
        1);
  }

  // One connection: the server accepts and handshakes on a thread while the client's
  // ByteStream handshakes (blocking socket: each step completes or fails).
  Accepted Handshake(const TlsContext& tls, std::string* client_error, bool* client_ok) {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    Accepted accepted;
    std::thread server([&] {
      tcp::socket peer(io);
      acceptor.accept(peer);
      SSL* ssl = SSL_new(server_ctx_);
      SSL_set_fd(ssl, static_cast<int>(peer.native_handle()));
      accepted.ok = SSL_accept(ssl) == 1;
      if (const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) {
        accepted.server_name = name;
      }
      accepted.resumed = SSL_session_reused(ssl) == 1;
      if (accepted.ok) {
        char byte = 0;
        SSL_read(ssl, &byte, 1);  // the client's one byte; also sends the session tickets
        SSL_write(ssl, "!", 1);
      }
      SSL_shutdown(ssl);
      SSL_free(ssl);
    });
    ByteStream stream(io, &tls);
    stream.socket().connect(acceptor.local_endpoint());
    ByteStream::Step step = stream.Handshake(client_error);
    *client_ok = step == ByteStream::Step::kDone;
    if (*client_ok) {
      std::error_code ec;
      stream.WriteSome("?", 1, ec);
      char byte = 0;
      stream.ReadSome(&byte, 1, ec);  // reads the tickets the server sent after the handshake
      EXPECT_EQ(byte, '!') << ec.message();
    } else {
      stream.socket().close();
    }
    server.join();
    return accepted;
  }

  TargetUrl Url(const std::string& host) const {
    TargetUrl url;
    url.scheme = "wss";
    url.host = host;
    url.port = 443;
    url.tls_ca_file = trusted_.ca_file;
    return url;
  }

  std::filesystem::path dir_;
  TestCertificates trusted_, self_signed_;
  SSL_CTX* server_ctx_ = nullptr;
};

TEST_F(TlsTest, ANameIsSentAsSniAndVerifiedAgainstTheUsersCa) {
  Serve(trusted_);
  std::string error;
  const auto tls = TlsContext::Make(Url("localhost"), &error);
  ASSERT_TRUE(tls) << error;
  bool ok = false;
  const Accepted a = Handshake(*tls, &error, &ok);
  EXPECT_TRUE(ok) << error;
  EXPECT_TRUE(a.ok);
  EXPECT_EQ(a.server_name, "localhost");
}

TEST_F(TlsTest, AnAddressIsVerifiedWithoutSni) {
  Serve(trusted_);
  std::string error;
  const auto tls = TlsContext::Make(Url("127.0.0.1"), &error);
  ASSERT_TRUE(tls) << error;
  bool ok = false;
  const Accepted a = Handshake(*tls, &error, &ok);
  EXPECT_TRUE(ok) << error;
  EXPECT_EQ(a.server_name, "");  // RFC 6066: no SNI for an address
}

TEST_F(TlsTest, ACertificateForAnotherHostIsRefused) {
  Serve(trusted_);
  std::string error;
  const auto tls = TlsContext::Make(Url("chat.test"), &error);
  ASSERT_TRUE(tls) << error;
  bool ok = true;
  Handshake(*tls, &error, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(error,
            "TLS: the server's certificate is not trusted (hostname mismatch); set "
            "SWARMGATE_CA_FILE to its CA, or SWARMGATE_TLS_INSECURE=1 to skip the check");
}

TEST_F(TlsTest, ASelfSignedCertificateIsRefusedUnlessTheUserOptsOut) {
  Serve(self_signed_);
  TargetUrl url = Url("localhost");
  url.tls_ca_file.clear();  // the system's store, which does not hold it
  std::string error;
  auto tls = TlsContext::Make(url, &error);
  ASSERT_TRUE(tls) << error;
  bool ok = true;
  Handshake(*tls, &error, &ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(error.find("not trusted (self-signed certificate)"), std::string::npos) << error;

  url.tls_verify = false;
  tls = TlsContext::Make(url, &error);
  error.clear();
  Handshake(*tls, &error, &ok);
  EXPECT_TRUE(ok) << error;
}

TEST_F(TlsTest, LaterConnectionsResumeTheSession) {
  Serve(trusted_);
  std::string error;
  const auto tls = TlsContext::Make(Url("localhost"), &error);
  ASSERT_TRUE(tls) << error;
  bool ok = false;
  EXPECT_FALSE(Handshake(*tls, &error, &ok).resumed);
  ASSERT_TRUE(ok) << error;
  EXPECT_TRUE(Handshake(*tls, &error, &ok).resumed);
  EXPECT_TRUE(ok) << error;
}

TEST_F(TlsTest, ACaFileThatIsNotOneIsNamed) {
  TargetUrl url = Url("localhost");
  url.tls_ca_file = trusted_.key_file;
  std::string error;
  EXPECT_FALSE(TlsContext::Make(url, &error));
  EXPECT_EQ(error.find("cannot use the CA file " + trusted_.key_file + ": "), 0u) << error;
}

}  // namespace
}  // namespace swarmgate
