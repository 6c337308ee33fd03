# e2e_mpi.sh - the mpi mode on Open MPI, end to end: answers with 1 to 3
# worker ranks (oversubscribed on a small machine), a dead or hung rank
# reported by number, bad hostfiles refused, nothing left running.
#
# Cases that need Open MPI skip, saying so, unless bin/bench-mpi is built
# (`make test MPI=1` installs Open MPI and builds it).

need_mpi() {
	[ -x "$ROOT/bin/bench-mpi" ] && command -v mpirun >/dev/null 2>&1 ||
		skip "mode mpi not built: make test MPI=1 installs Open MPI"
}

# Each case runs in a session of its own (tests/run.sh uses setsid), and
# mpirun and its ranks stay in it: mpi_left lists those still running.
mpi_left() {
	pgrep -a -s "$(ps -o sid= $$ | tr -d ' ')" -f -- "mpirun|bench-mpi" |
		grep -v -e pgrep -e "^$$ " || true
}

# Nothing of this case's MPI jobs is left, after a grace period for the
# ranks' last exit (they are killed with mpirun, then reaped by init).
no_mpi_left() {
	for _ in $(seq 50); do
		[ -z "$(mpi_left)" ] && return 0
		sleep 0.2
	done
	fail "MPI processes left running: $(mpi_left)"
}

has_workload() {
	"$BENCH" --list | grep -q "^  $1 "
}

test_mpi_verifies_every_cpu_workload_on_1_to_3_ranks() {
	need_mpi
	for wl in primes sieve sumsq; do
		run "$BENCH" --workload $wl --mode mpi --workers 1,2,3 --tasks 7 \
			--size 20000 --repeat 1 --warmup 0 --csv "$PWD/r.csv"
		expect_status 0
	done
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 9
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	expect_eq modes "$(csv_col r.csv mode | sort -u)" mpi
	expect_eq workers "$(csv_col r.csv workers | sort -u | tr '\n' ' ')" "1 2 3 "
	# One machine here; MPI never replaces a worker.
	expect_eq hosts "$(csv_col r.csv hosts | sort -u)" 1
	expect_eq replaced "$(csv_col r.csv workers_replaced | sort -u)" 0
	# Start-up is the launch of the ranks: never free.
	[ -z "$(csv_col r.csv startup_s | awk '$1 <= 0')" ] || fail "startup_s <= 0"
	# The articles' range(100_000, 200_000) holds 8,392 primes, on
	# ranks too.
	run "$BENCH" --workload primes --tasks 10 --size 10000 --mode mpi \
		--workers 2 --repeat 1 --warmup 0 --csv "$PWD/a.csv"
	expect_status 0
	expect_eq primes "$(csv_col a.csv result)" 8392
	no_mpi_left
}

test_mpi_more_ranks_than_tasks_and_no_tasks() {
	need_mpi
	run "$BENCH" --workload sumsq --tasks 1 --size 1000 --mode mpi --workers 3 \
		--repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 0
	run "$BENCH" --workload primes --tasks 0 --mode mpi --workers 2 \
		--repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 0
	expect_eq verified "$(csv_col r.csv verified | sort -u)" true
	no_mpi_left
}

test_mpi_dead_rank_is_reported_by_number() {
	need_mpi
	local f want
	for f in crash:3 kill:2 exit:5; do
		case $f in
		crash:*) want="signal 11" ;;
		kill:*) want="signal 9" ;;
		exit:*) want="status 7" ;;
		esac
		rm -f r.csv
		# A dead rank must end the run, not hang it.
		run timeout 90 "$BENCH" --workload primes --tasks 8 --size 2000 \
			--mode mpi --workers 2 --repeat 1 --warmup 0 \
			--fault "$f" --csv "$PWD/r.csv"
		expect_status 1
		expect_err "task ${f#*:}: mpi worker rank [12] .*$want"
		expect_eq verified "$(csv_col r.csv verified)" false
		grep -q "worker rank [12]" r.csv || fail "the CSV error names no rank: $(cat r.csv)"
		no_mpi_left
	done
}

test_mpi_hung_rank_times_out() {
	need_mpi
	local t0
	t0=$(date +%s)
	run timeout 90 "$BENCH" --workload primes --tasks 6 --size 2000 --mode mpi \
		--workers 2 --repeat 1 --warmup 0 --fault hang:1 --task-timeout 1 \
		--csv "$PWD/r.csv"
	expect_status 1
	expect_err "task 1: mpi worker rank [12] .*timed out after 1 s"
	# Generous: the timeout is 1 s, stopping the job a few more.
	[ $(($(date +%s) - t0)) -lt 60 ] || fail "took $(($(date +%s) - t0)) s"
	no_mpi_left
}

