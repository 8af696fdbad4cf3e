#pragma once
// Actions that wait for a value the server has not sent yet: a message that must carry a
// room id which comes after the match notice. Kept with copies of their own values and sent
// in order once nothing they need is missing.

#include <deque>
#include <string>
#include <string_view>

#include "swarmgate/dialect.h"

namespace swarmgate {

class PendingSends {
 public:
  bool empty() const { return entries_.empty(); }
  // Keeps the action and its own values (text, stamp, signal kind, call id and decision);
  // what the user knows is filled in again when it is sent.
  void Add(Action action, const ActionArgs& args);
  // The oldest action and its own values; valid until Pop.
  Action front_action() const { return entries_.front().action; }
  ActionArgs front_args() const;
  void Pop() { entries_.pop_front(); }
  void Clear() { entries_.clear(); }

 private:
  struct Entry {
    Action action;
    std::string text, stamp, signal_kind, call_id, call_decision;
  };
  std::deque<Entry> entries_;
};

}  // namespace swarmgate
