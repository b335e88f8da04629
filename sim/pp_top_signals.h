// pp_top's signals as the tools that read its traces name them: the ports wavecheck checks and
// the ports and internal state the GTKWave view shows. Each RTL path and width is written here
// once; wavecheck's port list and the view both take them from this table.
#ifndef PPCOSIM_SIM_PP_TOP_SIGNALS_H_
#define PPCOSIM_SIM_PP_TOP_SIGNALS_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace ppcosim {

enum class TopSignal : uint8_t {
  // Clock and reset.
  kClk,
  kRstN,
  // Host bus (APB) and interrupts.
  kPsel,
  kPenable,
  kPwrite,
  kPaddr,
  kPwdata,
  kPauser,
  kPready,
  kPrdata,
  kPslverr,
  kIrq,
  // Arbitration.
  kGrant,
  kGrantIrq,
  kReleasing,
  kArbOwnerValid,
  kArbOwner,
  kArbChosenValid,
  kArbChosen,
  kArbQueued,
  kArbWaiters,
  // Release sequencer and its IEEE 1284 termination, Centronics engine, FIFO.
  kReleaseState,
  kTermState,
  kReleaseDone,
  kReleaseTimer,
  kCentronicsState,
  kEcpState,  // optional: only a pp_top with the ECP engine (pp_ecp) has it
  kFifoCount,
  // Parallel pins.
  kPdOut,
  kPdOutEnable,
  kPdIn,
  kNStrobe,
  kNAutoFd,
  kNInit,
  kNSelectIn,
  kNAck,
  kBusy,
  kPError,
  kSelect,
  kNFault,
};
inline constexpr size_t kTopSignalCount = static_cast<size_t>(TopSignal::kNFault) + 1;

// The module, and the scope a Verilator trace of the harness puts it in.
inline constexpr char kTopModule[] = "pp_top";
std::string TopScopeInTrace();  // "TOP.pp_top"

// The signal's path inside pp_top: "releasing_o", "u_release.state_q".
const char* TopSignalPath(TopSignal s);

// A signal a trace of pp_top may lack (a pp_top from before the module that holds it): tools
// show it where the trace has it and go on without it.
bool TopSignalOptional(TopSignal s);

// The signal's width in bits in a pp_top built with NUM_CLIENTS = `num_clients` and the
// register map's other defaults.
uint32_t TopSignalWidth(TopSignal s, uint32_t num_clients);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_PP_TOP_SIGNALS_H_
