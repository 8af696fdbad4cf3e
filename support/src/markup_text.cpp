#include "markup_text.h"

#include <cstdio>

#include "printable.h"

namespace swarmgate {

std::string MarkupText(std::string_view text, bool attribute) {
  const std::string valid = IsUtf8(text)
                                ? std::string(text)
                                : Printable(text, 4 * text.size() + 4);  // \xNN: 4 bytes each
  std::string out;
  out.reserve(valid.size());
  for (const char c : valid) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned char>(c));
          out += escape;
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace swarmgate
