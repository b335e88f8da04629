#include "model_predictor.h"

#include "driver_agent.h"
#include "ppcosim/regmap.h"
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

struct AnswerOf {
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

}  // namespace

Answer ToAnswer(const ppmodel::CommandResult& result) { return std::visit(AnswerOf{}, result); }

ModelPredictor::ModelPredictor(ModelPort& model, MismatchLog& log, StepSink sink)
    : model_(model),
      log_(log),
      sink_(std::move(sink)),
      last_outcome_(static_cast<size_t>(model.View().num_clients)),
      ended_request_(static_cast<size_t>(model.View().num_clients)) {
  model_.SetListener(this);
}

void ModelPredictor::ApplyBefore(uint64_t cycle) {
  while (!events_.empty() && events_.front().cycle < cycle) {
    const ArbEvent event = events_.front();
    events_.pop_front();
    Apply(event);
  }
}

void ModelPredictor::Apply(const ArbEvent& event) {
  ModelStep step{event, model_.View(), {}, std::nullopt};
  if (event.kind == ArbEventKind::kReleaseDone) {
    step.release = std::get<ReleaseResult>(
        model_.Execute({CommandKind::kCompleteRelease}, event.cycle));
    step.after = model_.View();
  } else {
    step.after = step.before;
  }
  sink_(step);
}

Reply ModelPredictor::Run(const Op& op, uint64_t cycle) {
  const int c = op.client;
  if (const std::optional<ppmodel::Command> command = CommandFor(op)) {
    const ppmodel::CommandResult result = model_.Execute(*command, cycle);
    return {ToAnswer(result), 0};
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
    case OpKind::kBeginStrobe:
      // Software strobing is for the modes whose nStrobe and data lines CONTROL and DATA drive.
      if (port.owner == c && EcrModeFor(port.mode) > static_cast<uint8_t>(regmap::EcrMode::kPs2)) {
        return {Answer::kRejected, 0};
      }
      [[fallthrough]];
    case OpKind::kWrite:
    case OpKind::kNegotiate:
    case OpKind::kRead:
    case OpKind::kDeviceId:
    case OpKind::kEppWrite:
    case OpKind::kEppRead:
    case OpKind::kEcpCommand:
    case OpKind::kTerminate:
      return {port.owner == c ? Answer::kOk : Answer::kNotOwner, 0};
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

Reply ModelPredictor::Predict(const Op& op, uint64_t accept_cycle) {
  ApplyBefore(accept_cycle);
  const Reply reply = Run(op, accept_cycle);
  Sync();
  return reply;
}

Reply ModelPredictor::PredictTimeout(int client, uint64_t accept_cycle) {
  ApplyBefore(accept_cycle);
  const Reply reply{ToAnswer(model_.Execute({CommandKind::kTimeOut, client}, accept_cycle)), 0};
  Sync();
  return reply;
}

void ModelPredictor::OnRequestEnded(ppmodel::ClientId client, ppmodel::RequestId request,
                                    ppmodel::RequestOutcome outcome) {
  const auto index = static_cast<size_t>(client);
  if (ended_request_[index] == request) {
    log_.Report(MismatchKind::kRequestEnd, 0, 0, client, "a request ended twice");
  }
  ended_request_[index] = request;
  last_outcome_[index] = outcome;
}

}  // namespace ppcosim
