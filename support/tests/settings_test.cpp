// SWARMGATE_* variables: each bad, empty or unknown one is a one-line error naming it and
// the form it expects; nothing falls back silently.
#include "swarmgate/settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace swarmgate {
namespace {

using Environment = std::map<std::string, std::string>;

// A report folder of the test's own, so that reading settings writes nowhere else.
class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("swarmgate-settings-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Settings Read(Environment environment) {
    environment.emplace("SWARMGATE_REPORT_DIR", (dir_ / "reports").string());
    return ReadSettings(environment);
  }
  std::vector<std::string> ErrorsOf(Environment environment) {
    return Read(std::move(environment)).errors;
  }

  std::filesystem::path dir_;
};

TEST_F(SettingsTest, NothingSetIsTheBundledServersAndDefaults) {
  const Settings s = Read({});
  EXPECT_TRUE(s.errors.empty()) << s.errors[0];
  EXPECT_FALSE(s.target);
  EXPECT_EQ(s.soak_seconds, 1800);
  EXPECT_EQ(s.test_timeout_s, 1500);
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "reports"));  // made before any load
}

TEST_F(SettingsTest, TheDashboardsVariableIsKnownAndProgressAndSloAreRead) {
  const std::string slo = (dir_ / "slo.json").string();
  std::filesystem::create_directories(dir_);
  std::ofstream(slo) << R"({"families": {"chat": ["message_latency p95 < 50ms"]}})";
  const Settings s = Read({{"SWARMGATE_CDASH_SUBMIT_URL", "http://127.0.0.1:8080/submit.php"},
                           {"SWARMGATE_PROGRESS", "0"},
                           {"SWARMGATE_SLO", slo}});
  EXPECT_TRUE(s.errors.empty()) << s.errors[0];
  EXPECT_FALSE(s.progress);
  ASSERT_TRUE(s.slo);
  EXPECT_EQ(s.slo->families.at("chat").front(), "message_latency p95 < 50ms");
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_PROGRESS", "yes"}}),
            std::vector<std::string>{"SWARMGATE_PROGRESS=yes: not 0 or 1; expected 0 (no live "
                                     "progress lines) or 1 (the default)"});
}

TEST_F(SettingsTest, ALoopbackTargetAndItsSourcesAreRead) {
  const Settings s = Read({{"SWARMGATE_TARGET", "ws://localhost:8080/ws"},
                           {"SWARMGATE_METRICS_URL", "http://127.0.0.1:9100/metrics"},
                           {"SWARMGATE_SERVER_PID", std::to_string(getpid())},
                           {"SWARMGATE_SOAK_SECONDS", "90.5"},
                           {"SWARMGATE_PROFILE", "reference"}});
  ASSERT_TRUE(s.errors.empty()) << s.errors[0];
  ASSERT_TRUE(s.target);
  EXPECT_EQ(s.target->ToString(), "ws://localhost:8080/ws");
  EXPECT_FALSE(s.target->remote_allowed);
  ASSERT_TRUE(s.metrics_url);
  EXPECT_EQ(s.metrics_url->port, 9100);
  EXPECT_EQ(s.server_pid, getpid());
  EXPECT_EQ(s.soak_seconds, 90.5);
  EXPECT_EQ(s.profile, "reference");
  EXPECT_EQ(Read({{"SWARMGATE_TARGET", "http://[::1]:3000"}}).target->scheme, "http");
}

TEST_F(SettingsTest, EmptyValuesAreErrorsNotDefaults) {
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_TARGET", ""}}),
            std::vector<std::string>{
                "SWARMGATE_TARGET is set but empty; expected ws://host:port/path or "
                "http://host:port (wss://, https:// over TLS) of a server on loopback (unset: the "
                "bundled servers) (unset it for the default)"});
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_PROFILE", ""}}).size(), 1u);
}

TEST_F(SettingsTest, SecondsMustBeANumberAboveZero) {
  for (const char* bad : {"-1", "abc", "0", "10s", "nan", "inf", " "}) {
    EXPECT_EQ(ErrorsOf({{"SWARMGATE_SOAK_SECONDS", bad}}),
              std::vector<std::string>{std::string("SWARMGATE_SOAK_SECONDS=") + bad +
                                       ": not a plain number above 0; expected a number of "
                                       "seconds greater than 0"})
        << bad;
  }
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_TEST_TIMEOUT_S", "-5"}}).size(), 1u);
}

