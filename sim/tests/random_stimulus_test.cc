// The random drivers do what the checkers need to see: here, the print job that frees while
// the hardware handshake still sends, the careless free that leaves the port dirty, and the
// coverage that says a run did so.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "coverage.h"
#include "ppcosim/regmap.h"
#include "random_stimulus.h"

namespace ppcosim {
namespace {

// Weights that leave the owner nothing but print jobs.
OpWeights PrintJobsOnly() {
  OpWeights weights;
  std::string error;
  EXPECT_TRUE(ParseWeights("allocate=0,try=0,free=0,cancel=0,write=0,mode=0,waiters=0,misuse=0,"
                           "stall=0,rest=0,ieee1284=0,print-job=1,careless-free=0",
                           &weights, &error))
      << error;
  return weights;
}

ppmodel::PortView OwnedBy(int client, ppmodel::ChipMode mode) {
  ppmodel::PortView port;
  port.owner = client;
  port.mode = mode;
  port.num_clients = 4;
  return port;
}

TEST(RandomStimulusTest, PrintJobSetsFifoModeWritesAndFreesAtOnce) {
  RandomStimulus stimulus(1, PrintJobsOnly());
  const Op set = stimulus.Next(0, OwnedBy(0, ppmodel::ChipMode::kCompatibility), false);
  EXPECT_EQ(set.kind, OpKind::kSetMode);
  EXPECT_EQ(set.mode, ppmodel::ChipMode::kCompatibilityFifo);
  const ppmodel::PortView fifo = OwnedBy(0, ppmodel::ChipMode::kCompatibilityFifo);
  const Op write = stimulus.Next(0, fifo, false);
  EXPECT_EQ(write.kind, OpKind::kWrite);
  EXPECT_GE(write.bytes.size(), 1u);
  EXPECT_LE(write.bytes.size(), 8u);
  // The free comes within a strobe or two, while the queued bytes are still going out.
  EXPECT_LT(stimulus.IdleCycles(), 64u);
  EXPECT_EQ(stimulus.Next(0, fifo, false).kind, OpKind::kFree);
  // The job is over: the next one starts with the mode again.
  EXPECT_EQ(stimulus.Next(0, fifo, false).kind, OpKind::kSetMode);
}

TEST(RandomStimulusTest, PrintJobEndsWhenTheChipRefusesFifoMode) {
  RandomStimulus stimulus(2, PrintJobsOnly());
  const ppmodel::PortView spp = OwnedBy(1, ppmodel::ChipMode::kCompatibility);
  ASSERT_EQ(stimulus.Next(1, spp, false).kind, OpKind::kSetMode);
  // Still not FIFO mode: no write that would go out by software strobing, but a new job.
  EXPECT_EQ(stimulus.Next(1, spp, false).kind, OpKind::kSetMode);
}

TEST(RandomStimulusTest, PrintJobEndsWithTheTenure) {
  RandomStimulus stimulus(3, PrintJobsOnly());
  ASSERT_EQ(stimulus.Next(2, OwnedBy(2, ppmodel::ChipMode::kCompatibility), false).kind,
            OpKind::kSetMode);
  ASSERT_EQ(stimulus.Next(2, OwnedBy(2, ppmodel::ChipMode::kCompatibilityFifo), false).kind,
            OpKind::kWrite);
  // Another client owns the port now: the job's free would be a misuse it never meant.
  const Op next = stimulus.Next(2, OwnedBy(3, ppmodel::ChipMode::kCompatibilityFifo), false);
  EXPECT_NE(next.kind, OpKind::kFree);
}

TEST(RandomStimulusTest, PrintJobWeightIsNamedAndDefaultsOn) {
  EXPECT_NE(FormatWeights(OpWeights{}).find("print-job=2"), std::string::npos);
  OpWeights weights;
  std::string error;
  ASSERT_TRUE(ParseWeights("print-job=0", &weights, &error)) << error;
  EXPECT_EQ(weights.print_job, 0);
}

bool Missed(const Coverage& coverage, const std::string& goal) {
  const std::vector<std::string> missed = coverage.missed_goals();
  return std::find(missed.begin(), missed.end(), goal) != missed.end();
}

TEST(CoverageTest, ReleaseDuringAStrobeIsAGoalHitOnlyWithNstrobeLow) {
  Coverage coverage;
  EXPECT_TRUE(Missed(coverage, "release during a strobe"));
  FreeSample strobe_high;
  coverage.OnArbEvent({ArbEventKind::kReleaseStarted, 10, 0, strobe_high});
  coverage.OnArbEvent({ArbEventKind::kReleaseDone, 20, 0});
  EXPECT_TRUE(Missed(coverage, "release during a strobe"));
  FreeSample strobe_low;
  strobe_low.nstrobe = false;
  coverage.OnArbEvent({ArbEventKind::kReleaseStarted, 30, 0, strobe_low});
  EXPECT_FALSE(Missed(coverage, "release during a strobe"));
}

OpWeights CarelessFreesOnly() {
  OpWeights weights;
  std::string error;
  EXPECT_TRUE(ParseWeights("allocate=0,try=0,free=0,cancel=0,write=0,mode=0,waiters=0,misuse=0,"
                           "stall=0,rest=0,ieee1284=0,print-job=0,careless-free=1",
                           &weights, &error))
      << error;
  return weights;
}

// Every careless free ends in the free, and every CONTROL value it writes is off idle without
// a strobe and without IEEE 1284 Event 1 (nSelectIn high with nAutoFd low).
TEST(RandomStimulusTest, CarelessFreeLeavesTheLinesOffIdleAndFrees) {
  RandomStimulus stimulus(4, CarelessFreesOnly());
  int strobes = 0;
  int controls = 0;
  for (int plan = 0; plan < 200; ++plan) {
    const ppmodel::PortView spp = OwnedBy(0, ppmodel::ChipMode::kCompatibility);
    Op op = stimulus.Next(0, spp, false);
    int steps = 0;
    for (; op.kind != OpKind::kFree && steps < 40; ++steps) {
      if (op.kind == OpKind::kBeginStrobe) ++strobes;
      if (op.kind == OpKind::kRegWrite && op.addr == regmap::kControl) {
        ++controls;
        EXPECT_NE(op.data, regmap::kControlReset);
        EXPECT_EQ(op.data & regmap::kControlStrobeMask, 0);
        const bool selectin_high = !(op.data & regmap::kControlSelectinMask);
        EXPECT_FALSE(selectin_high && (op.data & regmap::kControlAutofdMask));
      }
      op = stimulus.Next(0, spp, false);
    }
    ASSERT_EQ(op.kind, OpKind::kFree) << "plan " << plan << " did not end in a free";
  }
  EXPECT_GT(strobes, 0);
  EXPECT_GT(controls, 0);
}

// A plan ends with the tenure: the next owner's operations are its own.
TEST(RandomStimulusTest, CarelessFreeEndsWithTheTenure) {
  RandomStimulus stimulus(5, CarelessFreesOnly());
  const ppmodel::PortView spp = OwnedBy(1, ppmodel::ChipMode::kCompatibility);
  Op first = stimulus.Next(1, spp, false);
  for (int i = 0; i < 20 && first.kind == OpKind::kFree; ++i) first = stimulus.Next(1, spp, false);
  ASSERT_NE(first.kind, OpKind::kFree);
  // Client 1 lost the port: what it planned is dropped, and it asks for the port again.
  const Op next = stimulus.Next(1, OwnedBy(2, ppmodel::ChipMode::kCompatibility), false);
  EXPECT_NE(next.kind, OpKind::kFree);
  EXPECT_NE(next.kind, OpKind::kRegWrite);
  EXPECT_NE(next.kind, OpKind::kBeginStrobe);
}

uint64_t Hits(const Coverage& coverage, const std::string& name) {
  for (const SituationCount& s : coverage.situations()) {
    if (name == s.name) return s.hits;
  }
  ADD_FAILURE() << "no bin '" << name << "'";
  return 0;
}

// The bins come from what the pins and the RTL showed at the release start.
TEST(CoverageTest, FreeSampleHitsTheBinsItShows) {
  Coverage coverage;
  FreeSample free;
  free.nautofd = false;
  free.fifo_full = true;
  free.fifo_count = 16;
  free.ecr_mode = 6;
  free.waiters = 3;
  coverage.OnFreePeripheral(Ieee1284Mode::kCompatibility, Ieee1284Phase::kCompatIdle);
  coverage.OnArbEvent({ArbEventKind::kReleaseStarted, 100, 0, free});
  EXPECT_EQ(Hits(coverage, "free: nAutoFd low"), 1u);
  EXPECT_EQ(Hits(coverage, "free: nInit low"), 0u);
  EXPECT_EQ(Hits(coverage, "free: FIFO full"), 1u);
  EXPECT_EQ(Hits(coverage, "free: FIFO partly full"), 0u);
  EXPECT_EQ(Hits(coverage, "free: ECR mode 110 (test)"), 1u);
  EXPECT_EQ(Hits(coverage, "free: several waiters"), 1u);
  EXPECT_EQ(Hits(coverage, "free: peripheral in compatibility mode"), 1u);
  EXPECT_EQ(Hits(coverage, "free: data lines not driven"), 1u);
  EXPECT_EQ(coverage.situations_hit(), 6);
}

// A request counts as racing the release only inside its window, from the FREE to its end.
TEST(CoverageTest, RequestsDuringTheReleaseWindowOnly) {
  Coverage coverage;
  coverage.OnOperation(Op(OpKind::kTry, 1), Answer::kFalse, 0, 50);
  coverage.OnArbEvent({ArbEventKind::kReleaseStarted, 100, 0, FreeSample{}});
  coverage.OnOperation(Op(OpKind::kAllocate, 2), Answer::kPending, 1, 110);
  coverage.OnArbEvent({ArbEventKind::kReleaseDone, 160, 0});
  coverage.OnOperation(Op(OpKind::kTry, 3), Answer::kTrue, 0, 200);
  EXPECT_EQ(Hits(coverage, "try during a release"), 0u);
  EXPECT_EQ(Hits(coverage, "allocate during a release"), 1u);
  // The hand-over: the release granted client 2, whose cancel then came too late.
  coverage.OnArbEvent({ArbEventKind::kGrantChanged, 161, 1u << 2});
  coverage.OnOperation(Op(OpKind::kCancel, 2), Answer::kNotPending, 0, 170);
  EXPECT_EQ(Hits(coverage, "cancel after the free (the grant came first)"), 1u);
  EXPECT_EQ(Hits(coverage, "cancel during the release (the free's window)"), 0u);
}

}  // namespace
}  // namespace ppcosim
