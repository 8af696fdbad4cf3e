#include "swarmgate/http_get.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "loopback_listener.h"

namespace swarmgate {
namespace {

// A one-shot loopback server: accepts one connection, reads the request, sends `answer`
// (unless empty: then it stays silent) and closes.
class OneShotServer {
 public:
  explicit OneShotServer(std::string answer) : answer_(std::move(answer)) {
    fd_ = ListenOnLoopback(&port_);
    thread_ = std::thread([this] {
      const int c = accept(fd_, nullptr, nullptr);
      char buf[1024];
      const ssize_t n = read(c, buf, sizeof buf);
      request_.assign(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
      if (!answer_.empty()) {
        (void)!write(c, answer_.data(), answer_.size());
      } else {
        (void)!read(c, buf, sizeof buf);  // until the client gives up and closes
      }
      close(c);
    });
  }
  ~OneShotServer() {
    thread_.join();
    close(fd_);
  }
  TargetUrl url() const {
    TargetUrl u;
    u.scheme = "http";
    u.host = "127.0.0.1";
    u.port = port_;
    u.resource = "/metrics";
    return u;
  }
  std::string request_;

 private:
  std::string answer_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(HttpGet, ReturnsTheBodyOfA200) {
  std::string error;
  std::optional<std::string> body;
  std::string request;
  {
    OneShotServer server("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nup 1\n");
    body = HttpGet(server.url(), 2, &error);
    EXPECT_EQ(error, "");
    ASSERT_TRUE(body);
    EXPECT_EQ(*body, "up 1\n");
  }
}

TEST(HttpGet, NamesTheUrlAndTheReasonWhenItFails) {
  std::string error;
  {
    OneShotServer server("HTTP/1.1 404 Not Found\r\n\r\nno");
    EXPECT_FALSE(HttpGet(server.url(), 2, &error));
    EXPECT_EQ(error, "GET " + server.url().ToString() + ": HTTP 404");
  }
  {
    OneShotServer server("SSH-2.0-OpenSSH\r\n");
    EXPECT_FALSE(HttpGet(server.url(), 2, &error));
    EXPECT_EQ(error.find("GET " + server.url().ToString() + ": not an HTTP response"), 0u) << error;
  }
  {
    OneShotServer server("");  // accepts, then silence
    EXPECT_FALSE(HttpGet(server.url(), 0.2, &error));
    EXPECT_NE(error.find("no complete answer within"), std::string::npos) << error;
  }
  TargetUrl closed;
  closed.scheme = "http";
  closed.host = "127.0.0.1";
  closed.port = 1;
  EXPECT_FALSE(HttpGet(closed, 2, &error));
  EXPECT_NE(error.find("refused"), std::string::npos) << error;
}

}  // namespace
}  // namespace swarmgate
