#include "ieee1284_scoreboard.h"

#include <cstdio>
#include <string>

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

// "[0x41 cmd:0x05]": a byte list, command bytes marked as in a script.
std::string Bytes(const std::vector<uint8_t>& bytes, const std::vector<bool>& commands = {}) {
  return "[" + FormatBytes(bytes, commands) + "]";
}

const char* ProtocolErrorText(ProtocolErrorKind kind) {
  switch (kind) {
    case ProtocolErrorKind::kStrobeInWrongPhase:
      return "the peripheral saw nStrobe fall where no IEEE 1284 Event uses it";
    case ProtocolErrorKind::kDataContention:
      return "host and peripheral both drive the data lines";
    case ProtocolErrorKind::kBothEppStrobes:
      return "nAStrb and nDStrb low together";
  }
  return "IEEE 1284 protocol error";
}

}  // namespace

void Ieee1284Scoreboard::OnProtocolError(const ProtocolError& error) {
  // In compatibility mode the printer answers and judges strobes (strobes while busy).
  if (IsCompatibilityPhase(error.phase) && error.kind == ProtocolErrorKind::kStrobeInWrongPhase) {
    return;
  }
  log_.Report(MismatchKind::kProtocol, error.cycle, 0, -1, ProtocolErrorText(error.kind));
}

void Ieee1284Scoreboard::OnForwardByte(const Ieee1284Byte& byte) {
  // Compatibility bytes are the printer's to report; ECP ones are the FIFO's bytes.
  if (byte.mode != Ieee1284Mode::kEcp || !forward_sink_) return;
  forward_sink_(LatchedByte{byte.value, true, byte.cycle, byte.command});
}

void Ieee1284Scoreboard::OnReverseByte(const Ieee1284Byte& byte) {
  if (byte.mode == Ieee1284Mode::kEcp) {
    ecp_reverse_.push_back({byte.value, byte.command});
  } else {
    reverse_.push_back(byte.value);
  }
}

void Ieee1284Scoreboard::OnEcpDirection(bool reverse, uint64_t /*cycle*/) {
  ecp_reversed_ = reverse;
}

void Ieee1284Scoreboard::WriteOffReverse(uint64_t count) {
  for (; count > 0 && !ecp_reverse_.empty(); --count) ecp_reverse_.pop_front();
}

void Ieee1284Scoreboard::CheckEndOfRun(uint64_t cycle) {
  if (ecp_reverse_.empty()) return;
  log_.Report(MismatchKind::kIeee1284, cycle, 0, -1,
              std::to_string(ecp_reverse_.size()) +
                  " ECP reverse byte(s) the controller took were neither read nor counted in "
                  "ARB_DROPPED");
}

void Ieee1284Scoreboard::OnNegotiation(const Negotiation& negotiation) {
  negotiation_ = negotiation;
  if (negotiation.accepted) mode_ = negotiation.request;
}

void Ieee1284Scoreboard::OnTermination(const Termination& termination) {
  mode_.reset();
  ecp_reversed_ = false;
  if (releasing_) {
    term_reading_owed_ = true;
    // EPP's termination is a reset pulse, immediate to the peripheral by design.
    if (termination.kind == TerminationKind::kImmediate && termination.from != Ieee1284Mode::kEpp) {
      term_timeout_expected_ = true;
    }
  }
  coverage_.OnIeee1284Termination(termination);
}

Reply Ieee1284Scoreboard::OwnerAnswer(const Op& op) const {
  // Reverse reads need nibble or byte mode, EPP cycles EPP mode: else the driver refuses.
  const bool reverse = mode_ && IsReverseRequest(*mode_);
  const bool epp = mode_ && (*mode_ & kRequestEpp);
  const bool ecp = mode_ && (*mode_ & kRequestEcp);
  switch (op.kind) {
    case OpKind::kNegotiate:
      return {negotiation_ && negotiation_->accepted && negotiation_->request == op.data
                  ? Answer::kOk
                  : Answer::kRejected,
              0};
    case OpKind::kRead:
      // ECP: the link turns and stays reversed unless the peripheral does not answer Event 40
      // (the driver then turns it forward again).
      if (ecp) return {ecp_reversed_ ? Answer::kOk : Answer::kTimedOut, 0};
      return {reverse ? Answer::kOk : Answer::kRejected, 0};
    case OpKind::kDeviceId:
      return {reverse ? Answer::kOk : Answer::kRejected, 0};
    case OpKind::kEcpCommand:
      return {ecp ? Answer::kOk : Answer::kRejected, 0};
    case OpKind::kEppWrite:
      if (!epp) return {Answer::kRejected, 0};
      return {epp_ ? Answer::kOk : Answer::kTimedOut, 0};
    case OpKind::kEppRead:
      if (!epp) return {Answer::kRejected, 0};
      return epp_ ? Reply{Answer::kValue, epp_->value} : Reply{Answer::kTimedOut, 0};
    default:
      break;
  }
  return {Answer::kOk, 0};
}

