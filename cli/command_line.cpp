#include "command_line.h"

#include <algorithm>
#include <cctype>

#include "swarmgate/families.h"
#include "swarmgate/row_parameters.h"

namespace swarmgate {
namespace {

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
    } else if (name == "row") {
      out->row_names.push_back(value);
    } else {
      out->parameters.emplace_back(name, value);
    }
  }
  return true;
}

std::string Usage() {
  std::string out =
      "swarmgate: load a real-time chat server with swarms of virtual users and judge it\n\n"
      "Usage: swarmgate <family> [flags]       one row of a family, e.g.\n"
      "         swarmgate chat --pairs 100 --chat-duration 30s\n"
      "       swarmgate run PLAN.json [--row NAME]...  the rows of a plan file\n"
      "       swarmgate <family> --help        every flag of the family, with its default\n\n"
      "Families:\n";
  for (const Family& f : Families())
    out += "  " + Pad(std::string(f.name), 16) + std::string(f.summary) + "\n";
  out += "\n";
  out += kExitCodes;
  return out;
}

std::string SubcommandUsage(const std::string& subcommand) {
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

}  // namespace swarmgate
