#include "swarmgate/process_stats.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace swarmgate {
namespace {

std::int64_t OneRssBytes(int pid);
double OneCpuSeconds(int pid);

// pid and the processes below it (children of any of its threads), at most kMax.
std::vector<int> TreeOf(int pid) {
  constexpr std::size_t kMax = 256;
  std::vector<int> tree = {pid};
  for (std::size_t i = 0; i < tree.size() && tree.size() < kMax; ++i) {
    std::error_code ec;
    const std::string tasks = "/proc/" + std::to_string(tree[i]) + "/task";
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
      std::ifstream children(task.path() / "children");
      int child = 0;
      while (children >> child && tree.size() < kMax) tree.push_back(child);
    }
  }
  return tree;
}

}  // namespace

std::int64_t ProcessRssBytes(int pid) {
  if (pid <= 0) return OneRssBytes(0);
  std::int64_t sum = 0;
  for (int p : TreeOf(pid)) sum += OneRssBytes(p);
  return sum;
}

double ProcessCpuSeconds(int pid) {
  if (pid <= 0) return OneCpuSeconds(0);
  double sum = 0;
  for (int p : TreeOf(pid)) sum += OneCpuSeconds(p);
  return sum;
}

namespace {

std::int64_t OneRssBytes(int pid) {
  const std::string path =
      pid > 0 ? "/proc/" + std::to_string(pid) + "/statm" : std::string("/proc/self/statm");
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return 0;
  long long size_pages = 0, resident_pages = 0;
  const int n = std::fscanf(f, "%lld %lld", &size_pages, &resident_pages);
  std::fclose(f);
  return n == 2 ? resident_pages * sysconf(_SC_PAGESIZE) : 0;
}

double OneCpuSeconds(int pid) {
  const std::string path =
      pid > 0 ? "/proc/" + std::to_string(pid) + "/stat" : std::string("/proc/self/stat");
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return 0;
  char buf[1024];
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = '\0';
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const char* p = std::strrchr(buf, ')');
  unsigned long long utime = 0, stime = 0;
  if (!p || std::sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
                        &stime) != 2) {
    return 0;
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace
}  // namespace swarmgate
