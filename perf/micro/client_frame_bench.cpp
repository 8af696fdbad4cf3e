// The client's share of a chat frame: building a masked text frame (what every send does)
// and reading a frame's header and payload (what every receive does); and, for scale, what
// the kernel charges to move one such frame over loopback TCP.
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "ws_frame.h"

namespace swarmgate {
namespace {

void BM_ClientFrameBuildAndParse(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  std::string wire;
  std::uint32_t mask = 0x12345678;
  for (auto _ : state) {
    wire.clear();
    AppendClientFrame(&wire, Opcode::kText, payload, mask++);
    FrameHeader h;
    const char* why = "";
    if (ReadFrameHeader(wire.data(), wire.size(), &h, &why) != HeaderStatus::kComplete ||
        h.header_bytes + h.payload_bytes != wire.size()) {
      state.SkipWithError("frame did not parse");
      break;
    }
    // A server unmasks; the client's receive path reads unmasked frames in place.
    ApplyMask(wire.data() + h.header_bytes, static_cast<std::size_t>(h.payload_bytes), mask - 1);
    benchmark::DoNotOptimize(wire.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClientFrameBuildAndParse)->Arg(128)->Arg(2048);

// One 134-byte frame written on one end of a loopback TCP connection and read on the other,
// on one thread (so without the wakeups a real exchange adds): the kernel's floor per frame.
void BM_LoopbackFrameSendAndReceive(benchmark::State& state) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const int sender = socket(AF_INET, SOCK_STREAM, 0);
  int receiver = -1;
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(listener, 1) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      connect(sender, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      (receiver = accept(listener, nullptr, nullptr)) < 0) {
    state.SkipWithError("no loopback connection");
  } else {
    const int one = 1;
    setsockopt(sender, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string frame;
    AppendClientFrame(&frame, Opcode::kText, std::string(128, 'x'), 0x12345678);
    char buffer[512];
    for (auto _ : state) {
      if (write(sender, frame.data(), frame.size()) != static_cast<ssize_t>(frame.size())) {
        state.SkipWithError("short write");
        break;
      }
      std::size_t got = 0;
      while (got < frame.size()) {
        const ssize_t n = read(receiver, buffer, sizeof buffer);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
    }
    state.SetItemsProcessed(state.iterations());
  }
  if (receiver >= 0) close(receiver);
  close(sender);
  close(listener);
}
BENCHMARK(BM_LoopbackFrameSendAndReceive);

}  // namespace
}  // namespace swarmgate
