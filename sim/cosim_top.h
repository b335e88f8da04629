// The co-simulation inside the SystemC kernel. The RTL is advanced in a cycle loop, loosely
// timed: it runs ahead of SystemC time while a client holds the bus, and a clock process
// catches it up once per quantum, so the kernel is not woken for every clock edge. In random
// mode each client is an SC_THREAD of its own, waiting for its grant on an sc_event as a
// driver's queued allocate request does; a script runs in one thread, line by line.
#ifndef PPCOSIM_SIM_COSIM_TOP_H_
#define PPCOSIM_SIM_COSIM_TOP_H_

// Verilator's headers must come before SystemC's: with SYSTEMC_VERSION defined they expect a
// SystemC-built model.
#include "cosim_engine.h"
#include "random_stimulus.h"

#include <systemc>

#include <csignal>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ppcosim {

struct RunLimits {
  uint64_t ops = 3000;               // random mode: operations across all clients
  uint64_t quantum_cycles = 1000;
};

enum class RunStatus : uint8_t { kPass, kMismatch, kWatchdog, kInterrupted };

// Asks the run to stop at its next safe point (between operations, at a quantum, between the
// pieces of a long idle), after which it ends as usual. Only stores `signal`: safe to call from
// a signal handler.
void RequestStop(int signal);
// The signal that asked the run to stop, 0 if none.
int StopSignal();

class CosimTop : public sc_core::sc_module {
 public:
  // Random mode.
  CosimTop(sc_core::sc_module_name name, CosimEngine& engine, const RunLimits& limits,
           uint64_t seed, const OpWeights& weights);
  // Script mode.
  CosimTop(sc_core::sc_module_name name, CosimEngine& engine, const RunLimits& limits,
           std::vector<Op> script);

  RunStatus status() const { return status_; }

 private:
  void ClockThread();
  void ClientThread(int client);
  void ScriptThread();
  void FinishThread();

  // Run an operation with the bus held; false stops the run.
  bool RunOp(const Op& op);
  void CatchUp();
  void SyncToRtl();
  bool Stopping();
  sc_core::sc_time RtlTime() const;

  CosimEngine& engine_;
  RunLimits limits_;
  std::vector<Op> script_;
  std::vector<RandomStimulus> stimulus_;
  sc_core::sc_mutex bus_;
  std::vector<std::unique_ptr<sc_core::sc_event>> grant_events_;
  sc_core::sc_event clients_done_;
  int clients_running_ = 0;
  uint64_t ops_started_ = 0;
  bool done_ = false;
  RunStatus status_ = RunStatus::kPass;
};

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_COSIM_TOP_H_
