// An independent shadow of the arbitration rules and the invariants checked after every step
// of a randomized run. Violations come back as text, so a test can also prove that each check
// fires when fed a wrong state.
#ifndef PPMODEL_TESTS_ARBITER_CHECKER_H_
#define PPMODEL_TESTS_ARBITER_CHECKER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ppmodel/port_arbiter.h"

namespace ppmodel::check {

enum class OpKind : uint8_t {
  kTry,
  kAllocate,
  kFree,
  kCompleteRelease,
  kCancel,
  kTimeOut,
  kSetMode,
  kClearMode,
};

struct Op {
  OpKind kind;
  ClientId client = 0;
  ChipMode mode = ChipMode::kCompatibility;
  uint64_t time = 0;
};

const char* KindName(OpKind kind);
// The name of an answer to an operation of this kind.
const char* AnswerName(OpKind kind, int answer);
std::string Describe(const Op& op);

// Runs the operation on the model; answers the result enumerator as an int.
int Apply(PortArbiter& arbiter, const Op& op);

// The model's observable state after a step. Built from a PortArbiter by Observe(), or by
// hand to check that the checker notices a wrong one.
struct Observed {
  std::optional<ClientId> owner;
  std::optional<ClientId> chosen;
  bool releasing = false;
  int waiters = 0;
  int counter = -1;
  ChipMode mode = ChipMode::kCompatibility;
  std::vector<ClientState> states;
  std::vector<std::optional<RequestId>> last_request;
  std::vector<ClientId> open_tenures;  // clients whose tenure has no freed_at
};

Observed Observe(const PortArbiter& arbiter);

// The rules written the obvious way (a deque, linear searches), independent of the model's
// intrusive list.
class ShadowArbiter {
 public:
  explicit ShadowArbiter(int num_clients);

  // What the model should answer; the shadow takes the step. `ended` receives the requests
  // that should end during it (client, outcome), in order.
  int Step(const Op& op, std::vector<std::pair<ClientId, RequestOutcome>>* ended);

  ClientState State(ClientId client) const;
  // (requests holding or about to hold the port) + queued - 1: the driver's counter.
  int Counter() const;
  bool Queued(ClientId client) const;
  // Whether the last Step created a request for op.client.
  bool created_request() const { return created_request_; }

  std::optional<ClientId> owner;
  std::optional<ClientId> chosen;
  bool releasing = false;
  std::deque<ClientId> queue;
  ChipMode mode = ChipMode::kCompatibility;

 private:
  bool Valid(ClientId client) const { return client >= 0 && client < num_clients_; }
  bool HasRequest(ClientId client) const;

  int num_clients_;
  bool created_request_ = false;
};

class ArbiterChecker : public RequestListener {
 public:
  explicit ArbiterChecker(int num_clients);

  void OnRequestEnded(ClientId client, RequestId request, RequestOutcome outcome) override;

  // The model ran `op` and answered `actual`; advances the shadow and checks the answer, the
  // requests that ended during the step, and the observed state. Empty when all is well.
  std::vector<std::string> Step(const Op& op, int actual, const Observed& observed);
  // After the run has drained: every accepted request ended exactly once.
  std::vector<std::string> Finish() const;

  const ShadowArbiter& shadow() const { return shadow_; }
  uint64_t grants() const { return grants_; }
  uint64_t queued_grants() const { return queued_grants_; }
  uint64_t ends(RequestOutcome outcome) const { return ends_[static_cast<int>(outcome)]; }

 private:
  struct Request {
    ClientId client;
    uint64_t accepted;  // acceptance order
    bool ended = false;
  };
  struct Event {
    ClientId client;
    RequestId request;
    RequestOutcome outcome;
  };

  void CheckEvents(const std::vector<std::pair<ClientId, RequestOutcome>>& expected,
                   std::vector<std::string>* out);
  void CheckState(const Observed& observed, std::vector<std::string>* out) const;

  int num_clients_;
  ShadowArbiter shadow_;
  std::map<RequestId, Request> requests_;
  // The model's request id for each client's outstanding request.
  std::vector<std::optional<RequestId>> open_request_;
  std::vector<Event> events_;  // reported by the model during the current step
  uint64_t next_accepted_ = 0;
  std::optional<uint64_t> last_granted_accepted_;
  // Granted and not yet freed, according to the listener and Free's answers.
  std::optional<ClientId> holder_;
  uint64_t grants_ = 0;
  uint64_t queued_grants_ = 0;
  uint64_t ends_[3] = {0, 0, 0};
};

}  // namespace ppmodel::check

#endif  // PPMODEL_TESTS_ARBITER_CHECKER_H_
