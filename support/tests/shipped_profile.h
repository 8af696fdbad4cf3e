// A profile shipped under fixtures/profiles, loaded by its name (without ".json"); a test
// that needs one fails with the profile's own errors when it does not load.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "swarmgate/profile.h"

namespace swarmgate {

inline Profile ShippedProfile(const char* name) {
  std::vector<std::string> errors;
  auto p = LoadProfile(std::string(SWARMGATE_PROFILES_DIR) + "/" + name + ".json", &errors);
  EXPECT_TRUE(p) << name << ": " << ::testing::PrintToString(errors);
  return p.value_or(Profile{});
}

}  // namespace swarmgate
