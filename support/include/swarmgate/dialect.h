#pragma once
// How the engine's abstract verbs travel on a server's wire. Virtual-user flows
// speak only in Actions and Events; a Dialect maps them onto one server's frames.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace swarmgate {

enum class Action {
  kIdentify,
  kFindMatch,
  kAccept,
  kMessage,
  kTyping,
  kLeave,
  kResume,
  kPing,
  kSignal,         // WebRTC signaling relayed to the partner: signal_kind offer, answer or ice
  kRegisterAgent,  // call roles: this user takes calls from now on
  kRequestCall,    // a visitor asks for a call (call_id)
  kAnswerCall,     // an agent accepts or rejects a ringing call (call_id, call_decision)
  kPoll,           // HTTP transport: the request that fetches what the server holds for this user
  kJoin,           // Socket.IO: the namespace CONNECT (with its auth payload) once Engine.IO opens
};

enum class EventKind {
  kWelcome,      // connected; session_id set
  kIdentified,   // the identify action was acknowledged
  kQueued,       // waiting in the matching queue
  kMatched,      // match_id, partner_id and resume_token set
  kChatStarted,  // both sides accepted
  kMessage,      // text set
  kTyping,
  kPartnerLeft,  // the partner ended the chat or vanished
  kLeft,         // our own leave was acknowledged
  kResumed,
  kPong,
  kSignal,        // signal_kind set; text: the signal's data
  kIncomingCall,  // to an agent: call_id set
  kCallAnswered,  // to the visitor: call_id and call_decision ("accept" or "reject") set
  kCallTimeout,   // to the visitor: nobody answered within the ring timeout; call_id set
  kValues,        // only brings values (a room id sent on its own): captured, nothing else
  kError,         // detail: the server's error code
  kTransport,     // below the flow: a transport's ping, a broadcast to ignore, an HTTP answer
                  // that is only an acknowledgement
  kUnknown,       // not a frame of this dialect; detail says why
};

constexpr std::size_t kActionCount = static_cast<std::size_t>(Action::kJoin) + 1;
// The events a profile can map: every kind up to kError (the rest are the dialect's own).
constexpr std::size_t kEventKindCount = static_cast<std::size_t>(EventKind::kError) + 1;

// The verbs' names as profiles spell them: "identify", "find_match", ..., "welcome", ...
std::string_view NameOf(Action action);
std::string_view NameOf(EventKind event);

// How users come to be partners: they ask (find_match, then a match notice), the server
// queues them as they connect and announces matches unprompted, or the server has no
// matchmaking and the swarm pairs users 2k and 2k + 1, who address each other by ids.
enum class Matchmaking { kRequested, kImplicit, kSwarm };

// What the flow knows when it acts; a dialect uses what its wire format needs.
struct ActionArgs {
  std::string_view user_name;      // per virtual user and run ("swarmgate-<run>-<index>")
  std::string_view match_id;       // from the match notice
  std::string_view text;           // message
  std::string_view resume_token;   // from the match notice
  std::string_view session_id;     // from the welcome
  std::string_view partner_id;     // from the match notice
  std::string_view stamp;          // message, when the stamp travels in a field of its own
  std::string_view signal_kind;    // signal: "offer", "answer" or "ice"; text holds the data
  std::string_view call_id;        // request_call, answer_call
  std::string_view call_decision;  // answer_call: "accept" or "reject"
  std::string_view partner_name;   // the partner's user_name, when the swarm knows its partner
  int user_index = 0;
  int partner_index = -1;  // the partner's user index; -1: not known (yet)
};

// Fields of a received event. The views point into the frame passed to Decode and are valid
// until that buffer changes.
struct Event {
  EventKind kind = EventKind::kUnknown;
  std::string_view session_id;
  std::string_view match_id;
  std::string_view partner_id;
  std::string_view resume_token;
  std::string_view text;
  std::string_view detail;
  std::string_view stamp;  // message, when the stamp travels in a field of its own
  std::string_view signal_kind;
  std::string_view call_id;
  std::string_view call_decision;
  // resumed: the message texts the server kept for the match, oldest first, when it says;
  // history_error: why an element could not be read as a message text (it is left out).
  bool has_history = false;
  std::vector<std::string_view> history;
  std::string_view history_error;
  // A frame to send back at once, whatever the kind (a Socket.IO pong, an acknowledgement the
  // server asked for); owned by the dialect.
  std::string_view reply;
  // Send the join action now (Socket.IO: the namespace CONNECT, once Engine.IO has opened).
  bool join = false;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  // Replaces *frame with the wire frame for the action. Over HTTP the frame is a request,
  // "METHOD /path?query\n<body>" (see http_client.h).
  virtual void Encode(Action action, const ActionArgs& args, std::string* frame) const = 0;

  // Maps a received frame onto an event; may parse in place (modifying *frame). Returns false
  // with event->kind == kUnknown and event->detail set when the frame is not of this dialect.
  virtual bool Decode(std::string* frame, Event* event) const = 0;

  // The flow's optional steps: whether the server has this action, and whether it sends
  // this event (a server without "chat_started" starts the chat with the match notice).
  virtual bool Has(Action) const { return true; }
  virtual bool Announces(EventKind) const { return true; }
  // Whether leaving a chat means closing the connection (no leave message).
  virtual bool LeavesByClosing() const { return false; }
  // > 0: the ping action is sent this often on every open connection (servers that drop
  // silent clients).
  virtual double HeartbeatIntervalS() const { return 0; }
  // Whether the delivery stamp travels in a field of its own (ActionArgs::stamp,
  // Event::stamp) rather than at the start of the message text.
  virtual bool StampInOwnField() const { return false; }

  // How users come to be partners.
  virtual Matchmaking matchmaking() const { return Matchmaking::kRequested; }
  // Whether the event, when the server sends it, brings this slot ("partner.id", "history").
  virtual bool Captures(EventKind, std::string_view /*slot*/) const { return true; }
  // The first placeholder of the action whose value the flow does not have yet (a match id
  // the server has not sent), e.g. "match.id"; empty when the action can be sent now.
  virtual std::string_view MissingValue(Action, const ActionArgs&) const { return {}; }
  // Per-user parts of the connection: the path and query, and extra handshake headers
  // ("Name: value\r\n" each). False when every user connects with the client's defaults.
  virtual bool EncodeConnection(const ActionArgs&, std::string* /*resource*/,
                                std::string* /*headers*/) const {
    return false;
  }
  // A frame to send before closing politely (Socket.IO: the namespace DISCONNECT).
  virtual std::string_view Farewell() const { return {}; }

  // HTTP transport: frames are requests, and what the server holds for a user is fetched
  // with the poll action every PollIntervalS() once the user has a session.
  virtual bool OverHttp() const { return false; }
  virtual double PollIntervalS() const { return 0; }
  // Splits an answer to the poll into its messages. False (with *error) when the body is not
  // the batch the dialect expects.
  virtual bool Unbatch(std::string* /*body*/, std::vector<std::string>* /*messages*/,
                       std::string* error) const {
    *error = "this dialect has no batches";
    return false;
  }
};

// The bundled reference server's protocol (docs/protocol.md), from the shipped
// fixtures/profiles/reference.json compiled in: JSON text frames with a "type" field.
std::unique_ptr<Dialect> MakeReferenceDialect();

}  // namespace swarmgate
