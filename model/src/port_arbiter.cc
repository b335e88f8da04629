#include "ppmodel/port_arbiter.h"

#include <stdexcept>
#include <string>

namespace ppmodel {
namespace {

// Modes the driver's TrySetChipMode accepts a switch from: ECR modes 000 and 001. Nibble mode
// is software strobing with the chip in mode 000, so it counts as 000.
bool IsBaseMode(ChipMode mode) {
  return mode == ChipMode::kCompatibility || mode == ChipMode::kPs2Byte ||
         mode == ChipMode::kNibble;
}

bool IsKnownMode(ChipMode mode) {
  return static_cast<int>(mode) <= static_cast<int>(ChipMode::kNibble);
}


}  // namespace

PortArbiter::PortArbiter(int num_clients) {
  if (num_clients < 1 || num_clients > kMaxClients) {
    throw std::invalid_argument("PortArbiter: num_clients must be in [1, " +
                                std::to_string(kMaxClients) + "], got " +
                                std::to_string(num_clients));
  }
  slots_.resize(num_clients);
  tenures_.reserve(2 * kTenuresKept);
}

TryResult PortArbiter::TryAllocate(ClientId client) {
  if (!Valid(client)) return TryResult::kBadClient;
  switch (slots_[client].state) {
    case ClientState::kOwner:
      return TryResult::kAlreadyOwner;
    case ClientState::kQueued:
    case ClientState::kChosen:
      return TryResult::kAlreadyWaiting;
    case ClientState::kIdle:
      break;
  }
  // The driver's counter would not reach 0 here, so the try undoes itself.
  if (owner_ != kNone || releasing_ || queued_ > 0) return TryResult::kBusy;
  NewRequest(client);
  Grant(client);
  return TryResult::kGranted;
}

AllocateResult PortArbiter::Allocate(ClientId client) {
  if (!Valid(client)) return AllocateResult::kBadClient;
  switch (slots_[client].state) {
    case ClientState::kOwner:
      return AllocateResult::kAlreadyOwner;
    case ClientState::kQueued:
    case ClientState::kChosen:
      return AllocateResult::kAlreadyWaiting;
    case ClientState::kIdle:
      break;
  }
  NewRequest(client);
  if (owner_ == kNone && !releasing_ && queued_ == 0) {
    Grant(client);
    return AllocateResult::kGranted;
  }
  PushBack(client);
  return AllocateResult::kPending;
}

FreeResult PortArbiter::Free(ClientId client) {
  if (!Valid(client)) return FreeResult::kBadClient;
  if (client != owner_) return FreeResult::kNotOwner;
  slots_[client].state = ClientState::kIdle;
  owner_ = kNone;
  tenures_.back().freed_at = now_;
  // The release sequencer terminates any 1284 mode and resets the ECR, so the next owner
  // never inherits the departing owner's mode.
  mode_ = ChipMode::kCompatibility;
  releasing_ = true;
  if (head_ != kNone) {
    chosen_ = head_;
    Unlink(chosen_);
    slots_[chosen_].state = ClientState::kChosen;
  }
  return FreeResult::kFreed;
}

ReleaseResult PortArbiter::CompleteRelease() {
  if (!releasing_) return ReleaseResult::kNoRelease;
  releasing_ = false;
  ClientId next = chosen_;
  chosen_ = kNone;
  // Requests queued during a release that had nobody to hand over to would otherwise wait
  // for a free that never comes.
  if (next == kNone && head_ != kNone) {
    next = head_;
    Unlink(next);
  }
  if (next == kNone) return ReleaseResult::kPortFree;
  Grant(next);
  return ReleaseResult::kGrantedNext;
}

CancelResult PortArbiter::Cancel(ClientId client) {
  if (!Valid(client)) return CancelResult::kBadClient;
  if (slots_[client].state != ClientState::kQueued) return CancelResult::kNotPending;
  Drop(client, RequestOutcome::kCancelled);
  return CancelResult::kCancelled;
}

TimeoutResult PortArbiter::TimeOut(ClientId client) {
  if (!Valid(client)) return TimeoutResult::kBadClient;
  if (slots_[client].state != ClientState::kQueued) return TimeoutResult::kNotPending;
  Drop(client, RequestOutcome::kTimedOut);
  return TimeoutResult::kTimedOut;
}

ModeResult PortArbiter::SetMode(ClientId client, ChipMode mode) {
  if (!Valid(client)) return ModeResult::kBadClient;
  if (client != owner_) return ModeResult::kNotOwner;
  if (!IsKnownMode(mode)) return ModeResult::kRejected;
  // Writing the mode the chip is already in changes nothing, so nothing forbids it.
  if (mode != mode_ && !IsBaseMode(mode) && !IsBaseMode(mode_)) return ModeResult::kRejected;
  mode_ = mode;
  return ModeResult::kOk;
}

ModeResult PortArbiter::ClearMode(ClientId client) {
  if (!Valid(client)) return ModeResult::kBadClient;
  if (client != owner_) return ModeResult::kNotOwner;
  mode_ = ChipMode::kCompatibility;
  return ModeResult::kOk;
}

int PortArbiter::Waiters() const { return queued_; }

std::optional<ClientId> PortArbiter::Owner() const {
  if (owner_ == kNone) return std::nullopt;
  return owner_;
}

bool PortArbiter::Releasing() const { return releasing_; }

CommandResult PortArbiter::Execute(const Command& command) {
  const ClientId c = command.client;
  switch (command.kind) {
    case CommandKind::kTryAllocate: return TryAllocate(c);
    case CommandKind::kAllocate: return Allocate(c);
    case CommandKind::kFree: return Free(c);
    case CommandKind::kCompleteRelease: return CompleteRelease();
    case CommandKind::kCancel: return Cancel(c);
    case CommandKind::kTimeOut: return TimeOut(c);
    case CommandKind::kSetMode: return SetMode(c, command.mode);
    case CommandKind::kClearMode: break;
  }
  return ClearMode(c);
}

PortView PortArbiter::View() const {
  PortView view;
  view.owner = Owner();
  view.chosen = ChosenNext();
  view.releasing = Releasing();
  if (view.releasing && !tenures_.empty()) view.departing = tenures_.back().client;
  view.waiters = Waiters();
  for (ClientId c = 0; c < num_clients(); ++c) {
    if (IsPending(c)) view.pending |= uint64_t{1} << c;
  }
  view.mode = Mode();
  view.num_clients = num_clients();
  return view;
}

std::optional<ClientId> PortArbiter::ChosenNext() const {
  if (chosen_ == kNone) return std::nullopt;
  return chosen_;
}

ChipMode PortArbiter::Mode() const { return mode_; }

bool PortArbiter::IsPending(ClientId client) const {
  ClientState state = State(client);
  return state == ClientState::kQueued || state == ClientState::kChosen;
}

ClientState PortArbiter::State(ClientId client) const {
  return Valid(client) ? slots_[client].state : ClientState::kIdle;
}

int PortArbiter::CounterView() const {
  int holders = (owner_ != kNone || chosen_ != kNone) ? 1 : 0;
  return holders + queued_ - 1;
}

int PortArbiter::num_clients() const { return static_cast<int>(slots_.size()); }

void PortArbiter::SetTime(uint64_t now) { now_ = now; }

uint64_t PortArbiter::Now() const { return now_; }

const std::vector<Tenure>& PortArbiter::tenures() const { return tenures_; }
uint64_t PortArbiter::tenure_count() const { return tenure_count_; }

std::optional<RequestId> PortArbiter::LastRequest(ClientId client) const {
  if (!Valid(client) || slots_[client].request == 0) return std::nullopt;
  return slots_[client].request;
}

void PortArbiter::SetListener(RequestListener* listener) { listener_ = listener; }

bool PortArbiter::Valid(ClientId client) const {
  return client >= 0 && client < num_clients();
}

RequestId PortArbiter::NewRequest(ClientId client) {
  slots_[client].request = ++last_request_;
  return last_request_;
}

void PortArbiter::PushBack(ClientId client) {
  Slot& slot = slots_[client];
  slot.state = ClientState::kQueued;
  slot.prev = tail_;
  slot.next = kNone;
  if (tail_ == kNone) {
    head_ = client;
  } else {
    slots_[tail_].next = client;
  }
  tail_ = client;
  ++queued_;
}

void PortArbiter::Unlink(ClientId client) {
  Slot& slot = slots_[client];
  if (slot.prev == kNone) {
    head_ = slot.next;
  } else {
    slots_[slot.prev].next = slot.next;
  }
  if (slot.next == kNone) {
    tail_ = slot.prev;
  } else {
    slots_[slot.next].prev = slot.prev;
  }
  slot.prev = kNone;
  slot.next = kNone;
  slot.state = ClientState::kIdle;
  --queued_;
}

void PortArbiter::Grant(ClientId client) {
  slots_[client].state = ClientState::kOwner;
  owner_ = client;
  // Dropping the oldest half at once keeps a push amortized O(1).
  if (tenures_.size() == 2 * kTenuresKept) {
    tenures_.erase(tenures_.begin(), tenures_.begin() + kTenuresKept);
  }
  tenures_.push_back(Tenure{client, slots_[client].request, now_, std::nullopt});
  ++tenure_count_;
  Notify(client, RequestOutcome::kGranted);
}

void PortArbiter::Drop(ClientId client, RequestOutcome outcome) {
  Unlink(client);
  Notify(client, outcome);
}

void PortArbiter::Notify(ClientId client, RequestOutcome outcome) {
  if (listener_ != nullptr) listener_->OnRequestEnded(client, slots_[client].request, outcome);
}

}  // namespace ppmodel
