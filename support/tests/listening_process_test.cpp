#include "swarmgate/listening_process.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace swarmgate {
namespace {

TEST(ListeningProcess, ReadsListeningSocketsOfAPortFromProcNetTcp) {
  const std::string text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
      "timeout inode\n"
      "   0: 0100007F:47BB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        "
      "0 51234 1 0000000000000000 100 0 0 10 0\n"
      "   1: 0100007F:47BB 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        "
      "0 51240 1 0000000000000000 20 4 30 10 -1\n"
      "   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        "
      "0 777 1 0000000000000000 100 0 0 10 0\n";
  EXPECT_EQ(ListeningInodes(text, 0x47BB), std::vector<unsigned long>{51234});  // not the peer
  EXPECT_EQ(ListeningInodes(text, 8080), std::vector<unsigned long>{777});
  EXPECT_TRUE(ListeningInodes(text, 9).empty());
  EXPECT_TRUE(ListeningInodes("garbage\nmore garbage 1 2\n", 9).empty());
}

TEST(ListeningProcess, FindsTheChildListeningOnAPort) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // holds the socket until ended
    pause();
    _exit(0);
  }
  close(listener);  // only the child holds it now
  const ListeningProcess found = FindListeningProcess(port);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_EQ(found.pid, child) << found.why;
  EXPECT_TRUE(found.others.empty());
  const ListeningProcess none = FindListeningProcess(port);
  EXPECT_EQ(none.pid, 0);
  EXPECT_EQ(none.why, "nothing listens on TCP port " + std::to_string(port) + " in this namespace");
}

}  // namespace
}  // namespace swarmgate
