# gilbench - see README.md. `make help` lists the targets.
#
# Settings live here; the user's CFLAGS/LDFLAGS are added to, never
# replaced. SAN=thread or SAN=address,undefined builds sanitized binaries
# (the whole tree is rebuilt when the flags change). V=1 shows commands.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DESTDIR ?=
CFLAGS  ?= -O2 -g
SAN     ?=
QUICK   ?=
BUDGET  ?=
RUN     ?= results/latest
MPI     ?=
MPICC   ?= mpicc

# The mpi mode's rank program (bin/bench-mpi) needs Open MPI's compiler
# wrapper: it is built when mpicc is there, or when MPI=1 asks for Open MPI
# to be installed first. bin/bench itself never links MPI.
ifeq ($(MPI),1)
HAVE_MPI = 1
else
HAVE_MPI := $(if $(shell command -v $(MPICC) 2>/dev/null),1,)
endif
DEPS_GROUPS = build $(if $(filter 1,$(MPI)),mpi,)

# pkg-config is asked lazily (=, not :=), so that on a fresh machine the
# answer comes after scripts/deps.sh has installed the packages.
CURL_CFLAGS = $(shell pkg-config --cflags libcurl 2>/dev/null)
CURL_LIBS   = $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)
MHD_CFLAGS  = $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS    = $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# -I.: every project header is included by its path from the top,
# "bench/core/util.h", "workloads/workload.h".
GB_CFLAGS  = -std=c11 -D_GNU_SOURCE -I. -Wall -Wextra -pthread -MMD -MP
ifneq ($(SAN),)
GB_CFLAGS += -fsanitize=$(SAN) -fno-omit-frame-pointer
GB_LDFLAGS += -fsanitize=$(SAN)
endif
ALL_CFLAGS  = $(GB_CFLAGS) $(CFLAGS) $(CPPFLAGS) $(CURL_CFLAGS)
ALL_LDFLAGS = -pthread $(GB_LDFLAGS) $(LDFLAGS)
# OpenMP (libgomp, part of gcc) only for the omp mode, the yardstick of
# thread dispatch.
OMP_FLAGS   = -fopenmp
LIBS        = $(CURL_LIBS) -lm $(OMP_FLAGS)

ifeq ($(V),1)
Q =
msg = @true
else
Q = @
msg = @printf '  %-6s %s\n' $(1) $(2);
endif

