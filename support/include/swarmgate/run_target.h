#pragma once
// The server a run loads, as the run sees it. Whoever runs a row provides it: the CTest
// fixtures start a bundled server on a free loopback port, or name the user's server.

#include <optional>
#include <string>
#include <string_view>

#include "swarmgate/target_url.h"

namespace swarmgate {

class RunTarget {
 public:
  virtual ~RunTarget() = default;

  // Where clients connect: ws://host:port/path, or http://host:port for a server spoken to
  // with an http profile. A profile's path, and an HTTP flow's own, replace the path.
  virtual const TargetUrl& url() const = 0;
  // Where the server's memory and CPU are read once a second: a local process (0: none),
  // else a Prometheus endpoint, else nowhere.
  virtual int server_pid() const { return 0; }
  virtual std::optional<TargetUrl> server_metrics() const { return std::nullopt; }
  // How the server's process was found when nobody named it (or why it was not), for reports.
  virtual std::string server_found() const { return {}; }
  // What it is, for reports: "reference_server", "bundled_node_server" or "external".
  virtual std::string_view kind() const = 0;
  // For a server the run started: whether it is still alive, and where its output goes.
  virtual bool Alive() { return true; }
  virtual std::string log_path() const { return {}; }
};

}  // namespace swarmgate
