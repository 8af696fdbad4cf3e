#pragma once
// What every fuzz target shares: the input as text, and the shipped profiles it reads with.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "swarmgate/profile.h"

namespace swarmgate::fuzz {

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A shipped profile (fixtures/profiles/<name>.json); the target cannot run without it.
inline Profile ShippedProfile(const std::string& name) {
  std::vector<std::string> errors;
  auto profile = LoadProfile(SWARMGATE_PROFILES_DIR "/" + name + ".json", &errors);
  if (!profile) {
    for (const std::string& e : errors) std::cerr << e << "\n";
    std::abort();
  }
  return *profile;
}

// Reads every field of a decoded event, so that a view pointing outside the frame is an
// ASan report here and not a silent pass.
inline std::size_t Touch(const Event& e) {
  std::size_t sum = 0;
  for (std::string_view v :
       {e.session_id, e.match_id, e.partner_id, e.resume_token, e.text, e.detail, e.stamp,
        e.signal_kind, e.call_id, e.call_decision, e.history_error, e.reply}) {
    for (char c : v) sum += static_cast<unsigned char>(c);
  }
  for (std::string_view v : e.history) {
    for (char c : v) sum += static_cast<unsigned char>(c);
  }
  return sum;
}

}  // namespace swarmgate::fuzz
