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

GB_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra -pthread -MMD -MP
ifneq ($(SAN),)
GB_CFLAGS += -fsanitize=$(SAN) -fno-omit-frame-pointer
GB_LDFLAGS += -fsanitize=$(SAN)
endif
ALL_CFLAGS  = $(GB_CFLAGS) $(CFLAGS) $(CPPFLAGS) $(CURL_CFLAGS)
ALL_LDFLAGS = -pthread $(GB_LDFLAGS) $(LDFLAGS)
LIBS        = $(CURL_LIBS) -lm

ifeq ($(V),1)
Q =
msg = @true
else
Q = @
msg = @printf '  %-6s %s\n' $(1) $(2);
endif

BUILD = build
BENCH_SRC = $(filter-out bench/mpi_rank.c,$(wildcard bench/*.c) $(wildcard workloads/*.c))
BENCH_OBJ = $(BENCH_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ   = $(filter-out $(BUILD)/bench/main.o,$(BENCH_OBJ))
MPI_OBJ   = $(BUILD)/bench/mpi_rank.o
UNIT_SRC  = $(wildcard tests/unit_*.c)
UNIT_OBJ  = $(UNIT_SRC:%.c=$(BUILD)/%.o)
# One test program per tests/unit_NAME.c, each with its own main().
UNIT_BIN  = $(UNIT_SRC:tests/unit_%.c=bin/test-unit-%)
PROGRAMS  = bin/bench $(if $(HAVE_MPI),bin/bench-mpi,)
comma     = ,

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

.PHONY: all deps deps-test bench test unit e2e clean install uninstall help \
	mpi-note FORCE

all: $(PROGRAMS) mpi-note

mpi-note:
ifeq ($(HAVE_MPI),)
	@echo "note: mode mpi not built (no mpicc): 'make MPI=1' installs Open MPI (openmpi-bin, libopenmpi-dev) and builds it"
endif

help:
	@echo "gilbench targets:"
	@echo "  make            build bin/bench (installs missing Debian packages)"
	@echo "  make bench      build and run the default suite into results/"
	@echo "  make test       build and run every test (unit + end to end)"
	@echo "  make clean      remove build output (results/ is kept)"
	@echo "  make install    install bin/bench into \$$(DESTDIR)\$$(BINDIR)"
	@echo "options: SAN=thread | SAN=address,undefined, V=1, QUICK=1, CFLAGS=...,"
	@echo "         MPI=1 (install Open MPI and build the mpi mode)"

deps:
	@scripts/deps.sh $(DEPS_GROUPS)

deps-test:
	@scripts/deps.sh $(DEPS_GROUPS) test

# Rebuild everything when the flags change (a SAN build after a plain one).
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(BUILD)/%.o: %.c $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Only meta.o records the revision and flags, so a commit rebuilds one file.
$(BUILD)/bench/meta.o: ALL_CFLAGS += -DGB_GIT_REV='"$(GIT_REV)"' \
	-DGB_CFLAGS='"$(CFLAGS) $(SAN:%=-fsanitize=%)"'

bin/bench: $(BENCH_OBJ)
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# The rank program: Open MPI's wrapper around the same compiler (OMPI_CC),
# the workloads and the harness's objects, plus mpi_rank.c.
$(MPI_OBJ): bench/mpi_rank.c $(BUILD)/flags | deps
	@mkdir -p $(dir $@)
	$(call msg,MPICC,$<)
	$(Q)OMPI_CC=$(CC) $(MPICC) $(ALL_CFLAGS) -c -o $@ $<

bin/bench-mpi: $(MPI_OBJ) $(LIB_OBJ)
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)OMPI_CC=$(CC) $(MPICC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

bin/test-unit-%: $(BUILD)/tests/unit_%.o $(LIB_OBJ) | deps-test
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

$(UNIT_OBJ): | deps-test

bench: $(PROGRAMS)
	$(Q)bin/bench --workload primes,sieve,sumsq \
		--mode seq,threads,fork$(if $(HAVE_MPI),$(comma)mpi,) \
		--workers 1,2 $(if $(QUICK),--repeat 2 --warmup 0,)

test: deps-test
	$(Q)$(MAKE) --no-print-directory $(PROGRAMS) $(UNIT_BIN)
	$(Q)tests/run.sh

clean:
	rm -rf $(BUILD) bin

install: $(PROGRAMS)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bench $(DESTDIR)$(BINDIR)/bench-mpi

-include $(BENCH_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(MPI_OBJ:.o=.d)
