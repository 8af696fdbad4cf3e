#include "pending_sends.h"

namespace swarmgate {

void PendingSends::Add(Action action, const ActionArgs& args) {
  entries_.push_back({action, std::string(args.text), std::string(args.stamp),
                      std::string(args.signal_kind), std::string(args.call_id),
                      std::string(args.call_decision)});
}

ActionArgs PendingSends::front_args() const {
  const Entry& e = entries_.front();
  ActionArgs args;
  args.text = e.text;
  args.stamp = e.stamp;
  args.signal_kind = e.signal_kind;
  args.call_id = e.call_id;
  args.call_decision = e.call_decision;
  return args;
}

}  // namespace swarmgate
