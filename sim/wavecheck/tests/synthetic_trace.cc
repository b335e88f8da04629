#include "synthetic_trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "fstapi.h"

namespace ppcosim::wavecheck::testing {
namespace {

uint32_t Width(Signal s, uint32_t num_clients) { return s == Signal::kGrant ? num_clients : 1; }

std::string Bits(Value v, uint32_t width) {
  std::string out;
  for (uint32_t i = width; i-- > 0;) {
    const uint64_t m = uint64_t{1} << i;
    out += (v.unknown & m) ? 'x' : ((v.bits & m) ? '1' : '0');
  }
  return out;
}

}  // namespace

SyntheticTrace::SyntheticTrace(uint32_t num_clients) : num_clients_(num_clients) {
  const std::pair<Signal, uint64_t> initial[] = {
      {Signal::kClk, 0},   {Signal::kRstN, 0},      {Signal::kReleasing, 0},
      {Signal::kGrant, 0}, {Signal::kNStrobe, 1},   {Signal::kNAutoFd, 1},
      {Signal::kNInit, 1}, {Signal::kNSelectIn, 0}, {Signal::kPdOe, 0},
      {Signal::kNAck, 1},  {Signal::kPError, 0}};
  for (const auto& [s, v] : initial) changes_.push_back({0, s, KnownValue(v)});
}

void SyntheticTrace::Set(Signal s, uint64_t value) {
  pending_.push_back({0, s, KnownValue(value)});
}

void SyntheticTrace::SetUnknown(Signal s) { pending_.push_back({0, s, Value{}}); }

void SyntheticTrace::At(uint64_t time_ps, Signal s, uint64_t value) {
  changes_.push_back({time_ps, s, KnownValue(value)});
  std::stable_sort(changes_.begin(), changes_.end(),
                   [](const Change& a, const Change& b) { return a.time_ps < b.time_ps; });
}

void SyntheticTrace::Cycles(int n) {
  for (int i = 0; i < n; ++i) {
    const uint64_t rise = now_ps_ + kPeriodPs / 2;
    if (!changes_after_clock_) {
      for (Change c : pending_) changes_.push_back({rise, c.signal, c.value});
    }
    changes_.push_back({rise, Signal::kClk, KnownValue(1)});
    if (changes_after_clock_) {
      for (Change c : pending_) changes_.push_back({rise, c.signal, c.value});
    }
    pending_.clear();
    now_ps_ += kPeriodPs;
    changes_.push_back({now_ps_, Signal::kClk, KnownValue(0)});
  }
}

void SyntheticTrace::Feed(ReleaseChecker* checker) const {
  for (const Change& c : changes_) checker->Change(c.time_ps, c.signal, c.value);
  checker->Finish(now_ps_);
}

std::string SyntheticTrace::ToVcd() const {
  std::ostringstream out;
  out << "$date today $end\n$version synthetic_trace $end\n$timescale 1ps $end\n";
  // Like Verilator: the ports appear at TOP and again in TOP.pp_top, sharing codes.
  auto declare_ports = [&] {
    for (size_t i = 0; i < kSignalCount; ++i) {
      const auto s = static_cast<Signal>(i);
      const uint32_t w = Width(s, num_clients_);
      out << "$var wire " << w << " " << static_cast<char>('!' + i) << " " << PortName(s);
      if (w > 1) out << " [" << (w - 1) << ":0]";
      out << " $end\n";
    }
  };
  out << "$scope module TOP $end\n";
  declare_ports();
  out << "$scope module pp_top $end\n";
  declare_ports();
  out << "$upscope $end\n$upscope $end\n$enddefinitions $end\n";
  bool first = true;
  uint64_t t = 0;
  for (const Change& c : changes_) {
    if (first || c.time_ps != t) {
      if (!first && t == 0) out << "$end\n";
      t = c.time_ps;
      out << "#" << t << "\n";
      if (first) out << "$dumpvars\n";
      first = false;
    }
    const uint32_t w = Width(c.signal, num_clients_);
    const char code = static_cast<char>('!' + Index(c.signal));
    if (w == 1) {
      out << Bits(c.value, 1) << code << "\n";
    } else {
      out << "b" << Bits(c.value, w) << " " << code << "\n";
    }
  }
  if (t == 0 && !first) out << "$end\n";
  out << "#" << now_ps_ << "\n";
  return out.str();
}

bool SyntheticTrace::WriteFst(const std::string& path) const {
  void* fst = fstWriterCreate(path.c_str(), 1);
  if (fst == nullptr) return false;
  fstWriterSetTimescale(fst, -12);
  fstWriterSetScope(fst, FST_ST_VCD_MODULE, "TOP", nullptr);
  fstHandle handles[kSignalCount];
  for (size_t i = 0; i < kSignalCount; ++i) {
    const auto s = static_cast<Signal>(i);
    const uint32_t w = Width(s, num_clients_);
    std::string name = PortName(s);
    if (w > 1) name += " [" + std::to_string(w - 1) + ":0]";
    handles[i] = fstWriterCreateVar(fst, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, w, name.c_str(), 0);
  }
  fstWriterSetScope(fst, FST_ST_VCD_MODULE, "pp_top", nullptr);
  for (size_t i = 0; i < kSignalCount; ++i) {
    const auto s = static_cast<Signal>(i);
    const uint32_t w = Width(s, num_clients_);
    std::string name = PortName(s);
    if (w > 1) name += " [" + std::to_string(w - 1) + ":0]";
    // Aliases of the TOP-level ports, as Verilator writes them.
    fstWriterCreateVar(fst, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, w, name.c_str(), handles[i]);
  }
  fstWriterSetUpscope(fst);
  fstWriterSetUpscope(fst);
  for (const Change& c : changes_) {
    fstWriterEmitTimeChange(fst, c.time_ps);
    const std::string bits = Bits(c.value, Width(c.signal, num_clients_));
    fstWriterEmitValueChange(fst, handles[Index(c.signal)], bits.c_str());
  }
  fstWriterEmitTimeChange(fst, now_ps_);
  fstWriterClose(fst);
  return true;
}

SyntheticTrace OwnedByClient0() {
  SyntheticTrace t;
  t.Cycles(2);
  t.Set(Signal::kRstN, 1);
  t.Cycles(2);
  t.Set(Signal::kGrant, 0b0001);
  t.Cycles(3);
  return t;
}

SyntheticTrace CleanHandover(int release_cycles) {
  SyntheticTrace t = OwnedByClient0();
  // One byte, compatibility mode: data driven, 600 ns strobe (30 cycles).
  t.Set(Signal::kPdOe, 1);
  t.Cycles(25);
  t.Set(Signal::kNStrobe, 0);
  t.Cycles(30);
  t.Set(Signal::kNStrobe, 1);
  t.Cycles(25);
  // Free: the grant drops as the release starts; termination moves nSelectIn and nAutoFd.
  t.Set(Signal::kGrant, 0);
  t.Set(Signal::kReleasing, 1);
  t.Cycles(1);
  t.Set(Signal::kNSelectIn, 1);
  t.Set(Signal::kNAutoFd, 0);
  t.Cycles(release_cycles - 2);
  t.Set(Signal::kNSelectIn, 0);
  t.Set(Signal::kNAutoFd, 1);
  t.Set(Signal::kPdOe, 0);
  t.Cycles(1);
  t.Set(Signal::kReleasing, 0);
  t.Cycles(3);
  t.Set(Signal::kGrant, 0b0010);
  t.Cycles(5);
  return t;
}

ReleaseChecker Check(const SyntheticTrace& trace, const CheckerConfig& config) {
  ReleaseChecker checker(config);
  trace.Feed(&checker);
  return checker;
}

namespace {

// One directory per test process, removed at exit: concurrent runs from other build trees
// never share a file. A plain array, so that it outlives the static destructors.
char g_temp_dir[4096];

void RemoveTempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(g_temp_dir, ignored);
}

std::string TempDirForProcess() {
  if (g_temp_dir[0] == '\0') {
    std::string base = ::testing::TempDir();
    if (!base.empty() && base.back() != '/') base += '/';
    const std::string pattern = base + "wavecheck_test.XXXXXX";
    if (pattern.size() >= sizeof(g_temp_dir)) return base;
    std::memcpy(g_temp_dir, pattern.c_str(), pattern.size() + 1);
    if (mkdtemp(g_temp_dir) == nullptr) {
      g_temp_dir[0] = '\0';
      return base;
    }
    std::atexit(RemoveTempDir);
  }
  return std::string(g_temp_dir) + "/";
}

}  // namespace

std::string TempPath(const std::string& name) {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string prefix = info != nullptr
                           ? std::string(info->test_suite_name()) + "." + info->name() + "."
                           : std::string();
  std::replace(prefix.begin(), prefix.end(), '/', '_');
  return TempDirForProcess() + prefix + name;
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace ppcosim::wavecheck::testing
