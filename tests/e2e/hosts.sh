# hosts.sh - the mpi mode over real hosts on one machine: network
# namespaces joined by a bridge (scripts/hosts.sh), Open MPI's own launcher
# through an rsh agent, TCP between them. Every answer verified and the
# hosts counted; a rank killed on one host and a host whose link goes down
# are named, with nothing left running on any host; no namespace is left
# behind, even after Ctrl-C.
#
# `make test-hosts` runs these (as root: namespaces need it); under
# `make test` they skip, saying so.

HOSTS="$ROOT/scripts/hosts.sh"

need_hosts() {
	[ -n "${GB_TEST_HOSTS:-}" ] || skip "make test-hosts runs this (network namespaces)"
	[ "$(id -u)" -eq 0 ] || skip "not root: network namespaces need root"
	command -v ip >/dev/null || skip "no ip (iproute2)"
	command -v unshare >/dev/null && command -v setpriv >/dev/null ||
		skip "no unshare or setpriv (util-linux)"
	[ -x "$ROOT/bin/bench-mpi" ] && command -v mpirun >/dev/null ||
		skip "mode mpi not built: make test-hosts MPI=1 installs Open MPI"
	# This case's own hosts: a prefix and a folder no other run shares.
	export GB_HOSTS_PREFIX="gbt$$"
	export GB_HOSTS_DIR="$PWD/hosts"
	H="$GB_HOSTS_DIR/hostfile"
	P=$GB_HOSTS_PREFIX
	at_exit '"$HOSTS" down'
}

# Processes still running on any of this case's hosts.
left_on_hosts() {
	local ns
	for ns in $(ip netns list | awk '{print $1}' | grep -E "^$P-"); do
		ip netns pids "$ns" | xargs -r ps -o comm= -p | sed "s/^/$ns: /"
	done
}

no_process_on_hosts() {
	for _ in $(seq 50); do
		[ -z "$(left_on_hosts)" ] && return 0
		sleep 0.2
	done
	fail "left running on the hosts: $(left_on_hosts | tr '\n' ' ')"
}

# wait_for_rank K: until a bench-mpi rank on host K is running tasks: it
# has used 0.3 s of CPU time, past its start-up (sets RANK_PID).
wait_for_rank() {
	RANK_PID=
	for _ in $(seq 600); do
		RANK_PID=$(ip netns pids "$P-$1" 2>/dev/null | xargs -r ps -o pid=,comm= -p |
			awk '$2 == "bench-mpi" { print $1; exit }')
		if [ -n "$RANK_PID" ] && awk '{ exit !($14 + $15 >= 30) }' \
			"/proc/$RANK_PID/stat" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	fail "no rank ran tasks on host $1"
}

no_namespace_left() {
	run "$HOSTS" check
	expect_status 0
	[ -z "$(ip netns list | grep -E "^$P-")" ] || fail "namespaces left: $(ip netns list)"
}

test_hosts_mpi_runs_over_2_and_3_hosts() {
	need_hosts
	# 2 slots a host: 2 workers and the coordinator take two hosts, 4
	# workers all three.
	run "$HOSTS" run 3 "$BENCH" --workload primes --tasks 40 --size 10000 \
		--mode fork,mpi --workers 2,4 --hostfile "$H" --repeat 1 --warmup 0 \
		--csv "$PWD/r.csv"
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 4
	expect_eq verified "$(csv_col r.csv verified | sort -u)" true
	expect_eq "hosts of mpi with 2, 4 workers" \
		"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
			$h["mode"] == "mpi" { print $h["workers"] ":" $h["hosts"] }' r.csv |
			sort -n | tr '\n' ' ')" "2:2 4:3 "
	# The hosts are namespaces of this one machine: one kernel.
	expect_eq kernels "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$h["mode"] == "mpi" { print $h["kernels"] }' r.csv | sort -u)" 1
	# C16 is measured from these rows, the hosts and mpi's cost per task
	# over fork at the same W, but stays undecided: the hosts share this
	# machine's cores, so no speedup could pass them.
	mkdir run && cp r.csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	expect_out "C16 +inconclusive +ran over 3 hosts with every answer verified"
	grep -qE "ran over 3 hosts: primes W=4 [+-][0-9]+ us per task over fork" run/REPORT.md ||
		fail "C16 does not say it ran over 3 hosts: $(grep C16 run/REPORT.md)"
	grep -q "share one kernel" run/REPORT.md ||
		fail "C16 does not say the hosts share one kernel: $(grep C16 run/REPORT.md)"
	# The articles' range on three hosts: 8,392 primes.
	run "$HOSTS" run 3 "$BENCH" --workload primes --tasks 10 --size 10000 \
		--mode mpi --workers 5 --hostfile "$H" --repeat 1 --warmup 0 \
		--csv "$PWD/a.csv"
	expect_status 0
	expect_eq primes "$(csv_col a.csv result)" 8392
	no_namespace_left
}

