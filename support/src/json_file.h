#pragma once
// JSON files a user writes (profiles, plans, SLO files): read with a bound on their size,
// parsed with a bound on their nesting, and every error placed where an editor finds it.

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace swarmgate {

// "line L, column C (byte N)" of a byte offset, for errors a person fixes in an editor.
std::string TextPosition(std::string_view text, std::size_t offset);

// A key as a JSON Pointer token (RFC 6901): "~" as "~0", "/" as "~1".
std::string PointerToken(std::string_view key);

// The text of the file at path, at most max_bytes; nullopt with one line in *errors
// ("<path>: no such file", "... larger than a <what> (at most N)").
std::optional<std::string> ReadJsonFile(const std::string& path, std::uintmax_t max_bytes,
                                        std::string_view what, std::vector<std::string>* errors);

// Parses text into *doc, nesting bounded (json_nesting.h); false with one line in *errors,
// "<source>: /: not JSON: <why> at line L, column C (byte N)".
bool ParseJsonText(std::string_view text, const std::string& source, rapidjson::Document* doc,
                   std::vector<std::string>* errors);

}  // namespace swarmgate
