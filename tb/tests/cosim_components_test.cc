// The testbench's own checkers, each shown to catch what it is there to catch.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "cosim_engine.h"
#include "dut_harness.h"
#include "pin_monitor.h"
#include "ppcosim/regmap.h"
#include "ppmodel/port_arbiter.h"
#include "scoreboard.h"
#include "script.h"

namespace ppcosim {
namespace {

class ScoreboardTest : public ::testing::Test {
 protected:
  ScoreboardTest() : scoreboard_(model_, coverage_) {}

  // The model's answer to an operation accepted at `cycle`.
  Reply Run(OpKind kind, int client, uint64_t cycle) {
    Op op;
    op.kind = kind;
    op.client = client;
    return scoreboard_.ModelAnswer(op, cycle);
  }

  DirectModelPort model_{4};
  Coverage coverage_;
  Scoreboard scoreboard_;
};

TEST_F(ScoreboardTest, AgreeingAnswersPass) {
  const Reply model = Run(OpKind::kAllocate, 0, 10);
  EXPECT_EQ(model.answer, Answer::kGranted);
  Op op{OpKind::kAllocate, 0};
  EXPECT_TRUE(scoreboard_.Check(op, model, {Answer::kGranted, 0}, 10));
  EXPECT_TRUE(scoreboard_.mismatches().empty());
}

TEST_F(ScoreboardTest, DisagreeingAnswerIsReportedWithBothSides) {
  Op op{OpKind::kTry, 1};
  EXPECT_FALSE(scoreboard_.Check(op, {Answer::kFalse, 0}, {Answer::kTrue, 0}, 77));
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kAnswer);
  EXPECT_EQ(scoreboard_.mismatches()[0].cycle, 77u);
  EXPECT_EQ(scoreboard_.mismatches()[0].text, "try: model said false, RTL said true");
}

TEST_F(ScoreboardTest, ExpectationBindsBothSides) {
  Op op{OpKind::kWaiters, 2};
  op.expect = Reply{Answer::kValue, 1};
  op.line = 12;
  EXPECT_FALSE(scoreboard_.Check(op, {Answer::kValue, 1}, {Answer::kValue, 2}, 5));
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kExpectation);
  EXPECT_EQ(scoreboard_.mismatches()[0].line, 12);
}

TEST_F(ScoreboardTest, WriteThatLostBytesMustSayHowMany) {
  Run(OpKind::kAllocate, 0, 10);
  Op write{OpKind::kWrite, 0};
  write.bytes = {1, 2, 3};
  // The RTL took one byte of three: the driver gave two up, and must say so.
  const Reply model = scoreboard_.ModelWriteAnswer(write, 20, 1);
  EXPECT_EQ(model, (Reply{Answer::kGaveUp, 2}));
  EXPECT_FALSE(scoreboard_.Check(write, model, {Answer::kOk, 0}, 20));
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].text, "write: model said gave-up 2, RTL said ok");
  EXPECT_EQ(scoreboard_.bytes().not_written, 2u);
}

TEST_F(ScoreboardTest, GaveUpCountMustMatchTheBytesTaken) {
  Run(OpKind::kAllocate, 0, 10);
  Op write{OpKind::kWrite, 0};
  write.bytes = {1, 2, 3};
  write.expect = Reply{Answer::kGaveUp, 2};
  const Reply model = scoreboard_.ModelWriteAnswer(write, 20, 1);
  EXPECT_TRUE(scoreboard_.Check(write, model, {Answer::kGaveUp, 2}, 20));
  EXPECT_FALSE(scoreboard_.Check(write, model, {Answer::kGaveUp, 3}, 30));
  // Every byte taken: ok, and nobody else may write at all.
  EXPECT_EQ(scoreboard_.ModelWriteAnswer(write, 40, 3), (Reply{Answer::kOk, 0}));
  Op other{OpKind::kWrite, 1};
  other.bytes = {4};
  EXPECT_EQ(scoreboard_.ModelWriteAnswer(other, 50, 0), (Reply{Answer::kNotOwner, 0}));
}

// A raw register operation of the client, as a script line.
Op RegOp(OpKind kind, int client, uint16_t addr, std::optional<Reply> expect = std::nullopt) {
  Op op{kind, client};
  op.addr = addr;
  op.expect = expect;
  op.line = 3;
  return op;
}

