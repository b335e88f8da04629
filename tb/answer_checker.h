// Judges the arbitration: the model's and the RTL's answer to each operation (or a script's
// expectation), the owner the RTL grants against the model's, the port a grant hands over,
// and the port at the end of a run.
#ifndef PPCOSIM_TB_ANSWER_CHECKER_H_
#define PPCOSIM_TB_ANSWER_CHECKER_H_

#include <cstdint>

#include "mismatch_log.h"
#include "model_predictor.h"
#include "op.h"
#include "readings.h"

namespace ppcosim {

// The RTL at the end of a run, for CheckEndOfRun.
struct RtlEndState {
  bool releasing = false;    // releasing_o
  uint32_t grant = 0;        // grant_o
  uint64_t pending = 0;      // bit c: client c's driver still waits for its allocate
  uint64_t cycle = 0;
};

class AnswerChecker {
 public:
  explicit AnswerChecker(MismatchLog& log) : log_(log) {}

  // Compares and records; returns false on a mismatch.
  bool Check(const Op& op, const Reply& model, const Reply& rtl, uint64_t cycle);
  // A release or grant the RTL made, as the model took it: the RTL may release only what the
  // model freed, and grant_o must name the model's owner.
  void OnModelStep(const ModelStep& step);
  // A driver expects a port it was just given at reset: ECR with the FIFO empty, the control
  // lines at compatibility idle.
  void CheckFreshPort(int client, const FreshPortReading& reading);
  // A queued allocate that completes must have raised its grant interrupt.
  void CheckGrantInterrupt(const Op& op, bool raised, uint64_t cycle);
  // Every request ended, no release in progress and nobody owns the port, on either side.
  void CheckEndOfRun(const RtlEndState& rtl, const ppmodel::PortView& model);

 private:
  void CheckOwner(uint64_t cycle, uint32_t grant, std::optional<int> owner);

  MismatchLog& log_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_ANSWER_CHECKER_H_
