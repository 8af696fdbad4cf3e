#pragma once
// Text as XML 1.0 (JUnit) or HTML character data or an attribute value: markup escaped, and
// what the markup cannot hold (control characters, bytes that are not UTF-8: a server's bytes
// end up in reports) written as escapes.

#include <string>
#include <string_view>

namespace swarmgate {

// attribute: line breaks escaped too (&#10;), as an attribute value needs.
std::string MarkupText(std::string_view text, bool attribute = true);

}  // namespace swarmgate