TEST_F(ScoreboardTest, UnmappedAddressIsABusErrorEvenForTheOwner) {
  Run(OpKind::kAllocate, 0, 10);
  const uint16_t unmapped = regmap::kHsStatus + 1;
  EXPECT_EQ(scoreboard_.ModelAnswer(RegOp(OpKind::kRegRead, 0, unmapped), 20),
            (Reply{Answer::kBusError, 0}));
  EXPECT_EQ(scoreboard_.ModelAnswer(RegOp(OpKind::kRegWrite, 0, unmapped), 30),
            (Reply{Answer::kBusError, 0}));
  EXPECT_EQ(scoreboard_.ModelAnswer(RegOp(OpKind::kRegRead, 1, regmap::kArbIrq + 1), 40),
            (Reply{Answer::kBusError, 0}));
  EXPECT_EQ(scoreboard_.ModelAnswer(RegOp(OpKind::kRegWrite, 0, regmap::kEcr), 50),
            (Reply{Answer::kOk, 0}));
}

TEST_F(ScoreboardTest, MismatchedRegReadExpectationFails) {
  Run(OpKind::kAllocate, 0, 10);
  const Op read = RegOp(OpKind::kRegRead, 0, regmap::kEcr, Reply{Answer::kValue, 0x35});
  const Reply model = scoreboard_.ModelAnswer(read, 20);
  EXPECT_FALSE(model.value_known);
  EXPECT_TRUE(scoreboard_.Check(read, model, {Answer::kValue, 0x35}, 20));
  EXPECT_FALSE(scoreboard_.Check(read, model, {Answer::kValue, 0x34}, 30));
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kExpectation);
  EXPECT_EQ(scoreboard_.mismatches()[0].text,
            "reg-read: expected 53, model said any value, RTL said 52");
}

TEST_F(ScoreboardTest, RegReadOfARegisterTheModelKeepsBindsTheModelToo) {
  Run(OpKind::kAllocate, 0, 10);
  // Nobody waits, by the model: an RTL and a script that say one waiter are both wrong.
  const Op read = RegOp(OpKind::kRegRead, 2, regmap::kArbWaiters, Reply{Answer::kValue, 1});
  const Reply model = scoreboard_.ModelAnswer(read, 20);
  EXPECT_EQ(model, (Reply{Answer::kValue, 0}));
  EXPECT_FALSE(scoreboard_.Check(read, model, {Answer::kValue, 1}, 20));
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].text, "reg-read: expected 1, model said 0, RTL said 1");
  // Without an expectation the two must agree.
  EXPECT_FALSE(scoreboard_.Check(RegOp(OpKind::kRegRead, 2, regmap::kArbWaiters), model,
                                 {Answer::kValue, 1}, 30));
}

TEST_F(ScoreboardTest, GrantToAnotherClientThanTheModelsOwnerIsCaught) {
  Run(OpKind::kAllocate, 0, 10);
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 11, 0b0100});
  scoreboard_.Sync();
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kOwner);
}

TEST_F(ScoreboardTest, ReleaseCompletionIsAppliedInTheRtlsOrder) {
  Run(OpKind::kAllocate, 0, 10);
  Run(OpKind::kAllocate, 1, 20);
  Run(OpKind::kFree, 0, 30);
  // The RTL finished the release at cycle 40 and granted client 1 there.
  scoreboard_.OnArbEvent({ArbEventKind::kReleaseDone, 40, 0b0010});
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 40, 0b0010});
  // A try the RTL accepted at cycle 40 saw the release still in progress...
  EXPECT_EQ(Run(OpKind::kTry, 2, 40).answer, Answer::kFalse);
  // ...and the grant that came with the completion matched the model.
  EXPECT_EQ(scoreboard_.model_view().owner, 1);
  EXPECT_TRUE(scoreboard_.mismatches().empty());
}

TEST_F(ScoreboardTest, WrongByteIsCaught) {
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 10, 0b0001});
  scoreboard_.OnByteWritten(0, 0x41);
  scoreboard_.OnByteLatched({0x42, true, 100});
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kByte);
}

TEST_F(ScoreboardTest, ExpectBytesAfterMoreThanItKeepsCountsTheRest) {
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 10, 0b0001});
  constexpr int kLatched = 5000;
  for (int i = 0; i < kLatched; ++i) {
    scoreboard_.OnByteWritten(0, 0x41);
    scoreboard_.OnByteLatched({0x41, true, 100 + static_cast<uint64_t>(i)});
  }
  Op op;
  op.kind = OpKind::kExpectBytes;
  op.bytes = {0x41};
  EXPECT_FALSE(scoreboard_.CheckExpectBytes(op, 9000));
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  const std::string& text = scoreboard_.mismatches()[0].text;
  EXPECT_NE(text.find(" and 904 more"), std::string::npos) << text;
  // The next expect-bytes starts afresh.
  scoreboard_.OnByteWritten(0, 0x42);
  scoreboard_.OnByteLatched({0x42, true, 9100});
  op.bytes = {0x42};
  EXPECT_TRUE(scoreboard_.CheckExpectBytes(op, 9200));
}

