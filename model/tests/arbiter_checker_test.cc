// The property test is only as good as its checker: each check here is fed a wrong state, a
// wrong answer or a wrong event, and must report it.
#include "arbiter_checker.h"

#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ppmodel::check {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr ClientId kA = 0, kB = 1, kC = 2;

class ArbiterCheckerTest : public ::testing::Test {
 protected:
  ArbiterCheckerTest() : arbiter_(3), checker_(3) { arbiter_.SetListener(&checker_); }

  // Runs op on the real model and checks it, optionally corrupting what the checker sees.
  std::vector<std::string> Run(const Op& op,
                               const std::function<void(Observed&)>& corrupt = nullptr) {
    const int answer = Apply(arbiter_, op);
    Observed observed = Observe(arbiter_);
    if (corrupt) corrupt(observed);
    return checker_.Step(op, answer, observed);
  }

  // A owns the port, B and C queue behind it; all checked clean.
  void OwnedByAWithBAndCWaiting() {
    for (ClientId c : {kA, kB, kC}) ASSERT_THAT(Run({OpKind::kAllocate, c}), IsEmpty());
  }

  RequestId Last(ClientId c) const { return *arbiter_.LastRequest(c); }

  PortArbiter arbiter_;
  ArbiterChecker checker_;
};

MATCHER_P(AnyContains, text, "") {
  for (const std::string& s : arg) {
    if (s.find(text) != std::string::npos) return true;
  }
  *result_listener << "violations: " << ::testing::PrintToString(arg);
  return false;
}

TEST_F(ArbiterCheckerTest, CorrectModelPassesEveryCheck) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(Run({OpKind::kSetMode, kA, ChipMode::kEcp}), IsEmpty());
  EXPECT_THAT(Run({OpKind::kCancel, kC}), IsEmpty());
  EXPECT_THAT(Run({OpKind::kFree, kA}), IsEmpty());
  EXPECT_THAT(Run({OpKind::kCompleteRelease}), IsEmpty());
  EXPECT_THAT(Run({OpKind::kFree, kB}), IsEmpty());
  EXPECT_THAT(Run({OpKind::kCompleteRelease}), IsEmpty());
  EXPECT_THAT(checker_.Finish(), IsEmpty());
}

TEST_F(ArbiterCheckerTest, ReportsWrongAnswer) {
  OwnedByAWithBAndCWaiting();
  const int answer = Apply(arbiter_, {OpKind::kFree, kB});
  const int lie = answer == 0 ? 1 : 0;
  EXPECT_THAT(checker_.Step({OpKind::kFree, kB}, lie, Observe(arbiter_)),
              AnyContains("answer: model said freed, rules say not_owner"));
}

TEST_F(ArbiterCheckerTest, ReportsWaiterCountDifferentFromShadowQueue) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(Run({OpKind::kCancel, kB}, [](Observed& o) { o.waiters = 2; }),
              AnyContains("waiters: model 2, shadow queue holds 1"));
}

TEST_F(ArbiterCheckerTest, ReportsTwoClientsInStateOwner) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(Run({OpKind::kSetMode, kA, ChipMode::kEpp},
                  [](Observed& o) { o.states[kB] = ClientState::kOwner; }),
              AnyContains("2 clients in state owner"));
}

TEST_F(ArbiterCheckerTest, ReportsTwoOpenTenures) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(Run({OpKind::kClearMode, kA}, [](Observed& o) { o.open_tenures.push_back(kB); }),
              AnyContains("2 open tenures"));
}

TEST_F(ArbiterCheckerTest, ReportsOwnerThatNoGrantExplains) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(Run({OpKind::kClearMode, kA}, [](Observed& o) { o.owner = kC; }),
              AnyContains("grants and frees say client 0 owns, model says client 2"));
}

