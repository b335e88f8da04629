// The PC parallel port's registers: DATA, STATUS, CONTROL, the ECP block (FIFO/cnfgA, cnfgB,
// ECR) and HS_STATUS. Only the owner's accesses reach this block (pp_apb_if checks); the release
// sequencer is the only other writer.
//
// Modes (ECR[7:5]): 000 SPP, 001 PS/2, 010 FIFO with the hardware Centronics handshake,
// 011 ECP with the hardware handshake of pp_ecp, 110 test, 111 configuration. The reserved 101
// behaves like PS/2: the data direction follows CONTROL.DIR, FIFO writes are ignored. EPP (100)
// as PS/2 plus the EPP cycles of pp_epp at EPP_ADDR/EPP_DATA; STATUS.0 is the EPP timeout there
// and reads 1 in other modes.
// - ECP (011): with the link forward (pp_ecp's forward_i) a FIFO write (ecpDFifo) queues a data
//   byte and a DATA write (ecpAFifo) a command byte, the data latch unchanged; a full FIFO, or a
//   link turning or reversed, refuses them. With the link reversed (ECP_REVERSE) a FIFO read pops
//   the head byte and HS_STATUS.REV_CMD is its command flag.
// - Mode changes: from 000/001 to any mode; from any other mode only to 000/001 (an illegal
//   write leaves the mode unchanged, the other ECR bits are still written). Every write of mode
//   000/001 resets the FIFO and clears the handshake timeout.
// - serviceIntr is set by hardware while it is 0 and dmaEn is 0, in mode 010 when the free space
//   is >= FIFO_DEPTH/2 (writeIntrThreshold), in mode 110 likewise with dir=0, or with dir=1 when
//   FIFO_DEPTH/2 or more bytes are present (readIntrThreshold); in mode 011 the write threshold
//   while the link is not reversed, the read threshold while it is.
// - irq_o (a level): the nAck interrupt (ackIntEn and a rising edge on nAck; shown as STATUS.NIRQ
//   low, cleared by reading STATUS) or the service interrupt (serviceIntr set by hardware;
//   cleared by the next ECR write). The nFault interrupt (nErrIntrEn) is not implemented.
module pp_port_regs #(
  parameter  int FIFO_DEPTH = 16,
  localparam int FifoCntW   = $clog2(FIFO_DEPTH + 1),
  localparam int AddrW      = pp_reg_pkg::AddrWidth,
  localparam int DataW      = pp_reg_pkg::DataWidth,
  localparam int CtrlW      = pp_reg_pkg::CONTROL_USED_WIDTH,
  localparam int ModeW      = pp_reg_pkg::ECR_MODE_WIDTH
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Register access by the owner, in the APB access phase.
  input  logic                we_i,
  input  logic                re_i,
  input  logic [AddrW-1:0]    addr_i,
  input  logic [DataW-1:0]    wdata_i,
  output logic [DataW-1:0]    rdata_o,
  // Synchronized pins.
  input  logic [DataW-1:0]    pd_i,
  input  logic                busy_i,
  input  logic                nack_i,
  input  logic                perror_i,
  input  logic                select_i,
  input  logic                nfault_i,
  // FIFO.
  output logic                fifo_push_o,
  output logic                fifo_cmd_o,      // the pushed byte is an ECP command (ecpAFifo)
  output logic                fifo_pop_o,
  output logic                fifo_clear_o,
  input  logic [DataW:0]      fifo_rdata_i,    // bit DataW: the ECP command flag
  input  logic [FifoCntW-1:0] fifo_count_i,
  input  logic                fifo_empty_i,
  input  logic                fifo_full_i,
  // Hardware handshake engines (pp_centronics, pp_ecp): either's state.
  input  logic                hs_active_i,
  input  logic                hs_timeout_i,
  output logic                hs_timeout_clr_o,
  // ECP link (pp_ecp).
  input  logic                ecp_forward_i,   // forward and not turning: writes queue bytes
  input  logic                ecp_reverse_i,   // reversed: reads pop received bytes
  // EPP cycles (pp_epp).
  input  logic                epp_timeout_i,   // a cycle timed out
  input  logic [DataW-1:0]    epp_rdata_i,     // the read cycle's data
  // Release sequencer.
  input  logic                lines_idle_i,  // step 3
  input  logic                data_clear_i,  // step 4
  input  logic                regs_reset_i,  // step 5
  // State for the pins.
  output logic [DataW-1:0]    data_o,
  output logic [CtrlW-1:0]    ctrl_o,
  output logic [ModeW-1:0]    mode_o,
  output logic                dir_in_o,      // data lines are an input (not driven)
  output logic                irq_o
);

  localparam logic [DataW-1:0] EcrReset     = DataW'(pp_reg_pkg::ECR_RESET);
  localparam logic [DataW-1:0] ControlReset = DataW'(pp_reg_pkg::CONTROL_RESET);
  localparam logic [FifoCntW-1:0] Threshold = FifoCntW'(FIFO_DEPTH / 2);
  localparam logic [FifoCntW-1:0] Depth     = FifoCntW'(FIFO_DEPTH);

  localparam int ModeLsb    = pp_reg_pkg::ECR_MODE_LSB;
  localparam int NErrIntrEn = pp_reg_pkg::ECR_NERR_INTR_EN_LSB;
  localparam int DmaEn      = pp_reg_pkg::ECR_DMA_EN_LSB;
  localparam int ServIntr   = pp_reg_pkg::ECR_SERVICE_INTR_LSB;
  localparam int DirBit     = pp_reg_pkg::CONTROL_DIR_LSB;

  logic [DataW-1:0] data_q;
  logic [CtrlW-1:0] ctrl_q;
  logic [ModeW-1:0] mode_q;
  logic             nerr_intr_en_q, dma_en_q, service_intr_q;
  logic             ack_irq_q, svc_irq_q, nack_prev_q, epp_tmout_q;

  logic             wr_data, wr_control, wr_fifo, wr_ecr, wr_hs_status, rd_status, rd_fifo;
  logic             wr_status;
  logic [ModeW-1:0] wmode;
  logic             mode_low, wmode_low, fifo_mode, test_mode, config_mode, epp_mode, ecp_mode;
  logic             ecp_push_data, ecp_push_cmd, ecp_pop;
  logic             wr_threshold, rd_threshold, service_cond, ack_rise;

  assign wr_data      = we_i && (addr_i == pp_reg_pkg::DATA_OFFSET);
  assign wr_control   = we_i && (addr_i == pp_reg_pkg::CONTROL_OFFSET);
  assign wr_fifo      = we_i && (addr_i == pp_reg_pkg::FIFO_OFFSET);
  assign wr_ecr       = we_i && (addr_i == pp_reg_pkg::ECR_OFFSET);
  assign wr_hs_status = we_i && (addr_i == pp_reg_pkg::HS_STATUS_OFFSET);
  assign rd_status    = re_i && (addr_i == pp_reg_pkg::STATUS_OFFSET);
  assign wr_status    = we_i && (addr_i == pp_reg_pkg::STATUS_OFFSET);
  assign rd_fifo      = re_i && (addr_i == pp_reg_pkg::FIFO_OFFSET);

  assign fifo_mode   = (mode_q == pp_reg_pkg::ECR_MODE_FIFO);
  assign test_mode   = (mode_q == pp_reg_pkg::ECR_MODE_TEST);
  assign config_mode = (mode_q == pp_reg_pkg::ECR_MODE_CONFIG);
  assign epp_mode    = (mode_q == pp_reg_pkg::ECR_MODE_EPP);
  assign ecp_mode    = (mode_q == pp_reg_pkg::ECR_MODE_ECP);
  assign mode_low    = (mode_q == pp_reg_pkg::ECR_MODE_SPP) || (mode_q == pp_reg_pkg::ECR_MODE_PS2);
  assign wmode       = wdata_i[ModeLsb +: ModeW];
  assign wmode_low   = (wmode == pp_reg_pkg::ECR_MODE_SPP) || (wmode == pp_reg_pkg::ECR_MODE_PS2);

  // Direction: "in mode 000 or 010 the direction is always out" (SMSC).
  assign dir_in_o = ctrl_q[DirBit] && (mode_q != pp_reg_pkg::ECR_MODE_SPP) && !fifo_mode;

  // FIFO traffic: writes in modes 010 and 110 (a full FIFO refuses them), reads in mode 110;
  // in mode 011 ecpDFifo and ecpAFifo writes while the link is forward, reads while reversed.
  assign ecp_push_data = wr_fifo && ecp_mode && ecp_forward_i;
  assign ecp_push_cmd  = wr_data && ecp_mode && ecp_forward_i;
  assign ecp_pop       = rd_fifo && ecp_mode && ecp_reverse_i;
  assign fifo_push_o  = ((wr_fifo && (fifo_mode || test_mode)) || ecp_push_data || ecp_push_cmd) &&
                        !fifo_full_i;
  assign fifo_cmd_o   = ecp_push_cmd;
  assign fifo_pop_o   = (rd_fifo && test_mode) || ecp_pop;
  assign fifo_clear_o = wr_ecr && wmode_low;
  assign hs_timeout_clr_o = (wr_ecr && wmode_low) ||
                            (wr_hs_status && wdata_i[pp_reg_pkg::HS_STATUS_TIMEOUT_LSB]) ||
                            regs_reset_i;

  // Service interrupt thresholds (both FIFO_DEPTH/2).
  assign wr_threshold = (Depth - fifo_count_i) >= Threshold;
  assign rd_threshold = fifo_count_i >= Threshold;
  assign service_cond = (fifo_mode && wr_threshold) ||
                        (test_mode && (ctrl_q[DirBit] ? rd_threshold : wr_threshold)) ||
                        (ecp_mode && (ecp_reverse_i ? rd_threshold : wr_threshold));
  assign ack_rise     = nack_i && !nack_prev_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      data_q         <= '0;
      ctrl_q         <= ControlReset[CtrlW-1:0];
      mode_q         <= EcrReset[ModeLsb +: ModeW];
      nerr_intr_en_q <= EcrReset[NErrIntrEn];
      dma_en_q       <= EcrReset[DmaEn];
      service_intr_q <= EcrReset[ServIntr];
      ack_irq_q      <= 1'b0;
      svc_irq_q      <= 1'b0;
      nack_prev_q    <= 1'b1;
      epp_tmout_q    <= 1'b0;
    end else begin
      nack_prev_q <= nack_i;
      // In mode 011 a DATA write is an ecpAFifo byte: the latch keeps its value.
      if (wr_data && !ecp_mode) begin
        data_q <= wdata_i;
      end
      if (wr_control) begin
        ctrl_q <= wdata_i[CtrlW-1:0];
      end
      if (wr_ecr) begin
        if (mode_low || wmode_low) begin
          mode_q <= wmode;
        end
        nerr_intr_en_q <= wdata_i[NErrIntrEn];
        dma_en_q       <= wdata_i[DmaEn];
        service_intr_q <= wdata_i[ServIntr];
        svc_irq_q      <= 1'b0;
      end else if (!service_intr_q && !dma_en_q && service_cond) begin
        service_intr_q <= 1'b1;
        svc_irq_q      <= 1'b1;
      end
      if (ack_rise && ctrl_q[pp_reg_pkg::CONTROL_ACKINTEN_LSB]) begin
        ack_irq_q <= 1'b1;
      end else if (rd_status) begin
        ack_irq_q <= 1'b0;
      end
      // EPP timeout: sticky until a write of STATUS with bit 0 set, or a release.
      if (epp_timeout_i) begin
        epp_tmout_q <= 1'b1;
      end else if (wr_status && wdata_i[pp_reg_pkg::STATUS_EPP_TMOUT_LSB]) begin
        epp_tmout_q <= 1'b0;
      end
      // The release: steps 3, 4 and 5.
      if (lines_idle_i) begin
        ctrl_q <= ControlReset[CtrlW-1:0];
      end
      if (data_clear_i) begin
        data_q <= '0;
      end
      if (regs_reset_i) begin
        mode_q         <= EcrReset[ModeLsb +: ModeW];
        nerr_intr_en_q <= EcrReset[NErrIntrEn];
        dma_en_q       <= EcrReset[DmaEn];
        service_intr_q <= EcrReset[ServIntr];
        ack_irq_q      <= 1'b0;
        svc_irq_q      <= 1'b0;
        epp_tmout_q    <= 1'b0;
      end
    end
  end

  // Read data.
  always_comb begin
    rdata_o = '0;
    unique case (addr_i)
      pp_reg_pkg::DATA_OFFSET:    rdata_o = dir_in_o ? pd_i : data_q;
      pp_reg_pkg::STATUS_OFFSET: begin
        rdata_o[pp_reg_pkg::STATUS_NBUSY_LSB]     = !busy_i;
        rdata_o[pp_reg_pkg::STATUS_NACK_LSB]      = nack_i;
        rdata_o[pp_reg_pkg::STATUS_PERROR_LSB]    = perror_i;
        rdata_o[pp_reg_pkg::STATUS_SELECT_LSB]    = select_i;
        rdata_o[pp_reg_pkg::STATUS_NFAULT_LSB]    = nfault_i;
        rdata_o[pp_reg_pkg::STATUS_NIRQ_LSB]      = !ack_irq_q;
        // 1 outside EPP mode (Linux's EPP probe must fail there), else the timeout.
        rdata_o[pp_reg_pkg::STATUS_EPP_TMOUT_LSB] = !epp_mode || epp_tmout_q;
      end
      pp_reg_pkg::CONTROL_OFFSET: rdata_o = DataW'(ctrl_q);
      pp_reg_pkg::FIFO_OFFSET: begin
        if (test_mode || (ecp_mode && ecp_reverse_i)) begin
          rdata_o = fifo_rdata_i[DataW-1:0];
        end else if (config_mode) begin
          rdata_o = DataW'(pp_reg_pkg::CNFGA_VALUE);
        end
      end
      pp_reg_pkg::CNFGB_OFFSET:   rdata_o = config_mode ? DataW'(pp_reg_pkg::CNFGB_VALUE) : '0;
      pp_reg_pkg::ECR_OFFSET: begin
        rdata_o[ModeLsb +: ModeW]          = mode_q;
        rdata_o[NErrIntrEn]                = nerr_intr_en_q;
        rdata_o[DmaEn]                     = dma_en_q;
        rdata_o[ServIntr]                  = service_intr_q;
        rdata_o[pp_reg_pkg::ECR_FULL_LSB]  = fifo_full_i;
        rdata_o[pp_reg_pkg::ECR_EMPTY_LSB] = fifo_empty_i;
      end
      pp_reg_pkg::HS_STATUS_OFFSET: begin
        rdata_o[pp_reg_pkg::HS_STATUS_TIMEOUT_LSB] = hs_timeout_i;
        rdata_o[pp_reg_pkg::HS_STATUS_ACTIVE_LSB]  = hs_active_i;
        rdata_o[pp_reg_pkg::HS_STATUS_REV_CMD_LSB] = fifo_rdata_i[DataW] && !fifo_empty_i;
        rdata_o[pp_reg_pkg::HS_STATUS_ECP_REVERSE_LSB] = ecp_reverse_i;
      end
      pp_reg_pkg::EPP_ADDR_OFFSET, pp_reg_pkg::EPP_DATA_OFFSET: begin
        rdata_o = epp_mode ? epp_rdata_i : '0;
      end
      default: rdata_o = '0;
    endcase
  end

  assign data_o = data_q;
  assign ctrl_o = ctrl_q;
  assign mode_o = mode_q;
  assign irq_o  = ack_irq_q || svc_irq_q;

endmodule
