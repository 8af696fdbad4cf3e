#include "command_line.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include "swarmgate/families.h"
#include "swarmgate/row_parameters.h"

namespace swarmgate {
namespace {

constexpr int kMaxProcesses = 64;

struct CommonFlag {
  const char* name;
  const char* form;  // "" for a switch
  const char* help;
};
// The flags of every subcommand (the row's own come from its family).
constexpr CommonFlag kCommonFlags[] = {
    {"url", "URL",
     "the server to load (ws://, wss://, http://, https://; loopback only unless "
     "--allow-remote); default: the bundled reference server, started for the run"},
    {"report", "FILE",
     "the JSON report's path (default: reports/swarmgate-<row>.json, or "
     "SWARMGATE_REPORT_DIR)"},
    {"slo", "FILE",
     "an SLO file: thresholds by family and by row laid over the row's (as "
     "SWARMGATE_SLO)"},
    {"shard", "I/N",
     "run shard I (from 0) of N of the row: every other pair of users is another shard's; "
     "writes the shard's result file for swarmgate merge"},
    {"start-at", "TIME",
     "the shards' shared time zero: 2026-12-02T12:00:00Z (UTC), or Unix seconds; shards "
     "wait for it"},
    {"processes", "N",
     "run the row as N shards in N processes here, each from its own source addresses, "
     "and merge them"},
    {"source-addresses", "LIST",
     "loopback addresses the connections come from, in turn: 127.0.1.1,127.0.1.2 or "
     "127.0.1.1-127.0.1.8 (past 28,232 connections to one port; --processes spreads "
     "its own)"},
    {"bundled-url", "URL",
     "the row's bundled server, already started by another swarmgate (--processes gives "
     "it to its shards; the server plays the row's faults)"},
    {"history", "FILE",
     "the results history (SQLite) the run is added to and regression bounds are judged "
     "against (as SWARMGATE_HISTORY; default: history.sqlite in the reports' folder; 0: none)"},
    {"baseline", "REVISION",
     "judge regression bounds against this revision's passing runs (as SWARMGATE_BASELINE; "
     "default: the row's last 5 passing runs on this machine)"},
    {"allow-remote", "", "load a server off loopback, one you own (as SWARMGATE_ALLOW_REMOTE=1)"},
    {"quiet", "", "no live progress line"},
    {"help", "", "this help"},
};

const CommonFlag* CommonFlagNamed(const std::string& name) {
  for (const CommonFlag& f : kCommonFlags) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text + " ";
}

std::string FlagsHelp(const std::vector<ParameterInfo>& parameters) {
  std::string out;
  for (const ParameterInfo& p : parameters) {
    if (p.name == "threshold") continue;  // listed with the family's gates
    std::string form = p.unit;
    for (char& c : form) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string line = "  " + Pad("--" + p.name + " " + form, 34) + p.help;
    if (!p.default_value.empty()) line += " [default " + p.default_value + "]";
    if (p.repeatable) line += " (repeatable)";
    out += line + "\n";
  }
  return out;
}

std::string CommonHelp() {
  std::string out;
  for (const CommonFlag& f : kCommonFlags) {
    out += "  " + Pad(std::string("--") + f.name + (*f.form ? std::string(" ") + f.form : ""), 34) +
           f.help + "\n";
  }
  return out;
}

constexpr char kExitCodes[] =
    "Exit codes: 0 every threshold held; 1 a threshold broke; 2 bad usage or a precondition\n"
    "(nothing judged); 3 inconclusive (the load generator, not the server, was the limit).\n";

constexpr char kValueForms[] =
    "Forms: duration 500ms, 30s, 2m, 1h; share 0.7 or 70%; rate 500/s or 30/m; counts are\n"
    "whole numbers. Flags take their value as the next word or after '=' (--ramp=30s).\n";

}  // namespace

bool ParseCommandLine(const std::vector<std::string>& words, Invocation* out, std::string* error) {
  std::size_t i = 0;
  if (words.empty()) {
    *error = "no subcommand";
    return false;
  }
  if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    out->help = true;
    if (words.size() > 1) out->subcommand = words[1];
    return true;
  }
  if (words[0] == "--version") {
    out->version = true;
    return true;
  }
  out->subcommand = words[i++];
  if (out->subcommand == "merge") {
    for (; i < words.size(); ++i) {
      if (words[i] == "--help") {
        out->help = true;
      } else if (words[i] == "--report" && i + 1 < words.size()) {
        out->report_file = words[++i];
      } else if (words[i].rfind("--report=", 0) == 0) {
        out->report_file = words[i].substr(9);
      } else if (words[i] == "--quiet") {
        out->quiet = true;
      } else if ((words[i] == "--history" || words[i] == "--baseline") && i + 1 < words.size()) {
        (words[i] == "--history" ? out->history_file : out->baseline) = words[i + 1];
        ++i;
      } else if (words[i].rfind("--history=", 0) == 0) {
        out->history_file = words[i].substr(10);
      } else if (words[i].rfind("--baseline=", 0) == 0) {
        out->baseline = words[i].substr(11);
      } else if (words[i].rfind("--", 0) == 0) {
        *error = words[i] + " is not a flag of merge (see swarmgate merge --help)";
        return false;
      } else {
        out->shard_files.push_back(words[i]);
      }
    }
    if (out->shard_files.empty() && !out->help) {
      *error = "merge: needs the shards' result files (swarmgate merge SHARD.json...)";
      return false;
    }
    return true;
  }
  if (out->subcommand != "run" && !FamilyNamed(out->subcommand)) {
    *error = "\"" + out->subcommand + "\" is not a subcommand";
    return false;
  }
  if (out->subcommand == "run") {
    if (i < words.size() && words[i] == "--help") {
      out->help = true;
      return true;
    }
    if (i == words.size() || words[i].rfind("--", 0) == 0) {
      *error = "run: needs a plan file (swarmgate run PLAN.json)";
      return false;
    }
    out->plan_path = words[i++];
  }
  std::vector<std::string> known;
  if (const Family* family = FamilyNamed(out->subcommand)) {
    for (const ParameterInfo& p : RowBuilder(*family, "row").Parameters()) known.push_back(p.name);
  }
  for (; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.rfind("--", 0) != 0 || word.size() == 2) {
      *error = "\"" + word + "\" is not a flag (flags start with --)";
      return false;
    }
    std::string name = word.substr(2);
    std::string value;
    bool has_value = false;
    if (const std::size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      has_value = true;
    }
    const CommonFlag* common = CommonFlagNamed(name);
    const bool is_row =
        out->subcommand == "run" ? name == "row" : std::count(known.begin(), known.end(), name);
    if (!common && !is_row) {
      *error = "--" + name + " is not a flag of " + out->subcommand + " (see swarmgate " +
               out->subcommand + " --help)";
      return false;
    }
    if (common && !*common->form) {
      if (has_value) {
        *error = "--" + name + " takes no value";
        return false;
      }
      if (name == "help") out->help = true;
      if (name == "quiet") out->quiet = true;
      if (name == "allow-remote") out->allow_remote = true;
      continue;
    }
    if (!has_value) {
      if (i + 1 == words.size()) {
        *error = "--" + name + " needs a value";
        return false;
      }
      value = words[++i];
    }
    if (name == "url") {
      out->url = value;
    } else if (name == "report") {
      out->report_file = value;
    } else if (name == "slo") {
      out->slo_file = value;
    } else if (name == "history") {
      out->history_file = value;
    } else if (name == "baseline") {
      out->baseline = value;
    } else if (name == "shard") {
      out->shard = value;
    } else if (name == "bundled-url") {
      out->bundled_url = value;
    } else if (name == "source-addresses") {
      out->source_addresses = value;
    } else if (name == "start-at") {
      out->start_at = value;
    } else if (name == "processes") {
      int n = 0;
      std::size_t used = 0;
      try {
        n = std::stoi(value, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != value.size() || n < 1 || n > kMaxProcesses) {
        *error = "--processes: \"" + value + "\" is not a number of processes (1 .. " +
                 std::to_string(kMaxProcesses) + ")";
        return false;
      }
      out->processes = n;
    } else if (name == "row") {
      out->row_names.push_back(value);
    } else {
      out->parameters.emplace_back(name, value);
    }
  }
  if (!out->url.empty() && !out->bundled_url.empty()) {
    *error = "--url and --bundled-url: give one";
    return false;
  }
  if (!out->shard.empty() && out->processes > 0) {
    *error = "--shard and --processes: give one (--processes runs every shard here)";
    return false;
  }
  return true;
}

