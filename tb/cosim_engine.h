// The co-simulation of one run: the Verilated RTL with its peripheral, monitors and client
// agents on one side, the reference model on the other, and the scoreboard between them.
// The engine only sequences: operations are executed one at a time, each on the RTL first
// (through the client's agent) and then, at the cycle the RTL accepted it, on the model (through
// the scoreboard); the monitors, agents and peripheral report to the scoreboard, which judges.
#ifndef PPCOSIM_TB_COSIM_ENGINE_H_
#define PPCOSIM_TB_COSIM_ENGINE_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apb_transactor.h"
#include "arb_monitor.h"
#include "coverage.h"
#include "driver_agent.h"
#include "dut_harness.h"
#include "json_log.h"
#include "model_port.h"
#include "op.h"
#include "cosim_peripheral.h"
#include "peripheral_model.h"
#include "pin_monitor.h"
#include "ppcosim/regmap.h"
#include "ppmodel/port_arbiter.h"
#include "protocol_monitor.h"
#include "scoreboard.h"

namespace ppcosim {

struct EngineConfig {
  int num_clients = 0;                // 0: the RTL's NUM_CLIENTS
  uint64_t seed = 1;
  PeripheralTiming timing;
  std::vector<std::string> plusargs;  // reach the RTL's $value$plusargs
  std::FILE* json = nullptr;          // one JSON object per operation, when set
  // Watchdog: the longest one operation, or the wait between two, may last. The engine stops
  // advancing the RTL when either runs this long, however long the run.
  uint64_t max_cycles = 10'000'000;
  ModelPort* model = nullptr;         // the reference model; a direct one when not given
  uint64_t default_await_cycles = 200'000;
  bool fast_forward = true;           // DutHarness::SetFastForward
};

class CosimEngine {
 public:
  explicit CosimEngine(const EngineConfig& config);

  // Resets the RTL. Call once, after OpenTrace if a waveform is wanted.
  void Start();
  bool OpenTrace(const std::string& path, uint64_t from_cycle, uint64_t to_cycle);
  void CloseTrace() { harness_.CloseTrace(); }

  // Runs one operation; false when the model and the RTL disagreed or an expectation failed.
  bool Execute(const Op& op);
  // Lets cycles pass with nobody on the bus.
  void Idle(uint64_t cycles);
  // Frees the port from its owner, cancels what is queued and waits for the releases, then
  // checks that every request has ended, the port is idle and every byte is accounted for.
  void Drain();
  // After a failure: lets a release in progress run to its end (at most kReleaseLimitCycles),
  // so that the waveform holds the whole release for wavecheck and for review. Checks no more.
  void FinishRelease();
  // An operation, or the wait between two, went past EngineConfig::max_cycles; nothing
  // advances the RTL any more. The scoreboard has the report (MismatchKind::kWatchdog).
  bool watchdog_fired() const { return watchdog_fired_; }

  // The RTL's grant interrupt line of a client.
  bool GrantIrq(int client) const { return (harness_.pins().grant_irq >> client) & 1; }
  // The client's queued allocate has not ended yet, by the RTL's answers to its driver.
  bool AwaitingGrant(int client) {
    return agents_[static_cast<size_t>(client)]->request_outcome() == Answer::kPending;
  }

  uint64_t cycle() const { return harness_.cycle(); }
  // Cycles fast-forwarded without evaluating the RTL (DutHarness::Ticks).
  uint64_t skipped_cycles() const { return harness_.skipped_cycles(); }
  bool fast_forward() const { return harness_.fast_forward(); }
  uint64_t ops() const { return ops_; }
  bool failed() const { return !scoreboard_.mismatches().empty(); }
  const Scoreboard& scoreboard() const { return scoreboard_; }
  const Coverage& coverage() const { return coverage_; }
  const ArbMonitor& arb_monitor() const { return arb_monitor_; }
  const PinMonitor& pin_monitor() const { return pin_monitor_; }
  ppmodel::PortView model_view() const { return model_.View(); }
  int num_clients() const { return config_.num_clients; }

 private:
  // Longest a release may take to finish at the end of a run: FIFO_DEPTH bytes each waiting
  // out a peripheral timeout, then the termination's two, with room to spare.
  static constexpr uint64_t kReleaseLimitCycles = 200'000;
  static constexpr uint64_t kWatchdogChunkCycles = 1024;

  void OnArbEvent(const ArbEvent& event);
  void RunCycles(uint64_t cycles);
  bool ExecuteOp(const Op& op);
  // The cycle the watchdog fires at: max_cycles after the running operation started, or
  // after the last one ended.
  uint64_t Deadline() const;
  // Fires the watchdog (once) when the RTL has reached the deadline; true once it has.
  bool CheckWatchdog();
  OpRecord RunAgentOp(const Op& op);
  bool ExpectBytes(const Op& op);
  void AfterOp();
  DriverAgent& agent(int client) { return *agents_[static_cast<size_t>(client)]; }

  EngineConfig config_;
  DutHarness harness_;
  ApbTransactor bus_;
  std::unique_ptr<ModelPort> owned_model_;
  ModelPort& model_;
  Coverage coverage_;
  Scoreboard scoreboard_;
  CosimPeripheral peripheral_;
  ArbMonitor arb_monitor_;
  PinMonitor pin_monitor_;
  ProtocolMonitor protocol_monitor_;
  std::vector<std::unique_ptr<DriverAgent>> agents_;
  JsonLog json_;
  uint64_t ops_ = 0;
  // The watchdog counts from watch_from_: the start of the running operation, or the end of
  // the last one. watched_ is that operation, for the report.
  struct WatchedOp {
    OpKind kind;
    int client;
    int line;
  };
  uint64_t watch_from_ = 0;
  bool op_running_ = false;
  std::optional<WatchedOp> watched_;
  bool watchdog_fired_ = false;
};

}  // namespace ppcosim

#endif  // PPCOSIM_TB_COSIM_ENGINE_H_
