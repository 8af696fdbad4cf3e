#pragma once
// The kernel's floor under the swarm's work, measured on this machine in the same run: what a
// connect and a frame cost a client that does nothing else. The swarm's CPU per connect and
// per frame is reported as a multiple of it, a ratio that machine and load noise move far
// less than the raw microseconds.
//   connect: a blocking loopback connect to the target, the upgrade request written and its
//            answer read, a close frame written and the server's read, the socket closed;
//            the only waits are for the server's two answers.
//   frame:   a frame of the row's size written to one end of a loopback TCP pair and read
//            from the other, in one thread, with no wait and no wakeup at all.

#include <cstddef>
#include <string>

#include "swarmgate/target_url.h"

namespace swarmgate {

struct KernelFloor {
  double cpu_us_per_connect = 0;  // thread CPU of one connection's life, as above
  double cpu_us_per_frame = 0;    // thread CPU of one write or one read of a frame
  int connects = 0;               // connections the figure is the mean of
  long frame_operations = 0;      // writes plus reads the figure is the mean of
};

// Measures both floors against target (ws:// only; its resolved address must be loopback,
// as every connection the swarm makes). Bounded: at most 400 connects and 40,000 frames, and
// about a second of CPU. false, with *error naming the step that failed, when a connect or
// handshake does not complete.
bool MeasureKernelFloor(const TargetUrl& target, std::size_t frame_bytes, KernelFloor* floor,
                        std::string* error);

}  // namespace swarmgate
