// An HTTP server's answer to a poll: a JSON batch split into messages, each then decoded.
#include "fuzz_input.h"
#include "swarmgate/dialect.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  static const auto dialect = MakeProfileDialect(fuzz::ShippedProfile("http-relay-chat"));
  std::string body(fuzz::AsText(data, size));
  std::vector<std::string> messages;
  std::string error;
  if (!dialect->Unbatch(&body, &messages, &error)) return 0;
  for (std::string& message : messages) {
    Event event;
    dialect->Decode(&message, &event);
    fuzz::Touch(event);
  }
  return 0;
}
