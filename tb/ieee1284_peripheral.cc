#include "ieee1284_peripheral.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "cycle_observer.h"

namespace ppcosim {
namespace {

using Phase = Ieee1284Phase;

// Extensibility bytes the model implements (reference: Linux uapi parport.h).
constexpr uint8_t kSupportedRequests[] = {0x00, 0x01, 0x04, 0x05, 0x10, 0x14, 0x40};
// Events the peripheral answers; an Event given in the same step as another names that step.
constexpr struct {
  uint8_t event;
  uint8_t step;
} kAnswers[] = {{2, 2},   {5, 6},   {6, 6},   {8, 9},   {9, 9},   {11, 11}, {23, 24},
                {24, 24}, {26, 27}, {27, 27}, {31, 31}, {32, 32}, {36, 36}, {40, 40},
                {42, 43}, {43, 43}, {45, 45}, {48, 49}, {49, 49}, {58, 58}, {60, 60}};

bool InPhases(Phase phase, Phase first, Phase last) { return phase >= first && phase <= last; }
bool IsEcp(Phase p) { return InPhases(p, Phase::kEcpAwaitEv30, Phase::kEcpEv49); }
bool IsEpp(Phase p) { return InPhases(p, Phase::kEppIdle, Phase::kEppEv60); }
bool IsTermination(Phase p) {
  return InPhases(p, Phase::kTerminationEv24, Phase::kTerminationAwaitEv28);
}
// Phases in which nSelectIn falling is Event 22; anywhere else in IEEE 1284 it is immediate.
bool AcceptsEvent22(Phase p) {
  return p == Phase::kRefused || p == Phase::kReverseIdle || p == Phase::kEcpAwaitEv30 ||
         p == Phase::kEcpForwardIdle;
}
// Phases in which an Event of the standard is a falling nStrobe (EPP: nWrite is a level).
bool ExpectsStrobe(Phase p) {
  return p == Phase::kCompatIdle || p == Phase::kNegotiationAwaitEv3 ||
         p == Phase::kByteAwaitEv16 || p == Phase::kEcpForwardIdle || IsEpp(p);
}

uint64_t NsToCycles(uint32_t ns, uint32_t period_ns) {
  return std::max<uint64_t>(1, (uint64_t{ns} + period_ns - 1) / period_ns);
}

}  // namespace

struct Ieee1284Peripheral::Edges {
  bool strobe_fell;
  bool autofd_fell;
  bool init_fell;
  bool selectin_fell;
};

Ieee1284Peripheral::Ieee1284Peripheral(const Ieee1284Config& config)
    : device_id_(config.device_id) {
  if (config.clock_period_ns == 0) {
    throw std::invalid_argument("Ieee1284Config.clock_period_ns must be positive");
  }
  response_cycles_ = NsToCycles(config.response_ns, config.clock_period_ns);
  busy_cycles_ = NsToCycles(config.centronics_busy_ns, config.clock_period_ns);
  ack_cycles_ = NsToCycles(config.centronics_ack_ns, config.clock_period_ns);
  for (const uint8_t request : config.accepted_requests) {
    if (std::find(std::begin(kSupportedRequests), std::end(kSupportedRequests), request) ==
        std::end(kSupportedRequests)) {
      char text[96];
      std::snprintf(text, sizeof text,
                    "Ieee1284Config.accepted_requests: extensibility byte 0x%02X is not supported",
                    request);
      throw std::invalid_argument(text);
    }
    accepted_.set(request);
  }
  // The two length bytes count themselves.
  if (device_id_.size() + 2 > 0xFFFF) {
    throw std::invalid_argument("Ieee1284Config.device_id is longer than 65533 bytes");
  }
  reverse_.reserve(256);
}

void Ieee1284Peripheral::QueueReverse(uint8_t value, bool command) {
  reverse_.push_back({value, command});
}

void Ieee1284Peripheral::SetAccepted(uint8_t request, bool accepted) {
  if (std::find(std::begin(kSupportedRequests), std::end(kSupportedRequests), request) ==
      std::end(kSupportedRequests)) {
    throw std::invalid_argument("SetAccepted: extensibility byte " + std::to_string(request) +
                                " is not supported");
  }
  accepted_.set(request, accepted);
}

bool Ieee1284Peripheral::Answers(uint8_t event) {
  for (const auto& answer : kAnswers) {
    if (answer.event == event) return true;
  }
  return false;
}

void Ieee1284Peripheral::StopAnsweringAt(uint8_t event) {
  for (const auto& answer : kAnswers) {
    if (answer.event == event) {
      stop_event_ = answer.step;
      return;
    }
  }
  throw std::invalid_argument("StopAnsweringAt: Event " + std::to_string(event) +
                              " is not one the peripheral answers");
}

PeripheralPins Ieee1284Peripheral::Step(const HostPins& in, uint64_t cycle) {
  now_ = cycle;
  const Edges edges{prev_.nstrobe && !in.nstrobe, prev_.nautofd && !in.nautofd,
                    prev_.ninit && !in.ninit, prev_.nselectin && !in.nselectin};
  if (!HandleTermination(edges)) Advance(in, edges);
  const bool both_drive = in.data_oe && out_.data_oe;
  if (both_drive && !contention_) ReportError(ProtocolErrorKind::kDataContention);
  contention_ = both_drive;
  prev_ = in;
  return out_;
}

uint64_t Ieee1284Peripheral::QuietCycles() const {
  const HostPins& in = prev_;
  const uint64_t answer = std::max(due_, stall_until_);
  switch (phase_) {
    case Phase::kCompatIdle:
      if (in.nselectin && !in.nautofd && in.ninit) return 0;  // Event 1
      // Busy follows a stall.
      return stall_until_ > now_ ? CyclesBefore(stall_until_, now_) : UINT64_MAX;
    case Phase::kCompatBusy:
      return CyclesBefore(answer, now_);
    case Phase::kCompatAck:
      return CyclesBefore(due_, now_);
    // Phases left only on an edge.
    case Phase::kNegotiationAwaitEv3:
    case Phase::kRefused:
    case Phase::kReverseIdle:
    case Phase::kByteAwaitEv16:
    case Phase::kEcpForwardIdle:
      return UINT64_MAX;
    case Phase::kEppIdle:
      return !in.nselectin || !in.nautofd ? 0 : UINT64_MAX;
    // Phases that answer when due, whatever the lines do. A peripheral told to stop answering
    // decides at the Event itself: it sees every cycle.
    case Phase::kNegotiationEv2:
    case Phase::kNegotiationEv6:
    case Phase::kReverseEv9:
    case Phase::kReverseEv11:
    case Phase::kEcpEv31:
    case Phase::kEcpEv36:
    case Phase::kEcpEv32:
    case Phase::kEcpEv40:
    case Phase::kEcpEv45:
    case Phase::kEcpEv49:
    case Phase::kEppEv58:
    case Phase::kEppEv60:
    case Phase::kTerminationEv24:
      return stop_event_ < 0 ? CyclesBefore(answer, now_) : 0;
    default:  // phases that wait for a level
      return 0;
  }
}

bool Ieee1284Peripheral::HandleTermination(const Edges& edges) {
  if (IsCompatibilityPhase(phase_)) return false;
  // nInit is nReverseRequest in ECP; in every other IEEE 1284 phase it resets (EPP Event 68).
  if (edges.init_fell && !IsEcp(phase_)) {
    ResetToCompat(TerminationKind::kImmediate);
    return true;
  }
  // In EPP nSelectIn is the address strobe; in termination it is already low.
  if (!edges.selectin_fell || IsEpp(phase_) || IsTermination(phase_)) return false;
  if (AcceptsEvent22(phase_)) {
    Schedule(Phase::kTerminationEv24);
  } else {
    ResetToCompat(TerminationKind::kImmediate);
  }
  return true;
}

void Ieee1284Peripheral::Advance(const HostPins& in, const Edges& edges) {
  if (edges.strobe_fell && !ExpectsStrobe(phase_) && !IsCompatibilityPhase(phase_)) {
    ReportError(ProtocolErrorKind::kStrobeInWrongPhase);
  }
  if (IsCompatibilityPhase(phase_)) {
    AdvanceCompat(in, edges);
  } else if (IsEcp(phase_)) {
    AdvanceEcp(in, edges);
  } else if (IsEpp(phase_)) {
    AdvanceEpp(in, edges);
  } else if (IsTermination(phase_)) {
    AdvanceTermination(in);
  } else if (phase_ <= Phase::kRefused) {
    AdvanceNegotiation(in, edges);
  } else {
    AdvanceReverse(in, edges);
  }
}

void Ieee1284Peripheral::AdvanceCompat(const HostPins& in, const Edges& edges) {
  if (phase_ == Phase::kCompatIdle && in.nselectin && !in.nautofd && in.ninit) {
    Schedule(Phase::kNegotiationEv2);  // Event 1
    return;
  }
  if (edges.strobe_fell) {
    // Latched whatever the phase, so a host that did not wait loses nothing unreported.
    if (phase_ != Phase::kCompatIdle || out_.busy) {
      ReportError(ProtocolErrorKind::kStrobeInWrongPhase);
    }
    if (listener_) {
      listener_->OnForwardByte({in.data, false, Ieee1284Mode::kCompatibility, now_});
    }
    out_.busy = true;
    out_.nack = true;
    phase_ = Phase::kCompatBusy;
    due_ = now_ + busy_cycles_;
    return;
  }
  switch (phase_) {
    case Phase::kCompatBusy:
      if (now_ >= due_ && now_ >= stall_until_) {
        out_.nack = false;
        phase_ = Phase::kCompatAck;
        due_ = now_ + ack_cycles_;
      }
      break;
    case Phase::kCompatAck:
      if (now_ >= due_) {
        out_.nack = true;
        out_.busy = false;
        phase_ = Phase::kCompatIdle;
      }
      break;
    default:
      out_.busy = now_ < stall_until_;
      break;
  }
}

void Ieee1284Peripheral::AdvanceNegotiation(const HostPins& in, const Edges& edges) {
  switch (phase_) {
    case Phase::kNegotiationEv2:
      if (AnswerDue(2)) {
        out_.perror = true;
        out_.select = true;
        out_.nfault = true;
        out_.nack = false;
        phase_ = Phase::kNegotiationAwaitEv3;
      }
      break;
    case Phase::kNegotiationAwaitEv3:
      if (edges.strobe_fell) {
        request_ = in.data;
        phase_ = Phase::kNegotiationAwaitEv4;
      }
      break;
    case Phase::kNegotiationAwaitEv4:
      if (in.nstrobe && in.nautofd) Schedule(Phase::kNegotiationEv6);
      break;
    case Phase::kNegotiationEv6:
      if (AnswerDue(6)) AcceptOrRefuse();
      break;
    default:  // kRefused: only Event 22 or a reset leaves it
      break;
  }
}

void Ieee1284Peripheral::AcceptOrRefuse() {
  const bool accepted = accepted_[request_];
  // Event 5: XFlag is low to accept nibble mode and high to accept any other.
  xflag_ = accepted == (request_ != 0);
  out_ = PeripheralPins{};
  out_.select = xflag_;
  if (listener_) listener_->OnNegotiation({request_, accepted, now_});
  if (!accepted) {
    phase_ = Phase::kRefused;
    return;
  }
  device_id_mode_ = (request_ & kRequestDeviceId) != 0;
  device_id_pos_ = 0;
  high_nibble_ = false;
  if (request_ & kRequestEpp) {
    mode_ = Ieee1284Mode::kEpp;
    phase_ = Phase::kEppIdle;  // nWait (Busy) low: ready
  } else if (request_ & kRequestEcp) {
    mode_ = Ieee1284Mode::kEcp;
    phase_ = Phase::kEcpAwaitEv30;  // nAckReverse (PError) low until Event 31
  } else {
    mode_ = (request_ & kRequestByte) ? Ieee1284Mode::kByte : Ieee1284Mode::kNibble;
    phase_ = Phase::kReverseIdle;
    ShowReverseIdle();
  }
}

void Ieee1284Peripheral::ShowReverseIdle() {
  out_.nfault = !HasReverse();  // nDataAvail
  out_.perror = out_.nfault;    // AckDataReq follows it
  out_.select = xflag_;
  out_.busy = false;
  out_.nack = true;
}

void Ieee1284Peripheral::AdvanceReverse(const HostPins& in, const Edges& edges) {
  switch (phase_) {
    case Phase::kReverseIdle:
      ShowReverseIdle();
      // Event 7. Without data, HostBusy low is only the host idling (Linux at end of data).
      if (edges.autofd_fell && HasReverse()) Schedule(Phase::kReverseEv9);
      break;
    case Phase::kReverseEv9:
      if (!AnswerDue(9)) break;
      if (mode_ == Ieee1284Mode::kNibble) {
        const uint8_t byte = NextReverse().value;
        const uint8_t nibble = high_nibble_ ? byte >> 4 : byte & 0x0F;
        out_.nfault = nibble & 1;
        out_.select = nibble & 2;
        out_.perror = nibble & 4;
        out_.busy = nibble & 8;
      } else {
        out_.data = NextReverse().value;
        out_.data_oe = true;
      }
      out_.nack = false;
      phase_ = Phase::kReverseAwaitEv10;
      break;
    case Phase::kReverseAwaitEv10:
      if (in.nautofd) Schedule(Phase::kReverseEv11);
      break;
    case Phase::kReverseEv11: {
      if (!AnswerDue(11)) break;
      if (mode_ == Ieee1284Mode::kNibble && !high_nibble_) {
        high_nibble_ = true;
      } else {
        high_nibble_ = false;
        const ReverseEntry sent = NextReverse();
        ConsumeReverse();
        if (listener_) listener_->OnReverseByte({sent.value, false, mode_, now_});
      }
      // With nAck high the status lines say nDataAvail again, for the host's next check.
      ShowReverseIdle();
      phase_ = mode_ == Ieee1284Mode::kByte && !high_nibble_ ? Phase::kByteAwaitEv16
                                                           : Phase::kReverseIdle;
      break;
    }
    default:  // kByteAwaitEv16: HostClk acknowledges the byte; the bus is released
      if (edges.strobe_fell) {
        out_.data_oe = false;
        phase_ = Phase::kReverseIdle;
      }
      break;
  }
}

void Ieee1284Peripheral::AdvanceEcp(const HostPins& in, const Edges& edges) {
  switch (phase_) {
    case Phase::kEcpAwaitEv30:
      if (!in.nautofd) Schedule(Phase::kEcpEv31);
      break;
    case Phase::kEcpEv31:
      if (AnswerDue(31)) {
        out_.perror = true;
        phase_ = Phase::kEcpForwardIdle;
      }
      break;
    case Phase::kEcpForwardIdle:
      if (edges.init_fell) {
        Schedule(Phase::kEcpEv40);  // Event 39, after Event 38 (HostAck low)
      } else if (edges.strobe_fell) {
        // Event 35: HostAck (nAutoFd) says data (high) or command (low).
        latched_ = {in.data, !in.nautofd, Ieee1284Mode::kEcp, now_};
        Schedule(Phase::kEcpEv36);
      }
      break;
    case Phase::kEcpEv36:
      if (AnswerDue(36)) {
        out_.busy = true;
        phase_ = Phase::kEcpAwaitEv37;
      }
      break;
    case Phase::kEcpAwaitEv37:
      if (in.nstrobe) {
        latched_.cycle = now_;
        if (listener_) listener_->OnForwardByte(latched_);
        Schedule(Phase::kEcpEv32);
      }
      break;
    case Phase::kEcpEv32:
      if (AnswerDue(32)) {
        out_.busy = false;
        phase_ = Phase::kEcpForwardIdle;
      }
      break;
    case Phase::kEcpEv40:
      if (AnswerDue(40)) {
        out_.perror = false;
        out_.data_oe = true;  // the peripheral owns the bus until Event 48
        phase_ = Phase::kEcpReverseIdle;
        if (listener_) listener_->OnEcpDirection(true, now_);
      }
      break;
    case Phase::kEcpReverseIdle:
      if (in.ninit) {
        Schedule(Phase::kEcpEv49);  // Event 47
      } else if (!in.nautofd && HasReverse()) {
        Schedule(Phase::kEcpEv43);
      }
      break;
    case Phase::kEcpEv43:
      if (in.ninit) {
        Schedule(Phase::kEcpEv49);  // Event 47 before PeriphClk fell: the byte stays queued
      } else if (AnswerDue(43)) {
        const ReverseEntry next = NextReverse();
        out_.data = next.value;
        out_.busy = !next.command;
        out_.nack = false;
        phase_ = Phase::kEcpAwaitEv44;
      }
      break;
    case Phase::kEcpAwaitEv44:
      // Event 47 instead of Event 44 (a host whose FIFO is full turns the link forward): the
      // host never took the byte, so it stays queued for the next reverse transfer.
      if (in.ninit) {
        out_.nack = true;
        Schedule(Phase::kEcpEv49);
      } else if (in.nautofd) {
        const ReverseEntry sent = NextReverse();
        ConsumeReverse();
        if (listener_) listener_->OnReverseByte({sent.value, sent.command, mode_, now_});
        Schedule(Phase::kEcpEv45);
      }
      break;
    case Phase::kEcpEv45:
      if (AnswerDue(45)) {
        out_.nack = true;
        phase_ = Phase::kEcpAwaitEv46;
      }
      break;
    case Phase::kEcpAwaitEv46:
      if (in.ninit) {
        Schedule(Phase::kEcpEv49);  // Event 47 straight after the byte
      } else if (!in.nautofd) {
        phase_ = Phase::kEcpReverseIdle;
      }
      break;
    default:  // kEcpEv49: Event 48 releases the bus, Event 49 raises nAckReverse
      if (AnswerDue(49)) {
        out_.data_oe = false;
        out_.busy = false;
        out_.perror = true;
        phase_ = Phase::kEcpForwardIdle;
        if (listener_) listener_->OnEcpDirection(false, now_);
      }
      break;
  }
}

void Ieee1284Peripheral::AdvanceEpp(const HostPins& in, const Edges& edges) {
  const bool address_strobe = !in.nselectin;
  const bool data_strobe = !in.nautofd;
  switch (phase_) {
    case Phase::kEppIdle:
      if (!address_strobe && !data_strobe) break;
      if (address_strobe && data_strobe) {
        if (edges.selectin_fell || edges.autofd_fell) {
          ReportError(ProtocolErrorKind::kBothEppStrobes);
        }
        break;
      }
      // Events 56/62 (write, nWrite low) or 64/67 (read).
      epp_address_cycle_ = address_strobe;
      epp_write_ = !in.nstrobe;
      epp_value_ = in.data;
      Schedule(Phase::kEppEv58);
      break;
    case Phase::kEppEv58: {
      if (!AnswerDue(58)) break;
      uint8_t& target = epp_address_cycle_ ? epp_address_ : epp_registers_[epp_address_];
      if (epp_write_) {
        target = epp_value_;
      } else {
        epp_value_ = target;
        out_.data = epp_value_;
        out_.data_oe = true;
      }
      out_.busy = true;  // nWait high: the cycle may end
      phase_ = Phase::kEppAwaitStrobeEnd;
      break;
    }
    case Phase::kEppAwaitStrobeEnd:
      if (epp_address_cycle_ ? !address_strobe : !data_strobe) {  // Event 59 or 63
        out_.data_oe = false;
        Schedule(Phase::kEppEv60);
      }
      break;
    default:  // kEppEv60
      if (AnswerDue(60)) {
        out_.busy = false;
        phase_ = Phase::kEppIdle;
        // A cycle is complete at Event 60: the host's cycle ends there, and without it the
        // host times out even though the byte moved at Event 58.
        if (listener_) {
          listener_->OnEppCycle({epp_address_cycle_, epp_write_, epp_value_, now_});
        }
      }
      break;
  }
}

void Ieee1284Peripheral::AdvanceTermination(const HostPins& in) {
  switch (phase_) {
    case Phase::kTerminationEv24:
      if (AnswerDue(24)) {
        out_.data_oe = false;
        out_.busy = true;  // Event 23
        out_.nfault = true;
        out_.select = !xflag_;
        out_.nack = false;
        phase_ = Phase::kTerminationAwaitEv25;
      } else if (stopped_ && stop_event_ == 24) {
        // Silent at Event 24 it gives no handshake, and the host's immediate termination after
        // its timeout moves no line (nSelectIn is already low, nAutoFd high): the termination
        // request itself is the immediate termination, and the mode is left unanswered.
        ResetToCompat(TerminationKind::kImmediate);
      }
      break;
    case Phase::kTerminationAwaitEv25:
      if (!in.nautofd) Schedule(Phase::kTerminationEv27);
      break;
    case Phase::kTerminationEv27:
      // nAutoFd high before Event 27: the host gave up waiting (its immediate termination).
      if (in.nautofd) {
        ResetToCompat(TerminationKind::kImmediate);
      } else if (AnswerDue(27)) {
        out_ = PeripheralPins{};  // Event 26: compatibility status, then nAck high
        phase_ = Phase::kTerminationAwaitEv28;
      }
      break;
    default:  // kTerminationAwaitEv28
      if (in.nautofd) ResetToCompat(TerminationKind::kNormal);
      break;
  }
}

void Ieee1284Peripheral::Schedule(Phase phase) {
  phase_ = phase;
  due_ = now_ + response_cycles_;
}

bool Ieee1284Peripheral::AnswerDue(uint8_t event) {
  if (event == stop_event_) stopped_ = true;
  return !stopped_ && now_ >= due_ && now_ >= stall_until_;
}

void Ieee1284Peripheral::ResetToCompat(TerminationKind kind) {
  const Ieee1284Mode from = mode_;
  out_ = PeripheralPins{};  // data released at once
  phase_ = Phase::kCompatIdle;
  mode_ = Ieee1284Mode::kCompatibility;
  device_id_mode_ = false;
  high_nibble_ = false;
  if (kind == TerminationKind::kImmediate) {
    // A reset clears a peripheral that stopped answering.
    stop_event_ = -1;
    stopped_ = false;
  }
  if (listener_) listener_->OnTermination({kind, from, now_});
}

bool Ieee1284Peripheral::HasReverse() const {
  if (device_id_mode_) return device_id_pos_ < device_id_.size() + 2;
  return reverse_head_ < reverse_.size();
}

Ieee1284Peripheral::ReverseEntry Ieee1284Peripheral::NextReverse() const {
  if (!device_id_mode_) return reverse_[reverse_head_];
  // Linux's parport_device_id: the length, MSB first, counting its own two bytes, then the text.
  const size_t length = device_id_.size() + 2;
  if (device_id_pos_ == 0) return {static_cast<uint8_t>(length >> 8), false};
  if (device_id_pos_ == 1) return {static_cast<uint8_t>(length & 0xFF), false};
  return {static_cast<uint8_t>(device_id_[device_id_pos_ - 2]), false};
}

void Ieee1284Peripheral::ConsumeReverse() {
  if (device_id_mode_) {
    ++device_id_pos_;
  } else if (++reverse_head_ == reverse_.size()) {
    reverse_.clear();  // keeps the capacity
    reverse_head_ = 0;
  }
}

void Ieee1284Peripheral::ReportError(ProtocolErrorKind kind) {
  if (listener_) listener_->OnProtocolError({kind, phase_, now_});
}

}  // namespace ppcosim
