#include "cosim_engine.h"

#include <stdexcept>

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

// "c0 write" for a client's operation, "idle" for a bench command.
std::string DescribeOp(OpKind kind, int client) {
  std::string text(OpName(kind));
  return IsClientOp(kind) ? "c" + std::to_string(client) + " " + text : text;
}

}  // namespace

namespace {

// The configuration with its defaults filled in: num_clients 0 is the RTL's NUM_CLIENTS.
EngineConfig Resolved(EngineConfig config) {
  if (config.num_clients == 0) config.num_clients = DutHarness::RtlClients();
  return config;
}

}  // namespace

CosimEngine::CosimEngine(const EngineConfig& config)
    : config_(Resolved(config)),
      harness_(config.seed, config.plusargs),
      bus_(harness_),
      owned_model_(config.model ? nullptr
                                : std::make_unique<DirectModelPort>(config_.num_clients)),
      model_(config.model ? *config.model : *owned_model_),
      scoreboard_(model_, coverage_),
      peripheral_(config.seed, config.timing,
                  CosimIeee1284Config(DutHarness::kClockPeriodNs)),
      arb_monitor_([this](const ArbEvent& event) { OnArbEvent(event); }),
      pin_monitor_(DutHarness::kClockPeriodNs,
                   [this](PinViolation violation, uint64_t cycle) {
                     scoreboard_.Report(MismatchKind::kProtocol, cycle, 0, -1,
                                        PinViolationMessage(violation));
                   }),
      protocol_monitor_(harness_, peripheral_.printer(),
                        [this](ProtocolEvent event, uint64_t cycle) {
                          scoreboard_.Report(MismatchKind::kProtocol, cycle, 0, -1,
                                             ProtocolEventMessage(event));
                        }),
      json_(config.json) {
  harness_.SetFastForward(config.fast_forward);
  harness_.AddObserver(&peripheral_);
  harness_.AddObserver(&arb_monitor_);
  harness_.AddObserver(&pin_monitor_);
  peripheral_.ieee1284().SetListener(&scoreboard_.ieee1284_listener());
  peripheral_.printer().SetByteListener(
      [this](const LatchedByte& byte) { scoreboard_.OnByteLatched(byte); });
  // FIFO_DEPTH bytes each waiting out a peripheral timeout, then the termination's two.
  const uint64_t longest_release = static_cast<uint64_t>(DutHarness::RtlFifoDepth() + 2) *
                                   (regmap::kBusyTimeoutSimNs / DutHarness::kClockPeriodNs);
  if (kReleaseLimitCycles < longest_release) {
    throw std::logic_error("CosimEngine: the release limit of " +
                           std::to_string(kReleaseLimitCycles) + " cycles is shorter than a "
                           "release of this configuration's FIFO may take (" +
                           std::to_string(longest_release) + ")");
  }
  for (int c = 0; c < config_.num_clients; ++c) {
    agents_.push_back(std::make_unique<DriverAgent>(c, bus_, harness_));
    agents_.back()->SetByteSink(
        [this](int client, uint8_t byte, bool command) {
          scoreboard_.OnByteWritten(client, byte, command);
        });
    agents_.back()->SetDropSink(
        [this](const DropReading& reading) { scoreboard_.OnDropReading(reading); });
  }
  scoreboard_.SetDropReadingOwed([this](int client) { agent(client).OweReleaseDropReading(); });
}

void CosimEngine::OnArbEvent(const ArbEvent& event) {
  if (event.kind == ArbEventKind::kReleaseStarted) {
    coverage_.OnFreePeripheral(peripheral_.ieee1284().mode(), peripheral_.ieee1284().phase());
  }
  // Every owner starts in compatibility mode: the release terminated the last one's mode.
  if (event.kind == ArbEventKind::kGrantChanged && event.grant &&
      !peripheral_.InCompatibility()) {
    scoreboard_.Report(MismatchKind::kIeee1284, event.cycle, 0, -1,
                       "port granted while the peripheral is still in an IEEE 1284 mode");
  }
  scoreboard_.OnArbEvent(event);
}

