#include "pp_top_signals.h"

#include <cstddef>
#include <iterator>

#include "ppcosim/regmap.h"

namespace ppcosim {
namespace {

// How a width follows from pp_top's parameters (rtl/pp_top.sv and the modules it names).
enum class Width : uint8_t {
  kFixed,        // `bits`
  kClients,      // NUM_CLIENTS
  kClientId,     // ClientW: $clog2(NUM_CLIENTS), at least 1
  kWaiterCount,  // $clog2(NUM_CLIENTS + 1)
  kAddr,         // pp_reg_pkg::AddrWidth
  kData,         // pp_reg_pkg::DataWidth
  kFifoCount,    // $clog2(FIFO_DEPTH + 1), FIFO_DEPTH at its default
};

struct Entry {
  TopSignal signal;
  const char* path;
  Width width;
  uint32_t bits = 1;
  bool optional = false;
};

constexpr Entry kSignals[] = {
    {TopSignal::kClk, "clk_i", Width::kFixed},
    {TopSignal::kRstN, "rst_ni", Width::kFixed},
    {TopSignal::kPsel, "psel_i", Width::kFixed},
    {TopSignal::kPenable, "penable_i", Width::kFixed},
    {TopSignal::kPwrite, "pwrite_i", Width::kFixed},
    {TopSignal::kPaddr, "paddr_i", Width::kAddr},
    {TopSignal::kPwdata, "pwdata_i", Width::kData},
    {TopSignal::kPauser, "pauser_i", Width::kClientId},
    {TopSignal::kPready, "pready_o", Width::kFixed},
    {TopSignal::kPrdata, "prdata_o", Width::kData},
    {TopSignal::kPslverr, "pslverr_o", Width::kFixed},
    {TopSignal::kIrq, "irq_o", Width::kFixed},
    {TopSignal::kGrant, "grant_o", Width::kClients},
    {TopSignal::kGrantIrq, "grant_irq_o", Width::kClients},
    {TopSignal::kReleasing, "releasing_o", Width::kFixed},
    {TopSignal::kArbOwnerValid, "u_arbiter.owner_valid_q", Width::kFixed},
    {TopSignal::kArbOwner, "u_arbiter.owner_q", Width::kClientId},
    {TopSignal::kArbChosenValid, "u_arbiter.chosen_valid_q", Width::kFixed},
    {TopSignal::kArbChosen, "u_arbiter.chosen_q", Width::kClientId},
    {TopSignal::kArbQueued, "u_arbiter.queued", Width::kClients},
    {TopSignal::kArbWaiters, "u_arbiter.count_q", Width::kWaiterCount},
    // rel_state_e (pp_release_seq.sv).
    {TopSignal::kReleaseState, "u_release.state_q", Width::kFixed, 3},
    // term_state_e (pp_1284_term.sv): release step 2, named for the IEEE 1284 events.
    {TopSignal::kTermState, "u_term.state_q", Width::kFixed, 4},
    {TopSignal::kReleaseDone, "release_done", Width::kFixed},
    // $clog2(HOLD_CYCLES): the strobe hold, 25 cycles of the 50 MHz clock.
    {TopSignal::kReleaseTimer, "u_release.timer_q", Width::kFixed, 5},
    // cen_state_e (pp_centronics.sv).
    {TopSignal::kCentronicsState, "u_centronics.state_q", Width::kFixed, 3},
    // ecp_state_e (pp_ecp.sv): the ECP engine's IEEE 1284 events, both directions.
    {TopSignal::kEcpState, "u_ecp.state_q", Width::kFixed, 4, true},
    {TopSignal::kFifoCount, "u_fifo.count_q", Width::kFifoCount},
    {TopSignal::kPdOut, "pd_o", Width::kData},
    {TopSignal::kPdOutEnable, "pd_oe_o", Width::kFixed},
    {TopSignal::kPdIn, "pd_i", Width::kData},
    {TopSignal::kNStrobe, "nstrobe_o", Width::kFixed},
    {TopSignal::kNAutoFd, "nautofd_o", Width::kFixed},
    {TopSignal::kNInit, "ninit_o", Width::kFixed},
    {TopSignal::kNSelectIn, "nselectin_o", Width::kFixed},
    {TopSignal::kNAck, "nack_i", Width::kFixed},
    {TopSignal::kBusy, "busy_i", Width::kFixed},
    {TopSignal::kPError, "perror_i", Width::kFixed},
    {TopSignal::kSelect, "select_i", Width::kFixed},
    {TopSignal::kNFault, "nfault_i", Width::kFixed},
};

constexpr bool EverySignalInOrder() {
  if (std::size(kSignals) != kTopSignalCount) return false;
  for (size_t i = 0; i < std::size(kSignals); ++i) {
    if (static_cast<size_t>(kSignals[i].signal) != i) return false;
  }
  return true;
}
static_assert(EverySignalInOrder(), "kSignals lists every TopSignal, in the enum's order");

const Entry& Find(TopSignal s) { return kSignals[static_cast<size_t>(s)]; }

// SystemVerilog's $clog2.
uint32_t CeilLog2(uint32_t n) {
  uint32_t bits = 0;
  while ((uint64_t{1} << bits) < n) ++bits;
  return bits;
}

}  // namespace

std::string TopScopeInTrace() { return std::string("TOP.") + kTopModule; }

const char* TopSignalPath(TopSignal s) { return Find(s).path; }

bool TopSignalOptional(TopSignal s) { return Find(s).optional; }

uint32_t TopSignalWidth(TopSignal s, uint32_t num_clients) {
  const Entry& e = Find(s);
  switch (e.width) {
    case Width::kFixed:
      return e.bits;
    case Width::kClients:
      return num_clients;
    case Width::kClientId:
      return num_clients > 1 ? CeilLog2(num_clients) : 1;
    case Width::kWaiterCount:
      return num_clients > 0 ? CeilLog2(num_clients + 1) : 1;
    case Width::kAddr:
      return regmap::kAddrWidth;
    case Width::kData:
      return regmap::kDataWidth;
    case Width::kFifoCount:
      return CeilLog2(regmap::kFifoDepthDefault + 1u);
  }
  return 1;
}

}  // namespace ppcosim
