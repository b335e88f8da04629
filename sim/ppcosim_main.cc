// ppcosim: co-simulates the parallel port controller RTL against the driver's arbitration model.
#include "cosim_engine.h"  // before SystemC: see cosim_top.h
#include "cosim_top.h"
#include "gtkw_writer.h"
#include "tlm_model_port.h"

#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <sys/resource.h>
#include <string>
#include <vector>

#include "options.h"
#include "output_files.h"
#include "script.h"
#include "trace_file.h"
#include "trace_widths.h"

namespace {

using ppcosim::Options;

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

void OnStopSignal(int signal) { ppcosim::RequestStop(signal); }

// SIGINT and SIGTERM end the run at its next safe point, through the usual ending: outputs
// closed and in place, the summary printed. The handler is reset on its first call, so a
// second signal ends the process the default way.
void InstallStopHandlers() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = OnStopSignal;
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const char* SignalName(int signal) { return signal == SIGINT ? "SIGINT" : "SIGTERM"; }

// Stdout carries the seed and the verdict.
bool StdoutWritten() {
  std::string error;
  if (ppcosim::FlushStdout(&error)) return true;
  std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
  return false;
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
    case ppcosim::MismatchKind::kIeee1284: return "IEEE 1284 mismatch";
    case ppcosim::MismatchKind::kRequestEnd: break;
  }
  return "request accounting";
}

// Reads the command line and the script. False when the run ends here, with *status its exit
// status (--help, or a usage or input error, already reported).
bool ReadInputs(int argc, char** argv, Options* options, std::vector<ppcosim::Op>* script,
                int* status) {
  std::string error;
  switch (ppcosim::ParseOptions(argc, argv, ppcosim::DutHarness::RtlClients(), options, &error)) {
    case ppcosim::ParseStatus::kHelp:
      ppcosim::PrintUsage(argv[0], ppcosim::DutHarness::RtlClients());
      *status = kExitPass;
      return false;
    case ppcosim::ParseStatus::kError:
      std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
      *status = kExitUsage;
      return false;
    case ppcosim::ParseStatus::kOk:
      break;
  }
  if (!options->script.empty() &&
      ppcosim::ParseScriptFile(options->script, options->clients, script, &error) !=
          ppcosim::ScriptStatus::kOk) {
    std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
    *status = kExitUsage;
    return false;
  }
  return true;
}

// Nothing is written over an input, another output, or what is not ours to replace.
bool OutputTargetsAllowed(const Options& options) {
  std::vector<ppcosim::NamedPath> inputs;
  std::vector<ppcosim::NamedPath> outputs;
  if (!options.script.empty()) inputs.push_back({"--script", options.script});
  if (!options.trace.empty()) {
    outputs.push_back({"--trace", options.trace});
    outputs.push_back({"the GTKWave save file (--gtkw)", options.gtkw});
  }
  if (!options.json.empty()) outputs.push_back({"--json", options.json});
  if (!options.coverage_out.empty()) outputs.push_back({"--coverage-out", options.coverage_out});
  const ppcosim::OutputCheck check = ppcosim::CheckOutputs(inputs, outputs);
  if (check.problem == ppcosim::OutputProblem::kNone) return true;
  std::fprintf(stderr, "ppcosim: %s\n",
               ppcosim::DescribeOutputCheck(check, inputs, outputs).c_str());
  return false;
}

// The run's output files: open before the simulation, finished after it whatever its outcome.
struct RunOutputs {
  std::optional<ppcosim::OutputFile> json;
  std::optional<ppcosim::TraceFile> trace;
  bool json_written = true;
  bool trace_written = true;
  bool gtkw_written = true;
  bool coverage_written = true;

  bool any_failed() const {
    return !json_written || !trace_written || !gtkw_written || !coverage_written;
  }
};

// Creates the temporaries of the log and the waveform; false once one cannot be (reported).
bool OpenOutputs(const Options& options, RunOutputs* outputs) {
  std::string error;
  if (!options.json.empty()) {
    outputs->json.emplace(options.json);
    if (!outputs->json->Create(&error)) {
      std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
      return false;
    }
  }
  if (!options.trace.empty()) {
    outputs->trace.emplace(options.trace);
    if (!outputs->trace->Create(&error)) {
      std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
      return false;
    }
  }
  return true;
}

