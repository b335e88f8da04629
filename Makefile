# Front door to the CMake build. `make sim` and `make test` are all a new user needs.
BUILD_DIR ?= build
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
SIM_ARGS  ?=
WAVES_DIR ?= $(BUILD_DIR)/waves

RTL_FILES := $(shell grep -v '^\#' rtl/pp_rtl.f)
BOARD_FILES := $(shell grep -v '^\#' fpga/pp_board.f)
PPCOSIM   := $(BUILD_DIR)/sim/ppcosim

.PHONY: all deps configure build sim test lint wave wave-png synth bench regress regmap coverage \
        mutate formal fpga clean help

all: build

help:
	@echo "make sim       install what is missing, build, run the default co-simulation, write waves"
	@echo "make test      install, build, lint and run every test"
	@echo "make lint      verilator --lint-only -Wall over rtl/ and the board top (fpga/)"
	@echo "make wave      open the last 'make sim' waveform in GTKWave"
	@echo "make wave-png  render the release window of the last waveform to PNG"
	@echo "make synth     synthesize pp_top with Yosys and print the cell count"
	@echo "make bench     speed table (bare RTL, cosim, traces, Icarus, cocotb, 1M ops, build):"
	@echo "               BENCH_ROWS=bare,cosim BENCH_REPS=3; JSON in $(BUILD_DIR)/bench/bench.json"
	@echo "make regress   random regression, JOBS at a time: SEEDS=200 OPS=1000 FIRST=1000"
	@echo "               SHARD=I/N runs shard I of N and writes JUnit XML (scripts/regress-merge.py)"
	@echo "make coverage  RTL line/toggle coverage of the co-simulation, HTML report; COVERAGE_MIN_LINE=95"
	@echo "make mutate    mutation testing of rtl/: MUTANTS=N MUTANT_SEED=S MUTATE_MIN_KILLED=95"
	@echo "make formal    formal proofs and fault checks (Yosys, yosys-smtbmc, z3), formal/README.md"
	@echo "make fpga      iCE40 HX8K gate: fit and timing of pp_top and the board top; FPGA_RECORD=1"
	@echo "make regmap    regenerate rtl/pp_reg_pkg.sv and docs/regmap.md from rtl/pp_regmap.json"
	@echo "make clean     remove $(BUILD_DIR)/"

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_ARGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

sim: deps
	@$(MAKE) --no-print-directory build
	@mkdir -p $(WAVES_DIR)
	$(PPCOSIM) --trace $(WAVES_DIR)/ppcosim.fst --json $(WAVES_DIR)/ppcosim.jsonl $(SIM_ARGS)

test: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory lint
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --output-junit junit.xml

lint:
	verilator --lint-only -Wall --top-module pp_top $(RTL_FILES)
	verilator --lint-only -Wall --top-module pp_board_top $(RTL_FILES) $(BOARD_FILES)
	scripts/gen_regmap.py rtl/pp_regmap.json --check --sv rtl/pp_reg_pkg.sv --md docs/regmap.md
	@echo "lint: clean"

regmap:
	scripts/gen_regmap.py rtl/pp_regmap.json --sv rtl/pp_reg_pkg.sv --md docs/regmap.md

# Paths and counts reach the recipes' shells through the environment, never as command text.
wave: export PP_WAVES_DIR = $(WAVES_DIR)
wave:
	@test -f "$$PP_WAVES_DIR/ppcosim.fst" || { echo "no waveform yet: run 'make sim' first"; exit 2; }
	@if [ "$${CI:-}" = "true" ]; then echo "CI=true: not opening a window"; \
	elif [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make wave: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): GTKWave needs one;" \
	    "open $$PP_WAVES_DIR/ppcosim.fst where there is one, or run 'make wave-png'" >&2; exit 2; \
	else gtkwave "$$PP_WAVES_DIR/ppcosim.fst" "$$PP_WAVES_DIR/ppcosim.gtkw"; fi

