// Release step 2: IEEE 1284 termination. Brings a peripheral that negotiated an IEEE 1284 mode
// (nibble, byte, ECP, EPP) back to compatibility mode before the release idles the lines, so the
// next owner's bytes reach a device that is listening. pp_release_seq starts it from
// RelTerminate when a 1284 mode is active (pp_top decides: the 1284 Active line nSelectIn is
// high) and waits for done_o. One state per IEEE 1284 event, so the waveform reads like the
// standard (Linux parport_ieee1284_terminate):
//
//   TermIdle        not terminating
//   EPP (ECR 100), no handshake:
//   TermEppEv68     nInit L for NINIT_HOLD_CYCLES (the peripheral's EPP reset)
//   TermEppEv69     nInit H, nSelectIn L: compatibility mode (one cycle, then done)
//   ECP reverse (ECR 011, CONTROL.DIR = 1), back to forward first:
//   TermEcpEv47     nInit H, nAutoFd L (reverse to forward request)
//   TermEcpEv49     wait PError H (the peripheral has let go of the data lines); the data lines
//                   stay undriven (a release never switches drivers on), then the common path
//   Every other 1284 mode (nibble, byte, ECP forward) and ECP after Ev49:
//   TermEv22        nSelectIn L, nAutoFd H (termination request)
//   TermEv24        wait nAck L (the peripheral acknowledges)
//   TermEv25        nAutoFd L
//   TermEv27        wait nAck H (the peripheral is in compatibility mode)
//   TermEv29        nAutoFd H (one cycle, then done)
//   A peripheral that does not answer within TIMEOUT_CYCLES in a wait state:
//   TermImmediate   nSelectIn L with nAutoFd H, nInit H (the standard's immediate termination:
//                   the peripheral must give up its 1284 mode at once); timeout_o, then done
//
// Outputs are levels of the lines while drive_o is high (pp_top puts them on the pins in place
// of CONTROL). Each done state ends with the control lines at the released bus's levels.
module pp_1284_term #(
  parameter  int NINIT_HOLD_CYCLES = 2500,
  parameter  int TIMEOUT_CYCLES    = 1000,
  // The longest termination allowed (cycles of drive_o): pp_top's budget, which a_term_ends
  // checks.
  parameter  int MAX_CYCLES        = 1,
  localparam int MaxCycles         = (NINIT_HOLD_CYCLES > TIMEOUT_CYCLES) ?
                                              NINIT_HOLD_CYCLES : TIMEOUT_CYCLES,
  localparam int CntW              = $clog2(MaxCycles + 1)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic start_i,             // RelTerminate with a 1284 mode active (a level)
  input  logic epp_i,               // ECR mode 100
  input  logic ecp_reverse_i,       // ECR mode 011 with CONTROL.DIR = 1
  input  logic nack_i,              // synchronized pins
  input  logic perror_i,
  output logic drive_o,             // the lines below replace CONTROL's on the pins
  output logic nstrobe_o,
  output logic nautofd_o,
  output logic ninit_o,
  output logic nselectin_o,
  output logic wait_nack_low_o,     // TermEv24: waiting for nAck L
  output logic wait_nack_high_o,    // TermEv27: waiting for nAck H
  output logic wait_perror_high_o,  // TermEcpEv49: waiting for PError H
  output logic timeout_o,           // TermImmediate: the peripheral did not answer
  output logic done_o,              // last cycle of the termination
  output logic [31:0] left_cycles_o // verification only: see below
);

  typedef enum logic [3:0] {
    TermIdle,
    TermEppEv68,
    TermEppEv69,
    TermEcpEv47,
    TermEcpEv49,
    TermEv22,
    TermEv24,
    TermEv25,
    TermEv27,
    TermEv29,
    TermImmediate
  } term_state_e;

  localparam logic [CntW-1:0] HoldLoad    = CntW'(NINIT_HOLD_CYCLES - 1);
  localparam logic [CntW-1:0] TimeoutLoad = CntW'(TIMEOUT_CYCLES - 1);

  term_state_e     state_q, state_d;
  logic [CntW-1:0] timer_q, timer_d;
  logic            expired;

  assign expired = (timer_q == '0);

  always_comb begin
    state_d = state_q;
    timer_d = expired ? timer_q : timer_q - 1'b1;
    unique case (state_q)
      TermIdle: begin
        if (start_i) begin
          if (epp_i) begin
            state_d = TermEppEv68;
            timer_d = HoldLoad;
          end else if (ecp_reverse_i) begin
            state_d = TermEcpEv47;
          end else begin
            state_d = TermEv22;
          end
        end
      end
      TermEppEv68: if (expired) state_d = TermEppEv69;
      TermEppEv69: state_d = TermIdle;
      TermEcpEv47: begin
        state_d = TermEcpEv49;
        timer_d = TimeoutLoad;
      end
      TermEcpEv49: begin
        if (perror_i) begin
          state_d = TermEv22;
        end else if (expired) begin
          state_d = TermImmediate;
        end
      end
      TermEv22: begin
        state_d = TermEv24;
        timer_d = TimeoutLoad;
      end
      TermEv24: begin
        if (!nack_i) begin
          state_d = TermEv25;
        end else if (expired) begin
          state_d = TermImmediate;
        end
      end
      TermEv25: begin
        state_d = TermEv27;
        timer_d = TimeoutLoad;
      end
      TermEv27: begin
        if (nack_i) begin
          state_d = TermEv29;
        end else if (expired) begin
          state_d = TermImmediate;
        end
      end
      TermEv29:      state_d = TermIdle;
      TermImmediate: state_d = TermIdle;
      default:       state_d = TermIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= TermIdle;
      timer_q <= '0;
    end else begin
      state_q <= state_d;
      timer_q <= timer_d;
    end
  end

  // The lines per state (pin levels). nStrobe stays high throughout.
  always_comb begin
    nstrobe_o   = 1'b1;
    nautofd_o   = 1'b1;
    ninit_o     = 1'b1;
    nselectin_o = 1'b0;
    unique case (state_q)
      // The 1284 mode's own idle levels until the first event changes them.
      TermEppEv68: begin
        ninit_o     = 1'b0;
        nselectin_o = 1'b1;
      end
      TermEcpEv47, TermEcpEv49: begin
        nautofd_o   = 1'b0;
        nselectin_o = 1'b1;
      end
      TermEv25, TermEv27: nautofd_o = 1'b0;
      default: ;
    endcase
  end

  assign drive_o            = (state_q != TermIdle);
  assign wait_nack_low_o    = (state_q == TermEv24);
  assign wait_nack_high_o   = (state_q == TermEv27);
  assign wait_perror_high_o = (state_q == TermEcpEv49);
  assign timeout_o          = (state_q == TermImmediate);
  assign done_o             = (state_q == TermEppEv69) || (state_q == TermEv29) ||
                              (state_q == TermImmediate);

`ifndef SYNTHESIS
  // The most cycles drive_o can still stay high: each state's own wait plus every later state's
  // (in TermIdle: a termination started now). It falls by at least one per cycle while drive_o
  // is high, so it is a ranking function that proves the termination ends (a_term_ends, and
  // pp_top's bound on the whole release); verification only, unused in synthesis.
  localparam int TimeoutMax = TIMEOUT_CYCLES - 1;
  always_comb begin
    unique case (state_q)
      TermEppEv68: left_cycles_o = 32'(timer_q) + 2;
      TermEcpEv47: left_cycles_o = 3 * TimeoutMax + 7;
      TermEcpEv49: left_cycles_o = 32'(timer_q) + 2 * TimeoutMax + 6;
      TermEv22:    left_cycles_o = 2 * TimeoutMax + 5;
      TermEv24:    left_cycles_o = 32'(timer_q) + TimeoutMax + 4;
      TermEv25:    left_cycles_o = TimeoutMax + 3;
      TermEv27:    left_cycles_o = 32'(timer_q) + 2;
      TermIdle:    left_cycles_o = MAX_CYCLES + 1;
      default:     left_cycles_o = 1;  // TermEppEv69, TermEv29, TermImmediate
    endcase
  end

  // The termination ends within MAX_CYCLES of its start, answered or not.
  int unsigned run_cycles_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_cycles_q <= 0;
    end else begin
      begin : a_term_ends
        assert (state_q <= TermImmediate && run_cycles_q <= MAX_CYCLES &&
                (state_q == TermIdle || run_cycles_q + left_cycles_o <= MAX_CYCLES))
`ifndef YOSYS
          else $error("pp_1284_term: termination still running after %0d cycles (state %0d)",
                      run_cycles_q, state_q)
`endif
          ;
      end
      run_cycles_q <= drive_o ? run_cycles_q + 1 : 0;
    end
  end
`else
  assign left_cycles_o = '0;
`endif

`ifdef VERILATOR
  // User coverage (verilator --coverage, `make coverage`; Verilator only: Icarus 11 does not
  // take concurrent cover statements): every termination event is reached.
  c_term_epp_ev68:  cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEppEv68);
  c_term_epp_ev69:  cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEppEv69);
  c_term_ecp_ev47:  cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEcpEv47);
  c_term_ecp_ev49:  cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEcpEv49);
  c_term_ev22:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEv22);
  c_term_ev24:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEv24);
  c_term_ev25:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEv25);
  c_term_ev27:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEv27);
  c_term_ev29:      cover property (@(posedge clk_i) disable iff (!rst_ni) state_q == TermEv29);
  c_term_immediate: cover property (@(posedge clk_i) disable iff (!rst_ni)
                                    state_q == TermImmediate);
`endif

endmodule
