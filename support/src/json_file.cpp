#include "json_file.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "json_nesting.h"

namespace swarmgate {

std::string TextPosition(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t line_start = before.rfind('\n');
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const std::size_t column =
      offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
         std::to_string(offset) + ")";
}

std::string PointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> ReadJsonFile(const std::string& path, std::uintmax_t max_bytes,
                                        std::string_view what, std::vector<std::string>* errors) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::is_regular_file(status)) {
    errors->push_back(
        path + (std::filesystem::exists(status) ? ": not a regular file" : ": no such file"));
    return std::nullopt;
  }
  const auto bytes = std::filesystem::file_size(path, error);
  if (!error && bytes > max_bytes) {
    errors->push_back(path + ": " + std::to_string(bytes) + " bytes, larger than a " +
                      std::string(what) + " (at most " + std::to_string(max_bytes) + ")");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().size() > max_bytes) {
    errors->push_back(path + ": cannot be read");
    return std::nullopt;
  }
  return text.str();
}

bool ParseJsonText(std::string_view text, const std::string& source, rapidjson::Document* doc,
                   std::vector<std::string>* errors) {
  // Nesting is bounded before parsing: the parser and the readers recurse per level.
  if (const std::size_t deep = JsonTooDeepAt(text); deep != std::string_view::npos) {
    errors->push_back(source + ": /: nested deeper than " + std::to_string(kMaxJsonDepth) +
                      " levels at " + TextPosition(text, deep));
    return false;
  }
  doc->Parse(text.data(), text.size());
  if (doc->HasParseError()) {
    std::string why = rapidjson::GetParseError_En(doc->GetParseError());
    if (!why.empty() && why.back() == '.') why.pop_back();
    errors->push_back(source + ": /: not JSON: " + why + " at " +
                      TextPosition(text, doc->GetErrorOffset()));
    return false;
  }
  return true;
}

}  // namespace swarmgate
