#include "report.h"

namespace ppcosim::wavecheck {
namespace {

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

const char* IdleReason(Signal s) {
  return s == Signal::kPdOe ? "data lines not driven" : "compatibility idle";
}

// A line's name in IEEE 1284 (compatibility mode), for what a message expects of it.
const char* PinName(Signal s) {
  switch (s) {
    case Signal::kNStrobe:
      return "nStrobe";
    case Signal::kNAutoFd:
      return "nAutoFd";
    case Signal::kNInit:
      return "nInit";
    case Signal::kNSelectIn:
      return "nSelectIn";
    case Signal::kNAck:
      return "nAck";
    case Signal::kPError:
      return "PError";
    default:
      return PortName(s);
  }
}

const char* Moved(bool to_high) { return to_high ? " rose" : " fell"; }

// The rule a violation broke, after the release step it belongs to: "step 3: compatibility idle".
std::string Rule(const Violation& v, const char* rule) {
  if (v.step == ReleaseStep::kNone) return rule;
  return "step " + std::to_string(static_cast<int>(v.step)) + ": " + rule;
}

}  // namespace

std::string FormatNs(uint64_t ps) {
  std::string text = std::to_string(ps / 1000);
  uint64_t frac = ps % 1000;
  if (frac == 0) return text;
  std::string digits = std::to_string(frac);
  digits.insert(0, 3 - digits.size(), '0');
  while (digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

std::string FormatValue(const Value& value, uint32_t width) {
  const uint32_t w = width == 0 ? 1 : (width > 64 ? 64 : width);
  std::string bits;
  for (uint32_t i = w; i-- > 0;) {
    const uint64_t mask = uint64_t{1} << i;
    bits += (value.unknown & mask) ? 'x' : ((value.bits & mask) ? '1' : '0');
  }
  return w == 1 ? bits : "0b" + bits;
}

const char* KindName(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::kReleaseTooLong:
      return "release_too_long";
    case ViolationKind::kReleaseUnfinished:
      return "release_unfinished";
    case ViolationKind::kLineNotIdle:
      return "line_not_idle";
    case ViolationKind::kDataDriven:
      return "data_driven";
    case ViolationKind::kGrantWhileReleasing:
      return "grant_while_releasing";
    case ViolationKind::kGrantNotOneHot:
      return "grant_not_one_hot";
    case ViolationKind::kGrantOverlap:
      return "grant_overlap";
    case ViolationKind::kStrobeTooShort:
      return "strobe_too_short";
    case ViolationKind::kTermSkipped:
      return "termination_skipped";
    case ViolationKind::kTermOutOfOrder:
      return "termination_out_of_order";
  }
  return "unknown";
}

const char* EndName(ReleaseEnd end) {
  switch (end) {
    case ReleaseEnd::kCompleted:
      return "completed";
    case ReleaseEnd::kOpenAtEnd:
      return "unfinished";
    case ReleaseEnd::kResetDuring:
      return "reset";
  }
  return "unknown";
}

std::string DescribeViolation(const Violation& v, const SignalTable& table) {
  const SignalInfo& sig = table[Index(v.signal)];
  const std::string at = FormatNs(v.time_ps) + " ns: " + sig.name;
  const std::string seen = FormatValue(v.seen, sig.width);
  switch (v.kind) {
    case ViolationKind::kReleaseTooLong:
      return at + " is still 1 " + FormatNs(v.limit_ps) + " ns after the free at " +
             FormatNs(v.since_ps) + " ns, expected 0 (release bound)";
    case ViolationKind::kReleaseUnfinished:
      return at + " is still 1 at end of trace, " + FormatNs(v.measured_ps) +
             " ns after the free, expected 0 (release complete, --require-complete)";
    case ViolationKind::kLineNotIdle:
    case ViolationKind::kDataDriven:
      return at + " is " + seen + " at release end, expected " +
             FormatValue(KnownValue(v.expected), sig.width) + " (" +
             Rule(v, IdleReason(v.signal)) + ")";
    case ViolationKind::kGrantWhileReleasing:
      return at + " is " + seen + " while " + table[Index(Signal::kReleasing)].name +
             " is 1, expected 0 (" + Rule(v, "no grant during a release") + ")";
    case ViolationKind::kGrantNotOneHot:
      return at + " is " + seen + ", expected at most one bit set (one owner)";
    case ViolationKind::kGrantOverlap:
      return at + " is " + seen + " after owner " + FormatValue(KnownValue(v.previous), sig.width) +
             " with no release between, expected 0 and a release before a new owner";
    case ViolationKind::kStrobeTooShort:
      return at + " low for " + FormatNs(v.measured_ps) + " ns, expected at least " +
             FormatNs(v.limit_ps) + " ns (" + Rule(v, "strobe width") + ")";
    case ViolationKind::kTermSkipped: {
      // ECP reverse is known from the free: its termination begins with Events 47 and 49.
      const std::string expected =
          v.event != 0 ? " ns (nSelectIn high, nAutoFd and nInit low: ECP reverse), expected "
                         "Events " + std::to_string(v.event) + " and 49, then 22 to 29,"
                       : " ns (nSelectIn high), expected the EPP nInit pulse, Events 22 to 29,";
      return at + " is " + seen +
             " at release end with no IEEE 1284 termination since the free at " +
             FormatNs(v.since_ps) + expected + " or an immediate termination after " +
             FormatNs(v.limit_ps) + " ns without an answer (" +
             Rule(v, "IEEE 1284 termination") + ")";
    }
    case ViolationKind::kTermOutOfOrder: {
      // The timeout clause where the move could be the immediate termination after the wait.
      const std::string or_timeout =
          v.limit_ps != 0 ? " or " + FormatNs(v.limit_ps) + " ns without an answer" : "";
      return at + Moved(v.seen.Is(1)) + " before " + table[Index(v.after_signal)].name +
             Moved(v.after_level) + ", expected " + PinName(v.after_signal) +
             (v.after_level ? " high" : " low") + " first" + or_timeout + " (" +
             Rule(v, "IEEE 1284 termination") + ", Event " + std::to_string(v.event) +
             " after Event " + std::to_string(v.after_event) + ")";
    }
  }
  return at + ": unknown violation";
}

std::string DescribeUnfinished(const Release& r) {
  switch (r.end) {
    case ReleaseEnd::kCompleted:
      return "";
    case ReleaseEnd::kOpenAtEnd:
      return FormatNs(r.start_ps) + " ns: release still open at end of trace (" +
             FormatNs(r.end_ps) + " ns): unfinished, not checked (--require-complete fails it)";
    case ReleaseEnd::kResetDuring:
      return FormatNs(r.start_ps) + " ns: release cut short by reset at " + FormatNs(r.end_ps) +
             " ns: not checked";
  }
  return "";
}

std::string DescribeRelease(size_t number, const Release& r) {
  return "release " + std::to_string(number) + ": start " + FormatNs(r.start_ps) + " ns, end " +
         FormatNs(r.end_ps) + " ns (" + EndName(r.end) + ")";
}

size_t CompletedReleases(const ReleaseChecker& checker) {
  size_t n = 0;
  for (const Release& r : checker.releases()) n += r.end == ReleaseEnd::kCompleted ? 1 : 0;
  return n;
}

void WriteJson(std::ostream& out, const RunResult& result) {
  out << "{\n  \"trace\": " << JsonString(result.trace) << ",\n";
  if (!result.error.empty() || result.checker == nullptr || result.table == nullptr) {
    out << "  \"status\": \"error\",\n  \"error\": " << JsonString(result.error) << "\n}\n";
    return;
  }
  const ReleaseChecker& c = *result.checker;
  out << "  \"status\": \"" << (c.violations().empty() ? "clean" : "violations") << "\",\n";
  out << "  \"releases_checked\": " << CompletedReleases(c) << ",\n";
  out << "  \"checked_edges\": " << c.checked_edges() << ",\n";
  out << "  \"releases\": [";
  for (size_t i = 0; i < c.releases().size(); ++i) {
    const Release& r = c.releases()[i];
    out << (i ? ",\n" : "\n") << "    {\"start_ns\": " << FormatNs(r.start_ps)
        << ", \"end_ns\": " << FormatNs(r.end_ps) << ", \"end\": \"" << EndName(r.end) << "\"}";
  }
  out << (c.releases().empty() ? "],\n" : "\n  ],\n");
  out << "  \"violations\": [";
  for (size_t i = 0; i < c.violations().size(); ++i) {
    const Violation& v = c.violations()[i];
    out << (i ? ",\n" : "\n") << "    {\"kind\": \"" << KindName(v.kind)
        << "\", \"time_ns\": " << FormatNs(v.time_ps)
        << ", \"signal\": " << JsonString((*result.table)[Index(v.signal)].name)
        << ", \"message\": " << JsonString(DescribeViolation(v, *result.table)) << "}";
  }
  out << (c.violations().empty() ? "]\n" : "\n  ]\n") << "}\n";
}

}  // namespace ppcosim::wavecheck
