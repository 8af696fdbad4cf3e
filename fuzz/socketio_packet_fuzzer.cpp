// An Engine.IO / Socket.IO v4 packet from a server, through the shipped Socket.IO profiles
// (events with arguments, acknowledgements, namespaces, a room id sent as a bare string).
#include "fuzz_input.h"
#include "swarmgate/dialect.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  static const auto requested = MakeProfileDialect(fuzz::ShippedProfile("socketio-random-chat"));
  static const auto queued = MakeProfileDialect(fuzz::ShippedProfile("socketio-queue-chat"));
  for (const auto* dialect : {requested.get(), queued.get()}) {
    std::string frame(fuzz::AsText(data, size));
    Event event;
    dialect->Decode(&frame, &event);
    fuzz::Touch(event);
  }
  return 0;
}
