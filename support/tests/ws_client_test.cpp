// The client against scripted servers: each answers the upgrade (or not) and then sends
// exactly the bytes a test gives it, so every misbehaviour is reproducible.
#include "ws_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <asio/io_context.hpp>
#include <atomic>
#include <chrono>
#include <thread>
#include <websocketpp/base64/base64.hpp>
#include <websocketpp/sha1/sha1.hpp>

#include "loopback_listener.h"
#include "loopback_url.h"

namespace swarmgate {
namespace {

std::string AcceptFor(const std::string& key) {
  const std::string text = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char hash[20];
  websocketpp::sha1::calc(text.data(), text.size(), hash);
  return websocketpp::base64_encode(hash, sizeof hash);
}

// The client's upgrade request, read from socket c up to its blank line.
std::string ReadRequest(int c) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = read(c, buf, sizeof buf);
    if (n <= 0) break;
    request.append(buf, static_cast<std::size_t>(n));
  }
  return request;
}

// The answer to an upgrade request: status_line and the accept key of the request's key (of
// another key when wrong_key).
std::string AnswerTo(const std::string& request, const std::string& status_line,
                     bool wrong_key = false) {
  const std::size_t k = request.find("Sec-WebSocket-Key: ") + 19;
  const std::string key = request.substr(k, request.find("\r\n", k) - k);
  return status_line +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         (wrong_key ? AcceptFor("x") : AcceptFor(key)) + "\r\n\r\n";
}

// Accepts one connection; answers the upgrade with `status_line` (and the right accept key
// unless wrong_key); sends `script`; then reads until the client closes, keeping what it got.
class ScriptedServer {
 public:
  ScriptedServer(std::string status_line, std::string script, bool wrong_key = false) {
    listener_ = ListenOnLoopback(&port_);
    thread_ = std::thread([=] {
      const int c = accept(listener_, nullptr, nullptr);
      const std::string answer = AnswerTo(ReadRequest(c), status_line, wrong_key) + script;
      answered_us_ = NowMicros();
      (void)!write(c, answer.data(), answer.size());
      char buf[4096];
      // Reads the client's small masked frames until its close frame (opcode 8), then
      // answers the way a server does: a close frame back, then the end of TCP.
      for (bool closed = false; !closed;) {
        const ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        received_.append(buf, static_cast<std::size_t>(n));
        while (received_.size() >= 2) {
          const std::size_t size = 6 + (static_cast<unsigned char>(received_[1]) & 0x7f);
          if (received_.size() < size) break;
          closed = closed || (static_cast<unsigned char>(received_[0]) & 0x0f) == 0x8;
          received_.erase(0, size);
        }
      }
      (void)!write(c, "\x88\x02\x03\xe8", 4);
      close(c);
    });
  }
  ~ScriptedServer() {
    thread_.join();
    close(listener_);
  }
  TargetUrl url() const { return LoopbackUrl("ws", port_, "/ws"); }
  Micros answered_us() const { return answered_us_; }  // when the answer was written

 private:
  std::atomic<Micros> answered_us_{0};
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::string received_;
};

struct Events final : ClientSink {
  void OnOpen() override { log += "open;"; }
  void OnFrame(std::string* payload) override { log += "frame:" + *payload + ";"; }
  void OnFail(ConnectError, std::string_view reason) override {
    log += "fail:" + std::string(reason) + ";";
    done = true;
  }
  void OnClosed(std::string_view reason) override {
    log += "closed:" + std::string(reason) + ";";
    done = true;
  }
  std::string log;
  bool done = false;
};

// Runs one connection until it ends; closes it from the client once `close_after` is seen.
std::string Converse(const ScriptedServer& server, std::string_view close_after = {}) {
  asio::io_context io{1};
  WsClient client(&io, server.url(), 1 << 20);
  Events events;
  std::string error;
  Client::Connection c = client.Connect(&events, &error);
  EXPECT_TRUE(c) << error;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  bool closing = false;
  while (!events.done && std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
    if (!closing && !close_after.empty() && events.log.find(close_after) != std::string::npos) {
      closing = true;
      client.Close(c);
    }
  }
  return events.log;
}

const std::string k101 = "HTTP/1.1 101 Switching Protocols";

