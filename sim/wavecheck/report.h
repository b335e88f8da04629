// Turns checker results into text for people and JSON for scripts. The only place that formats.
#ifndef PPCOSIM_SIM_WAVECHECK_REPORT_H_
#define PPCOSIM_SIM_WAVECHECK_REPORT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "release_checker.h"
#include "signals.h"

namespace ppcosim::wavecheck {

// 12340000 -> "12340", 12340500 -> "12340.5" (ns).
std::string FormatNs(uint64_t ps);
// "1", "x" for one bit; "0b0110" (with x for unknown bits) for vectors.
std::string FormatValue(const Value& value, uint32_t width);
// Stable identifiers for scripts: "line_not_idle", "strobe_too_short", ...
const char* KindName(ViolationKind kind);
const char* EndName(ReleaseEnd end);

// "12340 ns: TOP.pp_top.nselectin_o is 1 at release end, expected 0 (step 3: compatibility idle)"
std::string DescribeViolation(const Violation& v, const SignalTable& table);
// "12340 ns: release still open at end of trace (15000 ns): not checked ..." for releases
// that did not complete; empty for completed ones.
std::string DescribeUnfinished(const Release& r);
// "release 1: start 1000 ns, end 3000 ns (completed)"
std::string DescribeRelease(size_t number, const Release& r);

struct RunResult {
  std::string trace;
  const SignalTable* table = nullptr;
  const ReleaseChecker* checker = nullptr;
  std::string error;  // set for input errors; then table and checker may be null
};

size_t CompletedReleases(const ReleaseChecker& checker);
void WriteJson(std::ostream& out, const RunResult& result);

}  // namespace ppcosim::wavecheck

#endif  // PPCOSIM_SIM_WAVECHECK_REPORT_H_
