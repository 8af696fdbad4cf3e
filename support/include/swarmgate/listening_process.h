#pragma once
// The process that listens on a TCP port of this machine, found as `ss -ltnp` finds it: the
// listening socket's inode in /proc/net/tcp and tcp6, then the process holding that socket
// among /proc/<pid>/fd. So a user's server on loopback has its memory and CPU measured
// without naming its PID. Only processes this user may inspect are seen.

#include <string>
#include <vector>

namespace swarmgate {

struct ListeningProcess {
  int pid = 0;              // 0: not found (why says so)
  std::vector<int> others;  // further processes holding the same socket (pre-forked workers)
  std::string why;          // when not found: one line
};

ListeningProcess FindListeningProcess(int port);

// The listening sockets' inodes on `port` in the text of /proc/net/tcp or /proc/net/tcp6.
std::vector<unsigned long> ListeningInodes(const std::string& proc_net_tcp, int port);

}  // namespace swarmgate
