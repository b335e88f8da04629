#include "driver_agent.h"

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace rm = regmap;
namespace {

constexpr uint64_t CyclesFor(uint32_t ns) {
  return (ns + DutHarness::kClockPeriodNs - 1) / DutHarness::kClockPeriodNs;
}

uint8_t Field(uint8_t value, uint8_t mask, int lsb) { return (value & mask) >> lsb; }

Answer AnswerFor(rm::ArbResult result, OpKind kind) {
  switch (result) {
    case rm::ArbResult::kGranted:
      return kind == OpKind::kTry ? Answer::kTrue : Answer::kGranted;
    case rm::ArbResult::kPending:
      return Answer::kPending;
    case rm::ArbResult::kBusy:
      return Answer::kFalse;
    case rm::ArbResult::kFreed:
      return Answer::kOk;
    case rm::ArbResult::kCancelled:
      return Answer::kCancelled;
    case rm::ArbResult::kNotOwner:
      return Answer::kNotOwner;
    case rm::ArbResult::kAlreadyOwner:
      return Answer::kAlreadyOwner;
    case rm::ArbResult::kAlreadyWaiting:
      return Answer::kAlreadyWaiting;
    case rm::ArbResult::kNotPending:
      return Answer::kNotPending;
    case rm::ArbResult::kNone:
    case rm::ArbResult::kBadCommand:
      break;
  }
  return Answer::kBusError;
}

}  // namespace

uint8_t EcrModeFor(ppmodel::ChipMode mode) {
  switch (mode) {
    case ppmodel::ChipMode::kCompatibility:
    case ppmodel::ChipMode::kNibble:  // nibble reverse is software strobing in SPP mode
      return static_cast<uint8_t>(rm::EcrMode::kSpp);
    case ppmodel::ChipMode::kPs2Byte:
      return static_cast<uint8_t>(rm::EcrMode::kPs2);
    case ppmodel::ChipMode::kCompatibilityFifo:
      return static_cast<uint8_t>(rm::EcrMode::kFifo);
    case ppmodel::ChipMode::kEcp:
      return static_cast<uint8_t>(rm::EcrMode::kEcp);
    case ppmodel::ChipMode::kEpp:
      return static_cast<uint8_t>(rm::EcrMode::kEpp);
  }
  return static_cast<uint8_t>(rm::EcrMode::kSpp);
}

AgentResult DriverAgent::Command(uint8_t command, OpKind kind) {
  AgentResult result;
  const ApbResult write = bus_.Write(client_, rm::kArbCmd, command);
  result.accept_cycle = write.cycle;
  if (write.status != ApbStatus::kOk) {
    result.reply = {Answer::kBusError, 0};
    return result;
  }
  const ApbResult status = bus_.Read(client_, rm::kArbStatus);
  if (status.status != ApbStatus::kOk) {
    result.reply = {Answer::kBusError, 0};
    return result;
  }
  const auto code = static_cast<rm::ArbResult>(
      Field(status.data, rm::kArbStatusLastResultMask, rm::kArbStatusLastResultLsb));
  result.reply = {AnswerFor(code, kind), 0};
  return result;
}

AgentResult DriverAgent::Execute(const Op& op) {
  bytes_taken_ = 0;
  AgentResult result = Run(op);
  result.bytes_taken = bytes_taken_;
  NoteAnswer(op.kind, result.reply);
  const bool new_grant = (op.kind == OpKind::kAllocate && result.reply.answer == Answer::kGranted) ||
                         (op.kind == OpKind::kTry && result.reply.answer == Answer::kTrue);
  if (new_grant) result.fresh_port = ReadFreshPort();
  // Leaving FIFO mode discards what the FIFO holds; the chip says how much in ARB_DROPPED.
  const bool may_discard = op.kind == OpKind::kSetMode || op.kind == OpKind::kClearMode ||
                           (op.kind == OpKind::kRegWrite && op.addr == rm::kEcr);
  const Answer answer = result.reply.answer;
  if (may_discard && (answer == Answer::kOk || answer == Answer::kRejected)) {
    ReportDropped(DropCause::kModeChange);
  }
  return result;
}