TEST_F(SettingsTest, AMisspeltVariableIsNamed) {
  const auto errors = ErrorsOf({{"SWARMGATE_TARGTE", "ws://127.0.0.1:1/"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("SWARMGATE_TARGTE: not a variable swarmgate reads (it reads "
                            "SWARMGATE_TARGET, ",
                            0),
            0u)
      << errors[0];
}

TEST_F(SettingsTest, MalformedUrlsAreMalformedAndShortened) {
  auto errors = ErrorsOf({{"SWARMGATE_TARGET", "ws://127.0.0.1:80:80/"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("bad host \"127.0.0.1:80\""), std::string::npos) << errors[0];
  errors = ErrorsOf({{"SWARMGATE_TARGET", "ws://127.0.0.1/" + std::string(100000, 'a')}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_LT(errors[0].size(), 400u) << errors[0];
  EXPECT_NE(errors[0].find("longer than 4096 bytes"), std::string::npos) << errors[0];
  errors = ErrorsOf({{"SWARMGATE_METRICS_URL", "https://127.0.0.1/metrics"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("metrics are read over plain http only"), std::string::npos)
      << errors[0];
}

TEST_F(SettingsTest, TlsTargetsAreVerifiedUnlessTheUserOptsOut) {
  Settings s = Read({{"SWARMGATE_TARGET", "wss://127.0.0.1/chat"}});
  ASSERT_TRUE(s.errors.empty()) << s.errors[0];
  EXPECT_EQ(s.target->port, 443);
  EXPECT_TRUE(s.target->tls_verify);
  s = Read({{"SWARMGATE_TARGET", "https://127.0.0.1:8443/"}, {"SWARMGATE_TLS_INSECURE", "1"}});
  ASSERT_TRUE(s.errors.empty()) << s.errors[0];
  EXPECT_FALSE(s.target->tls_verify);
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_TLS_INSECURE", "yes"}}),
            std::vector<std::string>{
                "SWARMGATE_TLS_INSECURE=yes: not 0 or 1; expected 1 to connect to a TLS server "
                "without checking its certificate (self-signed staging servers), or 0"});
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_CA_FILE", "/nonexistent/ca.pem"}}),
            std::vector<std::string>{
                "SWARMGATE_CA_FILE=/nonexistent/ca.pem: no such file; expected a PEM file of the "
                "CA certificates that sign the server's (TLS)"});
  std::filesystem::create_directories(dir_);
  const std::string not_pem = (dir_ / "not.pem").string();
  std::ofstream(not_pem) << "not a certificate\n";
  auto errors = ErrorsOf({{"SWARMGATE_CA_FILE", not_pem}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("not PEM certificates"), std::string::npos) << errors[0];
}

TEST_F(SettingsTest, AddressesOffLoopbackNeedTheUsersConsent) {
  auto errors = ErrorsOf({{"SWARMGATE_TARGET", "ws://10.0.0.1:8080/"}});
  EXPECT_EQ(errors, std::vector<std::string>{
                        "SWARMGATE_TARGET=ws://10.0.0.1:8080/: host 10.0.0.1 is not loopback "
                        "(127.0.0.0/8, ::1); set SWARMGATE_ALLOW_REMOTE=1 to load a remote server "
                        "you own"});
  errors = ErrorsOf({{"SWARMGATE_METRICS_URL", "http://[::2]:9100/metrics"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("host ::2 is not loopback"), std::string::npos) << errors[0];
  // Numeric forms that resolve to loopback are loopback.
  EXPECT_TRUE(ErrorsOf({{"SWARMGATE_TARGET", "ws://127.1:8080/"}}).empty());
  const Settings s =
      Read({{"SWARMGATE_TARGET", "ws://10.0.0.1:8080/"}, {"SWARMGATE_ALLOW_REMOTE", "1"}});
  ASSERT_TRUE(s.errors.empty()) << s.errors[0];
  EXPECT_TRUE(s.target->remote_allowed);
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_ALLOW_REMOTE", "yes"}}).size(), 1u);
}

TEST_F(SettingsTest, AReportFolderThatCannotBeWrittenIsSaidBeforeTheLoad) {
  std::filesystem::create_directories(dir_);
  const auto file = dir_ / "a-file";
  std::ofstream(file) << "x";
  const auto errors = ReadSettings({{"SWARMGATE_REPORT_DIR", (file / "reports").string()}}).errors;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("SWARMGATE_REPORT_DIR=" + (file / "reports").string() +
                                ": cannot be created (Not a directory)",
                            0),
            0u)
      << errors[0];
}

TEST_F(SettingsTest, TheHistoryIsBesideTheReportsAndAFileThatIsNoneIsSaidBeforeTheLoad) {
  std::filesystem::create_directories(dir_);
  const std::string reports = (dir_ / "reports").string();
  Settings s = ReadSettings({{"SWARMGATE_REPORT_DIR", reports}});
  ASSERT_TRUE(s.errors.empty()) << s.errors[0];
  EXPECT_EQ(s.history, reports + "/history.sqlite");
  EXPECT_EQ(s.baseline_runs, 5);
  EXPECT_EQ(ReadSettings({{"SWARMGATE_REPORT_DIR", reports}, {"SWARMGATE_HISTORY", "0"}}).history,
            "");
  const auto text = dir_ / "text.sqlite";
  std::ofstream(text) << std::string(200, 'x');
  const auto errors =
      ReadSettings({{"SWARMGATE_REPORT_DIR", reports}, {"SWARMGATE_HISTORY", text.string()}})
          .errors;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("SWARMGATE_HISTORY: history " + text.string() + ": ", 0), 0u)
      << errors[0];
  s = ReadSettings({{"SWARMGATE_REPORT_DIR", reports},
                    {"SWARMGATE_BASELINE", "abc123"},
                    {"SWARMGATE_BASELINE_RUNS", "9"}});
  EXPECT_EQ(s.baseline_revision, "abc123");
  EXPECT_EQ(s.baseline_runs, 9);
  for (const char* bad : {"0", "1001", "5x", ""}) {
    const auto e =
        ReadSettings({{"SWARMGATE_REPORT_DIR", reports}, {"SWARMGATE_BASELINE_RUNS", bad}}).errors;
    ASSERT_EQ(e.size(), 1u) << bad;
    EXPECT_NE(e[0].find("SWARMGATE_BASELINE_RUNS"), std::string::npos) << e[0];
  }
}

TEST_F(SettingsTest, ServerPidAndReferenceServerMustNameRealThings) {
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_SERVER_PID", "12abc"}}).size(), 1u);
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_SERVER_PID", "2147483647"}}).size(), 1u);
  EXPECT_EQ(ErrorsOf({{"SWARMGATE_REFERENCE_SERVER", "/nonexistent/server"}}).size(), 1u);
}

}  // namespace
}  // namespace swarmgate
