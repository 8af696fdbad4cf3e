// swarmgate: one row of a family from the terminal, or the rows of a plan file, with the
// same engine, safety rules and reports as the CTest tiers. Exit codes: command_line.h.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "command_line.h"
#include "data_paths.h"
#include "history_command.h"
#include "merge_command.h"
#include "swarmgate/families.h"
#include "swarmgate/plan.h"
#include "swarmgate/row_parameters.h"
#include "swarmgate/run.h"
#include "swarmgate/settings.h"
#include "swarmgate/shard_result.h"
#include "swarmgate/target_url.h"
#include "target.h"

namespace swarmgate {
namespace {

// Beyond a row's planned length: connection set-up, the last flows' drain, the report.
constexpr double kTimeoutMarginS = 120;

struct NamedRow {
  LoadSpec row;
  std::string id;         // in verdict lines, e.g. "chat" or "team-plan/Pairs100"
  std::string file_name;  // the report's name in the report folder, without .json
};

std::string MeaningOf(int code) {
  switch (code) {
    case kExitPass:
      return "pass: every threshold held";
    case kExitViolated:
      return "fail: a threshold broke";
    case kExitInconclusive:
      return "inconclusive: the load generator was the limit";
    default:
      return "not run: bad usage or a precondition";
  }
}

// The worse of two exit codes: bad usage, then a broken threshold, then inconclusive.
int Worse(int a, int b) {
  const auto rank = [](int code) {
    return code == kExitUsage ? 3 : code == kExitViolated ? 2 : code == kExitInconclusive ? 1 : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

void Say(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

// One line for the problem, one for the usage.
int UsageError(const std::string& line, const std::string& subcommand) {
  const std::string usage =
      subcommand.empty() ? "swarmgate <family> [flags] | swarmgate run PLAN.json (swarmgate --help)"
      : subcommand == "run"
          ? "swarmgate run PLAN.json [--row NAME]... [flags] (swarmgate run --help)"
      : subcommand == "merge"
          ? "swarmgate merge SHARD.json... [--report FILE] (swarmgate merge --help)"
          : "swarmgate " + subcommand + " [flags] (swarmgate " + subcommand +
                " --help lists every flag)";
  std::fprintf(stderr, "swarmgate: %s\nusage: %s\n", line.c_str(), usage.c_str());
  return kExitUsage;
}

// The settings of the run: the SWARMGATE_* variables, with the command line's flags in the
// place of the variables they stand for; errors name the flag where a flag gave the value.
Settings ReadRunSettings(const Invocation& inv) {
  std::map<std::string, std::string> environment = SwarmgateEnvironment();
  if (!inv.url.empty()) environment["SWARMGATE_TARGET"] = inv.url;
  if (!inv.bundled_url.empty()) environment["SWARMGATE_TARGET"] = inv.bundled_url;
  if (inv.allow_remote) environment["SWARMGATE_ALLOW_REMOTE"] = "1";
  if (!inv.slo_file.empty()) environment["SWARMGATE_SLO"] = inv.slo_file;
  if (!inv.history_file.empty()) environment["SWARMGATE_HISTORY"] = inv.history_file;
  if (!inv.baseline.empty()) environment["SWARMGATE_BASELINE"] = inv.baseline;
  Settings settings = ReadSettings(environment);
  settings.target_is_bundled = !inv.bundled_url.empty();
  for (std::string& error : settings.errors) {
    for (auto [variable, flag, given] :
         {std::tuple{"SWARMGATE_TARGET", "--url", &inv.url},
          std::tuple{"SWARMGATE_TARGET", "--bundled-url", &inv.bundled_url},
          std::tuple{"SWARMGATE_SLO", "--slo", &inv.slo_file},
          std::tuple{"SWARMGATE_HISTORY", "--history", &inv.history_file},
          std::tuple{"SWARMGATE_BASELINE", "--baseline", &inv.baseline}}) {
      if (!given->empty() && error.rfind(variable, 0) == 0) {
        error = flag + error.substr(std::string(variable).size());
      }
    }
    const std::string variable = "set SWARMGATE_ALLOW_REMOTE=1";
    if (const std::size_t at = error.find(variable); at != std::string::npos) {
      error.replace(at, variable.size(), "give --allow-remote");
    }
  }
  return settings;
}

// --start-at: "2026-12-02T12:00:00Z" (UTC, whole seconds) or Unix seconds ("1764676800",
// "1764676800.25"); microseconds since the epoch, or nullopt.
std::optional<std::int64_t> ParseStartAt(const std::string& text) {
  std::tm tm{};
  char zone = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &zone, &used) == 7 &&
      zone == 'Z' && static_cast<std::size_t>(used) == text.size()) {
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::tm given = tm;
    const std::time_t t = timegm(&tm);
    // timegm normalizes 31 November into 1 December: a date that moved did not exist.
    if (t == -1 || tm.tm_mday != given.tm_mday || tm.tm_mon != given.tm_mon ||
        tm.tm_hour != given.tm_hour || tm.tm_min != given.tm_min || tm.tm_sec != given.tm_sec) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(t) * 1000000;
  }
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(seconds > 1e9 && seconds < 1e11)) return std::nullopt;
  return static_cast<std::int64_t>(seconds * 1e6);
}

// Which plan a row came from, by content: shards of different plans are refused by a merge.
std::string PlanIdentity(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return std::filesystem::path(path).filename().string() + " fnv1a64:" + Fnv1a64Hex(text.str());
}

// under_ctest: a test of a registered plan (swarmgate_add_plan), whose TIMEOUT bounds the row.
int RunOne(const NamedRow& named, const Invocation& inv, const Settings& settings, bool under_ctest,
           const ShardSpec& shard, std::int64_t start_unix_us,
           const std::vector<std::string>& source_addresses) {
  RunEnvironment env;
  env.source_addresses = source_addresses;
  env.shard = shard;
  env.start_unix_us = start_unix_us;
  if (inv.subcommand == "run") env.plan = PlanIdentity(inv.plan_path);
  env.row_id = named.id;
  env.test_name = named.file_name;
  env.report_dir = settings.report_dir;
  env.report_file = inv.report_file;
  env.default_profile = settings.profile;
  env.profiles_dir = Paths().profiles_dir;
  env.working_dir = std::filesystem::current_path().string();
  env.slo = settings.slo ? &*settings.slo : nullptr;
  env.history_path = settings.history;
  env.baseline.runs = settings.baseline_runs;
  env.inconclusive_retries = settings.inconclusive_retries;
  env.baseline.revision = settings.baseline_revision;
  // Outside CTest the run has time for each attempt a limited swarm may take.
  double planned_s = PlannedDurationS(named.row);
  for (const LoadSpec& side : named.row.alongside)
    planned_s = std::max(planned_s, PlannedDurationS(side));
  env.timeout_s = under_ctest ? settings.test_timeout_s
                              : (1 + settings.inconclusive_retries) * (planned_s + kTimeoutMarginS);
  env.open_target = [&settings](const LoadSpec& row, const std::string& log_path) {
    return Target::ForRow(row, log_path, settings);
  };
  env.print = Say;
  env.progress = inv.quiet || !settings.progress ? ProgressMode::kOff
                 : isatty(fileno(stdout))        ? ProgressMode::kTerminal
                                                 : ProgressMode::kLines;
  Say("[ run      ] " + named.id + ": " + std::string(NameOf(named.row.flow())) + ", " +
      std::to_string(named.row.users) + " users, at most " +
      std::to_string(static_cast<int>(PlannedDurationS(named.row) + 0.5)) + " s");
  const RowOutcome out = RunRow(named.row, env);
  for (const std::string& problem : out.problems) Say("[ problem  ] " + problem);
  if (!out.not_applicable.empty()) Say("[ n/a      ] " + named.id + ": " + out.not_applicable);
  if (!out.ran()) return kExitUsage;
  if (shard.sharded()) {
    if (!out.report_error.empty()) {
      Say("[ problem  ] " + out.report_error);
      return kExitUsage;
    }
    for (const std::string& p : out.result.generator_problems) Say("[ shard    ] " + p);
    Say("[ shard    ] " + named.id + ": shard " + shard.ToString() + " ran " +
        std::to_string(out.result.metrics.count(Counter::kConnectAttempts)) +
        " connects; its result: " + out.shard_path + " (judge the row with swarmgate merge)");
    return kExitPass;
  }
  // Each gate with its measured value, as k6 lists its thresholds (console only: the tiers'
  // logs keep to the verdict; the JUnit XML has these lines too).
  for (const std::string& line : ThresholdLines(out, named.id)) Say("[ gate     ] " + line);
  for (const std::string& line : OutcomeLines(out, named.id)) Say(line);
  if (under_ctest) {  // CTest lifts these into its results; CDash plots them run after run
    for (const Figure& f : out.figures) {
      std::printf("<CTestMeasurement type=\"numeric/double\" name=\"%s\">%.6g</CTestMeasurement>\n",
                  f.name.c_str(), f.value);
    }
  }
  if (!out.report_error.empty()) Say("[ problem  ] " + out.report_error);
  return ExitCodeOf(out.verdict.outcome);
}

std::string FileSafe(std::string name) {
  for (char& c : name) {
    if (c == '/' || c == '.') c = '-';
  }
  return name;
}

// A row (and its rows alongside) made to run against the user's server: a shipped profile
// named is spoken to that server (by its path: a name alone binds a row to the profile's
// bundled server), and faults, which only the bundled servers can play, are refused.
std::string AimAtUsersServer(LoadSpec* row) {
  if (!row->server_faults.empty()) {
    return "row " + row->name +
           ": server faults are played by the bundled servers only, and "
           "--url names your own server; drop one of them";
  }
  if (!row->profile.empty()) row->profile = ProfilePath(row->profile, Paths().profiles_dir);
  for (LoadSpec& side : row->alongside) {
    if (std::string why = AimAtUsersServer(&side); !why.empty()) return why;
  }
  return "";
}

// The rows the invocation names: one of a family from its flags, or those of a plan.
bool RowsOf(const Invocation& inv, std::vector<NamedRow>* rows) {
  if (inv.subcommand != "run") {
    RowBuilder builder(*FamilyNamed(inv.subcommand), inv.subcommand);
    std::vector<std::string> problems;
    for (const auto& [name, value] : inv.parameters) {
      if (std::string why = builder.Set(name, value); !why.empty()) {
        problems.push_back("--" + name + ": " + why);
      }
    }
    LoadSpec row = builder.Build(&problems);
    if (!problems.empty()) {
      for (const std::string& problem : problems)
        std::fprintf(stderr, "swarmgate: %s\n", problem.c_str());
      std::fprintf(stderr, "usage: swarmgate %s [flags] (swarmgate %s --help lists every flag)\n",
                   inv.subcommand.c_str(), inv.subcommand.c_str());
      return false;
    }
    rows->push_back({std::move(row), inv.subcommand, "swarmgate-" + inv.subcommand});
    return true;
  }
  std::vector<std::string> errors;
  std::optional<Plan> plan = LoadPlan(inv.plan_path, &errors);
  if (!plan) {
    for (const std::string& error : errors) std::fprintf(stderr, "swarmgate: %s\n", error.c_str());
    return false;
  }
  const std::string stem = std::filesystem::path(inv.plan_path).stem().string();
  for (const std::string& wanted : inv.row_names) {
    bool found = false;
    for (const PlannedRow& r : plan->rows) found = found || r.row.name == wanted;
    if (!found) {
      std::string names;
      for (const PlannedRow& r : plan->rows) names += (names.empty() ? "" : ", ") + r.row.name;
      std::fprintf(stderr, "swarmgate: --row %s: %s has no such row (it has %s)\n", wanted.c_str(),
                   inv.plan_path.c_str(), names.c_str());
      return false;
    }
  }
  for (PlannedRow& r : plan->rows) {
    const bool chosen =
        inv.row_names.empty() ||
        std::find(inv.row_names.begin(), inv.row_names.end(), r.row.name) != inv.row_names.end();
    if (!chosen) continue;
    const std::string name = r.row.name;
    // A profile's relative path is found beside the plan first (a plan and its profile travel
    // together), else from the working folder.
    const std::filesystem::path plan_dir = std::filesystem::path(inv.plan_path).parent_path();
    const auto beside_plan = [&plan_dir](LoadSpec* row) {
      const std::string& p = row->profile;
      const bool is_path = p.find('/') != std::string::npos ||
                           (p.size() > 5 && p.compare(p.size() - 5, 5, ".json") == 0);
      if (!is_path || std::filesystem::path(p).is_absolute()) return;
      std::error_code ec;
      if (std::filesystem::exists(plan_dir / p, ec))
        row->profile = std::filesystem::absolute(plan_dir / p, ec).string();
    };
    beside_plan(&r.row);
    for (LoadSpec& side : r.row.alongside) beside_plan(&side);
    rows->push_back({std::move(r.row), stem + "/" + name, FileSafe(stem + "-" + name)});
  }
  if (rows->size() > 1 && !inv.report_file.empty()) {
    std::fprintf(stderr,
                 "swarmgate: --report names one file but %zu rows run (choose one with "
                 "--row, or leave --report out: each row's report is in the report "
                 "folder)\n",
                 rows->size());
    return false;
  }
  return true;
}

// --processes N: the row as N shards, each a child process of this command with --shard i/N
// and one time zero, against one server (the bundled one started here, unless --url), then
// merged. The children's output goes to this terminal, each line as they print it.
int RunInProcesses(const NamedRow& named, const Invocation& inv,
                   const std::vector<std::string>& words, const Settings& settings) {
  const int n = inv.processes;
  std::unique_ptr<RunTarget> server;  // the bundled server all shards load
  std::string url = inv.url;
  const std::string stem =
      !inv.report_file.empty()
          ? inv.report_file.substr(
                0, inv.report_file.size() -
                       (inv.report_file.size() > 5 &&
                                inv.report_file.rfind(".json") == inv.report_file.size() - 5
                            ? 5
                            : 0))
          : settings.report_dir + "/" + named.file_name;
  if (url.empty()) {
    OpenedTarget opened = Target::ForRow(named.row, stem + ".server.log", settings);
    if (!opened.target) {
      Say("[ problem  ] " + (opened.error.empty() ? opened.not_applicable : opened.error));
      return kExitUsage;
    }
    server = std::move(opened.target);
    url = server->url().ToString();
  }
  // Each shard's own source addresses, 127.0.<shard + 1>.<1..k>, each under the connect-cost
  // cliff (unless the user named the addresses, or the server is not on IPv4 loopback).
  std::string error;
  const std::optional<TargetUrl> parsed_url = ParseServerUrl(url, &error);
  const bool spread =
      inv.source_addresses.empty() && parsed_url && ConnectsToIpv4Loopback(parsed_url->host);
  const int per_shard_users = (named.row.users + n - 1) / n;
  const int addresses_per_shard = std::max(
      1, (per_shard_users + kConnectionsPerSourceAddress - 1) / kConnectionsPerSourceAddress);
  // Far enough ahead for every child to start, parse its row and probe the server.
  const std::int64_t start_unix_us = UnixMicros() + 3 * 1000000;
  char start[32];
  std::snprintf(start, sizeof start, "%.6f", static_cast<double>(start_unix_us) / 1e6);
  std::vector<pid_t> children;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> args = {"/proc/self/exe"};
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (words[w] == "--processes") {
        ++w;
        continue;
      }
      if (words[w].rfind("--processes=", 0) == 0 || words[w] == "--url" ||
          words[w].rfind("--url=", 0) == 0) {
        if (words[w] == "--url") ++w;
        continue;
      }
      args.push_back(words[w]);
    }
    for (const std::string& extra :
         {std::string("--shard=") + std::to_string(i) + "/" + std::to_string(n),
          std::string("--start-at=") + start, (server ? "--bundled-url=" : "--url=") + url,
          std::string("--quiet")}) {
      args.push_back(extra);
    }
    if (inv.subcommand == "run") args.push_back("--row=" + named.row.name);
    if (spread) {
      const std::string net = "127.0." + std::to_string(i + 1) + ".";
      args.push_back("--source-addresses=" + net + "1-" + net +
                     std::to_string(addresses_per_shard));
    }
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      std::_Exit(127);
    }
    if (pid < 0) {
      Say("[ problem  ] --processes: cannot start shard " + std::to_string(i));
      break;
    }
    children.push_back(pid);
  }
  bool all_ran = static_cast<int>(children.size()) == n;
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    all_ran = all_ran && WIFEXITED(status) && WEXITSTATUS(status) == kExitPass;
  }
  if (server && !server->Alive()) Say("[ problem  ] the bundled server died during the run");
  if (!all_ran) {
    Say("[ problem  ] " + named.id + ": not every shard ran; nothing to merge");
    return kExitUsage;
  }
  std::vector<std::string> files;
  for (int i = 0; i < n; ++i) {
    files.push_back(stem + ".shard-" + std::to_string(i) + "-of-" + std::to_string(n) + ".json");
  }
  return MergeCommand(files, stem + ".json", settings, Say);
}

