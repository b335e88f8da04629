#include "driver_agent.h"

#include "ieee1284_peripheral.h"
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
  may_have_discarded_ = false;
  AgentResult result = Run(op);
  result.bytes_taken = bytes_taken_;
  NoteAnswer(op.kind, result.reply);
  const bool new_grant = (op.kind == OpKind::kAllocate && result.reply.answer == Answer::kGranted) ||
                         (op.kind == OpKind::kTry && result.reply.answer == Answer::kTrue);
  if (new_grant) result.fresh_port = ReadFreshPort();
  // Leaving FIFO or ECP mode discards what the FIFO holds, and so does turning an ECP link
  // forward; the chip says how much in ARB_DROPPED.
  const bool may_discard = op.kind == OpKind::kSetMode || op.kind == OpKind::kClearMode ||
                           op.kind == OpKind::kNegotiate ||
                           (op.kind == OpKind::kRegWrite && op.addr == rm::kEcr);
  const Answer answer = result.reply.answer;
  if ((may_discard && (answer == Answer::kOk || answer == Answer::kRejected)) ||
      may_have_discarded_) {
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
    case OpKind::kBeginStrobe:
      return BeginStrobe(op.data);
    case OpKind::kRegWrite: {
      const ApbResult write = bus_.Write(client_, op.addr, op.data);
      return {{write.status == ApbStatus::kOk ? Answer::kOk : Answer::kBusError, 0}, write.cycle};
    }
    case OpKind::kRegRead: {
      const ApbResult read = bus_.Read(client_, op.addr);
      if (read.status != ApbStatus::kOk) return {{Answer::kBusError, 0}, read.cycle};
      return {{Answer::kValue, read.data}, read.cycle};
    }
    case OpKind::kNegotiate:
      return Negotiate(op.data);
    case OpKind::kRead:
    case OpKind::kDeviceId:
      return ReverseRead(op.cycles, op.kind == OpKind::kDeviceId);
    case OpKind::kEcpCommand:
      return EcpCommand(op.data);
    case OpKind::kTerminate:
      return Terminate();
    case OpKind::kEppWrite:
    case OpKind::kEppRead:
      return Epp(op);
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

std::pair<uint8_t, uint64_t> DriverAgent::ReadArbTerm() {
  const ApbResult read = bus_.Read(client_, rm::kArbTerm);
  return {read.data, read.cycle};
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
    case OpKind::kFree:
      // The release terminates whatever IEEE 1284 mode the port was in.
      if (rtl.answer == Answer::kOk) ieee1284_mode_.reset();
      break;
    case OpKind::kAwait:
      if (rtl.answer == Answer::kGranted || rtl.answer == Answer::kTimedOut) outcome_ = rtl.answer;
      break;
    default:
      break;
  }
  // A driver that has not yet seen its grant learns of it from the port answering it as owner.
  const bool owner_only = kind == OpKind::kFree || kind == OpKind::kWrite ||
                          kind == OpKind::kBeginStrobe ||
                          kind == OpKind::kSetMode || kind == OpKind::kClearMode ||
                          IsIeee1284Op(kind);
  const bool answered_as_owner = rtl.answer == Answer::kAlreadyOwner ||
                                 (owner_only && rtl.answer != Answer::kNotOwner);
  if (outcome_ == Answer::kPending && answered_as_owner) outcome_ = Answer::kGranted;
}

AgentResult DriverAgent::WriteMode(uint8_t current_ecr, uint8_t new_mode) {
  const auto current =
      static_cast<rm::EcrMode>(Field(current_ecr, rm::kEcrModeMask, rm::kEcrModeLsb));
  // Leaving FIFO or ECP mode empties the FIFO: like Linux's change_mode, let it drain first.
  const bool leaving_fifo = (current == rm::EcrMode::kFifo || current == rm::EcrMode::kEcp) &&
                            new_mode != static_cast<uint8_t>(current);
  if (leaving_fifo) may_have_discarded_ = true;
  // An ECP link still reversed (its turn forward unanswered) keeps the data drivers off: the
  // peripheral may still drive the lines. Its bytes are discarded (ARB_DROPPED counts them).
  const bool reversed = current == rm::EcrMode::kEcp &&
                        (bus_.Read(client_, rm::kHsStatus).data & rm::kHsStatusEcpReverseMask);
  if (reversed) {
    const uint8_t control = bus_.Read(client_, rm::kControl).data;
    bus_.Write(client_, rm::kControl, control | rm::kControlDirMask);
  }
  const bool drained = !leaving_fifo || reversed || DrainFifo();
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
  // Hardware handshake in FIFO and ECP mode: the controller strobes, the driver keeps the FIFO
  // fed. ECP data goes forward: a reversed link is turned first.
  const bool hardware = mode == rm::EcrMode::kFifo || mode == rm::EcrMode::kEcp;
  if (mode == rm::EcrMode::kEcp) TurnForward();
  size_t sent = 0;
  for (; sent < bytes.size() && h_.cycle() < deadline_; ++sent) {
    const Push push =
        hardware ? PushFifo(rm::kFifo, bytes[sent], false) : StrobeByte(bytes[sent], true);
    if (push == Push::kNotOwner) return {{Answer::kNotOwner, 0}, h_.cycle()};
    if (push == Push::kGaveUp) break;
  }
  // Like parport's write, the driver says how much it did not send rather than fail.
  if (sent < bytes.size()) {
    return {{Answer::kGaveUp, static_cast<int>(bytes.size() - sent)}, ecr.cycle};
  }
  return {{Answer::kOk, 0}, ecr.cycle};
}

