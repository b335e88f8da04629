// Writes GTKWave save files (.gtkw) that open a pp_top trace with its signals grouped the way
// an engineer reads the controller: host bus, arbitration, parallel pins, release sequencer.
#ifndef PPCOSIM_SIM_GTKW_GTKW_WRITER_H_
#define PPCOSIM_SIM_GTKW_GTKW_WRITER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pp_top_signals.h"

namespace ppcosim {

enum class GtkwFormat : uint8_t {
  kBinary,
  kHex,
  kDecimal,
  kEnum,  // FSM state names from the FST's enum table; hex if the signal has none
};

// GTKWave's trace colours ([color] N); the default is its usual green.
enum class GtkwColor : uint8_t {
  kDefault = 0,
  kRed = 1,
  kOrange = 2,
  kYellow = 3,
  kGreen = 4,
  kBlue = 5,
  kIndigo = 6,
  kViolet = 7,
};

struct GtkwSignal {
  std::string path;    // hierarchical, without bit range: "TOP.pp_top.u_release.state_q"
  uint32_t width = 1;  // GTKWave only finds a vector by its name with "[msb:0]"
  GtkwFormat format = GtkwFormat::kBinary;
  GtkwColor color = GtkwColor::kDefault;  // the release signals stand out in orange
  // The name GTKWave shows (an alias, "+{HostClk}" in the file); empty: the signal's own, with
  // its instance for a signal inside a submodule.
  std::string alias = {};
  // Shown only where the trace is known to have it (width_in_trace says so).
  bool optional = false;
};

struct GtkwGroup {
  std::string title;
  std::vector<GtkwSignal> signals;
};

// Internal RTL signals the views show by default, under TopScopeInTrace(); their paths and
// widths come from pp_top_signals.h.
std::vector<GtkwSignal> DefaultArbitrationInternals(uint32_t num_clients);
std::vector<GtkwSignal> DefaultReleaseSequencerSignals();

struct GtkwOptions {
  std::string save_path;   // the .gtkw to write
  std::string trace_path;  // the FST/VCD it opens (written absolute)
  uint32_t num_clients = 4;
  std::string scope = TopScopeInTrace();
  // Unset: the defaults above (for num_clients).
  std::optional<std::vector<GtkwSignal>> arbitration_internals;
  std::optional<std::vector<GtkwSignal>> release_sequencer;
  // Initial view in trace time (ps); to_ps == 0 leaves the zoom to GTKWave.
  uint64_t from_ps = 0;
  uint64_t to_ps = 0;
  // If set, asked for every signal's width in the trace; 0 means the trace lacks it and it is
  // left out. Lets a caller that can read the trace correct widths it could only guess. Unset,
  // the optional signals (TopSignalOptional) are left out.
  std::function<uint32_t(const std::string& path)> width_in_trace;
};

// The groups, in display order, as the save file will list them.
std::vector<GtkwGroup> GtkwLayout(const GtkwOptions& options);

// The save file's text.
std::string GtkwSaveFileText(const GtkwOptions& options);

enum class GtkwResult : uint8_t { kOk, kCannotWrite };
// Writes the save file whole or not at all; on kCannotWrite, *error names the file and why.
GtkwResult WriteGtkwSaveFile(const GtkwOptions& options, std::string* error);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_GTKW_GTKW_WRITER_H_