TEST(WsClient, DeliversWholeAndFragmentedMessagesAndClosesCleanly) {
  // "hi" in one frame; "hello" as "hel" + continuation "lo"; a ping between them.
  const std::string script = std::string(
                                 "\x81\x02"
                                 "hi",
                                 4) +
                             std::string(
                                 "\x01\x03"
                                 "hel",
                                 5) +
                             std::string("\x89\x00", 2) +
                             std::string(
                                 "\x80\x02"
                                 "lo",
                                 4);
  ScriptedServer server(k101, script);
  EXPECT_EQ(Converse(server, "frame:hello;"), "open;frame:hi;frame:hello;closed:close code 1000;");
}

TEST(WsClient, ClosesOnFramesNoServerMaySend) {
  {
    ScriptedServer server(k101, std::string("\x81\x82\x01\x02\x03\x04"
                                            "ab",
                                            8));
    EXPECT_EQ(Converse(server), "open;closed:close code 1002 (the server masked a frame);");
  }
  {
    ScriptedServer server(k101, std::string("\xff\xff garbage", 10));
    EXPECT_EQ(Converse(server),
              "open;closed:close code 1002 (reserved bits set (no extension was negotiated));");
  }
  {
    // Announces 2 MiB: refused from the header, before any of it is buffered.
    ScriptedServer server(k101, std::string("\x81\x7f\x00\x00\x00\x00\x00\x20\x00\x00", 10));
    EXPECT_EQ(Converse(server),
              "open;closed:close code 1009 (a message larger than 1048576 bytes);");
  }
}