AgentResult DriverAgent::Run(const Op& op) {
  switch (op.kind) {
    case OpKind::kAllocate:
      return Command(static_cast<uint8_t>(rm::ArbCmd::kAllocate), op.kind);
    case OpKind::kTry:
      return Command(static_cast<uint8_t>(rm::ArbCmd::kTry), op.kind);
    case OpKind::kFree:
      return Command(static_cast<uint8_t>(rm::ArbCmd::kFree), op.kind);
    case OpKind::kCancel:
      return Command(static_cast<uint8_t>(rm::ArbCmd::kCancel), op.kind);
    case OpKind::kWaiters: {
      const ApbResult read = bus_.Read(client_, rm::kArbWaiters);
      if (read.status != ApbStatus::kOk) return {{Answer::kBusError, 0}, read.cycle};
      return {{Answer::kValue, read.data}, read.cycle};
    }
    case OpKind::kOwner: {
      const ApbResult read = bus_.Read(client_, rm::kArbOwner);
      if (read.status != ApbStatus::kOk) return {{Answer::kBusError, 0}, read.cycle};
      if (!(read.data & rm::kArbOwnerValidMask)) return {{Answer::kNone, 0}, read.cycle};
      return {{Answer::kValue, Field(read.data, rm::kArbOwnerIdMask, rm::kArbOwnerIdLsb)},
              read.cycle};
    }
    case OpKind::kSetMode:
      return SetMode(op.mode);
    case OpKind::kClearMode:
      return ClearMode();
    case OpKind::kWrite:
      return Write(op.bytes);
    case OpKind::kRegWrite: {
      const ApbResult write = bus_.Write(client_, op.addr, op.data);
      return {{write.status == ApbStatus::kOk ? Answer::kOk : Answer::kBusError, 0}, write.cycle};
    }
    case OpKind::kRegRead: {
      const ApbResult read = bus_.Read(client_, op.addr);
      if (read.status != ApbStatus::kOk) return {{Answer::kBusError, 0}, read.cycle};
      return {{Answer::kValue, read.data}, read.cycle};
    }
    default:
      break;
  }
  return {{Answer::kBusError, 0}, h_.cycle()};
}

bool DriverAgent::Granted() {
  return (bus_.Read(client_, rm::kArbStatus).data & rm::kArbStatusGrantedMask) != 0;
}

AgentResult DriverAgent::Await(uint64_t budget) {
  AgentResult result;
  const uint64_t give_up = h_.cycle() + budget;
  bool granted = Granted();
  if (outcome_ != Answer::kPending) {
    result.reply = {outcome_, 0};
    result.accept_cycle = h_.cycle();
    return result;
  }
  while (!granted && h_.cycle() < give_up && h_.cycle() < deadline_) {
    const uint64_t left = deadline_ - h_.cycle();
    Idle(left < kAwaitPollCycles ? left : kAwaitPollCycles);
    granted = Granted();
  }
  if (granted) {
    result.grant_irq_raised = TakeGrantInterrupt();
    result.fresh_port = ReadFreshPort();
    result.reply = {Answer::kGranted, 0};
    result.accept_cycle = h_.cycle();
  } else {
    // The driver's own timer expired: it cancels the queued allocate.
    result = Command(static_cast<uint8_t>(rm::ArbCmd::kCancel), OpKind::kCancel);
    if (result.reply.answer == Answer::kCancelled) result.reply.answer = Answer::kTimedOut;
    result.timed_out = true;
  }
  NoteAnswer(OpKind::kAwait, result.reply);
  return result;
}

bool DriverAgent::TakeGrantInterrupt() {
  const ApbResult read = bus_.Read(client_, rm::kArbIrq);
  if (read.status != ApbStatus::kOk || !(read.data & 1)) return false;
  bus_.Write(client_, rm::kArbIrq, 1);
  return true;
}

FreshPortReading DriverAgent::ReadFreshPort() {
  FreshPortReading reading;
  reading.ecr = bus_.Read(client_, rm::kEcr).data;
  reading.control = bus_.Read(client_, rm::kControl).data;
  reading.cycle = h_.cycle();
  return reading;
}

