// Smoke bench for pp_top under Icarus Verilog (iverilog -g2012): one allocate/free round trip
// over APB, checked on the pins. Prints PASS, or stops with $fatal naming the first wrong value.
// scripts/icarus-smoke.sh compiles and runs it (ctest rtl.icarus.smoke*).
//
// Define PP_SMOKE_WRONG_NSELECTIN to expect nSelectIn high on the released bus (it is low): the
// bench must then fail, which shows that its pin checks bite. PP_SMOKE_HANG adds a zero-delay
// loop: the run must then be stopped by the script's time limit.
`timescale 1ns / 1ps
module pp_icarus_smoke_tb;
  localparam int NumClients = 4;
  localparam int ClientW    = $clog2(NumClients);
  localparam int AddrW      = pp_reg_pkg::AddrWidth;
  localparam int DataW      = pp_reg_pkg::DataWidth;
  localparam int ResultLsb  = pp_reg_pkg::ARB_STATUS_LAST_RESULT_LSB;
  localparam int ResultW    = pp_reg_pkg::ARB_STATUS_LAST_RESULT_WIDTH;
  localparam int MaxWait    = 10_000;  // cycles any one wait may take before the bench gives up
`ifdef PP_SMOKE_WRONG_NSELECTIN
  localparam logic ExpectNselectin = !pp_reg_pkg::RELEASED_NSELECTIN;
`else
  localparam logic ExpectNselectin = pp_reg_pkg::RELEASED_NSELECTIN;
`endif

  logic                  clk = 1'b0;
  logic                  rst_n = 1'b0;
  logic                  psel = 1'b0, penable = 1'b0, pwrite = 1'b0;
  logic [AddrW-1:0]      paddr = '0;
  logic [DataW-1:0]      pwdata = '0;
  logic [ClientW-1:0]    pauser = '0;
  logic                  pready, pslverr;
  logic [DataW-1:0]      prdata;
  logic [NumClients-1:0] grant_irq, grant;
  logic                  irq, releasing;
  logic [DataW-1:0]      pd;
  logic                  pd_oe, nstrobe, nautofd, ninit, nselectin;

  always #10 clk = !clk;  // 50 MHz, pp_top's CLK_HZ
`ifdef PP_SMOKE_HANG
  initial forever #0;  // simulated time never advances past 0
`endif

  // A ready printer that never answers: Busy low, nAck high, PError low, Select high.
