# cpus.sh - the usable cores (bench/core/cpus.c): `bin/bench cpus`, the
# table's header, the CSV's cpus column and the .meta keys under taskset
# and under a fake CPU quota, the plan of a 16-core and of a 1-core
# machine, cpu/wall within the cores, compare.py's cores.

# online: the CPUs online here (glibc's count, not ours).
online() { getconf _NPROCESSORS_ONLN; }

# meta_key FILE KEY: the value of KEY in the .meta sidecar FILE.
meta_key() { sed -n "s/^$2=//p" "$1" | head -1; }

# need_two_cpus: taskset and at least two online CPUs, or skip.
need_two_cpus() {
	command -v taskset >/dev/null || skip "no taskset"
	[ "$(online)" -ge 2 ] || skip "one CPU online: nothing to cut"
}

# A fake cgroup v2 root with QUOTA PERIOD in its cpu.max, the process in
# its root cgroup ("0::/").
fake_quota() {
	mkdir -p cg
	: > cg/cgroup.controllers
	echo "$1" > cg/cpu.max
	echo "0::/" > self.cgroup
}

test_cpus_prints_every_key() {
	run "$BENCH" cpus
	expect_status 0
	expect_eq keys "$(echo "$OUT" | grep -v '^#' | cut -d= -f1 | tr '\n' ' ')" \
		"cpus_online cpus_affinity cpu_quota cpus_usable cpus_usable_why cpus_physical cpu_siblings "
	expect_out "^# [0-9]+ (usable )?cores?"
	run "$BENCH" cpus cpus_online
	expect_status 0
	expect_eq online "$OUT" "$(online)"
	run "$BENCH" cpus nosuch
	expect_status 2
	expect_err "cpus: no key 'nosuch'"
	run "$BENCH" cpus a b
	expect_status 2
}

test_taskset_makes_one_usable_core_everywhere() {
	need_two_cpus
	run taskset -c 0 "$BENCH" cpus
	expect_status 0
	expect_out "^# 1 usable core of $(online) \(affinity\)$"
	expect_out "^cpus_affinity=1$"
	expect_out "^cpus_usable=1$"
	expect_out "^cpus_usable_why=affinity$"
	# The table's header, the CSV's cpus column and the capacity's fork
	# cell (W = cores) all say one core.
	run taskset -c 0 "$BENCH" --workload sumsq --mode seq,threads --workers 2 \
		--tasks 2 --size 1000 --repeat 1 --warmup 0 --capacity --csv r.csv
	expect_status 0
	expect_out "^sumsq: .*, 1 usable core of $(online) \(affinity\), seed"
	expect_out "capacity: calib under fork at W=1 delivered [0-9.]+ of 1 core "
	expect_eq cpus "$(csv_col r.csv cpus | sort -u)" 1
	expect_eq calib-workers "$(awk -F, '$5 == "calib" && $6 == "fork" { print $7 }' r.csv | sort -u)" 1
	# The .meta keys.
	expect_eq online "$(meta_key r.csv.meta cpus_online)" "$(online)"
	expect_eq affinity "$(meta_key r.csv.meta cpus_affinity)" 1
	expect_eq usable "$(meta_key r.csv.meta cpus_usable)" 1
	expect_eq why "$(meta_key r.csv.meta cpus_usable_why)" affinity
	expect_eq physical "$(meta_key r.csv.meta cpus_physical)" 1
	expect_eq siblings "$(meta_key r.csv.meta cpu_siblings)" 0
	grep -qE '^cpu_quota=(none|[0-9.]+)$' r.csv.meta || fail "cpu_quota: $(cat r.csv.meta)"
}

test_all_cores_usable_says_cores() {
	[ "$(nproc)" = "$(online)" ] || skip "the affinity mask leaves CPUs out"
	case "$("$BENCH" cpus cpus_usable_why 2>/dev/null)" in
	all|'') ;;
	*) skip "a CPU quota leaves CPUs out" ;;
	esac
	run "$BENCH" --workload sumsq --mode seq --tasks 1 --size 10 --repeat 1 \
		--warmup 0 --no-csv
	expect_status 0
	n=$(online)
	[ "$n" -eq 1 ] && word=core || word=cores
	expect_out "^sumsq: .*, $n $word( \([0-9]+ physical\))?, seed"
}

