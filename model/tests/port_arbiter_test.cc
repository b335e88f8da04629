// One behaviour per test, grouped by the rule of the arbitration spec it pins down.
#include "ppmodel/port_arbiter.h"

#include <stdexcept>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

namespace ppmodel {
namespace {

struct EndedRequest {
  ClientId client;
  RequestId request;
  RequestOutcome outcome;
  bool operator==(const EndedRequest& o) const {
    return std::tie(client, request, outcome) == std::tie(o.client, o.request, o.outcome);
  }
};

void PrintTo(const EndedRequest& e, std::ostream* os) {
  *os << "{client " << e.client << ", request " << e.request << ", outcome "
      << static_cast<int>(e.outcome) << "}";
}

class RecordingListener : public RequestListener {
 public:
  void OnRequestEnded(ClientId client, RequestId request, RequestOutcome outcome) override {
    ended.push_back({client, request, outcome});
  }
  std::vector<EndedRequest> ended;
};

// Four clients, A..D, and a listener that records every request's end.
class PortArbiterTest : public ::testing::Test {
 protected:
  static constexpr ClientId kA = 0, kB = 1, kC = 2, kD = 3;

  PortArbiterTest() : arbiter_(4) { arbiter_.SetListener(&listener_); }

  // A owns the port; the listed clients queue behind it in order.
  void OwnedByAWith(std::initializer_list<ClientId> waiters) {
    ASSERT_EQ(arbiter_.Allocate(kA), AllocateResult::kGranted);
    for (ClientId c : waiters) ASSERT_EQ(arbiter_.Allocate(c), AllocateResult::kPending);
  }

  // A freed the port and its release is still in progress; the first waiter was chosen.
  void ReleasingFromAWith(std::initializer_list<ClientId> waiters) {
    OwnedByAWith(waiters);
    ASSERT_EQ(arbiter_.Free(kA), FreeResult::kFreed);
  }

  RequestId Last(ClientId c) const { return arbiter_.LastRequest(c).value_or(0); }

  PortArbiter arbiter_;
  RecordingListener listener_;
};

// --- Construction and client ids -------------------------------------------------------------

TEST(PortArbiterConstructionTest, RejectsZeroClients) {
  EXPECT_THROW(PortArbiter(0), std::invalid_argument);
}

TEST(PortArbiterConstructionTest, RejectsMoreThanSixtyFourClients) {
  EXPECT_THROW(PortArbiter(PortArbiter::kMaxClients + 1), std::invalid_argument);
}

TEST(PortArbiterConstructionTest, AcceptsOneToSixtyFourClients) {
  EXPECT_EQ(PortArbiter(1).num_clients(), 1);
  EXPECT_EQ(PortArbiter(PortArbiter::kMaxClients).num_clients(), PortArbiter::kMaxClients);
}

TEST_F(PortArbiterTest, StartsFreeInCompatibilityMode) {
  EXPECT_FALSE(arbiter_.Owner().has_value());
  EXPECT_FALSE(arbiter_.Releasing());
  EXPECT_EQ(arbiter_.Waiters(), 0);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kCompatibility);
  EXPECT_EQ(arbiter_.CounterView(), -1);
}

TEST_F(PortArbiterTest, BadClientIdsAreRefusedByEveryOperation) {
  for (ClientId bad : {-1, 4, 1000}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(arbiter_.TryAllocate(bad), TryResult::kBadClient);
    EXPECT_EQ(arbiter_.Allocate(bad), AllocateResult::kBadClient);
    EXPECT_EQ(arbiter_.Free(bad), FreeResult::kBadClient);
    EXPECT_EQ(arbiter_.Cancel(bad), CancelResult::kBadClient);
    EXPECT_EQ(arbiter_.TimeOut(bad), TimeoutResult::kBadClient);
    EXPECT_EQ(arbiter_.SetMode(bad, ChipMode::kEcp), ModeResult::kBadClient);
    EXPECT_EQ(arbiter_.ClearMode(bad), ModeResult::kBadClient);
    EXPECT_FALSE(arbiter_.IsPending(bad));
    EXPECT_FALSE(arbiter_.LastRequest(bad).has_value());
  }
}

TEST_F(PortArbiterTest, BadClientIdsChangeNothing) {
  OwnedByAWith({kB});
  arbiter_.Allocate(-1);
  arbiter_.Free(4);
  arbiter_.Cancel(-1);
  EXPECT_EQ(arbiter_.Owner(), kA);
  EXPECT_EQ(arbiter_.Waiters(), 1);
  EXPECT_EQ(listener_.ended.size(), 1u);
}

// --- Rule 1: at most one request per client --------------------------------------------------

TEST_F(PortArbiterTest, AllocateByOwnerAnswersAlreadyOwner) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.Allocate(kA), AllocateResult::kAlreadyOwner);
}

