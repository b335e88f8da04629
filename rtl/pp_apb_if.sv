// APB completer: decodes the access, enforces the ownership rule and builds the arbitration
// registers of the requesting client (PAUSER). Zero wait states, except an owner's EPP cycle
// (PREADY low while port_wait_i).
// - Port registers (DATA .. HS_STATUS): only the owner's accesses take effect. Anyone else's
//   write is dropped and a read returns 0, both with PSLVERR. During a release nobody owns the
//   port, so every port access fails.
// - Arbitration registers (ARB_*): everybody, always on their own id. ARB_CMD reads 0; writes to
//   the read-only ones are ignored. A PAUSER outside 0..NUM_CLIENTS-1 gets PSLVERR. ARB_TERM is
//   the port's, not the caller's: only the owner's write-1 clears it, anyone else's is ignored.
// - Any other address: PSLVERR.
module pp_apb_if #(
  parameter  int NUM_CLIENTS = 4,
  localparam int ClientW     = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1,
  localparam int CntW        = $clog2(NUM_CLIENTS + 1),
  localparam int AddrW       = pp_reg_pkg::AddrWidth,
  localparam int DataW       = pp_reg_pkg::DataWidth,
  localparam int ResultW     = pp_reg_pkg::ARB_STATUS_LAST_RESULT_WIDTH
) (
  // APB.
  input  logic                    psel_i,
  input  logic                    penable_i,
  input  logic                    pwrite_i,
  input  logic [AddrW-1:0]        paddr_i,
  input  logic [DataW-1:0]        pwdata_i,
  input  logic [ClientW-1:0]      pauser_i,
  output logic                    pready_o,
  output logic [DataW-1:0]        prdata_o,
  output logic                    pslverr_o,
  // Port register block.
  output logic                    port_we_o,
  output logic                    port_re_o,
  input  logic [DataW-1:0]        port_rdata_i,
  input  logic                    port_wait_i,        // the port access is not complete yet
  // Arbiter.
  output logic                    arb_cmd_valid_o,
  output logic [NUM_CLIENTS-1:0]  arb_irq_clr_o,
  output logic                    arb_term_clr_o,     // ARB_TERM.TIMEOUT write-1 by the owner
  input  logic                    owner_valid_i,
  input  logic [ClientW-1:0]      owner_i,
  input  logic                    releasing_i,
  input  logic [ClientW-1:0]      departing_i,
  input  logic                    chosen_valid_i,
  input  logic [ClientW-1:0]      chosen_i,
  input  logic [NUM_CLIENTS-1:0]  queued_i,
  input  logic [CntW-1:0]         waiters_i,
  input  logic [NUM_CLIENTS-1:0]  grant_irq_i,
  input  logic [ResultW-1:0]      sel_last_result_i,  // an arb_result_e
  input  logic [DataW-1:0]        sel_dropped_i,
  input  logic                    term_timeout_i      // ARB_TERM.TIMEOUT
);

  localparam int IdW     = pp_reg_pkg::ARB_OWNER_ID_WIDTH;

  logic access, is_port, is_arb, client_ok, is_owner;
  logic [DataW-1:0] arb_rdata;
  logic [IdW-1:0]   owner_id;

  assign access = psel_i && penable_i;

  always_comb begin
    unique case (paddr_i)
      pp_reg_pkg::DATA_OFFSET, pp_reg_pkg::STATUS_OFFSET, pp_reg_pkg::CONTROL_OFFSET,
      pp_reg_pkg::EPP_ADDR_OFFSET, pp_reg_pkg::EPP_DATA_OFFSET, pp_reg_pkg::FIFO_OFFSET,
      pp_reg_pkg::CNFGB_OFFSET, pp_reg_pkg::ECR_OFFSET, pp_reg_pkg::HS_STATUS_OFFSET: begin
        is_port = 1'b1;
        is_arb  = 1'b0;
      end
      pp_reg_pkg::ARB_CMD_OFFSET, pp_reg_pkg::ARB_STATUS_OFFSET, pp_reg_pkg::ARB_WAITERS_OFFSET,
      pp_reg_pkg::ARB_OWNER_OFFSET, pp_reg_pkg::ARB_DROPPED_OFFSET,
      pp_reg_pkg::ARB_IRQ_OFFSET, pp_reg_pkg::ARB_TERM_OFFSET: begin
        is_port = 1'b0;
        is_arb  = 1'b1;
      end
      default: begin
        is_port = 1'b0;
        is_arb  = 1'b0;
      end
    endcase
  end

  // Every PAUSER value names a client when NUM_CLIENTS is a power of two.
  if ((1 << ClientW) == NUM_CLIENTS) begin : gen_all_ids_valid
    assign client_ok = 1'b1;
  end else begin : gen_check_id
    assign client_ok = ({1'b0, pauser_i} < (ClientW + 1)'(NUM_CLIENTS));
  end

  assign is_owner = owner_valid_i && (owner_i == pauser_i) && client_ok;

  assign port_we_o       = access && is_port && is_owner && pwrite_i;
  assign port_re_o       = access && is_port && is_owner && !pwrite_i;
  assign arb_cmd_valid_o = access && is_arb && client_ok && pwrite_i &&
                           (paddr_i == pp_reg_pkg::ARB_CMD_OFFSET);

  assign arb_term_clr_o = access && is_arb && is_owner && pwrite_i &&
                          (paddr_i == pp_reg_pkg::ARB_TERM_OFFSET) &&
                          pwdata_i[pp_reg_pkg::ARB_TERM_TIMEOUT_LSB];

  always_comb begin
    arb_irq_clr_o = '0;
    if (access && is_arb && client_ok && pwrite_i && (paddr_i == pp_reg_pkg::ARB_IRQ_OFFSET) &&
        pwdata_i[pp_reg_pkg::ARB_IRQ_PENDING_LSB]) begin
      arb_irq_clr_o[pauser_i] = 1'b1;
    end
  end

  // ARB_OWNER.ID: the owner; during a release the departing owner.
  assign owner_id = owner_valid_i ? IdW'(owner_i) : (releasing_i ? IdW'(departing_i) : '0);

  always_comb begin
    arb_rdata = '0;
    unique case (paddr_i)
      pp_reg_pkg::ARB_STATUS_OFFSET: begin
        arb_rdata[pp_reg_pkg::ARB_STATUS_GRANTED_LSB]   = owner_valid_i && (owner_i == pauser_i);
        arb_rdata[pp_reg_pkg::ARB_STATUS_PENDING_LSB]   = queued_i[pauser_i];
        arb_rdata[pp_reg_pkg::ARB_STATUS_RELEASING_LSB] = releasing_i;
        arb_rdata[pp_reg_pkg::ARB_STATUS_CHOSEN_LSB]    = chosen_valid_i && (chosen_i == pauser_i);
        arb_rdata[pp_reg_pkg::ARB_STATUS_LAST_RESULT_LSB +: ResultW] = sel_last_result_i;
      end
      pp_reg_pkg::ARB_WAITERS_OFFSET: arb_rdata = DataW'(waiters_i);
      pp_reg_pkg::ARB_OWNER_OFFSET: begin
        arb_rdata[pp_reg_pkg::ARB_OWNER_ID_LSB +: IdW] = owner_id;
        arb_rdata[pp_reg_pkg::ARB_OWNER_VALID_LSB]     = owner_valid_i;
        arb_rdata[pp_reg_pkg::ARB_OWNER_RELEASING_LSB] = releasing_i;
      end
      pp_reg_pkg::ARB_DROPPED_OFFSET: arb_rdata = sel_dropped_i;
      pp_reg_pkg::ARB_IRQ_OFFSET: begin
        arb_rdata[pp_reg_pkg::ARB_IRQ_PENDING_LSB] = grant_irq_i[pauser_i];
      end
      pp_reg_pkg::ARB_TERM_OFFSET: begin
        arb_rdata[pp_reg_pkg::ARB_TERM_TIMEOUT_LSB] = term_timeout_i;
      end
      default: arb_rdata = '0;  // ARB_CMD is write-only
    endcase
  end

  assign pready_o  = !(access && is_port && is_owner && port_wait_i);
  assign pslverr_o = access && !(is_port ? is_owner : (is_arb && client_ok));
  assign prdata_o  = (!access || pwrite_i || pslverr_o) ? '0 :
                     (is_port ? port_rdata_i : arb_rdata);

endmodule
