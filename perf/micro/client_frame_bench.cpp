// websocketpp's share of a chat message: the client builds a masked text frame (hybi13), the
// server-side processor parses and unmasks it. The rest of a send is system calls.
#include <benchmark/benchmark.h>

#include <string>
#include <websocketpp/config/asio_no_tls_client.hpp>
#include <websocketpp/processors/hybi13.hpp>

#include "swarmgate_internal/lean_websocketpp_config.h"

namespace swarmgate {
namespace {

struct BenchConfig : internal::LeanWebsocketppConfig<websocketpp::config::asio_client, 512> {
  using rng_type =
      websocketpp::random::random_device::int_generator<uint32_t, websocketpp::concurrency::none>;
};
using Processor = websocketpp::processor::hybi13<BenchConfig>;
using MessageManager = BenchConfig::con_msg_manager_type;

void BM_ClientFrameBuildAndParse(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  auto manager = std::make_shared<MessageManager>();
  BenchConfig::rng_type rng;
  Processor client(false, false, manager, rng);
  Processor server(false, true, manager, rng);
  for (auto _ : state) {
    auto in = manager->get_message(websocketpp::frame::opcode::text, payload.size());
    in->append_payload(payload);
    auto out = manager->get_message();
    client.prepare_data_frame(in, out);  // header + masked payload
    std::string wire = out->get_header() + out->get_payload();
    std::error_code ec;
    server.consume(reinterpret_cast<uint8_t*>(wire.data()), wire.size(), ec);
    if (ec || !server.ready()) {
      state.SkipWithError("frame did not parse");
      break;
    }
    benchmark::DoNotOptimize(server.get_message());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClientFrameBuildAndParse)->Arg(128)->Arg(2048);

}  // namespace
}  // namespace swarmgate