void DriverAgent::ReportDropped(DropCause cause) {
  DropReading reading;
  reading.client = client_;
  reading.count = bus_.Read(client_, rm::kArbDropped).data;
  reading.cycle = h_.cycle();
  reading.cause = cause;
  if (drop_sink_) drop_sink_(reading);
}

bool DriverAgent::ReportOwedDropReading() {
  if (!release_reading_owed_) return false;
  release_reading_owed_ = false;
  ReportDropped(DropCause::kRelease);
  return true;
}

void DriverAgent::NoteAnswer(OpKind kind, const Reply& rtl) {
  switch (kind) {
    case OpKind::kAllocate:
      if (rtl.answer == Answer::kGranted || rtl.answer == Answer::kPending) outcome_ = rtl.answer;
      break;
    case OpKind::kTry:
      if (rtl.answer == Answer::kTrue) outcome_ = Answer::kGranted;
      break;
    case OpKind::kCancel:
      if (rtl.answer == Answer::kCancelled) outcome_ = Answer::kCancelled;
      break;
    case OpKind::kAwait:
      if (rtl.answer == Answer::kGranted || rtl.answer == Answer::kTimedOut) outcome_ = rtl.answer;
      break;
    default:
      break;
  }
  // A driver that has not yet seen its grant learns of it from the port answering it as owner.
  const bool owner_only = kind == OpKind::kFree || kind == OpKind::kWrite ||
                          kind == OpKind::kSetMode || kind == OpKind::kClearMode;
  const bool answered_as_owner = rtl.answer == Answer::kAlreadyOwner ||
                                 (owner_only && rtl.answer != Answer::kNotOwner);
  if (outcome_ == Answer::kPending && answered_as_owner) outcome_ = Answer::kGranted;
}

AgentResult DriverAgent::WriteMode(uint8_t current_ecr, uint8_t new_mode) {
  const auto current =
      static_cast<rm::EcrMode>(Field(current_ecr, rm::kEcrModeMask, rm::kEcrModeLsb));
  // Leaving FIFO mode empties the FIFO: like Linux's change_mode, let it drain first.
  const bool leaving_fifo =
      current == rm::EcrMode::kFifo && new_mode != static_cast<uint8_t>(rm::EcrMode::kFifo);
  const bool drained = !leaving_fifo || DrainFifo();
  const uint8_t keep = current_ecr & ~(rm::kEcrModeMask | rm::kEcrFullMask | rm::kEcrEmptyMask);
  const ApbResult write =
      bus_.Write(client_, rm::kEcr, static_cast<uint8_t>(keep | (new_mode << rm::kEcrModeLsb)));
  if (write.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, write.cycle};
  // The chip refuses some mode changes: read back what it took.
  const ApbResult check = bus_.Read(client_, rm::kEcr);
  const bool took = Field(check.data, rm::kEcrModeMask, rm::kEcrModeLsb) == new_mode;
  // What stayed in the FIFO is gone (the chip counts it in ARB_DROPPED); a byte already on
  // the wire still completes, and the driver lets it.
  if (took && !drained) WaitHandshakeIdle();
  return {{took ? Answer::kOk : Answer::kRejected, 0}, write.cycle};
}

AgentResult DriverAgent::SetMode(ppmodel::ChipMode mode) {
  // The driver's TrySetChipMode: read ECR, program the mode, see what the chip took.
  const ApbResult read = bus_.Read(client_, rm::kEcr);
  if (read.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, read.cycle};
  return WriteMode(read.data, EcrModeFor(mode));
}

AgentResult DriverAgent::ClearMode() {
  // ClearChipMode: ECR back to mode 000 with the rest as the chip had it.
  const ApbResult read = bus_.Read(client_, rm::kEcr);
  if (read.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, read.cycle};
  return WriteMode(read.data, static_cast<uint8_t>(rm::EcrMode::kSpp));
}

uint64_t DriverAgent::PollEnd() const {
  const uint64_t end = h_.cycle() + kPollLimitCycles;
  return end < deadline_ ? end : deadline_;
}

