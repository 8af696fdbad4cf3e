#include "http_response.h"

#include <cctype>

#include "printable.h"

namespace swarmgate {
namespace {

constexpr std::size_t kMaxHeadBytes = 16 * 1024;

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::string PrintableSample(std::string_view bytes) { return Printable(bytes, 80); }

int ParseResponseHead(std::string_view bytes, HttpResponseHead* head, std::string* error) {
  const std::size_t end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (bytes.size() > kMaxHeadBytes) {
      *error = "a response head over " + std::to_string(kMaxHeadBytes) + " bytes";
      return -1;
    }
    if (bytes.size() >= 5 && bytes.substr(0, 5) != "HTTP/") {
      *error = "not an HTTP response: \"" + PrintableSample(bytes) + "\"";
      return -1;
    }
    return 0;
  }
  *head = HttpResponseHead{};
  head->head_bytes = end + 4;
  const std::string_view text = bytes.substr(0, end + 2);
  const std::size_t line_end = text.find("\r\n");
  const std::string_view status_line = text.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." ||
      !std::isdigit(static_cast<unsigned char>(status_line[9])) ||
      !std::isdigit(static_cast<unsigned char>(status_line[10])) ||
      !std::isdigit(static_cast<unsigned char>(status_line[11]))) {
    *error = "not an HTTP/1.x status line: \"" + PrintableSample(status_line) + "\"";
    return -1;
  }
  head->status =
      (status_line[9] - '0') * 100 + (status_line[10] - '0') * 10 + (status_line[11] - '0');
  head->keep_alive = status_line[7] == '1';  // HTTP/1.0 closes unless it says otherwise
  for (std::size_t at = line_end + 2; at < text.size();) {
    const std::size_t next = text.find("\r\n", at);
    const std::string_view line = text.substr(at, next - at);
    at = next + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = Trimmed(line.substr(colon + 1));
    if (StartsWithIgnoringCase(name, "content-length") && name.size() == 14) {
      long long n = 0;
      for (char c : value) {
        if (!std::isdigit(static_cast<unsigned char>(c)) || n > (1LL << 40)) {
          *error = "a bad Content-Length: \"" + PrintableSample(value) + "\"";
          return -1;
        }
        n = n * 10 + (c - '0');
      }
      head->content_length = n;
    } else if (StartsWithIgnoringCase(name, "transfer-encoding") && name.size() == 17) {
      head->chunked =
          value.size() >= 7 && StartsWithIgnoringCase(value.substr(value.size() - 7), "chunked");
    } else if (StartsWithIgnoringCase(name, "connection") && name.size() == 10) {
      if (StartsWithIgnoringCase(value, "close")) head->keep_alive = false;
      if (StartsWithIgnoringCase(value, "keep-alive")) head->keep_alive = true;
    }
  }
  return 1;
}

long long DecodeChunked(std::string_view bytes, std::size_t max_body_bytes, std::string* body,
                        std::string* error) {
  body->clear();
  std::size_t at = 0;
  for (;;) {
    const std::size_t line_end = bytes.find("\r\n", at);
    if (line_end == std::string_view::npos) {
      if (bytes.size() - at > 64) {
        *error = "a malformed chunk size line";
        return -1;
      }
      return 0;
    }
    std::size_t size = 0;
    std::size_t digits = 0;
    for (std::size_t i = at; i < line_end && bytes[i] != ';'; ++i, ++digits) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(bytes[i])));
      const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                                                                : -1;
      if (v < 0 || digits >= 8) {
        *error =
            "a malformed chunk size \"" + PrintableSample(bytes.substr(at, line_end - at)) + "\"";
        return -1;
      }
      size = size * 16 + static_cast<std::size_t>(v);
    }
    if (digits == 0) {
      *error = "an empty chunk size line";
      return -1;
    }
    at = line_end + 2;
    if (size == 0) {  // the last chunk; trailers (if any) end with a blank line
      const std::size_t end = bytes.find("\r\n", at);
      if (end == std::string_view::npos) return 0;
      if (end == at) return static_cast<long long>(at + 2);
      const std::size_t trailers_end = bytes.find("\r\n\r\n", at);
      return trailers_end == std::string_view::npos ? 0 : static_cast<long long>(trailers_end + 4);
    }
    if (body->size() + size > max_body_bytes) {
      *error = "a body over " + std::to_string(max_body_bytes) + " bytes";
      return -1;
    }
    if (bytes.size() < at + size + 2) return 0;
    body->append(bytes.substr(at, size));
    if (bytes.substr(at + size, 2) != "\r\n") {
      *error = "a chunk not followed by CRLF";
      return -1;
    }
    at += size + 2;
  }
}

}  // namespace swarmgate
