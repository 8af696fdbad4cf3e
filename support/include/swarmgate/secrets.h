#pragma once
// What must never reach a report, a console line or an error sample: the credentials a run
// carries. They come from the profile (the values of credential headers such as
// Authorization or Cookie, the Socket.IO auth payload, action fields and per-user values
// named like credentials) and from query parameters so named in the target URL or a
// profile's path. Each literal is replaced by "[redacted]" wherever it appears, including
// inside what a server echoes back.

#include <string>
#include <string_view>
#include <vector>

namespace swarmgate {

struct Profile;
struct TargetUrl;

inline constexpr std::string_view kRedacted = "[redacted]";

// Whether a header, field or query parameter of this name holds a credential: authorization,
// cookie, or a name containing token, secret, password, passwd, auth, apikey, api_key,
// api-key, session, sid or key (case-insensitive; "sid" and "key" as whole words only).
bool IsCredentialName(std::string_view name);

// The URL or query text with the value of every credential-named query parameter replaced.
std::string RedactQuery(std::string_view url);

class Secrets {
 public:
  // The literals of a profile (may be null) and of the target URL's query.
  static Secrets Of(const Profile* profile, const TargetUrl& target);

  // A secret value; placeholders ({user.name}) are not secrets, the literal text between
  // them is when it is at least 4 bytes long (an auth scheme such as "Bearer " is not).
  void Add(std::string_view value);

  // `text` with every secret replaced by "[redacted]", credential query values included.
  std::string Redact(std::string_view text) const;
  bool empty() const { return literals_.empty(); }

 private:
  std::vector<std::string> literals_;  // longest first, so a secret inside another goes too
};

}  // namespace swarmgate
