#include "swarmgate/run.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "applicability.h"
#include "client.h"
#include "flows/flow.h"
#include "inconclusive_retries.h"
#include "intended_times.h"
#include "kernel_floor.h"
#include "swarmgate/families.h"
#include "swarmgate/generator_check.h"
#include "swarmgate/http_get.h"
#include "swarmgate/junit_report.h"
#include "swarmgate/profile.h"
#include "swarmgate/run_history.h"
#include "swarmgate/secrets.h"
#include "swarmgate/shard_result.h"
#include "swarmgate/target_url.h"
#include "swarmgate/threshold.h"
#include "swarmgate_revision.h"

namespace swarmgate {
namespace {

// How long the target has to accept one connection before the run starts.
constexpr double kProbeTimeoutS = 6;
// The furthest ahead a shard's time zero may be (--start-at), so a typo cannot park a job.
constexpr double kLongestWaitForStartS = 3600;

// A row and its thresholds, parsed once.
struct PreparedRow {
  const LoadSpec* spec;
  std::vector<Threshold> thresholds;
  std::string id;  // in verdict lines: "<row_id>" or "<row_id>+<side>"
};

std::string FileSafe(std::string name) {
  for (char& c : name) {
    if (c == '/' || c == '.') c = '_';
  }
  return name;
}

std::string ReadFirstLine(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Every row's problems and parsed thresholds; the main row first, then its rows alongside.
std::vector<PreparedRow> Prepare(const LoadSpec& row, const std::string& row_id,
                                 std::vector<std::string>* problems) {
  std::vector<PreparedRow> rows = {{&row, {}, row_id}};
  for (const LoadSpec& side : row.alongside) rows.push_back({&side, {}, row_id + "+" + side.name});
  for (PreparedRow& r : rows) {
    for (std::string& problem : r.spec->Validate()) problems->push_back(std::move(problem));
    for (const std::string& text : r.spec->thresholds) {
      std::string error;
      if (auto t = ParseThreshold(text, &error)) {
        if (t->relative && r.spec != &row) {
          problems->push_back("row " + r.id + ": threshold \"" + text +
                              "\": a regression bound judges the main row only");
        }
        r.thresholds.push_back(*t);
      } else {
        problems->push_back("row " + r.spec->name + ": " + error);
      }
    }
  }
  return rows;
}

// What the machine must allow for the rows to run to their end.
void CheckPreconditions(const std::vector<PreparedRow>& rows, double timeout_s,
                        const ShardSpec& shard, std::vector<std::string>* problems) {
  const LoadSpec& main = *rows.front().spec;
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  int all_users = 0;
  double planned_s = 0;
  for (const PreparedRow& r : rows) {
    for (int user = 0; user < r.spec->users; ++user) all_users += shard.Has(user);
    planned_s = std::max(planned_s, PlannedDurationS(*r.spec));
  }
  if (static_cast<rlim_t>(all_users) + 100 > files.rlim_cur) {
    problems->push_back(
        "row " + main.name + " needs " + std::to_string(all_users + 100) +
        " file descriptors but the open-files limit is " + std::to_string(files.rlim_cur) +
        (shard.sharded() ? "" : " (run it in shards: swarmgate --processes N, or --shard I/N)"));
  }
  if (planned_s + kTeardownMarginS > timeout_s) {
    char line[256];
    std::snprintf(line, sizeof line, "row %s needs up to %g s but the test's TIMEOUT is %g s",
                  main.name.c_str(), planned_s, timeout_s);
    problems->emplace_back(line);
  }
}

// "/actions/signal and /events/signal": the verbs a row's flow needs that the dialect lacks.
std::string MissingVerbs(const LoadSpec& row, const Dialect& dialect) {
  const FlowTraits& flow = TraitsOf(row.flow());
  std::vector<std::string> missing;
  if (const MatchParams* match = MatchPartOf(row.params)) {  // a way to become partners
    const bool requested = dialect.matchmaking() == Matchmaking::kRequested;
    if (requested && !dialect.Has(Action::kFindMatch)) {
      missing.push_back("/actions/find_match (or \"matchmaking\": \"implicit\" or \"swarm\")");
    } else if (!requested && match->match_window_s > 0) {
      missing.push_back("/actions/find_match (the row asks for matches in a window)");
    }
  }
  for (Action a : flow.actions) {
    if (!dialect.Has(a)) missing.push_back("/actions/" + std::string(NameOf(a)));
  }
  for (EventKind e : flow.events) {
    if (!dialect.Announces(e)) missing.push_back("/events/" + std::string(NameOf(e)));
  }
  std::string text;
  for (std::size_t i = 0; i < missing.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
  }
  return text;
}

// The one place a row's transport and URL are decided: HTTP for flows that speak it and for
// http profiles, a profile's own path in place of the target's.
TargetUrl UrlFor(const LoadSpec& row, const TargetUrl& target, const Dialect& dialect,
                 const Profile* profile) {
  TargetUrl url = target;
  if (TraitsOf(row.flow()).over_http || dialect.OverHttp())
    url.scheme = url.tls() ? "https" : "http";
  if (profile && !profile->path.empty()) url.resource = profile->path;
  return url;
}

std::vector<std::pair<std::string, std::string>> Context(RunTarget& target, const TargetUrl& url,
                                                         const std::string& profile, int threads) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  return {
      {"host", host},
      {"cores", std::to_string(std::thread::hardware_concurrency())},
      {"compiler", "g++ " __VERSION__},
      {"build_type", SWARMGATE_BUILD_TYPE},
      {"revision", SWARMGATE_REVISION},
      {"load_average", ReadFirstLine("/proc/loadavg")},
      {"fd_limit", std::to_string(files.rlim_cur)},
      {"swarm_threads", std::to_string(threads)},
      {"target", url.ToString()},
      {"source_addresses",
       url.source_addresses.empty()
           ? std::string("the kernel's choice")
           : url.source_addresses.front() +
                 (url.source_addresses.size() > 1
                      ? " and " + std::to_string(url.source_addresses.size() - 1) + " more"
                      : "")},
      {"tls", !url.tls()                ? "none"
              : !url.tls_verify         ? "certificate NOT verified (SWARMGATE_TLS_INSECURE=1)"
              : url.tls_ca_file.empty() ? "verified against the system's CAs"
                                        : "verified against " + url.tls_ca_file},
      {"profile", profile.empty() ? "built-in reference protocol" : profile},
      {"target_kind", std::string(target.kind())},
      {"server_resources",
       (target.server_pid() > 0   ? "/proc/" + std::to_string(target.server_pid())
        : target.server_metrics() ? target.server_metrics()->ToString()
                                  : std::string("not sampled")) +
           (target.server_found().empty() ? "" : " (" + target.server_found() + ")")},
  };
}

}  // namespace

std::string ProfilePath(const std::string& name_or_path, const std::string& profiles_dir,
                        const std::string& working_dir) {
  if (name_or_path.find('/') == std::string::npos &&
      name_or_path.find(".json") == std::string::npos) {
    return profiles_dir + "/" + name_or_path + ".json";
  }
  if (name_or_path[0] == '/' || working_dir.empty()) return name_or_path;
  return (std::filesystem::path(working_dir) / name_or_path).lexically_normal().string();
}

namespace {

// The path of the row's files without their endings (.json, .junit.xml, .server.log).
std::string ReportStem(const RunEnvironment& env) {
  std::string stem = env.report_dir + "/" + FileSafe(env.test_name);
  if (!env.report_file.empty()) {
    stem = env.report_file;
    if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".json") == 0)
      stem.resize(stem.size() - 5);
  }
  return stem;
}

