// UART transmitter, 8N1, LSB first. tx_o comes straight from a flop (idle high).
module pp_uart_tx #(
  parameter int CLKS_PER_BIT = 104  // clk_i cycles per bit
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [7:0] data_i,
  input  logic       valid_i,   // taken when ready_o is high
  output logic       ready_o,   // idle: the last byte's stop bit is complete
  output logic       tx_o
);

  localparam int CntW = $clog2(CLKS_PER_BIT);
  localparam logic [CntW-1:0] FullBit = CntW'(CLKS_PER_BIT - 1);

  // The frame shifts out of bit 0; ones fill in behind it, so the line rests high.
  logic [9:0]      shift_q;
  logic [3:0]      bits_q;  // bits of the frame still to send, including the one on the line
  logic [CntW-1:0] cnt_q;

  assign ready_o = (bits_q == '0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q <= '1;
      bits_q  <= '0;
      cnt_q   <= '0;
    end else if (ready_o) begin
      if (valid_i) begin
        shift_q <= {1'b1, data_i, 1'b0};
        bits_q  <= 4'd10;
        cnt_q   <= FullBit;
      end
    end else if (cnt_q != '0) begin
      cnt_q <= cnt_q - 1'b1;
    end else begin
      shift_q <= {1'b1, shift_q[9:1]};
      bits_q  <= bits_q - 1'b1;
      cnt_q   <= FullBit;
    end
  end

  assign tx_o = shift_q[0];

endmodule
