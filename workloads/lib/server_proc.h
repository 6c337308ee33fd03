/*
 * server_proc.h - start and stop bin/latency-server as a child of
 * bin/bench, for the http workload's embedded default.
 *
 * The server is found next to bin/bench, started on a free loopback port,
 * and its URL read from the line it prints once it accepts connections.
 * It runs in its own process group, so a Ctrl-C at the terminal reaches
 * bin/bench alone, which stops the server after its transfers have ended;
 * and it gets SIGTERM from the kernel if bin/bench dies without stopping
 * it (PR_SET_PDEATHSIG), even by SIGKILL.
 */
#ifndef GB_SERVER_PROC_H
#define GB_SERVER_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* Start the server that lives next to self (the path of bin/bench), on
 * 127.0.0.1 and a free port. Fills *pid and url ("http://127.0.0.1:N").
 * Call from the thread that lives as long as the server should (the
 * death signal follows the thread that forked). 0, or -errno with err
 * set; on failure nothing is left running. */
int server_proc_start(const char *self, pid_t *pid, char *url, size_t urllen,
		      char *err, size_t errlen);

/* SIGTERM, wait up to a few seconds, then SIGKILL; always reaps. Returns
 * the wait status. */
int server_proc_stop(pid_t pid);

#endif