test_a_cpu_quota_cuts_the_usable_cores() {
	# Half a CPU in a fake cgroup v2 tree: one usable core, the quota
	# shown as it is.
	fake_quota "50000 100000"
	export GB_CGROUP_ROOT=$PWD/cg GB_PROC_CGROUP=$PWD/self.cgroup
	run "$BENCH" cpus
	expect_status 0
	expect_out "^cpu_quota=0.5$"
	expect_out "^cpus_usable=1$"
	expect_out "^cpus_usable_why=quota$"
	expect_out "^# 1 usable core of $(online) \(quota 0.5 CPUs\)$"
	run "$BENCH" --workload sumsq --mode seq --tasks 1 --size 10 --repeat 1 \
		--warmup 0 --csv q.csv
	expect_status 0
	expect_out "1 usable core of $(online) \(quota 0.5 CPUs\)"
	expect_eq quota "$(meta_key q.csv.meta cpu_quota)" 0.5
	expect_eq why "$(meta_key q.csv.meta cpus_usable_why)" quota
	expect_eq cpus "$(csv_col q.csv cpus | sort -u)" 1
	# One and a half: two cores where the mask has two or more.
	echo "150000 100000" > cg/cpu.max
	expect_eq quota "$("$BENCH" cpus cpu_quota)" 1.5
	if [ "$("$BENCH" cpus cpus_affinity)" -gt 2 ]; then
		expect_eq usable "$("$BENCH" cpus cpus_usable)" 2
	fi
	# cgroup v1's files, in a tighter parent.
	rm -rf cg
	mkdir -p cg/cpu/job/step
	echo "4:cpu,cpuacct:/job/step" > self.cgroup
	ln -s cpu "cg/cpu,cpuacct"
	echo -1 > cg/cpu/job/step/cpu.cfs_quota_us
	echo 100000 > cg/cpu/job/step/cpu.cfs_period_us
	echo 80000 > cg/cpu/job/cpu.cfs_quota_us
	echo 100000 > cg/cpu/job/cpu.cfs_period_us
	expect_eq quota "$("$BENCH" cpus cpu_quota)" 0.8
	expect_eq usable "$("$BENCH" cpus cpus_usable)" 1
	# A malformed file is no quota, and no crash.
	echo "eighty" > cg/cpu/job/cpu.cfs_quota_us
	expect_eq quota "$("$BENCH" cpus cpu_quota)" none
}

test_a_fake_topology_counts_physical_cores() {
	command -v taskset >/dev/null || skip "no taskset"
	# Sixteen CPUs, CPU c and c + 8 siblings of one core; the mask is
	# this process's own (CPU 0).
	mkdir -p sys
	echo 0-15 > sys/online
	for c in $(seq 0 15); do
		mkdir -p "sys/cpu$c/topology"
		echo "$((c % 8)),$((c % 8 + 8))" > "sys/cpu$c/topology/thread_siblings_list"
	done
	run env GB_SYSFS_CPU_ROOT="$PWD/sys" taskset -c 0 "$BENCH" cpus
	expect_status 0
	expect_out "^cpus_online=16$"
	expect_out "^cpus_physical=1$"
	expect_out "^cpu_siblings=0$"
	expect_out "^# 1 usable core of 16 \(affinity\)$"
	[ "$(online)" -ge 2 ] || return 0
	# CPUs 0 and 1 as siblings of one core: 2 usable, 1 physical.
	echo 0-1 > sys/cpu0/topology/thread_siblings_list
	echo 0-1 > sys/cpu1/topology/thread_siblings_list
	run env GB_SYSFS_CPU_ROOT="$PWD/sys" taskset -c 0,1 "$BENCH" cpus
	expect_out "^cpus_physical=1$"
	expect_out "^cpu_siblings=0-1$"
	expect_out "^# 2 usable cores of 16 \(affinity, 1 physical\)$"
}