DriverAgent::Push DriverAgent::StrobeByte(uint8_t byte, bool finish) {
  // A printer that reports paper out, offline or an error gets no more bytes.
  if (!WaitPrinterReady()) return Push::kGaveUp;
  if (bus_.Write(client_, rm::kData, byte).status != ApbStatus::kOk) return Push::kNotOwner;
  // The printer latches the byte as nStrobe falls: it is on its way from here.
  ++bytes_taken_;
  if (sink_) sink_(client_, byte, false);
  Idle(CyclesFor(rm::kStrobeSetupNs));
  bus_.Write(client_, rm::kControl, rm::kControlReset | rm::kControlStrobeMask);
  if (!finish) return Push::kTaken;
  Idle(CyclesFor(rm::kStrobeWidthNs));
  bus_.Write(client_, rm::kControl, rm::kControlReset);
  Idle(CyclesFor(rm::kStrobeHoldNs));
  return Push::kTaken;
}

AgentResult DriverAgent::BeginStrobe(uint8_t byte) {
  const ApbResult ecr = bus_.Read(client_, rm::kEcr);
  if (ecr.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, ecr.cycle};
  const uint8_t mode = Field(ecr.data, rm::kEcrModeMask, rm::kEcrModeLsb);
  if (mode > static_cast<uint8_t>(rm::EcrMode::kPs2)) return {{Answer::kRejected, 0}, ecr.cycle};
  // Data forward and the other lines idle first, as parport_data_forward before a write.
  if (bus_.Read(client_, rm::kControl).data != rm::kControlReset) {
    bus_.Write(client_, rm::kControl, rm::kControlReset);
  }
  switch (StrobeByte(byte, false)) {
    case Push::kNotOwner: return {{Answer::kNotOwner, 0}, ecr.cycle};
    case Push::kGaveUp: return {{Answer::kGaveUp, 1}, ecr.cycle};
    case Push::kTaken: break;
  }
  return {{Answer::kOk, 0}, ecr.cycle};
}

DriverAgent::Push DriverAgent::PushFifo(uint16_t addr, uint8_t byte, bool command) {
  // The driver gives up once the controller reports the peripheral timed out.
  const bool timed_out = bus_.Read(client_, rm::kHsStatus).data & rm::kHsStatusTimeoutMask;
  if (timed_out || !WaitStatus(rm::kEcr, rm::kEcrFullMask, 0)) return Push::kGaveUp;
  if (bus_.Write(client_, addr, byte).status != ApbStatus::kOk) return Push::kNotOwner;
  ++bytes_taken_;
  if (sink_) sink_(client_, byte, command);
  return Push::kTaken;
}

bool DriverAgent::InEcp() const { return ieee1284_mode_ && (*ieee1284_mode_ & kRequestEcp); }

bool DriverAgent::WaitLink(bool reverse) {
  // A TIMEOUT already set belongs to an earlier transfer: only a new one ends the wait early.
  const bool stale = bus_.Read(client_, rm::kHsStatus).data & rm::kHsStatusTimeoutMask;
  const uint64_t give_up = PollEnd();
  while (h_.cycle() < give_up) {
    const uint8_t hs = bus_.Read(client_, rm::kHsStatus).data;
    if (((hs & rm::kHsStatusEcpReverseMask) != 0) == reverse) return true;
    if (!stale && (hs & rm::kHsStatusTimeoutMask)) return false;
    Idle(kPollIntervalCycles);
  }
  return false;
}

