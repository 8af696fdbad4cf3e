#include "swarmgate/http_get.h"

#include <asio/io_context.hpp>
#include <chrono>

#include "http_client.h"

namespace swarmgate {
namespace {

constexpr std::size_t kMaxResponseBytes = 4 << 20;

// The one answer a GET gets, or why there was none.
class Answer final : public ClientSink {
 public:
  void OnOpen() override {}
  void OnFrame(std::string* payload) override { body.swap(*payload); }
  void OnFail(ConnectError, std::string_view reason) override { End(reason); }
  void OnClosed(std::string_view reason) override { End(reason); }
  void OnHttpResponse(int answer_status, Micros, bool, std::string_view what) override {
    status = answer_status;
    if (status == 0) End(what);
    detail = what;
    done = true;
  }

  bool done = false;
  int status = 0;  // 0: none
  std::string body;
  std::string detail;  // why there is no answer, or what the answer said

 private:
  void End(std::string_view reason) {
    if (done) return;
    detail = reason;
    done = true;
  }
};

}  // namespace

std::optional<std::string> HttpGet(const TargetUrl& url, double timeout_s, std::string* error) {
  auto fail = [&](const std::string& why) {
    *error = "GET " + url.ToString() + ": " + why;
    return std::nullopt;
  };
  asio::io_context io{1};
  HttpClient client(&io, url, kMaxResponseBytes);
  Answer answer;
  std::string connect_error;
  const Client::Connection connection = client.Connect(&answer, &connect_error);
  if (!connection) return fail(connect_error);
  client.Send(connection, "GET " + url.resource);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::microseconds(static_cast<std::int64_t>(timeout_s * 1e6));
  while (!answer.done && std::chrono::steady_clock::now() < deadline) {
    io.run_one_until(deadline);
  }
  const bool done = answer.done;
  client.Close(connection);
  if (!done) return fail("no complete answer within " + std::to_string(timeout_s) + " s");
  if (answer.status == 0) {
    // The client names the request ("GET /metrics: ..."); the line names the URL instead.
    const std::string request = "GET " + url.resource + ": ";
    const bool named = answer.detail.compare(0, request.size(), request) == 0;
    return fail(named ? answer.detail.substr(request.size()) : answer.detail);
  }
  if (answer.status != 200) return fail("HTTP " + std::to_string(answer.status));
  return std::move(answer.body);
}

}  // namespace swarmgate
