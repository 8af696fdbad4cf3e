#include "swarmgate/http_get.h"

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <chrono>

#include "resolve_target.h"

namespace swarmgate {
namespace {

constexpr std::size_t kMaxResponseBytes = 4 << 20;

}  // namespace

std::optional<std::string> HttpGet(const TargetUrl& url, double timeout_s, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "GET " + url.ToString() + ": " + why;
    return std::nullopt;
  };
  asio::io_context io{1};
  std::string resolve_error;
  const auto endpoints = ResolveTarget(io, url, &resolve_error);
  if (endpoints.empty()) return fail(resolve_error);

  asio::ip::tcp::socket socket(io);
  const bool v6 = url.host.find(':') != std::string::npos;
  const std::string request = "GET " + url.resource +
                              " HTTP/1.0\r\nHost: " + (v6 ? "[" + url.host + "]" : url.host) + ":" +
                              std::to_string(url.port) + "\r\nAccept: text/plain\r\n\r\n";
  std::string response;
  asio::error_code failure;
  bool done = false;
  asio::async_connect(socket, endpoints, [&](const asio::error_code& connect_ec, const auto&) {
    if (connect_ec) {
      failure = connect_ec;
      done = true;
      return;
    }
    asio::async_write(socket, asio::buffer(request),
                      [&](const asio::error_code& write_ec, std::size_t) {
                        if (write_ec) {
                          failure = write_ec;
                          done = true;
                          return;
                        }
                        asio::async_read(socket, asio::dynamic_buffer(response, kMaxResponseBytes),
                                         [&](const asio::error_code& read_ec, std::size_t) {
                                           if (read_ec != asio::error::eof) failure = read_ec;
                                           done = true;
                                         });
                      });
  });
  io.run_for(std::chrono::microseconds(static_cast<std::int64_t>(timeout_s * 1e6)));
  if (!done) return fail("no complete answer within " + std::to_string(timeout_s) + " s");
  if (failure) {
    if (response.size() >= kMaxResponseBytes) return fail("answer larger than 4 MiB");
    return fail(failure.message());
  }
  // "HTTP/1.x 200 OK\r\n...\r\n\r\nbody"
  const std::size_t space = response.find(' ');
  const std::size_t header_end = response.find("\r\n\r\n");
  if (response.compare(0, 5, "HTTP/") != 0 || space == std::string::npos ||
      header_end == std::string::npos) {
    return fail("the answer is not HTTP: \"" + response.substr(0, 60) + "\"");
  }
  const std::string status = response.substr(space + 1, 3);
  if (status != "200") return fail("HTTP " + status);
  return response.substr(header_end + 4);
}

}  // namespace swarmgate
