#include "frame_template.h"

#include <cctype>
#include <cstdio>

#include "profile_slots.h"

namespace swarmgate {
namespace {

// Appends s percent-encoded, all but RFC 3986's unreserved characters.
void AppendUrlEncoded(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      *out += c;
    } else {
      *out += '%';
      *out += kHex[u >> 4];
      *out += kHex[u & 0xF];
    }
  }
}

// Appends s as the inside of a JSON string.
void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          *out += c;
        }
    }
  }
}

}  // namespace

FrameTemplate::FrameTemplate(std::string_view text, Escape escape) : escape_(escape) {
  std::string literal;
  for (std::size_t i = 0; i < text.size();) {
    const Placeholder* slot = nullptr;
    for (const Placeholder& candidate : Placeholders()) {
      if (text.compare(i, candidate.text.size(), candidate.text) == 0) slot = &candidate;
    }
    if (slot) {
      parts_.push_back({std::move(literal), slot->field});
      literal.clear();
      i += slot->text.size();
    } else {
      literal += text[i++];
    }
  }
  tail_ = std::move(literal);
}

void FrameTemplate::Render(const ActionArgs& a, std::string* out) const {
  for (const Part& part : parts_) {
    *out += part.literal;
    if (part.field) {
      if (escape_ == Escape::kJson) {
        AppendEscaped(a.*part.field, out);
      } else {
        AppendUrlEncoded(a.*part.field, out);
      }
    } else {
      *out += std::to_string(a.user_index);
    }
  }
  *out += tail_;
}

}  // namespace swarmgate
