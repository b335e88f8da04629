// pp_board_top through its pins: a host on the serial line (driven bit by bit here) allocates
// the port as a client, writes DATA and reads STATUS back; malformed frames change nothing and
// are counted. The build lowers the baud rate's divisor (PP_BOARD_CLKS_PER_BIT) to keep it fast.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <memory>

#include "Vpp_board_top.h"
#include "ppcosim/regmap.h"
#include "verilated.h"

namespace {

namespace rm = ppcosim::regmap;

constexpr int kClksPerBit = PP_BOARD_CLKS_PER_BIT;
constexpr int kFrameTimeoutBits = PP_BOARD_FRAME_TIMEOUT_BITS;
// Command byte (fpga/README.md, "Serial protocol").
constexpr uint8_t kWrite = 0x80;
constexpr uint8_t kBridge = 0x40;
constexpr uint8_t kDroppedCounter = 0x00;
constexpr uint8_t kRefusedCounter = 0x01;

class BoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_ = std::make_unique<VerilatedContext>();
    top_ = std::make_unique<Vpp_board_top>(context_.get());
    top_->uart_rx_i = 1;
    // A ready printer: nAck H, Busy L, PError L, Select H, nFault H.
    top_->nack_i = 1;
    top_->busy_i = 0;
    top_->perror_i = 0;
    top_->select_i = 1;
    top_->nfault_i = 1;
    top_->rst_ni = 0;
    Ticks(4);
    top_->rst_ni = 1;
    Ticks(4);
  }

  void TearDown() override { top_->final(); }

  void Ticks(int n) {
    for (int i = 0; i < n; ++i) {
      top_->clk_i = 0;
      top_->eval();
      top_->clk_i = 1;
      top_->eval();
      ReceiveTx();
    }
  }

  // A UART receiver on uart_tx_o, sampling each bit in its middle.
  void ReceiveTx() {
    const bool level = top_->uart_tx_o;
    if (tx_bit_ < 0) {
      if (!level) {
        tx_bit_ = 0;
        tx_count_ = kClksPerBit / 2;
      }
      return;
    }
    if (--tx_count_ > 0) return;
    tx_count_ = kClksPerBit;
    if (tx_bit_ == 0) {
      ASSERT_FALSE(level) << "start bit on uart_tx_o did not last";
      tx_shift_ = 0;
    } else if (tx_bit_ <= 8) {
      tx_shift_ |= static_cast<uint8_t>(level << (tx_bit_ - 1));
    } else {
      EXPECT_TRUE(level) << "stop bit on uart_tx_o is low";
      answers_.push_back(tx_shift_);
      tx_bit_ = -1;
      return;
    }
    ++tx_bit_;
  }

  void HoldRx(bool level) {
    top_->uart_rx_i = level;
    Ticks(kClksPerBit);
  }

  // One 8N1 byte on uart_rx_i; good_stop false sends its stop bit low (a framing error).
  void SendByte(uint8_t byte, bool good_stop = true) {
    HoldRx(false);
    for (int i = 0; i < 8; ++i) HoldRx((byte >> i) & 1);
    HoldRx(good_stop);
    HoldRx(true);
  }

  void SendAccess(uint8_t command, uint16_t addr) {
    SendByte(command);
    SendByte(static_cast<uint8_t>(addr >> 8));
    SendByte(static_cast<uint8_t>(addr & 0xFF));
  }

  void Write(int client, uint16_t addr, uint8_t data) {
    SendAccess(static_cast<uint8_t>(kWrite | client), addr);
    SendByte(data);
  }

  // The answer to a read frame: exactly one byte within a few byte times.
  uint8_t Answer() {
    for (int i = 0; i < 40 && answers_.empty(); ++i) Ticks(kClksPerBit);
    Ticks(4 * kClksPerBit);  // nothing more follows
    EXPECT_EQ(answers_.size(), 1u) << "a read answers exactly one byte";
    if (answers_.empty()) return 0;
    const uint8_t answer = answers_.front();
    answers_.clear();
    return answer;
  }

  uint8_t Read(int client, uint16_t addr) {
    SendAccess(static_cast<uint8_t>(client), addr);
    return Answer();
  }

  uint8_t ReadCounter(uint8_t counter) {
    SendByte(kBridge | counter);
    return Answer();
  }

  void Allocate(int client) {
    Write(client, rm::kArbCmd, static_cast<uint8_t>(rm::ArbCmd::kAllocate));
    ASSERT_NE(Read(client, rm::kArbStatus) & rm::kArbStatusGrantedMask, 0)
        << "client " << client << " was not granted the free port";
  }

  // The client owns the port and its DATA byte is on the data pins.
  void OwnWithData(int client, uint8_t data) {
    Allocate(client);
    Write(client, rm::kData, data);
    ASSERT_EQ(top_->pd_io, data) << "the owner's DATA is not on the data pins";
  }

  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vpp_board_top> top_;
  std::deque<uint8_t> answers_;
  int tx_bit_ = -1;  // -1 idle, 0 start bit, 1..8 data bits, 9 stop bit
  int tx_count_ = 0;
  uint8_t tx_shift_ = 0;
};

