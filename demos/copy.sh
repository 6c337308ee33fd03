#!/usr/bin/env bash
# demo-copy: what handing big arguments to workers costs.
. "$(dirname "$0")/lib.sh"

sizes="1024 65536 1048576 16777216 67108864" tasks=8 reps=3
[ -n "$QUICK" ] && sizes="1024 1048576" tasks=4 reps=1
title "demo-copy: big arguments are copied between processes"
say "Each task gets a payload and returns its checksum, like" \
    "pool.map(f, arrays). Threads read the parent's memory as it is; a" \
    "process pool copies every payload through a pipe, as multiprocessing" \
    "pickles arguments; fork-shm puts it in shared memory that the" \
    "workers read in place. $tasks tasks per size, on $CPUS workers."
for s in $sizes; do
	bench --workload payload --mode threads,fork,fork-shm --workers "$CPUS" \
		--tasks "$tasks" --size "$s" --repeat "$reps" --warmup 1
done

human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%d MiB", b / 1048576
	else printf "%d KiB", b / 1024 }'; }
# time per task = wall_s / tasks, median over the repetitions
cols mode size wall_s tasks |
	awk -F'\t' '{ printf "%s\t%s\t%.9f\n", $1, $2, $3 / $4 }' |
	median_by | by_mode threads fork-shm fork >"$DEMO_TMP/per"
printf '  %-10s' "size"
for m in threads fork-shm fork; do printf ' %14s' "$m"; done
echo
for s in $sizes; do
	printf '  %-10s' "$(human "$s")"
	for m in threads fork-shm fork; do
		t=$(awk -F'\t' -v m="$m" -v s="$s" '$1 == m && $2 == s { print $3 }' "$DEMO_TMP/per")
		printf ' %14s' "$(fmt_time "${t:-0}")"
	done
	echo
done
echo
echo "  time per task, each size on its own scale:"
for s in $sizes; do
	for m in threads fork-shm fork; do
		t=$(awk -F'\t' -v m="$m" -v s="$s" '$1 == m && $2 == s { print $3 }' "$DEMO_TMP/per")
		printf '%s %s\t%s\t%s\n' "$(human "$s")" "$m" "${t:-0}" "$(fmt_time "${t:-0}")"
	done
	echo
done | bars --groups
big=${sizes##* }
ratio=$(awk -F'\t' -v s="$big" '$2 == s { t[$1] = $3 }
	END { if (t["fork-shm"] > 0) printf "%.1f", t["fork"] / t["fork-shm"]; else print "?" }' "$DEMO_TMP/per")
lesson "arguments sent to a process are copied: at $(human "$big") the pipe" \
	"made each task ${ratio}x slower than shared memory; share big data, send small."