int Main(const std::vector<std::string>& words) {
  if (!words.empty() && words[0] == "history")
    return HistoryCommand(std::vector<std::string>(words.begin() + 1, words.end()));
  if (words.size() == 2 && (words[0] == "--help" || words[0] == "help") && words[1] == "history") {
    std::printf("%s", HistoryUsage().c_str());
    return kExitPass;
  }
  Invocation inv;
  std::string error;
  if (!ParseCommandLine(words, &inv, &error))
    return UsageError(
        error, inv.subcommand == "run" || inv.subcommand == "merge" || FamilyNamed(inv.subcommand)
                   ? inv.subcommand
                   : "");
  if (inv.version) {
    Say("swarmgate " SWARMGATE_VERSION);
    return kExitPass;
  }
  if (inv.help) {
    std::printf("%s",
                inv.subcommand.empty() ? Usage().c_str() : SubcommandUsage(inv.subcommand).c_str());
    return kExitPass;
  }
  if (inv.subcommand == "merge") {
    const Settings settings = ReadRunSettings(inv);
    if (!settings.errors.empty()) {
      for (const std::string& e : settings.errors)
        std::fprintf(stderr, "swarmgate: %s\n", e.c_str());
      return kExitUsage;
    }
    const int code = MergeCommand(inv.shard_files, inv.report_file, settings, Say);
    if (code != kExitUsage)
      Say("[ exit     ] " + std::to_string(code) + " (" + MeaningOf(code) + ")");
    return code;
  }
  std::vector<std::string> source_addresses;
  if (!inv.source_addresses.empty()) {
    auto parsed = ParseSourceAddresses(inv.source_addresses, &error);
    if (!parsed) return UsageError("--source-addresses: " + error, inv.subcommand);
    source_addresses = *parsed;
  }
  ShardSpec shard;
  if (!inv.shard.empty()) {
    std::optional<ShardSpec> parsed = ParseShard(inv.shard, &error);
    if (!parsed) return UsageError("--shard: " + error, inv.subcommand);
    shard = *parsed;
  }
  std::int64_t start_unix_us = 0;
  if (!inv.start_at.empty()) {
    std::optional<std::int64_t> parsed = ParseStartAt(inv.start_at);
    if (!parsed) {
      return UsageError("--start-at: \"" + inv.start_at +
                            "\" is not a time: give 2026-12-02T12:00:00Z (UTC) or Unix seconds",
                        inv.subcommand);
    }
    start_unix_us = *parsed;
  }
  std::vector<NamedRow> rows;
  if (!RowsOf(inv, &rows)) return kExitUsage;
  const Settings settings = ReadRunSettings(inv);
  if (!settings.errors.empty()) {
    for (const std::string& e : settings.errors) std::fprintf(stderr, "swarmgate: %s\n", e.c_str());
    return kExitUsage;
  }
  if (settings.target && !settings.target_is_bundled) {
    for (NamedRow& named : rows) {
      if (std::string why = AimAtUsersServer(&named.row); !why.empty()) {
        std::fprintf(stderr, "swarmgate: %s\n", why.c_str());
        return kExitUsage;
      }
    }
  }
  const bool under_ctest = SwarmgateEnvironment().count("SWARMGATE_TEST_TIMEOUT_S") > 0;
  int code = kExitPass;
  for (const NamedRow& row : rows) {
    code = Worse(code, inv.processes > 0 ? RunInProcesses(row, inv, words, settings)
                                         : RunOne(row, inv, settings, under_ctest, shard,
                                                  start_unix_us, source_addresses));
  }
  const std::string meaning = shard.sharded() && code == kExitPass
                                  ? "shard ran: swarmgate merge judges the row"
                                  : MeaningOf(code);
  Say("[ exit     ] " + std::to_string(code) + " (" + meaning + "); reports in " +
      (inv.report_file.empty() ? settings.report_dir + "/" : inv.report_file));
  return code;
}

}  // namespace
}  // namespace swarmgate

int main(int argc, char** argv) {
  swarmgate::UseInstalledTreeOf("/proc/self/exe");
  return swarmgate::Main(std::vector<std::string>(argv + 1, argv + argc));
}