bool DriverAgent::WaitPrinterReady() {
  const uint64_t give_up = PollEnd();
  while (h_.cycle() < give_up) {
    const ApbResult read = bus_.Read(client_, rm::kStatus);
    if (read.status != ApbStatus::kOk) return false;
    const bool error = (read.data & rm::kStatusPerrorMask) || !(read.data & rm::kStatusSelectMask) ||
                       !(read.data & rm::kStatusNfaultMask);
    if (error) return false;
    if (read.data & rm::kStatusNbusyMask) return true;
    Idle(kPollIntervalCycles);
  }
  return false;
}

bool DriverAgent::DrainFifo() {
  const uint64_t give_up = PollEnd();
  while (h_.cycle() < give_up) {
    const uint8_t ecr = bus_.Read(client_, rm::kEcr).data;
    const uint8_t hs = bus_.Read(client_, rm::kHsStatus).data;
    if ((ecr & rm::kEcrEmptyMask) && !(hs & rm::kHsStatusActiveMask)) return true;
    // The controller stops the handshake after a busy timeout: nothing more will drain.
    if (hs & rm::kHsStatusTimeoutMask) return false;
    Idle(kPollIntervalCycles);
  }
  return false;
}

void DriverAgent::WaitHandshakeIdle() {
  WaitStatus(rm::kHsStatus, rm::kHsStatusActiveMask, 0);
}

bool DriverAgent::WaitStatus(uint16_t addr, uint8_t mask, uint8_t value) {
  const uint64_t give_up = PollEnd();
  while (h_.cycle() < give_up) {
    const ApbResult read = bus_.Read(client_, addr);
    if (read.status != ApbStatus::kOk) return false;
    if ((read.data & mask) == value) return true;
    Idle(kPollIntervalCycles);
  }
  return false;
}

AgentResult DriverAgent::Write(const std::vector<uint8_t>& bytes) {
  const ApbResult ecr = bus_.Read(client_, rm::kEcr);
  if (ecr.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, ecr.cycle};
  const auto mode = static_cast<rm::EcrMode>(Field(ecr.data, rm::kEcrModeMask, rm::kEcrModeLsb));
  const uint8_t idle_control = rm::kControlReset;
  size_t sent = 0;
  for (; sent < bytes.size() && h_.cycle() < deadline_; ++sent) {
    if (mode == rm::EcrMode::kFifo) {
      // Hardware handshake: the controller strobes; the driver only keeps the FIFO fed, and
      // gives up once the controller reports the peripheral timed out.
      const bool timed_out = bus_.Read(client_, rm::kHsStatus).data & rm::kHsStatusTimeoutMask;
      if (timed_out || !WaitStatus(rm::kEcr, rm::kEcrFullMask, 0)) break;
      if (bus_.Write(client_, rm::kFifo, bytes[sent]).status != ApbStatus::kOk) {
        return {{Answer::kNotOwner, 0}, h_.cycle()};
      }
      ++bytes_taken_;
      if (sink_) sink_(client_, bytes[sent]);
      continue;
    }
    // Software strobing (Linux parport_ieee1284_write_compat): wait for Busy low, data,
    // setup, nStrobe low for its width, nStrobe high, hold. A printer that reports paper out,
    // offline or an error gets no more bytes.
    if (!WaitPrinterReady()) break;
    if (bus_.Write(client_, rm::kData, bytes[sent]).status != ApbStatus::kOk) {
      return {{Answer::kNotOwner, 0}, h_.cycle()};
    }
    ++bytes_taken_;
    if (sink_) sink_(client_, bytes[sent]);
    Idle(CyclesFor(rm::kStrobeSetupNs));
    bus_.Write(client_, rm::kControl, idle_control | rm::kControlStrobeMask);
    Idle(CyclesFor(rm::kStrobeWidthNs));
    bus_.Write(client_, rm::kControl, idle_control);
    Idle(CyclesFor(rm::kStrobeHoldNs));
  }
  // Like parport's write, the driver says how much it did not send rather than fail.
  if (sent < bytes.size()) {
    return {{Answer::kGaveUp, static_cast<int>(bytes.size() - sent)}, ecr.cycle};
  }
  return {{Answer::kOk, 0}, ecr.cycle};
}

}  // namespace ppcosim
