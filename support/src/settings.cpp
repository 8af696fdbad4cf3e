#include "swarmgate/settings.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "printable.h"
#include "swarmgate/history.h"
#include "swarmgate/process_stats.h"
#include "swarmgate/secrets.h"
#include "tls_context.h"

extern char** environ;

namespace swarmgate {
namespace {

// Each variable the suite reads, and the form its value takes.
struct Variable {
  const char* name;
  const char* expected;
};

constexpr Variable kVariables[] = {
    {"SWARMGATE_TARGET",
     "ws://host:port/path or http://host:port (wss://, https:// over TLS) of a server on "
     "loopback (unset: the bundled servers)"},
    {"SWARMGATE_CA_FILE", "a PEM file of the CA certificates that sign the server's (TLS)"},
    {"SWARMGATE_TLS_INSECURE",
     "1 to connect to a TLS server without checking its certificate (self-signed staging "
     "servers), or 0"},
    {"SWARMGATE_PROFILE", "a shipped profile's name or the path of a profile file"},
    {"SWARMGATE_ALLOW_REMOTE", "1 to allow a server off loopback, or 0"},
    {"SWARMGATE_SERVER_PID", "the process id of the server under test, on this machine"},
    {"SWARMGATE_METRICS_URL", "http://host:port/path of the server's Prometheus metrics"},
    {"SWARMGATE_REPORT_DIR", "a folder the reports can be written to"},
    {"SWARMGATE_SOAK_SECONDS", "a number of seconds greater than 0"},
    // Read by CMake (ctest -S ci/dashboard.cmake, CTestConfig.cmake), not by a run: known, so
    // a dashboard run's tests do not refuse it.
    {"SWARMGATE_CDASH_SUBMIT_URL", "the CDash dashboard's submit URL"},
    {"SWARMGATE_PROGRESS", "0 (no live progress lines) or 1 (the default)"},
    {"SWARMGATE_SLO", "an SLO file (JSON: {\"families\": {...}, \"rows\": {...}})"},
    {"SWARMGATE_TEST_TIMEOUT_S", "a number of seconds greater than 0"},
    {"SWARMGATE_REFERENCE_SERVER", "the path of a reference server program"},
    {"SWARMGATE_HISTORY", "the results history's SQLite file, or 0 to keep none"},
    {"SWARMGATE_BASELINE", "a revision whose passing runs are the regression baseline"},
    {"SWARMGATE_BASELINE_RUNS", "a whole number of runs from 1 to 1000"},
    {"SWARMGATE_INCONCLUSIVE_RETRIES",
     "how often a run the swarm limited is run again: a whole number from 0 to 5"},
};

const char* ExpectedOf(const std::string& name) {
  for (const Variable& v : kVariables) {
    if (name == v.name) return v.expected;
  }
  return "";
}

// "NAME=value: why; expected ..." with the value shortened and made printable.
std::string Bad(const std::string& name, const std::string& value, const std::string& why) {
  // A URL's credentials (?token=...) are not repeated in a line that may land in a CI log.
  return name + "=" + Printable(RedactQuery(value), 80) + ": " + why + "; expected " +
         ExpectedOf(name);
}

// A URL the run connects to: well formed, and on loopback unless the user opted out.
std::optional<TargetUrl> ServerUrl(const std::string& name, const std::string& value, bool http,
                                   bool allow_remote, std::vector<std::string>* errors) {
  std::string error;
  auto url = http ? ParseHttpUrl(value, &error) : ParseServerUrl(value, &error);
  if (!url) {
    errors->push_back(name + ": " + error + "; expected " + ExpectedOf(name));
    return std::nullopt;
  }
  url->remote_allowed = allow_remote;
  if (!allow_remote) {
    if (const std::string why = NotLoopbackReason(url->host); !why.empty()) {
      errors->push_back(name + "=" + Printable(RedactQuery(value), 80) + ": " + why +
                        "; set SWARMGATE_ALLOW_REMOTE=1 to load a remote server you own");
      return std::nullopt;
    }
  }
  return url;
}

// Creates the folder and writes and removes a file in it, so that a folder the reports
// cannot go to is said before the load, not after it.
std::string NotWritable(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot be created (" + ec.message() + ")";
  const std::string probe =
      (std::filesystem::path(dir) / (".swarmgate-write-check-" + std::to_string(getpid())))
          .string();
  {
    std::ofstream out(probe);
    if (!out || !(out << "x") || !out.flush()) {
      return std::string("cannot be written (") + std::strerror(errno) + ")";
    }
  }
  std::filesystem::remove(probe, ec);
  return "";
}

}  // namespace

std::optional<double> ParseSeconds(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || end == text.c_str() || *end != '\0' || !std::isfinite(v) || v <= 0) {
    return std::nullopt;
  }
  return v;
}

