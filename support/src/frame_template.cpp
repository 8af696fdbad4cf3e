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

FrameTemplate::FrameTemplate(std::string_view text, Escape escape, const ValueLists& values)
    : escape_(escape) {
  std::string literal;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
    const std::string_view token =
        close == std::string_view::npos ? std::string_view() : text.substr(i, close - i + 1);
    const std::string_view name = token.empty() ? token : token.substr(1, token.size() - 2);
    Part part{std::move(literal), Fill::kField, nullptr, nullptr, std::string(name), false};
    bool found = false;
    for (const Placeholder& p : Placeholders()) {
      if (p.text == token) {
        part.field = p.field;
        part.from_server = WaitsForServer(name);
        found = true;
      }
    }
    if (!found && (name == "user.index" || name == "partner.index")) {
      part.fill = name == "user.index" ? Fill::kUserIndex : Fill::kPartnerIndex;
      found = true;
    }
    for (const auto& [value_name, list] : values) {
      if (found || token.empty()) break;
      if (name == "user." + value_name || name == "partner." + value_name) {
        part.fill = name[0] == 'u' ? Fill::kUserValue : Fill::kPartnerValue;
        part.values = &list;
        found = true;
      }
    }
    if (found) {
      parts_.push_back(std::move(part));
      literal.clear();
      i += token.size();
    } else {
      literal = std::move(part.literal);
      literal += text[i++];
    }
  }
  tail_ = std::move(literal);
}

void FrameTemplate::Append(std::string_view value, std::string* out) const {
  switch (escape_) {
    case Escape::kJson:
      AppendEscaped(value, out);
      break;
    case Escape::kUrl:
      AppendUrlEncoded(value, out);
      break;
    case Escape::kHeader:
      for (char c : value) {
        if (c != '\r' && c != '\n') *out += c;
      }
      break;
  }
}

void FrameTemplate::Render(const ActionArgs& a, std::string* out) const {
  for (const Part& part : parts_) {
    *out += part.literal;
    switch (part.fill) {
      case Fill::kField:
        Append(a.*part.field, out);
        break;
      case Fill::kUserIndex:
        *out += std::to_string(a.user_index);
        break;
      case Fill::kPartnerIndex:
        *out += std::to_string(a.partner_index);
        break;
      case Fill::kUserValue:
        Append((*part.values)[static_cast<std::size_t>(a.user_index) % part.values->size()], out);
        break;
      case Fill::kPartnerValue:
        if (a.partner_index >= 0) {
          Append((*part.values)[static_cast<std::size_t>(a.partner_index) % part.values->size()],
                 out);
        }
        break;
    }
  }
  *out += tail_;
}

std::string_view FrameTemplate::Missing(const ActionArgs& a) const {
  for (const Part& part : parts_) {
    const bool partner = part.fill == Fill::kPartnerIndex || part.fill == Fill::kPartnerValue ||
                         (part.fill == Fill::kField && part.field == &ActionArgs::partner_name);
    if (partner && a.partner_index < 0) return part.name;
    if (part.fill == Fill::kField && part.from_server && (a.*part.field).empty()) return part.name;
  }
  return {};
}

}  // namespace swarmgate
