// A text frame from a server speaking the reference protocol (JSON with a "type" field),
// including resume history, and the delivery stamp read out of a message's text.
#include "fuzz_input.h"
#include "swarmgate/dialect.h"
#include "swarmgate/message_stamp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  static const auto dialect = MakeReferenceDialect();
  std::string frame(fuzz::AsText(data, size));
  Event event;
  dialect->Decode(&frame, &event);
  fuzz::Touch(event);
  MessageStamp stamp;
  ReadStamp(event.text, &stamp);
  for (std::string_view text : event.history) ReadStamp(text, &stamp);
  return 0;
}
