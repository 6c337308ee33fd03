/*
 * util.h - small helpers shared by the harness's modules: dying with a
 * message, strict number parsing, checked allocation; and, through
 * hooks.h, what workloads may use too (the clock, whole reads and writes,
 * binding a child to its parent).
 *
 * Only main() and the tools call die(); library-style modules return 0 or
 * -errno and let the caller decide.
 */
#ifndef GB_UTIL_H
#define GB_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bench/core/hooks.h"

#define GB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses, part of the command-line contract. */
enum { GB_EXIT_OK = 0, GB_EXIT_FAIL = 1, GB_EXIT_USAGE = 2 };

/* Print "bench: MSG" and exit(status). A trailing ':' in fmt appends
 * strerror(errno), as in dwm's die(). */
void gb_die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

void *gb_xmalloc(size_t n);
void *gb_xcalloc(size_t n, size_t size);
char *gb_xstrdup(const char *s);

/* Strict parsers: the whole string must be a number in [min, max]; no
 * sign for unsigned, no trailing junk, no overflow. Return 0 or -EINVAL
 * (malformed) / -ERANGE (out of range). Underscores between digits are
 * accepted ("100_000"), as Python writes them. */
int gb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int gb_parse_double(const char *s, double min, double max, double *out);

/* The same for a command-line option: 0, or non-zero with the usage
 * error in err: "--opt: 'val' is out of range (expected RANGE)" or "is not
 * a valid number". One wording for every option of every module. */
int gb_opt_u64(const char *opt, const char *val, uint64_t min, uint64_t max,
	       const char *range, uint64_t *out, char *err, size_t errlen);
int gb_opt_double(const char *opt, const char *val, double min, double max,
		  const char *range, double *out, char *err, size_t errlen);

/* Append formatted text to the string in buf (size len), with sep before
 * it unless buf is empty; truncates rather than overflows. */
void gb_appendf(char *buf, size_t len, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Seconds since the epoch, for timestamps only (never for durations). */
double gb_wall_clock(void);

/* Close *fd if open, and mark it closed (-1). */
void gb_close_fd(int *fd);

/* splitmix64: a tiny seeded generator for the run order and fixtures. */
uint64_t gb_rand_next(uint64_t *state);

#endif
