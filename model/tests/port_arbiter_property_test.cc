// A seeded randomized run against the independent shadow, every invariant checked after every
// step. Reproduce a failure with the PPCOSIM_SEED printed in its trace.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "arbiter_checker.h"
#include "ppmodel/port_arbiter.h"

namespace ppmodel::check {
namespace {

constexpr int kClients = 8;
constexpr int kRandomOps = 200000;
constexpr int kTimingRepeats = 5;
constexpr size_t kHistory = 12;  // operations shown before a failing one

uint64_t ChooseSeed() {
  if (const char* env = std::getenv("PPCOSIM_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 0);
  }
  std::random_device rd;
  return (static_cast<uint64_t>(rd()) << 32) | rd();
}

std::string ExecutablePath() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, n) : std::string("build/model/model_tests");
}

std::string ReproduceCommand(uint64_t seed) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return "PPCOSIM_SEED=" + std::to_string(seed) + " " + ExecutablePath() +
         " --gtest_filter=" + info->test_suite_name() + "." + info->name();
}

// Random operations, biased so the port changes hands often: most frees and mode changes come
// from the owner, the rest are misuse; a few ops carry a client id outside the range.
class OpGenerator {
 public:
  explicit OpGenerator(uint64_t seed) : rng_(seed) {}

  Op Next(const ShadowArbiter& shadow) {
    now_ += Uniform(1, 100);
    Op op;
    op.time = now_;
    const int roll = Uniform(0, 99);
    if (roll < 25) {
      op.kind = OpKind::kAllocate;
    } else if (roll < 34) {
      op.kind = OpKind::kTry;
    } else if (roll < 49) {
      op.kind = OpKind::kFree;
    } else if (roll < 61) {
      op.kind = OpKind::kCompleteRelease;
    } else if (roll < 69) {
      op.kind = OpKind::kCancel;
    } else if (roll < 77) {
      op.kind = OpKind::kTimeOut;
    } else if (roll < 89) {
      op.kind = OpKind::kSetMode;
      op.mode = static_cast<ChipMode>(Uniform(0, static_cast<int>(ChipMode::kNibble)));
    } else {
      op.kind = OpKind::kClearMode;
    }
    const bool owner_op = op.kind == OpKind::kFree || op.kind == OpKind::kSetMode ||
                          op.kind == OpKind::kClearMode;
    if (Uniform(0, 99) < 3) {
      static constexpr ClientId kBad[] = {-1, kClients, 1 << 20};
      op.client = kBad[Uniform(0, 2)];
    } else if (owner_op && shadow.owner && Uniform(0, 99) < 60) {
      op.client = *shadow.owner;
    } else {
      op.client = Uniform(0, kClients - 1);
    }
    return op;
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  std::mt19937_64 rng_;
  uint64_t now_ = 0;
};

// Runs ops against a model and the checker; stops at the first violation.
class CheckedRun {
 public:
  CheckedRun() : arbiter_(kClients), checker_(kClients) { arbiter_.SetListener(&checker_); }

  // False, with a report, when a check failed.
  bool Step(const Op& op, std::string* report) {
    arbiter_.SetTime(op.time);
    const int answer = Apply(arbiter_, op);
    ops_.push_back(op);
    answer_sum_ += answer * ops_.size();
    seen_.insert({static_cast<int>(op.kind), answer});
    std::vector<std::string> violations = checker_.Step(op, answer, Observe(arbiter_));
    if (violations.empty()) return true;
    std::ostringstream s;
    s << "step " << ops_.size() - 1 << ": " << Describe(op) << "\n";
    for (const std::string& v : violations) s << "  violation: " << v << "\n";
    s << "  preceding operations:\n";
    const size_t first = ops_.size() > kHistory + 1 ? ops_.size() - kHistory - 1 : 0;
    for (size_t i = first; i + 1 < ops_.size(); ++i) {
      s << "    " << i << ": " << Describe(ops_[i]) << "\n";
    }
    *report = s.str();
    return false;
  }

  // Ends every outstanding request the way clients would: waiters cancel, owners free.
  bool Drain(uint64_t time, std::string* report) {
    for (int round = 0; round < 2 * kClients + 2; ++round) {
      const ShadowArbiter& s = checker_.shadow();
      if (!s.owner && !s.chosen && !s.releasing && s.queue.empty()) return true;
      for (ClientId c = 0; c < kClients; ++c) {
        if (!Step({OpKind::kCancel, c, ChipMode::kCompatibility, ++time}, report)) return false;
      }
      if (s.owner && !Step({OpKind::kFree, *s.owner, ChipMode::kCompatibility, ++time}, report)) {
        return false;
      }
      if (!Step({OpKind::kCompleteRelease, 0, ChipMode::kCompatibility, ++time}, report)) {
        return false;
      }
    }
    *report = "drain did not settle";
    return false;
  }

