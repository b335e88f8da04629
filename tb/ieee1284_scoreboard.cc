#include "ieee1284_scoreboard.h"

#include <cstdio>
#include <string>

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

std::string Bytes(const std::vector<uint8_t>& bytes) {
  std::string text = "[";
  char hex[8];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(hex, sizeof hex, "%s0x%02x", i ? " " : "", bytes[i]);
    text += hex;
  }
  return text + "]";
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

void Ieee1284Scoreboard::OnNegotiation(const Negotiation& negotiation) {
  negotiation_ = negotiation;
  if (negotiation.accepted) mode_ = negotiation.request;
}

void Ieee1284Scoreboard::OnTermination(const Termination& termination) {
  mode_.reset();
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
  switch (op.kind) {
    case OpKind::kNegotiate:
      return {negotiation_ && negotiation_->accepted && negotiation_->request == op.data
                  ? Answer::kOk
                  : Answer::kRejected,
              0};
    case OpKind::kRead:
    case OpKind::kDeviceId:
      return {reverse ? Answer::kOk : Answer::kRejected, 0};
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
  if (op.kind == OpKind::kRead || op.kind == OpKind::kDeviceId) {
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
  if (event.kind == ArbEventKind::kReleaseStarted) releasing_ = true;
  if (event.kind == ArbEventKind::kReleaseDone) releasing_ = false;
}

void Ieee1284Scoreboard::CheckTermFlag(uint8_t arb_term, uint64_t cycle) {
  term_reading_owed_ = false;
  const bool set = (arb_term & regmap::kArbTermTimeoutMask) != 0;
  if (set == term_timeout_expected_) return;
  log_.Report(MismatchKind::kIeee1284, cycle, 0, -1,
              set ? "ARB_TERM.TIMEOUT set, but every release's termination was answered"
                  : "ARB_TERM.TIMEOUT clear after a release ended a mode with an immediate "
                    "termination");
}

void Ieee1284Scoreboard::Forget() {
  reverse_.clear();
  epp_.reset();
  negotiation_.reset();
}

}  // namespace ppcosim
