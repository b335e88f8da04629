// Puts the bus back into a clean, released state after the owner's FREE, before anyone else
// gets it. The steps, in order (one state each, so the waveform reads like the spec), and the
// output that carries each one out:
//
//   RelIdle       no release in progress
//   RelDrain      (1) a byte in flight finishes its full strobe and hold; a software strobe
//                     (CONTROL.STROBE) lasts at least its minimum width; bytes queued in the
//                     FIFO (mode 010, 011 forward) are sent, unless the peripheral stalled
//                     (engine timeout); an ECP direction change in progress finishes
//   RelFlush      (1) flush_o: the stalled bytes are dropped and counted in the departing
//                     client's ARB_DROPPED (one cycle; skipped when nothing is left)
//   RelTerminate  (2) terminate_o: IEEE 1284 termination (pp_1284_term) when a 1284 mode is
//                     active (term_needed_i), until term_done_i; one cycle otherwise
//   RelIdleLines  (3) lines_idle_o: CONTROL <= CONTROL_RESET, the released bus's control lines;
//                     the data stay driven HOLD_CYCLES so a strobe that just rose gets its hold
//                     time (pp_top never turns drivers on in a release, so clearing CONTROL.DIR
//                     here cannot switch them on)
//   RelDataOff    (4) data_off_o: data drivers off; data_clear_o: the data latch and the
//                     handshake engine cleared (the latch to 0x00)
//   RelResetRegs  (5) regs_reset_o: ECR <= ECR_RESET, FIFO empty (bytes left in mode 010 are
//                     counted as dropped), the departing owner's interrupt enables and pending
//                     flags cleared, its grant interrupt (ARB_IRQ) included
//   RelGrant      (6) release_done_o: the bus is released (lines idle, data undriven, registers
//                     reset) and the pins, one flop behind the registers, show it in this cycle
//                     already; at the end of this cycle releasing_o falls and the next grant
//                     rises on the same edge (the model's atomic CompleteRelease), never before
//
// The test-only fault injection that breaks single steps is rtl/pp_release_faults.sv, outside
// this module.
module pp_release_seq #(
  parameter  int HOLD_CYCLES = 25,
  // The longest release (cycles of releasing_o): pp_top's budget, which a_release_ends checks.
  parameter  int MAX_CYCLES  = 1,
  localparam int CntW        = (HOLD_CYCLES > 1) ? $clog2(HOLD_CYCLES) : 1
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic start_i,            // the owner's FREE was accepted at this edge
  input  logic engine_active_i,    // a byte is on the wire
  input  logic fifo_pending_i,     // mode 010 or 011 forward still has bytes to send
  input  logic engine_timeout_i,   // the peripheral stalled: those bytes will never go
  input  logic strobe_short_i,     // nStrobe is low and has not yet lasted its minimum width
  input  logic term_needed_i,      // the peripheral is in an IEEE 1284 mode: terminate it
  input  logic term_done_i,        // the termination's last cycle
  output logic releasing_o,        // from the FREE until the release is done
  output logic drained_o,          // step 1 is over (RelFlush to RelGrant): nothing new starts
  output logic flush_o,            // step 1: empty the FIFO (pp_top counts its bytes as dropped)
  output logic terminate_o,        // step 2: run the IEEE 1284 termination (a level)
  output logic lines_idle_o,       // step 3: CONTROL <= CONTROL_RESET
  output logic data_off_o,         // step 4 on: the release keeps no data line driven (also
                                   // high outside a release, where only an owner drives)
  output logic data_clear_o,       // step 4: data latch <= 0x00, handshake engine back to idle
  output logic regs_reset_o,       // step 5: ECR, FIFO, timeout and interrupt state to reset
  output logic release_done_o,     // step 6: pulse, the release is complete
  // Verification only (a_release_ends; unused in synthesis): the most cycles the drain and the
  // termination can still take (pp_top sums the engines', pp_1284_term gives its own).
  input  logic [31:0] drain_left_i,
  input  logic [31:0] term_left_i
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

  // Step 1 is over when nothing is on the wire, no software strobe is too short and the FIFO has
  // nothing left that could still go out.
  assign drained = !engine_active_i && !strobe_short_i && !(fifo_pending_i && !engine_timeout_i);

  // Worked out in block-local variables and assigned once: state_d feeds pp_arbiter's blocks
  // (through regs_reset_o), which feed start_i; a default-then-override pulse on state_d at each
  // evaluation kept Icarus Verilog 11 from leaving the time step (see pp_arbiter's decode).
  always_comb begin : next_state
    rel_state_e      state;
    logic [CntW-1:0] timer;
    state = state_q;
    timer = (timer_q == '0) ? timer_q : timer_q - 1'b1;
    unique case (state_q)
      RelIdle:      if (start_i) state = RelDrain;
      RelDrain: begin
        if (drained && fifo_pending_i) begin
          state = RelFlush;
        end else if (drained) begin
          state = RelTerminate;
        end
      end
      RelFlush:     state = RelTerminate;
      RelTerminate: begin
        if (!term_needed_i || term_done_i) begin
          state = RelIdleLines;
          timer = HoldLoad;
        end
      end
      RelIdleLines: if (timer_q == '0) state = RelDataOff;
      RelDataOff:   state = RelResetRegs;
      RelResetRegs: state = RelGrant;
      RelGrant:     state = RelIdle;
      // Every encoding of state_q is a state: the default cannot be reached (not counted).
      // verilator coverage_off
      default:      state = RelIdle;
      // verilator coverage_on
    endcase
    state_d = state;
    timer_d = timer;
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

  // The steps. Each register-changing step acts at the edge that enters its state, so that in
  // the waveform a state and its effect coincide (in RelIdleLines the lines are idle, in
  // RelDataOff the latch reads 0). The levels (releasing_o, data_off_o) and the grant step look
  // at state_q only: state_d depends on start_i, which the arbiter derives from release_done_o.
  assign releasing_o    = (state_q != RelIdle);
  assign drained_o      = (state_q != RelIdle) && (state_q != RelDrain);
  // Step 1: the flush.
  assign flush_o        = (state_d == RelFlush);
  // Step 2: the termination runs while the sequencer waits in RelTerminate.
  assign terminate_o    = (state_q == RelTerminate) && term_needed_i;
  // Step 3: control lines to the released bus.
  assign lines_idle_o   = (state_d == RelIdleLines);
  // Step 4: data drivers off from RelDataOff to the end of the release; latch and engine cleared.
  assign data_off_o     = (state_q == RelDataOff) || (state_q == RelResetRegs) ||
                          (state_q == RelGrant) || (state_q == RelIdle);
  assign data_clear_o   = (state_d == RelDataOff);
  // Step 5: registers back to reset.
  assign regs_reset_o   = (state_d == RelResetRegs);
  // Step 6: the release is done; the arbiter hands the port on at the end of this cycle.
  assign release_done_o = (state_q == RelGrant);

`ifndef SYNTHESIS
  // Invariants of the state machine, checked in every simulation; they also make the formal
  // k-induction (formal/) close, by ruling out states no run can reach.
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      begin : a_rel_timer_valid
        assert (timer_q <= HoldLoad)
`ifndef YOSYS
          else $error("pp_release_seq: timer %0d beyond its load", timer_q)
`endif
          ;
      end
    end
  end
  /* verilator lint_on SYNCASYNCNET */
`endif

`ifndef SYNTHESIS
  // Every release ends within MAX_CYCLES of its FREE (bounded liveness). left_cycles is a ranking
  // function: the most cycles the release can still take from each step (the drain's and the
  // termination's from their inputs, the rest from the steps' fixed lengths); it falls by at
  // least one per cycle, as run_cycles_q (cycles released so far) rises by one, so k-induction
  // proves the bound.
  localparam int AfterTerm = HOLD_CYCLES + 3;  // RelIdleLines, RelDataOff, RelResetRegs, RelGrant
  logic [31:0] left_cycles, run_cycles_q;
  always_comb begin
    unique case (state_q)
      RelDrain:     left_cycles = drain_left_i + 2 + term_left_i + AfterTerm;
      RelFlush:     left_cycles = 1 + term_left_i + AfterTerm;
      RelTerminate: left_cycles = (term_needed_i ? term_left_i : 1) + AfterTerm;
      RelIdleLines: left_cycles = 32'(timer_q) + 4;
      RelDataOff:   left_cycles = 3;
      RelResetRegs: left_cycles = 2;
      RelGrant:     left_cycles = 1;
      default:      left_cycles = 0;
    endcase
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_cycles_q <= '0;
    end else begin
      begin : a_release_ends
        assert (run_cycles_q <= MAX_CYCLES && run_cycles_q + left_cycles <= MAX_CYCLES)
`ifndef YOSYS
          else $error("pp_release_seq: release still running after %0d cycles (state %0d)",
                      run_cycles_q, state_q)
`endif
          ;
      end
      run_cycles_q <= releasing_o ? run_cycles_q + 1 : '0;
    end
  end
`endif

`ifdef VERILATOR
  // User coverage (verilator --coverage, `make coverage`; Verilator only: Icarus 11 does not
  // take concurrent cover statements): every release step is reached.
  c_rel_drain:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelDrain);
  c_rel_flush:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelFlush);
  c_rel_terminate:  cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelTerminate);
  c_rel_idle_lines: cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelIdleLines);
  c_rel_data_off:   cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelDataOff);
  c_rel_reset_regs: cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelResetRegs);
  c_rel_grant:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == RelGrant);
`endif

endmodule