bool DriverAgent::TurnForward() {
  const uint8_t control = bus_.Read(client_, rm::kControl).data;
  const bool reversed = bus_.Read(client_, rm::kHsStatus).data & rm::kHsStatusEcpReverseMask;
  if (!(control & rm::kControlDirMask) && !reversed) return true;
  may_have_discarded_ = true;
  bus_.Write(client_, rm::kControl, static_cast<uint8_t>(control & ~rm::kControlDirMask));
  return WaitLink(false);
}

AgentResult DriverAgent::EcpCommand(uint8_t byte) {
  const ApbResult ecr = bus_.Read(client_, rm::kEcr);
  if (ecr.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, ecr.cycle};
  // A command byte means something only to a peripheral in ECP mode.
  if (!InEcp()) return {{Answer::kRejected, 0}, ecr.cycle};
  TurnForward();
  switch (PushFifo(rm::kData, byte, true)) {
    case Push::kNotOwner: return {{Answer::kNotOwner, 0}, ecr.cycle};
    case Push::kGaveUp: return {{Answer::kGaveUp, 1}, ecr.cycle};
    case Push::kTaken: break;
  }
  return {{Answer::kOk, 0}, ecr.cycle};
}

AgentResult DriverAgent::EcpRead(uint64_t count, AgentResult result) {
  const uint8_t control = bus_.Read(client_, rm::kControl).data;
  bus_.Write(client_, rm::kControl, control | rm::kControlDirMask);  // Events 38-40 in hardware
  if (!WaitLink(true)) {
    // The peripheral did not turn the link: forward again, as the driver found it.
    TurnForward();
    result.reply.answer = Answer::kTimedOut;
    return result;
  }
  uint64_t quiet_end = h_.cycle() + kReverseQuietCycles;
  while (result.received.size() < count && h_.cycle() < deadline_) {
    if (!(bus_.Read(client_, rm::kEcr).data & rm::kEcrEmptyMask)) {
      // REV_CMD is the flag of the head byte: read before the byte is popped.
      const bool command = bus_.Read(client_, rm::kHsStatus).data & rm::kHsStatusRevCmdMask;
      result.received.push_back(bus_.Read(client_, rm::kFifo).data);
      result.received_commands.push_back(command);
      quiet_end = h_.cycle() + kReverseQuietCycles;
      continue;
    }
    if (h_.cycle() >= quiet_end) break;
    Idle(kPollIntervalCycles);
  }
  return result;
}

namespace {

// CONTROL values the IEEE 1284 events use (pins: nStrobe, nAutoFd, nSelectIn inverted).
constexpr uint8_t kCtlInit = rm::kControlNinitMask;                            // nInit H
constexpr uint8_t kCtlEvent1 = kCtlInit | rm::kControlAutofdMask;              // 1284 Active
constexpr uint8_t kCtlCompat = rm::kControlReset;                              // nSelectIn L
constexpr uint8_t kStatusEvent2Mask = rm::kStatusPerrorMask | rm::kStatusSelectMask |
                                      rm::kStatusNfaultMask | rm::kStatusNackMask;
constexpr uint8_t kStatusEvent2 =
    rm::kStatusPerrorMask | rm::kStatusSelectMask | rm::kStatusNfaultMask;
// The extensibility byte's strobe (Event 3): Linux's udelay(1).
constexpr uint32_t kEvent3StrobeNs = 1000;

// The ECR mode an IEEE 1284 negotiation runs in: EPP's, or one whose control lines are
// CONTROL's (in ECP mode the controller drives HostClk, HostAck and nReverseRequest, so ECP is
// negotiated in PS/2 mode and entered after Event 31).
uint8_t EcrModeForRequest(uint8_t request) {
  if (request & kRequestEpp) return static_cast<uint8_t>(rm::EcrMode::kEpp);
  if (request & (kRequestByte | kRequestEcp)) return static_cast<uint8_t>(rm::EcrMode::kPs2);
  return static_cast<uint8_t>(rm::EcrMode::kSpp);
}

}  // namespace

