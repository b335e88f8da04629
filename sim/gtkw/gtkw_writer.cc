#include "gtkw_writer.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "output_files.h"
#include "pp_top_signals.h"

namespace ppcosim {
namespace {

// GTKWave trace flags (analyzer.h, GTKWave 3.3): how a line of the save file is displayed.
constexpr uint64_t kTrHex = 0x2;
constexpr uint64_t kTrDec = 0x4;
constexpr uint64_t kTrBin = 0x8;
constexpr uint64_t kTrRjustify = 0x20;
constexpr uint64_t kTrBlank = 0x200;
constexpr uint64_t kTrGroupBegin = 0x800000;
constexpr uint64_t kTrGroupEnd = 0x1000000;
constexpr uint64_t kTrEnum = 0x100000000;

// The window the view is laid out for, and GTKWave 3.3.118's zoom scale, measured: with the
// SST pane shown, the wave area is the window less the two panes and 60 px of borders, and a
// zoom of z shows 2^-z / 200 ps per pixel for a ps trace.
constexpr int kWindowWidth = 1600;
constexpr int kWindowHeight = 1150;
constexpr int kSignalsWidth = 300;
constexpr int kSstWidth = 240;
constexpr double kWaveAreaPx = kWindowWidth - kSignalsWidth - kSstWidth - 60;
constexpr double kZoomScale = 200.0;

uint64_t Flags(GtkwFormat f) {
  switch (f) {
    case GtkwFormat::kBinary:
      return kTrBin | kTrRjustify;
    case GtkwFormat::kHex:
      return kTrHex | kTrRjustify;
    case GtkwFormat::kDecimal:
      return kTrDec | kTrRjustify;
    case GtkwFormat::kEnum:
      // GTKWave itself saves FST enums with the binary base; with hex it shows numbers.
      return kTrEnum | kTrBin | kTrRjustify;
  }
  return kTrBin | kTrRjustify;
}

std::string Absolute(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%llx", static_cast<unsigned long long>(v));
  return buf;
}

// GTKWave hides everything up to the last '.' of a name, aliases included: "u_fifo/count_q".
std::string DisplayName(std::string local) {
  for (char& c : local) {
    if (c == '.') c = '/';
  }
  return local;
}

// How the view shows one pp_top signal.
struct Shown {
  TopSignal signal;
  GtkwFormat format;
  GtkwColor color = GtkwColor::kDefault;
  const char* alias = "";
};

// The signals under `prefix` ("TOP.pp_top." or ""), paths and widths from pp_top's table.
std::vector<GtkwSignal> Signals(const std::string& prefix, uint32_t num_clients,
                                const std::vector<Shown>& shown) {
  std::vector<GtkwSignal> out;
  for (const Shown& s : shown) {
    out.push_back({prefix + TopSignalPath(s.signal), TopSignalWidth(s.signal, num_clients),
                   s.format, s.color, s.alias, TopSignalOptional(s.signal)});
  }
  return out;
}

using T = TopSignal;
using F = GtkwFormat;

// The parallel port's lines under their IEEE 1284 names (IEEE 1284-2000 signal tables) in the
// modes that rename them, after release step 2's termination state and the ECP engine's.
const std::vector<Shown>& Ieee1284View() {
  static const std::vector<Shown> kView = {
      {T::kTermState, F::kEnum, GtkwColor::kOrange},
      {T::kEcpState, F::kEnum},
      // ECP.
      {T::kNStrobe, F::kBinary, GtkwColor::kDefault, "HostClk"},
      {T::kNAutoFd, F::kBinary, GtkwColor::kDefault, "HostAck"},
      {T::kNInit, F::kBinary, GtkwColor::kDefault, "nReverseRequest"},
      {T::kNSelectIn, F::kBinary, GtkwColor::kDefault, "1284Active"},
      {T::kNAck, F::kBinary, GtkwColor::kDefault, "PeriphClk"},
      {T::kBusy, F::kBinary, GtkwColor::kDefault, "PeriphAck"},
      {T::kPError, F::kBinary, GtkwColor::kDefault, "nAckReverse"},
      {T::kSelect, F::kBinary, GtkwColor::kDefault, "XFlag"},
      {T::kNFault, F::kBinary, GtkwColor::kDefault, "nPeriphRequest"},
      // EPP.
      {T::kNStrobe, F::kBinary, GtkwColor::kDefault, "nWrite"},
      {T::kNAutoFd, F::kBinary, GtkwColor::kDefault, "nDataStb"},
      {T::kNSelectIn, F::kBinary, GtkwColor::kDefault, "nAddrStb"},
      {T::kBusy, F::kBinary, GtkwColor::kDefault, "nWait"},
      {T::kNAck, F::kBinary, GtkwColor::kDefault, "Intr"},
  };
  return kView;
}

}  // namespace

std::vector<GtkwSignal> DefaultArbitrationInternals(uint32_t num_clients) {
  return Signals(TopScopeInTrace() + ".", num_clients,
                 {{T::kArbOwnerValid, F::kBinary},
                  {T::kArbOwner, F::kDecimal},
                  {T::kArbChosenValid, F::kBinary},
                  {T::kArbChosen, F::kDecimal},
                  {T::kArbQueued, F::kBinary},
                  {T::kArbWaiters, F::kDecimal}});
}

std::vector<GtkwSignal> DefaultReleaseSequencerSignals() {
  // None of these widths depends on the number of clients.
  constexpr uint32_t kAnyClients = 1;
  return Signals(TopScopeInTrace() + ".", kAnyClients,
                 {{T::kReleaseState, F::kEnum, GtkwColor::kOrange},
                  {T::kTermState, F::kEnum, GtkwColor::kOrange},
                  {T::kReleaseDone, F::kBinary, GtkwColor::kOrange},
                  {T::kReleaseTimer, F::kDecimal},
                  {T::kCentronicsState, F::kEnum},
                  {T::kFifoCount, F::kDecimal}});
}

std::vector<GtkwGroup> GtkwLayout(const GtkwOptions& o) {
  const std::string s = o.scope.empty() ? "" : o.scope + ".";
  const uint32_t n = o.num_clients == 0 ? 1 : o.num_clients;
  // What a release reads like, top to bottom: who owns the port, the sequencer's steps, the
  // pins it puts back to idle, and the host traffic that caused it.
  std::vector<GtkwGroup> groups = {
      {"Clock and reset", Signals(s, n, {{T::kClk, F::kBinary}, {T::kRstN, F::kBinary}})},
      {"Arbitration",
       Signals(s, n,
               {{T::kGrant, F::kBinary},
                {T::kGrantIrq, F::kBinary},
                {T::kReleasing, F::kBinary, GtkwColor::kOrange}})},
      {"Release sequencer",
       o.release_sequencer ? *o.release_sequencer : DefaultReleaseSequencerSignals()},
      {"Parallel pins",
       Signals(s, n,
               {{T::kPdOut, F::kHex},
                {T::kPdOutEnable, F::kBinary},
                {T::kPdIn, F::kHex},
                {T::kNStrobe, F::kBinary},
                {T::kNAutoFd, F::kBinary},
                {T::kNInit, F::kBinary},
                {T::kNSelectIn, F::kBinary},
                {T::kNAck, F::kBinary},
                {T::kBusy, F::kBinary},
                {T::kPError, F::kBinary},
                {T::kSelect, F::kBinary},
                {T::kNFault, F::kBinary}})},
      {"IEEE 1284", Signals(s, n, Ieee1284View())},
      {"Host bus (APB)",
       Signals(s, n,
               {{T::kPsel, F::kBinary},
                {T::kPenable, F::kBinary},
                {T::kPwrite, F::kBinary},
                {T::kPaddr, F::kHex},
                {T::kPwdata, F::kHex},
                {T::kPauser, F::kDecimal},
                {T::kPready, F::kBinary},
                {T::kPrdata, F::kHex},
                {T::kPslverr, F::kBinary},
                {T::kIrq, F::kBinary}})},
  };
  for (const GtkwSignal& sig :
       o.arbitration_internals ? *o.arbitration_internals : DefaultArbitrationInternals(n)) {
    groups[1].signals.push_back(sig);
  }

  std::vector<GtkwGroup> out;
  for (GtkwGroup& g : groups) {
    GtkwGroup kept{g.title, {}};
    for (GtkwSignal& sig : g.signals) {
      if (o.width_in_trace) {
        sig.width = o.width_in_trace(sig.path);
        if (sig.width == 0) continue;
      } else if (sig.optional) {
        continue;
      }
      kept.signals.push_back(sig);
    }
    if (!kept.signals.empty()) out.push_back(std::move(kept));
  }
  return out;
}

std::string GtkwSaveFileText(const GtkwOptions& o) {
  std::ostringstream out;
  out << "[*] pp_top signals by role, written by ppcosim (sim/gtkw); regenerated, edit a copy\n";
  out << "[dumpfile] \"" << Absolute(o.trace_path) << "\"\n";
  if (!o.save_path.empty()) out << "[savefile] \"" << Absolute(o.save_path) << "\"\n";
  out << "[timestart] " << o.from_ps << "\n";
  out << "[size] " << kWindowWidth << " " << kWindowHeight << "\n";
  out << "[pos] -1 -1\n";
  if (o.to_ps > o.from_ps) {
    const double ps_per_px = static_cast<double>(o.to_ps - o.from_ps) / kWaveAreaPx;
    char zoom[32];
    std::snprintf(zoom, sizeof(zoom), "%.6f", -std::log2(ps_per_px * kZoomScale));
    // Zoom, then the primary marker and the 26 named markers, all unset.
    out << "*" << zoom << " -1";
    for (int i = 0; i < 26; ++i) out << " -1";
    out << "\n";
  }
  out << "[sst_width] " << kSstWidth << "\n";
  out << "[signals_width] " << kSignalsWidth << "\n";
  out << "[sst_expanded] 1\n";
  out << "[sst_vpaned_height] 300\n";
  const size_t s_len = o.scope.empty() ? 0 : o.scope.size() + 1;
  for (const GtkwGroup& g : GtkwLayout(o)) {
    out << "@" << Hex(kTrGroupBegin | kTrBlank) << "\n-" << g.title << "\n";
    for (const GtkwSignal& sig : g.signals) {
      out << "@" << Hex(Flags(sig.format)) << "\n";
      if (sig.color != GtkwColor::kDefault) {
        out << "[color] " << static_cast<int>(sig.color) << "\n";
      }
      // A signal inside a submodule is shown as instance.name: two state_q rows must differ.
      const std::string local = sig.path.substr(s_len);
      if (!sig.alias.empty()) {
        out << "+{" << DisplayName(sig.alias) << "} ";
      } else if (local.find('.') != std::string::npos) {
        out << "+{" << DisplayName(local) << "} ";
      }
      out << sig.path;
      if (sig.width > 1) out << "[" << (sig.width - 1) << ":0]";
      out << "\n";
    }
    out << "@" << Hex(kTrGroupEnd | kTrBlank) << "\n-" << g.title << "\n";
  }
  return out.str();
}

GtkwResult WriteGtkwSaveFile(const GtkwOptions& options, std::string* error) {
  return WriteWholeFile(options.save_path, GtkwSaveFileText(options), error)
             ? GtkwResult::kOk
             : GtkwResult::kCannotWrite;
}

}  // namespace ppcosim