TEST(MismatchLogTest, KeepsTheFirstReportsAndCountsTheRest) {
  MismatchLog log;
  for (uint64_t i = 0; i < MismatchLog::kKept + 7; ++i) {
    log.Report(MismatchKind::kByte, i, 0, -1, "byte " + std::to_string(i));
  }
  ASSERT_EQ(log.mismatches().size(), MismatchLog::kKept);
  EXPECT_EQ(log.mismatches().front().text, "byte 0");
  EXPECT_EQ(log.mismatches().back().cycle, MismatchLog::kKept - 1);
  EXPECT_EQ(log.not_kept(), 7u);
}

TEST_F(ScoreboardTest, ByteNobodyWroteIsCaught) {
  scoreboard_.OnByteLatched({0x42, true, 100});
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kByte);
}

TEST_F(ScoreboardTest, ByteOfAnotherClientThanTheOwnerIsCaught) {
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 10, 0b0010});
  scoreboard_.OnByteWritten(0, 0x41);  // written by client 0, latched while client 1 owns
  scoreboard_.OnByteLatched({0x41, true, 100});
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kByte);
}

TEST_F(ScoreboardTest, DroppedCountWritesOffTheNewestBytesOnly) {
  Run(OpKind::kAllocate, 0, 10);
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 10, 0b0001});
  for (uint8_t b : {1, 2, 3, 4}) scoreboard_.OnByteWritten(0, b);
  // The chip says it discarded two: the FIFO's two newest; byte 1 is on the wire, 2 queued.
  scoreboard_.OnDropReading({0, 2, 50, DropCause::kModeChange});
  scoreboard_.OnByteLatched({1, true, 60});
  scoreboard_.OnByteLatched({2, true, 70});
  EXPECT_TRUE(scoreboard_.mismatches().empty());
  EXPECT_EQ(scoreboard_.bytes().discarded, 2u);
  EXPECT_EQ(scoreboard_.pending_bytes(), 0u);
}

TEST_F(ScoreboardTest, DroppedCountBeyondTheUndeliveredBytesIsCaught) {
  Run(OpKind::kAllocate, 0, 10);
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 10, 0b0001});
  scoreboard_.OnByteWritten(0, 1);
  scoreboard_.OnDropReading({0, 3, 50, DropCause::kModeChange});  // three discarded, one written
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kDropCount);
}

TEST_F(ScoreboardTest, UndrivenByteIsCaught) {
  scoreboard_.OnByteWritten(0, 0x41);
  scoreboard_.OnByteLatched({0x41, false, 100});
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kUndrivenByte);
}

TEST_F(ScoreboardTest, BytesThatNeverArriveMustBeTheDropCount) {
  Run(OpKind::kAllocate, 0, 10);
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 10, 0b0001});
  scoreboard_.OnByteWritten(0, 1);
  scoreboard_.OnByteWritten(0, 2);
  scoreboard_.OnByteWritten(0, 3);
  scoreboard_.OnByteLatched({1, true, 20});
  Run(OpKind::kFree, 0, 30);
  std::vector<int> owed;
  scoreboard_.SetDropReadingOwed([&owed](int client) { owed.push_back(client); });
  scoreboard_.OnArbEvent({ArbEventKind::kReleaseDone, 40, 0});
  scoreboard_.Sync();
  // The departing client's driver owes its reading; two bytes never arrived.
  EXPECT_EQ(owed, std::vector<int>{0});
  scoreboard_.OnDropReading({0, 1, 45, DropCause::kRelease});  // the RTL owned up to only one
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kDropCount);
  EXPECT_EQ(scoreboard_.bytes().flushed, 2u);
  EXPECT_EQ(scoreboard_.pending_bytes(), 0u);
}

TEST_F(ScoreboardTest, PortGrantedUncleanIsCaught) {
  const uint8_t clean_ecr = regmap::kEcrReset | regmap::kEcrEmptyMask;
  scoreboard_.CheckFreshPort(1, {clean_ecr, regmap::kControlReset, 90});
  EXPECT_TRUE(scoreboard_.mismatches().empty());
  scoreboard_.CheckFreshPort(1, {0x55, regmap::kControlReset, 99});
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kProtocol);
  EXPECT_EQ(scoreboard_.mismatches()[0].text,
            "port granted unclean: ECR 0x55 (want " + Hex(clean_ecr) + "), CONTROL " +
                Hex(regmap::kControlReset) + " (want " + Hex(regmap::kControlReset) + ")");
}

