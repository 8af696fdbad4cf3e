#pragma once
// Lets rapidjson::Writer append straight into a std::string (no StringBuffer and copy).

#include <string>

namespace swarmgate::internal {

struct JsonStringSink {
  using Ch = char;
  std::string* out;
  void Put(char c) { out->push_back(c); }
  void Flush() {}
};

}  // namespace swarmgate::internal
