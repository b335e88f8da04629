#include "scoreboard.h"

#include <cstdio>

#include "ppmodel/register_map.h"

namespace ppcosim {
namespace {

using ppmodel::AllocateResult;
using ppmodel::CancelResult;
using ppmodel::CommandKind;
using ppmodel::FreeResult;
using ppmodel::ModeResult;
using ppmodel::ReleaseResult;
using ppmodel::RequestOutcome;
using ppmodel::TimeoutResult;
using ppmodel::TryResult;

// The model's result as the testbench's answer: the one place the two vocabularies meet.
struct ToAnswer {
  Answer operator()(AllocateResult r) const {
    switch (r) {
      case AllocateResult::kGranted: return Answer::kGranted;
      case AllocateResult::kPending: return Answer::kPending;
      case AllocateResult::kAlreadyOwner: return Answer::kAlreadyOwner;
      case AllocateResult::kAlreadyWaiting: return Answer::kAlreadyWaiting;
      case AllocateResult::kBadClient: break;
    }
    return Answer::kBadClient;
  }
  Answer operator()(TryResult r) const {
    switch (r) {
      case TryResult::kGranted: return Answer::kTrue;
      case TryResult::kBusy: return Answer::kFalse;
      case TryResult::kAlreadyOwner: return Answer::kAlreadyOwner;
      case TryResult::kAlreadyWaiting: return Answer::kAlreadyWaiting;
      case TryResult::kBadClient: break;
    }
    return Answer::kBadClient;
  }
  Answer operator()(FreeResult r) const {
    switch (r) {
      case FreeResult::kFreed: return Answer::kOk;
      case FreeResult::kNotOwner: return Answer::kNotOwner;
      case FreeResult::kBadClient: break;
    }
    return Answer::kBadClient;
  }
  Answer operator()(CancelResult r) const {
    switch (r) {
      case CancelResult::kCancelled: return Answer::kCancelled;
      case CancelResult::kNotPending: return Answer::kNotPending;
      case CancelResult::kBadClient: break;
    }
    return Answer::kBadClient;
  }
  Answer operator()(TimeoutResult r) const {
    switch (r) {
      case TimeoutResult::kTimedOut: return Answer::kTimedOut;
      case TimeoutResult::kNotPending: return Answer::kNotPending;
      case TimeoutResult::kBadClient: break;
    }
    return Answer::kBadClient;
  }
  Answer operator()(ModeResult r) const {
    switch (r) {
      case ModeResult::kOk: return Answer::kOk;
      case ModeResult::kNotOwner: return Answer::kNotOwner;
      case ModeResult::kRejected: return Answer::kRejected;
      case ModeResult::kBadClient: break;
    }
    return Answer::kBadClient;
  }
  // No client operation answers with a release result; CompleteRelease is an input event.
  Answer operator()(ReleaseResult) const { return Answer::kNone; }
};

// The command a client operation gives the model, if it changes the arbitration.
std::optional<ppmodel::Command> CommandFor(const Op& op) {
  switch (op.kind) {
    case OpKind::kAllocate: return ppmodel::Command{CommandKind::kAllocate, op.client};
    case OpKind::kTry: return ppmodel::Command{CommandKind::kTryAllocate, op.client};
    case OpKind::kFree: return ppmodel::Command{CommandKind::kFree, op.client};
    case OpKind::kCancel: return ppmodel::Command{CommandKind::kCancel, op.client};
    case OpKind::kSetMode: return ppmodel::Command{CommandKind::kSetMode, op.client, op.mode};
    case OpKind::kClearMode: return ppmodel::Command{CommandKind::kClearMode, op.client};
    default: break;
  }
  return std::nullopt;
}

Answer FromOutcome(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::kGranted: return Answer::kGranted;
    case RequestOutcome::kCancelled: return Answer::kCancelled;
    case RequestOutcome::kTimedOut: break;
  }
  return Answer::kTimedOut;
}

std::string Describe(const Reply& reply) {
  char text[32];
  FormatReply(reply, text, sizeof text);
  return text;
}

}  // namespace