TEST_F(ArbiterCheckerTest, ReportsCounterThatDisagreesWithState) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(Run({OpKind::kClearMode, kA}, [](Observed& o) { o.counter = 0; }),
              AnyContains("counter 0 disagrees with owner client 0"));
}

TEST_F(ArbiterCheckerTest, ReportsRequestEndedTwice) {
  ASSERT_THAT(Run({OpKind::kAllocate, kA}), IsEmpty());
  checker_.OnRequestEnded(kA, Last(kA), RequestOutcome::kGranted);
  EXPECT_THAT(Run({OpKind::kCompleteRelease}), AnyContains("ended twice"));
}

TEST_F(ArbiterCheckerTest, ReportsRequestEndedThatWasNeverAccepted) {
  checker_.OnRequestEnded(kB, 999, RequestOutcome::kCancelled);
  EXPECT_THAT(Run({OpKind::kCompleteRelease}), AnyContains("was never accepted"));
}

TEST_F(ArbiterCheckerTest, ReportsRequestThatEndsWithoutTellingTheListener) {
  OwnedByAWithBAndCWaiting();
  arbiter_.SetListener(nullptr);
  std::vector<std::string> violations = Run({OpKind::kCancel, kB});
  EXPECT_THAT(violations, AnyContains("0 requests ended, rules say 1"));
  EXPECT_THAT(violations, AnyContains("2 requests not ended yet, rules hold 1"));
}

TEST_F(ArbiterCheckerTest, ReportsRequestThatNeverEnded) {
  OwnedByAWithBAndCWaiting();
  EXPECT_THAT(checker_.Finish(), Contains(HasSubstr("of client 1 never ended")));
}

// A fake last-in-first-out arbiter: after A's free it hands the port to C, not to B.
TEST_F(ArbiterCheckerTest, ReportsGrantThatSkipsOlderWaiter) {
  OwnedByAWithBAndCWaiting();
  ASSERT_THAT(Run({OpKind::kFree, kA}, [](Observed& o) {
                o.chosen = kC;
                o.states[kB] = ClientState::kQueued;
                o.states[kC] = ClientState::kChosen;
              }),
              AnyContains("chosen: model client 2, rules client 1"));
  checker_.OnRequestEnded(kC, Last(kC), RequestOutcome::kGranted);
  EXPECT_THAT(checker_.Step({OpKind::kCompleteRelease}, 0, Observed{}),
              AnyContains("granted while older request " + std::to_string(Last(kB)) +
                          " of client 1 still waits"));
}

TEST_F(ArbiterCheckerTest, ReportsGrantOlderThanTheLastGrant) {
  OwnedByAWithBAndCWaiting();
  checker_.OnRequestEnded(kC, Last(kC), RequestOutcome::kGranted);
  checker_.Step({OpKind::kCompleteRelease}, 0, Observed{});
  checker_.OnRequestEnded(kB, Last(kB), RequestOutcome::kGranted);
  EXPECT_THAT(checker_.Step({OpKind::kCompleteRelease}, 0, Observed{}),
              AnyContains("granted out of first-come order"));
}

TEST_F(ArbiterCheckerTest, ReportsGrantWhileAnotherClientHoldsThePort) {
  OwnedByAWithBAndCWaiting();
  checker_.OnRequestEnded(kB, Last(kB), RequestOutcome::kGranted);
  EXPECT_THAT(checker_.Step({OpKind::kCompleteRelease}, 0, Observed{}),
              AnyContains("granted while client 0 still holds the port"));
}

TEST_F(ArbiterCheckerTest, ReportsModeThatFreeDidNotClear) {
  OwnedByAWithBAndCWaiting();
  ASSERT_THAT(Run({OpKind::kSetMode, kA, ChipMode::kEcp}), IsEmpty());
  EXPECT_THAT(Run({OpKind::kFree, kA}, [](Observed& o) { o.mode = ChipMode::kEcp; }),
              AnyContains("mode: model ecp, rules compatibility"));
}

}  // namespace
}  // namespace ppmodel::check
