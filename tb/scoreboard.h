// Compares the RTL with the reference model, operation by operation: the one place the
// monitors', agents' and peripheral's reports arrive, handed to the concerns that judge them.
//
//   ModelPredictor   orders the RTL's events into the model and gives the model's answers
//   AnswerChecker    answers, expectations, owners, granted ports, the port at the end
//   ByteScoreboard   bytes, drop counts, expect-bytes
//   MismatchLog      what they all found
//
// Coverage is told what happened (operations, releases, bytes) as it arrives.
#ifndef PPCOSIM_TB_SCOREBOARD_H_
#define PPCOSIM_TB_SCOREBOARD_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "answer_checker.h"
#include "arb_monitor.h"
#include "byte_scoreboard.h"
#include "coverage.h"
#include "mismatch_log.h"
#include "model_port.h"
#include "model_predictor.h"
#include "driver_agent.h"
#include "ieee1284_scoreboard.h"
#include "op.h"
#include "peripheral_model.h"
#include "readings.h"

namespace ppcosim {

class Scoreboard {
 public:
  Scoreboard(ModelPort& model, Coverage& coverage);

  // Monitor, peripheral and agent inputs, in cycle order.
  void OnArbEvent(const ArbEvent& event);
  void OnByteWritten(int client, uint8_t byte, bool command = false) {
    bytes_.OnByteWritten(client, byte, command);
  }
  void OnByteLatched(const LatchedByte& byte);
  // ARB_DROPPED counts forward bytes and ECP reverse bytes nobody read: both are written off.
  void OnDropReading(const DropReading& reading) {
    ieee1284_.WriteOffReverse(bytes_.OnDropReading(reading, ieee1284_.reverse_unread()));
  }
  // Told, as the model completes a release, whose driver owes an ARB_DROPPED reading
  // (DropCause::kRelease) for the bytes the release flushed.
  void SetDropReadingOwed(std::function<void(int client)> owed) { owed_ = std::move(owed); }

  // Judges one client operation: runs it on the model as of the cycle the RTL accepted it,
  // and compares the answers, the grant interrupt and the granted port the driver read.
  OpRecord Score(const Op& op, const AgentResult& rtl);

  // Runs `op` on the model as of `accept_cycle` and returns its answer.
  Reply ModelAnswer(const Op& op, uint64_t accept_cycle);
  // The same for a write: the model says whether the client may write; `bytes_taken` (as
  // OnByteWritten counted them) say whether the driver gave any up.
  Reply ModelWriteAnswer(const Op& op, uint64_t accept_cycle, uint64_t bytes_taken);
  // The same for the timeout of a pending allocate (the driver cancels it).
  Reply ModelTimeout(int client, uint64_t accept_cycle);
  // Applies every event seen so far (nothing is in flight).
  void Sync() { predictor_.Sync(); }

  // Compares an operation's answers and samples its coverage; false on a mismatch.
  bool Check(const Op& op, const Reply& model, const Reply& rtl, uint64_t cycle);
  void CheckFreshPort(int client, const FreshPortReading& reading) {
    answers_.CheckFreshPort(client, reading);
  }
  void CheckGrantInterrupt(const Op& op, bool raised, uint64_t cycle) {
    answers_.CheckGrantInterrupt(op, raised, cycle);
  }
  bool CheckExpectBytes(const Op& op, uint64_t cycle) { return bytes_.CheckExpectBytes(op, cycle); }
  // Every request ended, the port idle on both sides, every byte accounted for.
  void CheckEndOfRun(const RtlEndState& rtl);

  // `line` 0: the script line in progress, if any (what happens during a line is its doing).
  void Report(MismatchKind kind, uint64_t cycle, int line, int client, std::string text) {
    log_.Report(kind, cycle, line, client, std::move(text));
  }
  void set_script_line(int line) { log_.set_script_line(line); }

  // The peripheral model reports what crossed the cable in the IEEE 1284 modes here.
  Ieee1284Listener& ieee1284_listener() { return ieee1284_; }
  bool term_reading_owed() const { return ieee1284_.term_reading_owed(); }
  void CheckTermFlag(uint8_t arb_term, uint64_t cycle) { ieee1284_.CheckTermFlag(arb_term, cycle); }

  const std::vector<Mismatch>& mismatches() const { return log_.mismatches(); }
  // Reports past the first MismatchLog::kKept, counted only.
  uint64_t mismatches_not_kept() const { return log_.not_kept(); }
  const ByteStats& bytes() const { return bytes_.stats(); }
  uint64_t pending_bytes() const { return bytes_.pending(); }
  ppmodel::PortView model_view() const { return predictor_.View(); }

 private:
  void OnModelStep(const ModelStep& step);

  Coverage& coverage_;
  MismatchLog log_;
  ModelPredictor predictor_;
  AnswerChecker answers_;
  ByteScoreboard bytes_;
  Ieee1284Scoreboard ieee1284_;
  std::function<void(int)> owed_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_SCOREBOARD_H_