Settings ReadSettings(const std::map<std::string, std::string>& environment) {
  Settings s;
  auto& errors = s.errors;
  for (const auto& [name, value] : environment) {
    if (*ExpectedOf(name) == '\0') {
      std::string known;
      for (const Variable& v : kVariables) known += std::string(known.empty() ? "" : ", ") + v.name;
      errors.push_back(Printable(name, 60) + ": not a variable swarmgate reads (it reads " + known +
                       ")");
    } else if (value.empty()) {
      errors.push_back(name + " is set but empty; expected " + ExpectedOf(name) +
                       " (unset it for the default)");
    }
  }
  auto get = [&environment](const char* name) -> const std::string* {
    const auto it = environment.find(name);
    return it == environment.end() || it->second.empty() ? nullptr : &it->second;
  };
  if (const auto* v = get("SWARMGATE_ALLOW_REMOTE")) {
    if (*v != "0" && *v != "1") errors.push_back(Bad("SWARMGATE_ALLOW_REMOTE", *v, "not 0 or 1"));
    s.allow_remote = *v == "1";
  }
  if (const auto* v = get("SWARMGATE_TARGET")) {
    s.target = ServerUrl("SWARMGATE_TARGET", *v, false, s.allow_remote, &errors);
  }
  if (const auto* v = get("SWARMGATE_METRICS_URL")) {
    s.metrics_url = ServerUrl("SWARMGATE_METRICS_URL", *v, true, s.allow_remote, &errors);
    if (s.metrics_url && s.metrics_url->tls()) {
      errors.push_back(Bad("SWARMGATE_METRICS_URL", *v, "metrics are read over plain http only"));
      s.metrics_url.reset();
    }
  }
  if (const auto* v = get("SWARMGATE_TLS_INSECURE")) {
    if (*v != "0" && *v != "1") errors.push_back(Bad("SWARMGATE_TLS_INSECURE", *v, "not 0 or 1"));
    s.tls_insecure = *v == "1";
  }
  if (const auto* v = get("SWARMGATE_CA_FILE")) {
    TargetUrl probe;
    probe.scheme = "wss";
    probe.host = "localhost";
    probe.tls_ca_file = *v;
    std::string why;
    if (!std::filesystem::is_regular_file(*v)) {
      errors.push_back(Bad("SWARMGATE_CA_FILE", *v, "no such file"));
    } else if (!TlsContext::Make(probe, &why)) {
      errors.push_back(Bad("SWARMGATE_CA_FILE", *v, "not PEM certificates"));
    } else if (s.tls_insecure) {
      errors.push_back(
          "SWARMGATE_CA_FILE and SWARMGATE_TLS_INSECURE=1 contradict each other: one verifies "
          "the server's certificate against a CA, the other skips the check; set one");
    } else {
      s.ca_file = *v;
    }
  }
  if (s.target) {
    s.target->tls_verify = !s.tls_insecure;
    s.target->tls_ca_file = s.ca_file;
  }
  if (const auto* v = get("SWARMGATE_PROFILE")) s.profile = *v;
  if (const auto* v = get("SWARMGATE_SERVER_PID")) {
    char* end = nullptr;
    errno = 0;
    const long pid = std::strtol(v->c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || pid <= 0 || pid > INT32_MAX) {
      errors.push_back(Bad("SWARMGATE_SERVER_PID", *v, "not a process id"));
    } else if (ProcessRssBytes(static_cast<int>(pid)) == 0) {
      errors.push_back(Bad("SWARMGATE_SERVER_PID", *v, "no such process readable in /proc"));
    } else {
      s.server_pid = static_cast<int>(pid);
    }
  }
  for (auto [name, field] : {std::pair{"SWARMGATE_SOAK_SECONDS", &s.soak_seconds},
                             std::pair{"SWARMGATE_TEST_TIMEOUT_S", &s.test_timeout_s}}) {
    if (const auto* v = get(name)) {
      if (const auto seconds = ParseSeconds(*v)) {
        *field = *seconds;
      } else {
        errors.push_back(Bad(name, *v, "not a plain number above 0"));
      }
    }
  }
  if (const auto* v = get("SWARMGATE_REFERENCE_SERVER")) {
    if (access(v->c_str(), X_OK) != 0 || std::filesystem::is_directory(*v)) {
      errors.push_back(Bad("SWARMGATE_REFERENCE_SERVER", *v, "not an executable file"));
    }
    s.reference_server = *v;
  }
  if (const auto* v = get("SWARMGATE_PROGRESS")) {
    if (*v != "0" && *v != "1") errors.push_back(Bad("SWARMGATE_PROGRESS", *v, "not 0 or 1"));
    s.progress = *v != "0";
  }
  if (const auto* v = get("SWARMGATE_SLO")) {
    std::vector<std::string> problems;
    s.slo = LoadSlo(*v, &problems);
    for (const std::string& problem : problems) errors.push_back("SWARMGATE_SLO: " + problem);
  }
  if (const auto* v = get("SWARMGATE_REPORT_DIR")) s.report_dir = *v;
  const std::string report_dir_problem = NotWritable(s.report_dir);
  if (!report_dir_problem.empty()) {
    errors.push_back(Bad("SWARMGATE_REPORT_DIR", s.report_dir, report_dir_problem));
  }
  s.history = s.report_dir + "/history.sqlite";
  if (const auto* v = get("SWARMGATE_HISTORY")) s.history = *v == "0" ? "" : *v;
  // A history that cannot be opened is found now, before any load (the default one is in the
  // report folder: said once, above, when that cannot be written).
  const bool history_in_bad_folder = !get("SWARMGATE_HISTORY") && !report_dir_problem.empty();
  if (!s.history.empty() && !history_in_bad_folder) {
    std::string why;
    if (!History::Open(s.history, &why)) errors.push_back("SWARMGATE_HISTORY: " + why);
  }
  if (const auto* v = get("SWARMGATE_BASELINE")) s.baseline_revision = *v;
  // A whole number from low to high, or one line naming the variable.
  const auto whole = [&](const char* name, long low, long high, int* out) {
    const auto* v = get(name);
    if (!v) return;
    char* end = nullptr;
    const long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n < low || n > high) {
      errors.push_back(
          Bad(name, *v,
              "not a whole number from " + std::to_string(low) + " to " + std::to_string(high)));
    } else {
      *out = static_cast<int>(n);
    }
  };
  whole("SWARMGATE_BASELINE_RUNS", 1, 1000, &s.baseline_runs);
  whole("SWARMGATE_INCONCLUSIVE_RETRIES", 0, 5, &s.inconclusive_retries);
  return s;
}

std::map<std::string, std::string> SwarmgateEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry = *e;
    if (entry.rfind("SWARMGATE_", 0) != 0) continue;
    const std::size_t eq = entry.find('=');
    out[entry.substr(0, eq)] = eq == std::string::npos ? "" : entry.substr(eq + 1);
  }
  return out;
}

}  // namespace swarmgate