TEST_F(PortArbiterTest, TryByOwnerAnswersAlreadyOwner) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.TryAllocate(kA), TryResult::kAlreadyOwner);
}

TEST_F(PortArbiterTest, AllocateByWaiterAnswersAlreadyWaiting) {
  OwnedByAWith({kB});
  EXPECT_EQ(arbiter_.Allocate(kB), AllocateResult::kAlreadyWaiting);
}

TEST_F(PortArbiterTest, TryByWaiterAnswersAlreadyWaiting) {
  OwnedByAWith({kB});
  EXPECT_EQ(arbiter_.TryAllocate(kB), TryResult::kAlreadyWaiting);
}

TEST_F(PortArbiterTest, SecondAllocateByWaiterKeepsItsPlaceAndRequest) {
  OwnedByAWith({kB, kC});
  RequestId b_request = Last(kB);
  arbiter_.Allocate(kB);
  EXPECT_EQ(Last(kB), b_request);
  EXPECT_EQ(arbiter_.Waiters(), 2);
  arbiter_.Free(kA);
  EXPECT_EQ(arbiter_.ChosenNext(), kB);
}

TEST_F(PortArbiterTest, ChosenWaiterCountsAsAlreadyWaiting) {
  ReleasingFromAWith({kB});
  EXPECT_EQ(arbiter_.Allocate(kB), AllocateResult::kAlreadyWaiting);
  EXPECT_EQ(arbiter_.TryAllocate(kB), TryResult::kAlreadyWaiting);
}

TEST_F(PortArbiterTest, RefusedSecondRequestEndsNothing) {
  OwnedByAWith({kB});
  size_t ended = listener_.ended.size();
  arbiter_.Allocate(kA);
  arbiter_.Allocate(kB);
  EXPECT_EQ(listener_.ended.size(), ended);
}

// --- Rule 2: TryAllocate never blocks and never jumps the queue ------------------------------

TEST_F(PortArbiterTest, TryGrantsFreePort) {
  EXPECT_EQ(arbiter_.TryAllocate(kA), TryResult::kGranted);
  EXPECT_EQ(arbiter_.Owner(), kA);
}

TEST_F(PortArbiterTest, TryAnswersBusyWhenPortIsOwned) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.TryAllocate(kB), TryResult::kBusy);
}

TEST_F(PortArbiterTest, TryAnswersBusyDuringRelease) {
  ReleasingFromAWith({});
  EXPECT_EQ(arbiter_.TryAllocate(kB), TryResult::kBusy);
}

TEST_F(PortArbiterTest, TryDoesNotJumpRequestQueuedDuringRelease) {
  ReleasingFromAWith({});
  ASSERT_EQ(arbiter_.Allocate(kB), AllocateResult::kPending);
  ASSERT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kGrantedNext);
  EXPECT_EQ(arbiter_.TryAllocate(kC), TryResult::kBusy);
  EXPECT_EQ(arbiter_.Owner(), kB);
}

TEST_F(PortArbiterTest, BusyTryCreatesNoRequest) {
  OwnedByAWith({});
  arbiter_.TryAllocate(kB);
  EXPECT_FALSE(arbiter_.LastRequest(kB).has_value());
  EXPECT_FALSE(arbiter_.IsPending(kB));
  EXPECT_EQ(arbiter_.Waiters(), 0);
}

// --- Rule 3: queued allocate, FIFO, timeouts -------------------------------------------------

TEST_F(PortArbiterTest, AllocateGrantsFreePortAtOnce) {
  EXPECT_EQ(arbiter_.Allocate(kA), AllocateResult::kGranted);
  EXPECT_EQ(arbiter_.Owner(), kA);
}