BUILD = build
# The folders are the architecture (docs/ARCHITECTURE.md); every .c below
# bench/ and workloads/ is part of bin/bench, except the mpi rank program.
MPI_RANK_SRC = bench/modes/mpi/rank.c
BENCH_SRC = $(filter-out $(MPI_RANK_SRC),$(shell find bench workloads -name '*.c' | sort))
BENCH_OBJ = $(BENCH_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ   = $(filter-out $(BUILD)/bench/main.o,$(BENCH_OBJ))
SERVER_OBJ = $(BUILD)/server/latency_server.o
MPI_OBJ   = $(BUILD)/$(MPI_RANK_SRC:.c=.o)
UNIT_SRC  = $(wildcard tests/unit/*.c)
UNIT_OBJ  = $(UNIT_SRC:%.c=$(BUILD)/%.o)
# One cmocka binary per tests/unit/NAME.c: bin/test-NAME.
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=bin/test-%)
PROGRAMS  = bin/bench bin/latency-server $(if $(HAVE_MPI),bin/bench-mpi,)
comma     = ,

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# The classroom demos (demos/NAME.sh), in the order `make demo` runs them.
DEMOS = cpu io gil convoy race startup copy

.PHONY: all deps deps-test deps-plot bench plots report test unit e2e clean \
	install uninstall help FORCE compare-python fuzz mpi-note demo \
	$(DEMOS:%=demo-%) cost scale compare cpython-ft trace-cpython

all: $(PROGRAMS) mpi-note

mpi-note:
ifeq ($(HAVE_MPI),)
	@echo "note: mode mpi not built (no mpicc): 'make MPI=1' installs Open MPI (openmpi-bin, libopenmpi-dev) and builds it"
endif

help:
	@echo "gilbench targets:"
	@echo "  make            build bin/bench (installs missing Debian packages)"
	@echo "  make bench      run the default suite into results/<date-time>/, then"
	@echo "                  summarize, plot and write report/REPORT.md and .html"
	@echo "  make plots      redo the summary and charts of RUN (default results/latest)"
	@echo "  make report     redo the summary, charts and report of RUN"
	@echo "  make test       build and run every test (unit + end to end)"
	@echo "  make clean      remove build output (results/ is kept)"
	@echo "  make install    install bin/bench into \$$(DESTDIR)\$$(BINDIR)"
	@echo "  make compare    real CPython beside the simulation, in full: CPython 3's and 2.7's"
	@echo "                 GILs, a free-threaded CPython with PYTHON_GIL=0 and 1 and its GIL twin"
	@echo "                 (PY_CSV=file, PYTHONS='python3 python2.7', QUICK=1); writes fidelity.csv"
	@echo "                 beside it (make compare-python is the same)"
	@echo "  make cpython-ft find a free-threaded CPython and its GIL twin, or build both from"
	@echo "                 CPython's source into ~/.cache/gilbench (some minutes, once)"
	@echo "  make trace-cpython  real CPython's GIL (3.x, 2.7, 3.12+) traced with uprobes (root,"
	@echo "                 perf) into RUN/traces/ beside the simulated scenes, timelines drawn"
	@echo "  make fuzz       run each libFuzzer target for FUZZ_TIME seconds (default 20)"
	@echo "  make demo       every classroom demo in turn (demo-cpu, demo-io,"
	@echo "                 demo-gil, demo-convoy, demo-race, demo-startup,"
	@echo "                 demo-copy alone; each at most 30 s)"
	@echo "  make cost       measure what concurrency costs (start-up, dispatch,"
	@echo "                 crossover, pool per batch, copying, memory)"
	@echo "  make scale      sleep and http with 16 to 10,000 at once: threads, async,"
	@echo "                 fork, gil; a report of its own in report/scale/"
	@echo "  make test-hosts the mpi mode over 2-3 hosts made of network namespaces (root)"
	@echo "options: SAN=thread | SAN=address,undefined, V=1, QUICK=1, RUN=results/..., CFLAGS=...,"
	@echo "         BUDGET=S (seconds of adaptive repetitions after the suite; default what is left of 3 min, at most 60; 0 = none),"
	@echo "         MPI=1 (install Open MPI and build the mpi mode)"

deps:
	@scripts/deps.sh $(DEPS_GROUPS)

deps-test:
	@scripts/deps.sh $(DEPS_GROUPS) test

# gnuplot is optional: without it everything but the charts is produced.
deps-plot:
	@scripts/deps.sh plot || echo "gilbench: going on without charts"

# Rebuild everything when the flags change (a SAN build after a plain one).
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(BUILD)/%.o: %.c $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/bench/modes/omp.o: ALL_CFLAGS += $(OMP_FLAGS)

# The report's stylesheet is built into doc.o (.incbin, report/doc.c).
$(BUILD)/bench/analysis/report/doc.o: bench/analysis/report/style.css

# Only meta.o records the revision and flags, so a commit rebuilds one file.
$(BUILD)/bench/output/meta.o: ALL_CFLAGS += -DGB_GIT_REV='"$(GIT_REV)"' \
	-DGB_CFLAGS='"$(CFLAGS) $(SAN:%=-fsanitize=%)"'

bin/bench: $(BENCH_OBJ)
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# The bundled HTTP server of the http workload; bin/bench finds it next to
# itself.
$(SERVER_OBJ): ALL_CFLAGS += $(MHD_CFLAGS)
bin/latency-server: $(SERVER_OBJ)
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(MHD_LIBS)

# The rank program: Open MPI's wrapper around the same compiler (OMPI_CC),
# the workloads and the harness's objects, plus the rank program.
$(MPI_OBJ): $(MPI_RANK_SRC) $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	$(call msg,MPICC,$<)
	$(Q)OMPI_CC=$(CC) $(MPICC) $(ALL_CFLAGS) -c -o $@ $<

bin/bench-mpi: $(MPI_OBJ) $(LIB_OBJ)
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)OMPI_CC=$(CC) $(MPICC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

bin/test-%: $(BUILD)/tests/unit/%.o $(LIB_OBJ) | deps-test
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

$(UNIT_OBJ): | deps-test

# The suite is data: suites/default.suite (suites/quick.suite for QUICK=1).
# make bench prints one line per phase: the build and any package
# installs (compiler lines, apt) go to build/bench-build.log, shown only
# when they fail (V=1 shows them as they come).
BENCH_LOG = $(BUILD)/bench-build.log
bench:
ifeq ($(V),1)
	$(MAKE) --no-print-directory $(PROGRAMS) deps-plot
else
	@mkdir -p $(BUILD)
	@date +%s.%N > $(BUILD)/bench-start
	@printf 'bench: building bin/bench (log: %s) ... ' '$(BENCH_LOG)'
	@start=$$(date +%s); \
	if $(MAKE) --no-print-directory $(PROGRAMS) deps-plot >$(BENCH_LOG) 2>&1; then \
		echo "ok ($$(($$(date +%s) - start)) s)"; \
	else \
		echo "FAILED"; tail -25 $(BENCH_LOG); exit 1; \
	fi
	@command -v gnuplot >/dev/null 2>&1 || echo "bench: no gnuplot, so no charts (scripts/deps.sh plot installs it)"
endif
	$(Q)GB_BENCH_START=$$(cat $(BUILD)/bench-start 2>/dev/null) \
		scripts/bench.sh $(if $(QUICK),--quick,) $(if $(BUDGET),--budget $(BUDGET),)

# RUN quoted: a folder whose path has a space ("~/My Course/gilbench").
plots: bin/bench
	$(Q)scripts/plots.sh "$(RUN)"

report: bin/bench
	$(Q)scripts/report.sh "$(RUN)"

demo: bin/bench
	$(Q)for d in $(DEMOS); do demos/$$d.sh || exit 1; done

$(DEMOS:%=demo-%): demo-%: bin/bench
	$(Q)demos/$*.sh

cost: bin/bench
	$(Q)scripts/cost.sh $(if $(QUICK),--quick,)

# The concurrency sweep: sleep and http with 16 to 10,000 at once, one
# bin/bench per cell, into results/scale-DATE/ and its report into
# report/scale/ (scripts/scale.sh; QUICK=1 is make bench's share of it).
scale: $(PROGRAMS) deps-plot
	$(Q)scripts/scale.sh $(if $(QUICK),--quick,)

# The locale test's sources (scripts/deps.sh locale) are optional: without
# them that one case skips, saying why. After deps-test, not beside it, so
# that two apt-get never run at once.
test: deps-test
	@scripts/deps.sh locale || echo "gilbench: going on; the locale test will skip"
	$(Q)$(MAKE) --no-print-directory $(PROGRAMS) $(UNIT_BIN)
	$(Q)SAN='$(SAN)' tests/run.sh

# CPython side by side: the articles' snippets, the convoy and the process
# pools' start-up under the real GILs (PYTHONS, default python3 plus a
# CPython 2.7 where found) and without one (the free-threaded CPython that
# `make cpython-ft` finds or built, PYTHON_GIL=0 and 1, beside its GIL
# twin), interleaved with the simulated cells; rows appended to PY_CSV
# (modes py-*, py2-*, pyft-*, pyftgil-*, pytwin-*), the comparison in
# fidelity.csv beside it. make bench runs its quick share (--quick);
# compare-python is the older name.
PY_CSV ?= results/python.csv
compare compare-python: bin/bench
	$(Q)if command -v python3 >/dev/null 2>&1; then \
		mkdir -p "$$(dirname "$(PY_CSV)")" && python3 python/compare.py --csv "$(PY_CSV)" $(if $(QUICK),--quick,); \
	else \
		echo "$@: no python3 on this machine, so no CPython rows (install python3 to add them)"; \
	fi

# A free-threaded CPython (--disable-gil) and its GIL twin, found or built
# into ${XDG_CACHE_HOME:-~/.cache}/gilbench/cpython/ from the source of
# Debian's python3.13 (scripts/cpython-ft.sh). make bench never builds it:
# it uses one when there is one, and says how to get one otherwise.
cpython-ft:
	$(Q)scripts/cpython-ft.sh

# Real CPython's GIL seen from inside: uprobes on take_gil/drop_gil (2.7:
# its interpreter lock), the scenes of the report's timelines, 10
# untraced/traced pairs each, every CPython found (--all), into RUN/traces/
# (RUN if it exists, else results/cpython) and the timelines drawn into
# its traces/pictures/. Needs root and perf; else it says why and exits 0.
CPY_OUT = $(if $(wildcard $(RUN)),$(RUN),results/cpython)
trace-cpython: bin/bench
	$(Q)scripts/trace-cpython.sh $(CPY_OUT) --all --pairs 10 \
		--cpu-seconds 1 --convoy-seconds 2 --draw $(CPY_OUT)/traces/pictures

# libFuzzer targets: tests/fuzz/fuzz_NAME.c -> bin/fuzz-NAME, each with
# the sources it exercises. `make fuzz` runs each for FUZZ_TIME seconds.
FUZZ_TIME ?= 20
FUZZ_SRC_csv = bench/output/csv.c bench/core/util.c
FUZZ_SRC_urlfile = workloads/lib/urllist.c bench/core/util.c
# The summary needs the modes' registry (their order, the baseline),
# which brings in the rest of bin/bench but main().
FUZZ_SRC_summary = $(filter-out bench/main.c,$(BENCH_SRC))
FUZZ_LIBS_summary = $(OMP_FLAGS)=libgomp
FUZZ_SRC_suite = bench/core/suite.c bench/core/util.c
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined

bin/fuzz-%: tests/fuzz/fuzz_%.c FORCE
	@scripts/deps.sh build fuzz
	@mkdir -p bin
	$(call msg,FUZZ,$@)
	$(Q)clang $(FUZZ_FLAGS) $(FUZZ_LIBS_$*) -I. $(CURL_CFLAGS) -o $@ $< $(FUZZ_SRC_$*) $(CURL_LIBS) -lm

fuzz: $(FUZZ_NAMES:%=bin/fuzz-%)
	$(Q)for n in $(FUZZ_NAMES); do \
		mkdir -p $(BUILD)/fuzz-corpus-$$n; \
		echo "fuzzing $$n for $(FUZZ_TIME) s"; \
		if ! bin/fuzz-$$n -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			$(BUILD)/fuzz-corpus-$$n tests/fuzz/corpus-$$n >$(BUILD)/fuzz-$$n.log 2>&1; then \
			tail -40 $(BUILD)/fuzz-$$n.log; echo "fuzz: $$n found a failure"; exit 1; \
		fi; \
		grep -E '^Done|number_of_executed_units' $(BUILD)/fuzz-$$n.log; \
	done

clean:
	rm -rf $(BUILD) bin

install: $(PROGRAMS)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bench $(DESTDIR)$(BINDIR)/latency-server \
		$(DESTDIR)$(BINDIR)/bench-mpi

-include $(BENCH_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(SERVER_OBJ:.o=.d) $(MPI_OBJ:.o=.d)

# ---- mpi over hosts on one machine -----------------------------------------
# `make test-hosts`: two or three network namespaces joined by a bridge play
# the machines (scripts/hosts.sh), and the mpi mode runs across them with
# Open MPI's own launcher, over TCP: answers, the hosts counted, a killed
# rank, a host cut off, clean-up after Ctrl-C (tests/e2e/hosts.sh). Needs
# root and ip(8); MPI=1 installs Open MPI. Without them each case skips,
# saying why; `make test` skips them too.
.PHONY: test-hosts
test-hosts: deps-test
	$(Q)scripts/deps.sh hosts
	$(Q)$(MAKE) --no-print-directory $(PROGRAMS)
	$(Q)GB_TEST_HOSTS=1 tests/run.sh test_hosts_
