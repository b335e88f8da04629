// demo_trace OUT.fst [OUT.gtkw]: a short real pp_top waveform from the testbench harness (two
// clients each allocating, writing a byte and freeing), with its GTKWave view. The tests of
// the save file, of wave-png and of wavecheck on a real trace read it.
#include <cstdio>
#include <string>

#include "apb_transactor.h"
#include "dut_harness.h"
#include "gtkw_writer.h"
#include "ppcosim/regmap.h"
#include "verilated.h"

namespace {

using ppcosim::regmap::ArbCmd;

void Session(ppcosim::ApbTransactor& apb, ppcosim::DutHarness& h, int client, uint8_t byte) {
  namespace rm = ppcosim::regmap;
  apb.Write(client, rm::kArbCmd, static_cast<uint8_t>(ArbCmd::kAllocate));
  h.Ticks(5);
  apb.Write(client, rm::kData, byte);
  // A software strobe, as Linux's compat write does it: CONTROL.STROBE set, then cleared.
  apb.Write(client, rm::kControl, rm::kControlReset | rm::kControlStrobeMask);
  h.Ticks(30);
  apb.Write(client, rm::kControl, rm::kControlReset);
  h.Ticks(30);
  apb.Write(client, rm::kArbCmd, static_cast<uint8_t>(ArbCmd::kFree));
  h.Ticks(150);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: demo_trace OUT.fst [OUT.gtkw]\n");
    return 2;
  }
  uint64_t end_ps = 0;
  {
    ppcosim::DutHarness h;
    if (!h.OpenTrace(argv[1])) {
      std::fprintf(stderr, "demo_trace: cannot write %s\n", argv[1]);
      return 2;
    }
    ppcosim::ApbTransactor apb(h);
    h.Reset();
    h.Ticks(10);
    Session(apb, h, 0, 0x55);
    Session(apb, h, 1, 0xa5);
    h.Ticks(20);
    end_ps = h.context().time();
    h.CloseTrace();
  }
  if (argc == 3) {
    ppcosim::GtkwOptions o;
    o.trace_path = argv[1];
    o.save_path = argv[2];
    o.num_clients = 4;
    o.to_ps = end_ps;
    std::string error;
    if (ppcosim::WriteGtkwSaveFile(o, &error) != ppcosim::GtkwResult::kOk) {
      std::fprintf(stderr, "demo_trace: %s\n", error.c_str());
      return 2;
    }
  }
  return 0;
}