// RunRow, which fills *secrets as soon as the profile and the target are known.
RowOutcome RunRowKeeping(const LoadSpec& row, const RunEnvironment& env,
                         const std::vector<std::pair<std::string, SourcedThreshold>>& thresholds,
                         Secrets* secrets) {
  const Micros started_us = NowMicros();
  const auto print = [&env, secrets](const std::string& line) {
    if (env.print) env.print(secrets->Redact(line));
  };
  RowOutcome out;
  const std::vector<PreparedRow> rows = Prepare(row, env.row_id, &out.problems);
  if (!out.ran()) return out;
  CheckPreconditions(rows, env.timeout_s, env.shard, &out.problems);
  // A time zero that has passed (or is far away) is refused before anything starts.
  if (const std::int64_t wait_us = env.start_unix_us - UnixMicros();
      env.start_unix_us > 0 &&
      (wait_us < -kMicrosPerSecond || wait_us > SecondsToMicros(kLongestWaitForStartS))) {
    out.problems.push_back("--start-at: time zero is " +
                           std::to_string(std::llround(std::abs(wait_us) / 1e6)) + " s " +
                           (wait_us < 0 ? "in the past" : "away") +
                           " (shards must start together: give a time at most " +
                           std::to_string(static_cast<int>(kLongestWaitForStartS)) + " s ahead)");
  }
  for (const std::string& address : env.source_addresses) {
    if (!IsLoopbackAddress(address)) {
      out.problems.push_back("source address \"" + address +
                             "\" is not a loopback address (127.0.0.0/8 or ::1)");
    }
  }
  if (env.shard.sharded() && !row.alongside.empty()) {
    out.problems.push_back("row " + row.name + ": --shard: a row with rows alongside runs whole");
  }
  if (env.shard.sharded() && row.flow() == Flow::kBreakingPoint) {
    out.problems.push_back("row " + row.name +
                           ": --shard: a breaking point is found by one process (its steps are "
                           "judged as they run)");
  }
  if (!out.ran()) return out;

  // The wire profile, loaded and checked before anything connects.
  std::unique_ptr<Dialect> dialect = MakeReferenceDialect();
  std::optional<Profile> profile;
  const bool own_profile = !row.profile.empty();
  const std::string profile_ref = own_profile ? row.profile : env.default_profile;
  std::string profile_source = "the built-in reference protocol";
  if (!profile_ref.empty()) {
    const std::string path = ProfilePath(profile_ref, env.profiles_dir, env.working_dir);
    profile_source = "profile " + path;
    std::vector<std::string> problems;
    profile = LoadProfile(path, &problems);
    if (!profile) {
      for (const std::string& problem : problems) out.problems.push_back("profile " + problem);
      return out;
    }
    dialect = MakeProfileDialect(*profile);
  }
  // Interests given: the users' {user.interest} in place of the profile's own values.
  for (const LoadSpec& side : row.alongside) {
    if (const MatchParams* m = MatchPartOf(side.params); m && !m->interests.empty()) {
      out.problems.push_back("row " + side.name + ": interests are the main row's (" + row.name +
                             "), whose profile the rows alongside share");
    }
  }
  if (const MatchParams* match = MatchPartOf(row.params); match && !match->interests.empty()) {
    Profile with = profile ? *profile : ReferenceProfile();
    auto interest = std::find_if(with.values.begin(), with.values.end(),
                                 [](const auto& value) { return value.first == "interest"; });
    if (interest == with.values.end()) {
      out.problems.push_back(profile_source + ": row " + row.name +
                             " gives interests, but the profile sends none (declare "
                             "\"per_user\": {\"interest\": [...]} and send {user.interest})");
    } else {
      interest->second = match->interests;
      dialect = MakeProfileDialect(with);
    }
  }
  if (!out.ran()) return out;
  // A row's own profile must fit its flow; the run's default profile describes a server the
  // row may simply not apply to.
  for (const PreparedRow& r : rows) {
    const std::string missing = MissingVerbs(*r.spec, *dialect);
    if (missing.empty()) continue;
    const std::string line = profile_source + ": the " + std::string(NameOf(r.spec->flow())) +
                             " flow of row " + r.spec->name + " needs " + missing;
    if (own_profile) {
      out.problems.push_back(line);
    } else if (out.not_applicable.empty()) {
      out.not_applicable = line;
    }
  }
  if (!out.ran()) return out;

  const std::string file_name = ReportStem(env);
  OpenedTarget opened = env.open_target(row, file_name + ".server.log");
  if (!opened.not_applicable.empty()) {
    out.not_applicable = opened.not_applicable;
    return out;
  }
  if (!opened.target) {
    out.problems.push_back(opened.error);
    return out;
  }
  std::unique_ptr<RunTarget> target = std::move(opened.target);
  const Profile* wire = profile ? &*profile : nullptr;
  *secrets = Secrets::Of(wire, target->url());
  TargetUrl url = UrlFor(row, target->url(), *dialect, wire);
  url.source_addresses = env.source_addresses;
  if (url.source_addresses.empty()) {
    std::int64_t connections = 0;  // this process's, every row's: they share the server port
    for (const PreparedRow& r : rows) {
      for (int user = 0; user < r.spec->users; ++user) connections += env.shard.Has(user);
    }
    url.source_addresses = SpreadSourceAddresses(url.host, connections);
    if (!url.source_addresses.empty()) {
      print("[ sources  ] " + env.row_id + ": " + std::to_string(connections) +
            " connections from " + url.source_addresses.front() + " to " +
            url.source_addresses.back() + ", at most " +
            std::to_string(kConnectionsPerSourceAddress) + " from each");
    }
  }
  out.target = std::string(target->kind()) + " " + url.ToString() + " through " + profile_source;
  if (!target->server_found().empty()) {
    print("[ server   ] " + env.row_id + ": " +
          (target->server_pid() > 0
               ? "memory and CPU of PID " + std::to_string(target->server_pid()) + ", " +
                     target->server_found()
               : "memory and CPU not measured: " + target->server_found()));
  }
  // Headers with placeholders are the users' own, written per connection.
  std::vector<std::pair<std::string, std::string>> headers;
  if (profile) {
    for (const auto& header : profile->headers) {
      if (header.second.find('{') != std::string::npos) {
        headers.clear();
        break;
      }
      headers.push_back(header);
    }
  }
  if (url.tls() && !url.tls_verify) {
    print("[ WARNING  ] " + env.row_id + ": the TLS certificate of " + url.ToString() +
          " is NOT verified (SWARMGATE_TLS_INSECURE=1): for self-signed staging servers only");
  }
  // The probe connects as a user of its own would (a path or headers with a user's id).
  ActionArgs probe;
  probe.user_name = "swarmgate-probe-0";
  probe.partner_name = "swarmgate-probe-1";
  probe.partner_index = 1;
  std::string probe_resource, probe_headers;
  dialect->EncodeConnection(probe, &probe_resource, &probe_headers);
  if (std::string why = ProbeTarget(url, kProbeTimeoutS, headers, probe_resource, probe_headers);
      !why.empty()) {
    out.problems.push_back("target " + url.ToString() + " is not accepting " +
                           (TransportOf(url) == WireTransport::kHttp ? "HTTP" : "WebSocket") +
                           " connections: " + why);
    return out;
  }

  // The kernel's floor, measured before the load so that it does not share the machine with
  // the swarm; a floor that cannot be measured is a note, never a reason not to run.
  KernelFloor floor;
  std::string floor_note;
  if (row.measure_kernel_floor && !env.shard.sharded()) {
    const std::size_t frame_bytes =
        row.flow() == Flow::kChat ? static_cast<std::size_t>(row.Params<ChatParams>().payload_bytes)
                                  : 128;
    std::string why;
    if (MeasureKernelFloor(url, frame_bytes, &floor, &why)) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "[ floor    ] %s: %.1f us per connect (%d), %.2f us per frame written or read "
                    "(%ld, %zu B)",
                    env.row_id.c_str(), floor.cpu_us_per_connect, floor.connects,
                    floor.cpu_us_per_frame, floor.frame_operations, frame_bytes);
      print(line);
    } else {
      floor = KernelFloor{};
      floor_note = "kernel floor not measured: " + why;
    }
  }

  // Time zero: now, or the wall-clock time shards agreed on.
  Micros start_us = NowMicros() + 20 * kMicrosPerMilli;
  std::int64_t start_unix_us = UnixMicros() + 20 * kMicrosPerMilli;
  if (env.start_unix_us > 0) {
    const std::int64_t wait_us = env.start_unix_us - UnixMicros();
    if (wait_us < -kMicrosPerSecond) {  // passed while the server started and answered
      out.problems.push_back("--start-at: time zero passed " +
                             std::to_string(std::llround(-wait_us / 1e6)) +
                             " s ago, before this shard was ready (give the shards more time)");
      return out;
    }
    start_us = NowMicros() + wait_us;
    start_unix_us = env.start_unix_us;
    if (wait_us > 0)
      print("[ shard    ] " + env.row_id + ": waiting " +
            std::to_string(std::llround(wait_us / 1e6)) + " s for time zero");
  }
  // The rows alongside run their own swarms meanwhile; only the main row samples the server.
  const Micros deadline_us =
      std::max(started_us, start_us) + SecondsToMicros(env.timeout_s - kTeardownMarginS);
  std::vector<RunOptions> options(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    options[i].deadline_us = deadline_us;
    options[i].handshake_headers = headers;
    options[i].followed = FollowedLatencies(*rows[i].spec, rows[i].thresholds);
    options[i].secrets = secrets;
    options[i].start_us = start_us;
  }
  options[0].shard = env.shard;
  options[0].keep_second_values = !ExtraStatsOf(rows[0].thresholds).empty();
  options[0].server_pid = target->server_pid();
  // Live progress lasts as long as the swarms: what is printed after them starts on its own.
  std::optional<ProgressPrinter> progress;
  progress.emplace(env.progress, env.progress_out, PlannedDurationS(row),
                   std::string(NameOf(options[0].followed.front())));
  options[0].on_second = [&progress](int second, const SecondPoint& point) {
    progress->OnSecond(second, point);
  };
  options[0].server_metrics = target->server_metrics();
  std::vector<RunResult> results(rows.size());
  std::vector<std::thread> sides;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    sides.emplace_back([&, i] {
      const LoadSpec& side = *rows[i].spec;
      TargetUrl side_url = UrlFor(side, target->url(), *dialect, wire);
      side_url.source_addresses = url.source_addresses;
      results[i] = RunSwarm(side, side_url, *dialect, options[i]);
    });
  }
  results[0] = RunSwarm(row, url, *dialect, options[0]);
  for (std::thread& t : sides) t.join();
  progress.reset();

  // Judging. A breaking point overloads on purpose: its swarm is judged step by step instead.
  RunResult& result = results[0];
  result.floor_cpu_us_per_connect = floor.cpu_us_per_connect;
  result.floor_cpu_us_per_frame = floor.cpu_us_per_frame;
  if (row.flow() != Flow::kBreakingPoint) {
    result.generator_problems = GeneratorProblems(row, rows[0].thresholds, result.metrics);
  }
  Verdict verdict = Judge(rows[0].thresholds, result.metrics, &result.series, env.row_id,
                          result.generator_problems, NotApplicableMetrics(row, *dialect));
  verdict.notes = PairCheckNotes(row, *dialect);
  if (!floor_note.empty()) verdict.notes.push_back(floor_note);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    RunResult& r = results[i];
    const Verdict side = Judge(rows[i].thresholds, r.metrics, &r.series, rows[i].id,
                               GeneratorProblems(*rows[i].spec, rows[i].thresholds, r.metrics),
                               NotApplicableMetrics(*rows[i].spec, *dialect));
    print("[ alongside] " + rows[i].id + ": " + side.Summary());
    verdict.Absorb(side);
  }
  if (row.flow() == Flow::kBreakingPoint) {
    out.breaking_point = FindBreakingPoint(row, result.series);
    for (const std::string& line : StepLines(*out.breaking_point)) print("[ step     ] " + line);
    print("[ capacity ] " + out.breaking_point->Summary());
    JudgeCapacity(row.Params<BreakingPointParams>(), *out.breaking_point, env.row_id, &verdict);
    TargetUrl health = url;
    health.scheme = url.tls() ? "https" : "http";
    health.resource = "/health";
    std::string error;
    if (!HttpGet(health, 5, &error)) {
      verdict.AddViolation(
          "the server did not answer /health after the run: " + error + " [" + env.row_id + "]",
          "server_health");
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (results[i].users_unfinished == 0) continue;
    verdict.AddViolation(std::to_string(results[i].users_unfinished) + " of " +
                             std::to_string(rows[i].spec->users) +
                             " flows still running at the test's deadline [" + rows[i].id + "]",
                         "unfinished_flows");
  }
  if (!target->Alive()) {
    verdict.AddViolation("the bundled server died during the run (see " + target->log_path() +
                             ") [" + env.row_id + "]",
                         "server_alive");
  }

  if (env.shard.sharded()) {
    ShardResult shard;
    shard.shard = env.shard;
    shard.row_id = env.row_id;
    shard.test_name = env.test_name;
    shard.plan = env.plan;
    shard.row_json = RenderRow(row);
    shard.start_unix_us = start_unix_us;
    for (auto& [key, value] : Context(*target, url, profile ? profile->name : "", result.threads)) {
      shard.context.emplace_back(key, secrets->Redact(value));
    }
    shard.thresholds = thresholds;
    shard.not_applicable = NotApplicableMetrics(row, *dialect);
    shard.notes = verdict.notes;
    if (!target->Alive()) {
      shard.server_problems.push_back("the bundled server died during the run (see " +
                                      target->log_path() + ") [" + env.row_id + "]");
    }
    shard.result = std::move(result);
    out.shard_path = file_name + ".shard-" + std::to_string(env.shard.index) + "-of-" +
                     std::to_string(env.shard.count) + ".json";
    std::string error;
    if (!WriteTextFile(out.shard_path, RenderShardResult(shard), &error)) {
      out.report_error = error;
    }
    out.verdict = std::move(verdict);
    out.result = std::move(shard.result);
    return out;
  }
  out.figures = HeadlineFigures(result);
  if (out.breaking_point) {
    out.figures.push_back(
        {"capacity_users", static_cast<double>(out.breaking_point->capacity_users)});
  }
  out.report_path = file_name + ".json";
  HistoryEntry entry;
  entry.history_path = env.history_path;
  entry.baseline = env.baseline;
  entry.row_id = env.row_id;
  entry.test_name = env.test_name;
  entry.plan = env.plan;
  entry.revision = SWARMGATE_REVISION;
  entry.target = secrets->Redact(std::string(target->kind()) + " " + url.ToString());
  entry.report_path = out.report_path;
  entry.row_json = RenderRow(row);
  entry.started_unix_s = static_cast<double>(start_unix_us) / 1e6;
  HistoryOutcome recorded =
      JudgeAndRecord(entry, rows[0].thresholds, result, out.figures, &verdict);
  out.regression_lines = std::move(recorded.regression_lines);
  out.history_path = entry.history_path;
  out.history_run_id = recorded.run_id;
  out.history_error = std::move(recorded.error);
  ReportInput report;
  report.test_name = env.test_name;
  report.context = Context(*target, url, profile ? profile->name : "", result.threads);
  report.spec = &row;
  report.result = &result;
  report.verdict = &verdict;
  report.figures = out.figures;
  report.thresholds = &thresholds;
  report.secrets = secrets;
  std::string error;
  if (!WriteTextFile(out.report_path, RenderReport(report), &error)) out.report_error = error;
  for (const auto& [key, value] : report.context)
    out.context.emplace_back(key, secrets->Redact(value));
  out.verdict = std::move(verdict);
  out.result = std::move(result);
  return out;
}

}  // namespace

