#include "swarmgate/secrets.h"

#include <gtest/gtest.h>

#include "swarmgate/error_log.h"
#include "swarmgate/profile.h"
#include "swarmgate/target_url.h"

namespace swarmgate {
namespace {

TEST(Secrets, CredentialNamesAreKnownByTheirWords) {
  for (const char* name : {"Authorization", "Cookie", "X-Auth-Token", "access_token", "password",
                           "client_secret", "apiKey", "X-API-Key", "sessionId", "sid", "key"}) {
    EXPECT_TRUE(IsCredentialName(name)) << name;
  }
  for (const char* name :
       {"Origin", "User-Agent", "name", "gender", "room", "inside", "monkey", "text", "type"}) {
    EXPECT_FALSE(IsCredentialName(name)) << name;
  }
}

TEST(Secrets, CredentialQueryValuesAreReplaced) {
  EXPECT_EQ(RedactQuery("wss://chat.test:443/ws?room=7&token=abc.def&peer=2"),
            "wss://chat.test:443/ws?room=7&token=[redacted]&peer=2");
  EXPECT_EQ(RedactQuery("/ws"), "/ws");
  EXPECT_EQ(RedactQuery("/ws?"), "/ws?");
}

TEST(Secrets, AProfilesCredentialsAreRedactedWhereverTheyAppear) {
  std::vector<std::string> errors;
  const auto profile = ParseProfile(R"({
    "name": "with-credentials", "transport": "socketio",
    "path": "/socket.io/?EIO=4&transport=websocket&token=q1w2e3r4",
    "headers": {"Authorization": "Bearer abc123secret", "Origin": "http://localhost",
                "Cookie": "sid={user.name}; theme=dark-mode"},
    "auth": {"token": "tok-xyz-1", "user": "{user.name}"},
    "per_user": {"api_key": ["k-0001", "k-0002"], "gender": ["male", "female"]},
    "actions": {"identify": {"name": "login", "fields": {"password": "hunter22",
                                                          "name": "{user.name}"}},
                "message": {"name": "send", "fields": {"text": "{text}"}}},
    "events": {"message": {"names": ["message"], "capture": {"text": "/text"}}}
  })",
                                    "p.json", &errors);
  ASSERT_TRUE(profile) << ::testing::PrintToString(errors);
  TargetUrl target;
  target.resource = "/chat?access_token=url-secret-9";
  const Secrets secrets = Secrets::Of(&*profile, target);
  const std::string echoed =
      "error: bad credentials abc123secret tok-xyz-1 hunter22 k-0002 q1w2e3r4 url-secret-9 "
      "for swarmgate-1 (male) from http://localhost";
  EXPECT_EQ(secrets.Redact(echoed),
            "error: bad credentials [redacted] [redacted] [redacted] [redacted] [redacted] "
            "[redacted] for swarmgate-1 (male) from http://localhost");
  // Placeholders are filled per user and are no secret; the literal around them is.
  EXPECT_EQ(secrets.Redact("sid=swarmgate-1; theme=dark-mode"),
            "sid=swarmgate-1; theme=[redacted]");
}

TEST(Secrets, ErrorSamplesAreKeptWithoutThem) {
  Secrets secrets;
  secrets.Add("Bearer s3cr3t-token");
  ErrorLog log;
  log.set_secrets(&secrets);
  // The secret straddles the 200-byte cut: redacted first, so no part of it survives.
  log.Note(ErrorClass::kServer, std::string(190, 'x') + "s3cr3t-token and more");
  EXPECT_EQ(log.tally(ErrorClass::kServer).sample.find("s3cr"), std::string::npos);
  EXPECT_NE(log.tally(ErrorClass::kServer).sample.find("[redac"), std::string::npos);
}

}  // namespace
}  // namespace swarmgate
