// wavecheck TRACE [options]: checks in an FST or VCD that pp_top released the bus after every
// free. Exit 0 clean, 1 violations, 2 usage or input errors, 3 internal error.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "check_trace.h"
#include "number_parse.h"
#include "output_files.h"
#include "release_checker.h"
#include "report.h"

namespace ppcosim::wavecheck {
namespace {

enum class Exit : int { kClean = 0, kViolations = 1, kUsage = 2, kInternal = 3 };

struct Options {
  std::string trace;
  std::string json;
  std::string scope;  // empty: pp_top's ports, or the bare port names at any depth
  CheckerConfig config;
  bool list_releases = false;
};

constexpr const char kUsage[] =
    "usage: wavecheck TRACE [options]\n"
    "Checks that pp_top released the parallel port after every free. TRACE: .fst or .vcd.\n"
    "  --release-bound-ns N  releasing_o must fall within N ns of rising (default 2000000:\n"
    "                        16 FIFO bytes each waiting out a 100 us peripheral timeout,\n"
    "                        plus termination, rounded up)\n"
    "  --min-strobe-ns N     shortest legal nstrobe_o low pulse (default: regmap tstb, 500)\n"
    "  --require-complete    the trace must be whole: a VCD must end with its end mark (the\n"
    "                        last timestamp written again), and a release still open at\n"
    "                        the end is a violation\n"
    "  --scope NAME          module scope of the ports, which must be in the trace (default:\n"
    "                        pp_top, else the port names at any depth)\n"
    "  --list-releases       print each release's start and end\n"
    "  --json FILE           also write the results as JSON\n"
    "  -h, --help            this text\n"
    "An FST cut anywhere, or a VCD cut in its header or inside a line, is an input error\n"
    "(a VCD's names the line: \"truncated at line N\"). A VCD cut exactly at the end of a\n"
    "line reads as a shorter trace; --require-complete refuses it too, as only the end mark\n"
    "shows a VCD whole. Both refusals exit 2.\n"
    "Numbers are decimal or 0x hex; a leading zero (010) is an error.\n"
    "Exit status: 0 clean, 1 violations, 2 usage or input error, 3 internal error (the FST\n"
    "library died reading the trace).\n";

bool ParseNs(const char* text, uint64_t* ps) {
  uint64_t ns = 0;
  if (text == nullptr || ParseNumber(text, 0, UINT64_MAX / 1000, &ns) != NumberStatus::kOk) {
    return false;
  }
  *ps = ns * 1000;
  return true;
}

Exit UsageError(const std::string& what) {
  std::cerr << "wavecheck: " << what << "\n" << kUsage;
  return Exit::kUsage;
}

// Returns kClean when the options are usable.
Exit ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    const char* value = nullptr;
    const size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = argv[i] + eq + 1;
      arg.resize(eq);
    }
    auto take_value = [&]() -> const char* {
      if (value != nullptr) return value;
      return i + 1 < argc ? argv[++i] : nullptr;
    };
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--release-bound-ns") {
      if (!ParseNs(take_value(), &o->config.release_bound_ps)) {
        return UsageError("--release-bound-ns needs a number of ns");
      }
    } else if (arg == "--min-strobe-ns") {
      if (!ParseNs(take_value(), &o->config.min_strobe_ps)) {
        return UsageError("--min-strobe-ns needs a number of ns");
      }
    } else if (arg == "--require-complete") {
      o->config.require_complete = true;
    } else if (arg == "--list-releases") {
      o->list_releases = true;
    } else if (arg == "--json" || arg == "--scope") {
      const char* v = take_value();
      if (v == nullptr || *v == '\0') return UsageError(arg + " needs a value");
      (arg == "--json" ? o->json : o->scope) = v;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return UsageError("unknown option '" + arg + "'");
    } else if (o->trace.empty()) {
      o->trace = arg;
    } else {
      return UsageError("more than one trace given ('" + o->trace + "', '" + arg + "')");
    }
  }
  if (o->trace.empty()) return UsageError("no trace given");
  return Exit::kClean;
}

bool WriteJsonFile(const Options& o, const RunResult& result) {
  if (o.json.empty()) return true;
  std::ostringstream json;
  WriteJson(json, result);
  std::string error;
  if (!WriteWholeFile(o.json, json.str(), &error)) {
    std::cerr << "wavecheck: " << error << "\n";
    return false;
  }
  return true;
}

// std::cout writes straight into stdout's buffer (synchronised with stdio): flushing stdout
// flushes the report.
bool StdoutWritten() {
  std::string error;
  if (FlushStdout(&error)) return true;
  std::cerr << "wavecheck: " << error << "\n";
  return false;
}

Exit Run(int argc, char** argv) {
  Options o;
  const Exit parsed = ParseArgs(argc, argv, &o);
  if (parsed != Exit::kClean) return parsed;
  if (!o.json.empty()) {
    const std::vector<NamedPath> inputs{{"TRACE", o.trace}};
    const std::vector<NamedPath> outputs{{"--json", o.json}};
    const OutputCheck check = CheckOutputs(inputs, outputs);
    if (check.problem != OutputProblem::kNone) {
      std::cerr << "wavecheck: " << DescribeOutputCheck(check, inputs, outputs) << "\n";
      return Exit::kUsage;
    }
  }

  ReleaseChecker checker(o.config);
  SignalTable table;
  std::string error;
  const TraceCheckStatus status = CheckTrace(o.trace, o.scope, &checker, &table, &error);
  // Only now: fstapi's reader loops forever on a temporary file it could not write.
  IgnoreFileSizeSignal();

  RunResult result{o.trace, &table, &checker, ""};
  if (status != TraceCheckStatus::kOk) {
    const bool internal = status == TraceCheckStatus::kLibraryFailed;
    std::cerr << "wavecheck: " << (internal ? "internal error: " : "") << o.trace << ": " << error
              << "\n";
    result.error = error;
    WriteJsonFile(o, result);
    return internal ? Exit::kInternal : Exit::kUsage;
  }
  if (o.list_releases) {
    for (size_t i = 0; i < checker.releases().size(); ++i) {
      std::cout << "wavecheck: " << DescribeRelease(i + 1, checker.releases()[i]) << "\n";
    }
  }
  for (const Violation& v : checker.violations()) {
    std::cout << "wavecheck: " << DescribeViolation(v, table) << "\n";
  }
  size_t unfinished = 0;
  for (const Release& r : checker.releases()) {
    const std::string note = DescribeUnfinished(r);
    if (note.empty()) continue;
    ++unfinished;
    std::cout << "wavecheck: " << note << "\n";
  }
  if (checker.checked_edges() == 0) {
    std::cout << "wavecheck: warning: no rising edge of " << table[Index(Signal::kClk)].name
              << " with " << table[Index(Signal::kRstN)].name << " high: nothing was checked\n";
  }
  const size_t checked = CompletedReleases(checker);
  const size_t violations = checker.violations().size();
  std::cout << "wavecheck: " << checked << (checked == 1 ? " release" : " releases") << " checked, "
            << violations << (violations == 1 ? " violation" : " violations");
  if (unfinished > 0) std::cout << ", " << unfinished << " unfinished";
  std::cout << "\n";
  if (!WriteJsonFile(o, result) || !StdoutWritten()) return Exit::kUsage;
  return violations == 0 ? Exit::kClean : Exit::kViolations;
}

}  // namespace
}  // namespace ppcosim::wavecheck

int main(int argc, char** argv) { return static_cast<int>(ppcosim::wavecheck::Run(argc, argv)); }
