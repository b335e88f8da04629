// Hardware Centronics handshake (ECR mode 010): sends the FIFO's bytes one by one.
//
//   Busy  ____/~~~~~~~~\_____________________________/~~~~~~
//   wait: Busy must be low before a byte starts (CenWaitBusy, at most TIMEOUT_CYCLES)
//   data  ======X== byte ====================================X===
//                 |<- SETUP ->|<- WIDTH ->|<- HOLD ->|
//   nStrobe ~~~~~~~~~~~~~~~~~~\___________/~~~~~~~~~~~~~~~~~~
//
// Once a byte has left the FIFO (CenSetup) it always completes its full strobe pulse and hold,
// whatever happens to the mode: the engine never makes a runt strobe. Only clear_i (the release
// sequencer, when the engine is already idle) stops it. If Busy stays high TIMEOUT_CYCLES the
// sticky timeout_o rises and no further byte starts until timeout_clr_i: the byte stays in the
// FIFO, so a release can count it as dropped.
module pp_centronics #(
  parameter  int SETUP_CYCLES   = 25,
  parameter  int WIDTH_CYCLES   = 25,
  parameter  int HOLD_CYCLES    = 25,
  parameter  int TIMEOUT_CYCLES = 5000,
  localparam int MaxPulse = (SETUP_CYCLES > WIDTH_CYCLES) ?
                                     ((SETUP_CYCLES > HOLD_CYCLES) ? SETUP_CYCLES : HOLD_CYCLES) :
                                     ((WIDTH_CYCLES > HOLD_CYCLES) ? WIDTH_CYCLES : HOLD_CYCLES),
  localparam int MaxCycles = (MaxPulse > TIMEOUT_CYCLES) ? MaxPulse : TIMEOUT_CYCLES,
  localparam int CntW      = (MaxCycles > 1) ? $clog2(MaxCycles) : 1,
  localparam int DataW     = pp_reg_pkg::DataWidth
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             enable_i,       // ECR mode 010: take bytes from the FIFO
  input  logic             clear_i,        // back to idle, data register cleared
  input  logic             timeout_clr_i,  // clears the sticky timeout
  input  logic             busy_i,         // synchronized Busy pin
  input  logic             fifo_empty_i,
  input  logic [DataW-1:0] fifo_rdata_i,
  output logic             fifo_pop_o,
  output logic             strobe_o,       // 1: drive nStrobe low
  output logic [DataW-1:0] data_o,
  output logic             active_o,       // a byte is on the wire (setup, strobe or hold)
  output logic             timeout_o,
  // Verification only (the release's bounded drain, pp_top's assertions; unused in synthesis):
  // the most cycles the engine can still be busy with the byte it holds and the FIFO's
  // fifo_count_i bytes, unless the timeout stops it first.
  input  logic [31:0]      fifo_count_i,
  output logic [31:0]      left_cycles_o
);

  typedef enum logic [2:0] {
    CenIdle,      // nothing to send
    CenWaitBusy,  // a byte is queued; waiting for the peripheral to drop Busy
    CenSetup,     // data valid, nStrobe high
    CenStrobe,    // nStrobe low
    CenHold       // nStrobe high again, data still held
  } cen_state_e;

  localparam logic [CntW-1:0] SetupLoad   = CntW'(SETUP_CYCLES - 1);
  localparam logic [CntW-1:0] WidthLoad   = CntW'(WIDTH_CYCLES - 1);
  localparam logic [CntW-1:0] HoldLoad    = CntW'(HOLD_CYCLES - 1);
  localparam logic [CntW-1:0] TimeoutLoad = CntW'(TIMEOUT_CYCLES - 1);

  cen_state_e       state_q, state_d;
  logic [CntW-1:0]  timer_q, timer_d;
  logic [DataW-1:0] data_q, data_d;
  logic             timeout_q, timeout_d;
  logic             timer_done;

  assign timer_done = (timer_q == '0);

  always_comb begin
    state_d    = state_q;
    timer_d    = timer_done ? timer_q : timer_q - 1'b1;
    data_d     = data_q;
    timeout_d  = timeout_q;
    fifo_pop_o = 1'b0;

    unique case (state_q)
      CenIdle: begin
        if (enable_i && !timeout_q && !fifo_empty_i) begin
          state_d = CenWaitBusy;
          timer_d = TimeoutLoad;
        end
      end
      CenWaitBusy: begin
        if (!enable_i || fifo_empty_i) begin
          state_d = CenIdle;
        end else if (!busy_i) begin
          // The peripheral is ready: the byte leaves the FIFO and goes on the wire.
          state_d    = CenSetup;
          timer_d    = SetupLoad;
          data_d     = fifo_rdata_i;
          fifo_pop_o = 1'b1;
        end else if (timer_done) begin
          state_d   = CenIdle;
          timeout_d = 1'b1;
        end
      end
      CenSetup: begin
        if (timer_done) begin
          state_d = CenStrobe;
          timer_d = WidthLoad;
        end
      end
      CenStrobe: begin
        if (timer_done) begin
          state_d = CenHold;
          timer_d = HoldLoad;
        end
      end
      CenHold: begin
        if (timer_done) begin
          state_d = CenIdle;
        end
      end
      default: state_d = CenIdle;
    endcase

    if (timeout_clr_i) begin
      timeout_d = 1'b0;
    end
    if (clear_i) begin
      state_d    = CenIdle;
      data_d     = '0;
      fifo_pop_o = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= CenIdle;
      timer_q   <= '0;
      data_q    <= '0;
      timeout_q <= 1'b0;
    end else begin
      state_q   <= state_d;
      timer_q   <= timer_d;
      data_q    <= data_d;
      timeout_q <= timeout_d;
    end
  end

  assign strobe_o  = (state_q == CenStrobe);
  assign active_o  = (state_q == CenSetup) || (state_q == CenStrobe) || (state_q == CenHold);
  assign data_o    = data_q;
  assign timeout_o = timeout_q;

`ifndef SYNTHESIS
  // A byte from the FIFO costs at most its wait for Busy, setup, strobe, hold and one idle
  // cycle; in CenWaitBusy the byte waited for is still in the FIFO.
  localparam int BytePeriod = TIMEOUT_CYCLES + SETUP_CYCLES + WIDTH_CYCLES + HOLD_CYCLES + 1;
  logic [31:0] held_cycles, queued_bytes;
  always_comb begin
    unique case (state_q)
      CenWaitBusy: held_cycles = 32'(timer_q) + 1 + SETUP_CYCLES + WIDTH_CYCLES + HOLD_CYCLES;
      CenSetup:    held_cycles = 32'(timer_q) + 1 + WIDTH_CYCLES + HOLD_CYCLES;
      CenStrobe:   held_cycles = 32'(timer_q) + 1 + HOLD_CYCLES;
      CenHold:     held_cycles = 32'(timer_q) + 1;
      default:     held_cycles = 0;
    endcase
    queued_bytes = (timeout_q || fifo_count_i == 0) ? 0 :
                   fifo_count_i - ((state_q == CenWaitBusy) ? 32'd1 : 32'd0);
  end
  assign left_cycles_o = held_cycles + queued_bytes * BytePeriod;
`else
  assign left_cycles_o = '0;
`endif

`ifndef SYNTHESIS
  // Invariants of the state machine, checked in every simulation; they also make the formal
  // k-induction (formal/) close, by ruling out states no run can reach.
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      begin : a_cen_state_valid
        assert (state_q <= CenHold && !(state_q == CenWaitBusy && timeout_q) &&
                (state_q != CenWaitBusy || timer_q <= TimeoutLoad) &&
                (state_q != CenSetup || timer_q <= SetupLoad) &&
                (state_q != CenStrobe || timer_q <= WidthLoad) &&
                (state_q != CenHold || timer_q <= HoldLoad))
`ifndef YOSYS
          else $error("pp_centronics: state %0d with timer %0d and timeout %b out of reach",
                      state_q, timer_q, timeout_q)
`endif
          ;
      end
    end
  end
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