TEST_F(PortArbiterTest, AllocateQueuesWhenPortIsOwned) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.Allocate(kB), AllocateResult::kPending);
  EXPECT_TRUE(arbiter_.IsPending(kB));
  EXPECT_EQ(arbiter_.State(kB), ClientState::kQueued);
}

TEST_F(PortArbiterTest, AllocateQueuesDuringRelease) {
  ReleasingFromAWith({});
  EXPECT_EQ(arbiter_.Allocate(kB), AllocateResult::kPending);
  EXPECT_FALSE(arbiter_.Owner().has_value());
}

TEST_F(PortArbiterTest, QueuedRequestsAreGrantedFirstInFirstOut) {
  OwnedByAWith({kD, kB, kC});
  std::vector<ClientId> order;
  for (ClientId holder = kA; order.size() < 3; holder = *arbiter_.Owner()) {
    arbiter_.Free(holder);
    arbiter_.CompleteRelease();
    order.push_back(*arbiter_.Owner());
  }
  EXPECT_EQ(order, (std::vector<ClientId>{kD, kB, kC}));
}

TEST_F(PortArbiterTest, TimeOutEndsQueuedRequestAsTimedOut) {
  OwnedByAWith({kB});
  EXPECT_EQ(arbiter_.TimeOut(kB), TimeoutResult::kTimedOut);
  EXPECT_EQ(listener_.ended.back(), (EndedRequest{kB, Last(kB), RequestOutcome::kTimedOut}));
  EXPECT_FALSE(arbiter_.IsPending(kB));
  EXPECT_EQ(arbiter_.Waiters(), 0);
}

TEST_F(PortArbiterTest, TimedOutWaiterIsSkippedByNextFree) {
  OwnedByAWith({kB, kC});
  arbiter_.TimeOut(kB);
  arbiter_.Free(kA);
  EXPECT_EQ(arbiter_.ChosenNext(), kC);
}

TEST_F(PortArbiterTest, TimeOutOfOwnerAnswersNotPending) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.TimeOut(kA), TimeoutResult::kNotPending);
  EXPECT_EQ(arbiter_.Owner(), kA);
}

TEST_F(PortArbiterTest, TimeOutOfChosenWaiterAnswersNotPending) {
  ReleasingFromAWith({kB});
  EXPECT_EQ(arbiter_.TimeOut(kB), TimeoutResult::kNotPending);
  EXPECT_EQ(arbiter_.ChosenNext(), kB);
}

TEST_F(PortArbiterTest, TimeOutOfIdleClientAnswersNotPending) {
  EXPECT_EQ(arbiter_.TimeOut(kB), TimeoutResult::kNotPending);
}

// --- Rule 4: free and release ----------------------------------------------------------------

TEST_F(PortArbiterTest, FreeByNonOwnerAnswersNotOwnerAndChangesNothing) {
  OwnedByAWith({kB});
  ASSERT_EQ(arbiter_.SetMode(kA, ChipMode::kEcp), ModeResult::kOk);
  EXPECT_EQ(arbiter_.Free(kC), FreeResult::kNotOwner);
  EXPECT_EQ(arbiter_.Free(kB), FreeResult::kNotOwner);
  EXPECT_EQ(arbiter_.Owner(), kA);
  EXPECT_FALSE(arbiter_.Releasing());
  EXPECT_EQ(arbiter_.Waiters(), 1);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kEcp);
}

TEST_F(PortArbiterTest, FreeOfUnownedPortAnswersNotOwner) {
  EXPECT_EQ(arbiter_.Free(kA), FreeResult::kNotOwner);
  EXPECT_EQ(arbiter_.CounterView(), -1);
  EXPECT_EQ(arbiter_.TryAllocate(kA), TryResult::kGranted);
}

TEST_F(PortArbiterTest, DoubleFreeAnswersNotOwner) {
  ReleasingFromAWith({});
  EXPECT_EQ(arbiter_.Free(kA), FreeResult::kNotOwner);
  arbiter_.CompleteRelease();
  EXPECT_EQ(arbiter_.Free(kA), FreeResult::kNotOwner);
}

TEST_F(PortArbiterTest, FreeByChosenWaiterBeforeGrantAnswersNotOwner) {
  ReleasingFromAWith({kB});
  EXPECT_EQ(arbiter_.Free(kB), FreeResult::kNotOwner);
  EXPECT_EQ(arbiter_.ChosenNext(), kB);
}

