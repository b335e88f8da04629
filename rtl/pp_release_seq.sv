// Puts the bus back into a clean, released state after the owner's FREE, before anyone else
// gets it. The steps, in order (one state each, so the waveform reads like the spec):
//
//   RelIdle       no release in progress
//   RelDrain      (1) a byte in flight finishes its full strobe and hold; a software strobe
//                     (CONTROL.STROBE) lasts at least its minimum width; bytes queued in the
//                     FIFO (mode 010) are sent, unless the peripheral stalled (engine timeout)
//   RelFlush      (1) the stalled bytes are dropped and counted in the departing client's
//                     ARB_DROPPED (one cycle; skipped when nothing is left)
//   RelTerminate  (2) IEEE 1284 termination (later; one cycle for now)
//   RelIdleLines  (3) CONTROL <= CONTROL_RESET: nStrobe H, nAutoFd H, nInit H, nSelectIn L; the
//                     data stay driven HOLD_CYCLES so a strobe that just rose gets its hold time
//                     (drive_o only lets data stay driven: pp_top never turns drivers on in a
//                     release, so clearing CONTROL.DIR here cannot switch them on)
//   RelDataOff    (4) data drivers off and the data latch cleared to 0x00
//   RelResetRegs  (5) ECR <= ECR_RESET, FIFO empty (bytes left in mode 010 are counted as
//                     dropped), the departing owner's interrupt enables and pending flags
//                     cleared, its grant interrupt (ARB_IRQ) included
//   RelGrant      (6) the bus is released (lines idle, data undriven, registers reset) and the
//                     pins, one flop behind the registers, show it in this cycle already:
//                     release_done_o pulses; at the end of this cycle releasing_o falls and the
//                     next grant rises on the same edge (the model's atomic CompleteRelease),
//                     never before
module pp_release_seq #(
  parameter  int unsigned HOLD_CYCLES = 25,
  localparam int unsigned CntW        = (HOLD_CYCLES > 1) ? $clog2(HOLD_CYCLES) : 1
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic start_i,            // the owner's FREE was accepted at this edge
  input  logic engine_active_i,    // a byte is on the wire
  input  logic fifo_pending_i,     // mode 010 still has bytes to send
  input  logic engine_timeout_i,   // the peripheral stalled: those bytes will never go
  input  logic strobe_short_i,     // nStrobe is low and has not yet lasted its minimum width
  output logic releasing_o,        // from the FREE until the release is done
  output logic drive_o,            // data lines already driven may stay driven
  output logic flush_o,            // empty the FIFO (pp_top counts its bytes as dropped)
  output logic lines_idle_o,       // CONTROL <= CONTROL_RESET
  output logic engine_clear_o,     // handshake engine back to idle, its data register cleared
  output logic data_clear_o,       // data latch <= 0x00
  output logic regs_reset_o,       // ECR, FIFO, timeout and interrupt state back to reset
  output logic release_done_o      // pulse: the release is complete
);

  typedef enum logic [2:0] {
    RelIdle,
    RelDrain,
    RelFlush,
    RelTerminate,
    RelIdleLines,
    RelDataOff,
    RelResetRegs,
    RelGrant
  } rel_state_e;

  localparam logic [CntW-1:0] HoldLoad = CntW'(HOLD_CYCLES - 1);

  rel_state_e      state_q, state_d;
  logic [CntW-1:0] timer_q, timer_d;
  logic            drained;