bool CosimEngine::OpenTrace(const std::string& path, uint64_t from_cycle, uint64_t to_cycle) {
  harness_.SetTraceWindow(from_cycle, to_cycle);
  return harness_.OpenTrace(path);
}

void CosimEngine::Start() { harness_.Reset(); }

uint64_t CosimEngine::Deadline() const {
  // Saturating: --max-cycles may be as large as a cycle count can be.
  return config_.max_cycles > UINT64_MAX - watch_from_ ? UINT64_MAX
                                                       : watch_from_ + config_.max_cycles;
}

bool CosimEngine::CheckWatchdog() {
  if (watchdog_fired_ || harness_.cycle() < Deadline()) return watchdog_fired_;
  watchdog_fired_ = true;
  const std::string limit = std::to_string(config_.max_cycles);
  std::string text;
  if (op_running_) {
    text = DescribeOp(watched_->kind, watched_->client) + " still running after " + limit +
           " cycles (--max-cycles " + limit + ", the limit for one operation); stopped";
  } else {
    text = "no operation for " + limit + " cycles " +
           (watched_ ? "after " + DescribeOp(watched_->kind, watched_->client) : "from the start") +
           " (--max-cycles " + limit + ", the limit between operations); stopped";
  }
  scoreboard_.Report(MismatchKind::kWatchdog, harness_.cycle(), watched_ ? watched_->line : 0, -1,
                     std::move(text));
  return true;
}

void CosimEngine::RunCycles(uint64_t cycles) {
  // In chunks, so that a long idle or wait stops at the watchdog's deadline.
  while (cycles > 0 && !CheckWatchdog()) {
    uint64_t chunk = cycles < kWatchdogChunkCycles ? cycles : kWatchdogChunkCycles;
    const uint64_t to_deadline = Deadline() - harness_.cycle();
    if (chunk > to_deadline) chunk = to_deadline;
    harness_.Ticks(chunk);
    cycles -= chunk;
  }
}

void CosimEngine::Idle(uint64_t cycles) {
  RunCycles(cycles);
  AfterOp();
}

void CosimEngine::AfterOp() {
  scoreboard_.Sync();
  // A finished release owes the departing client's drop count: its driver reads it.
  bool read = true;
  while (read) {
    read = false;
    for (auto& client : agents_) read |= client->ReportOwedDropReading();
    if (read) scoreboard_.Sync();
  }
  // A release terminated an IEEE 1284 mode: whether it timed out shows in ARB_TERM.
  if (scoreboard_.term_reading_owed() && !harness_.pins().releasing) {
    const auto [arb_term, cycle] = agent(0).ReadArbTerm();
    scoreboard_.CheckTermFlag(arb_term, cycle);
  }
  protocol_monitor_.Sample();
}

OpRecord CosimEngine::RunAgentOp(const Op& op) {
  DriverAgent& driver = agent(op.client);
  // The driver polls and sends on its own clock: it stops where the watchdog would.
  driver.SetDeadline(Deadline());
  const AgentResult rtl = op.kind == OpKind::kAwait
                              ? driver.Await(op.cycles ? op.cycles : config_.default_await_cycles)
                              : driver.Execute(op);
  // Cut short by the watchdog: its answer is no answer, and the run is over.
  if (CheckWatchdog()) return OpRecord{};
  return scoreboard_.Score(op, rtl);
}

bool CosimEngine::Execute(const Op& op) {
  if (watchdog_fired_) return false;
  scoreboard_.set_script_line(op.line);
  watch_from_ = harness_.cycle();
  op_running_ = true;
  watched_ = WatchedOp{op.kind, op.client, op.line};
  const bool ok = ExecuteOp(op) && !CheckWatchdog();
  op_running_ = false;
  watch_from_ = harness_.cycle();
  return ok;
}

