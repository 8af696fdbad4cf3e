// The least client a workload can have on this machine, as a bound under the swarm's CPU:
// one thread, one edge-triggered epoll set (each socket added once, never modified), the next
// due action as epoll_wait's timeout (no timer descriptor), no measurement, no per-user state
// beyond the socket and a counter or two. Like the swarm, it stamps receives (SO_TIMESTAMPNS,
// read with recvmsg), writes the upgrade request at once, spreads more than 10,000
// connections over 127.0.0.1, 127.0.0.2, ..., and closes as the swarm does (a close frame,
// then the server's end of TCP). Against the bundled reference server (docs/protocol.md):
//
//   swarmgate_bare_client connect PORT CONNECTIONS RATE HOLD_S
//       CONNECTIONS opened at RATE a second, each held HOLD_S from its opening (W1, W3).
//   swarmgate_bare_client chat PORT PAIRS RATE MESSAGES
//       2 x PAIRS users arriving at RATE a second; each asks for a match, accepts it, sends
//       MESSAGES chat messages of 128 B one a second, and leaves once it has received as
//       many from its partner (W2).
//
// Prints one line: connections opened and failed, and the process's CPU-seconds (rusage).
// Exits 0 when every connection opened and closed, 1 when one failed, 2 on bad arguments.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "swarmgate/clock.h"
#include "swarmgate/target_url.h"

namespace swarmgate {
namespace {

enum class State : unsigned char { kUpgrading, kOpen, kClosing, kDone };

struct Connection {
  int fd = -1;
  State state = State::kUpgrading;
  Micros close_at_us = 0;  // connect: when its hold ends
  int sent = 0;            // chat: messages sent and received
  int received = 0;
  std::string in;  // chat: the start of a server frame that a read cut (rare over loopback)
};

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// A client frame with a zero mask (legal, and the payload stays as it is).
std::string ClientFrame(unsigned char opcode, std::string_view payload) {
  std::string frame(1, static_cast<char>(0x80 | opcode));
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(payload.size() >> 8);
    frame += static_cast<char>(payload.size() & 0xff);
  }
  frame.append(4, '\0');
  frame.append(payload);
  return frame;
}

// The connections, the epoll set and the loop; a workload drives it through two callbacks.
class BareLoop {
 public:
  BareLoop(int port, int connections, const std::string& path)
      : conns_(static_cast<std::size_t>(connections)),
        sources_(SpreadSourceAddresses("127.0.0.1", connections)),
        request_("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: "
                 "13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"),
        close_frame_(ClientFrame(0x8, std::string_view("\x03\xe8", 2))),
        epoll_fd_(epoll_create1(EPOLL_CLOEXEC)),
        buffer_(1 << 16) {
    server_.sin_family = AF_INET;
    server_.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &server_.sin_addr);
  }
  ~BareLoop() { close(epoll_fd_); }

  Connection& at(int i) { return conns_[static_cast<std::size_t>(i)]; }
  int failed() const { return failed_; }