RowOutcome RunRow(const LoadSpec& given, const RunEnvironment& env) {
  const Micros started_us = NowMicros();
  const double started_unix_s = static_cast<double>(std::time(nullptr));
  // The thresholds judged: the rows' own with the SLO file's laid over them.
  LoadSpec row = given;
  std::vector<std::pair<std::string, SourcedThreshold>> thresholds;
  const auto lay_over = [&](LoadSpec* r, const std::string& id) {
    const std::vector<std::string> own = std::move(r->thresholds);
    r->thresholds.clear();
    for (SourcedThreshold& t : ApplySlo(own, env.slo, FamilyOf(r->flow()), id)) {
      if (t.source != "row" && env.print) {
        env.print("[ slo      ] " + id + ": " + t.text + " from " + t.source +
                  (t.replaced.empty() ? "" : " (the row's: " + t.replaced + ")"));
      }
      r->thresholds.push_back(t.text);
      thresholds.emplace_back(id, std::move(t));
    }
  };
  lay_over(&row, env.row_id);
  for (LoadSpec& side : row.alongside) lay_over(&side, env.row_id + "+" + side.name);
  Secrets secrets;
  RowOutcome out = RunRetryingInconclusive(
      row, env, started_us, secrets,
      [&](const RunEnvironment& e) { return RunRowKeeping(row, e, thresholds, &secrets); });
  out.thresholds = std::move(thresholds);
  // Every line the caller prints: no credential of the run in it.
  for (std::string* line : {&out.not_applicable, &out.target, &out.report_error}) {
    *line = secrets.Redact(*line);
  }
  for (auto* lines : {&out.problems, &out.verdict.violations, &out.verdict.inconclusive_reasons,
                      &out.verdict.not_measured, &out.verdict.not_applicable, &out.verdict.notes}) {
    for (std::string& line : *lines) line = secrets.Redact(line);
  }
  if (out.ran() && !env.shard.sharded() && !out.report_path.empty()) {
    WriteHtmlReport(&out, env.row_id, env.test_name, secrets.Redact(RenderRow(row)), env.baseline);
  }
  // Where CI systems read results: beside the report, for every row that was tried (a
  // shard's are written by the merge).
  if (!env.write_junit || env.shard.sharded()) return out;
  out.junit_path = ReportStem(env) + ".junit.xml";
  const double elapsed_s = static_cast<double>(NowMicros() - started_us) / kMicrosPerSecond;
  std::string error;
  if (!WriteTextFile(out.junit_path, RenderJunit(out, env.row_id, elapsed_s, started_unix_s),
                     &error)) {
    out.report_error += (out.report_error.empty() ? "" : "; ") + error;
    out.junit_path.clear();
  }
  return out;
}

}  // namespace swarmgate