# A random regression, JOBS seeds at a time, untraced (a failing seed is rerun with a trace
# window and wavecheck). SHARD=I/N runs shard I of N (the k-th seed goes to shard k mod N + 1)
# and writes $(BUILD_DIR)/regress/shard-I-of-N.xml (JUnit XML), unsharded junit.xml.
SEEDS ?= 200
OPS   ?= 1000
FIRST ?= 1000
SHARD ?=
regress: export PP_BUILD_DIR = $(BUILD_DIR)
regress: export PP_SEEDS = $(SEEDS)
regress: export PP_OPS = $(OPS)
regress: export PP_FIRST = $(FIRST)
regress: export PP_JOBS = $(JOBS)
regress: export PP_SHARD = $(SHARD)
regress: build
	scripts/regress.py --build-dir "$$PP_BUILD_DIR" --seeds "$$PP_SEEDS" --ops "$$PP_OPS" \
	  --first "$$PP_FIRST" --jobs "$$PP_JOBS" --shard "$$PP_SHARD"

# RTL coverage in its own build folder (verilated with --coverage): report under
# $(COVERAGE_BUILD_DIR)/coverage, exit 1 below COVERAGE_MIN_LINE percent of rtl/'s lines.
COVERAGE_BUILD_DIR ?= build-coverage
COVERAGE_MIN_LINE  ?= 95
coverage: export PP_COVERAGE_BUILD_DIR = $(COVERAGE_BUILD_DIR)
coverage: export PP_COVERAGE_MIN_LINE = $(COVERAGE_MIN_LINE)
coverage: deps
	scripts/coverage.py run "$$PP_COVERAGE_BUILD_DIR" --min-line "$$PP_COVERAGE_MIN_LINE"

# Mutation testing of rtl/ in its own build folder: MUTANTS=0 judges every mutant, N a sample
# drawn with MUTANT_SEED; exit 1 below MUTATE_MIN_KILLED percent killed.
MUTATE_BUILD_DIR  ?= build-mutate
MUTANTS           ?= 0
MUTANT_SEED       ?= 1
MUTATE_MIN_KILLED ?= 95
mutate: export PP_MUTATE_BUILD_DIR = $(MUTATE_BUILD_DIR)
mutate: export PP_MUTANTS = $(MUTANTS)
mutate: export PP_MUTANT_SEED = $(MUTANT_SEED)
mutate: export PP_MUTATE_MIN_KILLED = $(MUTATE_MIN_KILLED)
mutate: deps
	scripts/mutate.py --build-dir "$$PP_MUTATE_BUILD_DIR" --mutants "$$PP_MUTANTS" \
	  --seed "$$PP_MUTANT_SEED" --min-killed "$$PP_MUTATE_MIN_KILLED"

# Formal proofs (formal/proofs.txt): results, counterexample VCDs and logs in $(BUILD_DIR)/formal.
formal: export PP_BUILD_DIR = $(BUILD_DIR)
formal: deps
	formal/run.sh "$$PP_BUILD_DIR"

# The FPGA gate (iCE40 HX8K, fpga/README.md): reports in $(BUILD_DIR)/fpga; FPGA_RECORD=1 rewrites
# fpga/figures.json with this run's figures.
FPGA_RECORD ?= 0
fpga: export PP_BUILD_DIR = $(BUILD_DIR)
fpga: export PP_FPGA_RECORD = $(FPGA_RECORD)
fpga: deps
	@if [ "$$PP_FPGA_RECORD" = 1 ]; then fpga/run.sh --record "$$PP_BUILD_DIR"; \
	else fpga/run.sh "$$PP_BUILD_DIR"; fi

# Simulation speed table (scripts/bench.py): BENCH_ROWS=bare,cosim,... selects rows (default
# all), BENCH_REPS the interleaved repetitions whose medians it prints.
BENCH_ROWS ?= bare,cosim,trace,icarus,cocotb,scale,build
BENCH_REPS ?= 3
bench: export PP_BUILD_DIR = $(BUILD_DIR)
bench: export PP_BENCH_ROWS = $(BENCH_ROWS)
bench: export PP_BENCH_REPS = $(BENCH_REPS)
bench: build
	scripts/bench.py "$$PP_BUILD_DIR" --rows "$$PP_BENCH_ROWS" --reps "$$PP_BENCH_REPS"

synth:
	BUILD_DIR=$(BUILD_DIR) scripts/synth.sh

wave-png:
	@test -f $(WAVES_DIR)/ppcosim.fst || { echo "no waveform yet: run 'make sim' first"; exit 2; }
	@$(MAKE) --no-print-directory build
	BUILD_DIR=$(BUILD_DIR) scripts/wave-png.sh $(WAVES_DIR)/ppcosim.fst $(WAVES_DIR)/ppcosim.gtkw $(WAVES_DIR)/release.png $(WAVE_PNG_ARGS)

clean:
	rm -rf $(BUILD_DIR)
