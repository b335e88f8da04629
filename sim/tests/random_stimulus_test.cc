// The random drivers do what the checkers need to see: here, the print job that frees while
// the hardware handshake still sends, and the coverage goal that says a run did so.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "coverage.h"
#include "random_stimulus.h"

namespace ppcosim {
namespace {

// Weights that leave the owner nothing but print jobs.
OpWeights PrintJobsOnly() {
  OpWeights weights;
  std::string error;
  EXPECT_TRUE(ParseWeights("allocate=0,try=0,free=0,cancel=0,write=0,mode=0,waiters=0,misuse=0,"
                           "stall=0,rest=0,ieee1284=0,print-job=1",
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
  coverage.OnArbEvent({ArbEventKind::kReleaseStarted, 10, 0, false});
  coverage.OnArbEvent({ArbEventKind::kReleaseDone, 20, 0});
  EXPECT_TRUE(Missed(coverage, "release during a strobe"));
  coverage.OnArbEvent({ArbEventKind::kReleaseStarted, 30, 0, true});
  EXPECT_FALSE(Missed(coverage, "release during a strobe"));
}

}  // namespace
}  // namespace ppcosim
