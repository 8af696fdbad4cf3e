#pragma once
// swarmgate merge SHARD.json...: a row's shards judged as one run, its report and JUnit XML
// written as a single process's would be.

#include <string>
#include <vector>

#include "swarmgate/settings.h"

namespace swarmgate {

// Merges and judges the shard files; report_file: the report's path ("" : beside the first
// shard's, without ".shard-I-of-N"). The merged run is judged against, and added to, the
// history settings name. Prints the verdict lines with print; returns the exit code
// (command_line.h).
int MergeCommand(const std::vector<std::string>& shard_files, const std::string& report_file,
                 const Settings& settings, void (*print)(const std::string& line));

}  // namespace swarmgate
