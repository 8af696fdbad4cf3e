#include "flows/chat.h"

#include "flows/flow.h"
#include "intended_times.h"
#include "swarm_thread.h"
#include "swarmgate/message_stamp.h"

namespace swarmgate {

const ChatParams& ChatUser::chat() const { return *thread_->shared().chat; }

void ChatUser::ChatStarted(Micros now) {
  next_sequence_ = 0;
  next_typing_us_ = thread_->times().FirstSendUs(now, chat().message_interval_s, index_);
  if (next_typing_us_ < chat_end_us()) At(next_typing_us_, kTyping);
}

void ChatUser::ResumeSending(Micros now) {
  while (next_typing_us_ < now) next_typing_us_ += SecondsToMicros(chat().message_interval_s);
  if (next_typing_us_ < chat_end_us()) At(next_typing_us_, kTyping);
}

void ChatUser::OnFlowTimer(Tag tag) {
  if (state_ != State::kChatting) return;
  if (tag == kTyping) SendTyping();
  if (tag == kMessage) SendMessage();
}

bool ChatUser::SendsTyping() const { return chat().typing; }

void ChatUser::SendTyping() {
  NotePacedSend(next_typing_us_, NowMicros());
  if (SendsTyping()) {
    Send(Action::kTyping);
    chat_.typing_sent_us.push_back(next_typing_us_);
    thread_->recorder().Add(Counter::kTypingSent);
  }
  At(next_typing_us_ + SecondsToMicros(chat().typing_lead_s), kMessage);
}

void ChatUser::SendMessage() {
  const Micros intended_us = next_typing_us_ + SecondsToMicros(chat().typing_lead_s);
  const Micros sent_us = NowMicros();
  NotePacedSend(intended_us, sent_us);
  std::string& text = thread_->text_buffer();
  const std::size_t stamp_length = WriteStampedText(
      {static_cast<std::uint32_t>(index_), next_sequence_++,
       intended_us - thread_->times().start_us(), sent_us - thread_->times().start_us()},
      static_cast<std::size_t>(chat().payload_bytes), &text);
  ActionArgs args;
  args.text = text;
  if (thread_->dialect().StampInOwnField()) {
    args.stamp = args.text.substr(0, stamp_length);
    args.text.remove_prefix(stamp_length);
  }
  Send(Action::kMessage, args);
  ++chat_.messages.sent;
  thread_->recorder().Add(Counter::kMessagesSent);
  next_typing_us_ += SecondsToMicros(chat().message_interval_s);
  if (next_typing_us_ < chat_end_us()) At(next_typing_us_, kTyping);
}

void ChatUser::OnFlowEvent(const Event& event, Micros now) {
  if (event.kind == EventKind::kTyping) {
    if (ChatRecord* record = current_chat()) record->typing_received_us.push_back(now);
    return;
  }
  if (event.kind != EventKind::kMessage) return VirtualUser::OnFlowEvent(event, now);
  MessageStamp stamp;
  ChatRecord* record = current_chat();
  const bool own_field = thread_->dialect().StampInOwnField();
  if (!record) return ProtocolError("message outside a chat", thread_->sample_buffer());
  if (!ReadStamp(own_field ? event.stamp : event.text, &stamp)) {
    return ProtocolError(own_field ? "message without a stamp (does /events/message capture "
                                     "\"stamp\" where {stamp} comes back?)"
                                   : "message without a stamp (does /events/message capture "
                                     "\"text\", the text that was sent?)",
                         thread_->sample_buffer());
  }
  Recorder& recorder = thread_->recorder();
  if (stamp.sender == static_cast<std::uint32_t>(index_)) {  // the server echoed it back
    recorder.Add(Counter::kMessagesEchoed);
    return;
  }
  NotePartner(stamp.sender);
  const Micros now_from_zero = now - thread_->times().start_us();
  recorder.Record(Latency::kMessageLatency, StampAge(now_from_zero, stamp.intended_us));
  recorder.Record(Latency::kMessageServiceTime, StampAge(now_from_zero, stamp.sent_us));
  record->NoteMessage(stamp.sequence, &recorder);
}

const FlowTraits& ChatFlow() {
  static const FlowTraits traits{Latency::kMessageLatency,
                                 false,
                                 {Action::kMessage},
                                 {EventKind::kMessage},
                                 MakeUserOf<ChatUser>};
  return traits;
}

}  // namespace swarmgate
