// The HTTP transport against scripted servers: each reads requests and answers with exactly
// the bytes a test gives it, so keep-alive, chunking and every misbehaviour are reproducible.
#include "http_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "http_response.h"
#include "loopback_listener.h"
#include "loopback_url.h"

namespace swarmgate {
namespace {

// Accepts connections one after another; on each, reads one request head (and a body of the
// Content-Length it names) per entry of `answers`, answering each with the entry. An empty
// entry closes the connection instead (the server dropping an idle keep-alive socket); kDrop
// reads the request and then closes without answering.
const std::string kDrop = "DROP";

class ScriptedHttpServer {
 public:
  explicit ScriptedHttpServer(std::vector<std::string> answers) {
    listener_ = ListenOnLoopback(&port_);
    thread_ = std::thread([this, answers = std::move(answers)] {
      std::size_t next = 0;
      while (next < answers.size()) {
        const int c = accept(listener_, nullptr, nullptr);
        if (c < 0) return;
        ++connections_;
        std::string in;
        while (next < answers.size()) {
          if (answers[next].empty()) {
            ++next;
            break;
          }
          std::size_t end;
          char buf[4096];
          while ((end = in.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t n = read(c, buf, sizeof buf);
            if (n <= 0) break;
            in.append(buf, static_cast<std::size_t>(n));
          }
          if (end == std::string::npos) break;
          std::size_t length = 0;
          if (const std::size_t at = in.find("Content-Length: "); at < end) {
            length = std::stoul(in.substr(at + 16));
          }
          while (in.size() < end + 4 + length) {
            const ssize_t n = read(c, buf, sizeof buf);
            if (n <= 0) break;
            in.append(buf, static_cast<std::size_t>(n));
          }
          requests_ += in.substr(0, end + 4 + length) + "|";
          in.erase(0, end + 4 + length);
          if (answers[next] == kDrop) {
            ++next;
            break;
          }
          (void)!write(c, answers[next].data(), answers[next].size());
          ++next;
        }
        close(c);
      }
    });
  }
  ~ScriptedHttpServer() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  TargetUrl url() const { return LoopbackUrl("http", port_, "/"); }
  // Valid once the client is done.
  const std::string& requests() const { return requests_; }
  int connections() const { return connections_; }

 private:
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::string requests_;
  int connections_ = 0;
};

struct Events final : ClientSink {
  void OnOpen() override { log += "open;"; }
  void OnFrame(std::string* payload) override { log += "body " + *payload + ";"; }
  void OnFail(ConnectError, std::string_view why) override {
    log += "fail " + std::string(why) + ";";
  }
  void OnClosed(std::string_view why) override {
    log += "closed " + std::string(why) + ";";
    done = true;
  }
  void OnHttpResponse(int status, Micros, bool polled, std::string_view what) override {
    log += (polled ? "poll " : "") + std::to_string(status) + " " + std::string(what) + ";";
    if (--answers_left == 0) close_now = true;
  }
  std::string log;
  int answers_left = 0;
  bool close_now = false;
  bool done = false;
};

// Sends the requests, waits for that many answers, closes; returns what the sink heard.
std::string Converse(const ScriptedHttpServer& server, const std::vector<std::string>& requests,
                     std::size_t max_body = 1 << 20) {
  asio::io_context io{1};
  HttpClient client(&io, server.url(), max_body, {{"X-Token", "t1"}});
  Events events;
  events.answers_left = static_cast<int>(requests.size());
  std::string error;
  Client::Connection c = client.Connect(&events, &error);
  EXPECT_TRUE(c) << error;
  for (const std::string& r : requests) client.Send(c, r);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  bool closing = false;
  while (!events.done && std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
    if (events.close_now && !closing) {
      closing = true;
      client.Close(c);
    }
  }
  return events.log;
}

TEST(HttpClient, KeepsOneSocketAliveForRequestsInOrder) {
  ScriptedHttpServer server({"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{\"a\":\"1\"}",
                             "HTTP/1.1 204 No Content\r\n\r\n",
                             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "4\r\n{\"b\"\r\n5;x=y\r\n:\"22\"\r\n1\r\n}\r\n0\r\n\r\n"});
  EXPECT_EQ(Converse(server, {"POST /session\n{\"name\":\"n\"}", "POST /typing\n", "GET /poll\n"}),
            "open;200 POST /session;body {\"a\":\"1\"};204 POST /typing;200 GET /poll;"
            "body {\"b\":\"22\"};closed closed by the client;");
  EXPECT_EQ(server.connections(), 1);
  const std::string& r = server.requests();
  EXPECT_NE(r.find("POST /session HTTP/1.1\r\nHost: 127.0.0.1:"), std::string::npos);
  EXPECT_NE(r.find("X-Token: t1\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
                   "{\"name\":\"n\"}|"),
            std::string::npos);
  EXPECT_NE(r.find("Content-Length: 0\r\n\r\n|GET /poll HTTP/1.1"), std::string::npos);
}

TEST(HttpClient, ReportsErrorStatusesWithoutDeliveringTheirBodies) {
  ScriptedHttpServer server({"HTTP/1.1 404 Not Found\r\nContent-Length: 13\r\n\r\nno such room\n",
                             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"});
  EXPECT_EQ(Converse(server, {"POST /rooms/x\n", "GET /poll\n"}),
            "open;404 POST /rooms/x: HTTP 404 \"no such room\\n\";200 GET /poll;body {};"
            "closed closed by the client;");
}

TEST(HttpClient, OpensANewSocketWhenTheServerClosedTheKeptOne) {
  // The first answer says close; the next request must go out on a fresh socket.
  ScriptedHttpServer server({"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
                             "", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]"});
  EXPECT_EQ(Converse(server, {"GET /a\n", "GET /b\n"}),
            "open;200 GET /a;body {};200 GET /b;body [];closed closed by the client;");
  EXPECT_EQ(server.connections(), 2);
}

// The server closed a kept-alive socket as the next request went out: a GET is sent again on
// a new socket; a POST is not (it may have been acted on), and fails.
TEST(HttpClient, RetriesAnIdempotentRequestOnceWhenAKeptSocketDies) {
  {
    ScriptedHttpServer server({"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", kDrop,
                               "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]"});
    EXPECT_EQ(Converse(server, {"GET /a\n", "GET /b\n"}),
              "open;200 GET /a;body {};200 GET /b;body [];closed closed by the client;");
    EXPECT_EQ(server.connections(), 2);
  }
  {
    ScriptedHttpServer server({"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", kDrop});
    EXPECT_EQ(Converse(server, {"GET /a\n", "POST /b\n"}),
              "open;200 GET /a;body {};0 POST /b: the server closed the connection without "
              "answering;closed closed by the client;");
  }
}

TEST(HttpClient, GarbageAndOversizedAnswersFailTheRequestNotTheRun) {
  {
    ScriptedHttpServer server({"SSH-2.0-OpenSSH_9.2\r\n\r\n"});
    EXPECT_EQ(Converse(server, {"GET /a\n"}),
              "open;0 GET /a: not an HTTP/1.x status line: \"SSH-2.0-OpenSSH_9.2\";"
              "closed closed by the client;");
  }
  {
    ScriptedHttpServer server({"HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n"});
    EXPECT_EQ(Converse(server, {"GET /a\n"}, 1 << 20),
              "open;0 GET /a: a body of 5000000 bytes (over 1048576);closed closed by the client;");
  }
  {
    ScriptedHttpServer server({"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"});
    EXPECT_EQ(Converse(server, {"GET /a\n"}),
              "open;0 GET /a: a malformed chunk size \"zz\";closed closed by the client;");
  }
}

// Several sockets of one client answered at once, each body larger than the client's read
// buffer (which the sockets share): every body must arrive whole and be its own socket's.
TEST(HttpClient, SocketsAnsweredAtOnceKeepTheirBytesApart) {
  constexpr int kSockets = 4;
  constexpr int kRequestsEach = 5;
  constexpr std::size_t kBodyBytes = 200 * 1024;
  std::uint16_t port = 0;
  const int listener = ListenOnLoopback(&port);
  // Each connection answers its requests with a body of one letter, its own.
  std::vector<std::thread> servers;
  std::thread acceptor([&] {
    for (int i = 0; i < kSockets; ++i) {
      const int c = accept(listener, nullptr, nullptr);
      if (c < 0) return;
      servers.emplace_back([c, letter = static_cast<char>('a' + i)] {
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kBodyBytes) + "\r\n\r\n" +
            std::string(kBodyBytes, letter);
        std::string in;
        char buf[4096];
        for (;;) {
          const ssize_t n = read(c, buf, sizeof buf);
          if (n <= 0) break;
          in.append(buf, static_cast<std::size_t>(n));
          for (std::size_t end; (end = in.find("\r\n\r\n")) != std::string::npos;) {
            in.erase(0, end + 4);
            (void)!write(c, answer.data(), answer.size());
          }
        }
        close(c);
      });
    }
  });
  struct Checker final : ClientSink {
    void OnOpen() override {}
    void OnFrame(std::string* body) override {
      if (letter == 0 && !body->empty()) letter = body->front();
      whole += body->size() == kBodyBytes && body->find_first_not_of(letter) == std::string::npos;
    }
    void OnFail(ConnectError, std::string_view why) override { problems += std::string(why); }
    void OnClosed(std::string_view) override {}
    void OnHttpResponse(int status, Micros, bool, std::string_view what) override {
      if (status != 200) problems += std::string(what) + ";";
      ++answers;
    }
    char letter = 0;
    int whole = 0;
    int answers = 0;
    std::string problems;
  };
  asio::io_context io{1};
  {
    HttpClient client(&io, LoopbackUrl("http", port, "/"), 1 << 20);
    Checker checkers[kSockets];
    std::vector<Client::Connection> connections;
    for (Checker& checker : checkers) {
      std::string error;
      connections.push_back(client.Connect(&checker, &error));
      EXPECT_TRUE(connections.back()) << error;
      if (!connections.back()) break;
      for (int r = 0; r < kRequestsEach; ++r) client.Send(connections.back(), "GET /bulk\n");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
    const auto all_answered = [&] {
      for (const Checker& checker : checkers) {
        if (checker.answers < kRequestsEach) return false;
      }
      return true;
    };
    while (!all_answered() && std::chrono::steady_clock::now() < deadline) {
      io.run_one_until(deadline);
    }
    for (const Checker& checker : checkers) {
      EXPECT_EQ(checker.problems, "");
      EXPECT_EQ(checker.whole, kRequestsEach) << "socket answered with '" << checker.letter << "'";
    }
    for (const Client::Connection& c : connections) {
      if (c) client.Close(c);
    }
    io.run_for(std::chrono::milliseconds(50));
  }
  shutdown(listener, SHUT_RDWR);
  close(listener);
  acceptor.join();
  for (std::thread& t : servers) t.join();
}

TEST(HttpClient, AnUnreachableServerFailsTheConnection) {
  std::uint16_t port = 0;
  const int fd = ListenOnLoopback(&port);
  close(fd);  // nobody listens there now
  asio::io_context io{1};
  HttpClient client(&io, LoopbackUrl("http", port, "/"), 1 << 20);
  Events events;
  std::string error;
  Client::Connection c = client.Connect(&events, &error);
  ASSERT_TRUE(c);
  io.run_for(std::chrono::seconds(6));
  EXPECT_EQ(events.log.rfind("fail TCP connect failed: ", 0), 0u) << events.log;
}

TEST(HttpResponseHead, ParsesStatusLengthChunkingAndConnection) {
  HttpResponseHead head;
  std::string error;
  EXPECT_EQ(ParseResponseHead("HTTP/1.1 200 OK\r\nContent-Le", &head, &error), 0);
  ASSERT_EQ(ParseResponseHead("HTTP/1.0 503 Busy\r\ncontent-length:  7 \r\n\r\nxx", &head, &error),
            1);
  EXPECT_EQ(head.status, 503);
  EXPECT_EQ(head.content_length, 7);
  EXPECT_FALSE(head.keep_alive);  // HTTP/1.0
  ASSERT_EQ(ParseResponseHead("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: gzip, chunked\r\n"
                              "Connection: close\r\n\r\n",
                              &head, &error),
            1);
  EXPECT_TRUE(head.chunked);
  EXPECT_FALSE(head.keep_alive);
  EXPECT_EQ(ParseResponseHead("HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n", &head, &error), -1);
  EXPECT_EQ(error, "a bad Content-Length: \"-3\"");
  EXPECT_EQ(ParseResponseHead("hello world", &head, &error), -1);
}

TEST(HttpResponseHead, DecodesChunkedBodiesPieceByPiece) {
  std::string body, error;
  const std::string whole = "3\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n";
  for (std::size_t cut = 0; cut < whole.size(); ++cut) {
    EXPECT_EQ(DecodeChunked(whole.substr(0, cut), 1024, &body, &error), 0) << cut;
  }
  EXPECT_EQ(DecodeChunked(whole, 1024, &body, &error), static_cast<long long>(whole.size()));
  EXPECT_EQ(body, "abc0123456789");
  EXPECT_EQ(DecodeChunked(whole, 8, &body, &error), -1);
  EXPECT_EQ(error, "a body over 8 bytes");
  EXPECT_EQ(DecodeChunked("3\r\nabcX\r\n", 1024, &body, &error), -1);
  EXPECT_EQ(error, "a chunk not followed by CRLF");
}

}  // namespace
}  // namespace swarmgate
