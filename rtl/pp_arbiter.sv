// Allocate/free arbitration of the one port among NUM_CLIENTS clients (the reference model's
// strict profile: the owner is known, misuse is refused with a result, nothing changes).
//
// A client is in exactly one of: idle, queued (in queue_q), chosen (picked by the last FREE,
// waiting for the release to finish), owner. The queue is strict FIFO: queue_q[0] is the oldest
// waiter; CANCEL removes an entry from anywhere and closes the gap.
//
//   ALLOCATE  owner -> ALREADY_OWNER; queued/chosen -> ALREADY_WAITING; port free (nobody owns,
//             no release, nobody waits) -> GRANTED; else queued at the tail -> PENDING
//   TRY       as ALLOCATE, but BUSY instead of queueing (never jumps the queue)
//   FREE      owner -> FREED: ownership ends, the oldest waiter is chosen (it leaves the queue)
//             and the release starts; else NOT_OWNER
//   CANCEL    queued -> CANCELLED (removed); else NOT_PENDING (the chosen one included)
//   other     BAD_COMMAND
// When the release is done (release_done_i) the chosen waiter becomes the owner and its grant
// interrupt rises. With nobody chosen, a client that queued during the release is granted
// instead (oldest first); otherwise the port is free. Commands see the state before the edge.
//
// Per client: ARB_DROPPED counts, modulo 256 and from reset, the bytes the controller discarded
// for it (drop_valid_i, reported by pp_top for the owner, or during a release for the departing
// owner). A free-running count: a driver takes the difference of two readings, and no grant can
// wipe a count before its owner has read it. The release's step 5 (regs_reset_i) clears the
// departing owner's grant interrupt.
module pp_arbiter #(
  parameter  int unsigned NUM_CLIENTS = 4,
  localparam int unsigned ClientW     = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1,
  localparam int unsigned CntW        = $clog2(NUM_CLIENTS + 1)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // One command per cycle from the APB block: the raw ARB_CMD byte of client cmd_client_i.
  input  logic                   cmd_valid_i,
  input  logic [ClientW-1:0]     cmd_client_i,
  input  logic [7:0]             cmd_i,
  input  logic [NUM_CLIENTS-1:0] irq_clr_i,       // ARB_IRQ write-1-to-clear, per client
  // Release sequencer.
  output logic                   release_start_o,  // a FREE was accepted at this edge
  input  logic                   release_done_i,
  input  logic                   regs_reset_i,     // release step 5: the departing owner's
                                                   // interrupt state back to reset
  input  logic                   drop_valid_i,     // the FIFO discarded drop_count_i bytes of
  input  logic [7:0]             drop_count_i,     // the owner (or the departing owner)
  // State.
  output logic                   owner_valid_o,
  output logic [ClientW-1:0]     owner_o,
  output logic                   releasing_o,
  output logic [ClientW-1:0]     departing_o,      // the owner whose release is in progress
  output logic                   chosen_valid_o,
  output logic [ClientW-1:0]     chosen_o,
  output logic [NUM_CLIENTS-1:0] queued_o,
  output logic [CntW-1:0]        waiters_o,
  output logic [NUM_CLIENTS-1:0] grant_irq_o,
  // Per-client registers of the client sel_client_i (the APB requester).
  input  logic [ClientW-1:0]     sel_client_i,
  output logic [3:0]             sel_last_result_o,
  output logic [7:0]             sel_dropped_o
);

  // Queue slot that a push fills: the count, which is below NUM_CLIENTS whenever a push happens
  // (the pushing client is not in the queue yet).
  localparam int unsigned SlotW = ClientW;

  logic                 owner_valid_q, owner_valid_d;
  logic [ClientW-1:0]   owner_q, owner_d;
  logic                 releasing_q, releasing_d;
  logic [ClientW-1:0]   departing_q, departing_d;
  logic                 chosen_valid_q, chosen_valid_d;
  logic [ClientW-1:0]   chosen_q, chosen_d;
  logic [ClientW-1:0]   queue_q [NUM_CLIENTS];
  logic [ClientW-1:0]   queue_mid [NUM_CLIENTS];  // after the command
  logic [ClientW-1:0]   queue_d [NUM_CLIENTS];    // after the release hand-over
  logic [CntW-1:0]      count_q, count_mid, count_d;
  logic [3:0]           last_result_q [NUM_CLIENTS];
  logic [7:0]           dropped_q [NUM_CLIENTS];
  logic [NUM_CLIENTS-1:0] grant_irq_q, grant_irq_d;

  logic [NUM_CLIENTS-1:0] queued;
  logic [SlotW-1:0]       cmd_pos;
  logic                   is_owner, is_waiting, port_free;
  logic [3:0]             result;
  logic                   push, remove;
  logic [SlotW-1:0]       remove_pos;
  logic [ClientW-1:0]     drop_client;
  logic [7:0]             drop_sum;

  // Where each client stands: queued flags and the position of the commanding client.
  always_comb begin
    queued  = '0;
    cmd_pos = '0;
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      if (CntW'(k) < count_q) begin
        queued[queue_q[k]] = 1'b1;
        if (queue_q[k] == cmd_client_i) begin
          cmd_pos = SlotW'(k);
        end
      end
    end
  end

  assign is_owner   = owner_valid_q && (owner_q == cmd_client_i);
  assign is_waiting = queued[cmd_client_i] || (chosen_valid_q && (chosen_q == cmd_client_i));
  assign port_free  = !owner_valid_q && !releasing_q && (count_q == '0);

  // Next state: the command first, then (on the queue the command left) the release hand-over.
  always_comb begin
    owner_valid_d   = owner_valid_q;
    owner_d         = owner_q;
    releasing_d     = releasing_q;
    departing_d     = departing_q;
    chosen_valid_d  = chosen_valid_q;
    chosen_d        = chosen_q;
    release_start_o = 1'b0;
    push            = 1'b0;
    remove          = 1'b0;
    remove_pos      = cmd_pos;
    result          = pp_reg_pkg::ARB_RESULT_NONE;

    if (cmd_valid_i) begin
      unique case (cmd_i)
        8'(pp_reg_pkg::ARB_CMD_ALLOCATE), 8'(pp_reg_pkg::ARB_CMD_TRY): begin
          if (is_owner) begin
            result = pp_reg_pkg::ARB_RESULT_ALREADY_OWNER;
          end else if (is_waiting) begin
            result = pp_reg_pkg::ARB_RESULT_ALREADY_WAITING;
          end else if (port_free) begin
            result        = pp_reg_pkg::ARB_RESULT_GRANTED;
            owner_valid_d = 1'b1;
            owner_d       = cmd_client_i;
          end else if (cmd_i == 8'(pp_reg_pkg::ARB_CMD_ALLOCATE)) begin
            result = pp_reg_pkg::ARB_RESULT_PENDING;
            push   = 1'b1;
          end else begin
            result = pp_reg_pkg::ARB_RESULT_BUSY;
          end
        end
        8'(pp_reg_pkg::ARB_CMD_FREE): begin
          if (is_owner) begin
            result          = pp_reg_pkg::ARB_RESULT_FREED;
            owner_valid_d   = 1'b0;
            releasing_d     = 1'b1;
            departing_d     = owner_q;
            release_start_o = 1'b1;
            if (count_q != '0) begin
              chosen_valid_d = 1'b1;
              chosen_d       = queue_q[0];
              remove         = 1'b1;
              remove_pos     = '0;
            end
          end else begin
            result = pp_reg_pkg::ARB_RESULT_NOT_OWNER;
          end
        end
        8'(pp_reg_pkg::ARB_CMD_CANCEL): begin
          if (queued[cmd_client_i]) begin
            result = pp_reg_pkg::ARB_RESULT_CANCELLED;
            remove = 1'b1;
          end else begin
            result = pp_reg_pkg::ARB_RESULT_NOT_PENDING;
          end
        end
        default: result = pp_reg_pkg::ARB_RESULT_BAD_COMMAND;
      endcase
    end

    // The queue after the command: push at the tail, or remove one entry and close the gap.
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      queue_mid[k] = queue_q[k];
    end
    count_mid = count_q;
    if (push) begin
      queue_mid[count_q[SlotW-1:0]] = cmd_client_i;
      count_mid = count_q + 1'b1;
    end else if (remove) begin
      for (int k = 0; k + 1 < NUM_CLIENTS; k++) begin
        if (SlotW'(k) >= remove_pos) begin
          queue_mid[k] = queue_q[k + 1];
        end
      end
      count_mid = count_q - 1'b1;
    end

    // The release is done: the chosen waiter, or else the oldest client that queued during the
    // release, becomes the owner; its grant interrupt rises.
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      queue_d[k] = queue_mid[k];
    end
    count_d = count_mid;
    if (release_done_i && releasing_q) begin
      releasing_d = 1'b0;
      if (chosen_valid_q) begin
        owner_valid_d  = 1'b1;
        owner_d        = chosen_q;
        chosen_valid_d = 1'b0;
      end else if (count_mid != '0) begin
        owner_valid_d = 1'b1;
        owner_d       = queue_mid[0];
        for (int k = 0; k + 1 < NUM_CLIENTS; k++) begin
          queue_d[k] = queue_mid[k + 1];
        end
        count_d = count_mid - 1'b1;
      end
    end
  end

  // Grant interrupts: write 1 to clear; the release's step 5 clears the departing owner's (nothing
  // of its interrupt state survives its tenure); a grant at the end of a release sets the new
  // owner's, also when it is the departing owner queued again (step 5 comes earlier). A block of
  // its own: regs_reset_i comes from the sequencer, whose next state depends on release_start_o.
  always_comb begin
    grant_irq_d = grant_irq_q & ~irq_clr_i;
    if (regs_reset_i && releasing_q) begin
      grant_irq_d[departing_q] = 1'b0;
    end
    if (release_done_i && releasing_q && owner_valid_d) begin
      grant_irq_d[owner_d] = 1'b1;
    end
  end

  // Discarded bytes belong to the owner's tenure, during a release to the departing owner's.
  assign drop_client = owner_valid_q ? owner_q : departing_q;
  assign drop_sum    = dropped_q[drop_client] + drop_count_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      owner_valid_q  <= 1'b0;
      owner_q        <= '0;
      releasing_q    <= 1'b0;
      departing_q    <= '0;
      chosen_valid_q <= 1'b0;
      chosen_q       <= '0;
      count_q        <= '0;
      grant_irq_q    <= '0;
      for (int k = 0; k < NUM_CLIENTS; k++) begin
        queue_q[k]       <= '0;
        last_result_q[k] <= pp_reg_pkg::ARB_RESULT_NONE;
        dropped_q[k]     <= '0;
      end
    end else begin
      owner_valid_q  <= owner_valid_d;
      owner_q        <= owner_d;
      releasing_q    <= releasing_d;
      departing_q    <= departing_d;
      chosen_valid_q <= chosen_valid_d;
      chosen_q       <= chosen_d;
      count_q        <= count_d;
      grant_irq_q    <= grant_irq_d;
      for (int k = 0; k < NUM_CLIENTS; k++) begin
        queue_q[k] <= queue_d[k];
      end
      if (cmd_valid_i) begin
        last_result_q[cmd_client_i] <= result;
      end
      // ARB_DROPPED wraps modulo 256, like any free-running event counter.
      if (drop_valid_i) begin
        dropped_q[drop_client] <= drop_sum;
      end
    end
  end

  assign owner_valid_o     = owner_valid_q;
  assign owner_o           = owner_q;
  assign releasing_o       = releasing_q;
  assign departing_o       = departing_q;
  assign chosen_valid_o    = chosen_valid_q;
  assign chosen_o          = chosen_q;
  assign queued_o          = queued;
  assign waiters_o         = count_q;
  assign grant_irq_o       = grant_irq_q;
  assign sel_last_result_o = last_result_q[sel_client_i];
  assign sel_dropped_o     = dropped_q[sel_client_i];

endmodule
