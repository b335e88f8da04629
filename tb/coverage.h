// Functional coverage of a co-simulation: which answers each operation produced, and which
// release situations occurred. Told what happened as it happens, it samples what it needs.
// Counted per run, printed in the summary.
#ifndef PPCOSIM_TB_COVERAGE_H_
#define PPCOSIM_TB_COVERAGE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "arb_monitor.h"
#include "ieee1284_peripheral.h"
#include "op.h"
#include "ppmodel/port_arbiter.h"

namespace ppcosim {

enum class ReleaseBin : uint8_t {
  kToNextWaiter,
  kToFreePort,
  kWithDrain,
  kWithDrops,
  kMidStrobe,  // began with nStrobe low: step 1 must give the strobe its full width
  kCount
};

class Coverage {
 public:
  // An operation the RTL answered with `answer`, and the model's waiters after it.
  void OnOperation(OpKind kind, Answer answer, int waiters);
  // The RTL's events as they arrive, and each byte the peripheral latched: a release during
  // which bytes were latched drained them.
  void OnArbEvent(const ArbEvent& event);
  void OnByteLatched();
  // The model completed a release, with `undelivered` bytes written but not latched.
  void OnReleaseCompleted(ppmodel::ReleaseResult result, uint64_t undelivered);
  // The peripheral left an IEEE 1284 mode: during a release, the port was freed from it.
  void OnIeee1284Termination(const Termination& termination);
  // ECP: a read that got bytes through the FIFO; a release that began with the link reversed.
  void OnEcpReverseRead() { ++ecp_reverse_reads_; }
  void OnFreedFromEcpReverse() { ++freed_from_ecp_reverse_; }

  // The bins a full run should reach, and how many it did.
  int goals_hit() const;
  int goals_total() const;
  std::vector<std::string> missed_goals() const;

 private:
  static constexpr size_t kOps = static_cast<size_t>(OpKind::kPeripheralRefuse) + 1;
  static constexpr size_t kAnswers = static_cast<size_t>(Answer::kValue) + 1;
  std::array<std::array<uint64_t, kAnswers>, kOps> op_answer_{};
  std::array<uint64_t, static_cast<size_t>(ReleaseBin::kCount)> release_{};
  // Indexed by Ieee1284Mode: frees from inside each IEEE 1284 mode.
  std::array<uint64_t, static_cast<size_t>(Ieee1284Mode::kEpp) + 1> freed_from_{};
  uint64_t ecp_reverse_reads_ = 0;
  uint64_t freed_from_ecp_reverse_ = 0;
  int max_waiters_ = 0;
  bool rtl_releasing_ = false;
  uint64_t latched_in_release_ = 0;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_COVERAGE_H_