TEST_F(BoardTest, AllocatesWritesDataAndReadsStatusOverSerial) {
  Allocate(1);
  EXPECT_EQ(Read(1, rm::kArbOwner), rm::kArbOwnerValidMask | 1);

  Write(1, rm::kData, 0xA5);
  EXPECT_EQ(top_->pd_io, 0xA5) << "the owner's DATA is not on the data pins";

  // A stalled printer out of paper: Busy H, PError H.
  top_->busy_i = 1;
  top_->perror_i = 1;
  Ticks(4);
  const uint8_t expected = rm::kStatusNackMask | rm::kStatusPerrorMask | rm::kStatusSelectMask |
                           rm::kStatusNfaultMask | rm::kStatusNirqMask | rm::kStatusEppTmoutMask;
  EXPECT_EQ(Read(1, rm::kStatus), expected);

  // Another client's write is refused (PSLVERR): the pins keep the owner's byte.
  Write(2, rm::kData, 0x3C);
  EXPECT_EQ(top_->pd_io, 0xA5);
  EXPECT_EQ(ReadCounter(kRefusedCounter), 1);
  EXPECT_EQ(ReadCounter(kDroppedCounter), 0);
}

TEST_F(BoardTest, FrameWithBadStopBitIsDroppedAndCounted) {
  OwnWithData(0, 0x11);

  // The same write with the data byte's stop bit low: not acted on.
  SendAccess(kWrite | 0, rm::kData);
  SendByte(0x5A, /*good_stop=*/false);
  Ticks(4 * kClksPerBit);
  EXPECT_EQ(top_->pd_io, 0x11) << "a frame with a bad stop bit was acted on";
  EXPECT_TRUE(answers_.empty());
  EXPECT_EQ(ReadCounter(kDroppedCounter), 1);

  // The next frame starts in step; writing 0xC0 clears the count.
  Write(0, rm::kData, 0x5A);
  EXPECT_EQ(top_->pd_io, 0x5A);
  SendByte(kWrite | kBridge | kDroppedCounter);
  EXPECT_EQ(ReadCounter(kDroppedCounter), 0);
}

TEST_F(BoardTest, ClientBeyondTheConfigurationIsDropped) {
  OwnWithData(0, 0x22);
  // Client 4 of a four-client build, and a reserved bit set: both frames read to their end.
  Write(4, rm::kData, 0x33);
  Write(0x10, rm::kData, 0x44);
  EXPECT_EQ(top_->pd_io, 0x22);
  EXPECT_EQ(ReadCounter(kDroppedCounter), 2);
  EXPECT_EQ(ReadCounter(kRefusedCounter), 0);
}

TEST_F(BoardTest, FrameCutShortTimesOut) {
  OwnWithData(3, 0x66);
  // A write frame that stops after its address: dropped after the timeout, so the next
  // frame's bytes are not taken as its data.
  SendAccess(kWrite | 3, rm::kData);
  Ticks((kFrameTimeoutBits + 2) * kClksPerBit);
  EXPECT_EQ(Read(3, rm::kData), 0x66);
  EXPECT_EQ(top_->pd_io, 0x66);
  EXPECT_EQ(ReadCounter(kDroppedCounter), 1);
}

}  // namespace