TEST_F(ScoreboardTest, EndOfRunNamesWhatWasLeft) {
  Run(OpKind::kAllocate, 0, 10);
  Run(OpKind::kAllocate, 2, 20);
  scoreboard_.OnByteWritten(0, 7);
  RtlEndState rtl;
  rtl.grant = 0b0001;
  rtl.pending = 0b0100;
  rtl.cycle = 500;
  scoreboard_.CheckEndOfRun(rtl);
  std::vector<std::string> texts;
  for (const Mismatch& m : scoreboard_.mismatches()) texts.push_back(m.text);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "the port was not idle after every client let go: model owner client 0, "
                       "waiters 1, RTL grant_o 1",
                       "client 2's allocate never ended",
                       "1 byte(s) written but neither delivered nor reported dropped"}));
}

// The IEEE 1284 operations: the owner's answer and data are the peripheral's observations.
class Ieee1284ScoreboardTest : public ScoreboardTest {
 protected:
  Ieee1284ScoreboardTest() { EXPECT_EQ(Run(OpKind::kAllocate, 0, 10).answer, Answer::kGranted); }
  OpRecord Score(const Op& op, Answer answer, std::vector<uint8_t> received = {}, int value = 0) {
    AgentResult rtl({answer, value}, 100);
    rtl.received = std::move(received);
    return scoreboard_.Score(op, rtl);
  }
  Ieee1284Listener& peripheral() { return scoreboard_.ieee1284_listener(); }
};

TEST_F(Ieee1284ScoreboardTest, NegotiationAnswerIsWhatThePeripheralDecided) {
  Op negotiate{OpKind::kNegotiate, 0};
  negotiate.data = 0x10;
  peripheral().OnNegotiation({0x10, true, 50});
  EXPECT_TRUE(Score(negotiate, Answer::kOk).ok);
  peripheral().OnNegotiation({0x10, false, 150});
  const OpRecord refused = Score(negotiate, Answer::kOk);
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.model.answer, Answer::kRejected);
  // Not the owner: the model's not-owner, whatever the peripheral.
  Op other = negotiate;
  other.client = 1;
  EXPECT_TRUE(Score(other, Answer::kNotOwner).ok);
}

TEST_F(Ieee1284ScoreboardTest, ReverseBytesTheDriverReadMustBeThoseSent) {
  peripheral().OnNegotiation({0x00, true, 50});
  Op negotiate{OpKind::kNegotiate, 0};
  ASSERT_TRUE(Score(negotiate, Answer::kOk).ok);
  Op read{OpKind::kRead, 0};
  read.cycles = 1;
  peripheral().OnReverseByte({0x41, false, Ieee1284Mode::kNibble, 60});
  EXPECT_TRUE(Score(read, Answer::kOk, {0x41}).ok);
  peripheral().OnReverseByte({0x41, false, Ieee1284Mode::kNibble, 160});
  EXPECT_FALSE(Score(read, Answer::kOk, {0x42}).ok);
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kIeee1284);
  EXPECT_EQ(scoreboard_.mismatches()[0].text,
            "read: the driver read [0x42], the peripheral sent [0x41]");
}

TEST_F(Ieee1284ScoreboardTest, EppCycleMustBeTheOneThePeripheralSaw) {
  peripheral().OnNegotiation({0x40, true, 50});
  Op negotiate{OpKind::kNegotiate, 0};
  negotiate.data = 0x40;
  ASSERT_TRUE(Score(negotiate, Answer::kOk).ok);
  Op write{OpKind::kEppWrite, 0};
  write.addr = regmap::kEppData;
  write.data = 0x34;
  peripheral().OnEppCycle({false, true, 0x34, 60});
  EXPECT_TRUE(Score(write, Answer::kOk).ok);
  peripheral().OnEppCycle({true, true, 0x34, 160});  // an address cycle instead
  EXPECT_FALSE(Score(write, Answer::kOk).ok);
  // No cycle seen: the driver must have timed out.
  EXPECT_FALSE(Score(write, Answer::kOk).ok);
  EXPECT_TRUE(Score(write, Answer::kTimedOut).ok);
}

// ECP: reverse bytes through the FIFO, with their command flags, sent = read + dropped.
class EcpScoreboardTest : public Ieee1284ScoreboardTest {
 protected:
  EcpScoreboardTest() {
    peripheral().OnNegotiation({0x10, true, 50});
    Op negotiate{OpKind::kNegotiate, 0};
    negotiate.data = 0x10;
    EXPECT_TRUE(Score(negotiate, Answer::kOk).ok);
    peripheral().OnEcpDirection(true, 60);
    peripheral().OnReverseByte({0x41, false, Ieee1284Mode::kEcp, 70});
    peripheral().OnReverseByte({0x05, true, Ieee1284Mode::kEcp, 80});
  }
  OpRecord ScoreRead(std::vector<uint8_t> received, std::vector<bool> commands) {
    Op read{OpKind::kRead, 0};
    read.cycles = received.size();
    AgentResult rtl({Answer::kOk, 0}, 100);
    rtl.received = std::move(received);
    rtl.received_commands = std::move(commands);
    return scoreboard_.Score(read, rtl);
  }
};

