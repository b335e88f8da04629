#include "cosim_engine.h"

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

const char* PinViolationText(PinViolation violation) {
  switch (violation) {
    case PinViolation::kRuntStrobe: return "nStrobe low shorter than tstb";
    case PinViolation::kSetup: return "data changed within tsetup of nStrobe falling";
    case PinViolation::kHold: return "data changed within thold of nStrobe rising";
    case PinViolation::kNotIdleAfterRelease:
      return "release ended with the control lines off compatibility idle";
    case PinViolation::kDrivenAfterRelease:
      return "release ended with the data lines still driven";
    case PinViolation::kDriveWithoutOwner: break;
  }
  return "data lines driven while nobody owns the port";
}

// "c0 write" for a client's operation, "idle" for a bench command.
std::string DescribeOp(OpKind kind, int client) {
  std::string text(OpName(kind));
  return IsClientOp(kind) ? "c" + std::to_string(client) + " " + text : text;
}

}  // namespace

CosimEngine::CosimEngine(const EngineConfig& config)
    : config_(config),
      harness_(config.seed, config.plusargs),
      bus_(harness_),
      owned_model_(config.model ? nullptr : std::make_unique<DirectModelPort>(config.num_clients)),
      model_(config.model ? *config.model : *owned_model_),
      scoreboard_(model_, coverage_),
      peripheral_(config.seed, config.timing),
      arb_monitor_([this](const ArbEvent& event) { scoreboard_.OnArbEvent(event); }),
      pin_monitor_(DutHarness::kClockPeriodNs,
                   [this](PinViolation violation, uint64_t cycle) {
                     scoreboard_.Report(MismatchKind::kProtocol, cycle, 0, -1,
                                        PinViolationText(violation));
                   }),
      rtl_outcome_(static_cast<size_t>(config.num_clients), Answer::kNone) {
  harness_.AddObserver(&peripheral_);
  harness_.AddObserver(&arb_monitor_);
  harness_.AddObserver(&pin_monitor_);
  peripheral_.SetByteListener([this](const LatchedByte& byte) { scoreboard_.OnByteLatched(byte); });
  for (int c = 0; c < config.num_clients; ++c) {
    agents_.push_back(std::make_unique<DriverAgent>(c, bus_, harness_));
    agents_.back()->SetByteSink(
        [this](int client, uint8_t byte) { scoreboard_.OnByteWritten(client, byte); });
  }
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

bool CosimEngine::RtlGranted(int client) {
  const ApbResult status = bus_.Read(client, regmap::kArbStatus);
  return (status.data & regmap::kArbStatusGrantedMask) != 0;
}

void CosimEngine::AfterOp() {
  scoreboard_.Sync();
  // A finished release owes the departing client's drop count.
  while (const auto check = scoreboard_.TakeDropCheck()) {
    scoreboard_.CheckDropCount(*check, agents_[static_cast<size_t>(check->client)]->ReadDropped());
    scoreboard_.Sync();
  }
  if (peripheral_.strobes_while_busy() > strobes_while_busy_reported_) {
    strobes_while_busy_reported_ = peripheral_.strobes_while_busy();
    scoreboard_.Report(MismatchKind::kProtocol, harness_.cycle(), 0, -1,
                       "nStrobe fell while the peripheral was still busy with the last byte");
  }
  if (harness_.assertion_failed() && !assertion_reported_) {
    assertion_reported_ = true;
    scoreboard_.Report(MismatchKind::kProtocol, harness_.cycle(), 0, -1,
                       "an RTL assertion failed (see the simulator output above)");
  }
}

OpRecord CosimEngine::RunAgentOp(const Op& op) {
  DriverAgent& agent = *agents_[static_cast<size_t>(op.client)];
  // The driver polls and sends on its own clock: it stops where the watchdog would.
  agent.SetDeadline(Deadline());
  const uint64_t written_before = scoreboard_.bytes().written;
  const AgentResult rtl = agent.Execute(op);
  CheckWatchdog();
  // Leaving FIFO mode discards what the FIFO holds; the chip says how much in ARB_DROPPED.
  const bool may_discard = op.kind == OpKind::kSetMode || op.kind == OpKind::kClearMode ||
                           (op.kind == OpKind::kRegWrite && op.addr == regmap::kEcr);
  if (may_discard && (rtl.reply.answer == Answer::kOk || rtl.reply.answer == Answer::kRejected)) {
    scoreboard_.OnDroppedCount(op.client, agent.ReadDropped(), harness_.cycle());
  }
  OpRecord record;
  record.rtl = rtl.reply;
  record.cycle = rtl.accept_cycle;
  record.model =
      op.kind == OpKind::kWrite
          ? scoreboard_.ModelWriteAnswer(op, rtl.accept_cycle,
                                         scoreboard_.bytes().written - written_before)
          : scoreboard_.ModelAnswer(op, rtl.accept_cycle);
  return record;
}

OpRecord CosimEngine::Await(const Op& op) {
  DriverAgent& agent = *agents_[static_cast<size_t>(op.client)];
  const uint64_t budget = op.cycles ? op.cycles : config_.default_await_cycles;
  const uint64_t give_up = harness_.cycle() + budget;
  const bool waiting = rtl_outcome_[static_cast<size_t>(op.client)] == Answer::kPending;
  OpRecord record;
  bool granted = RtlGranted(op.client);
  while (waiting && !granted && harness_.cycle() < give_up && !watchdog_fired()) {
    RunCycles(kAwaitPollCycles);
    granted = RtlGranted(op.client);
  }
  scoreboard_.Sync();
  if (waiting && granted) {
    // The driver's completion routine: acknowledge the grant interrupt, which a queued
    // allocate that completes must have raised.
    if (!agent.TakeGrantInterrupt()) {
      scoreboard_.Report(MismatchKind::kProtocol, harness_.cycle(), op.line, op.client,
                         "a queued allocate was granted without its grant interrupt");
    }
    CheckFreshPort(op.client);
    record.rtl = {Answer::kGranted, 0};
    record.cycle = harness_.cycle();
    record.model = scoreboard_.ModelAnswer(op, record.cycle);
    return record;
  }
  if (waiting) {
    // The driver's own timer expired: it cancels the queued allocate.
    const AgentResult rtl = agent.CancelForTimeout();
    record.rtl = rtl.reply;
    record.cycle = rtl.accept_cycle;
    record.model = scoreboard_.ModelTimeout(op.client, rtl.accept_cycle);
    return record;
  }
  // Nothing outstanding: the answer is how the last request ended.
  record.rtl = {rtl_outcome_[static_cast<size_t>(op.client)], 0};
  record.cycle = harness_.cycle();
  record.model = scoreboard_.ModelAnswer(op, record.cycle);
  return record;
}

void CosimEngine::CheckFreshPort(int client) {
  // What a driver expects of a port it was just given: ECR at reset with the FIFO empty, and
  // the control lines at compatibility idle.
  const uint8_t ecr = bus_.Read(client, regmap::kEcr).data;
  const uint8_t control = bus_.Read(client, regmap::kControl).data;
  const uint8_t want_ecr = regmap::kEcrReset | regmap::kEcrEmptyMask;
  const uint8_t control_bits = regmap::kControlStrobeMask | regmap::kControlAutofdMask |
                               regmap::kControlNinitMask | regmap::kControlSelectinMask;
  if (ecr != want_ecr || (control & control_bits) != regmap::kControlReset) {
    char text[128];
    std::snprintf(text, sizeof text,
                  "port granted unclean: ECR 0x%02x (want 0x%02x), CONTROL 0x%02x (want 0x%02x)",
                  ecr, want_ecr, control & control_bits, regmap::kControlReset);
    scoreboard_.Report(MismatchKind::kProtocol, harness_.cycle(), 0, client, text);
  }
}

void CosimEngine::NoteRtlOutcome(const Op& op, const Reply& rtl) {
  Answer& outcome = rtl_outcome_[static_cast<size_t>(op.client)];
  switch (op.kind) {
    case OpKind::kAllocate:
      if (rtl.answer == Answer::kGranted || rtl.answer == Answer::kPending) outcome = rtl.answer;
      break;
    case OpKind::kTry:
      if (rtl.answer == Answer::kTrue) outcome = Answer::kGranted;
      break;
    case OpKind::kCancel:
      if (rtl.answer == Answer::kCancelled) outcome = Answer::kCancelled;
      break;
    case OpKind::kAwait:
      if (rtl.answer == Answer::kGranted || rtl.answer == Answer::kTimedOut) outcome = rtl.answer;
      break;
    default:
      break;
  }
  // A driver that has not yet seen its grant learns of it from the port answering it as owner.
  const bool owner_only = op.kind == OpKind::kFree || op.kind == OpKind::kWrite ||
                          op.kind == OpKind::kSetMode || op.kind == OpKind::kClearMode;
  const bool answered_as_owner = rtl.answer == Answer::kAlreadyOwner ||
                                 (owner_only && rtl.answer != Answer::kNotOwner);
  if (outcome == Answer::kPending && answered_as_owner) outcome = Answer::kGranted;
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
    case OpKind::kExpectBytes: {
      // Bytes in flight arrive first: wait, bounded, until nothing written is undelivered.
      const uint64_t give_up = harness_.cycle() + DriverAgent::kPollLimitCycles;
      while (scoreboard_.pending_bytes() > 0 && harness_.cycle() < give_up && !watchdog_fired()) {
        RunCycles(kAwaitPollCycles);
      }
      if (watchdog_fired()) return false;
      AfterOp();
      const std::vector<uint8_t> seen = scoreboard_.TakeLatchedSinceMark();
      record.cycle = harness_.cycle();
      record.ok = seen == op.bytes;
      if (!record.ok) {
        std::string want, got;
        char hex[8];
        for (uint8_t b : op.bytes) {
          std::snprintf(hex, sizeof hex, " 0x%02x", b);
          want += hex;
        }
        for (uint8_t b : seen) {
          std::snprintf(hex, sizeof hex, " 0x%02x", b);
          got += hex;
        }
        scoreboard_.Report(MismatchKind::kExpectation, record.cycle, op.line, -1,
                           "expect-bytes: expected" + (want.empty() ? " none" : want) +
                               ", peripheral latched" + (got.empty() ? " none" : got));
      }
      last_ = record;
      return record.ok;
    }
    case OpKind::kAwait:
      record = Await(op);
      break;
    default:
      record = RunAgentOp(op);
      break;
  }
  last_ = record;
  // Cut short by the watchdog: its answer is no answer, and the run is over.
  if (watchdog_fired()) return false;
  ++ops_;
  NoteRtlOutcome(op, record.rtl);
  const bool new_grant = (op.kind == OpKind::kAllocate && record.rtl.answer == Answer::kGranted) ||
                         (op.kind == OpKind::kTry && record.rtl.answer == Answer::kTrue);
  if (new_grant) CheckFreshPort(op.client);
  record.ok = scoreboard_.Check(op, record.model, record.rtl, record.cycle);
  coverage_.SampleOp(op.kind, record.rtl.answer);
  coverage_.SampleWaiters(model_.View().waiters);
  AfterOp();
  Log(op, record);
  last_ = record;
  return record.ok && !failed();
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
      if (rtl_outcome_[static_cast<size_t>(c)] == Answer::kPending) Execute(Op{OpKind::kAwait, c});
    }
    if (!model_.View().owner && !model_.View().chosen) break;
  }
  // The last release may still be draining the FIFO.
  const uint64_t give_up = harness_.cycle() + kReleaseLimitCycles;
  while ((harness_.dut().releasing_o || model_.View().releasing) &&
         harness_.cycle() < give_up && !watchdog_fired()) {
    RunCycles(kAwaitPollCycles);
    AfterOp();
  }
  Idle(64);
  CheckQuiescent();
}

