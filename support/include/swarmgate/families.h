#pragma once
// The families of rows as the command line and plan files name them: saturate, match, chat,
// signaling, calls, reconnect, http, breaking-point and soak. Each is a flow, the gates its
// shipped rows hold a server to, and the row `swarmgate <family>` runs before any flag.
// perf/'s tables take their gates from here, so that a gate is written once.

#include <string>
#include <string_view>
#include <vector>

#include "swarmgate/load_spec.h"

namespace swarmgate {

struct Family {
  std::string_view name;     // as typed: "chat", "breaking-point"
  std::string_view summary;  // one line for --help
  LoadSpec (*default_row)(std::string row_name);
};

// Every family, in the order --help lists them.
const std::vector<Family>& Families();
// The family of that name; null when there is none.
const Family* FamilyNamed(std::string_view name);

// The family a flow's rows belong to ("chat"; http_rate and http_mix rows are both "http").
std::string_view FamilyOf(Flow flow);

// A typical server budget: under 2 GiB resident, under half a core on average.
std::vector<std::string> WithServerBudget(std::vector<std::string> gates);

// The gates of each family's shipped rows, the server budget apart.
std::vector<std::string> SaturateGates();
std::vector<std::string> MatchmakingGates(std::string_view min_match_success);  // e.g. "100%"
std::vector<std::string> ChatGates();
std::vector<std::string> SignalingGates();
std::vector<std::string> CallGates();
std::vector<std::string> ReconnectGates();
// HTTP endpoint rows: p95 under 500 ms, p99 under a second, under 1 % failed, at least 98 %
// of the planned requests answered, connections that open.
std::vector<std::string> HttpEndpointGates();
// Chats that re-match for hours: delivery that does not drift, memory that does not grow.
std::vector<std::string> SoakGates();

}  // namespace swarmgate
