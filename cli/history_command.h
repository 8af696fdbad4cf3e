#pragma once
// swarmgate history: the results history (SWARMGATE_HISTORY) read back: its runs one line
// each, every run exported as CSV or JSON, and the change points of a row's metric.

#include <string>
#include <vector>

namespace swarmgate {

// words: what follows "history" on the command line. Returns the exit code (command_line.h).
int HistoryCommand(const std::vector<std::string>& words);

std::string HistoryUsage();

}  // namespace swarmgate