Scoreboard::Scoreboard(ModelPort& model, Coverage& coverage)
    : model_(model),
      coverage_(coverage),
      last_outcome_(static_cast<size_t>(model.View().num_clients)),
      ended_request_(static_cast<size_t>(model.View().num_clients)),
      dropped_seen_(static_cast<size_t>(model.View().num_clients), 0) {
  model_.SetListener(this);
}

void Scoreboard::OnArbEvent(const ArbEvent& event) {
  // The RTL's own view, as it happens: bytes latched while it releases are drained bytes.
  if (event.kind == ArbEventKind::kReleaseStarted) {
    rtl_releasing_ = true;
    rtl_departing_ = rtl_owner_;
    latched_in_release_ = 0;
  } else if (event.kind == ArbEventKind::kReleaseDone) {
    rtl_releasing_ = false;
    rtl_departing_ = -1;
    if (latched_in_release_ > 0) coverage_.SampleRelease(ReleaseBin::kWithDrain);
  }
  if (event.kind == ArbEventKind::kGrantChanged || event.kind == ArbEventKind::kReleaseDone) {
    rtl_owner_ = -1;
    for (int c = 0; c < 32; ++c) {
      if (event.grant == (1u << c)) rtl_owner_ = c;
    }
  }
  events_.push_back(event);
}

void Scoreboard::ApplyBefore(uint64_t cycle) {
  while (!events_.empty() && events_.front().cycle < cycle) {
    const ArbEvent event = events_.front();
    events_.pop_front();
    Apply(event);
  }
}

void Scoreboard::Sync() { ApplyBefore(UINT64_MAX); }

void Scoreboard::Apply(const ArbEvent& event) {
  switch (event.kind) {
    case ArbEventKind::kReleaseStarted:
      if (!model_.View().releasing) {
        Report(MismatchKind::kOwner, event.cycle, 0, -1,
               "RTL started a release that the model has no free for");
      }
      break;
    case ArbEventKind::kReleaseDone: {
      const auto result = std::get<ReleaseResult>(
          model_.Execute({CommandKind::kCompleteRelease}, event.cycle));
      if (result == ppmodel::ReleaseResult::kNoRelease) {
        Report(MismatchKind::kOwner, event.cycle, 0, -1,
               "RTL finished a release that the model has no free for");
      }
      coverage_.SampleRelease(result == ppmodel::ReleaseResult::kGrantedNext
                                  ? ReleaseBin::kToNextWaiter
                                  : ReleaseBin::kToFreePort);
      if (!expected_.empty()) coverage_.SampleRelease(ReleaseBin::kWithDrops);
      if (departing_) {
        drop_check_ = DropCheck{*departing_, expected_.size(), event.cycle};
        departing_.reset();
      }
      CheckOwner(event.cycle, event.grant);
      break;
    }
    case ArbEventKind::kGrantChanged:
      CheckOwner(event.cycle, event.grant);
      break;
  }
}

void Scoreboard::CheckOwner(uint64_t cycle, uint32_t grant) {
  const std::optional<int> owner = model_.View().owner;
  const bool one_hot_or_zero = (grant & (grant - 1)) == 0;
  int rtl_owner = -1;
  for (int c = 0; grant != 0 && c < 32; ++c) {
    if (grant & (1u << c)) rtl_owner = c;
  }
  if (!one_hot_or_zero || rtl_owner != owner.value_or(-1)) {
    char model_owner[16] = "nobody";
    if (owner) std::snprintf(model_owner, sizeof model_owner, "client %d", *owner);
    char text[128];
    std::snprintf(text, sizeof text, "owner: model says %s, RTL grant_o is 0x%x", model_owner,
                  grant);
    Report(MismatchKind::kOwner, cycle, 0, rtl_owner, text);
  }
}

