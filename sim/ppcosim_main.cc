// ppcosim: co-simulates the parallel port controller RTL against the driver's arbitration model.
#include "cosim_engine.h"  // before SystemC: see cosim_top.h
#include "cosim_top.h"
#include "gtkw_writer.h"
#include "tlm_model_port.h"

#include <chrono>
#include <filesystem>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "options.h"
#include "script.h"

namespace {

using ppcosim::Options;

// SystemC prints its banner before sc_main runs; only the environment, set before main, stops it.
const bool kQuietSystemC = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0) == 0;

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;
// The verilated configuration's NUM_CLIENTS (rtl/CMakeLists.txt).
constexpr int kRtlClients = PPCOSIM_RTL_CLIENTS;

bool EndsWith(const std::string& text, const char* suffix) {
  const std::string s(suffix);
  return text.size() >= s.size() && text.compare(text.size() - s.size(), s.size(), s) == 0;
}

uint64_t FreshSeed() {
  std::random_device device;
  uint64_t seed = 0;
  while (seed == 0) seed = (static_cast<uint64_t>(device()) << 32) | device();
  return seed % 1'000'000'000'000ULL + 1;
}

const char* KindName(ppcosim::MismatchKind kind) {
  switch (kind) {
    case ppcosim::MismatchKind::kAnswer: return "mismatch";
    case ppcosim::MismatchKind::kExpectation: return "expectation failed";
    case ppcosim::MismatchKind::kOwner: return "owner mismatch";
    case ppcosim::MismatchKind::kByte: return "byte mismatch";
    case ppcosim::MismatchKind::kUndrivenByte: return "undriven byte";
    case ppcosim::MismatchKind::kDropCount: return "drop count mismatch";
    case ppcosim::MismatchKind::kProtocol: return "protocol violation";
    case ppcosim::MismatchKind::kWatchdog: return "watchdog";
    case ppcosim::MismatchKind::kRequestEnd: break;
  }
  return "request accounting";
}

