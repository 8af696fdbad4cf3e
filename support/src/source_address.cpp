#include "source_address.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <asio/connect.hpp>
#include <cerrno>

namespace swarmgate {

bool SourceAddressCycle::Set(const std::vector<std::string>& addresses,
                             const asio::ip::tcp::resolver::results_type& endpoints,
                             std::string* error) {
  routes_.clear();
  for (const std::string& text : addresses) {
    std::error_code ec;
    const asio::ip::address from = asio::ip::make_address(text, ec);
    if (ec) {
      *error = "source address \"" + text + "\" is not an IP address";
      return false;
    }
    const auto to = std::find_if(endpoints.begin(), endpoints.end(), [&](const auto& entry) {
      return entry.endpoint().address().is_v4() == from.is_v4();
    });
    if (to == endpoints.end()) {
      *error = "source address " + text + " is " + (from.is_v4() ? "IPv4" : "IPv6") +
               " but the target resolves to " + (from.is_v4() ? "IPv6" : "IPv4") +
               " addresses only";
      return false;
    }
    routes_.push_back(Route{from, to->endpoint()});
  }
  return true;
}

const SourceAddressCycle::Route& SourceAddressCycle::Next() {
  const Route& route = routes_[next_];
  next_ = (next_ + 1) % routes_.size();
  return route;
}

bool ConnectNonBlocking(asio::ip::tcp::socket& socket, const asio::ip::tcp::endpoint& remote,
                        const asio::ip::address* source, std::error_code* ec) {
  const auto failed = [ec](int fd) {
    *ec = std::error_code(errno, std::system_category());
    if (fd >= 0) ::close(fd);
    return false;
  };
  const int fd =
      ::socket(remote.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return failed(fd);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // no Nagle delay on small frames
  if (source) {
    if (source->is_v4()) setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    const asio::ip::tcp::endpoint from(*source, 0);
    if (::bind(fd, from.data(), static_cast<socklen_t>(from.size())) != 0) return failed(fd);
  }
  if (::connect(fd, remote.data(), static_cast<socklen_t>(remote.size())) != 0 &&
      errno != EINPROGRESS) {
    return failed(fd);
  }
  socket.assign(remote.protocol(), fd, *ec);
  if (*ec) {
    ::close(fd);
    return false;
  }
  return true;
}

void AsyncConnectFrom(asio::ip::tcp::socket& socket,
                      const asio::ip::tcp::resolver::results_type& endpoints,
                      const SourceAddressCycle::Route* route,
                      std::function<void(const std::error_code&)> handler) {
  if (!route) {
    asio::async_connect(
        socket, endpoints,
        [handler = std::move(handler)](const std::error_code& ec, const asio::ip::tcp::endpoint&) {
          handler(ec);
        });
    return;
  }
  std::error_code ec;
  socket.open(route->to.protocol(), ec);
  if (!ec && route->from.is_v4()) {
    const int one = 1;
    setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  }
  if (!ec) socket.bind(asio::ip::tcp::endpoint(route->from, 0), ec);
  if (ec) {
    // Reported from the loop, as a failed connect is: never from inside the caller's call.
    asio::post(socket.get_executor(), [handler = std::move(handler), ec] { handler(ec); });
    return;
  }
  socket.async_connect(route->to, std::move(handler));
}

}  // namespace swarmgate
