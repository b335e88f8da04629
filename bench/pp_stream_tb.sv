// The bench stream for pp_top under Icarus Verilog (iverilog -g2012), cycle for cycle the one
// bench/bare_loop.cc drives: each client in turn allocates, reads ARB_STATUS, writes DATA,
// frees, reads ARB_STATUS, then 40 idle cycles; rounds until +cycles=N clock cycles have run.
// Prints "cycles N" and "granted N" (allocates answered GRANTED). scripts/bench.py runs it.
`timescale 1ns / 1ps
module pp_stream_tb;
  localparam int NumClients = 4;
  localparam int ClientW    = $clog2(NumClients);
  localparam int AddrW      = pp_reg_pkg::AddrWidth;
  localparam int DataW      = pp_reg_pkg::DataWidth;
  localparam int ResultLsb  = pp_reg_pkg::ARB_STATUS_LAST_RESULT_LSB;
  localparam int ResultW    = pp_reg_pkg::ARB_STATUS_LAST_RESULT_WIDTH;
  localparam int IdleCycles = 40;

  logic               clk = 1'b0;
  logic               rst_n = 1'b0;
  logic               psel = 1'b0, penable = 1'b0, pwrite = 1'b0;
  logic [AddrW-1:0]   paddr = '0;
  logic [DataW-1:0]   pwdata = '0;
  logic [ClientW-1:0] pauser = '0;
  logic               pready, pslverr;
  logic [DataW-1:0]   prdata;
  logic [NumClients-1:0] grant_irq, grant;
  logic               irq, releasing, pd_oe, nstrobe, nautofd, ninit, nselectin;
  logic [DataW-1:0]   pd;
  longint unsigned    cycles = 0;

  always #10 clk = !clk;  // 50 MHz, pp_top's CLK_HZ
  always @(posedge clk) cycles <= cycles + 1;

  // A ready printer: Busy low, nAck high, PError low, Select high, nFault high.
`include "pp_top_ready_printer.svh"

  // Setup phase for one cycle, then access until the rising edge that sees PREADY: two cycles
  // for a transfer without wait states, as the testbench's APB transactor.
  task automatic apb(input int client, input logic write, input logic [AddrW-1:0] addr,
                     input logic [DataW-1:0] wdata, output logic [DataW-1:0] rdata);
    psel = 1'b1; penable = 1'b0; pwrite = write; paddr = addr; pwdata = wdata;
    pauser = ClientW'(client);
    @(negedge clk);
    penable = 1'b1;
    @(posedge clk);
    while (!pready) @(posedge clk);
    rdata = prdata;
    @(negedge clk);
    psel = 1'b0; penable = 1'b0; pwrite = 1'b0;
  endtask

  longint unsigned  target = 1_000_000;
  longint unsigned  granted = 0;
  logic [DataW-1:0] status, unused;
  initial begin
    if (!$value$plusargs("cycles=%d", target)) target = 1_000_000;
    repeat (4) @(negedge clk);
    rst_n = 1'b1;
    @(negedge clk);
    while (cycles < target) begin
      for (int c = 0; c < NumClients; c++) begin
        apb(c, 1'b1, pp_reg_pkg::ARB_CMD_OFFSET, DataW'(pp_reg_pkg::ARB_CMD_ALLOCATE), unused);
        apb(c, 1'b0, pp_reg_pkg::ARB_STATUS_OFFSET, '0, status);
        apb(c, 1'b1, pp_reg_pkg::DATA_OFFSET, DataW'(8'h41 + c), unused);
        apb(c, 1'b1, pp_reg_pkg::ARB_CMD_OFFSET, DataW'(pp_reg_pkg::ARB_CMD_FREE), unused);
        apb(c, 1'b0, pp_reg_pkg::ARB_STATUS_OFFSET, '0, unused);
        repeat (IdleCycles) @(negedge clk);
        if (int'(status[ResultLsb +: ResultW]) == pp_reg_pkg::ARB_RESULT_GRANTED) granted++;
      end
    end
    $display("cycles %0d", cycles);
    $display("granted %0d", granted);
    $finish;
  end
endmodule
