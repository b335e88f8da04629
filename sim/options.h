// ppcosim's command line.
#ifndef PPCOSIM_SIM_OPTIONS_H_
#define PPCOSIM_SIM_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "random_stimulus.h"

namespace ppcosim {

struct Options {
  std::optional<uint64_t> seed;
  int clients = 0;  // --clients; ParseOptions makes it the RTL's NUM_CLIENTS when not given
  uint64_t ops = 3000;
  bool ops_given = false;
  OpWeights weights;
  std::string weights_text;
  std::string script;
  std::string trace;
  uint64_t trace_from = 0;
  uint64_t trace_to = 0;
  bool trace_window_given = false;
  std::string gtkw;
  std::string json;
  std::string coverage_out;
  uint64_t max_cycles = 10'000'000;
  std::vector<std::string> plusargs;
  bool quiet = false;
  bool fast_forward = true;
};

enum class ParseStatus : uint8_t { kOk, kHelp, kError };

ParseStatus ParseOptions(int argc, char** argv, int max_clients, Options* options,
                         std::string* error);
// `max_clients` is the RTL's NUM_CLIENTS, also the default of --clients.
void PrintUsage(const char* program, int max_clients);
// The command line that reruns this run exactly, its words quoted for a POSIX shell.
std::string ReproduceCommand(const char* program, const Options& options, uint64_t seed);

}  // namespace ppcosim

#endif  // PPCOSIM_SIM_OPTIONS_H_
