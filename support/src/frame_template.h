#pragma once
// A frame with holes: a profile's text for an action (or a connection's path, headers or
// auth) with its placeholders found once, filled in at each send with the values the flow
// knows (profile_slots.h), escaped for a JSON string, percent-encoded for a URL, or as is
// for a header (line breaks dropped).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "swarmgate/dialect.h"

namespace swarmgate {

enum class Escape { kJson, kUrl, kHeader };

// A profile's per-user values: name -> list; user i takes list[i % size].
using ValueLists = std::vector<std::pair<std::string, std::vector<std::string>>>;

class FrameTemplate {
 public:
  FrameTemplate() = default;
  // Finds the placeholders in text; the rest is kept literally. `values` must outlive the
  // template.
  FrameTemplate(std::string_view text, Escape escape, const ValueLists& values);

  // Appends the frame with the values filled in.
  void Render(const ActionArgs& a, std::string* out) const;
  // The first placeholder (without braces) whose value the flow does not have yet: a value
  // the server sends (match.id, ...) still empty, or the partner not known yet.
  std::string_view Missing(const ActionArgs& a) const;
  bool empty() const { return parts_.empty() && tail_.empty(); }
  // Whether it holds a placeholder (else it renders the same for every user).
  bool varies() const { return !parts_.empty(); }

 private:
  enum class Fill { kField, kUserIndex, kPartnerIndex, kUserValue, kPartnerValue };
  struct Part {
    std::string literal;  // before the value
    Fill fill;
    std::string_view ActionArgs::*field;     // kField
    const std::vector<std::string>* values;  // kUserValue, kPartnerValue
    std::string name;                        // the placeholder, without braces
    bool from_server;                        // an empty value means "not yet"
  };
  void Append(std::string_view value, std::string* out) const;

  std::vector<Part> parts_;
  std::string tail_;
  Escape escape_ = Escape::kJson;
};

}  // namespace swarmgate
