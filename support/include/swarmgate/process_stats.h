#pragma once
// What a local process (the swarm itself, or a server started here) costs, read from /proc.

#include <cstdint>

namespace swarmgate {

// Resident set size of a process (0 = this one); 0 when unreadable. For pid > 0, with the
// processes it started that are still running (a server of several processes, SO_REUSEPORT
// workers or a Node cluster, is one server).
std::int64_t ProcessRssBytes(int pid);

// User + system CPU seconds a process (0 = this one) has used; 0 when unreadable. For
// pid > 0, with its running children, as ProcessRssBytes.
double ProcessCpuSeconds(int pid);

}  // namespace swarmgate
