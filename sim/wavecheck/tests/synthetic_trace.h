// Builds small pp_top traces for tests, cycle by cycle, the way DutHarness writes them: a
// 20 ns clock whose falling edge is at multiples of 20 ns, flop outputs changing at rising
// edges. The same trace can be fed to a checker directly, or written as VCD or FST text.
#ifndef PPCOSIM_SIM_WAVECHECK_TESTS_SYNTHETIC_TRACE_H_
#define PPCOSIM_SIM_WAVECHECK_TESTS_SYNTHETIC_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "release_checker.h"
#include "signals.h"

namespace ppcosim::wavecheck::testing {

inline constexpr uint64_t kPeriodPs = 20'000;

struct Change {
  uint64_t time_ps;
  Signal signal;
  Value value;
};

class SyntheticTrace {
 public:
  // Starts at time 0 in reset with the bus idle and no owner.
  explicit SyntheticTrace(uint32_t num_clients = 4);

  // Takes effect at the next rising edge, as a flop output would.
  void Set(Signal s, uint64_t value);
  void SetUnknown(Signal s);
  // Emits `n` clock periods.
  void Cycles(int n);
  // A change at an exact time at or after the last emitted edge (for sub-cycle pulses).
  void At(uint64_t time_ps, Signal s, uint64_t value);
  // Emits same-timestamp changes after the clock edge instead of before it.
  void set_changes_after_clock(bool after) { changes_after_clock_ = after; }

  // Time of the next rising edge: where a Set() becomes visible.
  uint64_t next_edge_ps() const { return now_ps_ + kPeriodPs / 2; }
  uint64_t end_ps() const { return now_ps_; }
  const std::vector<Change>& changes() const { return changes_; }

  void Feed(ReleaseChecker* checker) const;
  std::string ToVcd() const;
  // Returns false if the file cannot be written.
  bool WriteFst(const std::string& path) const;

 private:
  uint32_t num_clients_;
  uint64_t now_ps_ = 0;  // the last falling edge emitted
  bool changes_after_clock_ = false;
  std::vector<Change> pending_;
  std::vector<Change> changes_;
};

// Out of reset with client 0 granted: the common start of the test traces. Returns at the
// falling edge after the grant.
SyntheticTrace OwnedByClient0();

// Reset for 2 cycles, then client 0 is granted, strobes one byte, frees: the release takes
// `release_cycles` with the termination lines moved, and ends in compatibility idle; then
// client 1 is granted. Returns the trace at the point just after client 1's grant.
SyntheticTrace CleanHandover(int release_cycles = 10);

// Convenience: runs a fresh checker over `trace`.
ReleaseChecker Check(const SyntheticTrace& trace, const CheckerConfig& config = CheckerConfig());

std::string WriteTempFile(const std::string& name, const std::string& text);
std::string TempPath(const std::string& name);

}  // namespace ppcosim::wavecheck::testing

#endif  // PPCOSIM_SIM_WAVECHECK_TESTS_SYNTHETIC_TRACE_H_
