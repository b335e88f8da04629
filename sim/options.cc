#include "options.h"

#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <cstring>

#include "number_parse.h"
#include "output_files.h"

namespace ppcosim {
namespace {

bool ParseUint(const char* text, uint64_t min, uint64_t max, uint64_t* value) {
  return text != nullptr && ParseNumber(text, min, max, value) == NumberStatus::kOk;
}

}  // namespace

void PrintUsage(const char* program) {
  std::printf(
      "usage: %s [options]\n"
      "Co-simulates the parallel port controller RTL against the arbitration reference model.\n"
      "\n"
      "Stimulus (random unless --script is given):\n"
      "  --seed N          random seed (default: a fresh one, printed)\n"
      "  --clients N       clients taking part, 1 to the RTL's NUM_CLIENTS (default 4)\n"
      "  --ops N           random operations across all clients (default 3000)\n"
      "  --weights LIST    operation weights, e.g. allocate=6,try=3,free=5,cancel=1,write=6,\n"
      "                    mode=2,waiters=1,misuse=1,stall=1,rest=2; ieee1284=N (default 0)\n"
      "                    adds IEEE 1284 negotiations, reverse reads, EPP cycles, frees\n"
      "  --script FILE     run a directed script (format: docs/script-format.md)\n"
      "Outputs:\n"
      "  --trace FILE      waveform: FST, or VCD when FILE ends in .vcd (any case)\n"
      "  --trace-from C    first cycle written to the waveform\n"
      "  --trace-to C      last cycle written to the waveform\n"
      "  --gtkw FILE       GTKWave save file (default: the trace's name with .gtkw)\n"
      "  --json FILE       one JSON object per operation\n"
      "Control:\n"
      "  --max-cycles N    watchdog: most cycles per operation and between two (default 10000000)\n"
      "  --plusarg +ARG    pass +ARG to the RTL (repeatable)\n"
      "  --quiet           only the summary and errors\n"
      "  --help            this text\n"
      "Numbers, here and in scripts, are decimal or 0x hex; a leading zero (010) is an error.\n"
      "Outputs are written complete or not at all; an output that is an input, another\n"
      "output, a directory, a device or a symbolic link is refused.\n"
      "Exit status: 0 pass, 1 mismatch or failed check, 2 usage or input error or an output\n"
      "that could not be written, 130 interrupted (SIGINT), 143 terminated (SIGTERM).\n",
      program);
}

ParseStatus ParseOptions(int argc, char** argv, int max_clients, Options* options,
                         std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    auto need = [&](const char* what) {
      if (!value) {
        *error = std::string(arg) + " needs " + what;
        return false;
      }
      ++i;
      return true;
    };
    uint64_t n = 0;
    if (!std::strcmp(arg, "--help") || !std::strcmp(arg, "-h")) {
      return ParseStatus::kHelp;
    } else if (!std::strcmp(arg, "--quiet")) {
      options->quiet = true;
    } else if (!std::strcmp(arg, "--seed")) {
      if (!need("a number")) return ParseStatus::kError;
      if (!ParseUint(value, 1, UINT64_MAX, &n)) {
        *error = "--seed takes a whole number from 1, not '" + std::string(value) + "'";
        return ParseStatus::kError;
      }
      options->seed = n;
    } else if (!std::strcmp(arg, "--clients")) {
      if (!need("a number")) return ParseStatus::kError;
      if (!ParseUint(value, 1, static_cast<uint64_t>(max_clients), &n)) {
        *error = "--clients takes 1 to " + std::to_string(max_clients) + ", not '" +
                 std::string(value) + "'";
        return ParseStatus::kError;
      }
      options->clients = static_cast<int>(n);
    } else if (!std::strcmp(arg, "--ops")) {
      if (!need("a number")) return ParseStatus::kError;
      if (!ParseUint(value, 0, 100'000'000, &n)) {
        *error = "--ops takes 0 to 100000000, not '" + std::string(value) + "'";
        return ParseStatus::kError;
      }
      options->ops = n;
      options->ops_given = true;
    } else if (!std::strcmp(arg, "--weights")) {
      if (!need("a list")) return ParseStatus::kError;
      if (!ParseWeights(value, &options->weights, error)) return ParseStatus::kError;
      options->weights_text = value;
    } else if (!std::strcmp(arg, "--script")) {
      if (!need("a file")) return ParseStatus::kError;
      options->script = value;
    } else if (!std::strcmp(arg, "--trace")) {
      if (!need("a file")) return ParseStatus::kError;
      options->trace = value;
    } else if (!std::strcmp(arg, "--trace-from") || !std::strcmp(arg, "--trace-to")) {
      if (!need("a cycle")) return ParseStatus::kError;
      if (!ParseUint(value, 0, UINT64_MAX, &n)) {
        *error = std::string(arg) + " takes a cycle number, not '" + value + "'";
        return ParseStatus::kError;
      }
      (arg[8] == 'f' ? options->trace_from : options->trace_to) = n;
      options->trace_window_given = true;
    } else if (!std::strcmp(arg, "--gtkw")) {
      if (!need("a file")) return ParseStatus::kError;
      options->gtkw = value;
    } else if (!std::strcmp(arg, "--json")) {
      if (!need("a file")) return ParseStatus::kError;
      options->json = value;
    } else if (!std::strcmp(arg, "--max-cycles")) {
      if (!need("a number")) return ParseStatus::kError;
      if (!ParseUint(value, 1, UINT64_MAX, &n)) {
        *error = "--max-cycles takes a number from 1, not '" + std::string(value) + "'";
        return ParseStatus::kError;
      }
      options->max_cycles = n;
    } else if (!std::strcmp(arg, "--plusarg")) {
      if (!need("+ARG")) return ParseStatus::kError;
      if (value[0] != '+') {
        *error = "--plusarg takes +ARG, not '" + std::string(value) + "'";
        return ParseStatus::kError;
      }
      options->plusargs.emplace_back(value);
    } else {
      *error = "unknown option '" + std::string(arg) + "' (see --help)";
      return ParseStatus::kError;
    }
  }
  if (!options->script.empty() && (options->ops_given || !options->weights_text.empty())) {
    *error = std::string(options->ops_given ? "--ops" : "--weights") +
             " shapes random runs; a --script run does its script's operations";
    return ParseStatus::kError;
  }
  if (options->trace.empty() && (options->trace_window_given || !options->gtkw.empty())) {
    *error = std::string(options->trace_window_given ? "--trace-from and --trace-to limit"
                                                     : "--gtkw names the save file of") +
             " the waveform: give --trace too";
    return ParseStatus::kError;
  }
  if (options->trace_to != 0 && options->trace_to < options->trace_from) {
    *error = "--trace-to is before --trace-from";
    return ParseStatus::kError;
  }
  if (!options->trace.empty() && options->gtkw.empty()) {
    options->gtkw = std::filesystem::path(options->trace).replace_extension(".gtkw").string();
  }
  return ParseStatus::kOk;
}

std::string ReproduceCommand(const char* program, const Options& options, uint64_t seed) {
  std::string cmd = ShellQuote(program) + " --seed " + std::to_string(seed) + " --clients " +
                    std::to_string(options.clients);
  if (!options.script.empty()) {
    cmd += " --script " + ShellQuote(options.script);
  } else {
    cmd += " --ops " + std::to_string(options.ops);
    if (!options.weights_text.empty()) cmd += " --weights " + ShellQuote(options.weights_text);
  }
  if (options.max_cycles != Options{}.max_cycles) {
    cmd += " --max-cycles " + std::to_string(options.max_cycles);
  }
  for (const std::string& plusarg : options.plusargs) cmd += " --plusarg " + ShellQuote(plusarg);
  if (!options.trace.empty()) cmd += " --trace " + ShellQuote(options.trace);
  return cmd;
}

}  // namespace ppcosim
