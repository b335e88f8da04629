// The verilated pp_top in the smallest loop that drives it: the floor `make bench` measures the
// co-simulation against. No SystemC, no model, no monitors, no trace.
//   pp_bare_bench idle CYCLES     the clock alone
//   pp_bare_bench stream CYCLES   the bench stream: each client in turn allocates, reads
//                                 ARB_STATUS, writes DATA, frees, reads ARB_STATUS, then 40 idle
//                                 cycles (bench/pp_stream_tb.sv and bench/cocotb_stream.py drive
//                                 the same stream)
// Prints "cycles N" and "granted N" (allocates answered GRANTED); exits 2 on bad usage.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

#include "Vpp_top.h"
#include "number_parse.h"
#include "ppcosim/regmap.h"
#include "verilated.h"

namespace {

namespace rm = ppcosim::regmap;

constexpr uint64_t kHalfPeriodPs = 10'000;  // 50 MHz, pp_top's CLK_HZ
constexpr int kIdleCyclesPerClient = 40;
constexpr int kMaxWaitCycles = 1000;

class BareLoop {
 public:
  BareLoop() : context_(std::make_unique<VerilatedContext>()) {
    context_->fatalOnError(false);
    dut_ = std::make_unique<Vpp_top>(context_.get(), "TOP");
    // A ready printer: Busy low, nAck high, PError low, Select high, nFault high.
    dut_->pd_i = 0xff;
    dut_->nack_i = 1;
    dut_->select_i = 1;
    dut_->nfault_i = 1;
    dut_->rst_ni = 0;
    for (int i = 0; i < 4; ++i) Tick();
    dut_->rst_ni = 1;
    Tick();
  }
  ~BareLoop() { dut_->final(); }

  void Tick() {
    dut_->clk_i = 0;
    dut_->eval();
    context_->timeInc(kHalfPeriodPs);
    dut_->clk_i = 1;
    dut_->eval();
    context_->timeInc(kHalfPeriodPs);
    ++cycle_;
  }

  // One APB transfer as the testbench's transactor drives it: setup, then access until PREADY.
  uint8_t Transfer(int client, bool write, uint16_t addr, uint8_t data) {
    dut_->psel_i = 1;
    dut_->penable_i = 0;
    dut_->pwrite_i = write;
    dut_->paddr_i = addr;
    dut_->pwdata_i = write ? data : 0;
    dut_->pauser_i = static_cast<uint8_t>(client);
    Tick();
    dut_->penable_i = 1;
    uint8_t read = 0;
    for (int wait = 0; wait <= kMaxWaitCycles; ++wait) {
      dut_->eval();
      if (dut_->pready_o) {
        read = static_cast<uint8_t>(dut_->prdata_o);
        Tick();
        break;
      }
      Tick();
    }
    dut_->psel_i = 0;
    dut_->penable_i = 0;
    dut_->pwrite_i = 0;
    return read;
  }

  // One client's turn of the stream; true when its allocate was granted.
  bool ClientTurn(int client) {
    Transfer(client, true, rm::kArbCmd, static_cast<uint8_t>(rm::ArbCmd::kAllocate));
    const uint8_t status = Transfer(client, false, rm::kArbStatus, 0);
    Transfer(client, true, rm::kData, static_cast<uint8_t>(0x41 + client));
    Transfer(client, true, rm::kArbCmd, static_cast<uint8_t>(rm::ArbCmd::kFree));
    Transfer(client, false, rm::kArbStatus, 0);
    for (int i = 0; i < kIdleCyclesPerClient; ++i) Tick();
    const int result = (status & rm::kArbStatusLastResultMask) >> rm::kArbStatusLastResultLsb;
    return result == static_cast<int>(rm::ArbResult::kGranted);
  }

  uint64_t cycle() const { return cycle_; }

 private:
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Vpp_top> dut_;
  uint64_t cycle_ = 0;
};

int Usage(const char* program) {
  std::fprintf(stderr, "usage: %s idle|stream CYCLES (CYCLES from 1 to 10000000000)\n", program);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return Usage(argv[0]);
  const bool stream = std::strcmp(argv[1], "stream") == 0;
  if (!stream && std::strcmp(argv[1], "idle") != 0) {
    std::fprintf(stderr, "pp_bare_bench: unknown workload '%s'\n", argv[1]);
    return Usage(argv[0]);
  }
  uint64_t cycles = 0;
  if (ppcosim::ParseNumber(argv[2], 1, 10'000'000'000ULL, &cycles) != ppcosim::NumberStatus::kOk) {
    std::fprintf(stderr, "pp_bare_bench: CYCLES takes 1 to 10000000000, not '%s'\n", argv[2]);
    return Usage(argv[0]);
  }
  BareLoop loop;
  uint64_t granted = 0;
  while (loop.cycle() < cycles) {
    if (!stream) {
      loop.Tick();
      continue;
    }
    for (int client = 0; client < PP_RTL_NUM_CLIENTS; ++client) {
      if (loop.ClientTurn(client)) ++granted;
    }
  }
  std::printf("cycles %llu\ngranted %llu\n", static_cast<unsigned long long>(loop.cycle()),
              static_cast<unsigned long long>(granted));
  return 0;
}