void CosimEngine::CheckQuiescent() {
  const uint64_t now = harness_.cycle();
  auto report = [&](const std::string& text) {
    scoreboard_.Report(MismatchKind::kRequestEnd, now, 0, -1, text);
  };
  if (harness_.dut().releasing_o || model_.View().releasing) {
    report("a release was still in progress at the end of the run (RTL " +
           std::to_string(harness_.dut().releasing_o) + ", model " +
           std::to_string(model_.View().releasing) + ")");
  }
  if (model_.View().owner || harness_.dut().grant_o != 0 || model_.View().waiters != 0) {
    const std::optional<int> owner = model_.View().owner;
    report("the port was not idle after every client let go: model owner " +
           (owner ? "client " + std::to_string(*owner) : std::string("none")) + ", waiters " +
           std::to_string(model_.View().waiters) + ", RTL grant_o " +
           std::to_string(harness_.dut().grant_o));
  }
  for (int c = 0; c < config_.num_clients; ++c) {
    if (rtl_outcome_[static_cast<size_t>(c)] == Answer::kPending || model_.View().IsPending(c)) {
      report("client " + std::to_string(c) + "'s allocate never ended");
    }
  }
  if (scoreboard_.pending_bytes() != 0) {
    scoreboard_.Report(MismatchKind::kByte, now, 0, -1,
                       std::to_string(scoreboard_.pending_bytes()) +
                           " byte(s) written but neither delivered nor reported dropped");
  }
}