std::string Usage() {
  std::string out =
      "swarmgate: load a real-time chat server with swarms of virtual users and judge it\n\n"
      "Usage: swarmgate <family> [flags]       one row of a family, e.g.\n"
      "         swarmgate chat --pairs 100 --chat-duration 30s\n"
      "       swarmgate run PLAN.json [--row NAME]...  the rows of a plan file\n"
      "       swarmgate <family> --help        every flag of the family, with its default\n"
      "       swarmgate merge SHARD.json...    judge a row's shards (--shard I/N) as one run\n"
      "       swarmgate history [...]          list, export, chart and find change points in\n"
      "                                        the results history (swarmgate history --help)\n\n"
      "Families:\n";
  for (const Family& f : Families())
    out += "  " + Pad(std::string(f.name), 16) + std::string(f.summary) + "\n";
  out += "\n";
  out += kExitCodes;
  return out;
}

std::string SubcommandUsage(const std::string& subcommand) {
  if (subcommand == "merge") {
    return "Usage: swarmgate merge SHARD.json... [--report FILE] [--history FILE] [--baseline "
           "REV]\n"
           "       [--quiet]\n\n"
           "Merges the result files of a row's shards (swarmgate ... --shard I/N writes\n"
           "<report>.shard-I-of-N.json) into the row's report, judged as if one process had\n"
           "run it: histograms added bucket by bucket, counters summed, seconds aligned on the\n"
           "shards' time zero, every shard's generator check kept. Shards of different rows,\n"
           "plans, revisions or runs, and a missing shard, are refused. The merged run is\n"
           "added to the results history (--history, as for a run).\n\n" +
           std::string(kExitCodes);
  }
  if (subcommand == "run") {
    return "Usage: swarmgate run PLAN.json [--row NAME]... [flags]\n\n"
           "Runs the rows of a plan file (JSON: {\"rows\": [{\"name\": ..., \"family\": ...,\n"
           "<parameters under their flags' names>}]}), one after the other, or only those\n"
           "named by --row. The exit code is the worst of the rows'.\n\n"
           "Flags:\n" +
           CommonHelp() + "  " + Pad("--row NAME", 34) + "run only this row (repeatable)\n\n" +
           kExitCodes;
  }
  const Family* family = FamilyNamed(subcommand);
  if (!family) return Usage();
  RowBuilder builder(*family, std::string(family->name));
  std::string out = "Usage: swarmgate " + subcommand + " [flags]\n\n" +
                    std::string(family->summary) + ".\n\nThe row's flags:\n" +
                    FlagsHelp(builder.Parameters()) + "\nEvery subcommand's flags:\n" +
                    CommonHelp() +
                    "\nThresholds (--threshold 'METRIC STAT OP VALUE', repeatable; one on the "
                    "same metric\nand statistic replaces the default):\n";
  std::vector<std::string> problems;
  for (const std::string& t : builder.Build(&problems).thresholds) out += "  " + t + "\n";
  out += "\n";
  out += kValueForms;
  out += kExitCodes;
  return out;
}

int ExitCodeOf(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return kExitPass;
    case Outcome::kFail:
      return kExitViolated;
    case Outcome::kInconclusive:
      return kExitInconclusive;
  }
  return kExitUsage;
}

}  // namespace swarmgate
