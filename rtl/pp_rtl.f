# RTL sources in compile order (packages first). Read by rtl/CMakeLists.txt, `make lint` and
# scripts/synth.sh.
rtl/pp_reg_pkg.sv
rtl/pp_sync.sv
rtl/pp_fifo.sv
rtl/pp_arbiter.sv
rtl/pp_centronics.sv
rtl/pp_epp.sv
rtl/pp_ecp.sv
rtl/pp_1284_term.sv
rtl/pp_release_seq.sv
rtl/pp_port_regs.sv
rtl/pp_apb_if.sv
rtl/pp_top.sv
