#include "swarmgate/process_stats.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace swarmgate {

std::int64_t ProcessRssBytes(int pid) {
  const std::string path =
      pid > 0 ? "/proc/" + std::to_string(pid) + "/statm" : std::string("/proc/self/statm");
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return 0;
  long long size_pages = 0, resident_pages = 0;
  const int n = std::fscanf(f, "%lld %lld", &size_pages, &resident_pages);
  std::fclose(f);
  return n == 2 ? resident_pages * sysconf(_SC_PAGESIZE) : 0;
}

double ProcessCpuSeconds(int pid) {
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

}  // namespace swarmgate