test_plan_of_sixteen_cores_and_of_one() {
	cat >s.suite <<-'EOF'
	primes  seq,fork@cores,threads@cores  1    8  1000  2+0  4  --capacity
	primes  fork@cpu,threads@cpu          1    8  1000  2+0  2
	primes  seq,fork                      cpu  8  100   2+0  1
	EOF
	run "$BENCH" plan --cores 16 s.suite
	expect_status 0
	expect_eq "line 3's workers" "$(echo "$OUT" | sed -n 3p | grep -oE -- '--workers [0-9,]+')" \
		"--workers 1,2,8,16,32"
	# The sweep line leaves W = 16 to line 1.
	echo "$OUT" | sed -n 2p | grep -q -- '--mode fork@1/2/8/32,threads@1/2/8/32 ' ||
		fail "the sweep at 16 cores: $(echo "$OUT" | sed -n 2p)"
	# One core: W = 1 is line 1's, so the sweep runs W = 2 alone.
	run "$BENCH" plan --cores 1 s.suite
	expect_status 0
	echo "$OUT" | sed -n 1p | grep -q -- '--mode seq,fork@1,threads@1 ' || fail "line 1: $OUT"
	echo "$OUT" | sed -n 2p | grep -q -- '--mode fork@2,threads@2 ' || fail "the sweep at 1 core: $OUT"
	expect_eq "line 3's workers" "$(echo "$OUT" | sed -n 3p | grep -oE -- '--workers [0-9,]+')" \
		"--workers 1,2"
	# The default suite on one core repeats no cell of its first lines.
	run "$BENCH" plan --cores 1 "$ROOT/suites/default.suite"
	expect_status 0
	sweep=$(echo "$OUT" | grep -- '--repeat 2 --warmup 0')
	expect_eq "sweep lines" "$(echo "$sweep" | wc -l)" 3
	[ -z "$(echo "$sweep" | grep -E '(threads|fork|gil)@1[/ ,]')" ] ||
		fail "the sweep repeats W = 1: $sweep"
	# Without --cores: the usable cores, here under taskset.
	if command -v taskset >/dev/null && [ "$(online)" -ge 2 ]; then
		run taskset -c 0 "$BENCH" plan s.suite
		echo "$OUT" | sed -n 2p | grep -q -- '--mode fork@2,threads@2 ' || fail "under taskset: $OUT"
	fi
	for bad in 0 -1 x 99999; do
		run "$BENCH" plan --cores "$bad" s.suite
		expect_status 2
		expect_err "plan --cores: '$bad'"
	done
}

# cpu/wall counts the start-up in its CPU and its clock: spawn's start-up
# CPU over the tasks' wall alone read 14.98 to 509 on 2 cores.
test_cpu_per_wall_stays_within_the_cores() {
	local cores
	cores=$("$BENCH" cpus cpus_usable)
	run "$BENCH" --workload primes --mode seq,spawn,fork --workers 1,2,4 \
		--tasks 8 --size 2000 --repeat 3 --warmup 0 --no-csv
	expect_status 0
	# A row ends "cpu/wall start-up(2 words) check": a margin of half
	# the cores for the noise of short cells.
	echo "$OUT" | awk -v c="$cores" '$1 ~ /^(seq|spawn|fork)$/ && $NF == "ok" {
		n++; if ($(NF - 3) + 0 > c * 1.5) { print; bad = 1 } }
		END { exit bad || n != 7 }' || fail "cpu/wall past $cores cores:
$OUT"
}

test_compare_python_writes_the_usable_cores() {
	command -v python3 >/dev/null || skip "no python3"
	need_two_cpus
	run env PYTHONS=python3 taskset -c 0 python3 "$ROOT/python/compare.py" \
		--csv py.csv --quick --only cpu --pairs 1 --no-sim
	expect_status 0
	expect_eq cpus "$(csv_col py.csv cpus | sort -u)" 1
	# One worker (the CPU snippets; sleep has one per task): the usable core.
	expect_eq workers "$(awk -F, '$5 != "sleep" && $6 ~ /procs/ { print $7 }' py.csv | sort -u)" 1
	# Without bin/bench it says where its count comes from.
	run env PYTHONS=python3 taskset -c 0 python3 "$ROOT/python/compare.py" \
		--csv py.csv --quick --only cpu --pairs 1 --no-sim --bench "$PWD/none"
	expect_status 0
	expect_err "could not run .* cpus', so the cores are 1 from the affinity mask alone"
	expect_eq cpus "$(csv_col py.csv cpus | sort -u)" 1
}