test_hosts_killed_rank_is_named_with_its_host() {
	need_hosts
	"$HOSTS" up 3 >/dev/null || fail "hosts.sh up failed"
	"$HOSTS" on 1 "$BENCH" --workload primes --tasks 4000 --size 10000 \
		--mode mpi --workers 4 --hostfile "$H" --repeat 1 --warmup 0 \
		--csv "$PWD/r.csv" > out.txt 2> err.txt &
	local pid=$!
	wait_for_rank 2
	kill -KILL "$RANK_PID"
	wait "$pid"
	STATUS=$? ERR=$(cat err.txt)
	expect_status 1
	expect_err "worker rank [0-9]+ on $P-2 was killed by signal 9"
	expect_eq verified "$(csv_col r.csv verified)" false
	no_process_on_hosts
	"$HOSTS" down
	no_namespace_left
}

test_hosts_link_down_is_named_and_stops_cleanly() {
	need_hosts
	"$HOSTS" up 3 >/dev/null || fail "hosts.sh up failed"
	# A host cut off sends nothing, not even a goodbye: only the task
	# time-out notices.
	"$HOSTS" on 1 "$BENCH" --workload primes --tasks 4000 --size 10000 \
		--mode mpi --workers 4 --hostfile "$H" --repeat 1 --warmup 0 \
		--task-timeout 3 --csv "$PWD/r.csv" > out.txt 2> err.txt &
	local pid=$! t0
	wait_for_rank 3
	ip -n "$P-3" link set eth0 down
	t0=$(date +%s)
	wait "$pid"
	STATUS=$? ERR=$(cat err.txt)
	expect_status 1
	expect_err "mpi worker rank [0-9]+ on $P-3 timed out after 3 s"
	# Generous: 3 s of time-out, then mpirun is stopped (its daemon on
	# the cut-off host is killed with it).
	[ $(($(date +%s) - t0)) -lt 60 ] || fail "took $(($(date +%s) - t0)) s to stop"
	no_process_on_hosts
	"$HOSTS" down
	no_namespace_left
}

test_hosts_ctrl_c_leaves_no_namespace() {
	need_hosts
	# Its own process group, as a terminal's Ctrl-C reaches the whole
	# foreground job.
	setsid "$HOSTS" run 3 "$BENCH" --workload primes --tasks 4000 --size 10000 \
		--mode mpi --workers 4 --hostfile "$H" --repeat 1 --warmup 0 \
		--csv "$PWD/r.csv" > out.txt 2> err.txt &
	local pid=$!
	wait_for_rank 3
	kill -INT -- "-$pid"
	wait "$pid"
	STATUS=$? ERR=$(cat err.txt)
	expect_status 130
	no_namespace_left
	[ ! -e "$GB_HOSTS_DIR" ] || fail "$GB_HOSTS_DIR left"
}

test_hosts_nothing_but_the_hosts_is_reached() {
	need_hosts
	"$HOSTS" up 2 >/dev/null || fail "hosts.sh up failed"
	# The hosts have their own addresses and a route to each other only:
	# no default route, so nothing can be sent anywhere else.
	local k
	for k in 1 2; do
		expect_eq "host $k addresses" \
			"$(ip -n "$P-$k" -4 -o addr show | awk '{print $2, $4}' | tr '\n' ' ')" \
			"lo 127.0.0.1/8 eth0 10.231.17.$k/24 "
		expect_eq "host $k routes" "$(ip -n "$P-$k" route show)" \
			"10.231.17.0/24 dev eth0 proto kernel scope link src 10.231.17.$k "
		expect_eq "host $k IPv6 addresses" "$(ip -n "$P-$k" -6 -o addr show)" ""
	done
	# The root namespace got no interface of ours.
	[ -z "$(ip -o link show | grep -E ' (h[0-9]|br0)[:@]')" ] ||
		fail "interfaces of ours in the root namespace: $(ip -o link show)"
	"$HOSTS" down
	no_namespace_left
}
