// pp_top on a board: a host on a serial line (pp_uart_apb_bridge, protocol in fpga/README.md)
// acts as any of its clients, and the pins are the 17 parallel port lines, clock, reset and the
// serial pair. fpga/pp_board_hx8k.pcf places it on the iCE40-HX8K breakout board.
module pp_board_top #(
  parameter int NUM_CLIENTS        = 4,
  // The board's oscillator runs pp_top directly (no PLL): see fpga/README.md.
  parameter int CLK_HZ             = 12_000_000,
  parameter int BAUD               = 115_200,
  // A frame whose next byte does not come within this many bit times is dropped.
  parameter int FRAME_TIMEOUT_BITS = 1000
) (
  input  logic       clk_i,
  input  logic       rst_ni,      // asynchronous, active low; released in step with clk_i
  input  logic       uart_rx_i,
  output logic       uart_tx_o,
  inout  wire  [7:0] pd_io,       // data lines D0..D7
  output logic       nstrobe_o,
  output logic       nautofd_o,
  output logic       ninit_o,
  output logic       nselectin_o,
  input  logic       nack_i,
  input  logic       busy_i,
  input  logic       perror_i,
  input  logic       select_i,
  input  logic       nfault_i
);

  // Rounded to the nearest cycle: 12 MHz / 115200 baud is 104 cycles, 0.2 % fast.
  localparam int ClksPerBit = (CLK_HZ + BAUD / 2) / BAUD;
  localparam int ClientW    = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1;
  localparam int AddrW      = pp_reg_pkg::AddrWidth;
  localparam int DataW      = pp_reg_pkg::DataWidth;

  // The reset pin is asserted at once and released two clock edges later, so no flop sees its
  // release close to an edge.
  logic rst_n;
  pp_sync #(.WIDTH(1), .RESET_VALUE(1'b0)) u_rst_sync (
    .clk_i, .rst_ni, .d_i(1'b1), .q_o(rst_n)
  );

  logic [7:0]       rx_data, tx_data;
  logic             rx_valid, rx_frame_err, tx_valid, tx_ready;
  logic             psel, penable, pwrite, pready, pslverr;
  logic [AddrW-1:0] paddr;
  logic [DataW-1:0] pwdata, prdata, pd_o;
  logic [ClientW-1:0] pauser;
  logic             pd_oe;

  pp_uart_rx #(.CLKS_PER_BIT(ClksPerBit)) u_rx (
    .clk_i,
    .rst_ni     (rst_n),
    .rx_i       (uart_rx_i),
    .data_o     (rx_data),
    .valid_o    (rx_valid),
    .frame_err_o(rx_frame_err)
  );

  pp_uart_tx #(.CLKS_PER_BIT(ClksPerBit)) u_tx (
    .clk_i,
    .rst_ni (rst_n),
    .data_i (tx_data),
    .valid_i(tx_valid),
    .ready_o(tx_ready),
    .tx_o   (uart_tx_o)
  );

  pp_uart_apb_bridge #(
    .NUM_CLIENTS  (NUM_CLIENTS),
    .FRAME_TIMEOUT(ClksPerBit * FRAME_TIMEOUT_BITS)
  ) u_bridge (
    .clk_i,
    .rst_ni        (rst_n),
    .rx_data_i     (rx_data),
    .rx_valid_i    (rx_valid),
    .rx_frame_err_i(rx_frame_err),
    .tx_data_o     (tx_data),
    .tx_valid_o    (tx_valid),
    .tx_ready_i    (tx_ready),
    .psel_o        (psel),
    .penable_o     (penable),
    .pwrite_o      (pwrite),
    .paddr_o       (paddr),
    .pwdata_o      (pwdata),
    .pauser_o      (pauser),
    .pready_i      (pready),
    .prdata_i      (prdata),
    .pslverr_i     (pslverr)
  );

  // Interrupts and observation outputs have no pin on this board: a host polls ARB_STATUS.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [NUM_CLIENTS-1:0] grant_irq, grant;
  logic                   irq, releasing;
  /* verilator lint_on UNUSEDSIGNAL */

  pp_top #(
    .NUM_CLIENTS(NUM_CLIENTS),
    .CLK_HZ     (CLK_HZ)
  ) u_pp_top (
    .clk_i,
    .rst_ni     (rst_n),
    .psel_i     (psel),
    .penable_i  (penable),
    .pwrite_i   (pwrite),
    .paddr_i    (paddr),
    .pwdata_i   (pwdata),
    .pauser_i   (pauser),
    .pready_o   (pready),
    .prdata_o   (prdata),
    .pslverr_o  (pslverr),
    .grant_irq_o(grant_irq),
    .irq_o      (irq),
    .grant_o    (grant),
    .releasing_o(releasing),
    .pd_o       (pd_o),
    .pd_oe_o    (pd_oe),
    .pd_i       (pd_io),
    .nstrobe_o,
    .nautofd_o,
    .ninit_o,
    .nselectin_o,
    .nack_i,
    .busy_i,
    .perror_i,
    .select_i,
    .nfault_i
  );

  // Yosys and nextpnr put the three-state driver into the pins' SB_IO cells.
  assign pd_io = pd_oe ? pd_o : 'z;

endmodule
