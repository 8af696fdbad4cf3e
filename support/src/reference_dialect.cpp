// The built-in dialect: the bundled reference server's protocol (docs/protocol.md), read from
// fixtures/profiles/reference.json, which the build compiles in (cmake/embed_text.cmake), so
// the protocol has one source and the built-in dialect is the shipped profile byte for byte.
#include <cstdio>
#include <cstdlib>

#include "swarmgate/dialect.h"
#include "swarmgate/profile.h"

namespace swarmgate {

extern const char kReferenceProfileJson[];  // generated

const Profile& ReferenceProfile() {
  static const Profile profile = [] {
    std::vector<std::string> problems;
    std::optional<Profile> parsed =
        ParseProfile(kReferenceProfileJson, "the built-in reference.json", &problems);
    if (!parsed) {  // a build of a broken shipped profile: nothing can run
      for (const std::string& problem : problems) std::fprintf(stderr, "%s\n", problem.c_str());
      std::fprintf(stderr, "%s:%d: the built-in reference profile does not parse\n", __FILE__,
                   __LINE__);
      std::abort();
    }
    return *std::move(parsed);
  }();
  return profile;
}

std::unique_ptr<Dialect> MakeReferenceDialect() { return MakeProfileDialect(ReferenceProfile()); }

}  // namespace swarmgate
