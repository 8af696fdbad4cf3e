#pragma once
// The swarmgate command's words: a subcommand (a family, or `run` with a plan), the row's
// parameters as flags (--pairs 100, --ramp=30s), and the flags every subcommand takes. Parsed
// whole before anything connects; a word that is not understood is one line.

#include <string>
#include <utility>
#include <vector>

#include "swarmgate/verdict.h"

namespace swarmgate {

// What the process exits with, distinct for each way a run can end.
enum ExitCode : int {
  kExitPass = 0,          // every threshold held
  kExitViolated = 1,      // at least one threshold (or a row's own check) broke
  kExitUsage = 2,         // bad usage or a precondition: nothing was judged
  kExitInconclusive = 3,  // the generator, not the server, limited the run
};

// The exit code of a judged run.
int ExitCodeOf(Outcome outcome);

struct Invocation {
  std::string subcommand;  // a family's name, "run", "merge", or "" with --help or --version
  std::string plan_path;   // run: the plan file
  std::vector<std::string> row_names;  // run --row NAME (repeatable): only these rows
  // The row's parameters as given, in order: (name without "--", value).
  std::vector<std::pair<std::string, std::string>> parameters;
  std::string url;               // --url: the user's server; empty: the bundled one
  std::string report_file;       // --report FILE
  std::string slo_file;          // --slo FILE: bounds laid over the rows' (as SWARMGATE_SLO)
  std::string history_file;      // --history FILE (as SWARMGATE_HISTORY)
  std::string baseline;          // --baseline REVISION (as SWARMGATE_BASELINE)
  std::string shard;             // --shard i/N: run shard i of N and write its result file
  std::string start_at;          // --start-at TIME: the shards' shared time zero
  int processes = 0;             // --processes N: N shards here, merged (0: one process)
  std::string source_addresses;  // --source-addresses LIST: where connections come from
  std::string bundled_url;       // --bundled-url URL: the row's bundled server, already started
  std::vector<std::string> shard_files;  // merge: the shards' result files
  bool allow_remote = false;
  bool quiet = false;
  bool help = false;
  bool version = false;
};

// Parses argv (without the program's name). On a problem returns false with one line in
// *error. Flags that take a value take it as the next word or after '='.
bool ParseCommandLine(const std::vector<std::string>& words, Invocation* out, std::string* error);

// The usage of the whole command, and of one subcommand (every flag, its default and its
// form).
std::string Usage();
std::string SubcommandUsage(const std::string& subcommand);

}  // namespace swarmgate
