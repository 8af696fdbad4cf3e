// Compiled into a user's test programs by the installed package (swarmgateConfig.cmake): tells
// the fixture where the installed tree is, before any test runs.
#include "data_paths.h"

namespace {
const bool kInstalledTree = (swarmgate::UseInstalledTree(SWARMGATE_INSTALLED_PREFIX), true);
}  // namespace
