// What crossed the cable in the IEEE 1284 modes, judged: the peripheral model reports what it
// sent and saw, the driver agent what it read and did, and the two must agree. For an owner's
// IEEE 1284 operation the arbitration model only says "ok"; the peripheral's observations say
// what the answer must be (a negotiation accepted or refused, an EPP cycle seen or not).
//
// ECP goes through the controller's FIFO: forward bytes are handed on (with their command
// flag) to the byte accounting; reverse bytes the controller took from the peripheral wait here
// until a read takes them, in order and with their command flags, or ARB_DROPPED writes them off
// (the link turned forward, the mode was left, the port released): sent == read + dropped.
#ifndef PPCOSIM_TB_IEEE1284_SCOREBOARD_H_
#define PPCOSIM_TB_IEEE1284_SCOREBOARD_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "coverage.h"
#include "driver_agent.h"
#include "ieee1284_peripheral.h"
#include "mismatch_log.h"
#include "op.h"
#include "peripheral_model.h"

namespace ppcosim {

class Ieee1284Scoreboard : public Ieee1284Listener {
 public:
  Ieee1284Scoreboard(MismatchLog& log, Coverage& coverage) : log_(log), coverage_(coverage) {}

  void OnForwardByte(const Ieee1284Byte& byte) override;
  void OnReverseByte(const Ieee1284Byte& byte) override;
  void OnEcpDirection(bool reverse, uint64_t cycle) override;
  void OnEppCycle(const EppCycle& cycle) override { epp_ = cycle; }
  void OnNegotiation(const Negotiation& negotiation) override;
  void OnTermination(const Termination& termination) override;
  void OnProtocolError(const ProtocolError& error) override;

  // The answer an owner's operation must get, given what the peripheral saw during it.
  Reply OwnerAnswer(const Op& op) const;
  // The driver's bytes against the peripheral's, the EPP cycle against the operation, the
  // script's expected bytes; then forgets what the peripheral saw. False on a mismatch.
  bool Check(const Op& op, const AgentResult& rtl);
  // What the peripheral saw since the last Check belongs to no operation.
  void Forget();

  // Where ECP forward bytes the peripheral latched go (as a printer's latched bytes do).
  void SetForwardSink(std::function<void(const LatchedByte&)> sink) {
    forward_sink_ = std::move(sink);
  }
  // ECP reverse bytes the controller took from the peripheral and nobody has read yet.
  uint64_t reverse_unread() const { return ecp_reverse_.size(); }
  // ARB_DROPPED counted `count` of them: the oldest, the whole FIFO's worth, are gone.
  void WriteOffReverse(uint64_t count);
  // Every ECP reverse byte the peripheral sent was read or counted dropped.
  void CheckEndOfRun(uint64_t cycle);

  // Releases, to tell the controller's terminations from the host's.
  void OnArbEvent(const ArbEvent& event);
  // A release terminated an IEEE 1284 mode since the last CheckTermFlag: ARB_TERM is to be
  // read.
  bool term_reading_owed() const { return term_reading_owed_; }
  // ARB_TERM.TIMEOUT (sticky; no driver clears it) must be set once a release ended a mode
  // other than EPP with an immediate termination (its Event wait timed out), and clear before.
  void CheckTermFlag(uint8_t arb_term, uint64_t cycle);

 private:
  // An ECP read: the bytes and command flags against the oldest the controller took.
  bool CheckEcpRead(const Op& op, const AgentResult& rtl);
  MismatchLog& log_;
  Coverage& coverage_;
  // The extensibility byte of the mode the peripheral is in; nullopt in compatibility mode.
  std::optional<uint8_t> mode_;
  std::vector<uint8_t> reverse_;
  struct EcpByte {
    uint8_t value;
    bool command;
  };
  std::deque<EcpByte> ecp_reverse_;
  // The ECP link is reversed (Event 40 seen, Event 49 not yet).
  bool ecp_reversed_ = false;
  std::function<void(const LatchedByte&)> forward_sink_;
  std::optional<EppCycle> epp_;
  std::optional<Negotiation> negotiation_;
  bool releasing_ = false;
  bool term_reading_owed_ = false;
  bool term_timeout_expected_ = false;
  // A release since the last reading may or may not have set ARB_TERM.TIMEOUT.
  bool term_timeout_unknown_ = false;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_IEEE1284_SCOREBOARD_H_
