#pragma once
// A frame with holes: a profile's text for an action with its placeholders ("{match.id}")
// found once, filled in at each send with the values the flow knows (profile_slots.h),
// escaped for a JSON string or percent-encoded for a URL.

#include <string>
#include <string_view>
#include <vector>

#include "swarmgate/dialect.h"

namespace swarmgate {

enum class Escape { kJson, kUrl };

class FrameTemplate {
 public:
  FrameTemplate() = default;
  // Finds the placeholders in text; the rest is kept literally.
  explicit FrameTemplate(std::string_view text, Escape escape = Escape::kJson);

  // Appends the frame with the values filled in.
  void Render(const ActionArgs& a, std::string* out) const;

 private:
  struct Part {
    std::string literal;
    std::string_view ActionArgs::*field;  // the value after the literal; null: user index
  };
  std::vector<Part> parts_;
  std::string tail_;
  Escape escape_ = Escape::kJson;
};

}  // namespace swarmgate
