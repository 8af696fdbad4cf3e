#include "kernel_floor.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <asio/io_context.hpp>
#include <cerrno>
#include <cstring>

#include "resolve_target.h"
#include "ws_frame.h"

namespace swarmgate {
namespace {

constexpr int kMaxConnects = 400;
constexpr long kMaxFrames = 20'000;  // each one write and one read
constexpr double kCpuBudgetS = 0.5;  // per loop
constexpr int kWarmUp = 20;
constexpr std::size_t kMaxAnswerBytes = 16 * 1024;

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

bool WriteAll(int fd, const std::string& bytes, std::string* error) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) continue;  // a full socket buffer drains by itself
    if (n <= 0) {
      *error = Errno("write");
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// One connection's life as a blocking client lives it; false with *error on any failure.
bool OneConnection(const asio::ip::tcp::endpoint& to, const std::string& request,
                   const std::string& close_frame, std::string* error) {
  Fd fd(::socket(to.protocol().family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    *error = Errno("socket");
    return false;
  }
  const int one = 1;
  setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const timeval five_s{5, 0};  // a server that stops answering ends the floor, not the run
  setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &five_s, sizeof five_s);
  if (::connect(fd.get(), to.data(), static_cast<socklen_t>(to.size())) != 0) {
    *error = Errno("connect");
    return false;
  }
  if (!WriteAll(fd.get(), request, error)) return false;
  char buffer[4096];
  std::string answer;
  while (answer.find("\r\n\r\n") == std::string::npos) {
    const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || answer.size() > kMaxAnswerBytes) {
      *error = n == 0  ? "the server closed the connection during the handshake"
               : n < 0 ? Errno("handshake read")
                       : "handshake answer larger than 16 KiB";
      return false;
    }
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  if (answer.compare(0, 12, "HTTP/1.1 101") != 0) {
    *error = "the upgrade was answered \"" + answer.substr(0, answer.find('\r')) + "\"";
    return false;
  }
  if (!WriteAll(fd.get(), close_frame, error)) return false;
  // The server answers the close and ends TCP; whatever it sent before is read on the way.
  for (;;) {
    const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return true;
    if (n < 0) {
      // A reset after the close is an end too; only a server that never ends is a failure.
      if (errno == ECONNRESET) return true;
      *error = Errno("waiting for the server to end the connection");
      return false;
    }
  }
}

bool ConnectFloor(const TargetUrl& target, KernelFloor* floor, std::string* error) {
  asio::io_context io;
  const auto endpoints = ResolveTarget(io, target, error);
  if (endpoints.empty()) return false;
  const asio::ip::tcp::endpoint to = endpoints.begin()->endpoint();
  const bool v6 = target.host.find(':') != std::string::npos;
  const std::string request = "GET " + target.resource +
                              " HTTP/1.1\r\nHost: " + (v6 ? "[" + target.host + "]" : target.host) +
                              ":" + std::to_string(target.port) +
                              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                              "dGhlIHNhbXBsZSBub25jZQ==\r\nUser-Agent: swarmgate\r\n\r\n";
  std::string close_frame;
  const char code[2] = {static_cast<char>(1000 >> 8), static_cast<char>(1000 & 0xFF)};
  AppendClientFrame(&close_frame, Opcode::kClose, std::string_view(code, 2), 0x5a5a5a5a);
  for (int i = 0; i < kWarmUp; ++i) {
    if (!OneConnection(to, request, close_frame, error)) return false;
  }
  const double started_s = ThreadCpuSeconds();
  int done = 0;
  while (done < kMaxConnects && ThreadCpuSeconds() - started_s < kCpuBudgetS) {
    if (!OneConnection(to, request, close_frame, error)) return false;
    ++done;
  }
  floor->connects = done;
  floor->cpu_us_per_connect = (ThreadCpuSeconds() - started_s) * 1e6 / done;
  return true;
}

bool FrameFloor(std::size_t frame_bytes, KernelFloor* floor, std::string* error) {
  Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener.get() < 0 ||
      ::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener.get(), 1) != 0 ||
      ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    *error = Errno("a loopback listener for the frame floor");
    return false;
  }
  Fd writer(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (writer.get() < 0 ||
      ::connect(writer.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    *error = Errno("a loopback connection for the frame floor");
    return false;
  }
  Fd reader(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
  if (reader.get() < 0) {
    *error = Errno("accepting the frame floor's connection");
    return false;
  }
  const int one = 1;
  setsockopt(writer.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(reader.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::string frame;
  AppendClientFrame(&frame, Opcode::kText, std::string(frame_bytes, 'x'), 0x5a5a5a5a);
  std::string buffer(frame.size(), '\0');
  // Loopback delivers inside the write: the read finds the frame without waiting.
  const auto one_frame = [&]() {
    if (!WriteAll(writer.get(), frame, error)) return false;
    std::size_t got = 0;
    long empty_reads = 0;
    while (got < frame.size()) {
      const ssize_t n = ::recv(reader.get(), buffer.data() + got, frame.size() - got, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR) && ++empty_reads < 10'000'000) continue;
      if (n <= 0) {
        *error = Errno("the frame floor's read");
        return false;
      }
      got += static_cast<std::size_t>(n);
    }
    return true;
  };
  for (int i = 0; i < kWarmUp; ++i) {
    if (!one_frame()) return false;
  }
  const double started_s = ThreadCpuSeconds();
  long done = 0;
  while (done < kMaxFrames && (done % 256 != 0 || ThreadCpuSeconds() - started_s < kCpuBudgetS)) {
    if (!one_frame()) return false;
    ++done;
  }
  floor->frame_operations = 2 * done;
  floor->cpu_us_per_frame = (ThreadCpuSeconds() - started_s) * 1e6 / floor->frame_operations;
  return true;
}

}  // namespace

bool MeasureKernelFloor(const TargetUrl& target, std::size_t frame_bytes, KernelFloor* floor,
                        std::string* error) {
  if (target.scheme != "ws") {
    *error = "measured over plain WebSocket (ws://) only, not " + target.scheme + "://";
    return false;
  }
  std::string why;
  if (!ConnectFloor(target, floor, &why)) {
    *error = "connect floor against " + target.ToString() + ": " + why;
    return false;
  }
  if (!FrameFloor(frame_bytes, floor, &why)) {
    *error = "frame floor: " + why;
    return false;
  }
  return true;
}

}  // namespace swarmgate
