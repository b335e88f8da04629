// Test-only fault injection for the release sequence: breaks exactly one step, so that the
// checkers (assertions, testbench monitors, wavecheck) can be shown to catch it. Not part of the
// controller: only the fault-injection build (+define+PP_FAULT_INJECTION, CMake target
// pp_rtl_faults) compiles this file, and only there does pp_top place it between pp_release_seq
// and the blocks its steps act on. Lint and synthesis never see it.
//
// The plusarg +pp_release_fault=N selects the fault (formal builds: +define+PP_RELEASE_FAULT=N):
//   0  none (also when the plusarg is absent, or N is unknown)
//   1  FaultRuntStrobe  step 1 broken: the sequencer is told the bus is drained at once and the
//                       handshake engine is cleared in RelDrain: a byte in flight gets a runt
//                       strobe, a software strobe is not given its minimum width, queued bytes
//                       are neither sent nor flushed
//   2  FaultKeepLines   step 3 skipped: the control lines stay as the owner left them
//   3  FaultKeepDrive   step 4 broken: data drivers that were on when the release started stay
//                       on after it, with nobody owning the port
//   4  FaultKeepRegs    step 5 skipped: ECR, FIFO and interrupt state survive into the next
//                       tenure
//   5  FaultEarlyGrant  step 6 early: release_done already in RelResetRegs, so the next grant
//                       rises one cycle before the release is done and overlaps releasing_o
//   6  FaultSkipTerm    step 2 skipped: the sequencer is told no IEEE 1284 mode is active, so
//                       the lines are idled with the peripheral still in its 1284 mode
//   7  FaultNoAckWait   step 2 does not wait: the termination is shown the nAck (and PError)
//                       level it waits for, so it idles the lines before the peripheral
//                       acknowledged Event 24/27 (or turned the bus around at Event 49)
module pp_release_faults (
  input  logic clk_i,
  input  logic rst_ni,
  // pp_top's inputs of the sequencer, and what the sequencer gets.
  input  logic engine_active_i,
  input  logic fifo_pending_i,
  input  logic strobe_short_i,
  input  logic term_needed_i,
  output logic seq_engine_active_o,
  output logic seq_fifo_pending_o,
  output logic seq_strobe_short_o,
  output logic seq_term_needed_o,
  // The termination's inputs (synchronized pins) and what it waits for, and what it gets.
  input  logic nack_i,
  input  logic perror_i,
  input  logic term_wait_nack_low_i,
  input  logic term_wait_nack_high_i,
  input  logic term_wait_perror_high_i,
  output logic term_nack_o,
  output logic term_perror_o,
  // The sequencer's step outputs, and what pp_top gets.
  input  logic seq_releasing_i,
  input  logic seq_lines_idle_i,
  input  logic seq_data_off_i,
  input  logic seq_data_clear_i,
  input  logic seq_regs_reset_i,
  input  logic seq_release_done_i,
  output logic engine_clear_o,
  output logic lines_idle_o,
  output logic data_off_o,
  output logic regs_reset_o,
  output logic release_done_o
);

  localparam int FaultRuntStrobe = 1;
  localparam int FaultKeepLines  = 2;
  localparam int FaultKeepDrive  = 3;
  localparam int FaultKeepRegs   = 4;
  localparam int FaultEarlyGrant = 5;
  localparam int FaultSkipTerm   = 6;
  localparam int FaultNoAckWait  = 7;

  int unsigned fault_sel;
  logic        releasing_q;    // the sequencer's releasing_o a cycle ago
  logic        data_off_seen_q;  // step 4 has been entered at least once
  logic        reset_regs_q;   // the sequencer is in RelResetRegs

`ifdef PP_RELEASE_FAULT
  // Formal builds (no plusargs there): the fault is the define's value.
  assign fault_sel = `PP_RELEASE_FAULT;
`else
  initial begin
    if (!$value$plusargs("pp_release_fault=%d", fault_sel)) begin
      fault_sel = 0;
    end
  end
`endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      releasing_q     <= 1'b0;
      data_off_seen_q <= 1'b0;
      reset_regs_q    <= 1'b0;
    end else begin
      releasing_q     <= seq_releasing_i;
      data_off_seen_q <= data_off_seen_q || seq_data_clear_i;
      reset_regs_q    <= seq_regs_reset_i;
    end
  end

  always_comb begin
    seq_engine_active_o = engine_active_i;
    seq_fifo_pending_o  = fifo_pending_i;
    seq_strobe_short_o  = strobe_short_i;
    seq_term_needed_o   = term_needed_i;
    term_nack_o         = nack_i;
    term_perror_o       = perror_i;
    engine_clear_o      = seq_data_clear_i;
    lines_idle_o        = seq_lines_idle_i;
    data_off_o          = seq_data_off_i;
    regs_reset_o        = seq_regs_reset_i;
    release_done_o      = seq_release_done_i;
    unique case (fault_sel)
      FaultRuntStrobe: begin
        // Nothing to wait for: RelDrain lasts one cycle, the first of the release, and the
        // engine is cleared in it.
        seq_engine_active_o = 1'b0;
        seq_fifo_pending_o  = 1'b0;
        seq_strobe_short_o  = 1'b0;
        engine_clear_o      = seq_data_clear_i || (seq_releasing_i && !releasing_q);
      end
      FaultKeepLines:  lines_idle_o = 1'b0;
      // From the first RelDataOff on, the drivers that are on stay on for good.
      FaultKeepDrive:  data_off_o = seq_data_off_i && !data_off_seen_q;
      FaultKeepRegs:   regs_reset_o = 1'b0;
      FaultEarlyGrant: release_done_o = seq_release_done_i || reset_regs_q;
      FaultSkipTerm:   seq_term_needed_o = 1'b0;
      FaultNoAckWait: begin
        if (term_wait_nack_low_i) begin
          term_nack_o = 1'b0;
        end else if (term_wait_nack_high_i) begin
          term_nack_o = 1'b1;
        end
        if (term_wait_perror_high_i) begin
          term_perror_o = 1'b1;
        end
      end
      default: ;
    endcase
  end

endmodule
