#include "arbiter_checker.h"

#include <algorithm>
#include <sstream>

#include "ppmodel/names.h"

namespace ppmodel::check {
namespace {

template <typename E>
int I(E e) {
  return static_cast<int>(e);
}

std::string Who(const std::optional<ClientId>& client) {
  return client ? "client " + std::to_string(*client) : std::string("nobody");
}

bool IsBaseMode(ChipMode mode) {
  return mode == ChipMode::kCompatibility || mode == ChipMode::kPs2Byte || mode == ChipMode::kNibble;
}

}  // namespace

const char* KindName(OpKind kind) {
  switch (kind) {
    case OpKind::kTry: return "try_allocate";
    case OpKind::kAllocate: return "allocate";
    case OpKind::kFree: return "free";
    case OpKind::kCompleteRelease: return "complete_release";
    case OpKind::kCancel: return "cancel";
    case OpKind::kTimeOut: return "time_out";
    case OpKind::kSetMode: return "set_mode";
    case OpKind::kClearMode: return "clear_mode";
  }
  return "?";
}

const char* AnswerName(OpKind kind, int answer) {
  switch (kind) {
    case OpKind::kTry: return ToString(static_cast<TryResult>(answer));
    case OpKind::kAllocate: return ToString(static_cast<AllocateResult>(answer));
    case OpKind::kFree: return ToString(static_cast<FreeResult>(answer));
    case OpKind::kCompleteRelease: return ToString(static_cast<ReleaseResult>(answer));
    case OpKind::kCancel: return ToString(static_cast<CancelResult>(answer));
    case OpKind::kTimeOut: return ToString(static_cast<TimeoutResult>(answer));
    case OpKind::kSetMode:
    case OpKind::kClearMode: return ToString(static_cast<ModeResult>(answer));
  }
  return "?";
}

std::string Describe(const Op& op) {
  std::ostringstream s;
  s << KindName(op.kind);
  if (op.kind != OpKind::kCompleteRelease) s << "(client " << op.client;
  if (op.kind == OpKind::kSetMode) s << ", " << ToString(op.mode);
  if (op.kind != OpKind::kCompleteRelease) s << ")";
  s << " at t=" << op.time;
  return s.str();
}

int Apply(PortArbiter& arbiter, const Op& op) {
  switch (op.kind) {
    case OpKind::kTry: return I(arbiter.TryAllocate(op.client));
    case OpKind::kAllocate: return I(arbiter.Allocate(op.client));
    case OpKind::kFree: return I(arbiter.Free(op.client));
    case OpKind::kCompleteRelease: return I(arbiter.CompleteRelease());
    case OpKind::kCancel: return I(arbiter.Cancel(op.client));
    case OpKind::kTimeOut: return I(arbiter.TimeOut(op.client));
    case OpKind::kSetMode: return I(arbiter.SetMode(op.client, op.mode));
    case OpKind::kClearMode: return I(arbiter.ClearMode(op.client));
  }
  return -1;
}

Observed Observe(const PortArbiter& arbiter) {
  Observed o;
  o.owner = arbiter.Owner();
  o.chosen = arbiter.ChosenNext();
  o.releasing = arbiter.Releasing();
  o.waiters = arbiter.Waiters();
  o.counter = arbiter.CounterView();
  o.mode = arbiter.Mode();
  for (ClientId c = 0; c < arbiter.num_clients(); ++c) {
    o.states.push_back(arbiter.State(c));
    o.last_request.push_back(arbiter.LastRequest(c));
  }
  for (const Tenure& t : arbiter.tenures()) {
    if (!t.freed_at) o.open_tenures.push_back(t.client);
  }
  return o;
}

// --- ShadowArbiter ---------------------------------------------------------------------------

ShadowArbiter::ShadowArbiter(int num_clients) : num_clients_(num_clients) {}

bool ShadowArbiter::Queued(ClientId client) const {
  return std::find(queue.begin(), queue.end(), client) != queue.end();
}

bool ShadowArbiter::HasRequest(ClientId client) const {
  return Queued(client) || chosen == client;
}

ClientState ShadowArbiter::State(ClientId client) const {
  if (owner == client) return ClientState::kOwner;
  if (chosen == client) return ClientState::kChosen;
  if (Queued(client)) return ClientState::kQueued;
  return ClientState::kIdle;
}

int ShadowArbiter::Counter() const {
  return ((owner || chosen) ? 1 : 0) + static_cast<int>(queue.size()) - 1;
}

int ShadowArbiter::Step(const Op& op, std::vector<std::pair<ClientId, RequestOutcome>>* ended) {
  created_request_ = false;
  const ClientId c = op.client;
  switch (op.kind) {
    case OpKind::kTry:
      if (!Valid(c)) return I(TryResult::kBadClient);
      if (owner == c) return I(TryResult::kAlreadyOwner);
      if (HasRequest(c)) return I(TryResult::kAlreadyWaiting);
      if (owner || releasing || !queue.empty()) return I(TryResult::kBusy);
      owner = c;
      created_request_ = true;
      ended->push_back({c, RequestOutcome::kGranted});
      return I(TryResult::kGranted);
    case OpKind::kAllocate:
      if (!Valid(c)) return I(AllocateResult::kBadClient);
      if (owner == c) return I(AllocateResult::kAlreadyOwner);
      if (HasRequest(c)) return I(AllocateResult::kAlreadyWaiting);
      created_request_ = true;
      if (!owner && !releasing && queue.empty()) {
        owner = c;
        ended->push_back({c, RequestOutcome::kGranted});
        return I(AllocateResult::kGranted);
      }
      queue.push_back(c);
      return I(AllocateResult::kPending);
    case OpKind::kFree:
      if (!Valid(c)) return I(FreeResult::kBadClient);
      if (owner != c) return I(FreeResult::kNotOwner);
      owner.reset();
      mode = ChipMode::kCompatibility;
      releasing = true;
      if (!queue.empty()) {
        chosen = queue.front();
        queue.pop_front();
      }
      return I(FreeResult::kFreed);
    case OpKind::kCompleteRelease: {
      if (!releasing) return I(ReleaseResult::kNoRelease);
      releasing = false;
      std::optional<ClientId> next = chosen;
      chosen.reset();
      if (!next && !queue.empty()) {
        next = queue.front();
        queue.pop_front();
      }
      if (!next) return I(ReleaseResult::kPortFree);
      owner = next;
      ended->push_back({*next, RequestOutcome::kGranted});
      return I(ReleaseResult::kGrantedNext);
    }
    case OpKind::kCancel:
    case OpKind::kTimeOut: {
      const bool cancel = op.kind == OpKind::kCancel;
      if (!Valid(c)) return cancel ? I(CancelResult::kBadClient) : I(TimeoutResult::kBadClient);
      if (!Queued(c)) return cancel ? I(CancelResult::kNotPending) : I(TimeoutResult::kNotPending);
      queue.erase(std::find(queue.begin(), queue.end(), c));
      ended->push_back({c, cancel ? RequestOutcome::kCancelled : RequestOutcome::kTimedOut});
      return cancel ? I(CancelResult::kCancelled) : I(TimeoutResult::kTimedOut);
    }
    case OpKind::kSetMode:
      if (!Valid(c)) return I(ModeResult::kBadClient);
      if (owner != c) return I(ModeResult::kNotOwner);
      if (op.mode != mode && !IsBaseMode(op.mode) && !IsBaseMode(mode)) {
        return I(ModeResult::kRejected);
      }
      mode = op.mode;
      return I(ModeResult::kOk);
    case OpKind::kClearMode:
      if (!Valid(c)) return I(ModeResult::kBadClient);
      if (owner != c) return I(ModeResult::kNotOwner);
      mode = ChipMode::kCompatibility;
      return I(ModeResult::kOk);
  }
  return -1;
}

// --- ArbiterChecker --------------------------------------------------------------------------

ArbiterChecker::ArbiterChecker(int num_clients)
    : num_clients_(num_clients), shadow_(num_clients), open_request_(num_clients) {}

void ArbiterChecker::OnRequestEnded(ClientId client, RequestId request, RequestOutcome outcome) {
  events_.push_back({client, request, outcome});
}

std::vector<std::string> ArbiterChecker::Step(const Op& op, int actual,
                                              const Observed& observed) {
  std::vector<std::string> out;
  std::vector<std::pair<ClientId, RequestOutcome>> expected_ends;
  const int expected = shadow_.Step(op, &expected_ends);
  if (actual != expected) {
    out.push_back(std::string("answer: model said ") + AnswerName(op.kind, actual) +
                  ", rules say " + AnswerName(op.kind, expected));
  }
  if (shadow_.created_request()) {
    const std::optional<RequestId> id =
        op.client < static_cast<int>(observed.last_request.size())
            ? observed.last_request[op.client]
            : std::nullopt;
    if (!id) {
      out.push_back("client " + std::to_string(op.client) + " has no request id");
    } else if (requests_.count(*id) != 0) {
      out.push_back("request id " + std::to_string(*id) + " given twice");
    } else {
      requests_[*id] = Request{op.client, next_accepted_++};
      open_request_[op.client] = *id;
    }
  }
  CheckEvents(expected_ends, &out);
  if (op.kind == OpKind::kFree && actual == I(FreeResult::kFreed)) holder_.reset();
  if (op.kind == OpKind::kCompleteRelease && actual == I(ReleaseResult::kGrantedNext)) {
    ++queued_grants_;
  }
  CheckState(observed, &out);
  events_.clear();
  return out;
}

void ArbiterChecker::CheckEvents(
    const std::vector<std::pair<ClientId, RequestOutcome>>& expected,
    std::vector<std::string>* out) {
  if (events_.size() != expected.size()) {
    out->push_back(std::to_string(events_.size()) + " requests ended, rules say " +
                   std::to_string(expected.size()));
  }
  for (size_t i = 0; i < events_.size(); ++i) {
    const Event& ev = events_[i];
    const std::string what = "request " + std::to_string(ev.request) + " of client " +
                             std::to_string(ev.client) + " (" + ToString(ev.outcome) + ")";
    if (i < expected.size() &&
        (ev.client != expected[i].first || ev.outcome != expected[i].second)) {
      out->push_back(what + " ended; rules say client " + std::to_string(expected[i].first) +
                     " " + ToString(expected[i].second));
    }
    auto it = requests_.find(ev.request);
    if (it == requests_.end()) {
      out->push_back(what + " ended but was never accepted");
      continue;
    }
    Request& r = it->second;
    if (r.ended) {
      out->push_back(what + " ended twice");
      continue;
    }
    if (r.client != ev.client) {
      out->push_back(what + " belongs to client " + std::to_string(r.client));
    }
    r.ended = true;
    ++ends_[I(ev.outcome)];
    if (open_request_[r.client] == ev.request) open_request_[r.client].reset();
    if (ev.outcome != RequestOutcome::kGranted) continue;

    ++grants_;
    if (last_granted_accepted_ && r.accepted <= *last_granted_accepted_) {
      out->push_back(what + " granted out of first-come order");
    }
    for (ClientId c = 0; c < num_clients_; ++c) {
      if (open_request_[c] && requests_[*open_request_[c]].accepted < r.accepted) {
        out->push_back(what + " granted while older request " +
                       std::to_string(*open_request_[c]) + " of client " + std::to_string(c) +
                       " still waits");
      }
    }
    last_granted_accepted_ = r.accepted;
    if (holder_) {
      out->push_back(what + " granted while client " + std::to_string(*holder_) +
                     " still holds the port");
    }
    holder_ = ev.client;
  }
}

void ArbiterChecker::CheckState(const Observed& o, std::vector<std::string>* out) const {
  auto fail = [out](const std::string& s) { out->push_back(s); };
  const ShadowArbiter& s = shadow_;
  if (static_cast<int>(o.states.size()) != num_clients_) {
    fail("observed " + std::to_string(o.states.size()) + " client states");
    return;
  }
  // At most one owner, however it is looked at.
  const int owners = static_cast<int>(std::count(o.states.begin(), o.states.end(),
                                                 ClientState::kOwner));
  if (owners > 1) fail(std::to_string(owners) + " clients in state owner");
  if (o.open_tenures.size() > 1) fail(std::to_string(o.open_tenures.size()) + " open tenures");
  const std::optional<ClientId> tenure_holder =
      o.open_tenures.empty() ? std::nullopt : std::optional<ClientId>(o.open_tenures.back());
  if (tenure_holder != o.owner) {
    fail("open tenure says " + Who(tenure_holder) + " owns, model says " + Who(o.owner));
  }
  if (holder_ != o.owner) {
    fail("grants and frees say " + Who(holder_) + " owns, model says " + Who(o.owner));
  }
  if (o.owner != s.owner) fail("owner: model " + Who(o.owner) + ", rules " + Who(s.owner));
  if (o.chosen != s.chosen) fail("chosen: model " + Who(o.chosen) + ", rules " + Who(s.chosen));
  if (o.releasing != s.releasing) {
    fail(std::string("releasing: model ") + (o.releasing ? "yes" : "no") + ", rules " +
         (s.releasing ? "yes" : "no"));
  }
  if (o.waiters != static_cast<int>(s.queue.size())) {
    fail("waiters: model " + std::to_string(o.waiters) + ", shadow queue holds " +
         std::to_string(s.queue.size()));
  }
  for (ClientId c = 0; c < num_clients_; ++c) {
    if (o.states[c] != s.State(c)) {
      fail("client " + std::to_string(c) + ": model " + ToString(o.states[c]) + ", rules " +
           ToString(s.State(c)));
    }
  }
  const int open = static_cast<int>(
      std::count_if(open_request_.begin(), open_request_.end(),
                    [](const std::optional<RequestId>& r) { return r.has_value(); }));
  const int pending = static_cast<int>(s.queue.size()) + (s.chosen ? 1 : 0);
  if (open != pending) {
    fail(std::to_string(open) + " requests not ended yet, rules hold " +
         std::to_string(pending) + " queued or chosen");
  }
  // The counter view, from the rules and from the observed state itself.
  if (o.counter != s.Counter()) {
    fail("counter: model " + std::to_string(o.counter) + ", rules " +
         std::to_string(s.Counter()));
  }
  const int from_state = ((o.owner || o.chosen) ? 1 : 0) + o.waiters - 1;
  if (o.counter != from_state || o.counter < -1 ||
      (!o.releasing && !o.owner && (o.counter != -1 || o.waiters != 0))) {
    fail("counter " + std::to_string(o.counter) + " disagrees with owner " + Who(o.owner) +
         ", chosen " + Who(o.chosen) + ", " + std::to_string(o.waiters) + " waiters");
  }
  if (o.mode != s.mode) {
    fail(std::string("mode: model ") + ToString(o.mode) + ", rules " + ToString(s.mode));
  }
}

std::vector<std::string> ArbiterChecker::Finish() const {
  std::vector<std::string> out;
  for (const auto& [id, r] : requests_) {
    if (!r.ended) {
      out.push_back("request " + std::to_string(id) + " of client " + std::to_string(r.client) +
                    " never ended");
    }
  }
  return out;
}

}  // namespace ppmodel::check
