#pragma once
// A bound on how deeply JSON text nests arrays and objects, checked in one pass without
// recursion before any parser sees the text. RapidJSON's parser, its Accept and the profile
// checks recurse once per level; text from a server or a file is checked here first, so a
// frame of 200,000 '[' is a counted protocol error instead of a stack overflow.

#include <cstddef>
#include <string_view>

namespace swarmgate {

// Deeper than any message or profile a chat server and its users write (a profile reads
// nested field objects; a server's event wraps a payload, a history and its entries).
inline constexpr int kMaxJsonDepth = 64;

// The byte offset of the first '[' or '{' that opens level max_depth + 1 (strings and their
// escapes skipped), or npos when the text never nests that deep. Not a validator: malformed
// text is left for the parser to reject.
std::size_t JsonTooDeepAt(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace swarmgate
