#include "options.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "number_parse.h"
#include "output_files.h"

namespace ppcosim {
namespace {

// What an option's handler works on.
struct Context {
  int max_clients;
  Options* options;
  std::string* error;
};

bool Invalid(const Context& c, std::string message) {
  *c.error = std::move(message);
  return false;
}

// A number in [min, max]; otherwise the error says what the option takes: "--ops takes 0 to
// 100000000, not '010'".
bool TakeNumber(const char* value, uint64_t min, uint64_t max, const std::string& takes,
                const Context& c, uint64_t* n) {
  if (ParseNumber(value, min, max, n) == NumberStatus::kOk) return true;
  return Invalid(c, takes + ", not '" + value + "'");
}

bool TakeCycle(const char* name, const char* value, const Context& c, uint64_t* cycle) {
  if (!TakeNumber(value, 0, UINT64_MAX, std::string(name) + " takes a cycle number", c, cycle)) {
    return false;
  }
  c.options->trace_window_given = true;
  return true;
}

// Handles one option and its value (nullptr for a flag); false with *c.error set.
using Handler = bool (*)(const char* name, const char* value, const Context& c);

// An option whose value is kept as given: a file name.
template <std::string Options::*kField>
bool KeepText(const char* /*name*/, const char* value, const Context& c) {
  c.options->*kField = value;
  return true;
}

struct OptionSpec {
  const char* name;
  const char* needs;  // what must follow the option, for "--seed needs a number"; null: a flag
  Handler handle;
};

const OptionSpec kOptionSpecs[] = {
    {"--quiet", nullptr,
     [](const char*, const char*, const Context& c) {
       c.options->quiet = true;
       return true;
     }},
    {"--no-fast-forward", nullptr,
     [](const char*, const char*, const Context& c) {
       c.options->fast_forward = false;
       return true;
     }},
    {"--seed", "a number",
     [](const char*, const char* value, const Context& c) {
       uint64_t n = 0;
       if (!TakeNumber(value, 1, UINT64_MAX, "--seed takes a whole number from 1", c, &n)) {
         return false;
       }
       c.options->seed = n;
       return true;
     }},
    {"--clients", "a number",
     [](const char*, const char* value, const Context& c) {
       uint64_t n = 0;
       const auto max = static_cast<uint64_t>(c.max_clients);
       if (!TakeNumber(value, 1, max, "--clients takes 1 to " + std::to_string(max), c, &n)) {
         return false;
       }
       c.options->clients = static_cast<int>(n);
       return true;
     }},
    {"--ops", "a number",
     [](const char*, const char* value, const Context& c) {
       if (!TakeNumber(value, 0, 100'000'000, "--ops takes 0 to 100000000", c, &c.options->ops)) {
         return false;
       }
       c.options->ops_given = true;
       return true;
     }},
    {"--weights", "a list",
     [](const char*, const char* value, const Context& c) {
       if (!ParseWeights(value, &c.options->weights, c.error)) return false;
       c.options->weights_text = value;
       return true;
     }},
    {"--script", "a file", KeepText<&Options::script>},
    {"--trace", "a file", KeepText<&Options::trace>},
    {"--trace-from", "a cycle",
     [](const char* name, const char* value, const Context& c) {
       return TakeCycle(name, value, c, &c.options->trace_from);
     }},
    {"--trace-to", "a cycle",
     [](const char* name, const char* value, const Context& c) {
       return TakeCycle(name, value, c, &c.options->trace_to);
     }},
    {"--gtkw", "a file", KeepText<&Options::gtkw>},
    {"--json", "a file", KeepText<&Options::json>},
    {"--coverage-out", "a file", KeepText<&Options::coverage_out>},
    {"--max-cycles", "a number",
     [](const char*, const char* value, const Context& c) {
       return TakeNumber(value, 1, UINT64_MAX, "--max-cycles takes a number from 1", c,
                         &c.options->max_cycles);
     }},
    {"--plusarg", "+ARG",
     [](const char*, const char* value, const Context& c) {
       if (value[0] != '+') {
         return Invalid(c, "--plusarg takes +ARG, not '" + std::string(value) + "'");
       }
       c.options->plusargs.emplace_back(value);
       return true;
     }},
};

const OptionSpec* FindOption(const char* name) {
  for (const OptionSpec& spec : kOptionSpecs) {
    if (std::strcmp(spec.name, name) == 0) return &spec;
  }
  return nullptr;
}

// Options that would change nothing, or contradict each other, are errors.
bool CheckCombination(const Options& o, std::string* error) {
  if (!o.script.empty() && (o.ops_given || !o.weights_text.empty())) {
    *error = std::string(o.ops_given ? "--ops" : "--weights") +
             " shapes random runs; a --script run does its script's operations";
    return false;
  }
  if (o.trace.empty() && (o.trace_window_given || !o.gtkw.empty())) {
    *error = std::string(o.trace_window_given ? "--trace-from and --trace-to limit"
                                              : "--gtkw names the save file of") +
             " the waveform: give --trace too";
    return false;
  }
  if (o.trace_to != 0 && o.trace_to < o.trace_from) {
    *error = "--trace-to is before --trace-from";
    return false;
  }
  return true;
}

}  // namespace

void PrintUsage(const char* program, int max_clients) {
  std::printf(
      "usage: %s [options]\n"
      "Co-simulates the parallel port controller RTL against the arbitration reference model.\n"
      "\n"
      "Stimulus (random unless --script is given):\n"
      "  --seed N          random seed (default: a fresh one, printed)\n"
      "  --clients N       clients taking part, 1 to the RTL's NUM_CLIENTS (default %d, all)\n"
      "  --ops N           random operations across all clients (default 3000)\n"
      "  --weights LIST    operation weights, e.g. allocate=6,try=3,free=5,cancel=1,write=6,\n"
      "                    mode=2,waiters=1,misuse=1,stall=1,rest=2; ieee1284=N (default 2)\n"
      "                    adds IEEE 1284 negotiations, reverse reads, EPP cycles, frees;\n"
      "                    print-job=N (default 2) sets FIFO mode, writes and frees at once;\n"
      "                    careless-free=N (default 2) leaves the port dirty and frees it\n"
      "  --script FILE     run a directed script (format: docs/script-format.md)\n"
      "Outputs:\n"
      "  --trace FILE      waveform: FST, or VCD when FILE ends in .vcd (any case)\n"
      "  --trace-from C    first cycle written to the waveform\n"
      "  --trace-to C      last cycle written to the waveform\n"
      "  --gtkw FILE       GTKWave save file (default: the trace's name with .gtkw)\n"
      "  --json FILE       one JSON object per operation\n"
      "  --coverage-out FILE  the release situations' hits, as JSON (scripts/coverage-merge.py\n"
      "                    merges several runs' and names the bins none hit)\n"
      "Control:\n"
      "  --max-cycles N    watchdog: most cycles per operation and between two (default 10000000)\n"
      "  --plusarg +ARG    pass +ARG to the RTL (repeatable)\n"
      "  --no-fast-forward evaluate the RTL every cycle; by default cycles in which it stands\n"
      "                    still (state and inputs unchanged) and the peripheral and monitors\n"
      "                    have nothing due are skipped, with identical results, except inside\n"
      "                    the --trace window, which shows every clock edge\n"
      "  --quiet           only the summary and errors\n"
      "  --help            this text\n"
      "Numbers, here and in scripts, are decimal or 0x hex; a leading zero (010) is an error.\n"
      "Outputs are written complete or not at all; an output that is an input, another\n"
      "output, a directory, a device or a symbolic link is refused.\n"
      "Exit status: 0 pass, 1 mismatch or failed check, 2 usage or input error or an output\n"
      "that could not be written, 130 interrupted (SIGINT), 143 terminated (SIGTERM).\n",
      program, max_clients);
}

ParseStatus ParseOptions(int argc, char** argv, int max_clients, Options* options,
                         std::string* error) {
  const Context context{max_clients, options, error};
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    if (!std::strcmp(arg, "--help") || !std::strcmp(arg, "-h")) return ParseStatus::kHelp;
    const OptionSpec* spec = FindOption(arg);
    if (spec == nullptr) {
      *error = "unknown option '" + std::string(arg) + "' (see --help)";
      return ParseStatus::kError;
    }
    const char* value = nullptr;
    if (spec->needs != nullptr) {
      if (i + 1 >= argc) {
        *error = std::string(arg) + " needs " + spec->needs;
        return ParseStatus::kError;
      }
      value = argv[++i];
    }
    if (!spec->handle(arg, value, context)) return ParseStatus::kError;
  }
  if (!CheckCombination(*options, error)) return ParseStatus::kError;
  if (options->clients == 0) options->clients = max_clients;
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