AgentResult DriverAgent::Negotiate(uint8_t request) {
  const ApbResult ecr = bus_.Read(client_, rm::kEcr);
  if (ecr.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, ecr.cycle};
  // Linux terminates a mode before negotiating another.
  if (ieee1284_mode_) TerminateLines();
  ecr_mode_before_1284_ =
      Field(bus_.Read(client_, rm::kEcr).data, rm::kEcrModeMask, rm::kEcrModeLsb);
  if (!ChangeEcrMode(EcrModeForRequest(request))) {
    ChangeEcrMode(ecr_mode_before_1284_);
    return {{Answer::kRejected, 0}, ecr.cycle};
  }
  ieee1284_mode_ = request;
  bus_.Write(client_, rm::kData, request);  // Event 0
  const ApbResult event1 = bus_.Write(client_, rm::kControl, kCtlEvent1);
  const AgentResult rejected{{Answer::kRejected, 0}, event1.cycle};
  if (!WaitStatus(rm::kStatus, kStatusEvent2Mask, kStatusEvent2)) {
    // Not an IEEE 1284 peripheral: nSelectIn low is its immediate termination.
    TerminateLines();
    return rejected;
  }
  bus_.Write(client_, rm::kControl, kCtlEvent1 | rm::kControlStrobeMask);  // Event 3
  Idle(CyclesFor(kEvent3StrobeNs));
  bus_.Write(client_, rm::kControl, kCtlInit);  // Event 4
  if (!WaitStatus(rm::kStatus, rm::kStatusNackMask, rm::kStatusNackMask)) {  // Event 6
    TerminateLines();
    return rejected;
  }
  // Event 5: XFlag is low to accept nibble mode, high to accept any other.
  const bool xflag = bus_.Read(client_, rm::kStatus).data & rm::kStatusSelectMask;
  if (xflag != (request != 0)) {
    TerminateLines();
    return rejected;
  }
  if (request & kRequestEcp) {
    // Event 30: HostAck low; Event 31: the peripheral raises nAckReverse.
    bus_.Write(client_, rm::kControl, kCtlEvent1);
    if (!WaitStatus(rm::kStatus, rm::kStatusPerrorMask, rm::kStatusPerrorMask)) {
      TerminateLines();
      return rejected;
    }
    // Forward idle (HostAck high), then the controller's ECP handshake takes the lines.
    bus_.Write(client_, rm::kControl, kCtlInit);
    ChangeEcrMode(static_cast<uint8_t>(rm::EcrMode::kEcp));
  }
  return {{Answer::kOk, 0}, event1.cycle};
}

std::optional<uint8_t> DriverAgent::ReverseByte(bool byte_mode) {
  const uint8_t idle = byte_mode ? kCtlInit | rm::kControlDirMask : kCtlInit;
  uint8_t value = 0;
  for (int half = 0; half < (byte_mode ? 1 : 2); ++half) {
    bus_.Write(client_, rm::kControl, idle | rm::kControlAutofdMask);  // Event 7 / 14
    if (!WaitStatus(rm::kStatus, rm::kStatusNackMask, 0)) return std::nullopt;  // Event 9
    if (byte_mode) {
      value = bus_.Read(client_, rm::kData).data;
    } else {
      // nFault, Select, PError, Busy (the inverse of STATUS bit 7) carry the nibble.
      const uint8_t status = bus_.Read(client_, rm::kStatus).data;
      uint8_t nibble = static_cast<uint8_t>((status >> rm::kStatusNfaultLsb) & 0x7);
      if (!(status & rm::kStatusNbusyMask)) nibble |= 0x8;
      value |= static_cast<uint8_t>(nibble << (4 * half));
    }
    bus_.Write(client_, rm::kControl, idle);  // Event 10
    if (!WaitStatus(rm::kStatus, rm::kStatusNackMask, rm::kStatusNackMask)) {  // Event 11
      return std::nullopt;
    }
  }
  if (byte_mode) {
    bus_.Write(client_, rm::kControl, idle | rm::kControlStrobeMask);  // Event 16
    Idle(CyclesFor(rm::kStrobeWidthNs));
    bus_.Write(client_, rm::kControl, idle);
    Idle(CyclesFor(rm::kStrobeHoldNs));
  }
  return value;
}

AgentResult DriverAgent::ReverseRead(uint64_t count, bool device_id) {
  const ApbResult ecr = bus_.Read(client_, rm::kEcr);
  if (ecr.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, ecr.cycle};
  AgentResult result{{Answer::kOk, 0}, ecr.cycle};
  // The Device ID stays a nibble or byte mode read.
  if (InEcp() && !device_id) return EcpRead(count, result);
  const bool reverse = ieee1284_mode_ && IsReverseRequest(*ieee1284_mode_);
  if (!reverse) {
    result.reply.answer = Answer::kRejected;
    return result;
  }
  const bool byte_mode = *ieee1284_mode_ & kRequestByte;
  if (byte_mode) bus_.Write(client_, rm::kControl, kCtlInit | rm::kControlDirMask);
  // The Device ID says its own length in its first two bytes, MSB first.
  uint64_t want = device_id ? 2 : count;
  while (result.received.size() < want && h_.cycle() < deadline_) {
    // nDataAvail high: the peripheral has nothing more to send.
    if (bus_.Read(client_, rm::kStatus).data & rm::kStatusNfaultMask) break;
    const std::optional<uint8_t> byte = ReverseByte(byte_mode);
    if (!byte) break;
    result.received.push_back(*byte);
    if (device_id && result.received.size() == 2) {
      want = (uint64_t{result.received[0]} << 8) | result.received[1];
    }
  }
  // The data lines are the host's again only after the peripheral let go (Event 16).
  if (byte_mode) bus_.Write(client_, rm::kControl, kCtlInit);
  return result;
}