`include "pp_top_ready_printer.svh"

  // Inputs change on the falling edge; the answer is read at the rising edge that completes the
  // access, before pp_top's flops take it (as pp_top samples it).
  task automatic apb(input int client, input logic write, input logic [AddrW-1:0] addr,
                     input logic [DataW-1:0] wdata, output logic [DataW-1:0] rdata,
                     output logic err);
    int waited = 0;
    @(negedge clk);
    psel = 1'b1; penable = 1'b0; pwrite = write; paddr = addr; pwdata = wdata;
    pauser = ClientW'(client);
    @(negedge clk);
    penable = 1'b1;
    @(posedge clk);
    while (!pready) begin
      waited++;
      if (waited > MaxWait) $fatal(1, "APB access to 0x%03h: no PREADY", addr);
      @(posedge clk);
    end
    rdata = prdata;
    err   = pslverr;
    @(negedge clk);
    psel = 1'b0; penable = 1'b0; pwrite = 1'b0;
  endtask

  task automatic write_ok(input int client, input logic [AddrW-1:0] addr,
                          input logic [DataW-1:0] wdata);
    logic [DataW-1:0] unused;
    logic err;
    apb(client, 1'b1, addr, wdata, unused, err);
    if (err) $fatal(1, "client %0d: write of 0x%02h to 0x%03h answered PSLVERR", client, wdata,
                    addr);
  endtask

  task automatic read(input int client, input logic [AddrW-1:0] addr,
                      output logic [DataW-1:0] rdata);
    logic err;
    apb(client, 1'b0, addr, '0, rdata, err);
    if (err) $fatal(1, "client %0d: read of 0x%03h answered PSLVERR", client, addr);
  endtask

  // An arbitration command and its answer (ARB_STATUS.LAST_RESULT).
  task automatic command(input int client, input int cmd, input int want);
    logic [DataW-1:0] status;
    write_ok(client, pp_reg_pkg::ARB_CMD_OFFSET, DataW'(cmd));
    read(client, pp_reg_pkg::ARB_STATUS_OFFSET, status);
    if (int'(status[ResultLsb +: ResultW]) != want) begin
      $fatal(1, "client %0d: command %0d answered %0d, expected %0d", client, cmd,
             status[ResultLsb +: ResultW], want);
    end
  endtask

  task automatic expect_pins(input string what, input logic [DataW-1:0] want_pd,
                             input logic want_oe, input logic want_nstrobe);
    if (pd_oe !== want_oe || (want_oe && pd !== want_pd) || nstrobe !== want_nstrobe) begin
      $fatal(1, "%s: pd_o %h pd_oe_o %b nstrobe_o %b, expected pd_o %h pd_oe_o %b nstrobe_o %b",
             what, pd, pd_oe, nstrobe, want_pd, want_oe, want_nstrobe);
    end
  endtask

  // The pins in the last cycle of a release, seen mid-cycle (they come from flops).
  logic       seen_release = 1'b0;
  logic [4:0] last_release_pins;
  always @(negedge clk) begin
    if (releasing) begin
      seen_release      <= 1'b1;
      last_release_pins <= {pd_oe, nstrobe, nautofd, ninit, nselectin};
    end
  end

  logic [DataW-1:0] rdata;
  logic             err;
  int               waited;
  initial begin
    repeat (4) @(negedge clk);
    rst_n = 1'b1;

    // Two clients allocate: client 0 gets the port, client 1 waits.
    command(0, pp_reg_pkg::ARB_CMD_ALLOCATE, pp_reg_pkg::ARB_RESULT_GRANTED);
    command(1, pp_reg_pkg::ARB_CMD_ALLOCATE, pp_reg_pkg::ARB_RESULT_PENDING);
    if (grant !== 4'b0001) $fatal(1, "grant_o %b after two allocates, expected 0001", grant);
    read(2, pp_reg_pkg::ARB_WAITERS_OFFSET, rdata);
    if (rdata !== 8'd1) $fatal(1, "ARB_WAITERS %0d, expected 1", rdata);

    // A non-owner's port access is refused.
    apb(1, 1'b1, pp_reg_pkg::DATA_OFFSET, 8'hee, rdata, err);
    if (!err) $fatal(1, "client 1 (not the owner) wrote DATA without PSLVERR");

    // The owner writes three bytes in SPP (mode 000): data, then a software strobe.
    for (int b = 0; b < 3; b++) begin
      logic [DataW-1:0] byte_val;
      byte_val = 8'h41 + DataW'(b);
      write_ok(0, pp_reg_pkg::DATA_OFFSET, byte_val);
      @(negedge clk);
      expect_pins("after the DATA write", byte_val, 1'b1, 1'b1);
      write_ok(0, pp_reg_pkg::CONTROL_OFFSET, DataW'(pp_reg_pkg::CONTROL_RESET | 1));
      @(negedge clk);
      expect_pins("with CONTROL.STROBE set", byte_val, 1'b1, 1'b0);
      repeat (30) @(negedge clk);  // the strobe's minimum width (500 ns)
      write_ok(0, pp_reg_pkg::CONTROL_OFFSET, DataW'(pp_reg_pkg::CONTROL_RESET));
      @(negedge clk);
      expect_pins("after CONTROL.STROBE cleared", byte_val, 1'b1, 1'b1);
    end

    // The owner frees the port while client 1 waits: the release runs, then client 1 owns it.
    command(0, pp_reg_pkg::ARB_CMD_FREE, pp_reg_pkg::ARB_RESULT_FREED);
    waited = 0;
    while (grant !== 4'b0010) begin
      waited++;
      if (waited > MaxWait) $fatal(1, "client 1 not granted after the FREE (grant_o %b)", grant);
      @(negedge clk);
    end
    if (!seen_release) $fatal(1, "releasing_o never rose after the FREE");
    if (grant_irq !== 4'b0010) $fatal(1, "grant_irq_o %b, expected 0010", grant_irq);
    // The released bus (pp_reg_pkg::RELEASED_*) on the pins in the release's last cycle.
    if (last_release_pins !== {pp_reg_pkg::RELEASED_PD_OE, pp_reg_pkg::RELEASED_NSTROBE,
                               pp_reg_pkg::RELEASED_NAUTOFD, pp_reg_pkg::RELEASED_NINIT,
                               ExpectNselectin}) begin
      $fatal(1, "released bus {pd_oe_o, nstrobe_o, nautofd_o, ninit_o, nselectin_o} = %b, expected %b",
             last_release_pins, {pp_reg_pkg::RELEASED_PD_OE, pp_reg_pkg::RELEASED_NSTROBE,
                                 pp_reg_pkg::RELEASED_NAUTOFD, pp_reg_pkg::RELEASED_NINIT,
                                 ExpectNselectin});
    end
    read(1, pp_reg_pkg::ARB_STATUS_OFFSET, rdata);
    if (!rdata[pp_reg_pkg::ARB_STATUS_GRANTED_LSB]) $fatal(1, "client 1: ARB_STATUS.GRANTED 0");
    // The old owner is refused now.
    apb(0, 1'b1, pp_reg_pkg::DATA_OFFSET, 8'h00, rdata, err);
    if (!err) $fatal(1, "client 0 (no longer the owner) wrote DATA without PSLVERR");

    $display("PASS");
    $finish;
  end
endmodule