// Puts the log, the waveform and its save file in place, or says why one could not be.
void FinishOutputs(const Options& options, RunOutputs* outputs) {
  std::string error;
  if (outputs->json && !outputs->json->Commit(&error)) {
    std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
    outputs->json_written = false;
  }
  if (outputs->trace && !outputs->trace->Finish(&error)) {
    std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
    outputs->trace_written = false;
  }
  outputs->gtkw_written = outputs->trace_written;
  if (outputs->trace && outputs->trace_written) {
    ppcosim::GtkwOptions view;
    view.save_path = options.gtkw;
    view.trace_path = options.trace;
    view.num_clients = static_cast<uint32_t>(ppcosim::DutHarness::RtlClients());
    // The view names what the trace has: signals not every pp_top has (the ECP engine's state)
    // only where this one traced them.
    std::map<std::string, uint32_t> widths;
    if (ppcosim::ReadTraceWidths(options.trace, &widths, &error) ==
        ppcosim::traces::ReadStatus::kOk) {
      view.width_in_trace = [&widths](const std::string& path) -> uint32_t {
        const auto it = widths.find(path);
        return it == widths.end() ? 0 : it->second;
      };
    } else {
      std::fprintf(stderr, "ppcosim: %s: cannot read its signals back (%s); the view leaves out "
                   "the optional ones\n", options.trace.c_str(), error.c_str());
    }
    if (ppcosim::WriteGtkwSaveFile(view, &error) != ppcosim::GtkwResult::kOk) {
      std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
      outputs->gtkw_written = false;
    }
  }
}

ppcosim::EngineConfig MakeEngineConfig(const Options& options, uint64_t seed,
                                       ppcosim::ModelPort* model, RunOutputs* outputs) {
  ppcosim::EngineConfig config;
  config.model = model;
  config.num_clients = options.clients;
  config.seed = seed;
  config.plusargs = options.plusargs;
  config.json = outputs->json ? outputs->json->stream() : nullptr;
  config.max_cycles = options.max_cycles;
  config.fast_forward = options.fast_forward;
  return config;
}

// Every disagreement the run found, naming the script line when it ran one.
void ReportMismatches(const Options& options, const ppcosim::Scoreboard& sb) {
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
  if (sb.mismatches_not_kept() > 0) {
    std::fprintf(stderr, "ppcosim: %" PRIu64 " more disagreements after these, not listed\n",
                 sb.mismatches_not_kept());
  }
}

// Where each written output is, and the command that opens the waveform.
void PrintOutputs(const Options& options, const RunOutputs& outputs) {
  if (outputs.trace_written && !options.trace.empty()) {
    std::printf("  waveform        %s\n", options.trace.c_str());
    if (outputs.gtkw_written) {
      std::printf("  open with       gtkwave %s %s\n", ppcosim::ShellQuote(options.trace).c_str(),
                  ppcosim::ShellQuote(options.gtkw).c_str());
    }
  }
  if (outputs.json_written && !options.json.empty()) {
    std::printf("  log             %s\n", options.json.c_str());
  }
  if (outputs.coverage_written && !options.coverage_out.empty()) {
    std::printf("  coverage file   %s\n", options.coverage_out.c_str());
  }
}

void PrintSummary(const Options& options, const ppcosim::CosimEngine& engine,
                  ppcosim::RunStatus status, double wall_s, const RunOutputs& outputs) {
  const uint64_t cycles = engine.cycle();
  const double sim_us = static_cast<double>(cycles) * ppcosim::DutHarness::kClockPeriodNs / 1000.0;
  const ppcosim::ByteStats& bytes = engine.scoreboard().bytes();
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
  if (engine.fast_forward() && !options.trace.empty() && !options.trace_window_given) {
    // Every cycle is in the waveform: nothing may be skipped.
    std::printf("  fast-forward    off while tracing every cycle\n");
  } else if (engine.fast_forward()) {
    std::printf("  fast-forward    %.0f%% of cycles skipped (%" PRIu64 ")\n",
                cycles ? 100.0 * static_cast<double>(engine.skipped_cycles()) /
                             static_cast<double>(cycles)
                       : 0.0,
                engine.skipped_cycles());
  } else {
    std::printf("  fast-forward    off\n");
  }
  // The process's peak resident memory: bounded by the work in flight, not by the run's length.
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("  peak memory     %ld KB\n", usage.ru_maxrss);
  std::printf("  coverage        %d of %d goals\n", cov.goals_hit(), cov.goals_total());
  std::printf("  release bins    %d of %zu situations at a free (the regression needs all)\n",
              cov.situations_hit(), cov.situations().size());
  if (!options.quiet && status == ppcosim::RunStatus::kPass) {
    for (const std::string& missed : cov.missed_goals()) {
      std::printf("    not hit: %s\n", missed.c_str());
    }
  }
  PrintOutputs(options, outputs);
}

