#include "cosim_top.h"

#include <sysc/kernel/sc_dynamic_processes.h>

namespace ppcosim {

using sc_core::sc_time;
using sc_core::SC_NS;

namespace {
const sc_time kClock(static_cast<double>(DutHarness::kClockPeriodNs), SC_NS);
volatile std::sig_atomic_t g_stop_signal = 0;
}  // namespace

void RequestStop(int signal) { g_stop_signal = signal; }
int StopSignal() { return g_stop_signal; }

bool CosimTop::Stopping() {
  if (status_ == RunStatus::kPass && StopSignal() != 0) status_ = RunStatus::kInterrupted;
  return status_ != RunStatus::kPass || done_;
}

CosimTop::CosimTop(sc_core::sc_module_name name, CosimEngine& engine, const RunLimits& limits,
                   uint64_t seed, const OpWeights& weights)
    : sc_module(name), engine_(engine), limits_(limits) {
  const int n = engine.num_clients();
  for (int c = 0; c < n; ++c) {
    // Each client draws from its own stream, so adding a client does not reshuffle the others.
    stimulus_.emplace_back(seed * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(c) + 1, weights);
    grant_events_.push_back(std::make_unique<sc_core::sc_event>());
    sc_core::sc_spawn(sc_bind(&CosimTop::ClientThread, this, c));
  }
  clients_running_ = n;
  sc_core::sc_spawn(sc_bind(&CosimTop::ClockThread, this));
  sc_core::sc_spawn(sc_bind(&CosimTop::FinishThread, this));
}

CosimTop::CosimTop(sc_core::sc_module_name name, CosimEngine& engine, const RunLimits& limits,
                   std::vector<Op> script)
    : sc_module(name), engine_(engine), limits_(limits), script_(std::move(script)) {
  clients_running_ = 1;
  sc_core::sc_spawn(sc_bind(&CosimTop::ScriptThread, this));
  sc_core::sc_spawn(sc_bind(&CosimTop::FinishThread, this));
}

sc_time CosimTop::RtlTime() const { return kClock * static_cast<double>(engine_.cycle()); }

void CosimTop::CatchUp() {
  const sc_time now = sc_core::sc_time_stamp();
  if (RtlTime() < now) {
    engine_.Idle(static_cast<uint64_t>((now - RtlTime()) / kClock));
  }
}

void CosimTop::SyncToRtl() {
  const sc_time rtl = RtlTime();
  const sc_time now = sc_core::sc_time_stamp();
  if (rtl > now) wait(rtl - now);
}

bool CosimTop::RunOp(const Op& op) {
  if (op.kind == OpKind::kIdle && op.cycles > limits_.quantum_cycles) {
    // A quantum at a time, so that a stop request ends a long idle too.
    Op piece = op;
    for (uint64_t left = op.cycles; left > 0; left -= piece.cycles) {
      piece.cycles = left < limits_.quantum_cycles ? left : limits_.quantum_cycles;
      if (!RunOp(piece)) return false;
    }
    return true;
  }
  if (Stopping()) return false;
  bus_.lock();
  CatchUp();
  bool ok = engine_.Execute(op);
  if (engine_.watchdog_fired()) {
    status_ = RunStatus::kWatchdog;
    ok = false;
  } else if (!ok) {
    status_ = RunStatus::kMismatch;
  }
  bus_.unlock();
  SyncToRtl();
  return ok;
}

void CosimTop::ClockThread() {
  const sc_time quantum = kClock * static_cast<double>(limits_.quantum_cycles);
  while (!Stopping()) {
    wait(quantum);
    if (bus_.trylock() == 0) {
      CatchUp();
      if (engine_.failed()) status_ = RunStatus::kMismatch;
      if (engine_.watchdog_fired()) status_ = RunStatus::kWatchdog;
      bus_.unlock();
    }
    for (int c = 0; c < engine_.num_clients(); ++c) {
      if (engine_.AwaitingGrant(c) && engine_.GrantIrq(c)) grant_events_[static_cast<size_t>(c)]->notify();
    }
  }
}

void CosimTop::ClientThread(int client) {
  RandomStimulus& stimulus = stimulus_[static_cast<size_t>(client)];
  while (!Stopping() && ops_started_ < limits_.ops) {
    wait(kClock * static_cast<double>(stimulus.IdleCycles()));
    if (Stopping()) break;
    Op op = stimulus.Next(client, engine_.model_view(), engine_.AwaitingGrant(client));
    if (op.kind == OpKind::kIdle) {
      wait(kClock * static_cast<double>(op.cycles));
      continue;
    }
    if (op.kind == OpKind::kAwait) {
      // Block like a queued allocate request: until the grant interrupt or the driver's timer.
      wait(kClock * static_cast<double>(op.cycles), *grant_events_[static_cast<size_t>(client)]);
      op.cycles = 1;  // the wait is over: grant now or give up
    }
    ++ops_started_;
    if (!RunOp(op)) break;
  }
  if (--clients_running_ == 0) clients_done_.notify();
}

void CosimTop::ScriptThread() {
  for (const Op& op : script_) {
    if (Stopping() || !RunOp(op)) break;
  }
  if (--clients_running_ == 0) clients_done_.notify();
}

void CosimTop::FinishThread() {
  // With nothing to run the clients may be done before this thread first waits.
  if (clients_running_ > 0) wait(clients_done_);
  if (status_ == RunStatus::kPass) {
    // Every run ends with every request ended and every byte accounted for.
    bus_.lock();
    CatchUp();
    engine_.Drain();
    if (engine_.watchdog_fired()) {
      status_ = RunStatus::kWatchdog;
    } else if (engine_.failed()) {
      status_ = RunStatus::kMismatch;
    }
    bus_.unlock();
  } else if (status_ == RunStatus::kMismatch) {
    bus_.lock();
    CatchUp();
    engine_.FinishRelease();
    bus_.unlock();
  }
  done_ = true;
  sc_core::sc_stop();
}

}  // namespace ppcosim
