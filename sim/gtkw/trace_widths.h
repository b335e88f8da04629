// The widths of a trace's variables, for views that name only what the trace has.
#ifndef PPCOSIM_SIM_GTKW_TRACE_WIDTHS_H_
#define PPCOSIM_SIM_GTKW_TRACE_WIDTHS_H_

#include <cstdint>
#include <map>
#include <string>

#include "trace_reader.h"

namespace ppcosim {

// Reads the header of `trace` (FST or VCD) into *widths, by hierarchical name
// ("TOP.pp_top.grant_o"). On anything but kOk, *error says what went wrong.
traces::ReadStatus ReadTraceWidths(const std::string& trace,
                                   std::map<std::string, uint32_t>* widths, std::string* error);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_GTKW_TRACE_WIDTHS_H_