Reply Scoreboard::RunModel(const Op& op, uint64_t cycle) {
  const int c = op.client;
  if (const std::optional<ppmodel::Command> command = CommandFor(op)) {
    const ppmodel::CommandResult result = model_.Execute(*command, cycle);
    if (result == ppmodel::CommandResult(FreeResult::kFreed)) departing_ = c;
    return {std::visit(ToAnswer{}, result), 0};
  }
  const ppmodel::PortView port = model_.View();
  switch (op.kind) {
    case OpKind::kWaiters: return {Answer::kValue, port.waiters};
    case OpKind::kOwner:
      return port.owner ? Reply{Answer::kValue, *port.owner} : Reply{Answer::kNone, 0};
    case OpKind::kAwait: {
      if (port.IsPending(c) || port.chosen == c) return {Answer::kPending, 0};
      const auto& outcome = last_outcome_[static_cast<size_t>(c)];
      return outcome ? Reply{FromOutcome(*outcome), 0} : Reply{Answer::kNone, 0};
    }
    case OpKind::kWrite: return {port.owner == c ? Answer::kOk : Answer::kNotOwner, 0};
    case OpKind::kRegWrite:
    case OpKind::kRegRead: {
      if (ppmodel::CheckRegisterAccess(port, c, op.addr) != ppmodel::RegisterAccess::kOk) {
        return {Answer::kBusError, 0};
      }
      if (op.kind == OpKind::kRegWrite) return {Answer::kOk, 0};
      const std::optional<uint8_t> value = ppmodel::KnownRegisterValue(port, op.addr);
      return value ? Reply{Answer::kValue, *value} : Reply{Answer::kValue, 0, false};
    }
    default:
      break;
  }
  return {Answer::kNone, 0};
}

Reply Scoreboard::ModelAnswer(const Op& op, uint64_t accept_cycle) {
  ApplyBefore(accept_cycle);
  const Reply reply = RunModel(op, accept_cycle);
  Sync();
  return reply;
}

Reply Scoreboard::ModelWriteAnswer(const Op& op, uint64_t accept_cycle, uint64_t bytes_taken) {
  const Reply allowed = ModelAnswer(op, accept_cycle);
  const uint64_t wanted = op.bytes.size();
  if (allowed.answer != Answer::kOk || bytes_taken >= wanted) return allowed;
  bytes_.not_written += wanted - bytes_taken;
  return {Answer::kGaveUp, static_cast<int>(wanted - bytes_taken)};
}

Reply Scoreboard::ModelTimeout(int client, uint64_t accept_cycle) {
  ApplyBefore(accept_cycle);
  const Reply reply{
      std::visit(ToAnswer{}, model_.Execute({CommandKind::kTimeOut, client}, accept_cycle)), 0};
  Sync();
  return reply;
}

bool Scoreboard::Check(const Op& op, const Reply& model, const Reply& rtl, uint64_t cycle) {
  // A register the model does not know reads "any value": the RTL's number, or the script's.
  const std::string op_name(OpName(op.kind));
  if (op.expect) {
    if (!model.Admits(*op.expect) || !op.expect->Admits(rtl)) {
      Report(MismatchKind::kExpectation, cycle, op.line, op.client,
             op_name + ": expected " + Describe(*op.expect) + ", model said " + Describe(model) +
                 ", RTL said " + Describe(rtl));
      return false;
    }
    return true;
  }
  if (!model.Admits(rtl)) {
    Report(MismatchKind::kAnswer, cycle, op.line, op.client,
           op_name + ": model said " + Describe(model) + ", RTL said " + Describe(rtl));
    return false;
  }
  return true;
}

void Scoreboard::Report(MismatchKind kind, uint64_t cycle, int line, int client, std::string text) {
  mismatches_.push_back({kind, cycle, line != 0 ? line : script_line_, client, std::move(text)});
}

void Scoreboard::OnByteWritten(int client, uint8_t byte) {
  ++bytes_.written;
  expected_.push_back({client, byte});
}

