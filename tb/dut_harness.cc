#include "dut_harness.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "Vpp_top.h"
#include "Vpp_top___024root.h"
#include "rtl_config.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#if PP_RTL_COVERAGE
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "verilated_cov.h"
#endif

namespace ppcosim {

DutHarness::DutHarness(uint64_t seed, const std::vector<std::string>& plusargs)
    : context_(std::make_unique<VerilatedContext>()) {
  context_->debug(0);
  // Random initial state, reproducible from the run's seed; Verilator rejects seed 0.
  context_->randReset(2);
  context_->randSeed(static_cast<int>(seed % 0x7fffffff) + 1);
  std::vector<const char*> argv{"ppcosim"};
  for (const std::string& arg : plusargs) argv.push_back(arg.c_str());
  context_->commandArgs(static_cast<int>(argv.size()), argv.data());
  // A failed assertion is reported by the caller, not by aborting the process.
  context_->fatalOnError(false);
  context_->traceEverOn(true);
  dut_ = std::make_unique<Vpp_top>(context_.get(), "TOP");
  dut_->clk_i = 0;
  dut_->rst_ni = 0;
  dut_->psel_i = 0;
  dut_->penable_i = 0;
  dut_->pwrite_i = 0;
  dut_->paddr_i = 0;
  dut_->pwdata_i = 0;
  dut_->pauser_i = 0;
  dut_->pd_i = 0xff;
  // A ready printer: Busy low, nAck high, PError low, Select high, nFault high.
  dut_->nack_i = 1;
  dut_->busy_i = 0;
  dut_->perror_i = 0;
  dut_->select_i = 1;
  dut_->nfault_i = 1;
  Eval();
  // Everything a tick can change lives in the root's members between its base class (the name
  // pointer) and vlSymsp: the design's signals, the inputs, Verilator's trigger state.
  const Vpp_top___024root& root = *dut_->rootp;
  const char* begin = reinterpret_cast<const char*>(&root) + sizeof(VerilatedModule);
  state_ = begin;
  state_size_ = static_cast<size_t>(reinterpret_cast<const char*>(&root.vlSymsp) - begin);
  saved_state_.resize(state_size_);
  SetFastForward(true);
  const char* unsound = std::getenv("PPCOSIM_TEST_UNSOUND_FAST_FORWARD");
  unsound_skip_ = unsound != nullptr && std::strcmp(unsound, "1") == 0;
}

DutHarness::~DutHarness() {
  CloseTrace();
  dut_->final();
  WriteCoverage();
}

// The coverage build (PP_RTL_COVERAGE) writes each harness's RTL coverage into
// $PP_COVERAGE_DIR under a name of its own (process id and harness number), so that parallel
// tests never share a file; `make coverage` merges them. Other builds have nothing to write.
void DutHarness::WriteCoverage() {
#if PP_RTL_COVERAGE
  static std::atomic<unsigned> harness_number{0};
  const char* dir = std::getenv("PP_COVERAGE_DIR");
  if (dir == nullptr || *dir == '\0') return;
  const std::string path = std::string(dir) + "/ppcosim-" + std::to_string(getpid()) + "-" +
                           std::to_string(harness_number++) + ".dat";
  context_->coveragep()->write(path.c_str());
#endif
}

bool DutHarness::OpenTrace(const std::string& path) {
  CloseTrace();
  trace_ = std::make_unique<VerilatedFstC>();
  dut_->trace(trace_.get(), 99);
  trace_->open(path.c_str());
  if (!trace_->isOpen()) {
    trace_.reset();
    return false;
  }
  // The first dump is the next Tick()'s.
  return true;
}

void DutHarness::CloseTrace() {
  if (trace_) {
    trace_->close();
    trace_.reset();
  }
}

void DutHarness::SetTraceWindow(uint64_t from, uint64_t to) {
  trace_from_ = from;
  trace_to_ = to;
}

void DutHarness::Reset(int cycles) {
  dut_->rst_ni = 0;
  Ticks(static_cast<uint64_t>(cycles));
  dut_->rst_ni = 1;
  Tick();
}

int DutHarness::RtlClients() { return kRtlClients; }
int DutHarness::RtlFifoDepth() { return kRtlFifoDepth; }

bool DutHarness::assertion_failed() const { return context_->gotError(); }

void DutHarness::Eval() {
  dut_->eval();
  ReadPins();
}

void DutHarness::SetApb(const ApbInputs& apb) {
  dut_->psel_i = apb.psel;
  dut_->penable_i = apb.penable;
  dut_->pwrite_i = apb.pwrite;
  dut_->paddr_i = apb.paddr;
  dut_->pwdata_i = apb.pwdata;
  dut_->pauser_i = apb.pauser;
  pins_.apb = apb;
}

void DutHarness::ReadPins() {
  const Vpp_top& d = *dut_;
  PpTopPins& p = pins_;
  p.rst_ni = d.rst_ni;
  p.apb = {d.psel_i != 0, d.penable_i != 0, d.pwrite_i != 0, d.paddr_i, d.pwdata_i, d.pauser_i};
  p.peripheral = {d.pd_i,      d.nack_i != 0,     d.busy_i != 0,
                  d.perror_i != 0, d.select_i != 0, d.nfault_i != 0};
  p.pready = d.pready_o;
  p.prdata = d.prdata_o;
  p.pslverr = d.pslverr_o;
  p.grant_irq = d.grant_irq_o;
  p.irq = d.irq_o;
  p.grant = d.grant_o;
  p.releasing = d.releasing_o;
  p.pd = d.pd_o;
  p.pd_oe = d.pd_oe_o;
  p.nstrobe = d.nstrobe_o;
  p.nautofd = d.nautofd_o;
  p.ninit = d.ninit_o;
  p.nselectin = d.nselectin_o;
  // tb/pp_top_observe.vlt keeps these readable.
  const Vpp_top___024root& rtl = *d.rootp;
  p.ecr_mode = rtl.pp_top__DOT__mode;
  p.dir_in = rtl.pp_top__DOT__dir_in;
  p.ecp_reversed = rtl.pp_top__DOT__ecp_reversed;
  p.fifo_count = rtl.pp_top__DOT__fifo_count;
  p.fifo_full = rtl.pp_top__DOT__fifo_full;
  p.hs_active = rtl.pp_top__DOT__hs_active;
  p.ecp_active = rtl.pp_top__DOT__ecp_active;
  p.waiters = rtl.pp_top__DOT__waiters;
  p.chosen_valid = rtl.pp_top__DOT__chosen_valid;
}

void DutHarness::RunObservers() {
  const PeripheralInputs before = pins_.peripheral;
  for (CycleObserver* observer : observers_) observer->OnCycle(pins_, cycle_);
  // Only a change is written: an RTL test's observer may drive the model itself.
  if (pins_.peripheral == before) return;
  const PeripheralInputs& in = pins_.peripheral;
  dut_->pd_i = in.pd;
  dut_->nack_i = in.nack;
  dut_->busy_i = in.busy;
  dut_->perror_i = in.perror;
  dut_->select_i = in.select;
  dut_->nfault_i = in.nfault;
}

void DutHarness::Tick() {
  const bool in_window = cycle_ >= trace_from_ && (trace_to_ == 0 || cycle_ <= trace_to_);
  dut_->clk_i = 0;
  dut_->eval();
  apb_at_edge_ = ApbResponse{dut_->pready_o != 0, dut_->pslverr_o != 0,
                             static_cast<uint8_t>(dut_->prdata_o)};
  if (trace_ && in_window) trace_->dump(context_->time());
  context_->timeInc(kClockPeriodPs / 2);
  dut_->clk_i = 1;
  dut_->eval();
  if (trace_ && in_window) trace_->dump(context_->time());
  context_->timeInc(kClockPeriodPs / 2);
  ++cycle_;
  ReadPins();
  RunObservers();
}

void DutHarness::SetFastForward(bool on) {
#if PP_RTL_COVERAGE
  on = false;
#endif
  fast_forward_ = on;
}

void DutHarness::SaveState() { std::memcpy(saved_state_.data(), state_, state_size_); }

bool DutHarness::StateUnchanged() const {
  return std::memcmp(saved_state_.data(), state_, state_size_) == 0;
}

bool DutHarness::Tracing() const {
  return trace_ && cycle_ >= trace_from_ && (trace_to_ == 0 || cycle_ <= trace_to_);
}

uint64_t DutHarness::SkippableCycles(uint64_t limit) const {
  if (trace_ && cycle_ < trace_from_) limit = std::min(limit, trace_from_ - cycle_);
  for (const CycleObserver* observer : observers_) {
    limit = std::min(limit, observer->QuietCycles());
  }
  return limit;
}

void DutHarness::Skip(uint64_t count, bool see_each) {
  for (uint64_t i = 0; see_each && i < count; ++i) {
    context_->timeInc(kClockPeriodPs);
    ++cycle_;
    RunObservers();
  }
  if (!see_each) {
    context_->timeInc(count * kClockPeriodPs);
    cycle_ += count;
    for (CycleObserver* observer : observers_) observer->OnSkipped(cycle_);
  }
  skipped_cycles_ += count;
}

void DutHarness::Ticks(uint64_t n) {
  // Whether the model stands still is known only within one call: between calls the caller may
  // drive its inputs.
  bool still = false;
  while (n > 0) {
    if (!fast_forward_ || !still || Tracing()) {
      if (fast_forward_) SaveState();
      Tick();
      --n;
      // An assertion that failed may fail again every cycle, and each failure counts (its
      // message, +verilator+error+limit): after the first nothing is skipped.
      still = fast_forward_ &&
              (unsound_skip_ || (StateUnchanged() && context_->errorCount() == 0));
      continue;
    }
    const uint64_t quiet = SkippableCycles(n);
    if (quiet > 0) {
      Skip(quiet, false);
      n -= quiet;
      continue;
    }
    // An observer has something due: it sees the next cycle, the model (unchanged) is not
    // evaluated, and it stays still unless that observer drove an input.
    Skip(1, true);
    --n;
    still = unsound_skip_ || StateUnchanged();
  }
}

}  // namespace ppcosim