bool Ieee1284Scoreboard::Check(const Op& op, const AgentResult& rtl) {
  const std::string name(OpName(op.kind));
  bool ok = true;
  const bool ecp_read = op.kind == OpKind::kRead && mode_ && (*mode_ & kRequestEcp);
  if (ecp_read) {
    ok = CheckEcpRead(op, rtl);
  } else if (op.kind == OpKind::kRead || op.kind == OpKind::kDeviceId) {
    if (rtl.received != reverse_) {
      log_.Report(MismatchKind::kIeee1284, rtl.accept_cycle, op.line, op.client,
                  name + ": the driver read " + Bytes(rtl.received) + ", the peripheral sent " +
                      Bytes(reverse_));
      ok = false;
    } else if (op.expect && rtl.received != op.bytes) {
      log_.Report(MismatchKind::kExpectation, rtl.accept_cycle, op.line, op.client,
                  name + ": expected " + Bytes(op.bytes) + ", read " + Bytes(rtl.received));
      ok = false;
    }
  }
  const bool epp = op.kind == OpKind::kEppWrite || op.kind == OpKind::kEppRead;
  if (epp && epp_) {
    const bool write = op.kind == OpKind::kEppWrite;
    const bool address = op.addr == regmap::kEppAddr;
    if (epp_->write != write || epp_->address != address || (write && epp_->value != op.data)) {
      char text[160];
      std::snprintf(text, sizeof text,
                    "%s: the peripheral saw an EPP %s %s cycle of 0x%02x", name.c_str(),
                    epp_->address ? "address" : "data", epp_->write ? "write" : "read",
                    epp_->value);
      log_.Report(MismatchKind::kIeee1284, rtl.accept_cycle, op.line, op.client, text);
      ok = false;
    }
  }
  Forget();
  return ok;
}

void Ieee1284Scoreboard::OnArbEvent(const ArbEvent& event) {
  if (event.kind == ArbEventKind::kReleaseStarted && ecp_reversed_) {
    coverage_.OnFreedFromEcpReverse();
  }
  if (event.kind == ArbEventKind::kReleaseStarted) releasing_ = true;
  // A driver left nSelectIn (1284 Active) high in compatibility mode: the release terminates
  // a mode the peripheral is not in. Nobody answers Event 22 unless a printer's nAck pulse for
  // its last byte passes for Event 24, so the termination may or may not time out.
  if (event.kind == ArbEventKind::kReleaseStarted && event.free.nselectin && !mode_) {
    term_reading_owed_ = true;
    term_timeout_unknown_ = true;
  }
  if (event.kind == ArbEventKind::kReleaseDone) releasing_ = false;
}

void Ieee1284Scoreboard::CheckTermFlag(uint8_t arb_term, uint64_t cycle) {
  term_reading_owed_ = false;
  const bool set = (arb_term & regmap::kArbTermTimeoutMask) != 0;
  // Sticky: once set by a termination that could go either way, it must stay set.
  if (term_timeout_unknown_ && set) term_timeout_expected_ = true;
  term_timeout_unknown_ = false;
  if (set == term_timeout_expected_) return;
  log_.Report(MismatchKind::kIeee1284, cycle, 0, -1,
              set ? "ARB_TERM.TIMEOUT set, but every release's termination was answered"
                  : "ARB_TERM.TIMEOUT clear after a release ended a mode with an immediate "
                    "termination");
}

bool Ieee1284Scoreboard::CheckEcpRead(const Op& op, const AgentResult& rtl) {
  // The driver reads the oldest bytes the controller took; the rest stay for the next read or
  // for ARB_DROPPED.
  std::vector<uint8_t> sent;
  std::vector<bool> sent_commands;
  for (size_t i = 0; i < rtl.received.size() && i < ecp_reverse_.size(); ++i) {
    sent.push_back(ecp_reverse_[i].value);
    sent_commands.push_back(ecp_reverse_[i].command);
  }
  const std::vector<bool> read_commands = PadFlags(rtl.received_commands, rtl.received.size());
  WriteOffReverse(rtl.received.size());
  if (!rtl.received.empty()) coverage_.OnEcpReverseRead();
  if (sent != rtl.received || sent_commands != read_commands) {
    log_.Report(MismatchKind::kIeee1284, rtl.accept_cycle, op.line, op.client,
                "read: the driver read " + Bytes(rtl.received, read_commands) +
                    " in ECP, the peripheral sent " + Bytes(sent, sent_commands));
    return false;
  }
  if (op.expect && op.expect->answer == Answer::kOk &&
      (rtl.received != op.bytes || read_commands != PadFlags(op.commands, op.bytes.size()))) {
    log_.Report(MismatchKind::kExpectation, rtl.accept_cycle, op.line, op.client,
                "read: expected " + Bytes(op.bytes, op.commands) + ", read " +
                    Bytes(rtl.received, read_commands));
    return false;
  }
  return true;
}

void Ieee1284Scoreboard::Forget() {
  reverse_.clear();
  epp_.reset();
  negotiation_.reset();
}

}  // namespace ppcosim
