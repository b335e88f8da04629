// ppgtkw TRACE OUT.gtkw [--from-ns A --to-ns B]: writes the grouped pp_top view for a trace,
// with every signal's width read from the trace and signals the trace lacks left out.
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "gtkw_writer.h"
#include "output_files.h"
#include "trace_widths.h"

namespace {

constexpr const char kUsage[] =
    "usage: ppgtkw TRACE OUT.gtkw [--from-ns A --to-ns B]\n"
    "Writes a GTKWave save file showing TRACE's pp_top signals grouped by role.\n"
    "Exit status: 0 written, 2 usage or input error, 3 internal error (the FST library died\n"
    "reading the trace).\n";

bool ParseNs(const char* text, uint64_t* ps) {
  if (text == nullptr || *text < '0' || *text > '9') return false;
  char* end = nullptr;
  const unsigned long long ns = std::strtoull(text, &end, 10);
  if (*end != '\0' || ns > UINT64_MAX / 1000) return false;
  *ps = ns * 1000;
  return true;
}

constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;
// Not an exit status: the step went well, ppgtkw goes on.
constexpr int kGoOn = -1;

int Fail(const std::string& what) {
  std::cerr << "ppgtkw: " << what << "\n";
  return kExitUsage;
}

// Reads the command line into *o: kGoOn, or the exit status when ppgtkw ends here (--help, or a
// usage error, reported).
int ParseArgs(int argc, char** argv, ppcosim::GtkwOptions* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--from-ns" || arg == "--to-ns") {
      if (!ParseNs(i + 1 < argc ? argv[++i] : nullptr,
                   arg == "--from-ns" ? &o->from_ps : &o->to_ps)) {
        return Fail(arg + " needs a number of ns\n" + kUsage);
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return Fail("unknown option '" + arg + "'\n" + kUsage);
    } else if (o->trace_path.empty()) {
      o->trace_path = arg;
    } else if (o->save_path.empty()) {
      o->save_path = arg;
    } else {
      return Fail(std::string("too many arguments\n") + kUsage);
    }
  }
  if (o->save_path.empty()) return Fail(std::string("need TRACE and OUT.gtkw\n") + kUsage);
  return kGoOn;
}

// Every variable of the trace with its width: kGoOn, or the exit status of a failure (reported).
int ReadWidths(const std::string& trace, std::map<std::string, uint32_t>* widths) {
  std::string error;
  switch (ppcosim::ReadTraceWidths(trace, widths, &error)) {
    case ppcosim::traces::ReadStatus::kOk:
      return kGoOn;
    case ppcosim::traces::ReadStatus::kLibraryFailed:
      std::cerr << "ppgtkw: internal error: " << trace << ": " << error << "\n";
      return kExitInternal;
    default:
      return Fail(trace + ": " + error);
  }
}

// Says which of the view's signals the trace lacks: an RTL rename shows up here.
void ReportMissing(const ppcosim::GtkwOptions& o, const std::map<std::string, uint32_t>& widths) {
  for (const ppcosim::GtkwGroup& g : ppcosim::GtkwLayout(o)) {
    for (const ppcosim::GtkwSignal& s : g.signals) {
      if (widths.count(s.path) == 0) {
        std::cerr << "ppgtkw: not in trace, left out: " << s.path << "\n";
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  ppcosim::GtkwOptions o;
  int status = ParseArgs(argc, argv, &o);
  if (status != kGoOn) return status;
  const std::vector<ppcosim::NamedPath> inputs{{"TRACE", o.trace_path}};
  const std::vector<ppcosim::NamedPath> outputs{{"OUT.gtkw", o.save_path}};
  const ppcosim::OutputCheck check = ppcosim::CheckOutputs(inputs, outputs);
  if (check.problem != ppcosim::OutputProblem::kNone) {
    return Fail(ppcosim::DescribeOutputCheck(check, inputs, outputs));
  }

  std::map<std::string, uint32_t> widths;
  status = ReadWidths(o.trace_path, &widths);
  if (status != kGoOn) return status;
  const std::string grant_path =
      o.scope + "." + ppcosim::TopSignalPath(ppcosim::TopSignal::kGrant);
  const auto grant = widths.find(grant_path);
  if (grant == widths.end()) return Fail(o.trace_path + ": no " + grant_path + " in it");
  o.num_clients = grant->second;
  ReportMissing(o, widths);
  o.width_in_trace = [&widths](const std::string& path) -> uint32_t {
    const auto it = widths.find(path);
    return it == widths.end() ? 0 : it->second;
  };
  // Only now: fstapi's reader loops forever on a temporary file it could not write.
  ppcosim::IgnoreFileSizeSignal();
  std::string error;
  if (ppcosim::WriteGtkwSaveFile(o, &error) != ppcosim::GtkwResult::kOk) return Fail(error);
  return 0;
}