// The last line and the exit status. A signal that came even as the run was ending still
// stops whatever runs this one.
int PrintVerdict(bool pass, bool output_error, uint64_t seed, const std::string& reproduce) {
  const int stop_signal = ppcosim::StopSignal();
  int status = kExitPass;
  if (stop_signal != 0) {
    std::printf("INTERRUPTED by %s (seed %" PRIu64 ")\nreproduce with: %s\n",
                SignalName(stop_signal), seed, reproduce.c_str());
    status = 128 + stop_signal;
  } else if (!pass) {
    std::printf("FAIL (seed %" PRIu64 ")\nreproduce with: %s\n", seed, reproduce.c_str());
    status = kExitFail;
  } else if (output_error) {
    std::printf("PASS, but an output could not be written (see above)\n");
    status = kExitUsage;
  } else {
    std::printf("PASS\n");
  }
  if (!StdoutWritten() && status == kExitPass) status = kExitUsage;
  return status;
}

// Builds the co-simulation (the model behind its TLM-2.0 socket, the engine, the clients or the
// script), runs it to its end and reports.
int Simulate(const Options& options, std::vector<ppcosim::Op> script, uint64_t seed,
             const std::string& reproduce, RunOutputs* outputs) {
  ppmodel::PortArbiterTlm model("model", options.clients);
  ppcosim::TlmModelPort model_port("model_port", model);
  ppcosim::CosimEngine engine(MakeEngineConfig(options, seed, &model_port, outputs));
  if (outputs->trace &&
      !engine.OpenTrace(outputs->trace->fst_path(), options.trace_from, options.trace_to)) {
    std::fprintf(stderr, "ppcosim: cannot write '%s': the trace writer cannot open it\n",
                 options.trace.c_str());
    return kExitUsage;
  }
  engine.Start();

  ppcosim::RunLimits limits;
  limits.ops = options.ops;
  const auto wall_start = std::chrono::steady_clock::now();
  // The kernel keeps its modules to the end of the process.
  ppcosim::CosimTop* top =
      options.script.empty()
          ? new ppcosim::CosimTop("cosim", engine, limits, seed, options.weights)
          : new ppcosim::CosimTop("cosim", engine, limits, std::move(script));
  sc_core::sc_start();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  // Every output is finished, even after a failure or a stop: they show what happened.
  engine.CloseTrace();
  FinishOutputs(options, outputs);
  std::string error;
  if (!options.coverage_out.empty() &&
      !ppcosim::WriteWholeFile(options.coverage_out, engine.coverage().SituationsJson(), &error)) {
    std::fprintf(stderr, "ppcosim: %s\n", error.c_str());
    outputs->coverage_written = false;
  }
  ReportMismatches(options, engine.scoreboard());
  PrintSummary(options, engine, top->status(), wall_s, *outputs);
  const bool pass = top->status() == ppcosim::RunStatus::kPass && !engine.failed();
  return PrintVerdict(pass, outputs->any_failed(), seed, reproduce);
}

int Run(int argc, char** argv) {
  Options options;
  std::vector<ppcosim::Op> script;
  int status = kExitPass;
  if (!ReadInputs(argc, argv, &options, &script, &status)) return status;
  if (!OutputTargetsAllowed(options)) return kExitUsage;
  ppcosim::IgnoreFileSizeSignal();
  InstallStopHandlers();

  // The kernel's "simulation stopped by user" note says nothing the summary does not.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                          sc_core::SC_DO_NOTHING);
  const uint64_t seed = options.seed ? *options.seed : FreshSeed();
  const std::string reproduce = ppcosim::ReproduceCommand(argv[0], options, seed);
  std::printf("ppcosim: seed %" PRIu64 "\nppcosim: reproduce with: %s\n", seed, reproduce.c_str());
  if (!StdoutWritten()) return kExitUsage;

  RunOutputs outputs;
  if (!OpenOutputs(options, &outputs)) return kExitUsage;
  return Simulate(options, std::move(script), seed, reproduce, &outputs);
}

}  // namespace

int sc_main(int argc, char** argv) { return Run(argc, argv); }

// SystemC's own main prints its banner before it calls sc_main, unless the environment says
// not to: this main sets that first, then hands over to the kernel as SystemC's would.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