TEST_F(EcpScoreboardTest, ReverseBytesWithTheirCommandFlagsPass) {
  EXPECT_TRUE(ScoreRead({0x41, 0x05}, {false, true}).ok);
  EXPECT_TRUE(scoreboard_.mismatches().empty());
}

TEST_F(EcpScoreboardTest, AnAlteredReverseByteIsReported) {
  EXPECT_FALSE(ScoreRead({0x41, 0x06}, {false, true}).ok);
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kIeee1284);
  EXPECT_EQ(scoreboard_.mismatches()[0].text,
            "read: the driver read [0x41 cmd:0x06] in ECP, the peripheral sent [0x41 cmd:0x05]");
}

TEST_F(EcpScoreboardTest, AFlippedCommandFlagIsReported) {
  EXPECT_FALSE(ScoreRead({0x41, 0x05}, {true, true}).ok);
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].text,
            "read: the driver read [cmd:0x41 cmd:0x05] in ECP, the peripheral sent [0x41 "
            "cmd:0x05]");
}

TEST_F(EcpScoreboardTest, UnreadBytesMustBeCountedInArbDropped) {
  EXPECT_TRUE(ScoreRead({0x41}, {false}).ok);
  // The link turned forward: ARB_DROPPED must have grown by the one byte nobody read.
  peripheral().OnEcpDirection(false, 200);
  scoreboard_.OnDropReading({0, 1, 210, DropCause::kModeChange});
  scoreboard_.CheckEndOfRun({false, 0b0001, 0, 300});
  for (const Mismatch& m : scoreboard_.mismatches()) {
    EXPECT_EQ(m.text.find("ECP reverse"), std::string::npos) << m.text;
  }
}

TEST_F(EcpScoreboardTest, UnreadBytesNotCountedAreReported) {
  EXPECT_TRUE(ScoreRead({0x41}, {false}).ok);
  peripheral().OnEcpDirection(false, 200);
  scoreboard_.OnDropReading({0, 0, 210, DropCause::kModeChange});
  scoreboard_.CheckEndOfRun({false, 0b0001, 0, 300});
  bool reported = false;
  for (const Mismatch& m : scoreboard_.mismatches()) {
    reported |= m.text == "1 ECP reverse byte(s) the controller took were neither read nor "
                          "counted in ARB_DROPPED";
  }
  EXPECT_TRUE(reported);
}

TEST_F(EcpScoreboardTest, ForwardBytesKeepTheirCommandFlag) {
  scoreboard_.OnArbEvent({ArbEventKind::kGrantChanged, 11, 0b0001});
  scoreboard_.OnByteWritten(0, 0x85, true);
  scoreboard_.OnByteWritten(0, 0x41, false);
  peripheral().OnForwardByte({0x85, true, Ieee1284Mode::kEcp, 300});
  EXPECT_TRUE(scoreboard_.mismatches().empty());
  peripheral().OnForwardByte({0x41, true, Ieee1284Mode::kEcp, 310});  // flag flipped
  ASSERT_EQ(scoreboard_.mismatches().size(), 1u);
  EXPECT_EQ(scoreboard_.mismatches()[0].text,
            "peripheral latched command byte 0x41, client 0 wrote 0x41");
}

TEST_F(EcpScoreboardTest, ReadWithoutTheLinkTurningMustTimeOut) {
  EXPECT_TRUE(ScoreRead({0x41, 0x05}, {false, true}).ok);
  peripheral().OnEcpDirection(false, 200);
  Op read{OpKind::kRead, 0};
  read.cycles = 1;
  EXPECT_FALSE(Score(read, Answer::kOk).ok);
  EXPECT_TRUE(Score(read, Answer::kTimedOut).ok);
}

TEST_F(Ieee1284ScoreboardTest, ReadOutsideAReverseModeMustBeRefused) {
  Op read{OpKind::kRead, 0};
  read.cycles = 1;
  EXPECT_FALSE(Score(read, Answer::kOk).ok);
  EXPECT_TRUE(Score(read, Answer::kRejected).ok);
}

TEST(HexTest, PadsToTheDigitsAsked) {
  EXPECT_EQ(Hex(0x5), "0x05");
  EXPECT_EQ(Hex(0xab), "0xab");
  EXPECT_EQ(Hex(0x2, 1), "0x2");
  EXPECT_EQ(Hex(0, 1), "0x0");
  EXPECT_EQ(Hex(0x1234, 1), "0x1234");
}

TEST_F(ScoreboardTest, ReleaseTheModelNeverStartedIsCaught) {
  scoreboard_.OnArbEvent({ArbEventKind::kReleaseDone, 40, 0});
  scoreboard_.Sync();
  ASSERT_FALSE(scoreboard_.mismatches().empty());
  EXPECT_EQ(scoreboard_.mismatches()[0].kind, MismatchKind::kOwner);
}

