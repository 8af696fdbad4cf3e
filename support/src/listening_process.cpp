#include "swarmgate/listening_process.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace swarmgate {
namespace {

constexpr char kListenState[] = "0A";  // TCP_LISTEN in /proc/net/tcp's "st" column

std::string ReadAll(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsNumber(const char* name) {
  if (!*name) return false;
  for (; *name; ++name) {
    if (*name < '0' || *name > '9') return false;
  }
  return true;
}

// Whether the process holds a socket with one of these inodes.
bool HoldsSocket(const std::string& pid, const std::vector<unsigned long>& inodes) {
  const std::string fd_dir = "/proc/" + pid + "/fd";
  DIR* dir = opendir(fd_dir.c_str());
  if (!dir) return false;  // gone, or not ours to inspect
  bool holds = false;
  while (dirent* entry = readdir(dir)) {
    if (!IsNumber(entry->d_name)) continue;
    char target[64];
    const std::string link = fd_dir + "/" + entry->d_name;
    const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    unsigned long inode = 0;
    if (std::sscanf(target, "socket:[%lu]", &inode) == 1 &&
        std::find(inodes.begin(), inodes.end(), inode) != inodes.end()) {
      holds = true;
      break;
    }
  }
  closedir(dir);
  return holds;
}

}  // namespace

std::vector<unsigned long> ListeningInodes(const std::string& proc_net_tcp, int port) {
  std::vector<unsigned long> inodes;
  std::istringstream lines(proc_net_tcp);
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
    unsigned long inode = 0;
    if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode)) {
      continue;
    }
    const std::size_t colon = local.rfind(':');
    if (colon == std::string::npos || state != kListenState) continue;
    char* end = nullptr;
    const long local_port = std::strtol(local.c_str() + colon + 1, &end, 16);
    if (*end == '\0' && local_port == port && inode != 0) inodes.push_back(inode);
  }
  return inodes;
}

ListeningProcess FindListeningProcess(int port) {
  ListeningProcess found;
  std::vector<unsigned long> inodes = ListeningInodes(ReadAll("/proc/net/tcp"), port);
  for (unsigned long inode : ListeningInodes(ReadAll("/proc/net/tcp6"), port)) {
    inodes.push_back(inode);
  }
  if (inodes.empty()) {
    found.why = "nothing listens on TCP port " + std::to_string(port) + " in this namespace";
    return found;
  }
  DIR* proc = opendir("/proc");
  if (!proc) {
    found.why = "/proc cannot be read";
    return found;
  }
  std::vector<int> pids;
  const int self = getpid();
  while (dirent* entry = readdir(proc)) {
    if (!IsNumber(entry->d_name) || std::atoi(entry->d_name) == self) continue;
    if (HoldsSocket(entry->d_name, inodes)) pids.push_back(std::atoi(entry->d_name));
  }
  closedir(proc);
  if (pids.empty()) {
    found.why = "the process listening on port " + std::to_string(port) +
                " is not one this user may inspect";
    return found;
  }
  std::sort(pids.begin(), pids.end());  // the oldest first: a pre-forking server's parent
  found.pid = pids.front();
  found.others.assign(pids.begin() + 1, pids.end());
  return found;
}

}  // namespace swarmgate
