#pragma once
// Bytes from a server as people and reports see them: the bytes as received, quotes and all,
// in valid UTF-8 whatever came. Control characters and bytes that are not UTF-8 are written
// as escapes (\n, \r, \t, \0, \xNN), so a report stays valid JSON and a console line one
// line. Applying it twice changes nothing.

#include <cstddef>
#include <string>
#include <string_view>

namespace swarmgate {

// Whether bytes are valid UTF-8 (RFC 3629), as JSON text must be.
bool IsUtf8(std::string_view bytes);

// At most about max_bytes of `bytes` (cut on a character boundary, "..." after a cut).
std::string Printable(std::string_view bytes, std::size_t max_bytes);

}  // namespace swarmgate