// The pin monitor watches outputs only, so a test can set them by hand.
class PinMonitorTest : public ::testing::Test {
 protected:
  PinMonitorTest()
      : monitor_(DutHarness::kClockPeriodNs, [this](PinViolation v, uint64_t) { seen_.push_back(v); }) {
    pins_.rst_ni = true;
    pins_.nstrobe = true;
    pins_.nautofd = true;
    pins_.ninit = true;
    pins_.nselectin = false;
    pins_.pd_oe = true;
    pins_.grant = 1;
    pins_.releasing = false;
    Step(1);
  }

  void Step(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) monitor_.OnCycle(pins_, ++cycle_);
  }
  // A strobe pulse `width` cycles long, with generous setup and hold around it.
  void Strobe(uint64_t width) {
    pins_.pd = static_cast<uint8_t>(pins_.pd + 1);
    Step(40);
    pins_.nstrobe = 0;
    Step(width);
    pins_.nstrobe = 1;
    Step(40);
  }

  PpTopPins pins_;
  PinMonitor monitor_;
  std::vector<PinViolation> seen_;
  uint64_t cycle_ = 0;
};

TEST_F(PinMonitorTest, FullWidthStrobePasses) {
  Strobe(regmap::kStrobeWidthNs / DutHarness::kClockPeriodNs);
  EXPECT_TRUE(seen_.empty());
  EXPECT_EQ(monitor_.strobes(), 1u);
}

TEST_F(PinMonitorTest, RuntStrobeIsCaught) {
  Strobe(regmap::kStrobeWidthNs / DutHarness::kClockPeriodNs - 1);
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0], PinViolation::kRuntStrobe);
}

TEST_F(PinMonitorTest, DataChangingUnderTheStrobeIsCaught) {
  pins_.nstrobe = false;
  Step(5);
  pins_.pd = 0x99;
  Step(30);
  pins_.nstrobe = true;
  Step(1);
  ASSERT_FALSE(seen_.empty());
  EXPECT_EQ(seen_[0], PinViolation::kSetup);
}

TEST_F(PinMonitorTest, StrobeInAnIeee1284ModeIsNoCentronicsStrobe) {
  // With nSelectIn high nStrobe is HostClk or EPP's nWrite, timed by the 1284 handshake.
  pins_.nselectin = true;
  Step(1);
  Strobe(1);
  EXPECT_TRUE(seen_.empty());
  EXPECT_EQ(monitor_.strobes(), 0u);
}

TEST_F(PinMonitorTest, DrivingWithoutOwnerIsCaught) {
  pins_.grant = 0;
  Step(1);
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0], PinViolation::kDriveWithoutOwner);
}

TEST_F(PinMonitorTest, CleanReleaseHandedToNextOwnerPasses) {
  pins_.releasing = true;
  pins_.grant = 0;
  pins_.pd_oe = false;
  Step(3);
  pins_.releasing = false;
  pins_.grant = 2;
  pins_.pd_oe = true;  // the next owner drives at once
  Step(2);
  EXPECT_TRUE(seen_.empty());
}

TEST_F(PinMonitorTest, ReleaseEndingOffIdleIsCaught) {
  pins_.releasing = true;
  pins_.grant = 0;
  pins_.pd_oe = false;
  pins_.nselectin = true;  // left where an IEEE 1284 mode had it
  Step(3);
  pins_.releasing = false;
  pins_.grant = 2;  // the next owner, granted as the release ends
  Step(1);
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0], PinViolation::kNotIdleAfterRelease);
}

TEST(Ieee1284CosimTest, FreeFromNibbleModeTerminatesAndIsCovered) {
  CosimEngine engine{EngineConfig{}};
  engine.Start();
  ASSERT_TRUE(engine.Execute(Op{OpKind::kAllocate, 0}));
  Op negotiate{OpKind::kNegotiate, 0};
  negotiate.expect = Reply{Answer::kOk, 0};
  ASSERT_TRUE(engine.Execute(negotiate));
  const auto missed = [&engine](const std::string& goal) {
    const std::vector<std::string> goals = engine.coverage().missed_goals();
    return std::find(goals.begin(), goals.end(), goal) != goals.end();
  };
  EXPECT_TRUE(missed("freed from nibble"));
  ASSERT_TRUE(engine.Execute(Op{OpKind::kAllocate, 1}));
  ASSERT_TRUE(engine.Execute(Op{OpKind::kFree, 0}));
  Op await{OpKind::kAwait, 1};
  await.expect = Reply{Answer::kGranted, 0};
  ASSERT_TRUE(engine.Execute(await));
  EXPECT_FALSE(missed("freed from nibble"));
  EXPECT_TRUE(missed("freed from EPP"));
  Op write{OpKind::kWrite, 1};
  write.bytes = {0x41};
  EXPECT_TRUE(engine.Execute(write));
  engine.Drain();
  EXPECT_FALSE(engine.failed());
}

