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

}  // namespace

void Coverage::OnOperation(OpKind kind, Answer answer, int waiters) {
  ++op_answer_[static_cast<size_t>(kind)][static_cast<size_t>(answer)];
  if (waiters > max_waiters_) max_waiters_ = waiters;
}

void Coverage::OnArbEvent(const ArbEvent& event) {
  if (event.kind == ArbEventKind::kReleaseStarted) {
    rtl_releasing_ = true;
    latched_in_release_ = 0;
    if (event.strobe_low) ++release_[static_cast<size_t>(ReleaseBin::kMidStrobe)];
  } else if (event.kind == ArbEventKind::kReleaseDone) {
    rtl_releasing_ = false;
    if (latched_in_release_ > 0) ++release_[static_cast<size_t>(ReleaseBin::kWithDrain)];
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
