// EPP 1.9 address and data cycles in hardware (ECR mode 100): an owner's access to EPP_ADDR or
// EPP_DATA runs one cycle on the pins while the APB access waits (busy_o). Pin roles: nWrite =
// nStrobe, nDataStb = nAutoFd, nAddrStb = nSelectIn, nWait = Busy. One state per phase:
//
//   EppIdle     no cycle
//   EppReady    EPP 1.9: wait for nWait low (the peripheral is ready) before the strobe
//   EppStrobe   Event 62/56 (write: data driven, nWrite L) or 67/64 (read): the strobe low;
//               wait for nWait high (Event 58); a read takes the data lines then
//   EppRelease  Event 63/59: the strobe high; wait for nWait low (Event 60)
//   EppDone     the APB access completes (one cycle); timeout_o if the cycle timed out
//
// TIMEOUT_CYCLES bounds the whole cycle (10 us on the SMSC parts): when it runs out the strobe
// is released and the access ends with timeout_o.
module pp_epp #(
  parameter  int TIMEOUT_CYCLES = 500,
  localparam int CntW           = $clog2(TIMEOUT_CYCLES + 1),
  localparam int DataW          = pp_reg_pkg::DataWidth
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             start_i,     // an owner's EPP access in mode 100 (a level)
  input  logic             addr_i,      // address cycle (EPP_ADDR), else data cycle
  input  logic             write_i,
  input  logic [DataW-1:0] wdata_i,
  input  logic             nwait_i,     // synchronized Busy pin
  input  logic [DataW-1:0] pd_i,        // synchronized data lines
  output logic             active_o,    // a cycle is on the pins
  output logic             busy_o,      // the APB access must wait
  output logic             nstrobe_o,   // nWrite
  output logic             nautofd_o,   // nDataStb
  output logic             nselectin_o, // nAddrStb
  output logic             drive_o,     // data lines driven (write cycle)
  output logic [DataW-1:0] pd_o,
  output logic [DataW-1:0] rdata_o,     // read data, valid in EppDone
  output logic             timeout_o,   // the cycle timed out (pulse in EppDone)
  // Verification only (the release's bounded drain, pp_top's assertions; unused in synthesis):
  // the most cycles the cycle on the pins can still last. One timer bounds the whole cycle.
  output logic [31:0]      left_cycles_o
);

  typedef enum logic [2:0] {
    EppIdle,
    EppReady,
    EppStrobe,
    EppRelease,
    EppDone
  } epp_state_e;

  localparam logic [CntW-1:0] TimeoutLoad = CntW'(TIMEOUT_CYCLES - 1);

  epp_state_e       state_q, state_d;
  logic [CntW-1:0]  timer_q, timer_d;
  logic             addr_q, write_q, timed_out_q, timed_out_d;
  logic [DataW-1:0] data_q, data_d;
  logic             expired;

  assign expired = (timer_q == '0);

  always_comb begin
    state_d     = state_q;
    timer_d     = expired ? timer_q : timer_q - 1'b1;
    timed_out_d = timed_out_q;
    data_d      = data_q;
    unique case (state_q)
      EppIdle: begin
        if (start_i) begin
          state_d     = EppReady;
          timer_d     = TimeoutLoad;
          timed_out_d = 1'b0;
          data_d      = wdata_i;
        end
      end
      EppReady: begin
        if (!nwait_i) begin
          state_d = EppStrobe;
        end else if (expired) begin
          state_d     = EppDone;
          timed_out_d = 1'b1;
        end
      end
      EppStrobe: begin
        if (nwait_i) begin
          state_d = EppRelease;
          if (!write_q) data_d = pd_i;
        end else if (expired) begin
          state_d     = EppRelease;
          timed_out_d = 1'b1;
        end
      end
      // After a timeout the strobe is already released: no wait for Event 60.
      EppRelease: begin
        if (!nwait_i || timed_out_q) begin
          state_d = EppDone;
        end else if (expired) begin
          state_d     = EppDone;
          timed_out_d = 1'b1;
        end
      end
      EppDone:  state_d = EppIdle;
      default:  state_d = EppIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= EppIdle;
      timer_q     <= '0;
      addr_q      <= 1'b0;
      write_q     <= 1'b0;
      timed_out_q <= 1'b0;
      data_q      <= '0;
    end else begin
      state_q     <= state_d;
      timer_q     <= timer_d;
      timed_out_q <= timed_out_d;
      data_q      <= data_d;
      if (state_q == EppIdle) begin
        addr_q  <= addr_i;
        write_q <= write_i;
      end
    end
  end

  assign active_o    = (state_q != EppIdle);
  assign busy_o      = (state_q != EppDone);
  assign nstrobe_o   = !(active_o && write_q);
  assign nautofd_o   = !((state_q == EppStrobe) && !addr_q);
  assign nselectin_o = !((state_q == EppStrobe) && addr_q);
  assign drive_o     = active_o && write_q;
  assign pd_o        = data_q;
  assign rdata_o     = data_q;
  assign timeout_o   = (state_q == EppDone) && timed_out_q;

`ifndef SYNTHESIS
  // The most cycles the cycle can still last (verification only).
  always_comb begin
    unique case (state_q)
      EppReady:   left_cycles_o = 32'(timer_q) + 4;
      EppStrobe:  left_cycles_o = 32'(timer_q) + 3;
      EppRelease: left_cycles_o = timed_out_q ? 2 : 32'(timer_q) + 2;
      EppDone:    left_cycles_o = 1;
      default:    left_cycles_o = 0;
    endcase
  end
`else
  assign left_cycles_o = '0;
`endif

`ifndef SYNTHESIS
  // Invariants of the state machine, checked in every simulation; they also make the formal
  // k-induction (formal/) close, by ruling out states no run can reach.
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      begin : a_epp_state_valid
        assert (state_q <= EppDone && (state_q == EppIdle || timer_q <= TimeoutLoad))
`ifndef YOSYS
          else $error("pp_epp: state %0d with timer %0d out of reach", state_q, timer_q)
`endif
          ;
      end
    end
  end
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