// A co-simulation with a small watchdog, driven operation by operation.
class WatchdogTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kLimitCycles = 5000;

  WatchdogTest() : engine_(Config()) { engine_.Start(); }

  static EngineConfig Config() {
    EngineConfig config;
    config.max_cycles = kLimitCycles;
    return config;
  }
  static Op Idle(uint64_t cycles) {
    Op op;
    op.kind = OpKind::kIdle;
    op.cycles = cycles;
    return op;
  }

  CosimEngine engine_;
};

TEST_F(WatchdogTest, RunOfShortOperationsMayOutlastTheLimit) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(engine_.Execute(Idle(kLimitCycles / 2)));
  EXPECT_GT(engine_.cycle(), 5 * kLimitCycles);
  EXPECT_FALSE(engine_.watchdog_fired());
  EXPECT_FALSE(engine_.failed());
}

TEST_F(WatchdogTest, StopsALongWriteAtTheLimitAndNamesIt) {
  ASSERT_TRUE(engine_.Execute(Op{OpKind::kAllocate, 0}));
  Op write{OpKind::kWrite, 0};
  write.bytes.assign(2000, 0x55);
  write.line = 7;
  const uint64_t start = engine_.cycle();
  EXPECT_FALSE(engine_.Execute(write));
  EXPECT_TRUE(engine_.watchdog_fired());
  // Stopped inside the write, not after its 2,000 bytes.
  EXPECT_LT(engine_.cycle() - start, 2 * kLimitCycles);
  ASSERT_EQ(engine_.scoreboard().mismatches().size(), 1u);
  const Mismatch& report = engine_.scoreboard().mismatches()[0];
  EXPECT_EQ(report.kind, MismatchKind::kWatchdog);
  EXPECT_EQ(report.line, 7);
  EXPECT_EQ(report.text,
            "c0 write still running after 5000 cycles (--max-cycles 5000, the limit for one "
            "operation); stopped");
}

TEST_F(WatchdogTest, BoundsTheWaitBetweenOperations) {
  ASSERT_TRUE(engine_.Execute(Op{OpKind::kAllocate, 2}));
  engine_.Idle(3 * kLimitCycles);
  EXPECT_TRUE(engine_.watchdog_fired());
  EXPECT_LT(engine_.cycle(), 2 * kLimitCycles);
  ASSERT_EQ(engine_.scoreboard().mismatches().size(), 1u);
  EXPECT_EQ(engine_.scoreboard().mismatches()[0].text,
            "no operation for 5000 cycles after c2 allocate (--max-cycles 5000, the limit "
            "between operations); stopped");
  EXPECT_FALSE(engine_.Execute(Op{OpKind::kFree, 2}));
}

// A co-simulation writing its JSON log to a temporary file, with client 0 owning the port.
// One engine per test: Verilator 5.006 deadlocks destroying one of two models alive at once.
class CosimEngineLogTest : public ::testing::Test {
 protected:
  CosimEngineLogTest() : json_(std::tmpfile()), engine_(Config(json_)) {}
  ~CosimEngineLogTest() override {
    if (json_) std::fclose(json_);
  }

  void SetUp() override {
    ASSERT_NE(json_, nullptr);
    engine_.Start();
    ASSERT_TRUE(engine_.Execute(Op{OpKind::kAllocate, 0}));
  }

  static EngineConfig Config(std::FILE* json) {
    EngineConfig config;
    config.json = json;
    return config;
  }
  std::string Log() {
    std::fflush(json_);
    std::rewind(json_);
    std::string text;
    for (int c = std::fgetc(json_); c != EOF; c = std::fgetc(json_)) text += static_cast<char>(c);
    return text;
  }

  std::FILE* json_;
  CosimEngine engine_;
};

TEST_F(CosimEngineLogTest, SaysHowManyBytesAWriteGaveUp) {
  Op paper_out;
  paper_out.kind = OpKind::kPeripheralPaperOut;
  ASSERT_TRUE(engine_.Execute(paper_out));
  Op write{OpKind::kWrite, 0};
  write.bytes = {1, 2, 3};
  write.expect = Reply{Answer::kGaveUp, 3};
  EXPECT_TRUE(engine_.Execute(write));
  const std::string log = Log();
  EXPECT_NE(log.find("\"op\":\"write\",\"bytes\":[1,2,3],\"model\":\"gave-up 3\","
                     "\"rtl\":\"gave-up 3\",\"ok\":true}"),
            std::string::npos)
      << log;
}

