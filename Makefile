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
RUN     ?= results/latest

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
BENCH_SRC = $(wildcard bench/*.c) $(wildcard workloads/*.c)
BENCH_OBJ = $(BENCH_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ   = $(filter-out $(BUILD)/bench/main.o,$(BENCH_OBJ))
UNIT_SRC  = $(wildcard tests/unit_*.c)
UNIT_OBJ  = $(UNIT_SRC:%.c=$(BUILD)/%.o)
# One cmocka binary per tests/unit_NAME.c: bin/test-unit-NAME.
UNIT_BIN  = $(UNIT_SRC:tests/unit_%.c=bin/test-unit-%)

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

.PHONY: all deps deps-test deps-plot bench plots report test unit e2e clean \
	install uninstall help FORCE

all: bin/bench

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
	@echo "options: SAN=thread | SAN=address,undefined, V=1, QUICK=1, RUN=results/..., CFLAGS=..."

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh build test

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

# Only meta.o records the revision and flags, so a commit rebuilds one file.
$(BUILD)/bench/meta.o: ALL_CFLAGS += -DGB_GIT_REV='"$(GIT_REV)"' \
	-DGB_CFLAGS='"$(CFLAGS) $(SAN:%=-fsanitize=%)"'

bin/bench: $(BENCH_OBJ)
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

bin/test-unit-%: $(BUILD)/tests/unit_%.o $(LIB_OBJ) | deps-test
	@mkdir -p bin
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

$(UNIT_OBJ): | deps-test

# The suite is data: suites/default.suite (suites/quick.suite for QUICK=1).
bench: bin/bench deps-plot
	$(Q)scripts/bench.sh $(if $(QUICK),--quick,)

plots: bin/bench
	$(Q)scripts/plots.sh $(RUN)

report: bin/bench
	$(Q)scripts/report.sh $(RUN)

test: deps-test
	$(Q)$(MAKE) --no-print-directory bin/bench $(UNIT_BIN)
	$(Q)tests/run.sh

clean:
	rm -rf $(BUILD) bin

install: bin/bench
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 bin/bench $(DESTDIR)$(BINDIR)/bench

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bench

-include $(BENCH_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
