// Formal harness around pp_top: the environment's guarantees as assumptions, nothing else.
// The properties are the RTL's own immediate assertions (read with `read_verilog -formal`).
module pp_formal_top #(
  parameter int NUM_CLIENTS = 2,
  parameter int FIFO_DEPTH  = 2,
  parameter int CLK_HZ      = 4_000_000,
  parameter int BUSY_TIMEOUT_NS = 1000,
  parameter int TERM_TIMEOUT_NS = 1000,
  localparam int ClientW = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1
) (
  input logic                               clk_i,
  input logic                               rst_ni,
  input logic                               psel_i,
  input logic                               penable_i,
  input logic                               pwrite_i,
  input logic [pp_reg_pkg::AddrWidth-1:0]   paddr_i,
  input logic [pp_reg_pkg::DataWidth-1:0]   pwdata_i,
  input logic [ClientW-1:0]                 pauser_i,
  input logic [pp_reg_pkg::DataWidth-1:0]   pd_i,
  input logic                               nack_i,
  input logic                               busy_i,
  input logic                               perror_i,
  input logic                               select_i,
  input logic                               nfault_i
);
  logic                             pready, pslverr, irq, releasing, pd_oe;
  logic [pp_reg_pkg::DataWidth-1:0] prdata, pd;
  logic [NUM_CLIENTS-1:0]           grant_irq, grant;
  logic                             nstrobe, nautofd, ninit, nselectin;

  pp_top #(
    .NUM_CLIENTS(NUM_CLIENTS), .CLK_HZ(CLK_HZ), .FIFO_DEPTH(FIFO_DEPTH),
    .BUSY_TIMEOUT_NS(BUSY_TIMEOUT_NS), .TERM_TIMEOUT_NS(TERM_TIMEOUT_NS)
  ) dut (
    .clk_i, .rst_ni, .psel_i, .penable_i, .pwrite_i, .paddr_i, .pwdata_i, .pauser_i,
    .pready_o(pready), .prdata_o(prdata), .pslverr_o(pslverr), .grant_irq_o(grant_irq),
    .irq_o(irq), .grant_o(grant), .releasing_o(releasing), .pd_o(pd), .pd_oe_o(pd_oe), .pd_i,
    .nstrobe_o(nstrobe), .nautofd_o(nautofd), .ninit_o(ninit), .nselectin_o(nselectin),
    .nack_i, .busy_i, .perror_i, .select_i, .nfault_i
  );

  // Reset in the first cycle, then never again.
  logic started_q = 1'b0;
  always_ff @(posedge clk_i) started_q <= 1'b1;
  always_comb begin
    if (!started_q) assume (!rst_ni);
    else assume (rst_ni);
  end

  // APB (AMBA APB protocol): PENABLE only with PSEL; an access phase follows its setup phase and
  // lasts until PREADY; address, direction, data and PAUSER stay stable from setup to the end.
  logic in_xfer_q, pwrite_q;
  logic [pp_reg_pkg::AddrWidth-1:0] paddr_q;
  logic [pp_reg_pkg::DataWidth-1:0] pwdata_q;
  logic [ClientW-1:0]               pauser_q;
  always_ff @(posedge clk_i) begin
    // A transfer is open after a setup phase, or an access phase without PREADY.
    in_xfer_q <= rst_ni && psel_i && !(penable_i && pready);
    pwrite_q  <= pwrite_i;
    paddr_q   <= paddr_i;
    pwdata_q  <= pwdata_i;
    pauser_q  <= pauser_i;
  end
  always_comb begin
    if (penable_i) assume (psel_i);
    if (in_xfer_q) begin
      assume (psel_i && penable_i);
      assume (pwrite_i == pwrite_q && paddr_i == paddr_q && pwdata_i == pwdata_q &&
              pauser_i == pauser_q);
    end else begin
      assume (!penable_i);
    end
  end
endmodule
