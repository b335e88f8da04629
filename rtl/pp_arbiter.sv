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
  parameter  int NUM_CLIENTS = 4,
  localparam int ClientW     = (NUM_CLIENTS > 1) ? $clog2(NUM_CLIENTS) : 1,
  localparam int CntW        = $clog2(NUM_CLIENTS + 1),
  localparam int DataW       = pp_reg_pkg::DataWidth,
  // Results are pp_reg_pkg::arb_result_e values held in plain vectors: Icarus Verilog 11
  // crashes on a second declaration through a package's enum type.
  localparam int ResultW     = pp_reg_pkg::ARB_STATUS_LAST_RESULT_WIDTH
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // One command per cycle from the APB block: the raw ARB_CMD byte of client cmd_client_i.
  input  logic                    cmd_valid_i,
  input  logic [ClientW-1:0]      cmd_client_i,
  input  logic [DataW-1:0]        cmd_i,
  input  logic [NUM_CLIENTS-1:0]  irq_clr_i,        // ARB_IRQ write-1-to-clear, per client
  // Release sequencer.
  output logic                    release_start_o,  // a FREE was accepted at this edge
  input  logic                    release_done_i,   // step 6
  input  logic                    regs_reset_i,     // step 5: the departing owner's
                                                    // interrupt state back to reset
  input  logic                    drop_valid_i,     // the FIFO discarded drop_count_i bytes of
  input  logic [DataW-1:0]        drop_count_i,     // the owner (or the departing owner)
  // State.
  output logic                    owner_valid_o,
  output logic [ClientW-1:0]      owner_o,
  output logic                    releasing_o,
  output logic [ClientW-1:0]      departing_o,      // the owner whose release is in progress
  output logic                    chosen_valid_o,
  output logic [ClientW-1:0]      chosen_o,
  output logic [NUM_CLIENTS-1:0]  queued_o,
  output logic [CntW-1:0]         waiters_o,
  output logic [NUM_CLIENTS-1:0]  grant_irq_o,
  // Per-client registers of the client sel_client_i (the APB requester).
  input  logic [ClientW-1:0]      sel_client_i,
  output logic [ResultW-1:0]      sel_last_result_o,  // an arb_result_e
  output logic [DataW-1:0]        sel_dropped_o
);

  // Queue slot that a push fills: the count, which is below NUM_CLIENTS whenever a push happens
  // (the pushing client is not in the queue yet).
  localparam int SlotW = ClientW;

  logic                    owner_valid_q, owner_valid_d;
  logic [ClientW-1:0]      owner_q, owner_d;
  logic                    releasing_q, releasing_d;
  logic [ClientW-1:0]      departing_q, departing_d;
  logic                    chosen_valid_q, chosen_valid_d;
  logic [ClientW-1:0]      chosen_q, chosen_d;
  logic [ClientW-1:0]      queue_q [NUM_CLIENTS];
  logic [ClientW-1:0]      queue_mid [NUM_CLIENTS];  // after the command
  logic [ClientW-1:0]      queue_d [NUM_CLIENTS];    // after the release hand-over
  logic [CntW-1:0]         count_q, count_mid, count_d;
  logic [ResultW-1:0]      last_result_q [NUM_CLIENTS];
  logic [DataW-1:0]        dropped_q [NUM_CLIENTS];
  logic [NUM_CLIENTS-1:0]  grant_irq_q, grant_irq_d;

  logic [NUM_CLIENTS-1:0]  queued;
  logic [SlotW-1:0]        cmd_pos;
  logic                    is_owner, is_waiting, port_free;
  logic [ResultW-1:0]      result;
  logic                    cmd_grant, cmd_push, cmd_free, cmd_cancel;
  logic                    remove;
  logic [SlotW-1:0]        remove_pos;
  logic                    hand_over, take_chosen, take_head;
  logic [ClientW-1:0]      drop_client;
  logic [DataW-1:0]        drop_sum;

  // Where each client stands: queued flags and the position of the commanding client.
  // Built in block-local variables and assigned once (see the command decode).
  always_comb begin : find_queued
    logic [NUM_CLIENTS-1:0] flags;
    logic [SlotW-1:0]       pos;
    flags = '0;
    pos   = '0;
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      if (CntW'(k) < count_q) begin
        flags[queue_q[k]] = 1'b1;
        if (queue_q[k] == cmd_client_i) begin
          pos = SlotW'(k);
        end
      end
    end
    queued  = flags;
    cmd_pos = pos;
  end

  assign is_owner   = owner_valid_q && (owner_q == cmd_client_i);
  assign is_waiting = queued[cmd_client_i] || (chosen_valid_q && (chosen_q == cmd_client_i));
  assign port_free  = !owner_valid_q && !releasing_q && (count_q == '0);

  // ---------------------------------------------------------------------------------------------
  // Command decode: the answer to the command and what it does. Commands see the state before
  // the edge.
  // ---------------------------------------------------------------------------------------------
  //
  // No combinational block here (nor pp_release_seq's) sets a default and then overrides it:
  // each output gets one assignment per evaluation (the effects are decoded from `result`,
  // loops build in block-local variables). With defaults, every evaluation pulsed its outputs
  // within the time step (cmd_grant and cmd_free 1 -> 0 -> 1, then owner_valid_d, count_mid,
  // queued, and pp_release_seq's state_d through start_i), and the blocks reading them are
  // always_comb too: decode -> owner state -> grant interrupt, queue -> owner state -> grant
  // interrupt, decode -> pp_release_seq -> grant interrupt (regs_reset_i). Icarus Verilog 11
  // keeps re-running such a chain of pulsing always_comb blocks and never leaves the time step:
  // the simulation hung at the first command. The logic, and so every cycle, is unchanged.
  always_comb begin
    if (!cmd_valid_i) begin
      result = pp_reg_pkg::ARB_RESULT_NONE;
    end else begin
      unique case (cmd_i)
        DataW'(pp_reg_pkg::ARB_CMD_ALLOCATE), DataW'(pp_reg_pkg::ARB_CMD_TRY): begin
          if (is_owner) begin
            result = pp_reg_pkg::ARB_RESULT_ALREADY_OWNER;
          end else if (is_waiting) begin
            result = pp_reg_pkg::ARB_RESULT_ALREADY_WAITING;
          end else if (port_free) begin
            result = pp_reg_pkg::ARB_RESULT_GRANTED;
          end else if (cmd_i == DataW'(pp_reg_pkg::ARB_CMD_ALLOCATE)) begin
            result = pp_reg_pkg::ARB_RESULT_PENDING;
          end else begin
            result = pp_reg_pkg::ARB_RESULT_BUSY;
          end
        end
        DataW'(pp_reg_pkg::ARB_CMD_FREE): begin
          if (is_owner) begin
            result = pp_reg_pkg::ARB_RESULT_FREED;
          end else begin
            result = pp_reg_pkg::ARB_RESULT_NOT_OWNER;
          end
        end
        DataW'(pp_reg_pkg::ARB_CMD_CANCEL): begin
          if (queued[cmd_client_i]) begin
            result = pp_reg_pkg::ARB_RESULT_CANCELLED;
          end else begin
            result = pp_reg_pkg::ARB_RESULT_NOT_PENDING;
          end
        end
        default: result = pp_reg_pkg::ARB_RESULT_BAD_COMMAND;
      endcase
    end
  end

  // Each effect has exactly one result.
  assign cmd_grant  = (result == ResultW'(pp_reg_pkg::ARB_RESULT_GRANTED));
  assign cmd_push   = (result == ResultW'(pp_reg_pkg::ARB_RESULT_PENDING));
  assign cmd_free   = (result == ResultW'(pp_reg_pkg::ARB_RESULT_FREED));
  assign cmd_cancel = (result == ResultW'(pp_reg_pkg::ARB_RESULT_CANCELLED));

  assign release_start_o = cmd_free;

  // ---------------------------------------------------------------------------------------------
  // Queue update by the command: an ALLOCATE that must wait is pushed at the tail; a FREE takes
  // the oldest waiter out (it becomes the chosen one), a CANCEL its client's entry; a removal
  // closes the gap.
  // ---------------------------------------------------------------------------------------------
  assign remove     = (cmd_free && (count_q != '0)) || cmd_cancel;
  assign remove_pos = cmd_free ? '0 : cmd_pos;

  // Every slot and the count get one assignment (see the command decode); a removal
  // moves each slot from remove_pos on up by one, the last slot keeps its entry.
  always_comb begin
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      if (cmd_push && (SlotW'(k) == count_q[SlotW-1:0])) begin
        queue_mid[k] = cmd_client_i;
      end else if (!cmd_push && remove && (SlotW'(k) >= remove_pos)) begin
        queue_mid[k] = queue_q[(k + 1 < NUM_CLIENTS) ? k + 1 : k];
      end else begin
        queue_mid[k] = queue_q[k];
      end
    end
    if (cmd_push) begin
      count_mid = count_q + 1'b1;
    end else if (remove) begin
      count_mid = count_q - 1'b1;
    end else begin
      count_mid = count_q;
    end
  end

  // ---------------------------------------------------------------------------------------------
  // Choose next: when the release is done the chosen waiter, or else the oldest client that
  // queued during the release (on the queue the command left), becomes the owner; that one
  // leaves the queue.
  // ---------------------------------------------------------------------------------------------
  assign hand_over   = release_done_i && releasing_q;
  assign take_chosen = hand_over && chosen_valid_q;
  assign take_head   = hand_over && !chosen_valid_q && (count_mid != '0);

  always_comb begin
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      queue_d[k] = take_head ? queue_mid[(k + 1 < NUM_CLIENTS) ? k + 1 : k] : queue_mid[k];
    end
    count_d = take_head ? count_mid - 1'b1 : count_mid;
  end

  // ---------------------------------------------------------------------------------------------
  // Owner and release state: the command first, then the hand-over.
  // ---------------------------------------------------------------------------------------------
  // One assignment each (see the command decode). At most one command, and a hand-over
  // decides over the command's grant or free.
  assign owner_valid_d  = (take_chosen || take_head || cmd_grant) ? 1'b1 :
                          cmd_free ? 1'b0 : owner_valid_q;
  assign owner_d        = take_chosen ? chosen_q : take_head ? queue_mid[0] :
                          cmd_grant ? cmd_client_i : owner_q;
  assign releasing_d    = hand_over ? 1'b0 : cmd_free ? 1'b1 : releasing_q;
  assign departing_d    = cmd_free ? owner_q : departing_q;
  assign chosen_valid_d = take_chosen ? 1'b0 : (cmd_free && (count_q != '0)) ? 1'b1 :
                          chosen_valid_q;
  assign chosen_d       = (cmd_free && (count_q != '0)) ? queue_q[0] : chosen_q;

  // Grant interrupts: write 1 to clear; the release's step 5 clears the departing owner's (nothing
  // of its interrupt state survives its tenure); a grant at the end of a release sets the new
  // owner's, also when it is the departing owner queued again (step 5 comes earlier). A block of
  // its own: regs_reset_i comes from the sequencer, whose next state depends on release_start_o.
  always_comb begin : next_grant_irq
    logic [NUM_CLIENTS-1:0] irq;
    irq = grant_irq_q & ~irq_clr_i;
    if (regs_reset_i && releasing_q) begin
      irq[departing_q] = 1'b0;
    end
    if (hand_over && owner_valid_d) begin
      irq[owner_d] = 1'b1;
    end
    grant_irq_d = irq;
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

  // ---------------------------------------------------------------------------------------------
  // Assertions (simulation only), checked at each clock edge on the state before it.
  // ---------------------------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Who asked before whom: before_q[i][j] is set when j queues while i waits, cleared when i
  // queues after j. A record of arrival order kept apart from the queue, with no counter that
  // could wrap (so the order checks hold for runs of any length, and k-induction can prove them).
  logic [NUM_CLIENTS-1:0] before_q [NUM_CLIENTS];
  logic [NUM_CLIENTS-1:0] owner_vec, chosen_vec, still_waiting, waiting_before;
  logic                   new_owner, asked_now, was_waiting, oldest_ok, chosen_oldest;
  int unsigned            out_of_order;  // a queue slot that did not ask after every slot ahead

  assign owner_vec  = owner_valid_q ? (NUM_CLIENTS'(1) << owner_q) : '0;
  assign chosen_vec = chosen_valid_q ? (NUM_CLIENTS'(1) << chosen_q) : '0;
  // A grant this edge: someone becomes the owner who was not.
  assign new_owner   = owner_valid_d && (!owner_valid_q || (owner_d != owner_q));
  assign asked_now   = cmd_valid_i && (cmd_client_i == owner_d) &&
                       ((cmd_i == DataW'(pp_reg_pkg::ARB_CMD_ALLOCATE)) ||
                        (cmd_i == DataW'(pp_reg_pkg::ARB_CMD_TRY)));
  assign was_waiting = queued[owner_d] || (chosen_valid_q && (chosen_q == owner_d));
  // Who still waits after this edge's command (a CANCEL leaves).
  assign still_waiting = queued & ~(cmd_cancel ? (NUM_CLIENTS'(1) << cmd_client_i) : '0);
  // Of those, who asked before the new owner, and before the client a FREE chooses.
  always_comb begin
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      waiting_before[k] = still_waiting[k] && before_q[k][owner_d] && (ClientW'(k) != owner_d);
    end
  end
  always_comb begin
    chosen_oldest = 1'b1;
    for (int k = 0; k < NUM_CLIENTS; k++) begin
      if (queued[k] && before_q[k][queue_q[0]] && (ClientW'(k) != queue_q[0])) begin
        chosen_oldest = 1'b0;
      end
    end
  end
  // Every queue slot asked after every slot ahead of it, and not the other way round.
  always_comb begin
    out_of_order = 0;
    for (int b = NUM_CLIENTS - 1; b > 0; b--) begin
      for (int a = 0; a < b; a++) begin
        if ((CntW'(b) < count_q) &&
            (!before_q[queue_q[a]][queue_q[b]] || before_q[queue_q[b]][queue_q[a]])) begin
          out_of_order = b;
        end
      end
    end
  end
  // The waiter a hand-over takes is the oldest; with nobody waiting before the edge, it can only
  // be a client queueing at this very edge.
  assign oldest_ok = (still_waiting == '0) ? (cmd_push && (cmd_client_i == owner_d))
                                           : (still_waiting[owner_d] && (waiting_before == '0));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int k = 0; k < NUM_CLIENTS; k++) begin
        before_q[k] <= '0;
      end
    end else if (cmd_push) begin
      for (int k = 0; k < NUM_CLIENTS; k++) begin
        before_q[k][cmd_client_i] <= queued[k];
      end
      before_q[cmd_client_i] <= '0;
    end
  end

  // The checks sample rst_ni at the clock, as the formal tools read them; every flop still
  // resets asynchronously.
  /* verilator lint_off SYNCASYNCNET */
  always_ff @(posedge clk_i) begin
    if (rst_ni) begin
      // Grant implies a request: a new owner asked at this edge (ALLOCATE or TRY on a free port)
      // or was waiting (queued, or chosen by the last FREE).
      begin : a_grant_requested
        assert (!new_owner || asked_now || was_waiting)
`ifndef YOSYS
          else $error("pp_arbiter: client %0d granted without a request", owner_d)
`endif
          ;
      end
      // At most one owner: an owner and a chosen waiter (the next owner) are never both there
      // (one-hot0), and neither of them is also queued.
      begin : a_one_owner
        assert (!(owner_valid_q && chosen_valid_q) && (((owner_vec | chosen_vec) & queued) == '0))
`ifndef YOSYS
          else $error("pp_arbiter: more than one owner (owner %b, chosen %b, queued %b)",
                      owner_vec, chosen_vec, queued)
`endif
          ;
      end
      // No port granted while busy: nobody owns the port during a release, and a waiter is
      // chosen only for one.
      begin : a_no_owner_while_releasing
        assert (!(owner_valid_q && releasing_q) && (!chosen_valid_q || releasing_q))
`ifndef YOSYS
          else $error("pp_arbiter: owner %0d while releasing, or chosen %0d outside a release",
                      owner_q, chosen_q)
`endif
          ;
      end
      // Queue order (FIFO): the queue holds its waiters in the order they asked; a FREE chooses
      // the oldest, and a hand-over that takes from the queue takes the oldest.
      begin : a_queue_in_order
        assert (out_of_order == 0)
`ifndef YOSYS
          else $error("pp_arbiter: queue slot %0d (client %0d) out of arrival order",
                      out_of_order, queue_q[out_of_order])
`endif
          ;
      end
      if (cmd_free && (count_q != '0)) begin : a_choose_oldest
        assert (chosen_oldest)
`ifndef YOSYS
          else $error("pp_arbiter: FREE chose client %0d, not the oldest waiter", chosen_d)
`endif
          ;
      end
      if (take_head) begin : a_hand_over_oldest
        assert (oldest_ok)
`ifndef YOSYS
          else $error("pp_arbiter: release end granted client %0d, not the oldest waiter",
                      owner_d)
`endif
          ;
      end
      // The waiter count equals the number of pending requests: no client queued twice.
      begin : a_waiters_counted
        // With NUM_CLIENTS + 1 a power of two the bound holds for every count_q (CMPCONST).
        /* verilator lint_off CMPCONST */
        assert ((count_q <= CntW'(NUM_CLIENTS)) &&
                ($countones(queued) == 32'(count_q)))
        /* verilator lint_on CMPCONST */
`ifndef YOSYS
          else $error("pp_arbiter: ARB_WAITERS %0d, but %0d clients queued", count_q,
                      $countones(queued))
`endif
          ;
      end
    end
  end
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