bool DriverAgent::ChangeEcrMode(uint8_t mode) {
  const uint8_t ecr = bus_.Read(client_, rm::kEcr).data;
  const uint8_t current = Field(ecr, rm::kEcrModeMask, rm::kEcrModeLsb);
  if (current == mode) return true;
  const auto ps2 = static_cast<uint8_t>(rm::EcrMode::kPs2);
  if (current > ps2 && mode > ps2) {
    if (WriteMode(ecr, ps2).reply.answer != Answer::kOk) return false;
    return WriteMode(bus_.Read(client_, rm::kEcr).data, mode).reply.answer == Answer::kOk;
  }
  return WriteMode(ecr, mode).reply.answer == Answer::kOk;
}

void DriverAgent::TerminateLines() {
  const bool epp = ieee1284_mode_ && (*ieee1284_mode_ & kRequestEpp);
  if (InEcp()) {
    // ECP reverse turns forward first (Events 47-49), the forward FIFO drains, and Events
    // 22-29 run on CONTROL's lines again, from forward idle. A link that did not turn keeps
    // the data drivers off until Event 22, which resets the peripheral.
    const bool forward = TurnForward();
    bus_.Write(client_, rm::kControl, forward ? kCtlInit : kCtlInit | rm::kControlDirMask);
    ChangeEcrMode(static_cast<uint8_t>(rm::EcrMode::kPs2));
  }
  ieee1284_mode_.reset();
  if (epp) {
    bus_.Write(client_, rm::kControl, kCtlInit & ~rm::kControlNinitMask);  // Event 68
    Idle(CyclesFor(rm::kTermNinitHoldNs));
    bus_.Write(client_, rm::kControl, kCtlCompat);  // Event 69
  } else {
    // Event 22; Linux goes on to compatibility idle when an answer does not come.
    bus_.Write(client_, rm::kControl, kCtlCompat);
    if (WaitStatus(rm::kStatus, rm::kStatusNackMask, 0)) {  // Event 24
      bus_.Write(client_, rm::kControl, kCtlCompat | rm::kControlAutofdMask);  // Event 25
      WaitStatus(rm::kStatus, rm::kStatusNackMask, rm::kStatusNackMask);  // Event 27
      bus_.Write(client_, rm::kControl, kCtlCompat);  // Event 28/29
    }
  }
  // The mode the driver had before: the arbitration model still thinks it is in it.
  ChangeEcrMode(ecr_mode_before_1284_);
}

AgentResult DriverAgent::Terminate() {
  const ApbResult ecr = bus_.Read(client_, rm::kEcr);
  if (ecr.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, ecr.cycle};
  if (ieee1284_mode_) TerminateLines();
  return {{Answer::kOk, 0}, ecr.cycle};
}

AgentResult DriverAgent::Epp(const Op& op) {
  const bool write = op.kind == OpKind::kEppWrite;
  // Outside a negotiated EPP mode the EPP strobes would be other Events to the peripheral.
  if (!ieee1284_mode_ || !(*ieee1284_mode_ & kRequestEpp)) {
    const ApbResult ecr = bus_.Read(client_, rm::kEcr);
    const Answer answer = ecr.status == ApbStatus::kOk ? Answer::kRejected : Answer::kNotOwner;
    return {{answer, 0}, ecr.cycle};
  }
  const ApbResult access =
      write ? bus_.Write(client_, op.addr, op.data) : bus_.Read(client_, op.addr);
  if (access.status != ApbStatus::kOk) return {{Answer::kNotOwner, 0}, access.cycle};
  const uint8_t status = bus_.Read(client_, rm::kStatus).data;
  if (status & rm::kStatusEppTmoutMask) {
    bus_.Write(client_, rm::kStatus, rm::kStatusEppTmoutMask);  // clears it (SMSC)
    return {{Answer::kTimedOut, 0}, access.cycle};
  }
  if (write) return {{Answer::kOk, 0}, access.cycle};
  return {{Answer::kValue, access.data}, access.cycle};
}

}  // namespace ppcosim
