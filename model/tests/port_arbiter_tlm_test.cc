// The SystemC face: client threads blocking in Allocate, the TLM socket, release timing.
// A SystemC kernel elaborates once per process, so ctest runs each test in its own process.
#include "ppmodel/port_arbiter_tlm.h"

#include <ostream>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace ppmodel {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

const sc_time kForever = sc_core::sc_max_time();

sc_time Ns(double ns) { return sc_time(ns, SC_NS); }

struct Grant {
  ClientId client;
  sc_time at;
  bool operator==(const Grant& o) const { return client == o.client && at == o.at; }
};

void PrintTo(const Grant& g, std::ostream* os) {
  *os << "{client " << g.client << " at " << g.at.to_string() << "}";
}

class SystemCTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int tests_in_process = 0;
    ASSERT_EQ(++tests_in_process, 1)
        << "a SystemC kernel elaborates once per process: run these tests through ctest, or "
           "one at a time with --gtest_filter";
  }
};

// A client thread: starts at `start`, blocks in Allocate, holds the port for `hold`, frees.
// Records when it was granted; returns the outcome through `outcome`.
void SpawnClient(PortArbiterTlm& arbiter, ClientId client, sc_time start, sc_time timeout,
                 sc_time hold, std::vector<Grant>* grants, RequestOutcome* outcome = nullptr) {
  sc_core::sc_spawn([&arbiter, client, start, timeout, hold, grants, outcome] {
    sc_core::wait(start);
    RequestOutcome result = arbiter.Allocate(client, timeout);
    if (outcome != nullptr) *outcome = result;
    if (result != RequestOutcome::kGranted) return;
    grants->push_back({client, sc_core::sc_time_stamp()});
    sc_core::wait(hold);
    EXPECT_EQ(arbiter.Free(client), FreeResult::kFreed) << "client " << client;
  });
}

TEST_F(SystemCTest, ClientThreadsAreGrantedInRequestOrder) {
  PortArbiterTlm arbiter("arbiter", 4);
  arbiter.EnableAutoRelease(Ns(5));
  std::vector<Grant> grants;
  // Requests arrive 3, 1, 2: the order of arrival, not of client number, decides.
  SpawnClient(arbiter, 0, Ns(0), kForever, Ns(100), &grants);
  SpawnClient(arbiter, 3, Ns(10), kForever, Ns(20), &grants);
  SpawnClient(arbiter, 1, Ns(20), kForever, Ns(20), &grants);
  SpawnClient(arbiter, 2, Ns(30), kForever, Ns(20), &grants);
  sc_core::sc_start();
  std::vector<Grant> expected = {{0, Ns(0)}, {3, Ns(105)}, {1, Ns(130)}, {2, Ns(155)}};
  EXPECT_EQ(grants, expected);
  EXPECT_FALSE(arbiter.model().Owner().has_value());
  EXPECT_EQ(arbiter.model().tenures().size(), 4u);
}

TEST_F(SystemCTest, WaiterWhoseTimeoutExpiresReturnsTimedOut) {
  PortArbiterTlm arbiter("arbiter", 3);
  arbiter.EnableAutoRelease(Ns(5));
  std::vector<Grant> grants;
  RequestOutcome outcome = RequestOutcome::kGranted;
  sc_time returned_at;
  SpawnClient(arbiter, 0, Ns(0), kForever, Ns(100), &grants);
  sc_core::sc_spawn([&] {
    sc_core::wait(Ns(10));
    outcome = arbiter.Allocate(1, Ns(30));
    returned_at = sc_core::sc_time_stamp();
  });
  SpawnClient(arbiter, 2, Ns(20), kForever, Ns(10), &grants);
  sc_core::sc_start();
  EXPECT_EQ(outcome, RequestOutcome::kTimedOut);
  EXPECT_EQ(returned_at, Ns(40));
  std::vector<Grant> expected = {{0, Ns(0)}, {2, Ns(105)}};
  EXPECT_EQ(grants, expected);
}

