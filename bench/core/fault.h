/*
 * fault.h - fault injection for tests and demonstrations (--fault).
 *
 * --fault KIND:N makes the worker that runs task N crash (SIGSEGV), be
 * killed (SIGKILL), exit, or hang. Only worker processes can really die;
 * in thread-based modes the fault becomes an error reported by the task,
 * since a crashing thread would take the whole run with it.
 */
#ifndef GB_FAULT_H
#define GB_FAULT_H

#include "bench/modes/mode.h"

enum fault_kind { FAULT_NONE, FAULT_CRASH, FAULT_KILL, FAULT_EXIT, FAULT_HANG };

/* Set in worker processes (fork, spawn, mpi). */
extern int gb_fault_in_process;

/* The name of a kind ("crash"...), as --fault takes it. */
const char *gb_fault_name(int kind);
/* Parse "crash:N" and friends; 0 or -EINVAL. */
int gb_fault_parse(const char *s, int *kind, uint64_t *task);
/* Called before task i runs: injects the fault if it is the one. Returns
 * non-zero when the task must not run (the fault was recorded in out). */
int gb_fault_maybe(const struct job *job, uint64_t i, struct task_out *out);

#endif