`ifdef PP_FAULT_INJECTION
  // ---------------------------------------------------------------------------------------------
  // Test-only fault injection: exists only when compiled with +define+PP_FAULT_INJECTION (the
  // pp_rtl_faults configuration). The plusarg +pp_release_fault=N breaks exactly one step so that
  // the checkers can be shown to catch it:
  //   0  none (also when the plusarg is absent)
  //   1  FaultRuntStrobe  step 1: the byte in flight is cut short (engine cleared on entering
  //                       RelDrain) and a software strobe is not given its minimum width:
  //                       nStrobe rises too early (runt strobe), queued bytes are not sent
  //   2  FaultKeepLines   step 3 skipped: the control lines stay as the owner left them
  //   3  FaultKeepDrive   step 4 broken: data drivers that were on when the release started
  //                       stay on after it, with nobody owning the port
  //   4  FaultKeepRegs    step 5 skipped: ECR, FIFO and interrupt state survive into the next
  //                       tenure
  //   5  FaultEarlyGrant  step 6 early: release_done already in RelResetRegs, so the next grant
  //                       rises one cycle before the release is done and overlaps releasing_o
  // ---------------------------------------------------------------------------------------------
  localparam int unsigned FaultRuntStrobe = 1;
  localparam int unsigned FaultKeepLines  = 2;
  localparam int unsigned FaultKeepDrive  = 3;
  localparam int unsigned FaultKeepRegs   = 4;
  localparam int unsigned FaultEarlyGrant = 5;

  int unsigned fault_sel;
  logic        fault_drive_q;

  initial begin
    if (!$value$plusargs("pp_release_fault=%d", fault_sel)) begin
      fault_sel = 0;
    end
  end
`endif

  // Step 1 is over when nothing is on the wire, no software strobe is too short and the FIFO has
  // nothing left that could still go out.
  assign drained = !engine_active_i && !strobe_short_i && !(fifo_pending_i && !engine_timeout_i);

  always_comb begin
    state_d = state_q;
    timer_d = (timer_q == '0) ? timer_q : timer_q - 1'b1;
    unique case (state_q)
      RelIdle:      if (start_i) state_d = RelDrain;
      RelDrain:     if (drained) state_d = fifo_pending_i ? RelFlush : RelTerminate;
      RelFlush:     state_d = RelTerminate;
      RelTerminate: begin
        state_d = RelIdleLines;
        timer_d = HoldLoad;
      end
      RelIdleLines: if (timer_q == '0) state_d = RelDataOff;
      RelDataOff:   state_d = RelResetRegs;
      RelResetRegs: state_d = RelGrant;
      RelGrant:     state_d = RelIdle;
      default:      state_d = RelIdle;
    endcase
`ifdef PP_FAULT_INJECTION
    if (fault_sel == FaultRuntStrobe && state_q == RelDrain) begin
      state_d = RelTerminate;
    end
`endif
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= RelIdle;
      timer_q <= '0;
    end else begin
      state_q <= state_d;
      timer_q <= timer_d;
    end
  end

  // Each step acts at the edge that enters its state, so that in the waveform a state and its
  // effect coincide (in RelIdleLines the lines are idle, in RelDataOff the latch reads 0).
  always_comb begin
    drive_o        = (state_q == RelDrain) || (state_q == RelFlush) ||
                     (state_q == RelTerminate) || (state_q == RelIdleLines);
    flush_o        = (state_d == RelFlush);
    lines_idle_o   = (state_d == RelIdleLines);
    engine_clear_o = (state_d == RelDataOff);
    data_clear_o   = (state_d == RelDataOff);
    regs_reset_o   = (state_d == RelResetRegs);
`ifdef PP_FAULT_INJECTION
    unique case (fault_sel)
      FaultRuntStrobe: engine_clear_o = engine_clear_o || (state_q == RelDrain);
      FaultKeepLines:  lines_idle_o = 1'b0;
      FaultKeepDrive:  drive_o = drive_o || (state_q == RelDataOff) || fault_drive_q;
      FaultKeepRegs:   regs_reset_o = 1'b0;
      default: ;
    endcase
`endif
  end

  // The grant step looks at state_q only: state_d depends on start_i, which the arbiter derives
  // from release_done_o.
  always_comb begin
    releasing_o    = (state_q != RelIdle);
    release_done_o = (state_q == RelGrant);
`ifdef PP_FAULT_INJECTION
    if (fault_sel == FaultEarlyGrant) begin
      release_done_o = release_done_o || (state_q == RelResetRegs);
    end
`endif
  end

`ifdef PP_FAULT_INJECTION
  // Fault 3: the drivers, still on in RelDataOff, stay on for good.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fault_drive_q <= 1'b0;
    end else if (state_q == RelDataOff) begin
      fault_drive_q <= 1'b1;
    end
  end
`endif

endmodule