// A frame's receive time is when it reached the socket, from the kernel's stamp, not when a
// busy thread got round to reading it: the swarm may batch its reads at no cost in accuracy.
TEST(WsClient, StampsWhatItReadsWithItsArrivalNotItsRead) {
  ScriptedServer server(k101, std::string("\x81\x02"
                                          "hi",
                                          4));
  asio::io_context io{1};
  WsClient client(&io, server.url(), 1 << 20);
  struct Stamps final : ClientSink {
    void OnOpen() override { open_received_us = client->received_us(); }
    void OnFrame(std::string*) override {
      frame_received_us = client->received_us();
      frame_handled_us = NowMicros();
    }
    void OnFail(ConnectError, std::string_view) override { done = true; }
    void OnClosed(std::string_view) override { done = true; }
    WsClient* client = nullptr;
    Micros open_received_us = 0, frame_received_us = 0, frame_handled_us = 0;
    bool done = false;
  } stamps;
  stamps.client = &client;
  std::string error;
  Client::Connection c = client.Connect(&stamps, &error);
  ASSERT_TRUE(c) << error;
  // A thread that sleeps 50 ms after each handler: the answer waits in the socket meanwhile.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (stamps.frame_received_us == 0 && !stamps.done &&
         std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(stamps.frame_received_us, 0) << "no frame";
  EXPECT_GE(stamps.frame_handled_us - server.answered_us(), 40'000);
  EXPECT_GE(stamps.frame_received_us, server.answered_us());
  EXPECT_LT(stamps.frame_received_us - server.answered_us(), 10'000);
  EXPECT_EQ(stamps.open_received_us, stamps.frame_received_us);  // one segment carried both
  client.Close(c);
  while (!stamps.done && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
}

TEST(WsClient, FailsHandshakesThatAreNotAnUpgrade) {
  {
    ScriptedServer server("HTTP/1.1 404 Not Found", "");
    EXPECT_EQ(Converse(server), "fail:HTTP 404 instead of 101 Switching Protocols;");
  }
  {
    ScriptedServer server(k101, "", /*wrong_key=*/true);
    EXPECT_EQ(Converse(server), "fail:Sec-WebSocket-Accept does not match the key sent;");
  }
  {
    ScriptedServer server("SSH-2.0-OpenSSH_9.2", "");
    EXPECT_NE(Converse(server).find("fail:the answer to the upgrade request is not HTTP"),
              std::string::npos);
  }
}

// A server that never finishes a handshake: one connection never hears the answer to its
// upgrade, another never hears the answer to its close. Each gives up 5 s after its own start,
// and a connection that did finish its handshake in time is not failed by the deadline it had.
TEST(WsClient, GivesUpOnHandshakesThatNeverFinish) {
  std::uint16_t port = 0;
  const int listener = ListenOnLoopback(&port);  // its backlog completes TCP; nobody reads
  std::atomic<bool> finished{false};
  std::thread mute_after_upgrade([&] {
    const int c = accept(listener, nullptr, nullptr);
    const std::string answer = AnswerTo(ReadRequest(c), k101);
    (void)!write(c, answer.data(), answer.size());
    while (!finished) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    close(c);
  });
  asio::io_context io{1};
  WsClient client(&io, LoopbackUrl("ws", port, "/"), 1 << 20);
  struct Ends final : ClientSink {
    void OnOpen() override { opened_us = NowMicros(); }
    void OnFrame(std::string*) override {}
    void OnFail(ConnectError error, std::string_view reason) override {
      timed_out = error == ConnectError::kTimeout;
      End(reason);
    }
    void OnClosed(std::string_view reason) override { End(reason); }
    void End(std::string_view reason) {
      ended_us = NowMicros();
      why = reason;
    }
    Micros opened_us = 0, ended_us = 0;
    bool timed_out = false;
    std::string why;
  } upgraded, unanswered;
  std::string error;
  Client::Connection first = client.Connect(&upgraded, &error);
  ASSERT_TRUE(first) << error;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(9);
  while (upgraded.opened_us == 0 && upgraded.ended_us == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
  }
  ASSERT_GT(upgraded.opened_us, 0) << upgraded.why;
  // The second waits in the listener's backlog: never accepted, never answered.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const Micros second_started_us = NowMicros();
  Client::Connection second = client.Connect(&unanswered, &error);
  ASSERT_TRUE(second) << error;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const Micros close_started_us = NowMicros();
  client.Close(first);
  while ((upgraded.ended_us == 0 || unanswered.ended_us == 0) &&
         std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
  }
  finished = true;
  mute_after_upgrade.join();
  close(listener);
  EXPECT_EQ(unanswered.why, "The opening handshake timed out");
  EXPECT_TRUE(unanswered.timed_out);
  EXPECT_GE(unanswered.ended_us - second_started_us, 5 * kMicrosPerSecond);
  EXPECT_EQ(upgraded.why, "close code 1000 (the server did not answer the close)");
  EXPECT_GE(upgraded.ended_us - close_started_us, 5 * kMicrosPerSecond);
  EXPECT_GE(upgraded.ended_us, unanswered.ended_us);  // deadlines end in the order they began
}

}  // namespace
}  // namespace swarmgate

namespace swarmgate {
namespace {

// Connections come from the source addresses given, each in turn.
TEST(WsClient, ConnectsFromEachSourceAddressInTurn) {
  std::uint16_t port = 0;
  const int listener = ListenOnLoopback(&port);
  std::vector<std::string> peers;
  std::thread acceptor([&] {
    for (int i = 0; i < 3; ++i) {
      sockaddr_in peer{};
      socklen_t length = sizeof peer;
      const int c = accept(listener, reinterpret_cast<sockaddr*>(&peer), &length);
      char text[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
      peers.emplace_back(text);
      close(c);
    }
  });
  asio::io_context io{1};
  TargetUrl url = LoopbackUrl("ws", port, "/");
  url.source_addresses = {"127.0.9.1", "127.0.9.2"};
  WsClient client(&io, url, 1 << 20, {});
  struct : ClientSink {
    void OnOpen() override {}
    void OnFrame(std::string*) override {}
    void OnFail(ConnectError, std::string_view) override { ++ended; }
    void OnClosed(std::string_view) override { ++ended; }
    int ended = 0;
  } sink;
  std::vector<Client::Connection> connections;
  for (int i = 0; i < 3; ++i) {
    std::string error;
    connections.push_back(client.Connect(&sink, &error));
    ASSERT_TRUE(connections.back()) << error;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (sink.ended < 3 && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
  acceptor.join();
  close(listener);
  EXPECT_EQ(peers, (std::vector<std::string>{"127.0.9.1", "127.0.9.2", "127.0.9.1"}));
}

}  // namespace
}  // namespace swarmgate
