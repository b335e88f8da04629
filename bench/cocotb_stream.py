"""The bench stream under cocotb, cycle for cycle the one bench/bare_loop.cc drives: each client
in turn allocates, reads ARB_STATUS, writes DATA, frees, reads ARB_STATUS, then 40 idle cycles,
until PP_BENCH_CYCLES clock cycles have run. Prints "cycles N" and "granted N".
scripts/bench.py runs it (TOPLEVEL pp_top) with the register map's offsets in the environment.
"""
import os

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

NUM_CLIENTS = 4
IDLE_CYCLES = 40


def _env_int(name):
    return int(os.environ[name], 0)


class _Bus:
    """Counts rising edges and drives one APB transfer at a time (setup, access until PREADY)."""

    def __init__(self, dut):
        self.dut = dut
        self.cycles = 0

    async def count(self):
        while True:
            await RisingEdge(self.dut.clk_i)
            self.cycles += 1

    async def transfer(self, client, write, addr, data=0):
        dut = self.dut
        dut.psel_i.value = 1
        dut.penable_i.value = 0
        dut.pwrite_i.value = int(write)
        dut.paddr_i.value = addr
        dut.pwdata_i.value = data
        dut.pauser_i.value = client
        await FallingEdge(dut.clk_i)
        dut.penable_i.value = 1
        while True:
            await RisingEdge(dut.clk_i)
            await ReadOnly()
            if dut.pready_o.value:
                read = int(dut.prdata_o.value)
                break
        await FallingEdge(dut.clk_i)
        dut.psel_i.value = 0
        dut.penable_i.value = 0
        dut.pwrite_i.value = 0
        return read


@cocotb.test()
async def stream(dut):
    """Runs the stream for PP_BENCH_CYCLES cycles."""
    target = _env_int("PP_BENCH_CYCLES")
    arb_cmd, arb_status, data_reg = (_env_int("PP_ARB_CMD"), _env_int("PP_ARB_STATUS"),
                                     _env_int("PP_DATA"))
    allocate, free, granted_result = (_env_int("PP_CMD_ALLOCATE"), _env_int("PP_CMD_FREE"),
                                      _env_int("PP_RESULT_GRANTED"))
    result_lsb = _env_int("PP_RESULT_LSB")
    for name, value in (("psel_i", 0), ("penable_i", 0), ("pwrite_i", 0), ("paddr_i", 0),
                        ("pwdata_i", 0), ("pauser_i", 0), ("pd_i", 0xff), ("nack_i", 1),
                        ("busy_i", 0), ("perror_i", 0), ("select_i", 1), ("nfault_i", 1),
                        ("rst_ni", 0)):
        getattr(dut, name).value = value
    cocotb.start_soon(Clock(dut.clk_i, 20, units="ns").start())
    bus = _Bus(dut)
    cocotb.start_soon(bus.count())
    for _ in range(4):
        await FallingEdge(dut.clk_i)
    dut.rst_ni.value = 1
    await FallingEdge(dut.clk_i)
    granted = 0
    while bus.cycles < target:
        for client in range(NUM_CLIENTS):
            await bus.transfer(client, True, arb_cmd, allocate)
            status = await bus.transfer(client, False, arb_status)
            await bus.transfer(client, True, data_reg, 0x41 + client)
            await bus.transfer(client, True, arb_cmd, free)
            await bus.transfer(client, False, arb_status)
            for _ in range(IDLE_CYCLES):
                await FallingEdge(dut.clk_i)
            if (status >> result_lsb) & 0xf == granted_result:
                granted += 1
    print(f"cycles {bus.cycles}", flush=True)
    print(f"granted {granted}", flush=True)
