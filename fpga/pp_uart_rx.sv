// UART receiver, 8N1, LSB first. The line is synchronized (pp_sync) and sampled once in the
// middle of each bit. A byte whose stop bit reads 0 (a framing error, or a break) is not
// delivered: frame_err_o pulses instead, and nothing more is received until the line is high
// again, so a break is one error, not a stream of zero bytes.
module pp_uart_rx #(
  parameter int CLKS_PER_BIT = 104  // clk_i cycles per bit, at least 4
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       rx_i,         // asynchronous, idle high
  output logic [7:0] data_o,
  output logic       valid_o,      // one cycle: data_o holds a received byte
  output logic       frame_err_o   // one cycle: a byte ended with its stop bit low
);

  localparam int CntW = $clog2(CLKS_PER_BIT);
  localparam logic [CntW-1:0] HalfBit = CntW'(CLKS_PER_BIT / 2 - 1);
  localparam logic [CntW-1:0] FullBit = CntW'(CLKS_PER_BIT - 1);

  typedef enum logic [2:0] {
    RxIdle,      // waiting for a start bit's falling edge
    RxStart,     // half a bit on: still low, or it was a glitch
    RxData,      // eight data bits, one per bit time
    RxStop,      // the stop bit must be high
    RxWaitHigh   // after a framing error: wait for the idle line
  } rx_state_e;

  rx_state_e        state_q, state_d;
  logic [CntW-1:0]  cnt_q, cnt_d;
  logic [2:0]       bit_q, bit_d;
  logic [7:0]       shift_q, shift_d;
  logic             valid_q, valid_d, err_q, err_d;
  logic             rx;

  pp_sync #(.WIDTH(1), .RESET_VALUE(1'b1)) u_sync_rx (
    .clk_i, .rst_ni, .d_i(rx_i), .q_o(rx)
  );

  always_comb begin
    state_d = state_q;
    cnt_d   = (cnt_q == '0) ? cnt_q : cnt_q - 1'b1;
    bit_d   = bit_q;
    shift_d = shift_q;
    valid_d = 1'b0;
    err_d   = 1'b0;
    unique case (state_q)
      RxIdle: begin
        if (!rx) begin
          state_d = RxStart;
          cnt_d   = HalfBit;
        end
      end
      RxStart: begin
        if (cnt_q == '0) begin
          state_d = rx ? RxIdle : RxData;
          cnt_d   = FullBit;
          bit_d   = '0;
        end
      end
      RxData: begin
        if (cnt_q == '0) begin
          shift_d = {rx, shift_q[7:1]};
          bit_d   = bit_q + 1'b1;
          cnt_d   = FullBit;
          if (bit_q == 3'd7) begin
            state_d = RxStop;
          end
        end
      end
      RxStop: begin
        if (cnt_q == '0) begin
          state_d = rx ? RxIdle : RxWaitHigh;
          valid_d = rx;
          err_d   = !rx;
        end
      end
      RxWaitHigh: begin
        if (rx) begin
          state_d = RxIdle;
        end
      end
      default: state_d = RxIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= RxIdle;
      cnt_q   <= '0;
      bit_q   <= '0;
      shift_q <= '0;
      valid_q <= 1'b0;
      err_q   <= 1'b0;
    end else begin
      state_q <= state_d;
      cnt_q   <= cnt_d;
      bit_q   <= bit_d;
      shift_q <= shift_d;
      valid_q <= valid_d;
      err_q   <= err_d;
    end
  end

  assign data_o      = shift_q;
  assign valid_o     = valid_q;
  assign frame_err_o = err_q;

endmodule
