/*
 * meta.h - the machine metadata sidecar written next to the CSV (pyperf
 * style): what a number was measured on, so it can be compared later.
 * One "[run_id]" section per invocation, its keys in this order: date,
 * host, cpu_model, the cores (cpus_online, cpus_affinity, cpu_quota,
 * cpus_usable, cpus_usable_why, cpus_physical, cpu_siblings: their
 * meaning in core/cpus.h), kernel, compiler, cflags, libcurl, git, seed,
 * command.
 */
#ifndef GB_META_H
#define GB_META_H

#include <stddef.h>
#include <stdint.h>

/* Append a "[run_id]" section of key=value lines to csv_path + ".meta"
 * (the machine, the build, the seed, the command for a person, the
 * command exactly: one argv= line per argument, escaped; and what the
 * registries say of its modes and workloads, mode.NAME.KEY= and
 * workload.NAME.KEY=, so that the report reads them from the data),
 * in one locked write (util.h, gb_append_locked), so that concurrent runs
 * never mix their sections. 0 or -errno (-EBADMSG: the file ends in a cut
 * line, and nothing was written). */
struct mode;
struct workload;
int meta_write(const char *csv_path, const char *run_id, uint64_t seed,
	       int argc, char **argv, const struct mode *const *modes,
	       size_t nmodes, const struct workload *const *wls, size_t nwl);
/* Read back a sidecar (the .meta file itself): the value of the nth
 * (0-based) "key=value" line with this key, over all sections. 0, or
 * -ENOENT when there is no such line (or no file). */
int meta_get(const char *meta_path, const char *key, unsigned nth,
	     char *buf, size_t len);
/* The same within the section "[section]" only (NULL: any). */
int meta_get_in(const char *meta_path, const char *section, const char *key,
		unsigned nth, char *buf, size_t len);
/* Undo the escapes of an argv= line (\n, \r, \\), in place. */
void meta_unescape(char *s);
/* The CPU model from /proc/cpuinfo, or "unknown". */
void meta_cpu_model(char *buf, size_t len);

#endif
