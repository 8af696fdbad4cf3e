#pragma once
// Chat: matched pairs talking. Each side sends a typing indicator and then a stamped message
// every interval from its chat start (at its own phase within the interval, so the swarm does
// not send in lockstep); the receiver records one-way latency from the sender's intended send
// time, and the pair join counts loss and typing delivery when the chat ends. The reconnect
// storm and the breaking point chat the same way (they derive from ChatUser).

#include <cstdint>

#include "virtual_user.h"

namespace swarmgate {

struct ChatParams;

class ChatUser : public VirtualUser {
 public:
  using VirtualUser::VirtualUser;

 protected:
  enum ChatTag : Tag { kTyping = kFirstFlowTag, kMessage, kFirstChatFlowTag };

  void ChatStarted(Micros now) override;
  void OnFlowEvent(const Event& event, Micros now) override;
  void OnFlowTimer(Tag tag) override;
  // Whether the typing indicators go out (their times are kept on the schedule regardless).
  virtual bool SendsTyping() const;
  // Sends again after a break: the next typing indicator on the schedule not yet past.
  void ResumeSending(Micros now);
  const ChatParams& chat() const;

  std::uint32_t next_sequence_ = 0;  // of this user's next message in the chat

 private:
  void SendTyping();
  void SendMessage();

  Micros next_typing_us_ = 0;  // intended time of the next typing indicator
};

}  // namespace swarmgate