TEST_F(PortArbiterTest, FreeReturnsPortToCompatibilityMode) {
  OwnedByAWith({});
  ASSERT_EQ(arbiter_.SetMode(kA, ChipMode::kEpp), ModeResult::kOk);
  arbiter_.Free(kA);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kCompatibility);
}

TEST_F(PortArbiterTest, FreeHandsPortToOldestWaiter) {
  OwnedByAWith({kC, kB});
  arbiter_.Free(kA);
  EXPECT_EQ(arbiter_.ChosenNext(), kC);
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kGrantedNext);
  EXPECT_EQ(arbiter_.Owner(), kC);
}

TEST_F(PortArbiterTest, ChosenWaiterLeavesQueueAtOnce) {
  OwnedByAWith({kB, kC});
  arbiter_.Free(kA);
  EXPECT_EQ(arbiter_.Waiters(), 1);
  EXPECT_EQ(arbiter_.State(kB), ClientState::kChosen);
  EXPECT_TRUE(arbiter_.IsPending(kB));
}

TEST_F(PortArbiterTest, NobodyOwnsPortDuringRelease) {
  ReleasingFromAWith({kB});
  EXPECT_TRUE(arbiter_.Releasing());
  EXPECT_FALSE(arbiter_.Owner().has_value());
}

TEST_F(PortArbiterTest, CompleteReleaseGrantsChosenWaiter) {
  ReleasingFromAWith({kB});
  RequestId b_request = Last(kB);
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kGrantedNext);
  EXPECT_EQ(arbiter_.Owner(), kB);
  EXPECT_FALSE(arbiter_.Releasing());
  EXPECT_EQ(listener_.ended.back(), (EndedRequest{kB, b_request, RequestOutcome::kGranted}));
}

TEST_F(PortArbiterTest, CompleteReleaseWithNobodyChosenLeavesPortFree) {
  ReleasingFromAWith({});
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kPortFree);
  EXPECT_FALSE(arbiter_.Owner().has_value());
  EXPECT_EQ(arbiter_.TryAllocate(kB), TryResult::kGranted);
}

TEST_F(PortArbiterTest, CompleteReleaseGrantsOldestRequestQueuedDuringIt) {
  ReleasingFromAWith({});
  arbiter_.Allocate(kC);
  arbiter_.Allocate(kB);
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kGrantedNext);
  EXPECT_EQ(arbiter_.Owner(), kC);
  EXPECT_EQ(arbiter_.Waiters(), 1);
}

TEST_F(PortArbiterTest, CompleteReleaseWithoutReleaseAnswersNoRelease) {
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kNoRelease);
  OwnedByAWith({kB});
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kNoRelease);
  EXPECT_EQ(arbiter_.Owner(), kA);
}

TEST_F(PortArbiterTest, TenuresRecordGrantAndFreeTimes) {
  arbiter_.SetTime(100);
  OwnedByAWith({kB});
  arbiter_.SetTime(250);
  arbiter_.Free(kA);
  arbiter_.SetTime(300);
  arbiter_.CompleteRelease();
  const std::vector<Tenure>& log = arbiter_.tenures();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].client, kA);
  EXPECT_EQ(log[0].granted_at, 100u);
  EXPECT_EQ(log[0].freed_at, 250u);
  EXPECT_EQ(log[1].client, kB);
  EXPECT_EQ(log[1].request, Last(kB));
  EXPECT_EQ(log[1].granted_at, 300u);
  EXPECT_FALSE(log[1].freed_at.has_value());
}

TEST_F(PortArbiterTest, TenureLogKeepsTheLatestAndCountsThemAll) {
  constexpr uint64_t kTenures = 5 * PortArbiter::kTenuresKept + 3;
  for (uint64_t i = 0; i < kTenures; ++i) {
    arbiter_.SetTime(10 * i);
    ASSERT_EQ(arbiter_.Allocate(kA), AllocateResult::kGranted);
    arbiter_.SetTime(10 * i + 5);
    ASSERT_EQ(arbiter_.Free(kA), FreeResult::kFreed);
    arbiter_.CompleteRelease();
  }
  const std::vector<Tenure>& log = arbiter_.tenures();
  EXPECT_EQ(arbiter_.tenure_count(), kTenures);
  EXPECT_GE(log.size(), PortArbiter::kTenuresKept);
  EXPECT_LE(log.size(), 2 * PortArbiter::kTenuresKept);
  EXPECT_EQ(log.back().granted_at, 10 * (kTenures - 1));
  EXPECT_EQ(log.back().freed_at, 10 * (kTenures - 1) + 5);
  // Oldest first, with none missing among those kept.
  EXPECT_EQ(log.front().granted_at, 10 * (kTenures - log.size()));
}

