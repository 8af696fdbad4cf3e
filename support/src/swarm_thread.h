#pragma once
// One swarm thread: its io_context, client (WebSocket or HTTP), pacing scheduler, recorder, error
// log and the virtual users it owns. Nothing here is shared with other threads except `shared`.

#include <algorithm>
#include <asio/io_context.hpp>
#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "client.h"
#include "intended_times.h"
#include "pair_analysis.h"
#include "scheduler.h"
#include "series_collector.h"
#include "swarmgate/dialect.h"
#include "swarmgate/error_log.h"
#include "swarmgate/load_spec.h"
#include "swarmgate/recorder.h"

namespace swarmgate {

class SwarmThread;
class VirtualUser;

// The few values all threads of one run read or update.
struct SwarmShared {
  using MakeUser = std::unique_ptr<VirtualUser> (*)(SwarmThread* thread, int index);

  SwarmShared(const LoadSpec& row, const Dialect& row_dialect, MakeUser user_maker,
              const std::string& run_name, Micros start_us, std::vector<Latency> followed,
              int threads, bool keep_second_values)
      : spec(row),
        dialect(row_dialect),
        make_user(user_maker),
        user_name_prefix("swarmgate-" + run_name + "-"),
        times(row, start_us),
        match(MatchPartOf(row.params)),
        chat(ChatPartOf(row.params)),
        series(std::move(followed), threads, times.WindowS(), keep_second_values) {}

  const LoadSpec& spec;
  const Dialect& dialect;
  const MakeUser make_user;  // the row's flow's users
  // User i is named "<prefix><i>": fresh names every run, for servers that lock a name.
  const std::string user_name_prefix;
  const IntendedTimes times;  // from time zero of the run
  const MatchParams* match;   // the flow's matching cycle, if it matches users
  const ChatParams* chat;     // what chatting users send, if they chat
  SeriesCollector series;
  std::atomic<std::int64_t> open_connections{0};
  std::atomic<std::int64_t> peak_open_connections{0};
  PairJoin pair_join;  // the two sides of each match, joined as they end
};

class SwarmThread final : public TimerClient {
 public:
  SwarmThread(SwarmShared* shared, int index, const TargetUrl& target,
              const Client::Headers& headers, int handshake_cap);
  ~SwarmThread();

  void AddUser(int index);
  // Runs until every user has finished or deadline_us passes.
  void Run(Micros deadline_us);

  // For users: open a connection now, or as soon as fewer handshakes are in flight.
  void RequestConnect(VirtualUser* user);
  void HandshakeDone();
  void UserFinished();
  // Drops a finished user's connection after the current handler returns (never inside
  // websocketpp's own callback, which is running on that connection).
  void ReleaseLater(Client::Connection connection);
  void ConnectionOpened();
  void ConnectionClosed();

  SwarmShared& shared() { return *shared_; }
  const LoadSpec& spec() const { return shared_->spec; }
  const Dialect& dialect() const { return shared_->dialect; }
  const IntendedTimes& times() const { return shared_->times; }
  Client& client() { return *client_; }
  Scheduler& scheduler() { return scheduler_; }
  Recorder& recorder() { return recorder_; }
  ErrorLog& errors() { return errors_; }
  std::string& frame_buffer() { return frame_; }
  std::string& text_buffer() { return text_; }
  std::vector<std::string>& batch_buffer() { return batch_; }
  std::string& sample_buffer() { return sample_; }  // the frame being handled, as received

  // User names ("swarmgate-<run>-<index>"), each valid until the next call of its kind.
  std::string_view UserName(std::int64_t index);
  std::string_view PartnerName(std::int64_t index);
  // The index a name of this run stands for; -1 when it is not one.
  int IndexOfUserName(std::string_view name) const;
  // This thread's user with that index (swarm matchmaking keeps partners on one thread).
  VirtualUser* UserWithIndex(int index) const;

  const std::vector<std::unique_ptr<VirtualUser>>& users() const { return users_; }
  int unfinished() const { return static_cast<int>(users_.size()) - finished_; }

  // Connect-phase bounds for the connect rate: first attempt, last successful open.
  void NoteConnectStarted(Micros now) { first_connect_us_ = std::min(first_connect_us_, now); }
  void NoteOpened(Micros now) { last_open_us_ = std::max(last_open_us_, now); }
  Micros first_connect_us() const { return first_connect_us_; }
  Micros last_open_us() const { return last_open_us_; }

 private:
  enum Tag : std::uint64_t { kDeadline, kSecondTick, kLagProbe, kStall };
  void OnTimer(std::uint64_t token) override;
  // Hands the series what this thread measured since the last tick.
  void DeliverSecond();

  SwarmShared* shared_;
  const int index_;
  asio::io_context io_{1};  // one thread: Asio may skip its internal locking
  Recorder recorder_;
  Scheduler scheduler_{&io_};
  std::unique_ptr<Client> client_;
  ErrorLog errors_;
  std::string frame_;  // reused encode buffers
  std::string text_;
  std::vector<std::string> batch_;  // the messages of one HTTP poll answer
  std::string sample_;
  std::string user_name_, partner_name_;
  std::vector<std::unique_ptr<VirtualUser>> users_;
  int finished_ = 0;
  int handshakes_in_flight_ = 0;
  int handshake_cap_;
  std::deque<VirtualUser*> waiting_to_connect_;
  Micros lag_probe_due_us_ = 0;
  int second_ = 0;  // the second the next tick closes
  std::array<std::int64_t, kCounterCount> counters_at_tick_{};
  std::vector<Buckets> values_at_tick_;  // per followed latency, cumulative
  Micros first_connect_us_ = INT64_MAX;
  Micros last_open_us_ = 0;
};

}  // namespace swarmgate
