rtl/pp_reg_pkg.sv
rtl/pp_top.sv
