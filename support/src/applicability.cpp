#include "applicability.h"

namespace swarmgate {

NotApplicable NotApplicableMetrics(const LoadSpec& row, const Dialect& dialect) {
  NotApplicable out;
  const auto add = [&out](std::initializer_list<const char*> metrics, const char* why) {
    for (const char* metric : metrics) out.emplace_back(metric, why);
  };
  if (!dialect.Has(Action::kTyping) || !dialect.Announces(EventKind::kTyping)) {
    add({"typing_latency", "typing_lost", "typing_sent"},
        "the profile has no typing indicators (/actions/typing, /events/typing)");
  } else if (const ChatParams* chat = ChatPartOf(row.params); chat && !chat->typing) {
    add({"typing_latency", "typing_lost", "typing_sent"},
        "the row sends no typing indicators (typing false)");
  }
  if (!dialect.Announces(EventKind::kPartnerLeft)) {
    add({"partner_left_delivered"},
        "the server tells nobody that a partner left (no /events/partner_left)");
  }
  if (dialect.matchmaking() == Matchmaking::kSwarm) {
    add({"pairing_time", "duplicate_matches", "match_timeouts", "inconsistent_pairs"},
        "the swarm pairs users itself (\"matchmaking\": \"swarm\")");
  }
  if (row.flow() == Flow::kReconnectStorm && !dialect.Captures(EventKind::kResumed, "history")) {
    add({"history_mismatches"}, "the server's resumed brings no history (capture \"history\")");
  }
  return out;
}

std::vector<std::string> PairCheckNotes(const LoadSpec& row, const Dialect& dialect) {
  std::vector<std::string> notes;
  if (!MatchPartOf(row.params) || dialect.matchmaking() == Matchmaking::kSwarm) return notes;
  if (!dialect.Captures(EventKind::kMatched, "partner.id") &&
      !dialect.Captures(EventKind::kChatStarted, "partner.id")) {
    notes.push_back(
        "inconsistent_pairs: the server names no partner (no event captures \"partner.id\"): "
        "a match told to one side only is counted, a partner told another name cannot be");
  }
  if (!dialect.Captures(EventKind::kMatched, "match.id") &&
      !dialect.Captures(EventKind::kValues, "match.id") &&
      !dialect.Captures(EventKind::kChatStarted, "match.id")) {
    notes.push_back(
        "the server names no match (no event captures \"match.id\"): the two sides of a chat "
        "are joined by the partner's name alone");
  }
  return notes;
}

}  // namespace swarmgate
