// The pp_top parameters of the verilated configuration this code is built against. CMake sets
// them once per configuration (CMakeLists.txt) and gives the same numbers to Verilator's -G
// parameters and, through the verilated library, to these macros.
#ifndef PPCOSIM_TB_RTL_CONFIG_H_
#define PPCOSIM_TB_RTL_CONFIG_H_

#if !defined(PP_RTL_NUM_CLIENTS) || !defined(PP_RTL_FIFO_DEPTH)
#error "link a verilated pp_top library (pp_verilate in rtl/CMakeLists.txt)"
#endif

namespace ppcosim {

// pp_top's NUM_CLIENTS and FIFO_DEPTH.
inline constexpr int kRtlClients = PP_RTL_NUM_CLIENTS;
inline constexpr int kRtlFifoDepth = PP_RTL_FIFO_DEPTH;

}  // namespace ppcosim

#endif  // PPCOSIM_TB_RTL_CONFIG_H_