// --- Rule 5: Waiters() -----------------------------------------------------------------------

TEST_F(PortArbiterTest, WaitersNeverCountsOwner) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.Waiters(), 0);
}

TEST_F(PortArbiterTest, WaitersCountsQueuedRequests) {
  OwnedByAWith({kB, kC, kD});
  EXPECT_EQ(arbiter_.Waiters(), 3);
}

TEST_F(PortArbiterTest, WaitersExcludesChosenWaiter) {
  ReleasingFromAWith({kB});
  EXPECT_EQ(arbiter_.Waiters(), 0);
}

TEST_F(PortArbiterTest, WaitersCountsRequestsQueuedDuringRelease) {
  ReleasingFromAWith({kB});
  arbiter_.Allocate(kC);
  EXPECT_EQ(arbiter_.Waiters(), 1);
}

// --- Rule 6: cancel --------------------------------------------------------------------------

TEST_F(PortArbiterTest, CancelEndsQueuedRequestAsCancelled) {
  OwnedByAWith({kB});
  EXPECT_EQ(arbiter_.Cancel(kB), CancelResult::kCancelled);
  EXPECT_EQ(listener_.ended.back(), (EndedRequest{kB, Last(kB), RequestOutcome::kCancelled}));
  EXPECT_EQ(arbiter_.Waiters(), 0);
}

TEST_F(PortArbiterTest, CancelKeepsOrderOfOtherWaiters) {
  OwnedByAWith({kB, kC, kD});
  arbiter_.Cancel(kC);
  arbiter_.Free(kA);
  arbiter_.CompleteRelease();
  arbiter_.Free(kB);
  EXPECT_EQ(arbiter_.ChosenNext(), kD);
}

TEST_F(PortArbiterTest, CancelledClientRequeuesAtTail) {
  OwnedByAWith({kB, kC});
  arbiter_.Cancel(kB);
  arbiter_.Allocate(kB);
  arbiter_.Free(kA);
  EXPECT_EQ(arbiter_.ChosenNext(), kC);
}

TEST_F(PortArbiterTest, CancelOfOwnerAnswersNotPending) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.Cancel(kA), CancelResult::kNotPending);
  EXPECT_EQ(arbiter_.Owner(), kA);
}

TEST_F(PortArbiterTest, CancelOfChosenWaiterAnswersNotPending) {
  ReleasingFromAWith({kB});
  EXPECT_EQ(arbiter_.Cancel(kB), CancelResult::kNotPending);
  EXPECT_EQ(arbiter_.CompleteRelease(), ReleaseResult::kGrantedNext);
  EXPECT_EQ(arbiter_.Owner(), kB);
}

TEST_F(PortArbiterTest, CancelOfIdleClientAnswersNotPending) {
  EXPECT_EQ(arbiter_.Cancel(kB), CancelResult::kNotPending);
  EXPECT_TRUE(listener_.ended.empty());
}

// --- Rule 7: chip modes ----------------------------------------------------------------------

TEST_F(PortArbiterTest, OwnerSetsMode) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kEcp), ModeResult::kOk);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kEcp);
}

TEST_F(PortArbiterTest, SetModeByNonOwnerAnswersNotOwner) {
  OwnedByAWith({kB});
  EXPECT_EQ(arbiter_.SetMode(kB, ChipMode::kEcp), ModeResult::kNotOwner);
  EXPECT_EQ(arbiter_.SetMode(kC, ChipMode::kEcp), ModeResult::kNotOwner);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kCompatibility);
}

TEST_F(PortArbiterTest, SetModeOfUnownedPortAnswersNotOwner) {
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kEpp), ModeResult::kNotOwner);
}

TEST_F(PortArbiterTest, SetModeByChosenWaiterDuringReleaseAnswersNotOwner) {
  ReleasingFromAWith({kB});
  EXPECT_EQ(arbiter_.SetMode(kB, ChipMode::kEcp), ModeResult::kNotOwner);
}