test_mpi_interrupted_run_leaves_nothing() {
	need_mpi
	"$BENCH" --workload primes --tasks 2000 --size 10000 --mode mpi --workers 2 \
		--repeat 1 --warmup 0 --csv "$PWD/r.csv" >/dev/null 2>&1 &
	local pid=$!
	# Until the ranks run.
	for _ in $(seq 100); do
		[ -n "$(mpi_left | grep bench-mpi)" ] && break
		sleep 0.1
	done
	sleep 1
	kill -INT $pid
	wait $pid
	STATUS=$?
	expect_status 130
	no_mpi_left
}

test_mpi_hostfile_localhost() {
	need_mpi
	printf '# this machine only\nlocalhost slots=2\n' > hosts
	run "$BENCH" --workload primes --tasks 6 --size 5000 --mode mpi --workers 3 \
		--hostfile hosts --repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 0
	expect_eq verified "$(csv_col r.csv verified)" true
	no_mpi_left
}

test_mpi_bad_hostfile_is_a_usage_error() {
	mkdir adir
	printf 'node1 slots=two\n' > badslots
	printf 'node1 slots=2 colour=blue\n' > badkey
	printf 'no/de slots=2\n' > badhost
	printf '# only a comment\n\n' > nohost
	local cases=(
		"missing|cannot read 'missing'"
		"adir|cannot read 'adir'"
		"badslots|'badslots' line 1: 'slots=two' is not slots=N"
		"badkey|'badkey' line 1: 'colour=blue'"
		"badhost|'badhost' line 1: 'no/de' is not a host name"
		"nohost|'nohost' names no host"
	)
	for c in "${cases[@]}"; do
		run "$BENCH" --workload primes --mode mpi --workers 2 --hostfile "${c%%|*}"
		[ "$STATUS" -eq 2 ] || fail "'${c%%|*}': exit $STATUS, expected 2 ($ERR)"
		echo "$ERR" | grep -qF -- "--hostfile: ${c#*|}" ||
			fail "'${c%%|*}': stderr lacks '--hostfile: ${c#*|}': $ERR"
		[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "'${c%%|*}': more than one line: $ERR"
	done
	# A hostfile is for the mpi mode only.
	printf 'localhost\n' > hosts
	run "$BENCH" --workload primes --mode fork --hostfile hosts
	expect_status 2
	expect_err "--hostfile is for --mode mpi"
	[ ! -e results ] || fail "a usage error created results/"
}

test_mpi_loopback_url_needs_one_machine() {
	has_workload http || skip "no http workload in this build"
	# Only read, never contacted: the check comes before any work.
	printf 'localhost slots=1\nnode-elsewhere.invalid slots=2\n' > hosts
	run "$BENCH" --workload http --mode mpi --workers 2 --hostfile hosts
	expect_status 2
	expect_err "loopback URL, which only works when all ranks are on one machine"
}

test_mpi_not_built_says_how_to_add_it() {
	# A copy of bin/bench with no bin/bench-mpi beside it.
	cp "$BENCH" ./bench
	run ./bench --workload primes --mode mpi --workers 2
	expect_status 2
	expect_err "mode mpi is not built here .*make MPI=1"
}

test_mpi_sleep_workload() {
	need_mpi
	has_workload sleep || skip "no sleep workload in this build"
	run "$BENCH" --workload sleep --tasks 6 --latency-ms 100 --mode mpi \
		--workers 3 --repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 0
	expect_eq verified "$(csv_col r.csv verified)" true
	no_mpi_left
}

test_mpi_rank_program_run_by_hand() {
	need_mpi
	local opts=(--oversubscribe --bind-to none)
	[ "$(id -u)" -eq 0 ] && opts+=(--allow-run-as-root)
	run timeout 90 mpirun "${opts[@]}" -np 3 "$ROOT/bin/bench-mpi" \
		--workload primes --tasks 10 --size 10000 --seed 1 --csv "$PWD/none.csv"
	expect_status 0
	expect_out "primes: 10 tasks on 2 worker ranks: .* result 8392, expected 8392: verified"
	# One rank alone has no worker: a clear error, not a hang.
	run timeout 90 mpirun "${opts[@]}" -np 1 "$ROOT/bin/bench-mpi" \
		--workload primes --csv "$PWD/none.csv"
	[ "$STATUS" -ne 0 ] && [ "$STATUS" -ne 124 ] || fail "exit $STATUS"
	expect_err "needs a coordinator and at least one worker"
	[ ! -e none.csv ] || fail "the rank program wrote a CSV"
	no_mpi_left
}