TEST_F(CosimEngineLogTest, UnmappedAccessesAreBusErrorsAndNoPlaceholderIsLogged) {
  const Reply bus_error{Answer::kBusError, 0};
  EXPECT_TRUE(engine_.Execute(RegOp(OpKind::kRegRead, 0, regmap::kEppData + 1, bus_error)));
  EXPECT_TRUE(engine_.Execute(RegOp(OpKind::kRegWrite, 0, regmap::kHsStatus + 1, bus_error)));
  EXPECT_TRUE(engine_.Execute(RegOp(OpKind::kRegRead, 1, regmap::kArbIrq + 1, bus_error)));
  EXPECT_TRUE(engine_.Execute(RegOp(OpKind::kRegRead, 0, regmap::kEcr)));
  EXPECT_FALSE(engine_.failed());
  const std::string log = Log();
  EXPECT_EQ(log.find("-1"), std::string::npos) << log;
  EXPECT_NE(log.find("\"addr\":5,\"model\":\"bus-error\",\"rtl\":\"bus-error\",\"ok\":true"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"model\":\"any value\",\"rtl\":\"21\""), std::string::npos) << log;
}

TEST(ScriptParser, ReadsEveryLineKind) {
  std::istringstream in(
      "# comment\n"
      "c1 allocate => pending\n"
      "c0 try => true\n"
      "c2 waiters => 1\n"
      "c0 write 0x41 0x42\n"
      "c0 mode fifo => ok\n"
      "c0 reg-read 0x402 => 0x35\n"
      "c3 await 500 => timed-out\n"
      "c0 owner => none\n"
      "idle 1000\n"
      "peripheral busy 5000\n"
      "expect-bytes 0x41 0x42\n"
      "c0 write 1 2 3 => gave-up 3\n");
  std::vector<Op> ops;
  ScriptError error;
  ASSERT_TRUE(ParseScript(in, 4, &ops, &error)) << error.line << ": " << error.message;
  ASSERT_EQ(ops.size(), 12u);
  EXPECT_EQ(ops[0].kind, OpKind::kAllocate);
  EXPECT_EQ(ops[0].client, 1);
  EXPECT_EQ(ops[0].line, 2);
  EXPECT_EQ(ops[0].expect->answer, Answer::kPending);
  EXPECT_EQ(ops[3].bytes, (std::vector<uint8_t>{0x41, 0x42}));
  EXPECT_EQ(ops[4].mode, ppmodel::ChipMode::kCompatibilityFifo);
  EXPECT_EQ(ops[5].addr, regmap::kEcr);
  EXPECT_EQ(ops[5].expect->value, 0x35);
  EXPECT_EQ(ops[6].cycles, 500u);
  EXPECT_EQ(ops[7].expect->answer, Answer::kNone);
  EXPECT_EQ(ops[9].kind, OpKind::kPeripheralBusy);
  EXPECT_EQ(ops[10].kind, OpKind::kExpectBytes);
  EXPECT_EQ(*ops[11].expect, (Reply{Answer::kGaveUp, 3}));
}

struct BadLine {
  const char* text;
  const char* message;
};

class ScriptParserRejects : public ::testing::TestWithParam<BadLine> {};

TEST_P(ScriptParserRejects, NamesTheLineAndTheProblem) {
  std::istringstream in(std::string("c0 allocate\n") + GetParam().text + "\n");
  std::vector<Op> ops;
  ScriptError error;
  EXPECT_FALSE(ParseScript(in, 4, &ops, &error));
  EXPECT_EQ(error.line, 2);
  EXPECT_NE(error.message.find(GetParam().message), std::string::npos) << error.message;
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, ScriptParserRejects,
    ::testing::Values(BadLine{"c9 allocate", "does not exist"},
                      BadLine{"c0 grab", "unknown operation 'grab'"},
                      BadLine{"c0 allocate => maybe", "'maybe' is not one answer"},
                      BadLine{"c0 write 0x100", "is not a byte"},
                      BadLine{"c0 mode turbo", "usage: cN mode"},
                      BadLine{"c0 reg-write 0x800 1", "arbitration block"},
                      BadLine{"idle lots", "idle takes 0 to 1000000000 cycles, not 'lots'"},
                      BadLine{"printer 3", "neither a client"},
                      BadLine{"c0 free =>", "'=>' without a value"},
                      BadLine{"c0 write 1 => gave-up", "gave-up takes the number of bytes given up"},
                      BadLine{"c0 write 1 => gave-up none", "gave-up takes the number of bytes given up, 1 to 1000000000, not 'none'"},
                      BadLine{"c0 write 1 => ok 1", "'ok 1' is not one answer"},
                      BadLine{"idle 5 => ok", "takes no '=> value'"}));

}  // namespace
}  // namespace ppcosim