TEST_F(PortArbiterTest, ClearModeByNonOwnerAnswersNotOwner) {
  OwnedByAWith({});
  arbiter_.SetMode(kA, ChipMode::kEcp);
  EXPECT_EQ(arbiter_.ClearMode(kB), ModeResult::kNotOwner);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kEcp);
}

TEST_F(PortArbiterTest, ClearModeReturnsToCompatibility) {
  OwnedByAWith({});
  arbiter_.SetMode(kA, ChipMode::kEcp);
  EXPECT_EQ(arbiter_.ClearMode(kA), ModeResult::kOk);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kCompatibility);
}

TEST_F(PortArbiterTest, SwitchBetweenExtendedModesIsRejected) {
  OwnedByAWith({});
  arbiter_.SetMode(kA, ChipMode::kEcp);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kEpp), ModeResult::kRejected);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kEcp);
}

TEST_F(PortArbiterTest, ExtendedModeIsAcceptedFromPs2) {
  OwnedByAWith({});
  ASSERT_EQ(arbiter_.SetMode(kA, ChipMode::kPs2Byte), ModeResult::kOk);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kCompatibilityFifo), ModeResult::kOk);
}

TEST_F(PortArbiterTest, BaseModeIsAcceptedFromExtendedMode) {
  OwnedByAWith({});
  ASSERT_EQ(arbiter_.SetMode(kA, ChipMode::kEcp), ModeResult::kOk);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kPs2Byte), ModeResult::kOk);
}

TEST_F(PortArbiterTest, SettingTheCurrentExtendedModeAgainIsAccepted) {
  OwnedByAWith({});
  ASSERT_EQ(arbiter_.SetMode(kA, ChipMode::kCompatibilityFifo), ModeResult::kOk);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kCompatibilityFifo), ModeResult::kOk);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kEcp), ModeResult::kRejected);
}

TEST_F(PortArbiterTest, NibbleModeCountsAsCompatibilityForModeSwitches) {
  OwnedByAWith({});
  ASSERT_EQ(arbiter_.SetMode(kA, ChipMode::kCompatibilityFifo), ModeResult::kOk);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kNibble), ModeResult::kOk);
  EXPECT_EQ(arbiter_.SetMode(kA, ChipMode::kEpp), ModeResult::kOk);
}

TEST_F(PortArbiterTest, UnknownModeValueIsRejected) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.SetMode(kA, static_cast<ChipMode>(42)), ModeResult::kRejected);
  EXPECT_EQ(arbiter_.Mode(), ChipMode::kCompatibility);
}

// --- Rule 8: every request ends exactly once -------------------------------------------------

TEST_F(PortArbiterTest, GrantedTryEndsItsRequestAtOnce) {
  arbiter_.TryAllocate(kA);
  EXPECT_EQ(listener_.ended,
            (std::vector<EndedRequest>{{kA, Last(kA), RequestOutcome::kGranted}}));
}

TEST_F(PortArbiterTest, ImmediateAllocateGrantEndsItsRequestAtOnce) {
  arbiter_.Allocate(kA);
  EXPECT_EQ(listener_.ended,
            (std::vector<EndedRequest>{{kA, Last(kA), RequestOutcome::kGranted}}));
}

TEST_F(PortArbiterTest, RequestIdsAreFreshPerRequest) {
  arbiter_.Allocate(kA);
  RequestId first = Last(kA);
  arbiter_.Free(kA);
  arbiter_.CompleteRelease();
  arbiter_.Allocate(kA);
  EXPECT_GT(Last(kA), first);
}

TEST_F(PortArbiterTest, EveryRequestOfAMixedRunEndsExactlyOnce) {
  OwnedByAWith({kB, kC, kD});  // requests 1..4
  arbiter_.Cancel(kC);
  arbiter_.TimeOut(kD);
  arbiter_.Cancel(kD);  // already ended: must not end again
  arbiter_.Free(kA);
  arbiter_.Cancel(kB);  // chosen: must not end as cancelled
  arbiter_.CompleteRelease();
  std::vector<EndedRequest> expected = {{kA, 1, RequestOutcome::kGranted},
                                        {kC, 3, RequestOutcome::kCancelled},
                                        {kD, 4, RequestOutcome::kTimedOut},
                                        {kB, 2, RequestOutcome::kGranted}};
  EXPECT_EQ(listener_.ended, expected);
}

