// Parallel port controller shared by NUM_CLIENTS clients: APB completer on the host side,
// IEEE 1284 pins on the other.
//
//   APB -> pp_apb_if -> pp_port_regs -> pins (inversions here) <- pp_sync <- status pins
//              |              |   ^
//              v              v   |
//          pp_arbiter <-> pp_release_seq      pp_fifo -> pp_centronics (mode 010)
//                                                    <-> pp_ecp (mode 011, both directions)
//
// Only the owner's port accesses take effect; a FREE starts pp_release_seq, which returns the bus
// to its released state (pp_reg_pkg::RELEASED_*) before pp_arbiter hands it on. Every parallel
// port output comes straight from a flop (no decode glitch reaches a pin): the pins show the
// register and engine state one cycle late, all by the same cycle. Yosys 0.23 cannot parse a
// package import in the module header, so package names are written out (pp_reg_pkg::...).
module pp_top #(
  parameter int NUM_CLIENTS     = 4,
  parameter int CLK_HZ          = 50_000_000,
  parameter int FIFO_DEPTH      = pp_reg_pkg::FIFO_DEPTH_DEFAULT,
  parameter int BUSY_TIMEOUT_NS = pp_reg_pkg::T_BUSY_TIMEOUT_NS,
  parameter int TERM_TIMEOUT_NS = pp_reg_pkg::T_TERM_TIMEOUT_NS,
  localparam int ClientW        = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,

  // APB completer; pauser_i names the requesting client.
  input  logic                                psel_i,
  input  logic                                penable_i,
  input  logic                                pwrite_i,
  input  logic [pp_reg_pkg::AddrWidth-1:0]    paddr_i,
  input  logic [pp_reg_pkg::DataWidth-1:0]    pwdata_i,
  input  logic [ClientW-1:0]                  pauser_i,
  output logic                                pready_o,
  output logic [pp_reg_pkg::DataWidth-1:0]    prdata_o,
  output logic                                pslverr_o,

  // Per-client grant interrupt (a queued allocate completed) and the port interrupt.
  output logic [NUM_CLIENTS-1:0]              grant_irq_o,
  output logic                                irq_o,
  // Observation: the owner (one-hot or zero) and the release in progress.
  output logic [NUM_CLIENTS-1:0]              grant_o,
  output logic                                releasing_o,

  // Parallel port pins.
  output logic [pp_reg_pkg::DataWidth-1:0]    pd_o,
  output logic                                pd_oe_o,
  input  logic [pp_reg_pkg::DataWidth-1:0]    pd_i,
  output logic                                nstrobe_o,
  output logic                                nautofd_o,
  output logic                                ninit_o,
  output logic                                nselectin_o,
  input  logic                                nack_i,
  input  logic                                busy_i,
  input  logic                                perror_i,
  input  logic                                select_i,
  input  logic                                nfault_i
);

  localparam int DataW    = pp_reg_pkg::DataWidth;
  localparam int CtrlW    = pp_reg_pkg::CONTROL_USED_WIDTH;
  localparam int ModeW    = pp_reg_pkg::ECR_MODE_WIDTH;
  localparam int FifoCntW = $clog2(FIFO_DEPTH + 1);
  localparam int ArbCntW  = $clog2(NUM_CLIENTS + 1);

  // ---------------------------------------------------------------------------------------------
  // Protocol times: nanoseconds (pp_reg_pkg, *_TIMEOUT_NS) to clock cycles, rounded up, at
  // least one cycle. The only place where time units change.
  // ---------------------------------------------------------------------------------------------
  // The products are evaluated in 64 bits (the width of NsPerS): 35 ms at 50 MHz overflows 32.
  localparam longint NsPerS      = 64'd1_000_000_000;
  localparam int     SetupNs     = pp_reg_pkg::T_STROBE_SETUP_NS;
  localparam int     WidthNs     = pp_reg_pkg::T_STROBE_WIDTH_NS;
  localparam int     HoldNs      = pp_reg_pkg::T_STROBE_HOLD_NS;
  localparam longint SetupWide   = (SetupNs * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam longint WidthWide   = (WidthNs * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam longint HoldWide    = (HoldNs * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam longint TimeoutWide = (BUSY_TIMEOUT_NS * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam int     NinitHoldNs = pp_reg_pkg::T_TERM_NINIT_HOLD_NS;
  localparam longint NinitWide   = (NinitHoldNs * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam longint TermWide    = (TERM_TIMEOUT_NS * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam int     EppTmoutNs  = pp_reg_pkg::T_EPP_TIMEOUT_NS;
  localparam longint EppWide     = (EppTmoutNs * CLK_HZ + NsPerS - 1) / NsPerS;
  localparam int StrobeSetupCycles = (SetupWide > 0) ? 32'(SetupWide) : 1;
  localparam int StrobeWidthCycles = (WidthWide > 0) ? 32'(WidthWide) : 1;
  localparam int StrobeHoldCycles  = (HoldWide > 0) ? 32'(HoldWide) : 1;
  localparam int BusyTimeoutCycles = (TimeoutWide > 0) ? 32'(TimeoutWide) : 1;
  localparam int NinitHoldCycles   = (NinitWide > 0) ? 32'(NinitWide) : 1;
  localparam int TermTimeoutCycles = (TermWide > 0) ? 32'(TermWide) : 1;
  localparam int EppTimeoutCycles  = (EppWide > 0) ? 32'(EppWide) : 1;
  // The release's budget: every release ends within RelMaxCycles of its FREE (pp_release_seq's
  // a_release_ends proves the engines and the termination keep to it). The drain: a byte the
  // centronics or the ECP engine holds with a full FIFO behind it, the last EPP cycle's end and
  // a software strobe's minimum width; then the termination, the data hold and four steps.
  localparam int HsByteCycles   = BusyTimeoutCycles + StrobeSetupCycles + StrobeWidthCycles +
                                  StrobeHoldCycles + 1;
  localparam int EcpByteCycles  = 3 * BusyTimeoutCycles + StrobeSetupCycles + StrobeWidthCycles + 1;
  localparam int DrainMaxCycles =
      StrobeSetupCycles + StrobeWidthCycles + StrobeHoldCycles + FIFO_DEPTH * HsByteCycles +
      StrobeSetupCycles + StrobeWidthCycles + 2 * BusyTimeoutCycles + FIFO_DEPTH * EcpByteCycles +
      EppTimeoutCycles + 3 + StrobeWidthCycles + 1;
  // The longest IEEE 1284 termination (release step 2): the EPP reset's nInit pulse and its
  // last state, or Events 47 to 29 with every wait at its timeout.
  localparam int TermMaxCycles     = (NinitHoldCycles + 1 > 3 * TermTimeoutCycles + 4) ?
                                     NinitHoldCycles + 1 : 3 * TermTimeoutCycles + 4;
`ifdef PP_FORMAL_SHORT_BUDGET
  // formal/proofs.txt's budget_bites: a drain budget cut to a quarter must fail a_release_ends.
  localparam int RelMaxCycles      = DrainMaxCycles / 4 + TermMaxCycles + StrobeHoldCycles + 6;
`else
  localparam int RelMaxCycles      = DrainMaxCycles + TermMaxCycles + StrobeHoldCycles + 6;
`endif
  localparam int StrobeCntW        = $clog2(StrobeWidthCycles + 1);

  localparam int DirBit = pp_reg_pkg::CONTROL_DIR_LSB;

  // ---------------------------------------------------------------------------------------------
  // Synchronizers: nothing looks at a pin before two flops.
  // ---------------------------------------------------------------------------------------------
  logic [DataW-1:0] pd_sync;
  logic             nack_sync, busy_sync, perror_sync, select_sync, nfault_sync;

  pp_sync #(.WIDTH(DataW), .RESET_VALUE({DataW{1'b1}})) u_sync_pd (
    .clk_i, .rst_ni, .d_i(pd_i), .q_o(pd_sync)
  );
  // A ready printer's levels: nAck H, Busy L, PError L, Select H, nFault H.
  pp_sync #(.WIDTH(5), .RESET_VALUE(5'b10011)) u_sync_status (
    .clk_i,
    .rst_ni,
    .d_i({nack_i, busy_i, perror_i, select_i, nfault_i}),
    .q_o({nack_sync, busy_sync, perror_sync, select_sync, nfault_sync})
  );

  // ---------------------------------------------------------------------------------------------
  // Blocks.
  // ---------------------------------------------------------------------------------------------
  logic                    port_we, port_re;
  logic [DataW-1:0]        port_rdata;
  logic                    arb_cmd_valid;
  logic [NUM_CLIENTS-1:0]  arb_irq_clr;
  logic                    arb_term_clr;
  logic                    owner_valid, arb_releasing, chosen_valid, release_start;
  logic [ClientW-1:0]      owner, departing, chosen;
  logic [NUM_CLIENTS-1:0]  queued;
  logic [ArbCntW-1:0]      waiters;
  logic [pp_reg_pkg::ARB_STATUS_LAST_RESULT_WIDTH-1:0] sel_last_result;
  logic [DataW-1:0]        sel_dropped;

  // The release steps as pp_top acts on them (see pp_release_seq for the steps).
  logic rel_releasing, rel_drained, rel_flush, rel_lines_idle, rel_data_off, rel_data_clear, rel_engine_clear;
  logic rel_regs_reset, release_done, rel_terminate;
  // The sequencer's own inputs and step outputs: the same wires as pp_top's, except in the
  // fault-injection build (below).
  logic seq_engine_active, seq_fifo_pending, seq_strobe_short, seq_term_needed;
  logic seq_lines_idle, seq_data_off, seq_data_clear, seq_regs_reset, seq_release_done;

  logic [DataW-1:0]    data_latch;
  logic [CtrlW-1:0]    ctrl;
  logic [ModeW-1:0]    mode;
  logic                dir_in, fifo_mode, fifo_pending;

  logic                fifo_push, fifo_reg_pop, fifo_hs_pop, fifo_reg_clear, fifo_clear;
  logic                fifo_reg_push, fifo_reg_cmd;
  logic [DataW:0]      fifo_rdata, fifo_wdata;  // bit DataW: the ECP command flag
  logic [FifoCntW-1:0] fifo_count;
  logic                fifo_empty, fifo_full;

  logic                hs_strobe, hs_active, hs_timeout, hs_timeout_clr;
  logic [DataW-1:0]    hs_data;

  logic [StrobeCntW-1:0] strobe_low_cnt_q;
  logic                  strobe_short;

  // Release step 2 (pp_1284_term) and ARB_TERM.TIMEOUT.
  logic term_needed, term_nack, term_perror, term_drive, term_done, term_timeout;
  logic term_nstrobe, term_nautofd, term_ninit, term_nselectin;
  logic term_wait_nack_low, term_wait_nack_high, term_wait_perror_high;
  logic term_timeout_q;
  // Verification only (the release's bound, below; unused in synthesis): the most cycles each
  // engine and the termination can still take.
  logic [31:0] hs_left, ecp_left, epp_left, term_left, strobe_left, drain_left;

  // EPP cycles (pp_epp).
  logic             epp_access, epp_active, epp_busy, epp_nstrobe, epp_nautofd, epp_nselectin;
  logic             epp_drive, epp_timeout;
  logic [DataW-1:0] epp_pd, epp_rdata;

  // ECP (pp_ecp).
  logic             ecp_mode, ecp_drive, ecp_active, ecp_timeout, ecp_forward, ecp_reversed;
  logic             ecp_pop, ecp_push, ecp_discard;
  logic             ecp_nstrobe, ecp_nautofd, ecp_ninit, ecp_data_oe;
  logic [DataW:0]   ecp_wdata;
  logic [DataW-1:0] ecp_pd;

  pp_apb_if #(.NUM_CLIENTS(NUM_CLIENTS)) u_apb (
    .psel_i,
    .penable_i,
    .pwrite_i,
    .paddr_i,
    .pwdata_i,
    .pauser_i,
    .pready_o,
    .prdata_o,
    .pslverr_o,
    .port_we_o         (port_we),
    .port_re_o         (port_re),
    .port_rdata_i      (port_rdata),
    .port_wait_i       (epp_access && epp_busy),
    .arb_cmd_valid_o   (arb_cmd_valid),
    .arb_irq_clr_o     (arb_irq_clr),
    .arb_term_clr_o    (arb_term_clr),
    .owner_valid_i     (owner_valid),
    .owner_i           (owner),
    .releasing_i       (arb_releasing),
    .departing_i       (departing),
    .chosen_valid_i    (chosen_valid),
    .chosen_i          (chosen),
    .queued_i          (queued),
    .waiters_i         (waiters),
    .grant_irq_i       (grant_irq_o),
    .sel_last_result_i (sel_last_result),
    .sel_dropped_i     (sel_dropped),
    .term_timeout_i    (term_timeout_q)
  );

  // ARB_DROPPED: every FIFO clear in mode 010 or 011 (the owner's ECR write leaving it, the
  // release's flush after a timeout, the release's register reset, the ECP link turning forward)
  // discards the bytes still queued: bytes to send, or in ECP reverse bytes received and not
  // read. A byte an engine takes at that same edge goes on the wire and completes: it is not
  // discarded; a reverse byte pp_ecp takes at that edge is (the FIFO refuses it). Clears in
  // other modes discard nothing that would ever have been sent. An ECP forward byte the
  // peripheral never acknowledged (no Event 36) is lost too. Saturates at the largest count one
  // register can hold.
  localparam int DropMax = (1 << DataW) - 1;
  logic                drop_clear, ecp_lost;
  logic                drop_valid;
  logic [FifoCntW:0]   drop_bytes;
  logic [DataW-1:0]    drop_count;
  assign drop_clear = fifo_clear && (fifo_mode || ecp_mode);
  assign drop_valid = drop_clear || ecp_lost;
  assign drop_bytes = (drop_clear ? {1'b0, fifo_count - FifoCntW'(fifo_hs_pop) -
                                           FifoCntW'(ecp_pop) + FifoCntW'(ecp_push)} : '0) +
                      (FifoCntW + 1)'(ecp_lost);
  if (FIFO_DEPTH >= DropMax) begin : gen_drop_sat
    assign drop_count = (drop_bytes > (FifoCntW + 1)'(DropMax)) ? '1 : drop_bytes[DataW-1:0];
  end else begin : gen_drop_fits
    assign drop_count = DataW'(drop_bytes);
  end

  pp_arbiter #(.NUM_CLIENTS(NUM_CLIENTS)) u_arbiter (
    .clk_i,
    .rst_ni,
    .cmd_valid_i       (arb_cmd_valid),
    .cmd_client_i      (pauser_i),
    .cmd_i             (pwdata_i),
    .irq_clr_i         (arb_irq_clr),
    .release_start_o   (release_start),
    .release_done_i    (release_done),
    .regs_reset_i      (rel_regs_reset),
    .drop_valid_i      (drop_valid),
    .drop_count_i      (drop_count),
    .owner_valid_o     (owner_valid),
    .owner_o           (owner),
    .releasing_o       (arb_releasing),
    .departing_o       (departing),
    .chosen_valid_o    (chosen_valid),
    .chosen_o          (chosen),
    .queued_o          (queued),
    .waiters_o         (waiters),
    .grant_irq_o       (grant_irq_o),
    .sel_client_i      (pauser_i),
    .sel_last_result_o (sel_last_result),
    .sel_dropped_o     (sel_dropped)
  );

  // Bytes still to send: the FIFO of mode 010, or of mode 011 while the link is not reversed
  // (reversed, it holds what the peripheral sent).
  assign fifo_pending = (fifo_mode || (ecp_mode && !ecp_reversed)) && !fifo_empty;

  pp_release_seq #(
    .HOLD_CYCLES (StrobeHoldCycles),
    .MAX_CYCLES  (RelMaxCycles)
  ) u_release (
    .clk_i,
    .rst_ni,
    .start_i          (release_start),
    .engine_active_i  (seq_engine_active),
    .fifo_pending_i   (seq_fifo_pending),
    // The timeout of the engine that sends the queued bytes: another engine's (a byte it had on
    // the wire when its mode was left) says nothing about them.
    .engine_timeout_i (fifo_mode ? hs_timeout : ecp_timeout),
    .strobe_short_i   (seq_strobe_short),
    .term_needed_i    (seq_term_needed),
    .term_done_i      (term_done),
    .releasing_o      (rel_releasing),
    .drained_o        (rel_drained),
    .flush_o          (rel_flush),
    .terminate_o      (rel_terminate),
    .lines_idle_o     (seq_lines_idle),
    .data_off_o       (seq_data_off),
    .data_clear_o     (seq_data_clear),
    .regs_reset_o     (seq_regs_reset),
    .release_done_o   (seq_release_done),
    .drain_left_i     (drain_left),
    .term_left_i      (term_left)
  );

`ifdef PP_FAULT_INJECTION
  // Test-only: +pp_release_fault=N breaks one release step (rtl/pp_release_faults.sv).
  pp_release_faults u_release_faults (
    .clk_i,
    .rst_ni,
    .engine_active_i     (hs_active || epp_active || ecp_active),
    .fifo_pending_i      (fifo_pending),
    .strobe_short_i      (strobe_short),
    .term_needed_i       (term_needed),
    .seq_engine_active_o (seq_engine_active),
    .seq_fifo_pending_o  (seq_fifo_pending),
    .seq_strobe_short_o  (seq_strobe_short),
    .seq_term_needed_o   (seq_term_needed),
    .nack_i              (nack_sync),
    .perror_i            (perror_sync),
    .term_wait_nack_low_i    (term_wait_nack_low),
    .term_wait_nack_high_i   (term_wait_nack_high),
    .term_wait_perror_high_i (term_wait_perror_high),
    .term_nack_o         (term_nack),
    .term_perror_o       (term_perror),
    .seq_releasing_i     (rel_releasing),
    .seq_lines_idle_i    (seq_lines_idle),
    .seq_data_off_i      (seq_data_off),
    .seq_data_clear_i    (seq_data_clear),
    .seq_regs_reset_i    (seq_regs_reset),
    .seq_release_done_i  (seq_release_done),
    .engine_clear_o      (rel_engine_clear),
    .lines_idle_o        (rel_lines_idle),
    .data_off_o          (rel_data_off),
    .regs_reset_o        (rel_regs_reset),
    .release_done_o      (release_done)
  );
`else
  assign seq_engine_active = hs_active || epp_active || ecp_active;
  assign seq_fifo_pending  = fifo_pending;
  assign seq_strobe_short  = strobe_short;
  assign seq_term_needed   = term_needed;
  assign term_nack         = nack_sync;
  assign term_perror       = perror_sync;
  assign rel_engine_clear  = seq_data_clear;
  assign rel_lines_idle    = seq_lines_idle;
  assign rel_data_off      = seq_data_off;
  assign rel_regs_reset    = seq_regs_reset;
  assign release_done      = seq_release_done;
`endif
  assign rel_data_clear = seq_data_clear;

  pp_port_regs #(.FIFO_DEPTH(FIFO_DEPTH)) u_regs (
    .clk_i,
    .rst_ni,
    .we_i             (port_we),
    .re_i             (port_re),
    .addr_i           (paddr_i),
    .wdata_i          (pwdata_i),
    .rdata_o          (port_rdata),
    .pd_i             (pd_sync),
    .busy_i           (busy_sync),
    .nack_i           (nack_sync),
    .perror_i         (perror_sync),
    .select_i         (select_sync),
    .nfault_i         (nfault_sync),
    .fifo_push_o      (fifo_reg_push),
    .fifo_cmd_o       (fifo_reg_cmd),
    .fifo_pop_o       (fifo_reg_pop),
    .fifo_clear_o     (fifo_reg_clear),
    .fifo_rdata_i     (fifo_rdata),
    .fifo_count_i     (fifo_count),
    .fifo_empty_i     (fifo_empty),
    .fifo_full_i      (fifo_full),
    .hs_active_i      (hs_active || ecp_active),
    .hs_timeout_i     (hs_timeout || ecp_timeout),
    .hs_timeout_clr_o (hs_timeout_clr),
    .ecp_forward_i    (ecp_forward),
    .ecp_reverse_i    (ecp_reversed),
    .epp_timeout_i    (epp_timeout),
    .epp_rdata_i      (epp_rdata),
    .lines_idle_i     (rel_lines_idle),
    .data_clear_i     (rel_data_clear),
    .regs_reset_i     (rel_regs_reset),
    .data_o           (data_latch),
    .ctrl_o           (ctrl),
    .mode_o           (mode),
    .dir_in_o         (dir_in),
    .irq_o
  );

  assign fifo_mode  = (mode == pp_reg_pkg::ECR_MODE_FIFO);
  assign ecp_mode   = (mode == pp_reg_pkg::ECR_MODE_ECP);
  assign fifo_clear = fifo_reg_clear || rel_flush || rel_regs_reset || ecp_discard;
  // The owner queues bytes only while the ECP link is forward, pp_ecp only while it is reversed.
  assign fifo_push  = fifo_reg_push || ecp_push;
  assign fifo_wdata = ecp_push ? ecp_wdata : {fifo_reg_cmd, pwdata_i};

  pp_fifo #(.DEPTH(FIFO_DEPTH), .WIDTH(DataW + 1)) u_fifo (
    .clk_i,
    .rst_ni,
    .clear_i (fifo_clear),
    .push_i  (fifo_push),
    .wdata_i (fifo_wdata),
    .pop_i   (fifo_reg_pop || fifo_hs_pop || ecp_pop),
    .rdata_o (fifo_rdata),
    .count_o (fifo_count),
    .empty_o (fifo_empty),
    .full_o  (fifo_full)
  );

  pp_centronics #(
    .SETUP_CYCLES   (StrobeSetupCycles),
    .WIDTH_CYCLES   (StrobeWidthCycles),
    .HOLD_CYCLES    (StrobeHoldCycles),
    .TIMEOUT_CYCLES (BusyTimeoutCycles)
  ) u_centronics (
    .clk_i,
    .rst_ni,
    .enable_i      (fifo_mode && !ecp_active && !rel_drained),
    .clear_i       (rel_engine_clear),
    .timeout_clr_i (hs_timeout_clr),
    .busy_i        (busy_sync),
    .fifo_empty_i  (fifo_empty),
    .fifo_rdata_i  (fifo_rdata[DataW-1:0]),
    .fifo_pop_o    (fifo_hs_pop),
    .strobe_o      (hs_strobe),
    .data_o        (hs_data),
    .active_o      (hs_active),
    .timeout_o     (hs_timeout),
    .fifo_count_i  (32'(fifo_count)),
    .left_cycles_o (hs_left)
  );

  // ECP (mode 011). The two handshake engines never overlap: a byte one of them has on the wire
  // finishes before the other starts (an owner can go from 010 to 011 through 001 faster). The
  // release holds the engine (what is in flight finishes, nothing new in reverse starts) and
  // puts it back to forward idle once step 2 has terminated the link: the control lines are
  // idle from step 3 on.
  pp_ecp #(
    .SETUP_CYCLES   (StrobeSetupCycles),
    .WIDTH_CYCLES   (StrobeWidthCycles),
    .TIMEOUT_CYCLES (BusyTimeoutCycles)
  ) u_ecp (
    .clk_i,
    .rst_ni,
    .enable_i       (ecp_mode && !hs_active),
    .clear_i        (rel_lines_idle || rel_engine_clear),
    .hold_i         (rel_releasing),
    .stop_i         (rel_drained),
    .timeout_clr_i  (hs_timeout_clr),
    .reverse_req_i  (ctrl[DirBit]),
    .pd_i           (pd_sync),
    .periph_clk_i   (nack_sync),
    .periph_ack_i   (busy_sync),
    .nack_reverse_i (perror_sync),
    .fifo_empty_i   (fifo_empty),
    .fifo_full_i    (fifo_full),
    .fifo_rdata_i   (fifo_rdata),
    .fifo_pop_o     (ecp_pop),
    .fifo_push_o    (ecp_push),
    .fifo_wdata_o   (ecp_wdata),
    .fifo_discard_o (ecp_discard),
    .byte_lost_o    (ecp_lost),
    .drive_o        (ecp_drive),
    .host_clk_o     (ecp_nstrobe),
    .host_ack_o     (ecp_nautofd),
    .nreverse_req_o (ecp_ninit),
    .data_oe_o      (ecp_data_oe),
    .data_o         (ecp_pd),
    .forward_o      (ecp_forward),
    .reversed_o     (ecp_reversed),
    .active_o       (ecp_active),
    .timeout_o      (ecp_timeout),
    .fifo_count_i   (32'(fifo_count)),
    .left_cycles_o  (ecp_left)
  );

  // EPP cycles: an owner's access to EPP_ADDR/EPP_DATA in mode 100 (port_we/port_re hold through
  // the APB access phase, which waits for the cycle). A byte another engine still has on the
  // wire (it finishes after its mode is left) keeps the lines until it is done, and a software
  // nStrobe pulse keeps the pin for its minimum width: the cycle starts after them, the access
  // waiting meanwhile.
  assign epp_access = (port_we || port_re) && (mode == pp_reg_pkg::ECR_MODE_EPP) &&
                      ((paddr_i == pp_reg_pkg::EPP_ADDR_OFFSET) ||
                       (paddr_i == pp_reg_pkg::EPP_DATA_OFFSET));

  pp_epp #(.TIMEOUT_CYCLES(EppTimeoutCycles)) u_epp (
    .clk_i,
    .rst_ni,
    .start_i     (epp_access && !hs_active && !ecp_active && !strobe_short),
    .addr_i      (paddr_i == pp_reg_pkg::EPP_ADDR_OFFSET),
    .write_i     (port_we),
    .wdata_i     (pwdata_i),
    .nwait_i     (busy_sync),
    .pd_i        (pd_sync),
    .active_o    (epp_active),
    .busy_o      (epp_busy),
    .nstrobe_o   (epp_nstrobe),
    .nautofd_o   (epp_nautofd),
    .nselectin_o (epp_nselectin),
    .drive_o     (epp_drive),
    .pd_o        (epp_pd),
    .rdata_o     (epp_rdata),
    .timeout_o   (epp_timeout),
    .left_cycles_o (epp_left)
  );

  // ---------------------------------------------------------------------------------------------
  // Release step 2: IEEE 1284 termination. The peripheral is in an IEEE 1284 mode when the host
  // holds the 1284 Active line nSelectIn high: negotiation raises it (Event 1) and every 1284
  // mode keeps it high (it is nAStrb's idle level in EPP), while compatibility mode holds it low
  // and a peripheral that sees it fall without Event 22 terminates at once. So the CONTROL
  // level of nSelectIn at step 2 decides; ECR mode 100 picks the EPP termination, 011 with
  // the ECP link reversed (pp_ecp) the ECP reverse one, any other mode the Event 22-29 handshake.
  // ---------------------------------------------------------------------------------------------
  assign term_needed = ctrl[pp_reg_pkg::CONTROL_SELECTIN_LSB] ^
                       pp_reg_pkg::CONTROL_SELECTIN_INVERTED;

  pp_1284_term #(
    .NINIT_HOLD_CYCLES (NinitHoldCycles),
    .TIMEOUT_CYCLES    (TermTimeoutCycles),
    .MAX_CYCLES        (TermMaxCycles)
  ) u_term (
    .clk_i,
    .rst_ni,
    .start_i            (rel_terminate),
    .epp_i              (mode == pp_reg_pkg::ECR_MODE_EPP),
    .ecp_reverse_i      (ecp_reversed),
    .nack_i             (term_nack),
    .perror_i           (term_perror),
    .drive_o            (term_drive),
    .nstrobe_o          (term_nstrobe),
    .nautofd_o          (term_nautofd),
    .ninit_o            (term_ninit),
    .nselectin_o        (term_nselectin),
    .wait_nack_low_o    (term_wait_nack_low),
    .wait_nack_high_o   (term_wait_nack_high),
    .wait_perror_high_o (term_wait_perror_high),
    .timeout_o          (term_timeout),
    .done_o             (term_done),
    .left_cycles_o      (term_left)
  );

  // ARB_TERM.TIMEOUT: sticky until the owner writes 1 to it (a new timeout wins).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      term_timeout_q <= 1'b0;
    end else if (term_timeout) begin
      term_timeout_q <= 1'b1;
    end else if (arb_term_clr) begin
      term_timeout_q <= 1'b0;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Pins. Each CONTROL bit reaches its pin through the inversion the register map gives it
  // (pp_reg_pkg::CONTROL_*_INVERTED). The data lines are driven while someone owns the port, and
  // never while the direction is input, except to finish a byte already on the wire. During a
  // release they stay driven only if, and as long as, they were driven when it started, and only
  // until its step 4 (data_off): the pin flop pd_oe_q is that memory (the FREE edge loads it with
  // the owner's last decision; once off it stays off until the next owner). So a release keeps a
  // byte on the lines for its hold time but never starts driving them, not even when step 3
  // clears CONTROL.DIR.
  // In mode 011 pp_ecp drives nStrobe, nAutoFd, nInit and the data lines instead of CONTROL and
  // the data latch (and until a forward byte it has on the wire is done). While the termination
  // runs (release step 2) it drives the control lines instead of CONTROL or pp_ecp.
  // The *_d values are what the pins show one cycle later: each pin is a flop, reset to the
  // released bus (pp_reg_pkg::RELEASED_*).
  // ---------------------------------------------------------------------------------------------
  logic             nstrobe_d, nautofd_d, ninit_d, nselectin_d, pd_oe_d, drive_dir, sw_strobe;
  logic [DataW-1:0] pd_d;
  logic             nstrobe_q, nautofd_q, ninit_q, nselectin_q, pd_oe_q;
  logic [DataW-1:0] pd_q;

  // In mode 011 nStrobe is HostClk, the ECP engine's own: CONTROL.STROBE does not reach it, so the
  // engine taking the pin can never cut a software pulse short. (In mode 100 software strobes
  // the negotiation's Event 3; an EPP cycle waits for such a pulse's minimum width instead.)
  assign sw_strobe   = ctrl[pp_reg_pkg::CONTROL_STROBE_LSB] && !ecp_mode;
  assign nstrobe_d   = term_drive ? term_nstrobe : epp_active ? epp_nstrobe :
                       ecp_drive ? ecp_nstrobe :
                       ((sw_strobe || hs_strobe) ^ pp_reg_pkg::CONTROL_STROBE_INVERTED);
  assign nautofd_d   = term_drive ? term_nautofd : epp_active ? epp_nautofd :
                       ecp_drive ? ecp_nautofd :
                       (ctrl[pp_reg_pkg::CONTROL_AUTOFD_LSB] ^ pp_reg_pkg::CONTROL_AUTOFD_INVERTED);
  assign ninit_d     = term_drive ? term_ninit : ecp_drive ? ecp_ninit :
                       (ctrl[pp_reg_pkg::CONTROL_NINIT_LSB] ^ pp_reg_pkg::CONTROL_NINIT_INVERTED);
  assign nselectin_d = term_drive ? term_nselectin : epp_active ? epp_nselectin : term_needed;
  assign pd_d        = epp_active ? epp_pd : ecp_drive ? ecp_pd :
                       (fifo_mode || hs_active) ? hs_data : data_latch;
  assign drive_dir   = epp_active ? epp_drive : ecp_drive ? ecp_data_oe : (!dir_in || hs_active);
  assign pd_oe_d     = (owner_valid || (!rel_data_off && pd_oe_q)) && drive_dir;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      nstrobe_q   <= pp_reg_pkg::RELEASED_NSTROBE;
      nautofd_q   <= pp_reg_pkg::RELEASED_NAUTOFD;
      ninit_q     <= pp_reg_pkg::RELEASED_NINIT;
      nselectin_q <= pp_reg_pkg::RELEASED_NSELECTIN;
      pd_q        <= '0;
      pd_oe_q     <= pp_reg_pkg::RELEASED_PD_OE;
    end else begin
      nstrobe_q   <= nstrobe_d;
      nautofd_q   <= nautofd_d;
      ninit_q     <= ninit_d;
      nselectin_q <= nselectin_d;
      pd_q        <= pd_d;
      pd_oe_q     <= pd_oe_d;
    end
  end

  assign nstrobe_o   = nstrobe_q;
  assign nautofd_o   = nautofd_q;
  assign ninit_o     = ninit_q;
  assign nselectin_o = nselectin_q;
  assign pd_o        = pd_q;
  assign pd_oe_o     = pd_oe_q;

  assign grant_o     = owner_valid ? (NUM_CLIENTS'(1) << owner) : '0;
  // The sequencer's view; the arbiter's flag (ARB_* registers) rises and falls on the same edges.
  assign releasing_o = rel_releasing;

  // How long the nStrobe pin has been low (saturating): the release waits on it, the assertion
  // checks it. In the first cycle the pin is high again it still holds the pulse's width.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      strobe_low_cnt_q <= '0;
    end else if (nstrobe_o) begin
      strobe_low_cnt_q <= '0;
    end else if (strobe_low_cnt_q != StrobeCntW'(StrobeWidthCycles)) begin
      strobe_low_cnt_q <= strobe_low_cnt_q + 1'b1;
    end
  end
  // Too short to end: nStrobe is driven low (the pin follows a cycle later) and the pin has not
  // yet been low for the minimum width.
  assign strobe_short = !nstrobe_d &&
                        (nstrobe_o || (strobe_low_cnt_q < StrobeCntW'(StrobeWidthCycles)));

`ifndef SYNTHESIS
  // Verification only (the release's bound): the most cycles the drain can still wait. A software
  // strobe (CONTROL.STROBE, constant in a release) takes the pin when no engine has it and lasts
  // its minimum width from the first cycle the pin is low; an engine's byte or cycle counts in
  // the engine's own figure.
  always_comb begin
    if (!sw_strobe) begin
      strobe_left = 0;
    end else if (term_drive || epp_active || ecp_drive) begin
      strobe_left = StrobeWidthCycles + 1;
    end else if (!strobe_short) begin
      strobe_left = 0;
    end else if (nstrobe_o) begin
      strobe_left = StrobeWidthCycles + 1;
    end else begin
      strobe_left = StrobeWidthCycles - 32'(strobe_low_cnt_q);
    end
  end
  assign drain_left = hs_left + ecp_left + epp_left + strobe_left;
`else
  assign strobe_left = '0;
  assign drain_left  = '0;
`endif

  // ---------------------------------------------------------------------------------------------
  // Assertions (simulation only).
  // ---------------------------------------------------------------------------------------------
`ifndef SYNTHESIS
  initial begin
    assert (NUM_CLIENTS >= 1 && NUM_CLIENTS <= pp_reg_pkg::MAX_CLIENTS)
`ifndef YOSYS
      else $error("NUM_CLIENTS must be 1..MAX_CLIENTS")
`endif
      ;
    assert (FIFO_DEPTH >= 2)
`ifndef YOSYS
      else $error("FIFO_DEPTH must be at least 2")
`endif
      ;
  end

  // The release and ownership properties, as immediate assertions in always_ff (the form
  // pp_arbiter uses, which Verilator, Yosys's formal front end and Icarus all read). Each checks
  // the values before the edge, as a concurrent assertion samples them; hist_*_q hold what
  // $past gave: the value one (or two, *2_q) edges ago, taken at every edge, in reset too.
  logic hist_owner_q, hist_owner2_q, hist_pd_oe_q, hist_nstrobe_q;
  logic hist_sw_strobe_q, hist_sw_strobe2_q, hist_epp_q, hist_epp2_q;
  always_ff @(posedge clk_i) begin
    hist_owner_q      <= owner_valid;
    hist_owner2_q     <= hist_owner_q;
    hist_pd_oe_q      <= pd_oe_o;
    hist_nstrobe_q    <= nstrobe_o;
    hist_sw_strobe_q  <= sw_strobe;
    hist_sw_strobe2_q <= hist_sw_strobe_q;
    hist_epp_q        <= epp_active;
    hist_epp2_q       <= hist_epp_q;
  end

  // The checks sample rst_ni at the clock, as the formal tools read them.
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // At most one owner.
      begin : a_grant_onehot0
        assert ($onehot0(grant_o))
`ifndef YOSYS
          else $error("pp_top: more than one grant (grant_o %b)", grant_o)
`endif
          ;
      end
      // A non-owner's access reaches no port register: no write or read strobe (the only way
      // an access changes a register, the FIFO, an engine or a pin) and no ARB_TERM clear. (The
      // arbiter's commands are for everyone.)
      if (psel_i && penable_i && !(owner_valid && owner == pauser_i)) begin : a_non_owner_no_effect
        assert (!port_we && !port_re && !arb_term_clr)
`ifndef YOSYS
          else $error("pp_top: client %0d, not the owner, reached the port registers", pauser_i)
`endif
          ;
      end
      // Nobody owns the port while it is being released: grants never overlap a release.
      if (releasing_o) begin : a_no_grant_while_releasing
        assert (grant_o == '0)
`ifndef YOSYS
          else $error("pp_top: grant_o %b while releasing", grant_o)
`endif
          ;
      end
      // The sequencer and the arbiter agree on when a release starts and ends.
      begin : a_release_flags_agree
        assert (rel_releasing == arb_releasing)
`ifndef YOSYS
          else $error("pp_top: sequencer releasing %b, arbiter releasing %b", rel_releasing,
                      arb_releasing)
`endif
          ;
      end
      // The data lines are driven only by an owner (the pin lags it by its flop's cycle) or by
      // its release keeping a byte already on them: while nobody owns the port pd_oe_o may stay
      // high (during a release) but never rise.
      if (pd_oe_o) begin : a_no_drive_without_owner
        assert (hist_owner_q || (releasing_o && hist_pd_oe_q))
`ifndef YOSYS
          else $error("pp_top: data lines driven without an owner")
`endif
          ;
      end
      // The last cycle of a release shows the released bus on the pins (pp_reg_pkg::RELEASED_*):
      // step 4, data undriven; step 3, control lines in compatibility idle.
      if (release_done) begin : a_data_off_before_grant
        assert (pd_oe_o == pp_reg_pkg::RELEASED_PD_OE)
`ifndef YOSYS
          else $error("pp_top: release ended with the data lines driven")
`endif
          ;
      end
      if (release_done) begin : a_lines_idle_before_grant
        assert (nstrobe_o == pp_reg_pkg::RELEASED_NSTROBE &&
                nautofd_o == pp_reg_pkg::RELEASED_NAUTOFD &&
                ninit_o == pp_reg_pkg::RELEASED_NINIT &&
                nselectin_o == pp_reg_pkg::RELEASED_NSELECTIN)
`ifndef YOSYS
          else $error("pp_top: release ended with the control lines off the released bus")
`endif
          ;
      end
      // Step 5: the last cycle of a release shows ECR in its reset mode and the FIFO empty.
      if (release_done) begin : a_regs_reset_before_grant
        assert (mode == ModeW'(pp_reg_pkg::ECR_RESET >> pp_reg_pkg::ECR_MODE_LSB) && fifo_empty)
`ifndef YOSYS
          else $error("pp_top: release ended with ECR mode %0d or %0d bytes in the FIFO", mode,
                      fifo_count)
`endif
          ;
      end
      // Every nStrobe pulse the hardware ends (the engine, the release) lasted its minimum width
      // on the pin. An owner's own CONTROL.STROBE write ending a pulse (on the pin a cycle after
      // the register) is software's business, and so is nWrite (nStrobe) at the end of an EPP
      // cycle.
      if (nstrobe_o && !hist_nstrobe_q &&
          !(hist_sw_strobe2_q && !hist_sw_strobe_q && hist_owner2_q) && !hist_epp2_q)
      begin : a_strobe_min_width
        assert (strobe_low_cnt_q >= StrobeCntW'(StrobeWidthCycles))
`ifndef YOSYS
          else $error("pp_top: nStrobe pulse of %0d cycles, shorter than %0d",
                      strobe_low_cnt_q, StrobeWidthCycles)
`endif
          ;
      end
      // Past its drain (step 1) a release starts nothing: no engine is busy from then on, so
      // the termination and the idle lines own the pins alone.
      if (rel_drained) begin : a_release_engines_stopped
        assert (!hs_active && !ecp_active && !epp_active)
`ifndef YOSYS
          else $error("pp_top: a handshake engine is busy after the release's drain")
`endif
          ;
      end
      // The handshake engines never overlap, and an EPP cycle runs only in mode 100 (its APB
      // access waits for it, so no ECR write can come in between).
      begin : a_engines_exclusive
        assert (!(hs_active && ecp_active) &&
                (!epp_active || (mode == pp_reg_pkg::ECR_MODE_EPP && !hs_active && !ecp_active)))
`ifndef YOSYS
          else $error("pp_top: handshake engines overlap (centronics %b, ECP %b, EPP %b)",
                      hs_active, ecp_active, epp_active)
`endif
          ;
      end
      // An EPP cycle on the pins keeps its APB access waiting until its last cycle (APB: the
      // access phase lasts until PREADY).
      if (epp_active && epp_busy) begin : a_epp_access_waits
        assert (epp_access)
`ifndef YOSYS
          else $error("pp_top: EPP cycle running without its APB access")
`endif
          ;
      end
      // The release clears the engines only once they are idle.
      if (rel_data_clear) begin : a_release_engine_idle
        assert (!hs_active && !ecp_active)
`ifndef YOSYS
          else $error("pp_top: release cleared a handshake engine still active")
`endif
          ;
      end
    end
  end
  /* verilator lint_on SYNCASYNCNET */

  // Release step 2, as immediate assertions (the form pp_arbiter uses).
  // term_ran_q: the termination finished in this release. wait_*_q, nack_q, perror_q: the
  // termination's wait state and the synchronized pins one cycle ago.
  logic term_ran_q, wait_low_q, wait_high_q, wait_perror_q, nack_q, perror_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      term_ran_q    <= 1'b0;
      wait_low_q    <= 1'b0;
      wait_high_q   <= 1'b0;
      wait_perror_q <= 1'b0;
      nack_q        <= 1'b1;
      perror_q      <= 1'b0;
    end else begin
      // The lines go idle (step 3) only after a 1284 mode was terminated: by the handshake or
      // by the immediate termination.
      if (rel_lines_idle) begin : a_term_before_idle
        assert (!term_needed || term_ran_q || term_done)
`ifndef YOSYS
          else $error("pp_top: lines idled with the peripheral still in an IEEE 1284 mode")
`endif
          ;
      end
      // The termination runs only in the release's step 2, for a peripheral in a 1284 mode.
      if (term_drive) begin : a_term_in_step2
        assert (rel_terminate)
`ifndef YOSYS
          else $error("pp_top: IEEE 1284 termination outside the release's step 2")
`endif
          ;
      end
      // A wait state is left only on the peripheral's answer (seen on the pin) or by the
      // immediate termination.
      if (wait_low_q && !term_wait_nack_low && !term_timeout) begin : a_term_ev24_acked
        assert (!nack_q)
`ifndef YOSYS
          else $error("pp_top: termination went past Event 24 without nAck low")
`endif
          ;
      end
      if (wait_high_q && !term_wait_nack_high && !term_timeout) begin : a_term_ev27_acked
        assert (nack_q)
`ifndef YOSYS
          else $error("pp_top: termination went past Event 27 without nAck high")
`endif
          ;
      end
      if (wait_perror_q && !term_wait_perror_high && !term_timeout) begin : a_term_ev49_acked
        assert (perror_q)
`ifndef YOSYS
          else $error("pp_top: termination went past Event 49 without PError high")
`endif
          ;
      end
      if (release_start) begin
        term_ran_q <= 1'b0;
      end else if (term_done) begin
        term_ran_q <= 1'b1;
      end
      wait_low_q    <= term_wait_nack_low;
      wait_high_q   <= term_wait_nack_high;
      wait_perror_q <= term_wait_perror_high;
      nack_q        <= nack_sync;
      perror_q      <= perror_sync;
    end
  end

  // The ECP handshake's own assertions. The k-induction (formal/, which defines
  // PP_FORMAL_INDUCTION) leaves them out: they shadow pin history the engine keeps in flops of
  // its own, which an induction step cannot relate to theirs; every simulation and the bounded
  // checks keep them.
`ifndef PP_FORMAL_INDUCTION
  // ECP (mode 011), as immediate assertions. ecp_pins_q: the control pins show pp_ecp (it drove
  // them a cycle ago, the termination did not); ecp_rev_q: the link was reversed a cycle ago;
  // setup_cnt_q: cycles the data lines, their drivers and nAutoFd have shown their values on
  // the pins (saturating); rev_armed_q: PeriphClk was seen high since the last reverse byte.
  localparam int SetupCntW = $clog2(StrobeSetupCycles + 1);
  logic                 ecp_pins_q, ecp_rev_q, rev_armed_q;
  logic [SetupCntW-1:0] setup_cnt_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ecp_pins_q  <= 1'b0;
      ecp_rev_q   <= 1'b0;
      rev_armed_q <= 1'b0;
      setup_cnt_q <= '0;
    end else begin
      // The engine drives no data line while the peripheral may: from Event 39 (nReverseRequest
      // L) and while the link is reversed, until Event 49 was seen. (An owner leaving mode 011
      // with the link reversed hands the lines to CONTROL: that is software's business.)
      if (ecp_pins_q && (ecp_rev_q || !ninit_o)) begin : a_ecp_no_drive_reversed
        assert (!pd_oe_o)
`ifndef YOSYS
          else $error("pp_top: data lines driven while the ECP link is reversed")
`endif
          ;
      end
      // Event 35: HostClk falls with the byte and HostAck on the pins for the setup time
      // already, and neither changes with it.
      if (ecp_drive && !term_drive && nstrobe_o && !nstrobe_d) begin : a_ecp_hostclk_setup
        assert (pd_oe_o && setup_cnt_q >= SetupCntW'(StrobeSetupCycles) &&
                pd_d == pd_o && nautofd_d == nautofd_o)
`ifndef YOSYS
          else $error("pp_top: ECP HostClk fell without the byte and HostAck set up on the pins")
`endif
          ;
      end
      // Event 43: a reverse byte is taken only on a PeriphClk low the engine has not yet
      // answered.
      if (ecp_push) begin : a_ecp_rev_byte_on_periph_clk
        assert (!nack_sync && rev_armed_q)
`ifndef YOSYS
          else $error("pp_top: ECP reverse byte taken without PeriphClk low (Event 43)")
`endif
          ;
      end
      ecp_pins_q <= ecp_drive && !term_drive;
      ecp_rev_q  <= ecp_reversed;
      if (ecp_push) begin
        rev_armed_q <= 1'b0;
      end else if (nack_sync) begin
        rev_armed_q <= 1'b1;
      end
      if (pd_d != pd_o || pd_oe_d != pd_oe_o || nautofd_d != nautofd_o) begin
        setup_cnt_q <= SetupCntW'(1);
      end else if (setup_cnt_q != SetupCntW'(StrobeSetupCycles)) begin
        setup_cnt_q <= setup_cnt_q + 1'b1;
      end
    end
  end
`endif
`endif

  logic unused_ctrl;
  assign unused_ctrl = ctrl[pp_reg_pkg::CONTROL_ACKINTEN_LSB];

endmodule
