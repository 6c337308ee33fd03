/*
 * cpus.h - how many cores this run can use, found in one place: the
 * online CPUs, the affinity mask (taskset, a cpuset), the CPU quota of
 * the cgroups the process is in (cgroup v2 cpu.max, v1
 * cpu.cfs_quota_us / cpu.cfs_period_us, the tightest from its own cgroup
 * up to the root), and the SMT siblings of the usable CPUs (how many
 * physical cores they are).
 *
 *   usable = the affinity count, cut to ceil(quota) when a quota is set
 *
 * "Cores" everywhere in bin/bench means the usable cores: W = cores, the
 * suite's words cores, 2xcores and cpu, the CSV column cpus, the
 * capacity's fork cell. Scripts ask `bin/bench cpus` (cpus_main), and
 * the .meta sidecar records the same keys (cpus_write_keys):
 *
 *   cpus_online=2          CPUs online
 *   cpus_affinity=1        CPUs in the affinity mask
 *   cpu_quota=none         the quota in CPUs as it is (1.5), or none
 *   cpus_usable=1          the cores a run can use
 *   cpus_usable_why=affinity   all, affinity or quota: what cut it
 *   cpus_physical=1        physical cores under the usable CPUs (at most
 *                          cpus_usable), or unknown
 *   cpu_siblings=0         the affinity CPUs grouped by physical core,
 *                          ';' between cores, each a kernel CPU list
 *                          ("0,8;1,9" or "0-1;2-3"), or unknown
 *
 * For tests the files can come from a fake tree: GB_CGROUP_ROOT stands
 * for /sys/fs/cgroup, GB_PROC_CGROUP for /proc/self/cgroup,
 * GB_SYSFS_CPU_ROOT for /sys/devices/system/cpu (its `online` and
 * cpuN/topology/thread_siblings_list).
 */
#ifndef GB_CPUS_H
#define GB_CPUS_H

#include <sched.h>
#include <stddef.h>
#include <stdio.h>

/* What set the usable count; the names are the .meta values. */
#define CPUS_WHY(X)                                                     \
	X(ALL, "all")		/* every online CPU */                  \
	X(AFFINITY, "affinity")	/* the affinity mask (or a cpuset) */   \
	X(QUOTA, "quota")	/* a CPU quota below the mask's count */

enum cpus_why {
#define X(id, name) CPUS_WHY_##id,
	CPUS_WHY(X)
#undef X
};

/* Room for the sibling groups of some 200 cores; a longer list ends in
 * ";..." (cpus_physical keeps the count). */
#define CPUS_SIBLINGS_LEN 1024

struct cpus {
	unsigned online;	/* CPUs online */
	unsigned affinity;	/* CPUs in the affinity mask */
	double quota;		/* CPUs the tightest quota allows; 0: none */
	unsigned usable;	/* the cores a run can use, >= 1 */
	enum cpus_why why;
	unsigned physical;	/* cores under the usable CPUs; 0: unknown */
	char siblings[CPUS_SIBLINGS_LEN];	/* "" when unknown */
};

/* Where the facts are read from. A NULL path is the real one; mask NULL
 * is this process's own affinity mask (sched_getaffinity). */
struct cpus_src {
	const char *proc_cgroup;	/* /proc/self/cgroup */
	const char *cgroup_root;	/* /sys/fs/cgroup */
	const char *sysfs_cpu;		/* /sys/devices/system/cpu */
	const cpu_set_t *mask;
	size_t mask_size;		/* bytes (CPU_ALLOC_SIZE) */
};

/* Probe the machine through src into *out. Never fails: what cannot be
 * read is left out (no quota, affinity = online, physical unknown). */
void cpus_probe_at(const struct cpus_src *src, struct cpus *out);

/* This process's answer, probed once (the environment's fake roots
 * honoured); the same for the whole run. */
const struct cpus *cpus_here(void);

/* The name of a why ("affinity"). */
const char *cpus_why_name(enum cpus_why why);

/* The quota as it is shown: "1.5", "0.25", "2"; "none" when unset. */
void cpus_quota_text(const struct cpus *c, char *buf, size_t len);

/* In words, as the terminal says it: "2 cores", "16 cores (8 physical)",
 * "1 usable core of 2 (affinity)", "2 usable cores of 4 (quota 1.5
 * CPUs)". */
void cpus_describe(const struct cpus *c, char *buf, size_t len);

/* The key=value lines above, one per line, into f. */
void cpus_write_keys(FILE *f, const struct cpus *c);

/* `bin/bench cpus [KEY]`: every key (and a "# ..." line in words), or
 * the value of one key alone (`bin/bench cpus cpus_usable` -> 1). Returns
 * the exit status (2: no such key). */
int cpus_main(int argc, char **argv);

#endif