// --- Rule 9: the driver's counter view -------------------------------------------------------

TEST_F(PortArbiterTest, CounterIsMinusOneWhenFree) { EXPECT_EQ(arbiter_.CounterView(), -1); }

TEST_F(PortArbiterTest, CounterIsZeroWhenOwnedWithNobodyWaiting) {
  OwnedByAWith({});
  EXPECT_EQ(arbiter_.CounterView(), 0);
}

TEST_F(PortArbiterTest, CounterCountsWaitersWhenOwned) {
  OwnedByAWith({kB, kC});
  EXPECT_EQ(arbiter_.CounterView(), 2);
}

TEST_F(PortArbiterTest, CounterCountsChosenWaiterAsOwnerDuringRelease) {
  ReleasingFromAWith({kB, kC});
  EXPECT_EQ(arbiter_.CounterView(), 1);
}

TEST_F(PortArbiterTest, CounterIsMinusOneDuringReleaseWithNobodyChosen) {
  ReleasingFromAWith({});
  EXPECT_EQ(arbiter_.CounterView(), -1);
}

TEST_F(PortArbiterTest, CounterCountsOldestRequestQueuedDuringReleaseAsOwnerToBe) {
  ReleasingFromAWith({});
  arbiter_.Allocate(kB);
  arbiter_.Allocate(kC);
  EXPECT_EQ(arbiter_.CounterView(), 1);
  arbiter_.CompleteRelease();
  EXPECT_EQ(arbiter_.CounterView(), 1);
}

// Execute is the one entry the testbench uses: each command kind runs its own operation.
TEST(PortArbiterExecute, EachCommandRunsItsOperation) {
  PortArbiter arbiter(3);
  using K = CommandKind;
  EXPECT_EQ(arbiter.Execute({K::kTryAllocate, 0}), CommandResult(TryResult::kGranted));
  EXPECT_EQ(arbiter.Execute({K::kAllocate, 1}), CommandResult(AllocateResult::kPending));
  EXPECT_EQ(arbiter.Execute({K::kAllocate, 2}), CommandResult(AllocateResult::kPending));
  EXPECT_EQ(arbiter.Execute({K::kSetMode, 0, ChipMode::kEcp}), CommandResult(ModeResult::kOk));
  EXPECT_EQ(arbiter.Mode(), ChipMode::kEcp);
  EXPECT_EQ(arbiter.Execute({K::kClearMode, 0}), CommandResult(ModeResult::kOk));
  EXPECT_EQ(arbiter.Mode(), ChipMode::kCompatibility);
  EXPECT_EQ(arbiter.Execute({K::kTimeOut, 2}), CommandResult(TimeoutResult::kTimedOut));
  EXPECT_EQ(arbiter.Execute({K::kCancel, 2}), CommandResult(CancelResult::kNotPending));
  EXPECT_EQ(arbiter.Execute({K::kFree, 0}), CommandResult(FreeResult::kFreed));
  EXPECT_EQ(arbiter.Execute({K::kCompleteRelease}), CommandResult(ReleaseResult::kGrantedNext));
  EXPECT_EQ(arbiter.Owner(), 1);
}

TEST(PortArbiterView, CarriesTheFactsOfTheState) {
  PortArbiter arbiter(4);
  arbiter.Allocate(3);
  arbiter.Allocate(1);
  arbiter.Allocate(2);
  arbiter.Free(3);
  const PortView view = arbiter.View();
  EXPECT_EQ(view.owner, std::nullopt);
  EXPECT_EQ(view.chosen, 1);
  EXPECT_EQ(view.departing, 3);
  EXPECT_TRUE(view.releasing);
  EXPECT_EQ(view.waiters, 1);
  EXPECT_EQ(view.pending, 0b0110u);
  EXPECT_TRUE(view.IsPending(2));
  EXPECT_FALSE(view.IsPending(3));
  EXPECT_EQ(view.num_clients, 4);
  arbiter.CompleteRelease();
  EXPECT_EQ(arbiter.View().owner, 1);
  EXPECT_EQ(arbiter.View().departing, std::nullopt);
}

}  // namespace
}  // namespace ppmodel