  void Open(int i) {
    Connection& c = at(i);
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(c.fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
    if (!sources_.empty()) {
      sockaddr_in from{};
      from.sin_family = AF_INET;
      inet_pton(AF_INET, sources_[static_cast<std::size_t>(i) % sources_.size()].c_str(),
                &from.sin_addr);
      setsockopt(c.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      bind(c.fd, reinterpret_cast<sockaddr*>(&from), sizeof from);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    if ((connect(c.fd, reinterpret_cast<sockaddr*>(&server_), sizeof server_) != 0 &&
         errno != EINPROGRESS) ||
        epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c.fd, &ev) != 0 || !Send(c, request_)) {
      End(c, false);
    }
  }

  bool Send(Connection& c, const std::string& bytes) {
    if (send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()))
      return true;
    End(c, false);
    return false;
  }

  void Close(Connection& c) {
    if (c.state != State::kOpen) return;
    c.state = State::kClosing;
    Send(c, close_frame_);
  }

  // act(now) does what is due and returns when it next has something to do; on_data(i, data,
  // n) hears every read of an open connection, the upgrade answer included. false when a
  // minute past give_up_us connections were still open.
  bool Run(Micros give_up_us, const std::function<Micros(Micros)>& act,
           const std::function<void(int, const char*, std::size_t)>& on_data) {
    epoll_event events[256];
    while (ended_ < static_cast<int>(conns_.size())) {
      const Micros now_us = NowMicros();
      if (now_us > give_up_us) {
        std::fprintf(stderr, "swarmgate_bare_client: %d of %zu connections still open\n",
                     static_cast<int>(conns_.size()) - ended_, conns_.size());
        return false;
      }
      const Micros next_us = std::min(act(now_us), now_us + kMicrosPerSecond);
      const int timeout_ms =
          static_cast<int>(std::max<Micros>(0, (next_us - now_us + 999) / kMicrosPerMilli));
      const int ready = epoll_wait(epoll_fd_, events, 256, timeout_ms);
      for (int e = 0; e < ready; ++e) Drain(static_cast<int>(events[e].data.u32), on_data);
    }
    return true;
  }

 private:
  void End(Connection& c, bool ok) {
    if (c.state == State::kDone) return;
    if (c.fd >= 0) close(c.fd);
    c.state = State::kDone;
    ++ended_;
    failed_ += ok ? 0 : 1;
  }

  void Drain(int i, const std::function<void(int, const char*, std::size_t)>& on_data) {
    Connection& c = at(i);
    while (c.state != State::kDone) {
      iovec io{buffer_.data(), buffer_.size()};
      alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
      msghdr message{};
      message.msg_iov = &io;
      message.msg_iovlen = 1;
      message.msg_control = control;
      message.msg_controllen = sizeof control;
      const ssize_t n = recvmsg(c.fd, &message, MSG_DONTWAIT);
      if (n < 0) {
        if (errno != EAGAIN && errno != EINTR) End(c, false);
        return;
      }
      if (n == 0) {  // the server's end of TCP: normal after the close frames only
        End(c, c.state == State::kClosing);
        return;
      }
      const std::string_view data(buffer_.data(), static_cast<std::size_t>(n));
      if (c.state == State::kUpgrading) {
        // The 101 answer comes in one segment over loopback.
        const std::size_t head_end = data.find("\r\n\r\n");
        if (data.rfind("HTTP/1.1 101", 0) != 0 || head_end == std::string_view::npos) {
          return End(c, false);
        }
        c.state = State::kOpen;
        on_data(i, nullptr, 0);  // opened
        if (c.state == State::kOpen) {
          on_data(i, data.data() + head_end + 4, data.size() - head_end - 4);
        }
      } else if (c.state == State::kOpen) {
        on_data(i, data.data(), data.size());
      }
      // Read on to the server's end of TCP when closing; otherwise a short read drained it.
      if (c.state != State::kClosing && data.size() < buffer_.size()) return;
    }
  }

  std::vector<Connection> conns_;
  const std::vector<std::string> sources_;
  const std::string request_;
  const std::string close_frame_;
  sockaddr_in server_{};
  const int epoll_fd_;
  std::vector<char> buffer_;
  int ended_ = 0;
  int failed_ = 0;
};

Micros DueUs(Micros start_us, int i, double rate_per_s) {
  return start_us + static_cast<Micros>(static_cast<double>(i) * 1e6 / rate_per_s);
}

// W1, W3: connections opened on a ramp and held.
bool RunConnect(BareLoop& loop, int connections, double rate_per_s, double hold_s) {
  const Micros start_us = NowMicros();
  int started = 0;
  std::deque<int> open_in_order;  // every hold is the same: the first opened closes first
  return loop.Run(
      DueUs(start_us, connections, rate_per_s) + SecondsToMicros(hold_s + 60),
      [&](Micros now_us) {
        for (; started < connections && DueUs(start_us, started, rate_per_s) <= now_us; ++started)
          loop.Open(started);
        while (!open_in_order.empty() && loop.at(open_in_order.front()).close_at_us <= now_us) {
          loop.Close(loop.at(open_in_order.front()));
          open_in_order.pop_front();
        }
        Micros next_us = INT64_MAX;
        if (started < connections) next_us = DueUs(start_us, started, rate_per_s);
        if (!open_in_order.empty())
          next_us = std::min(next_us, loop.at(open_in_order.front()).close_at_us);
        return next_us;
      },
      [&](int i, const char* data, std::size_t) {
        if (data) return;
        loop.at(i).close_at_us = NowMicros() + SecondsToMicros(hold_s);
        open_in_order.push_back(i);
      });
}

// The JSON value of "key" in a flat object, as written: "m12" or 12.
std::string_view ValueOf(std::string_view json, std::string_view key) {
  const std::size_t at = json.find(key);
  if (at == std::string_view::npos) return {};
  const std::size_t from = at + key.size();
  const std::size_t to = json.find_first_of(",}", from);
  return to == std::string_view::npos ? std::string_view() : json.substr(from, to - from);
}

// W2: pairs matched, then chatting a message a second each.
bool RunChat(BareLoop& loop, int users, double rate_per_s, int messages) {
  const std::string find = ClientFrame(0x1, R"({"type":"find_match","interests":[]})");
  const std::string prefix = R"({"type":"message","text":")";
  const std::string message =
      ClientFrame(0x1, prefix + std::string(128 - prefix.size() - 2, 'x') + "\"}");
  const Micros start_us = NowMicros();
  int started = 0;
  using Due = std::pair<Micros, int>;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> sends;
  const auto maybe_leave = [&](Connection& c) {
    if (c.sent >= messages && c.received >= messages) loop.Close(c);
  };
  const auto on_frame = [&](int i, std::string_view payload) {
    Connection& c = loop.at(i);
    if (payload.rfind(R"({"type":"message")", 0) == 0) {
      ++c.received;
      maybe_leave(c);
    } else if (payload.rfind(R"({"type":"connected")", 0) == 0) {
      loop.Send(c, find);
    } else if (payload.rfind(R"({"type":"match_found")", 0) == 0) {
      const std::string accept = R"({"type":"accept_match","match_id":)" +
                                 std::string(ValueOf(payload, R"("match_id":)")) + "}";
      loop.Send(c, ClientFrame(0x1, accept));
    } else if (payload.rfind(R"({"type":"chat_started")", 0) == 0) {
      sends.emplace(NowMicros() + kMicrosPerSecond, i);
    }
  };
  return loop.Run(
      DueUs(start_us, users, rate_per_s) + SecondsToMicros(messages + 60.0),
      [&](Micros now_us) {
        for (; started < users && DueUs(start_us, started, rate_per_s) <= now_us; ++started)
          loop.Open(started);
        while (!sends.empty() && sends.top().first <= now_us) {
          const auto [due_us, i] = sends.top();
          sends.pop();
          Connection& c = loop.at(i);
          if (c.state != State::kOpen || !loop.Send(c, message)) continue;
          if (++c.sent < messages) sends.emplace(due_us + kMicrosPerSecond, i);
          maybe_leave(c);
        }
        Micros next_us = INT64_MAX;
        if (started < users) next_us = DueUs(start_us, started, rate_per_s);
        if (!sends.empty()) next_us = std::min(next_us, sends.top().first);
        return next_us;
      },
      [&](int i, const char* data, std::size_t n) {
        if (!data) return;
        Connection& c = loop.at(i);
        std::string_view rest(data, n);
        if (!c.in.empty()) {
          c.in.append(data, n);
          rest = c.in;
        }
        // Server frames, unmasked: 2 bytes of header, 2 more for 126..65535 bytes.
        std::size_t used = 0;
        while (rest.size() - used >= 2) {
          const auto* h = reinterpret_cast<const unsigned char*>(rest.data() + used);
          std::size_t length = h[1] & 0x7f, header = 2;
          if (length == 126) {
            if (rest.size() - used < 4) break;
            length = static_cast<std::size_t>(h[2]) << 8 | h[3];
            header = 4;
          } else if (length == 127) {
            return loop.Close(c);  // no frame of this protocol is that large
          }
          if (rest.size() - used < header + length) break;
          if ((h[0] & 0x0f) == 0x1) on_frame(i, rest.substr(used + header, length));
          used += header + length;
          if (c.state != State::kOpen) return;
        }
        c.in.assign(rest.substr(used));
      });
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int Usage() {
  std::fprintf(stderr,
               "usage: swarmgate_bare_client connect PORT CONNECTIONS(1..19000) RATE HOLD_S\n"
               "       swarmgate_bare_client chat PORT PAIRS(1..9500) RATE MESSAGES(1..3600)\n");
  return 2;
}

int Main(int argc, char** argv) {
  if (argc != 6) return Usage();
  const std::string_view mode = argv[1];
  int port = 0, count = 0;
  double rate_per_s = 0, last = 0;
  if ((mode != "connect" && mode != "chat") || !ParseNumber(argv[2], &port) || port < 1 ||
      port > 65535 || !ParseNumber(argv[3], &count) || count < 1 ||
      count > (mode == "chat" ? 9500 : 19000) || !ParseNumber(argv[4], &rate_per_s) ||
      rate_per_s <= 0 || !ParseNumber(argv[5], &last) || last < (mode == "chat" ? 1 : 0) ||
      last > 3600 || (mode == "chat" && last != static_cast<int>(last))) {
    return Usage();
  }
  const int connections = mode == "chat" ? 2 * count : count;
  BareLoop loop(port, connections, "/ws");
  const bool done = mode == "chat" ? RunChat(loop, connections, rate_per_s, static_cast<int>(last))
                                   : RunConnect(loop, connections, rate_per_s, last);
  const double cpu_s = CpuSeconds();
  std::printf("bare client: %d connections, %d failed, %.2f CPU-s, %.1f us per connection\n",
              connections, loop.failed(), cpu_s, cpu_s * 1e6 / connections);
  return done && loop.failed() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace swarmgate

int main(int argc, char** argv) { return swarmgate::Main(argc, argv); }