void Scoreboard::OnByteLatched(const LatchedByte& byte) {
  latched_since_mark_.push_back(byte.value);
  if (rtl_releasing_) ++latched_in_release_;
  if (!byte.driven) {
    Report(MismatchKind::kUndrivenByte, byte.cycle, 0, -1,
           "nStrobe fell while the data lines were not driven");
    return;
  }
  if (expected_.empty()) {
    char text[96];
    std::snprintf(text, sizeof text, "peripheral latched 0x%02x that nobody wrote", byte.value);
    Report(MismatchKind::kByte, byte.cycle, 0, -1, text);
    return;
  }
  const ExpectedByte want = expected_.front();
  expected_.pop_front();
  const int sender = rtl_releasing_ ? rtl_departing_ : rtl_owner_;
  if (want.client != sender) {
    char whom[24] = "nobody";
    if (sender >= 0) std::snprintf(whom, sizeof whom, "client %d", sender);
    char text[128];
    std::snprintf(text, sizeof text, "peripheral latched 0x%02x of client %d while %s %s",
                  byte.value, want.client, whom,
                  rtl_releasing_ ? "was being released" : "owned the port");
    Report(MismatchKind::kByte, byte.cycle, 0, want.client, text);
    return;
  }
  if (want.value != byte.value) {
    char text[96];
    std::snprintf(text, sizeof text, "peripheral latched 0x%02x, client %d wrote 0x%02x",
                  byte.value, want.client, want.value);
    Report(MismatchKind::kByte, byte.cycle, 0, want.client, text);
    return;
  }
  ++bytes_.delivered;
}

std::optional<Scoreboard::DropCheck> Scoreboard::TakeDropCheck() {
  std::optional<DropCheck> check = drop_check_;
  drop_check_.reset();
  return check;
}

void Scoreboard::OnDroppedCount(int client, uint8_t rtl_dropped, uint64_t cycle) {
  uint8_t& seen = dropped_seen_[static_cast<size_t>(client)];
  // ARB_DROPPED counts modulo 256; between two readings it grows by at most a FIFO.
  const uint8_t grew = static_cast<uint8_t>(rtl_dropped - seen);
  seen = rtl_dropped;
  // The FIFO holds the newest bytes; the oldest may be on the wire or already delivered.
  uint64_t owned = 0;
  for (const ExpectedByte& b : expected_) owned += b.client == client;
  if (grew > owned) {
    char text[128];
    std::snprintf(text, sizeof text,
                  "ARB_DROPPED grew by %u, but only %llu byte(s) of the client are undelivered",
                  grew, static_cast<unsigned long long>(owned));
    Report(MismatchKind::kDropCount, cycle, 0, client, text);
  }
  for (uint8_t i = 0; i < grew && !expected_.empty(); ++i) expected_.pop_back();
  bytes_.discarded += grew;
}

void Scoreboard::CheckDropCount(const DropCheck& check, uint8_t rtl_dropped) {
  uint8_t& seen = dropped_seen_[static_cast<size_t>(check.client)];
  const uint8_t grew = static_cast<uint8_t>(rtl_dropped - seen);
  if (grew != check.missing) {
    char text[128];
    std::snprintf(text, sizeof text,
                  "release dropped %llu byte(s) of client %d, ARB_DROPPED grew by %u",
                  static_cast<unsigned long long>(check.missing), check.client, grew);
    Report(MismatchKind::kDropCount, check.cycle, 0, check.client, text);
  }
  seen = rtl_dropped;
  bytes_.flushed += check.missing;
  expected_.clear();
}

std::vector<uint8_t> Scoreboard::TakeLatchedSinceMark() {
  std::vector<uint8_t> bytes;
  bytes.swap(latched_since_mark_);
  return bytes;
}

void Scoreboard::OnRequestEnded(ppmodel::ClientId client, ppmodel::RequestId request,
                                ppmodel::RequestOutcome outcome) {
  const auto index = static_cast<size_t>(client);
  if (ended_request_[index] == request) {
    Report(MismatchKind::kRequestEnd, 0, 0, client, "a request ended twice");
  }
  ended_request_[index] = request;
  last_outcome_[index] = outcome;
}

}  // namespace ppcosim