bool CosimEngine::ExpectBytes(const Op& op) {
  // Bytes in flight arrive first: wait, bounded, until nothing written is undelivered.
  const uint64_t give_up = harness_.cycle() + DriverAgent::kPollLimitCycles;
  while (scoreboard_.pending_bytes() > 0 && harness_.cycle() < give_up && !watchdog_fired()) {
    RunCycles(DriverAgent::kAwaitPollCycles);
  }
  if (watchdog_fired()) return false;
  AfterOp();
  OpRecord record;
  record.cycle = harness_.cycle();
  record.ok = scoreboard_.CheckExpectBytes(op, record.cycle);
  return record.ok;
}

bool CosimEngine::ExecuteOp(const Op& op) {
  OpRecord record;
  switch (op.kind) {
    case OpKind::kIdle:
      Idle(op.cycles);
      return true;
    case OpKind::kPeripheralBusy:
      peripheral_.StallFor(op.cycles);
      return true;
    case OpKind::kPeripheralOffline:
      peripheral_.SetCondition(PrinterCondition::kOffline, op.cycles);
      return true;
    case OpKind::kPeripheralPaperOut:
      peripheral_.SetCondition(PrinterCondition::kPaperOut, op.cycles);
      return true;
    case OpKind::kPeripheralFault:
      peripheral_.SetCondition(PrinterCondition::kFault, op.cycles);
      return true;
    case OpKind::kPeripheralOnline:
      peripheral_.SetCondition(PrinterCondition::kReady);
      return true;
    case OpKind::kExpectBytes:
      return ExpectBytes(op);
    case OpKind::kPeripheralSend:
      for (size_t i = 0; i < op.bytes.size(); ++i) {
        peripheral_.ieee1284().QueueReverse(op.bytes[i], IsCommandByte(op.commands, i));
      }
      return true;
    case OpKind::kPeripheralRefuse:
      peripheral_.ieee1284().SetAccepted(op.data, false);
      return true;
    case OpKind::kPeripheralStopAt:
      peripheral_.ieee1284().StopAnsweringAt(op.data);
      return true;
    default:
      record = RunAgentOp(op);
      break;
  }
  if (watchdog_fired()) return false;
  ++ops_;
  AfterOp();
  json_.Write(op, record);
  return record.ok && !failed();
}

void CosimEngine::FinishRelease() {
  for (uint64_t run = 0; harness_.pins().releasing && run < kReleaseLimitCycles;
       run += kWatchdogChunkCycles) {
    harness_.Ticks(kWatchdogChunkCycles);
  }
}

void CosimEngine::Drain() {
  scoreboard_.set_script_line(0);
  scoreboard_.Sync();
  // The printer comes back: what is still queued drains or is flushed and counted.
  peripheral_.SetCondition(PrinterCondition::kReady);
  // Cancelling the queue first means each free has at most the chosen waiter to hand over to.
  for (int c = 0; c < config_.num_clients; ++c) {
    if (model_.View().IsPending(c) && model_.View().chosen != c) {
      Execute(Op{OpKind::kCancel, c});
    }
  }
  for (int round = 0; round <= config_.num_clients && !watchdog_fired(); ++round) {
    for (int c = 0; c < config_.num_clients; ++c) {
      if (model_.View().owner == c) Execute(Op{OpKind::kFree, c});
    }
    for (int c = 0; c < config_.num_clients; ++c) {
      if (agent(c).request_outcome() == Answer::kPending) Execute(Op{OpKind::kAwait, c});
    }
    if (!model_.View().owner && !model_.View().chosen) break;
  }
  // The last release may still be draining the FIFO.
  const uint64_t give_up = harness_.cycle() + kReleaseLimitCycles;
  while ((harness_.pins().releasing || model_.View().releasing) &&
         harness_.cycle() < give_up && !watchdog_fired()) {
    RunCycles(DriverAgent::kAwaitPollCycles);
    AfterOp();
  }
  Idle(64);
  RtlEndState rtl;
  rtl.releasing = harness_.pins().releasing;
  rtl.grant = harness_.pins().grant;
  for (int c = 0; c < config_.num_clients; ++c) {
    if (agent(c).request_outcome() == Answer::kPending) rtl.pending |= uint64_t{1} << c;
  }
  rtl.cycle = harness_.cycle();
  scoreboard_.CheckEndOfRun(rtl);
}

}  // namespace ppcosim
