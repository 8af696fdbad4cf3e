#pragma once
// The websocketpp configuration shared by the swarm's client and the reference server: each
// endpoint runs on one thread, so no strand and no mutexes (concurrency::none,
// enable_multithreading = false); logging is compiled out (the default logger writes every
// frame and costs ~30 % throughput); the per-connection read buffer shrinks from 16 KiB.
// Internal: only the engine's and the reference server's websocketpp translation units
// include this, never a header a scenario sees.

#include <cstddef>
#include <websocketpp/concurrency/none.hpp>
#include <websocketpp/connection_base.hpp>
#include <websocketpp/logger/stub.hpp>
#include <websocketpp/transport/asio/endpoint.hpp>

namespace swarmgate::internal {

template <typename Base, std::size_t ReadBufferBytes,
          typename ConnectionBase = websocketpp::connection_base>
struct LeanWebsocketppConfig : Base {
  using type = LeanWebsocketppConfig;
  using concurrency_type = websocketpp::concurrency::none;
  using alog_type = websocketpp::log::stub;
  using elog_type = websocketpp::log::stub;
  using connection_base = ConnectionBase;
  static const websocketpp::log::level elog_level = websocketpp::log::elevel::none;
  static const websocketpp::log::level alog_level = websocketpp::log::alevel::none;
  static const std::size_t connection_read_buffer_size = ReadBufferBytes;
  static const bool enable_multithreading = false;

  struct transport_config : Base::transport_config {
    using concurrency_type = typename type::concurrency_type;
    using alog_type = typename type::alog_type;
    using elog_type = typename type::elog_type;
    static const bool enable_multithreading = false;
  };
  using transport_type = websocketpp::transport::asio::endpoint<transport_config>;
};

}  // namespace swarmgate::internal
