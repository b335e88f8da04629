# The board top's own sources; fpga/run.sh and the board's lint and test read them after
# rtl/pp_rtl.f.
fpga/pp_sat_counter.sv
fpga/pp_uart_rx.sv
fpga/pp_uart_tx.sv
fpga/pp_uart_apb_bridge.sv
fpga/pp_board_top.sv
