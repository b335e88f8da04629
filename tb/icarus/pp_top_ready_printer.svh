// pp_top with a ready printer on its pins (Busy low, nAck high, PError low, Select high, nFault
// high, the data lines pulled up), for the Icarus benches (tb/icarus/, bench/): included inside
// a module that declares NumClients, clk, rst_n and the APB and pin nets by these names.
  pp_top #(.NUM_CLIENTS(NumClients)) dut (
    .clk_i (clk), .rst_ni (rst_n),
    .psel_i (psel), .penable_i (penable), .pwrite_i (pwrite), .paddr_i (paddr),
    .pwdata_i (pwdata), .pauser_i (pauser), .pready_o (pready), .prdata_o (prdata),
    .pslverr_o (pslverr),
    .grant_irq_o (grant_irq), .irq_o (irq), .grant_o (grant), .releasing_o (releasing),
    .pd_o (pd), .pd_oe_o (pd_oe), .pd_i (8'hff), .nstrobe_o (nstrobe), .nautofd_o (nautofd),
    .ninit_o (ninit), .nselectin_o (nselectin), .nack_i (1'b1), .busy_i (1'b0),
    .perror_i (1'b0), .select_i (1'b1), .nfault_i (1'b1)
  );
