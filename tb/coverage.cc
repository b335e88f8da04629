#include "coverage.h"

#include <iterator>
#include <utility>

namespace ppcosim {
namespace {

// What every arbitration rule looks like when it happens: the answers worth seeing.
constexpr std::pair<OpKind, Answer> kOpGoals[] = {
    {OpKind::kAllocate, Answer::kGranted},      {OpKind::kAllocate, Answer::kPending},
    {OpKind::kAllocate, Answer::kAlreadyOwner}, {OpKind::kAllocate, Answer::kAlreadyWaiting},
    {OpKind::kTry, Answer::kTrue},              {OpKind::kTry, Answer::kFalse},
    {OpKind::kFree, Answer::kOk},               {OpKind::kFree, Answer::kNotOwner},
    {OpKind::kCancel, Answer::kCancelled},      {OpKind::kCancel, Answer::kNotPending},
    {OpKind::kAwait, Answer::kGranted},         {OpKind::kAwait, Answer::kTimedOut},
    {OpKind::kSetMode, Answer::kOk},            {OpKind::kSetMode, Answer::kNotOwner},
    {OpKind::kSetMode, Answer::kRejected},      {OpKind::kWrite, Answer::kOk},
    {OpKind::kWrite, Answer::kNotOwner},        {OpKind::kWrite, Answer::kGaveUp},
    {OpKind::kWaiters, Answer::kValue},
};
// Named goals that are one operation's answer.
constexpr struct {
  OpKind kind;
  Answer answer;
  const char* name;
} kNamedOpGoals[] = {{OpKind::kEcpCommand, Answer::kOk, "ECP command byte"}};
constexpr const char* kReleaseNames[] = {"release to next waiter", "release to free port",
                                         "release draining bytes", "release dropping bytes",
                                         "release during a strobe"};
static_assert(std::size(kReleaseNames) == static_cast<size_t>(ReleaseBin::kCount));
constexpr const char* kFreedFromNames[] = {"", "freed from nibble", "freed from byte",
                                           "freed from ECP", "freed from EPP"};
constexpr int kWaitersGoal = 2;

constexpr const char* kSituationNames[] = {
    "free: nStrobe low (mid-strobe)",
    "free: nAutoFd low",
    "free: nInit low",
    "free: nSelectIn high",
    "free: data lines driven",
    "free: data lines not driven",
    "free: direction reversed",
    "free: FIFO empty",
    "free: FIFO partly full",
    "free: FIFO full",
    "free: a byte on the wire",
    "free: peripheral stalled (Busy high)",
    "free: printer offline (Select low)",
    "free: paper out (PError high)",
    "free: ECR mode 000 (SPP)",
    "free: ECR mode 001 (PS/2)",
    "free: ECR mode 010 (FIFO)",
    "free: ECR mode 011 (ECP)",
    "free: ECR mode 100 (EPP)",
    "free: ECR mode 101 (reserved)",
    "free: ECR mode 110 (test)",
    "free: ECR mode 111 (configuration)",
    "free: peripheral in compatibility mode",
    "free: peripheral in nibble reverse idle",
    "free: peripheral in byte reverse idle",
    "free: peripheral in ECP forward idle",
    "free: peripheral in ECP reverse",
    "free: peripheral in EPP",
    "free: 0 waiters",
    "free: 1 waiter",
    "free: several waiters",
    "try during a release",
    "allocate during a release",
    "cancel before the free",
    "cancel during the release (the free's window)",
    "cancel after the free (the grant came first)",
    "driver timeout (await gave up)",
};
static_assert(std::size(kSituationNames) == static_cast<size_t>(Situation::kCount));

// The peripheral's state as a bin: the idle state of each mode; none while it moves between.
std::optional<Situation> PeripheralSituation(Ieee1284Mode mode, Ieee1284Phase phase) {
  if (IsCompatibilityPhase(phase)) return Situation::kPeriphCompat;
  switch (phase) {
    case Ieee1284Phase::kReverseIdle:
      return mode == Ieee1284Mode::kByte ? Situation::kPeriphByteIdle
                                         : Situation::kPeriphNibbleIdle;
    case Ieee1284Phase::kEcpForwardIdle: return Situation::kPeriphEcpForwardIdle;
    case Ieee1284Phase::kEcpReverseIdle:
    case Ieee1284Phase::kEcpEv43:
    case Ieee1284Phase::kEcpAwaitEv44:
    case Ieee1284Phase::kEcpEv45:
    case Ieee1284Phase::kEcpAwaitEv46: return Situation::kPeriphEcpReverse;
    case Ieee1284Phase::kEppIdle: return Situation::kPeriphEpp;
    default: break;
  }
  return std::nullopt;
}

}  // namespace

void Coverage::OnOperation(const Op& op, Answer answer, int waiters, uint64_t cycle) {
  ++op_answer_[static_cast<size_t>(op.kind)][static_cast<size_t>(answer)];
  if (waiters > max_waiters_) max_waiters_ = waiters;
  const bool in_release = InRelease(cycle);
  // A driver that gives up on its queued allocate cancels it: a cancel on the bus.
  const bool timed_out = op.kind == OpKind::kAwait && answer == Answer::kTimedOut;
  if (timed_out) Hit(Situation::kDriverTimeout);
  switch (op.kind) {
    case OpKind::kTry:
      if (in_release) Hit(Situation::kTryDuringRelease);
      break;
    case OpKind::kAllocate:
      if (in_release) Hit(Situation::kAllocateDuringRelease);
      break;
    case OpKind::kCancel:
    case OpKind::kAwait:
      if (op.kind == OpKind::kAwait && !timed_out) break;
      if (in_release) {
        Hit(Situation::kCancelDuring);
      } else if (answer == Answer::kCancelled || timed_out) {
        if (rtl_owner_ >= 0 && rtl_owner_ != op.client) Hit(Situation::kCancelBefore);
      } else if (answer == Answer::kNotPending && rtl_owner_ == op.client && owner_by_handover_) {
        Hit(Situation::kCancelAfter);
      }
      break;
    default:
      break;
  }
}

bool Coverage::InRelease(uint64_t cycle) const {
  return cycle >= release_start_ && (rtl_releasing_ || cycle <= release_end_);
}

void Coverage::OnFreePeripheral(Ieee1284Mode mode, Ieee1284Phase phase) {
  periph_at_free_ = PeripheralSituation(mode, phase);
  periph_compat_at_free_ = IsCompatibilityPhase(phase);
}

void Coverage::SampleFree(const FreeSample& free) {
  if (!free.nstrobe) Hit(Situation::kStrobeLow);
  if (!free.nautofd) Hit(Situation::kAutofdLow);
  if (!free.ninit) Hit(Situation::kInitLow);
  if (free.nselectin) Hit(Situation::kSelectinHigh);
  Hit(free.pd_oe ? Situation::kDataDriven : Situation::kDataUndriven);
  if (free.dir_in || free.ecp_reversed) Hit(Situation::kDirectionReverse);
  if (free.fifo_full) {
    Hit(Situation::kFifoFull);
  } else {
    Hit(free.fifo_count == 0 ? Situation::kFifoEmpty : Situation::kFifoPartly);
  }
  if (free.engine_active) Hit(Situation::kByteOnWire);
  // Busy, PError and Select mean the printer's state only in compatibility mode.
  if (periph_compat_at_free_) {
    if (free.busy) Hit(Situation::kBusy);
    if (!free.select) Hit(Situation::kOffline);
    if (free.perror) Hit(Situation::kPaperOut);
  }
  Hit(static_cast<Situation>(static_cast<size_t>(Situation::kMode000) + (free.ecr_mode & 7)));
  if (periph_at_free_) Hit(*periph_at_free_);
  Hit(free.waiters == 0   ? Situation::kWaiters0
      : free.waiters == 1 ? Situation::kWaiters1
                          : Situation::kWaitersSeveral);
  periph_at_free_.reset();
  periph_compat_at_free_ = true;
}

int Coverage::situations_hit() const {
  int hit = 0;
  for (uint64_t hits : situation_) hit += hits > 0;
  return hit;
}

std::string Coverage::SituationsJson() const {
  // The names are plain text: nothing in them needs escaping.
  std::string text = "{\"release_situations\": [\n";
  for (size_t i = 0; i < situation_.size(); ++i) {
    text += std::string("  {\"bin\": \"") + kSituationNames[i] +
            "\", \"hits\": " + std::to_string(situation_[i]) + "}" +
            (i + 1 < situation_.size() ? ",\n" : "\n");
  }
  return text + "]}\n";
}

std::vector<SituationCount> Coverage::situations() const {
  std::vector<SituationCount> out;
  for (size_t i = 0; i < situation_.size(); ++i) out.push_back({kSituationNames[i], situation_[i]});
  return out;
}

void Coverage::OnArbEvent(const ArbEvent& event) {
  if (event.kind == ArbEventKind::kReleaseStarted) {
    rtl_releasing_ = true;
    release_start_ = event.cycle;
    rtl_owner_ = -1;
    latched_in_release_ = 0;
    if (!event.free.nstrobe) ++release_[static_cast<size_t>(ReleaseBin::kMidStrobe)];
    SampleFree(event.free);
  } else if (event.kind == ArbEventKind::kReleaseDone) {
    rtl_releasing_ = false;
    release_end_ = event.cycle;
    if (latched_in_release_ > 0) ++release_[static_cast<size_t>(ReleaseBin::kWithDrain)];
  } else {
    rtl_owner_ = -1;
    for (int c = 0; c < 32; ++c) {
      if (event.grant == (1u << c)) rtl_owner_ = c;
    }
    // A grant within a cycle or two of a release's end is that release's hand-over.
    owner_by_handover_ = rtl_owner_ >= 0 && release_start_ != UINT64_MAX &&
                         release_end_ >= release_start_ && event.cycle <= release_end_ + 2;
  }
}

void Coverage::OnByteLatched() {
  if (rtl_releasing_) ++latched_in_release_;
}

void Coverage::OnReleaseCompleted(ppmodel::ReleaseResult result, uint64_t undelivered) {
  const ReleaseBin bin = result == ppmodel::ReleaseResult::kGrantedNext ? ReleaseBin::kToNextWaiter
                                                                        : ReleaseBin::kToFreePort;
  ++release_[static_cast<size_t>(bin)];
  if (undelivered > 0) ++release_[static_cast<size_t>(ReleaseBin::kWithDrops)];
}

void Coverage::OnIeee1284Termination(const Termination& termination) {
  if (rtl_releasing_) ++freed_from_[static_cast<size_t>(termination.from)];
}

int Coverage::goals_total() const {
  // freed_from_[0] (compatibility) is no goal: there is nothing to terminate.
  // Two ECP goals besides: a reverse read, a free from ECP reverse.
  return static_cast<int>(std::size(kOpGoals) + std::size(kNamedOpGoals) + release_.size() + 1 +
                          freed_from_.size() - 1 + 2);
}

int Coverage::goals_hit() const { return goals_total() - static_cast<int>(missed_goals().size()); }

std::vector<std::string> Coverage::missed_goals() const {
  std::vector<std::string> missed;
  for (const auto& [kind, answer] : kOpGoals) {
    if (op_answer_[static_cast<size_t>(kind)][static_cast<size_t>(answer)] == 0) {
      missed.push_back(std::string(OpName(kind)) + " => " + std::string(AnswerName(answer)));
    }
  }
  for (size_t i = 0; i < release_.size(); ++i) {
    if (release_[i] == 0) missed.emplace_back(kReleaseNames[i]);
  }
  if (max_waiters_ < kWaitersGoal) missed.emplace_back("two or more waiters at once");
  for (size_t i = 1; i < freed_from_.size(); ++i) {
    if (freed_from_[i] == 0) missed.emplace_back(kFreedFromNames[i]);
  }
  for (const auto& goal : kNamedOpGoals) {
    if (op_answer_[static_cast<size_t>(goal.kind)][static_cast<size_t>(goal.answer)] == 0) {
      missed.emplace_back(goal.name);
    }
  }
  if (ecp_reverse_reads_ == 0) missed.emplace_back("ECP reverse read");
  if (freed_from_ecp_reverse_ == 0) missed.emplace_back("freed from ECP reverse");
  return missed;
}

}  // namespace ppcosim