TEST_F(SystemCTest, ChosenWaiterIsGrantedEvenIfItsTimerExpiresDuringRelease) {
  PortArbiterTlm arbiter("arbiter", 2);
  arbiter.EnableAutoRelease(Ns(50));
  std::vector<Grant> grants;
  RequestOutcome outcome = RequestOutcome::kTimedOut;
  SpawnClient(arbiter, 0, Ns(0), kForever, Ns(100), &grants);
  SpawnClient(arbiter, 1, Ns(10), Ns(120), Ns(10), &grants, &outcome);  // expires at 130 ns
  sc_core::sc_start();
  EXPECT_EQ(outcome, RequestOutcome::kGranted);
  std::vector<Grant> expected = {{0, Ns(0)}, {1, Ns(150)}};
  EXPECT_EQ(grants, expected);
}

TEST_F(SystemCTest, CancelledWaiterWakesWithCancelled) {
  PortArbiterTlm arbiter("arbiter", 2);
  std::vector<Grant> grants;
  RequestOutcome outcome = RequestOutcome::kGranted;
  sc_time returned_at;
  SpawnClient(arbiter, 0, Ns(0), kForever, Ns(100), &grants);
  sc_core::sc_spawn([&] {
    sc_core::wait(Ns(10));
    outcome = arbiter.Allocate(1, kForever);
    returned_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_spawn([&] {
    sc_core::wait(Ns(50));
    EXPECT_EQ(arbiter.Cancel(1), CancelResult::kCancelled);
  });
  sc_core::sc_start();
  EXPECT_EQ(outcome, RequestOutcome::kCancelled);
  EXPECT_EQ(returned_at, Ns(50));
}

TEST_F(SystemCTest, ReleaseCompletesWhenToldFromOutside) {
  PortArbiterTlm arbiter("arbiter", 2);
  std::vector<Grant> grants;
  SpawnClient(arbiter, 0, Ns(0), kForever, Ns(100), &grants);
  SpawnClient(arbiter, 1, Ns(10), kForever, Ns(10), &grants);
  sc_core::sc_spawn([&] {
    sc_core::wait(Ns(200));
    EXPECT_EQ(arbiter.CompleteRelease(), ReleaseResult::kGrantedNext);
    sc_core::wait(Ns(100));
    EXPECT_EQ(arbiter.CompleteRelease(), ReleaseResult::kPortFree);
  });
  sc_core::sc_start();
  std::vector<Grant> expected = {{0, Ns(0)}, {1, Ns(200)}};
  EXPECT_EQ(grants, expected);
  EXPECT_EQ(arbiter.model().tenures()[1].granted_at, 200000u);  // picoseconds
}

TEST_F(SystemCTest, RefusedBlockingAllocateIsReportedAsError) {
  PortArbiterTlm arbiter("arbiter", 2);
  sc_core::sc_report_handler::set_actions("ppmodel/PortArbiterTlm", sc_core::SC_ERROR,
                                          sc_core::SC_THROW);
  sc_core::sc_spawn([&] {
    arbiter.Allocate(0, kForever);
    arbiter.Allocate(0, kForever);  // already the owner
  });
  EXPECT_THROW(sc_core::sc_start(), sc_core::sc_report);
}

// An initiator that sends one ArbiterExtension per generic payload.
class Initiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Initiator> socket;

  explicit Initiator(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") {}

  ArbiterExtension Send(ArbiterOp op, Command command = {}, sc_time timeout = kForever) {
    ArbiterExtension ext;
    ext.op = op;
    ext.command = command;
    ext.timeout = timeout;
    tlm::tlm_generic_payload payload;
    payload.set_command(tlm::TLM_IGNORE_COMMAND);
    payload.set_extension(&ext);
    sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(payload, delay);
    payload.clear_extension(&ext);
    EXPECT_EQ(payload.get_response_status(), tlm::TLM_OK_RESPONSE) << ToString(op);
    return ext;
  }
};

class TlmTest : public SystemCTest {
 protected:
  TlmTest() : arbiter_("arbiter", 3), initiator_("initiator") {
    initiator_.socket.bind(arbiter_.socket);
  }

  PortArbiterTlm arbiter_;
  Initiator initiator_;
};

TEST_F(TlmTest, SocketCarriesOperationsAndTheirResults) {
  sc_core::sc_spawn([&] {
    auto send = [&](CommandKind kind, ClientId c = 0, ChipMode m = ChipMode::kCompatibility) {
      return initiator_.Send(ArbiterOp::kCommand, {kind, c, m}).result;
    };
    using K = CommandKind;
    EXPECT_EQ(send(K::kTryAllocate, 0), CommandResult(TryResult::kGranted));
    EXPECT_EQ(send(K::kTryAllocate, 1), CommandResult(TryResult::kBusy));
    EXPECT_EQ(send(K::kAllocate, 1), CommandResult(AllocateResult::kPending));
    EXPECT_EQ(send(K::kAllocate, 2), CommandResult(AllocateResult::kPending));
    EXPECT_EQ(initiator_.Send(ArbiterOp::kQueryWaiters).value, 2);
    EXPECT_EQ(initiator_.Send(ArbiterOp::kQueryCounter).value, 2);
    EXPECT_EQ(send(K::kSetMode, 1, ChipMode::kEcp), CommandResult(ModeResult::kNotOwner));
    EXPECT_EQ(send(K::kSetMode, 0, ChipMode::kEcp), CommandResult(ModeResult::kOk));
    EXPECT_EQ(send(K::kClearMode, 0), CommandResult(ModeResult::kOk));
    EXPECT_EQ(send(K::kTimeOut, 2), CommandResult(TimeoutResult::kTimedOut));
    EXPECT_EQ(send(K::kFree, 1), CommandResult(FreeResult::kNotOwner));
    EXPECT_EQ(send(K::kFree, 0), CommandResult(FreeResult::kFreed));
    EXPECT_EQ(send(K::kCancel, 1), CommandResult(CancelResult::kNotPending));
    EXPECT_EQ(send(K::kCompleteRelease), CommandResult(ReleaseResult::kGrantedNext));
    EXPECT_EQ(arbiter_.model().Owner(), 1);
  });
  sc_core::sc_start();
}

TEST_F(TlmTest, BlockingAllocateThroughSocketWaitsForTheGrant) {
  arbiter_.EnableAutoRelease(Ns(5));
  std::vector<Grant> grants;
  SpawnClient(arbiter_, 0, Ns(0), kForever, Ns(100), &grants);
  RequestOutcome result = RequestOutcome::kCancelled;
  sc_time returned_at;
  sc_core::sc_spawn([&] {
    sc_core::wait(Ns(10));
    result = initiator_.Send(ArbiterOp::kAllocateBlocking, {CommandKind::kAllocate, 1},
                             Ns(500)).outcome;
    returned_at = sc_core::sc_time_stamp();
  });
  sc_core::sc_start();
  EXPECT_EQ(result, RequestOutcome::kGranted);
  EXPECT_EQ(returned_at, Ns(105));
}

TEST_F(TlmTest, DebugTransportReadsTheViewWithoutChangingIt) {
  sc_core::sc_spawn([&] {
    initiator_.Send(ArbiterOp::kCommand, {CommandKind::kAllocate, 2});
    initiator_.Send(ArbiterOp::kCommand, {CommandKind::kAllocate, 0});
    initiator_.Send(ArbiterOp::kCommand, {CommandKind::kFree, 2});
    PortView view;
    tlm::tlm_generic_payload payload;
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_data_ptr(reinterpret_cast<unsigned char*>(&view));
    payload.set_data_length(sizeof view);
    EXPECT_EQ(initiator_.socket->transport_dbg(payload), sizeof view);
    EXPECT_EQ(view.owner, std::nullopt);
    EXPECT_EQ(view.chosen, 0);
    EXPECT_EQ(view.departing, 2);
    EXPECT_TRUE(view.releasing);
    EXPECT_TRUE(view.IsPending(0));
    EXPECT_FALSE(view.IsPending(2));
    EXPECT_EQ(view.num_clients, 3);
    // A buffer too small for the view is refused.
    payload.set_data_length(sizeof view - 1);
    EXPECT_EQ(initiator_.socket->transport_dbg(payload), 0u);
    EXPECT_EQ(payload.get_response_status(), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_TRUE(arbiter_.model().Releasing());
  });
  sc_core::sc_start();
}

TEST_F(TlmTest, PayloadWithoutExtensionGetsErrorResponse) {
  tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
  sc_core::sc_spawn([&] {
    tlm::tlm_generic_payload payload;
    payload.set_command(tlm::TLM_IGNORE_COMMAND);
    sc_time delay = sc_core::SC_ZERO_TIME;
    initiator_.socket->b_transport(payload, delay);
    status = payload.get_response_status();
  });
  sc_core::sc_start();
  EXPECT_EQ(status, tlm::TLM_GENERIC_ERROR_RESPONSE);
}

}  // namespace
}  // namespace ppmodel

int sc_main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
