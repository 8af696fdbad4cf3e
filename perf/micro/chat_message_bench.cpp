// What a virtual user does per chat message besides the socket: stamp the text, encode the
// frame in the reference dialect; and on the other side decode it and read the stamp
// (target: <= 1 us for all four, 128-byte message).
#include <benchmark/benchmark.h>

#include "swarmgate/dialect.h"
#include "swarmgate/message_stamp.h"

namespace swarmgate {
namespace {

void BM_ChatMessageStampEncodeDecode(benchmark::State& state) {
  auto dialect = MakeReferenceDialect();
  std::string text, frame, received;
  MessageStamp stamp{12345, 0, 1'000'000'000, 1'000'000'050};
  for (auto _ : state) {
    ++stamp.sequence;
    WriteStampedText(stamp, 128, &text);
    ActionArgs args;
    args.text = text;
    dialect->Encode(Action::kMessage, args, &frame);
    received = frame;  // the receiver parses its own buffer in place
    Event event;
    dialect->Decode(&received, &event);
    MessageStamp read;
    benchmark::DoNotOptimize(ReadStamp(event.text, &read));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["frame_bytes"] = static_cast<double>(frame.size());
}
BENCHMARK(BM_ChatMessageStampEncodeDecode);

}  // namespace
}  // namespace swarmgate