int Run(int argc, char** argv) {
  Options options;
  std::string error;
  switch (ppcosim::ParseOptions(argc, argv, kRtlClients, &options, &error)) {
    case ppcosim::ParseStatus::kHelp:
      ppcosim::PrintUsage(argv[0]);
      return kExitPass;
    case ppcosim::ParseStatus::kError:
      std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
      return kExitUsage;
    case ppcosim::ParseStatus::kOk:
      break;
  }

  std::vector<ppcosim::Op> script;
  if (!options.script.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(options.script, ec)) {
      std::fprintf(stderr, "ppcosim: script '%s' is a directory\n", options.script.c_str());
      return kExitUsage;
    }
    std::ifstream in(options.script);
    if (!in) {
      std::fprintf(stderr, "ppcosim: cannot read script '%s'\n", options.script.c_str());
      return kExitUsage;
    }
    ppcosim::ScriptError script_error;
    if (!ppcosim::ParseScript(in, options.clients, &script, &script_error)) {
      std::fprintf(stderr, "ppcosim: %s:%d: %s\n", options.script.c_str(), script_error.line,
                   script_error.message.c_str());
      return kExitUsage;
    }
    if (script.empty()) {
      std::fprintf(stderr, "ppcosim: script '%s' has no operations\n", options.script.c_str());
      return kExitUsage;
    }
  }

  // The kernel's "simulation stopped by user" note says nothing the summary does not.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  const uint64_t seed = options.seed ? *options.seed : FreshSeed();
  const std::string reproduce = ppcosim::ReproduceCommand(argv[0], options, seed);
  std::printf("ppcosim: seed %" PRIu64 "\nppcosim: reproduce with: %s\n", seed, reproduce.c_str());
  std::fflush(stdout);

  std::FILE* json = nullptr;
  if (!options.json.empty()) {
    json = std::fopen(options.json.c_str(), "w");
    if (!json) {
      std::fprintf(stderr, "ppcosim: cannot write '%s'\n", options.json.c_str());
      return kExitUsage;
    }
  }

  // The reference model lives in the kernel behind its TLM-2.0 socket.
  ppmodel::PortArbiterTlm model("model", options.clients);
  ppcosim::TlmModelPort model_port("model_port", model);

  ppcosim::EngineConfig config;
  config.model = &model_port;
  config.num_clients = options.clients;
  config.seed = seed;
  config.plusargs = options.plusargs;
  config.json = json;
  config.max_cycles = options.max_cycles;
  ppcosim::CosimEngine engine(config);

  // VCD is written as FST and converted at the end: one trace format per verilated build.
  const bool want_vcd = EndsWith(options.trace, ".vcd");
  const std::string fst_path = want_vcd ? options.trace + ".fst" : options.trace;
  if (!options.trace.empty() && !engine.OpenTrace(fst_path, options.trace_from, options.trace_to)) {
    std::fprintf(stderr, "ppcosim: cannot write trace '%s'\n", fst_path.c_str());
    return kExitUsage;
  }
  engine.Start();

  ppcosim::RunLimits limits;
  limits.ops = options.ops;
  const auto wall_start = std::chrono::steady_clock::now();
  ppcosim::CosimTop* top =
      options.script.empty()
          ? new ppcosim::CosimTop("cosim", engine, limits, seed, options.weights)
          : new ppcosim::CosimTop("cosim", engine, limits, std::move(script));
  sc_core::sc_start();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  engine.CloseTrace();
  if (json) std::fclose(json);

  bool output_error = false;
  if (want_vcd) {
    const std::string cmd = "fst2vcd -f '" + fst_path + "' -o '" + options.trace + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "ppcosim: fst2vcd could not convert '%s' (is gtkwave installed?)\n",
                   fst_path.c_str());
      output_error = true;
    } else {
      std::remove(fst_path.c_str());
    }
  }

  std::fflush(stdout);
  if (!options.trace.empty()) {
    ppcosim::GtkwOptions view;
    view.save_path = options.gtkw;
    view.trace_path = options.trace;
    view.num_clients = static_cast<uint32_t>(kRtlClients);
    if (ppcosim::WriteGtkwSaveFile(view) != ppcosim::GtkwResult::kOk) {
      std::fprintf(stderr, "ppcosim: cannot write GTKWave save file '%s'\n", options.gtkw.c_str());
      output_error = true;
    }
  }

  const ppcosim::Scoreboard& sb = engine.scoreboard();
  for (const ppcosim::Mismatch& m : sb.mismatches()) {
    if (m.line > 0) {
      std::fprintf(stderr, "%s:%d: %s: %s (cycle %" PRIu64 ")\n", options.script.c_str(), m.line,
                   KindName(m.kind), m.text.c_str(), m.cycle);
    } else if (m.client >= 0) {
      std::fprintf(stderr, "ppcosim: %s: client %d: %s (cycle %" PRIu64 ")\n", KindName(m.kind),
                   m.client, m.text.c_str(), m.cycle);
    } else {
      std::fprintf(stderr, "ppcosim: %s: %s (cycle %" PRIu64 ")\n", KindName(m.kind),
                   m.text.c_str(), m.cycle);
    }
  }

  const uint64_t cycles = engine.cycle();
  const double sim_us = static_cast<double>(cycles) * ppcosim::DutHarness::kClockPeriodNs / 1000.0;
  const ppcosim::ByteStats& bytes = sb.bytes();
  const ppcosim::Coverage& cov = engine.coverage();
  std::printf("\n== ppcosim summary ==\n");
  std::printf("  operations      %" PRIu64 "  (%.0f per second)\n", engine.ops(),
              wall_s > 0 ? static_cast<double>(engine.ops()) / wall_s : 0.0);
  std::printf("  grants          %" PRIu64 "\n", engine.arb_monitor().grants());
  std::printf("  releases        %" PRIu64 "\n", engine.arb_monitor().releases());
  std::printf("  bytes           %" PRIu64 " written: %" PRIu64 " delivered, %" PRIu64
              " flushed at a release (counted in ARB_DROPPED), %" PRIu64
              " discarded by a mode change\n",
              bytes.written, bytes.delivered, bytes.flushed, bytes.discarded);
  std::printf("                  %" PRIu64 " more given up by drivers before writing\n",
              bytes.not_written);
  std::printf("  strobes         %" PRIu64 " (shortest %" PRIu64 " cycles)\n",
              engine.pin_monitor().strobes(),
              engine.pin_monitor().strobes() ? engine.pin_monitor().min_strobe_cycles() : 0);
  std::printf("  cycles          %" PRIu64 "  (%.1f us simulated)\n", cycles, sim_us);
  std::printf("  wall time       %.2f s  (%.0f cycles per second)\n", wall_s,
              wall_s > 0 ? static_cast<double>(cycles) / wall_s : 0.0);
  std::printf("  coverage        %d of %d goals\n", cov.goals_hit(), cov.goals_total());
  if (!options.quiet && top->status() == ppcosim::RunStatus::kPass) {
    for (const std::string& missed : cov.missed_goals()) std::printf("    not hit: %s\n", missed.c_str());
  }
  if (!options.trace.empty()) {
    std::printf("  waveform        %s\n", options.trace.c_str());
    std::printf("  open with       gtkwave %s %s\n", options.trace.c_str(), options.gtkw.c_str());
  }
  if (!options.json.empty()) std::printf("  log             %s\n", options.json.c_str());

  const bool pass = top->status() == ppcosim::RunStatus::kPass && !engine.failed();
  if (pass && output_error) {
    std::printf("PASS, but an output could not be written (see above)\n");
    return kExitUsage;
  }
  if (pass) {
    std::printf("PASS\n");
    return kExitPass;
  }
  std::printf("FAIL (seed %" PRIu64 ")\nreproduce with: %s\n", seed, reproduce.c_str());
  return kExitFail;
}

}  // namespace

int sc_main(int argc, char** argv) { return Run(argc, argv); }
