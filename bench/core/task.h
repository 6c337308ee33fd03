/*
 * task.h - running one task: the one call site of a workload's kernel in
 * every mode, the task's input, and fault injection (--fault).
 *
 * --fault KIND:N makes the worker that runs task N crash (SIGSEGV), be
 * killed (SIGKILL), exit, or hang. Only worker processes can really die;
 * in thread-based modes the fault becomes an error reported by the task,
 * since a crashing thread would take the whole run with it.
 */
#ifndef GB_TASK_H
#define GB_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "bench/core/job.h"
#include "workloads/workload.h"

/* Run task i of the job in the calling thread, so the same compiled code
 * runs in every mode. The task's input (workload.h, task_input) is read
 * where it lies. */
void gb_task_run(const struct job *job, void *wstate, uint64_t i,
		 struct task_out *out);
/* The same with the input given: a copy that came through a pipe. */
void gb_task_run_input(const struct job *job, void *wstate, uint64_t i,
		       const void *in, size_t len, struct task_out *out);

/* Record in *out that task i failed because of its worker: "task I: WHO
 * WHY" ("task 5: worker process killed by signal 9 (Killed)"). One
 * wording for every pool that loses a worker. */
void gb_task_blame(struct task_out *out, uint64_t i, const char *who,
		   const char *why);

enum fault_kind { FAULT_NONE, FAULT_CRASH, FAULT_KILL, FAULT_EXIT, FAULT_HANG };

/* Set in worker processes (fork, spawn, mpi): there a fault is real. */
extern int gb_fault_in_process;

/* The name of a kind ("crash"...), as --fault takes it. */
const char *gb_fault_name(int kind);
/* Parse "crash:N" and friends; 0 or -EINVAL. */
int gb_fault_parse(const char *s, int *kind, uint64_t *task);

#endif
