#include "swarmgate/prometheus_text.h"

#include <gtest/gtest.h>

namespace swarmgate {
namespace {

TEST(PrometheusText, ReadsTheProcessMetrics) {
  const char* text =
      "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
      "# TYPE process_cpu_seconds_total counter\n"
      "process_cpu_seconds_total 12.5\n"
      "process_resident_memory_bytes_max 1\n"
      "process_resident_memory_bytes{instance=\"a b}\",job=\"x\"} 4.2e+07 1700000000\n";
  EXPECT_EQ(PrometheusValue(text, "process_cpu_seconds_total"), 12.5);
  // A longer name with the same prefix is another metric; labels may hold spaces and braces.
  EXPECT_EQ(PrometheusValue(text, "process_resident_memory_bytes"), 4.2e7);
  EXPECT_FALSE(PrometheusValue(text, "process_open_fds"));
  EXPECT_FALSE(PrometheusValue("process_open_fds NaN\n", "process_open_fds"));
  EXPECT_FALSE(PrometheusValue("process_open_fds{a=\"1\"\n", "process_open_fds"));
  EXPECT_FALSE(PrometheusValue("process_open_fds\n", "process_open_fds"));
  EXPECT_EQ(PrometheusValue("process_open_fds 7", "process_open_fds"), 7);  // no final newline
}

}  // namespace
}  // namespace swarmgate
