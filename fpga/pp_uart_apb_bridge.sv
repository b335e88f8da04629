// Serial frames to APB accesses: a host on a UART acts as any of pp_top's clients.
//
// A frame (fpga/README.md, "Serial protocol") is a command byte, then for an APB access two
// address bytes and, for a write, a data byte:
//   command  bit 7 W (1 write, 0 read), bit 6 B (0 APB access, 1 the bridge's own register),
//            bits 5:4 zero, bits 3:0 the client id (PAUSER), or with B the counter
//   address  ADDR[11:8] in the low nibble of the first byte (high nibble zero), ADDR[7:0]
//   data     PWDATA (writes only)
// A read answers one byte, PRDATA (0 for a refused access). A bridge frame is the command byte
// alone, its bits 3:0 naming a counter: 0 frames dropped, 1 accesses refused with PSLVERR (a
// client learns why from its ARB_STATUS). A read (0x40, 0x41) answers the count, a write (0xC0,
// 0xC1) clears it. Both counters saturate at 255.
// A frame is dropped, never acted on, and counted when a byte has a bad stop bit, a byte arrives
// while an access or its answer is under way, the next byte of a frame does not come within
// FRAME_TIMEOUT cycles, or a reserved bit is set, the client id is not below NUM_CLIENTS or a
// bridge frame names no counter (such a frame is read to its end first, so the next one starts
// in step).
module pp_uart_apb_bridge #(
  parameter  int NUM_CLIENTS   = 4,
  parameter  int FRAME_TIMEOUT = 1_000_000,  // clk_i cycles allowed between two bytes of a frame
  localparam int ClientW       = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1,
  localparam int AddrW         = pp_reg_pkg::AddrWidth,
  localparam int DataW         = pp_reg_pkg::DataWidth
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  // Received bytes (pp_uart_rx).
  input  logic [7:0]         rx_data_i,
  input  logic               rx_valid_i,
  input  logic               rx_frame_err_i,
  // Answer bytes (pp_uart_tx).
  output logic [7:0]         tx_data_o,
  output logic               tx_valid_o,
  input  logic               tx_ready_i,
  // APB requester.
  output logic               psel_o,
  output logic               penable_o,
  output logic               pwrite_o,
  output logic [AddrW-1:0]   paddr_o,
  output logic [DataW-1:0]   pwdata_o,
  output logic [ClientW-1:0] pauser_o,
  input  logic               pready_i,
  input  logic [DataW-1:0]   prdata_i,
  input  logic               pslverr_i
);

  localparam int TimerW = $clog2(FRAME_TIMEOUT + 1);
  localparam logic [TimerW-1:0] Timeout = TimerW'(FRAME_TIMEOUT);

  typedef enum logic [2:0] {
    BrCmd,     // waiting for a command byte
    BrAddrHi,  // ADDR[11:8]
    BrAddrLo,  // ADDR[7:0]
    BrData,    // PWDATA
    BrSetup,   // APB setup phase
    BrAccess,  // APB access phase, until PREADY
    BrAnswer   // hand the answer byte to the transmitter
  } br_state_e;

  br_state_e         state_q;
  logic              write_q, bad_q;
  logic [ClientW-1:0] client_q;
  logic [AddrW-1:0]  addr_q;
  logic [DataW-1:0]  wdata_q, answer_q;
  logic [7:0]        dropped_q, refused_q;
  logic [TimerW-1:0] timer_q;

  logic cmd_write, cmd_bridge, cmd_bad, receiving, timed_out, lost, frame_end, bad_end;
  logic bridge_cmd, refused;

  assign cmd_write  = rx_data_i[7];
  assign cmd_bridge = rx_data_i[6];
  // A bridge command names counter 0 or 1; an APB command one of NUM_CLIENTS clients.
  assign cmd_bad    = (rx_data_i[5:4] != 2'b00) ||
                      ({28'd0, rx_data_i[3:0]} >= (cmd_bridge ? 2 : NUM_CLIENTS));
  assign receiving  = (state_q == BrCmd) || (state_q == BrAddrHi) ||
                      (state_q == BrAddrLo) || (state_q == BrData);
  assign timed_out  = receiving && (state_q != BrCmd) && (timer_q == '0);
  // A broken byte or a silent host loses the frame in hand; a byte during an access is lost.
  assign lost       = rx_frame_err_i || timed_out || (rx_valid_i && !receiving);
  // The byte that completes a frame: a bridge command, a read's ADDR[7:0], a write's data.
  assign frame_end  = rx_valid_i && !lost &&
                      (((state_q == BrCmd) && cmd_bridge) ||
                       ((state_q == BrAddrLo) && !write_q) || (state_q == BrData));
  assign bad_end    = frame_end && ((state_q == BrCmd) ? cmd_bad : bad_q);
  assign bridge_cmd = frame_end && (state_q == BrCmd) && !cmd_bad;
  assign refused    = (state_q == BrAccess) && pready_i && pslverr_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= BrCmd;
      write_q  <= 1'b0;
      bad_q    <= 1'b0;
      client_q <= '0;
      addr_q   <= '0;
      wdata_q  <= '0;
      answer_q <= '0;
      timer_q  <= '0;
    end else begin
      if (rx_valid_i) begin
        timer_q <= Timeout;
      end else if (timer_q != '0) begin
        timer_q <= timer_q - 1'b1;
      end
      if (lost && receiving) begin
        state_q <= BrCmd;
      end else begin
        unique case (state_q)
          BrCmd: begin
            if (rx_valid_i) begin
              write_q  <= cmd_write;
              bad_q    <= cmd_bad;
              client_q <= rx_data_i[ClientW-1:0];
              if (!cmd_bridge) begin
                state_q <= BrAddrHi;
              end else if (bridge_cmd && !cmd_write) begin
                answer_q <= rx_data_i[0] ? refused_q : dropped_q;
                state_q  <= BrAnswer;
              end
            end
          end
          BrAddrHi: begin
            if (rx_valid_i) begin
              addr_q[AddrW-1:8] <= rx_data_i[AddrW-9:0];
              bad_q             <= bad_q || (rx_data_i[7:AddrW-8] != '0);
              state_q           <= BrAddrLo;
            end
          end
          BrAddrLo: begin
            if (rx_valid_i) begin
              addr_q[7:0] <= rx_data_i;
              if (write_q) begin
                state_q <= BrData;
              end else begin
                state_q <= bad_q ? BrCmd : BrSetup;
              end
            end
          end
          BrData: begin
            if (rx_valid_i) begin
              wdata_q <= rx_data_i;
              state_q <= bad_q ? BrCmd : BrSetup;
            end
          end
          BrSetup: state_q <= BrAccess;
          BrAccess: begin
            if (pready_i) begin
              answer_q <= prdata_i;
              state_q  <= write_q ? BrCmd : BrAnswer;
            end
          end
          BrAnswer: begin
            if (tx_ready_i) begin
              state_q <= BrCmd;
            end
          end
          default: state_q <= BrCmd;
        endcase
      end
    end
  end

  // The two counters: a bridge write clears the one it names.
  pp_sat_counter u_dropped (
    .clk_i, .rst_ni,
    .clear_i(bridge_cmd && cmd_write && !rx_data_i[0]),
    .inc_i  (lost || bad_end),
    .count_o(dropped_q)
  );
  pp_sat_counter u_refused (
    .clk_i, .rst_ni,
    .clear_i(bridge_cmd && cmd_write && rx_data_i[0]),
    .inc_i  (refused),
    .count_o(refused_q)
  );

  assign psel_o     = (state_q == BrSetup) || (state_q == BrAccess);
  assign penable_o  = (state_q == BrAccess);
  assign pwrite_o   = write_q;
  assign paddr_o    = addr_q;
  assign pwdata_o   = wdata_q;
  assign pauser_o   = client_q;
  assign tx_data_o  = answer_q;
  assign tx_valid_o = (state_q == BrAnswer);

endmodule