  const ArbiterChecker& checker() const { return checker_; }
  const std::vector<Op>& ops() const { return ops_; }
  uint64_t answer_sum() const { return answer_sum_; }
  bool Saw(OpKind kind, int answer) const {
    return seen_.count({static_cast<int>(kind), answer}) != 0;
  }

 private:
  PortArbiter arbiter_;
  ArbiterChecker checker_;
  std::vector<Op> ops_;
  uint64_t answer_sum_ = 0;
  std::set<std::pair<int, int>> seen_;
};

// Replays the run on a fresh model without checks: model throughput, and determinism.
double ReplayOpsPerSecond(const std::vector<Op>& ops, uint64_t* answer_sum) {
  double best_seconds = 1e30;
  for (int r = 0; r < kTimingRepeats; ++r) {
    PortArbiter arbiter(kClients);
    uint64_t sum = 0;
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < ops.size(); ++i) {
      arbiter.SetTime(ops[i].time);
      sum += Apply(arbiter, ops[i]) * (i + 1);
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best_seconds = std::min(best_seconds, took.count());
    *answer_sum = sum;
  }
  return ops.size() / best_seconds;
}

// Runs kRandomOps operations from a fresh seed (printed, recorded, and named in the
// reproduce command of any failure); false with `report` set when a check fails.
bool RunRandomOps(CheckedRun* run, uint64_t* seed_out, std::string* report) {
  const uint64_t seed = ChooseSeed();
  *seed_out = seed;
  std::cout << "[ seed     ] PPCOSIM_SEED=" << seed << std::endl;
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  OpGenerator gen(seed);
  for (int i = 0; i < kRandomOps; ++i) {
    if (!run->Step(gen.Next(run->checker().shadow()), report)) {
      *report += "\nreproduce: " + ReproduceCommand(seed);
      return false;
    }
  }
  return true;
}

TEST(PortArbiterPropertyTest, RandomOperationsKeepEveryInvariant) {
  CheckedRun run;
  uint64_t seed = 0;
  std::string report;
  if (!RunRandomOps(&run, &seed, &report)) FAIL() << report;
  SCOPED_TRACE("reproduce: " + ReproduceCommand(seed));
  if (!run.Drain(run.ops().back().time, &report)) FAIL() << report;
  std::vector<std::string> unended = run.checker().Finish();
  EXPECT_TRUE(unended.empty()) << unended.size() << " requests never ended, first: "
                               << unended.front();

  const ArbiterChecker& c = run.checker();
  std::cout << "[ coverage ] " << run.ops().size() << " ops, " << c.grants() << " grants ("
            << c.queued_grants() << " on release), "
            << c.ends(RequestOutcome::kCancelled) << " cancelled, "
            << c.ends(RequestOutcome::kTimedOut) << " timed out" << std::endl;

  uint64_t replay_sum = 0;
  const double ops_per_second = ReplayOpsPerSecond(run.ops(), &replay_sum);
  std::cout << "[ perf     ] model: " << static_cast<uint64_t>(ops_per_second)
            << " ops/s (best of " << kTimingRepeats << " replays, no listener)" << std::endl;
  EXPECT_EQ(replay_sum, run.answer_sum()) << "replaying the same ops gave other answers";
}

// The run must reach every answer of every operation, or the checks above prove little.
TEST(PortArbiterPropertyTest, RandomOperationsReachEveryAnswer) {
  CheckedRun run;
  uint64_t seed = 0;
  std::string report;
  if (!RunRandomOps(&run, &seed, &report)) FAIL() << report;
  SCOPED_TRACE("reproduce: " + ReproduceCommand(seed));
  const std::pair<OpKind, int> last_answers[] = {
      {OpKind::kTry, static_cast<int>(TryResult::kBadClient)},
      {OpKind::kAllocate, static_cast<int>(AllocateResult::kBadClient)},
      {OpKind::kFree, static_cast<int>(FreeResult::kBadClient)},
      {OpKind::kCompleteRelease, static_cast<int>(ReleaseResult::kNoRelease)},
      {OpKind::kCancel, static_cast<int>(CancelResult::kBadClient)},
      {OpKind::kTimeOut, static_cast<int>(TimeoutResult::kBadClient)},
      {OpKind::kSetMode, static_cast<int>(ModeResult::kBadClient)},
      {OpKind::kClearMode, static_cast<int>(ModeResult::kBadClient)},
  };
  for (const auto& [kind, last] : last_answers) {
    for (int answer = 0; answer <= last; ++answer) {
      // ClearMode cannot be rejected.
      if (kind == OpKind::kClearMode && answer == static_cast<int>(ModeResult::kRejected)) {
        continue;
      }
      EXPECT_TRUE(run.Saw(kind, answer))
          << "never saw " << KindName(kind) << " answer " << AnswerName(kind, answer);
    }
  }
}

}  // namespace
}  // namespace ppmodel::check
