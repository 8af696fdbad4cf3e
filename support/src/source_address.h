#pragma once
// Where a swarm's connections come from. One source address reaches one server port with at
// most 28,232 connections (the ephemeral ports), and the kernel's search for a free port
// grows costly long before that; loopback has 2^24 addresses, so connections taken in turn
// from several keep each address's share small.

#include <asio/ip/tcp.hpp>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

namespace swarmgate {

// The source addresses of a target (TargetUrl::source_addresses), each taken in turn.
class SourceAddressCycle {
 public:
  // A connection's two ends: a source address and the target's first address of its family
  // (a name such as localhost may resolve to ::1 before 127.0.0.1).
  struct Route {
    asio::ip::address from;
    asio::ip::tcp::endpoint to;
  };

  // addresses: IP literals; endpoints: the target's, resolved. *error names the first address
  // that is not an IP address or that no endpoint of its family can be reached from.
  bool Set(const std::vector<std::string>& addresses,
           const asio::ip::tcp::resolver::results_type& endpoints, std::string* error);
  bool empty() const { return routes_.empty(); }
  const Route& Next();

 private:
  std::vector<Route> routes_;
  std::size_t next_ = 0;
};

// Starts a non-blocking connect to remote (from source when it is set) on a socket of its own made
// with the options the swarm wants (non-blocking, TCP_NODELAY), and hands it to `socket`. Over
// loopback the TCP handshake is usually done when connect returns, so the caller may write at once
// and wait only if told to. Fewer system calls than an Asio connect: no ioctl, no wait for
// writability, no poll. false, with *ec, when the connect failed at once.
bool ConnectNonBlocking(asio::ip::tcp::socket& socket, const asio::ip::tcp::endpoint& remote,
                        const asio::ip::address* source, std::error_code* ec);

// Connects socket along route when it is set (the source port is chosen at connect time,
// IP_BIND_ADDRESS_NO_PORT, so that an address's ports are shared by every destination);
// without a route, to each of endpoints in turn, as asio::async_connect does.
void AsyncConnectFrom(asio::ip::tcp::socket& socket,
                      const asio::ip::tcp::resolver::results_type& endpoints,
                      const SourceAddressCycle::Route* route,
                      std::function<void(const std::error_code&)> handler);

}  // namespace swarmgate
