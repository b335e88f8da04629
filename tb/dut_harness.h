// Owns the Verilated pp_top, its context and its waveform. tick() is the only place the clock
// moves: both edges, then the trace.
//
// Fast-forward: pp_top is synchronous, so a clock cycle that leaves its whole state (every flop,
// counter and input) as it found it is a fixed point, and so is every further cycle with the
// same inputs. Ticks() then moves the cycle count and the time without evaluating the model, as
// far as the observers call quiet (CycleObserver::QuietCycles), and otherwise lets them see each
// cycle without the model's evaluation until one of them drives another input. A timer
// counting in the RTL changes its state, so no cycle of it is ever skipped.
#ifndef PPCOSIM_TB_DUT_HARNESS_H_
#define PPCOSIM_TB_DUT_HARNESS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cycle_observer.h"
#include "pp_top_pins.h"

// The Verilated model stays out of this header: only the harness's .cc (compiled once per RTL
// configuration) and the RTL tests, which poke the model, include Vpp_top.h.
class Vpp_top;
class VerilatedContext;
class VerilatedFstC;

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
  // `n` clock periods, fast-forwarded where the model stands still (when enabled).
  void Ticks(uint64_t n);
  // Settles combinational outputs after an input change without moving the clock.
  void Eval();

  // pp_top's pins and observed state as the last evaluation left them.
  const PpTopPins& pins() const { return pins_; }
  // PREADY, PSLVERR and PRDATA at the last Tick()'s rising edge: what an APB requester samples,
  // without an evaluation of its own.
  const ApbResponse& apb_at_edge() const { return apb_at_edge_; }
  // Drives the host bus; seen at the next Eval() or Tick().
  void SetApb(const ApbInputs& apb);

  // Observers run once per Tick(), in the order they were added.
  void AddObserver(CycleObserver* observer) { observers_.push_back(observer); }

  // The model itself, for the RTL tests that poke it (include Vpp_top.h); pins() follows what
  // they drive from the next Eval() or Tick() on.
  Vpp_top& dut() { return *dut_; }
  VerilatedContext& context() { return *context_; }
  uint64_t cycle() const { return cycle_; }
  // On by default; off in the RTL coverage build, whose line counts count every cycle.
  void SetFastForward(bool on);
  bool fast_forward() const { return fast_forward_; }
  // Cycles that passed without the model's evaluation.
  uint64_t skipped_cycles() const { return skipped_cycles_; }
  // An RTL assertion fired since construction.
  bool assertion_failed() const;
  // pp_top's NUM_CLIENTS and FIFO_DEPTH in the configuration this harness was built with.
  static int RtlClients();
  static int RtlFifoDepth();

 private:
  void WriteCoverage();
  // pins_ from the model, after an evaluation.
  void ReadPins();
  // Runs the observers; what they drove onto the peripheral's lines reaches the model.
  void RunObservers();
  // The model's state as the last Tick() left it, against the copy SaveState() took.
  void SaveState();
  bool StateUnchanged() const;
  // Moves `count` cycles on without evaluating the model: each observer sees each cycle
  // (see_each) or is told what was skipped.
  void Skip(uint64_t count, bool see_each);
  // True while Tick() writes the waveform; the cycles before a trace window are skippable.
  bool Tracing() const;
  // At most this many cycles may pass unevaluated from now: the observers' quiet cycles, up to
  // the start of the trace window.
  uint64_t SkippableCycles(uint64_t limit) const;

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vpp_top> dut_;
  std::unique_ptr<VerilatedFstC> trace_;
  std::vector<CycleObserver*> observers_;
  PpTopPins pins_;
  ApbResponse apb_at_edge_;
  uint64_t cycle_ = 0;
  uint64_t trace_from_ = 0;
  uint64_t trace_to_ = 0;
  bool fast_forward_ = false;
  // Test hook (PPCOSIM_TEST_UNSOUND_FAST_FORWARD=1): skips after every tick, changed or not, to
  // show that the equivalence tests would notice a skip that is not sound.
  bool unsound_skip_ = false;
  uint64_t skipped_cycles_ = 0;
  // The model's signal storage (Vpp_top___024root's members from its first signal to vlSymsp).
  const char* state_ = nullptr;
  size_t state_size_ = 0;
  std::vector<char> saved_state_;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_DUT_HARNESS_H_
