// Parallel port controller shared by NUM_CLIENTS clients: APB completer on the host side,
// IEEE 1284 pins on the other. Walking skeleton: the ports are final, the behaviour is not.
module pp_top
  import pp_reg_pkg::*;
#(
  parameter int unsigned NUM_CLIENTS     = 4,
  parameter int unsigned CLK_HZ          = 50_000_000,
  parameter int unsigned FIFO_DEPTH      = 16,
  parameter int unsigned BUSY_TIMEOUT_NS = pp_reg_pkg::T_BUSY_TIMEOUT_NS,
  localparam int unsigned ClientW        = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // APB completer; pauser_i names the requesting client.
  input  logic                   psel_i,
  input  logic                   penable_i,
  input  logic                   pwrite_i,
  input  logic [AddrWidth-1:0]   paddr_i,
  input  logic [DataWidth-1:0]   pwdata_i,
  input  logic [ClientW-1:0]     pauser_i,
  output logic                   pready_o,
  output logic [DataWidth-1:0]   prdata_o,
  output logic                   pslverr_o,

  // Per-client grant interrupt (a queued allocate completed) and the port interrupt.
  output logic [NUM_CLIENTS-1:0] grant_irq_o,
  output logic                   irq_o,
  // Observation: the owner (one-hot or zero) and the release in progress.
  output logic [NUM_CLIENTS-1:0] grant_o,
  output logic                   releasing_o,

  // Parallel port pins.
  output logic [7:0]             pd_o,
  output logic                   pd_oe_o,
  input  logic [7:0]             pd_i,
  output logic                   nstrobe_o,
  output logic                   nautofd_o,
  output logic                   ninit_o,
  output logic                   nselectin_o,
  input  logic                   nack_i,
  input  logic                   busy_i,
  input  logic                   perror_i,
  input  logic                   select_i,
  input  logic                   nfault_i
);

  logic [DataWidth-1:0] data_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      data_q <= '0;
    end else if (psel_i && penable_i && pwrite_i && paddr_i == DATA_OFFSET) begin
      data_q <= pwdata_i;
    end
  end

  assign pready_o    = 1'b1;
  assign prdata_o    = (paddr_i == DATA_OFFSET) ? data_q : '0;
  assign pslverr_o   = 1'b0;
  assign grant_irq_o = '0;
  assign irq_o       = 1'b0;
  assign grant_o     = '0;
  assign releasing_o = 1'b0;
  assign pd_o        = data_q;
  assign pd_oe_o     = 1'b0;
  assign nstrobe_o   = 1'b1;
  assign nautofd_o   = 1'b1;
  assign ninit_o     = 1'b1;
  assign nselectin_o = 1'b0;

  logic unused_inputs;
  assign unused_inputs = ^{pauser_i, pd_i, nack_i, busy_i, perror_i, select_i, nfault_i};

endmodule
