// Owns the Verilated pp_top, its context and its waveform. tick() is the only place the clock
// moves: both edges, then the trace.
#ifndef PPCOSIM_TB_DUT_HARNESS_H_
#define PPCOSIM_TB_DUT_HARNESS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "Vpp_top.h"
#include "cycle_observer.h"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace ppcosim {

class DutHarness {
 public:
  // The simulation clock of the verilated configuration (CLK_HZ = 50 MHz).
  static constexpr uint64_t kClockPeriodPs = 20'000;
  static constexpr uint64_t kClockPeriodNs = kClockPeriodPs / 1000;

  // `plusargs` reach the RTL's $value$plusargs (for example +pp_release_fault=N).
  explicit DutHarness(uint64_t seed = 1, const std::vector<std::string>& plusargs = {});
  ~DutHarness();
  DutHarness(const DutHarness&) = delete;
  DutHarness& operator=(const DutHarness&) = delete;

  // Starts an FST waveform; returns false if the file cannot be written.
  bool OpenTrace(const std::string& path);
  void CloseTrace();
  // Cycles outside [from, to] are not written (to == 0: no upper bound).
  void SetTraceWindow(uint64_t from, uint64_t to);

  // Holds rst_ni low for `cycles` clocks, then releases it.
  void Reset(int cycles = 4);
  // One clock period: falling edge, rising edge, trace. Inputs set before tick() are sampled
  // at its rising edge.
  void Tick();
  void Ticks(uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) Tick();
  }
  // Settles combinational outputs after an input change without moving the clock.
  void Eval() { dut_->eval(); }

  // Observers run once per Tick(), in the order they were added.
  void AddObserver(CycleObserver* observer) { observers_.push_back(observer); }

  Vpp_top& dut() { return *dut_; }
  VerilatedContext& context() { return *context_; }
  uint64_t cycle() const { return cycle_; }
  // An RTL assertion fired since construction.
  bool assertion_failed() const { return context_->gotError(); }

 private:
  void WriteCoverage();
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vpp_top> dut_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::vector<CycleObserver*> observers_;
  uint64_t cycle_ = 0;
  uint64_t trace_from_ = 0;
  uint64_t trace_to_ = 0;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_DUT_HARNESS_H_
