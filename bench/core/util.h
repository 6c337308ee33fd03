/*
 * util.h - small helpers shared by every module: dying with a message,
 * strict number parsing, the monotonic clock, checked allocation.
 *
 * Only main() and the tools call die(); library-style modules return 0 or
 * -errno and let the caller decide.
 */
#ifndef GB_UTIL_H
#define GB_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define GB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses, part of the command-line contract. */
enum { GB_EXIT_OK = 0, GB_EXIT_FAIL = 1, GB_EXIT_USAGE = 2 };

/* Print "bench: MSG" and exit(status). A trailing ':' in fmt appends
 * strerror(errno), as in dwm's die(). */
void gb_die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
void gb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *gb_xmalloc(size_t n);
void *gb_xcalloc(size_t n, size_t size);
char *gb_xstrdup(const char *s);

/* Strict parsers: the whole string must be a number in [min, max]; no
 * sign for unsigned, no trailing junk, no overflow. Return 0 or -EINVAL
 * (malformed) / -ERANGE (out of range). Underscores between digits are
 * accepted ("100_000"), as Python writes them. */
int gb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int gb_parse_double(const char *s, double min, double max, double *out);

/* Append formatted text to the string in buf (size len), with sep before
 * it unless buf is empty; truncates rather than overflows. */
void gb_appendf(char *buf, size_t len, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Seconds on CLOCK_MONOTONIC. */
double gb_now(void);
/* Seconds since the epoch, for timestamps only (never for durations). */
double gb_wall_clock(void);

/* Write all of buf to fd, retrying short writes and EINTR. 0 or -errno. */
int gb_write_all(int fd, const void *buf, size_t len);
/* Read exactly len bytes. Returns len, 0 at EOF before any byte, or -errno
 * (-EPIPE for EOF in the middle). */
long gb_read_full(int fd, void *buf, size_t len);

/* The signal (SIGINT, SIGTERM) that asked the run to stop, or 0. Set by
 * main's handler; the runner and the pools check it where they wait, and
 * I/O workloads in their worker threads (to abort a transfer or a sleep),
 * so it is atomic: a lock-free atomic is safe both in a signal handler and
 * across threads, where a volatile sig_atomic_t is a data race. */
#include <stdatomic.h>
extern atomic_int gb_stop_signal;

/* Close *fd if open, and mark it closed (-1). */
void gb_close_fd(int *fd);

/* In a child process: die by `sig` when the parent dies (prctl
 * PR_SET_PDEATHSIG, which fork and exec do not carry over), and -ESRCH if
 * the parent `parent` is already gone. Async-signal-safe. */
int gb_bind_to_parent(pid_t parent, int sig);

/* A wait() status in words: "killed by signal 11 (Segmentation fault)",
 * "exited with status 3". One wording for every pool and server. */
void gb_describe_status(int status, char *buf, size_t len);

/* splitmix64: a tiny seeded generator for the run order and fixtures. */
uint64_t gb_rand_next(uint64_t *state);

#endif
