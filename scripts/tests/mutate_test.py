#!/usr/bin/env python3
"""The mutation operators of scripts/mutate.py, each on a small sample line (no build)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import mutate  # noqa: E402


class Operators(unittest.TestCase):
    def test_negate_condition(self):
        self.assertEqual(mutate.negate_condition("      if (a && (b || c)) x = 1;"),
                         ["      if (!(a && (b || c))) x = 1;"])

    def test_swap_comparison(self):
        self.assertEqual(mutate.swap_comparison("assign e = (a == b);"), ["assign e = (a != b);"])
        self.assertEqual(mutate.swap_comparison("if (n >= 3)"), ["if (n > 3)"])
        self.assertEqual(mutate.swap_comparison("if (n < 3)"), ["if (n <= 3)"])

    def test_swap_comparison_leaves_assignments_and_shifts(self):
        self.assertEqual(mutate.swap_comparison("count_q <= count_d << 1;"), [])

    def test_swap_logic(self):
        self.assertEqual(mutate.swap_logic("assign d = a && !b;"), ["assign d = a || !b;"])
        self.assertEqual(mutate.swap_logic("assign d = a || b;"), ["assign d = a && b;"])

    def test_constant_by_one(self):
        self.assertEqual(mutate.constant_by_one("timer_d = 8'h0f;"),
                         ["timer_d = 8'h10;", "timer_d = 8'he;"])
        self.assertEqual(mutate.constant_by_one("flag_d = 1'b0;"), ["flag_d = 1'b1;"])
        self.assertEqual(mutate.constant_by_one("cnt_d = '0;"), ["cnt_d = '1;"])
        self.assertEqual(mutate.constant_by_one("x = y + 2;"), ["x = y + 3;", "x = y + 1;"])

    def test_constant_by_one_leaves_ranges_and_parameters(self):
        self.assertEqual(mutate.constant_by_one("logic [7:0] data_q;"), [])
        self.assertEqual(mutate.constant_by_one("localparam int W = 4;"), [])

    def test_hold_register(self):
        self.assertEqual(mutate.hold_register("      state_q <= state_d;"),
                         ["      state_q <= state_q;"])
        self.assertEqual(mutate.hold_register("  mem_q[wptr_q] <= wdata_i;"),
                         ["  mem_q[wptr_q] <= mem_q[wptr_q];"])
        self.assertEqual(mutate.hold_register("  state_q <= state_q;"), [])

    def test_drop_reset(self):
        self.assertEqual(mutate.drop_reset("      timer_q <= '0;"), ["      ;"])


class Regions(unittest.TestCase):
    SAMPLE = "\n".join([
        "module m (input logic clk_i, input logic rst_ni, input logic d_i);",
        "  logic a_q;",
        "  always_ff @(posedge clk_i or negedge rst_ni) begin",
        "    if (!rst_ni) begin",
        "      a_q <= 1'b0;",
        "    end else begin",
        "      a_q <= d_i;",
        "    end",
        "  end",
        "`ifndef SYNTHESIS",
        "  c_a: cover property (@(posedge clk_i) a_q == 1'b1);",
        "`endif",
        "endmodule",
    ])

    def test_reset_branch_gets_drop_reset_and_the_rest_hold_register(self):
        found = {(m.line, m.operator) for m in mutate.mutants_of_file("m.sv", self.SAMPLE)}
        self.assertIn((5, "drop_reset"), found)
        self.assertNotIn((5, "hold_register"), found)
        self.assertIn((7, "hold_register"), found)
        self.assertNotIn((7, "drop_reset"), found)

    def test_assertions_and_test_only_code_are_marked(self):
        regions = {m.line: m.region for m in mutate.mutants_of_file("m.sv", self.SAMPLE)}
        self.assertEqual(regions[11], "assertion")
        self.assertEqual(regions[7], "rtl")
        faults = mutate.mutants_of_file("pp_release_faults.sv", self.SAMPLE)
        self.assertTrue(faults and all(m.region == "test-only" for m in faults))

    def test_verification_code_after_a_nested_endif_stays_an_assertion(self):
        sample = "\n".join([
            "module m (input logic clk_i, input logic d_i, output logic q_o);",
            "`ifndef SYNTHESIS",
            "  logic [3:0] n_q;",
            "`ifndef YOSYS",
            "  initial n_q = 4'd1;",
            "`endif",
            "  always_ff @(posedge clk_i) n_q <= n_q + 4'd1;",
            "  assign q_o = d_i && n_q[0];",
            "`else",
            "  assign q_o = d_i && d_i;",
            "`endif",
            "`ifdef PP_FORMAL_SHORT_BUDGET",
            "  assign r_o = d_i || d_i;",
            "`endif",
            "endmodule",
        ])
        regions = {m.line: m.region for m in mutate.mutants_of_file("m.sv", sample)}
        self.assertEqual(regions[7], "assertion")
        self.assertEqual(regions[8], "assertion")
        self.assertEqual(regions[10], "synthesis-only")
        self.assertEqual(regions[13], "test-only")

    def test_ids_are_stable_and_distinct(self):
        first = [m.id for m in mutate.mutants_of_file("m.sv", self.SAMPLE)]
        self.assertEqual(first, [m.id for m in mutate.mutants_of_file("m.sv", self.SAMPLE)])
        self.assertEqual(len(first), len(set(first)))


if __name__ == "__main__":
    unittest.main()
