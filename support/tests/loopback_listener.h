#pragma once
// Test servers' listening socket: a free port on 127.0.0.1.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>

namespace swarmgate {

// A socket listening on 127.0.0.1 at a port the kernel picked (returned in *port).
inline int ListenOnLoopback(std::uint16_t* port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  listen(fd, 16);  // room for a test's simultaneous connects (no SYN retries)
  return fd;
}

}  // namespace swarmgate
