// A profile file (SWARMGATE_PROFILE): read and checked, and when valid, every action
// rendered and a frame of each event kind's type decoded with it.
#include "fuzz_input.h"
#include "swarmgate/dialect.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace swarmgate;
  std::vector<std::string> errors;
  const auto profile = ParseProfile(fuzz::AsText(data, size), "fuzz.json", &errors);
  if (!profile) return 0;
  const auto dialect = MakeProfileDialect(*profile);
  ActionArgs args;
  args.user_index = 7;
  args.user_name = "swarmgate-7";
  args.session_id = "s1";
  args.match_id = "m1";
  args.partner_id = "p1";
  args.resume_token = "t1";
  args.text = "hello \"there\"";
  std::string frame, resource, headers;
  for (std::size_t i = 0; i < kActionCount; ++i) {
    dialect->Encode(static_cast<Action>(i), args, &frame);
  }
  dialect->EncodeConnection(args, &resource, &headers);
  frame = R"({"type":"matched","match_id":"m","partner":"p","history":["a"]})";
  Event event;
  dialect->Decode(&frame, &event);
  fuzz::Touch(event);
  return 0;
}
