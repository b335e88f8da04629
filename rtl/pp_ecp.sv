// Hardware ECP (ECR mode 011): IEEE 1284 ECP forward and reverse bytes and the direction
// changes, with the FIFO's command flag. One state per event, so the waveform reads like the
// standard (pin names: HostClk nStrobe, HostAck nAutoFd, nReverseRequest nInit, PeriphClk nAck,
// PeriphAck Busy, nAckReverse PError):
//
//   Forward byte (data: HostAck H; command: HostAck L)
//   EcpFwdIdle   all H, data driven; a byte queued starts it, else CONTROL.DIR = 1 turns the link
//   EcpFwdEv32   wait PeriphAck L (the peripheral is ready)
//   EcpFwdEv34   byte and HostAck on the lines for the setup time (the byte left the FIFO)
//   EcpFwdEv35   HostClk L for the strobe width (a compatibility printer needs it)
//   EcpFwdEv36   HostClk L, wait PeriphAck H
//   EcpFwdEv37   HostClk H, wait PeriphAck L (Event 32): the byte is done
//   Forward to reverse (the FIFO empty, no byte in flight)
//   EcpEv38      HostAck L, data drivers off, for the setup time
//   EcpEv40      nReverseRequest L (Event 39), wait nAckReverse L (Event 40)
//   Reverse byte (PeriphAck H: data, L: command)
//   EcpRevIdle   HostAck L, nReverseRequest L; PeriphClk L (Event 43) with the FIFO not full:
//                the byte and its flag go into the FIFO
//   EcpRevEv44   HostAck H, wait PeriphClk H (Event 45); back in EcpRevIdle HostAck L (Event 46)
//   Reverse to forward (CONTROL.DIR = 0, no reverse byte in flight)
//   EcpEv47      nReverseRequest H, wait nAckReverse H (Event 49); fifo_discard_o then, as the
//                bytes not read are not the new direction's
//
// A wait that sees no answer within TIMEOUT_CYCLES sets the sticky timeout_o (until
// timeout_clr_i); while it is set no byte starts (a direction change still does: it is how software
// gets the link back). A byte's wait ends there (Event 36: HostClk H at once, and the byte, which
// left the FIFO at Event 34 and was never acknowledged, is reported in byte_lost_o for ARB_DROPPED;
// Event 45: HostAck L), the byte stays in the FIFO if it had not left it (Event 32 before it); a
// direction change keeps waiting (the data lines stay off, active_o falls), so a late answer still
// completes it, and in EcpEv40 CONTROL.DIR = 0 turns back with Event 47. hold_i (a release) lets
// what is in flight finish but starts no reverse byte and no direction change; stop_i (a release
// past its drain) starts nothing at all, so the FIFO's unread reverse bytes never go out forward. A
// forward byte on the wire finishes even when the mode is left (drive_o stays high until it is
// done: no runt HostClk); anything else stops at once. clear_i puts the engine back to forward
// idle.
module pp_ecp #(
  parameter  int SETUP_CYCLES   = 25,
  parameter  int WIDTH_CYCLES   = 25,
  parameter  int TIMEOUT_CYCLES = 5000,
  localparam int MaxPulse  = (SETUP_CYCLES > WIDTH_CYCLES) ? SETUP_CYCLES : WIDTH_CYCLES,
  localparam int MaxCycles = (MaxPulse > TIMEOUT_CYCLES) ? MaxPulse : TIMEOUT_CYCLES,
  localparam int CntW      = (MaxCycles > 1) ? $clog2(MaxCycles) : 1,
  localparam int DataW     = pp_reg_pkg::DataWidth
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             enable_i,        // ECR mode 011
  input  logic             clear_i,         // back to forward idle, data register cleared
  input  logic             hold_i,          // start no reverse byte and no direction change
  input  logic             stop_i,          // start nothing (no byte, no direction change)
  input  logic             timeout_clr_i,   // clears the sticky timeout
  input  logic             reverse_req_i,   // CONTROL.DIR: the requested direction
  // Synchronized pins.
  input  logic [DataW-1:0] pd_i,
  input  logic             periph_clk_i,    // nAck
  input  logic             periph_ack_i,    // Busy
  input  logic             nack_reverse_i,  // PError
  // FIFO: forward bytes out, reverse bytes in; bit DataW is the command flag.
  input  logic             fifo_empty_i,
  input  logic             fifo_full_i,
  input  logic [DataW:0]   fifo_rdata_i,
  output logic             fifo_pop_o,
  output logic             fifo_push_o,
  output logic [DataW:0]   fifo_wdata_o,
  output logic             fifo_discard_o,  // Event 49 seen: the reverse bytes not read go
  output logic             byte_lost_o,     // a forward byte got no Event 36: never delivered
  // Pins (levels) while drive_o is high.
  output logic             drive_o,
  output logic             host_clk_o,      // nStrobe
  output logic             host_ack_o,      // nAutoFd
  output logic             nreverse_req_o,  // nInit
  output logic             data_oe_o,
  output logic [DataW-1:0] data_o,
  // Status.
  output logic             forward_o,       // forward, not turning: FIFO writes are bytes to send
  output logic             reversed_o,      // Event 40 seen, Event 49 not yet (ECP_REVERSE)
  output logic             active_o,        // a byte in flight or a direction change
  output logic             timeout_o,
  // Verification only (the release's bounded drain, pp_top's assertions; unused in synthesis):
  // the most cycles the engine can still be busy with what it holds and, forward, the FIFO's
  // fifo_count_i bytes, unless the timeout stops it first.
  input  logic [31:0]      fifo_count_i,
  output logic [31:0]      left_cycles_o
);

  typedef enum logic [3:0] {
    EcpFwdIdle,
    EcpFwdEv32,
    EcpFwdEv34,
    EcpFwdEv35,
    EcpFwdEv36,
    EcpFwdEv37,
    EcpEv38,
    EcpEv40,
    EcpRevIdle,
    EcpRevEv44,
    EcpEv47
  } ecp_state_e;

  localparam logic [CntW-1:0] SetupLoad   = CntW'(SETUP_CYCLES - 1);
  localparam logic [CntW-1:0] WidthLoad   = CntW'(WIDTH_CYCLES - 1);
  localparam logic [CntW-1:0] TimeoutLoad = CntW'(TIMEOUT_CYCLES - 1);

  ecp_state_e       state_q, state_d;
  logic [CntW-1:0]  timer_q, timer_d;
  logic [DataW-1:0] data_q, data_d;
  logic             cmd_q, cmd_d;
  logic             timeout_q, timeout_d;
  logic             waited_out_q, waited_out_d;  // this direction change timed out
  // The PeriphClk low of the last reverse byte taken has not yet been seen high again (Event 45):
  // after an Event 45 timeout the same low must not pass for a new byte.
  logic             answered_q;
  logic             timer_done, may_start, on_wire;

  assign timer_done = (timer_q == '0);
  assign may_start  = enable_i && !timeout_q && !stop_i;
  // A forward byte between Event 34 and Event 32: it finishes whatever happens to the mode.
  assign on_wire    = (state_q == EcpFwdEv34) || (state_q == EcpFwdEv35) ||
                      (state_q == EcpFwdEv36) || (state_q == EcpFwdEv37);

  always_comb begin
    state_d        = state_q;
    timer_d        = timer_done ? timer_q : timer_q - 1'b1;
    data_d         = data_q;
    cmd_d          = cmd_q;
    timeout_d      = timeout_q;
    waited_out_d   = waited_out_q;
    fifo_pop_o     = 1'b0;
    fifo_push_o    = 1'b0;
    fifo_discard_o = 1'b0;
    byte_lost_o    = 1'b0;

    unique case (state_q)
      EcpFwdIdle: begin
        if (may_start && !fifo_empty_i) begin
          state_d = EcpFwdEv32;
          timer_d = TimeoutLoad;
        end else if (enable_i && reverse_req_i && !hold_i) begin
          state_d      = EcpEv38;
          timer_d      = SetupLoad;
          waited_out_d = 1'b0;
        end
      end
      EcpFwdEv32: begin
        if (!enable_i || fifo_empty_i || stop_i) begin
          state_d = EcpFwdIdle;
        end else if (!periph_ack_i) begin
          // Event 34: the byte leaves the FIFO; HostAck tells data (H) from command (L).
          state_d    = EcpFwdEv34;
          timer_d    = SetupLoad;
          data_d     = fifo_rdata_i[DataW-1:0];
          cmd_d      = fifo_rdata_i[DataW];
          fifo_pop_o = 1'b1;
        end else if (timer_done) begin
          state_d   = EcpFwdIdle;
          timeout_d = 1'b1;
        end
      end
      EcpFwdEv34: begin
        if (timer_done) begin
          state_d = EcpFwdEv35;
          timer_d = WidthLoad;
        end
      end
      EcpFwdEv35: begin
        if (timer_done) begin
          state_d = EcpFwdEv36;
          timer_d = TimeoutLoad;
        end
      end
      EcpFwdEv36: begin
        if (periph_ack_i) begin
          state_d = EcpFwdEv37;
          timer_d = TimeoutLoad;
        end else if (timer_done) begin
          state_d     = EcpFwdIdle;
          timeout_d   = 1'b1;
          byte_lost_o = 1'b1;
        end
      end
      EcpFwdEv37: begin
        if (!periph_ack_i) begin
          state_d = EcpFwdIdle;
        end else if (timer_done) begin
          state_d   = EcpFwdIdle;
          timeout_d = 1'b1;
        end
      end
      EcpEv38: begin
        if (!enable_i || !reverse_req_i) begin
          state_d = EcpFwdIdle;
        end else if (timer_done) begin
          state_d = EcpEv40;
          timer_d = TimeoutLoad;
        end
      end
      EcpEv40: begin
        if (!enable_i) begin
          state_d = EcpFwdIdle;
        end else if (!nack_reverse_i) begin
          state_d = EcpRevIdle;
        end else if (!reverse_req_i && !stop_i) begin
          state_d      = EcpEv47;
          timer_d      = TimeoutLoad;
          waited_out_d = 1'b0;
        end else if (timer_done) begin
          timeout_d    = 1'b1;
          waited_out_d = 1'b1;
        end
      end
      EcpRevIdle: begin
        if (!enable_i) begin
          state_d = EcpFwdIdle;
        end else if (may_start && !hold_i && !periph_clk_i && !fifo_full_i && !answered_q) begin
          // Event 43 seen: data and PeriphAck have been valid since Event 42.
          state_d     = EcpRevEv44;
          timer_d     = TimeoutLoad;
          fifo_push_o = 1'b1;
        end else if (!hold_i && !reverse_req_i) begin
          state_d      = EcpEv47;
          timer_d      = TimeoutLoad;
          waited_out_d = 1'b0;
        end
      end
      EcpRevEv44: begin
        if (!enable_i) begin
          state_d = EcpFwdIdle;
        end else if (periph_clk_i) begin
          state_d = EcpRevIdle;
        end else if (timer_done) begin
          state_d   = EcpRevIdle;
          timeout_d = 1'b1;
        end
      end
      EcpEv47: begin
        if (!enable_i) begin
          state_d = EcpFwdIdle;
        end else if (nack_reverse_i) begin
          state_d        = EcpFwdIdle;
          fifo_discard_o = 1'b1;
        end else if (timer_done) begin
          timeout_d    = 1'b1;
          waited_out_d = 1'b1;
        end
      end
      default: state_d = EcpFwdIdle;
    endcase

    if (timeout_clr_i) begin
      timeout_d = 1'b0;
    end
    if (clear_i) begin
      state_d        = EcpFwdIdle;
      data_d         = '0;
      cmd_d          = 1'b0;
      fifo_pop_o     = 1'b0;
      fifo_push_o    = 1'b0;
      fifo_discard_o = 1'b0;
      byte_lost_o    = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= EcpFwdIdle;
      timer_q      <= '0;
      data_q       <= '0;
      cmd_q        <= 1'b0;
      timeout_q    <= 1'b0;
      waited_out_q <= 1'b0;
      answered_q   <= 1'b0;
    end else begin
      state_q      <= state_d;
      timer_q      <= timer_d;
      data_q       <= data_d;
      cmd_q        <= cmd_d;
      timeout_q    <= timeout_d;
      waited_out_q <= waited_out_d;
      if (fifo_push_o) begin
        answered_q <= 1'b1;
      end else if (periph_clk_i || clear_i) begin
        answered_q <= 1'b0;
      end
    end
  end

  // The reverse byte as the peripheral sent it: PeriphAck low marks a command.
  assign fifo_wdata_o = {!periph_ack_i, pd_i};

  assign drive_o        = enable_i || on_wire;
  assign host_clk_o     = !((state_q == EcpFwdEv35) || (state_q == EcpFwdEv36));
  assign host_ack_o     = on_wire ? !cmd_q :
                          ((state_q == EcpFwdIdle) || (state_q == EcpFwdEv32) ||
                           (state_q == EcpRevEv44));
  assign nreverse_req_o = !((state_q == EcpEv40) || (state_q == EcpRevIdle) ||
                            (state_q == EcpRevEv44));
  assign forward_o      = (state_q == EcpFwdIdle) || (state_q == EcpFwdEv32) || on_wire;
  assign data_oe_o      = forward_o;
  assign data_o         = data_q;
  assign reversed_o     = (state_q == EcpRevIdle) || (state_q == EcpRevEv44) ||
                          (state_q == EcpEv47);
  // A direction change that timed out waits on, but no longer holds anything up.
  assign active_o       = on_wire || (state_q == EcpRevEv44) ||
                          (((state_q == EcpEv38) || (state_q == EcpEv40) ||
                            (state_q == EcpEv47)) && !waited_out_q);
  assign timeout_o      = timeout_q;

`ifndef SYNTHESIS
  // A forward byte costs at most one idle cycle, Event 32's wait, setup, HostClk low and the
  // waits for Events 36 and 37; in EcpFwdEv32 the byte waited for is still in the FIFO. A
  // direction change that timed out holds nothing up.
  localparam int BytePeriod = 3 * TIMEOUT_CYCLES + SETUP_CYCLES + WIDTH_CYCLES + 1;
  logic [31:0] held_cycles, queued_bytes;
  always_comb begin
    unique case (state_q)
      EcpFwdEv32: held_cycles = 32'(timer_q) + 1 + SETUP_CYCLES + WIDTH_CYCLES + 2 * TIMEOUT_CYCLES;
      EcpFwdEv34: held_cycles = 32'(timer_q) + 1 + WIDTH_CYCLES + 2 * TIMEOUT_CYCLES;
      EcpFwdEv35: held_cycles = 32'(timer_q) + 1 + 2 * TIMEOUT_CYCLES;
      EcpFwdEv36: held_cycles = 32'(timer_q) + 1 + TIMEOUT_CYCLES;
      EcpFwdEv37: held_cycles = 32'(timer_q) + 1;
      EcpEv38:    held_cycles = 32'(timer_q) + 1 + 2 * TIMEOUT_CYCLES;
      EcpEv40:    held_cycles = waited_out_q ? 0 : 32'(timer_q) + 1 + TIMEOUT_CYCLES;
      EcpRevEv44: held_cycles = 32'(timer_q) + 1;
      EcpEv47:    held_cycles = waited_out_q ? 0 : 32'(timer_q) + 1;
      default:    held_cycles = 0;
    endcase
    queued_bytes = (timeout_q || reversed_o || fifo_count_i == 0) ? 0 :
                   fifo_count_i - ((state_q == EcpFwdEv32) ? 32'd1 : 32'd0);
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
      begin : a_ecp_state_valid
        assert (state_q <= EcpEv47 &&
                (!(state_q == EcpFwdEv34 || state_q == EcpEv38) || timer_q <= SetupLoad) &&
                (state_q != EcpFwdEv35 || timer_q <= WidthLoad) &&
                (!(state_q == EcpFwdEv32 || state_q == EcpFwdEv36 || state_q == EcpFwdEv37 ||
                   state_q == EcpEv40 || state_q == EcpRevEv44 || state_q == EcpEv47) ||
                 timer_q <= TimeoutLoad))
`ifndef YOSYS
          else $error("pp_ecp: state %0d with timer %0d out of reach", state_q, timer_q)
`endif
          ;
      end
    end
  end
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
