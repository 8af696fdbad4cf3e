// The example's own server: a raw-WebSocket JSON chat that pairs users in the order they join
// and relays what one partner says to the other. Its protocol, which pairing-service.json
// describes to swarmgate:
//   {"type":"join","username":U}      {"type":"paired","partner":P} to both, once two wait
//   {"type":"chat","text":T}          {"type":"chat","text":T} to the partner
//   {"type":"typing"}                 {"type":"typing"} to the partner
//   {"type":"leave"} (or closing)     {"type":"partner_left"} to the partner
//   anything else                     {"type":"error","message":...}
// Usage: pair_server [PORT] (default 0: any free port); prints "listening on 127.0.0.1:PORT".
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

using Server = websocketpp::server<websocketpp::config::asio>;
using Handle = websocketpp::connection_hdl;

struct User {
  std::string name;
  std::optional<Handle> partner;
};

class PairServer {
 public:
  explicit PairServer(unsigned short port) {
    server_.clear_access_channels(websocketpp::log::alevel::all);
    server_.clear_error_channels(websocketpp::log::elevel::all);
    server_.init_asio();
    server_.set_reuse_addr(true);
    server_.set_message_handler([this](Handle h, Server::message_ptr m) { OnMessage(h, m); });
    server_.set_close_handler([this](Handle h) { Leave(h, true); });
    server_.set_fail_handler([this](Handle h) { Leave(h, true); });
    server_.listen(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::error_code ec;
    std::printf("listening on 127.0.0.1:%u\n", server_.get_local_endpoint(ec).port());
    std::fflush(stdout);
    server_.start_accept();
  }
  void Run() { server_.run(); }

 private:
  void Send(Handle h, const std::string& type, const char* key = nullptr,
            const std::string& value = "") {
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> w(text);
    w.StartObject();
    w.Key("type");
    w.String(type.c_str());
    if (key) {
      w.Key(key);
      w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    }
    w.EndObject();
    websocketpp::lib::error_code ec;  // a peer already gone is not an error here
    server_.send(h, text.GetString(), text.GetSize(), websocketpp::frame::opcode::text, ec);
  }

  void OnMessage(Handle h, Server::message_ptr m) {
    rapidjson::Document d;
    const std::string& payload = m->get_payload();
    if (d.Parse(payload.c_str(), payload.size()).HasParseError() || !d.IsObject() ||
        !d.HasMember("type") || !d["type"].IsString()) {
      return Send(h, "error", "message", "not a JSON object with a type");
    }
    const std::string type = d["type"].GetString();
    User& user = users_[h];
    if (type == "join" && d.HasMember("username") && d["username"].IsString()) {
      user.name = d["username"].GetString();
      if (waiting_ && !waiting_->expired() && users_.count(*waiting_)) {
        User& other = users_[*waiting_];
        other.partner = h;
        user.partner = *waiting_;
        Send(h, "paired", "partner", other.name);
        Send(*waiting_, "paired", "partner", user.name);
        waiting_.reset();
      } else {
        waiting_ = h;
      }
    } else if (type == "chat" && user.partner && d.HasMember("text") && d["text"].IsString()) {
      Send(*user.partner, "chat", "text", d["text"].GetString());
    } else if (type == "typing" && user.partner) {
      Send(*user.partner, "typing");
    } else if (type == "leave") {
      Leave(h, false);
    } else {
      Send(h, "error", "message", "cannot " + type + " now");
    }
  }

  void Leave(Handle h, bool closed) {
    auto it = users_.find(h);
    if (it == users_.end()) return;
    if (it->second.partner) {
      auto partner = users_.find(*it->second.partner);
      if (partner != users_.end()) {
        partner->second.partner.reset();
        Send(partner->first, "partner_left");
      }
      it->second.partner.reset();
    }
    if (waiting_ && !waiting_->owner_before(h) && !h.owner_before(*waiting_)) waiting_.reset();
    if (closed) users_.erase(it);
  }

  Server server_;
  std::map<Handle, User, std::owner_less<Handle>> users_;
  std::optional<Handle> waiting_;
};

int main(int argc, char** argv) {
  const long port = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 0;
  if (port < 0 || port > 65535) {
    std::fprintf(stderr, "pair_server: %s is not a port\n", argv[1]);
    return 2;
  }
  PairServer server(static_cast<unsigned short>(port));
  server.Run();
}