void CosimEngine::Log(const Op& op, const OpRecord& record) {
  if (!config_.json) return;
  char model[32], rtl[32];
  FormatReply(record.model, model, sizeof model);
  FormatReply(record.rtl, rtl, sizeof rtl);
  const std::string_view name = OpName(op.kind);
  std::fprintf(config_.json, "{\"cycle\":%llu,\"line\":%d,\"client\":%d,\"op\":\"%.*s\",",
               static_cast<unsigned long long>(record.cycle), op.line, op.client,
               static_cast<int>(name.size()), name.data());
  if (op.kind == OpKind::kSetMode) {
    const std::string_view mode = ModeName(op.mode);
    std::fprintf(config_.json, "\"mode\":\"%.*s\",", static_cast<int>(mode.size()), mode.data());
  }
  if (op.kind == OpKind::kWrite) {
    std::fputs("\"bytes\":[", config_.json);
    for (size_t i = 0; i < op.bytes.size(); ++i) {
      std::fprintf(config_.json, "%s%u", i ? "," : "", op.bytes[i]);
    }
    std::fputs("],", config_.json);
  }
  if (op.kind == OpKind::kRegRead || op.kind == OpKind::kRegWrite) {
    std::fprintf(config_.json, "\"addr\":%u,", op.addr);
  }
  std::fprintf(config_.json, "\"model\":\"%s\",\"rtl\":\"%s\",\"ok\":%s}\n", model, rtl,
               record.ok ? "true" : "false");
}

}  // namespace ppcosim
