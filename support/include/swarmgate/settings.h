#pragma once
// The SWARMGATE_* environment variables a run reads, each checked once, before any load:
// a set but empty or malformed value, a name the suite does not read, a target or metrics
// URL whose host resolves to an address off loopback, and a report folder that cannot be
// written are each a one-line error naming the variable and the form it expects. Nothing
// falls back silently. The TLS settings are copied into the target URL.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "swarmgate/slo.h"
#include "swarmgate/target_url.h"

namespace swarmgate {

struct Settings {
  std::optional<TargetUrl> target;  // SWARMGATE_TARGET; unset: the bundled servers
  // The target is the row's bundled server, started by another swarmgate process (the shards
  // of --processes): rows bound to it, and its fault switches, apply.
  bool target_is_bundled = false;
  std::string profile;                   // SWARMGATE_PROFILE (a shipped name or a path)
  bool allow_remote = false;             // SWARMGATE_ALLOW_REMOTE=1
  int server_pid = 0;                    // SWARMGATE_SERVER_PID; 0: none named
  std::optional<TargetUrl> metrics_url;  // SWARMGATE_METRICS_URL
  std::string ca_file;                   // SWARMGATE_CA_FILE: trusted for wss:// and https://
  bool tls_insecure = false;             // SWARMGATE_TLS_INSECURE=1: certificates not checked
  std::string report_dir = "reports";    // SWARMGATE_REPORT_DIR, checked writable
  double soak_seconds = 1800;            // SWARMGATE_SOAK_SECONDS
  double test_timeout_s = 1500;          // SWARMGATE_TEST_TIMEOUT_S (set by CTest per tier)
  std::string reference_server;          // SWARMGATE_REFERENCE_SERVER; empty: the built one
  bool progress = true;                  // SWARMGATE_PROGRESS=0: no live progress lines
  std::optional<SloFile> slo;            // SWARMGATE_SLO: bounds laid over the rows' own
  // SWARMGATE_HISTORY: the results history (history.h); default <report_dir>/history.sqlite,
  // "0": none is kept.
  std::string history;
  std::string baseline_revision;  // SWARMGATE_BASELINE; empty: the last passing runs
  int baseline_runs = 5;          // SWARMGATE_BASELINE_RUNS
  // SWARMGATE_INCONCLUSIVE_RETRIES: how many times a row whose swarm, not the server, set the
  // pace is run again before its verdict stays "inconclusive".
  int inconclusive_retries = 1;
  std::vector<std::string> errors;  // one line each; a run must not start with any
};

// Reads the variables of `environment` (name -> value, the SWARMGATE_* ones of the process;
// a variable set to "" is present with an empty value). Resolves host names and creates the
// report folder.
Settings ReadSettings(const std::map<std::string, std::string>& environment);

// A setting in seconds: a finite decimal number greater than 0, and nothing after it.
std::optional<double> ParseSeconds(const std::string& text);

// The SWARMGATE_* variables of this process.
std::map<std::string, std::string> SwarmgateEnvironment();

}  // namespace swarmgate
