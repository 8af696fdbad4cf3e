#include "source_address.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/connect.hpp>
#include <cerrno>

namespace swarmgate {

bool SourceAddressCycle::Set(const std::vector<std::string>& addresses, std::string* error) {
  addresses_.clear();
  for (const std::string& text : addresses) {
    std::error_code ec;
    const asio::ip::address a = asio::ip::make_address(text, ec);
    if (ec) {
      *error = "source address \"" + text + "\" is not an IP address";
      return false;
    }
    addresses_.push_back(a);
  }
  return true;
}

const asio::ip::address& SourceAddressCycle::Next() {
  const asio::ip::address& a = addresses_[next_];
  next_ = (next_ + 1) % addresses_.size();
  return a;
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
                      const asio::ip::address* source,
                      std::function<void(const std::error_code&)> handler) {
  if (!source) {
    asio::async_connect(
        socket, endpoints,
        [handler = std::move(handler)](const std::error_code& ec, const asio::ip::tcp::endpoint&) {
          handler(ec);
        });
    return;
  }
  std::error_code ec;
  const asio::ip::tcp::endpoint remote = *endpoints.begin();
  socket.open(remote.protocol(), ec);
  if (!ec && source->is_v4()) {
    const int one = 1;
    setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  }
  if (!ec) socket.bind(asio::ip::tcp::endpoint(*source, 0), ec);
  if (ec) {
    // Reported from the loop, as a failed connect is: never from inside the caller's call.
    asio::post(socket.get_executor(), [handler = std::move(handler), ec] { handler(ec); });
    return;
  }
  socket.async_connect(remote, std::move(handler));
}

}  // namespace swarmgate
