// An 8-bit event counter that stops at 255 rather than wrap: a host reading it never mistakes
// many events for few.
module pp_sat_counter (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       clear_i,
  input  logic       inc_i,
  output logic [7:0] count_o
);

  logic [7:0] count_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else if (clear_i) begin
      count_q <= '0;
    end else if (inc_i && (count_q != 8'hFF)) begin
      count_q <= count_q + 1'b1;
    end
  end

  assign count_o = count_q;

endmodule
