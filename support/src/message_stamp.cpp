#include "swarmgate/message_stamp.h"

#include <charconv>
#include <cstdint>

namespace swarmgate {
namespace {

constexpr std::string_view kPrefix = "sg1:";

template <typename T>
bool ReadField(std::string_view* text, T* value) {
  const char* begin = text->data();
  const char* end = begin + text->size();
  auto [ptr, ec] = std::from_chars(begin, end, *value);
  if (ec != std::errc() || ptr == end || *ptr != ':') return false;
  text->remove_prefix(static_cast<std::size_t>(ptr - begin) + 1);
  return true;
}

template <typename T>
void AppendField(std::string* text, T value) {
  char digits[24];  // enough for any 64-bit integer
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  text->append(digits, result.ptr);
  text->push_back(':');
}

}  // namespace

std::size_t WriteStampedText(const MessageStamp& stamp, std::size_t payload_bytes,
                             std::string* text) {
  text->assign(kPrefix);
  AppendField(text, stamp.sender);
  AppendField(text, stamp.sequence);
  AppendField(text, stamp.intended_us);
  AppendField(text, stamp.sent_us);
  const std::size_t stamp_length = text->size();
  if (text->size() < payload_bytes) text->append(payload_bytes - text->size(), 'x');
  return stamp_length;
}

Micros StampAge(Micros now_from_zero_us, Micros stamp_us) {
  Micros age = 0;
  if (__builtin_sub_overflow(now_from_zero_us, stamp_us, &age)) {
    return stamp_us < 0 ? INT64_MAX : INT64_MIN;
  }
  return age;
}

bool ReadStamp(std::string_view text, MessageStamp* stamp) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return false;
  text.remove_prefix(kPrefix.size());
  return ReadField(&text, &stamp->sender) && ReadField(&text, &stamp->sequence) &&
         ReadField(&text, &stamp->intended_us) && ReadField(&text, &stamp->sent_us);
}

}  // namespace swarmgate
